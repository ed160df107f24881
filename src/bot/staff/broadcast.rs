//! Broadcasts: `/broadcast` previews an announcement exactly as recipients will see it, with the
//! audience and Confirm / Cancel; only Confirm queues it (in the outbox, once); `/broadcasts` shows
//! their progress and `/cancel_broadcast N` stops what has not been sent.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::utils::html;
use teloxide::utils::render::RenderMessageTextHelper;

use crate::broadcast::{Confirmation, Topic};
use crate::i18n::{fill, texts};
use crate::lang::Lang;

use crate::bot::context::ChatContext;
use crate::bot::context::HandlerResult;
use crate::bot::keyboards;
use crate::bot::state::AppState;
use crate::store::StoreError;

/// How many broadcasts `/broadcasts` lists, newest first.
const LISTED: i64 = 10;

/// `/broadcast [topic] [lang] TEXT`, or as a reply: the draft, its preview and audience, and
/// Confirm / Cancel.
pub async fn on_broadcast(
    here: ChatContext,
    msg: Message,
    state: Arc<AppState>,
    text: String,
) -> HandlerResult {
    let t = texts(here.lang);
    let Some(draft) = parse_broadcast(&text, msg.reply_to_message()) else {
        return Ok(here.send_text(t.broadcast_usage, None).await?);
    };
    let author = msg.from.as_ref().map_or(0, |u| u.id.0 as i64);
    let id = state
        .outbox
        .create_draft(author, draft.topic, draft.lang, &draft.html)
        .await?;
    // The preview is the very message recipients get.
    here.send_html(&draft.html, None).await?;
    let audience = state.subscribers.audience(draft.topic, draft.lang).await?;
    let by_lang: Vec<String> = audience
        .by_lang
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let audience = if by_lang.is_empty() {
        "0".to_string()
    } else {
        format!("{} ({})", audience.total, by_lang.join(", "))
    };
    let preview = fill(
        t.broadcast_preview,
        &[
            ("id", &id.to_string()),
            ("topic", draft.topic.code()),
            ("lang", draft.lang.map_or(t.any_language, Lang::code)),
            ("audience", &audience),
        ],
    );
    let keyboard = keyboards::broadcast_confirmation(id, here.lang);
    Ok(here.send_text(&preview, Some(keyboard)).await?)
}

/// `/broadcasts`: the recent broadcasts with status and delivery counts.
pub async fn on_broadcasts(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let t = texts(here.lang);
    let lines: Vec<String> = state
        .outbox
        .recent(LISTED)
        .await?
        .iter()
        .map(|b| {
            fill(
                t.broadcast_line,
                &[
                    ("id", &b.id.to_string()),
                    ("status", b.status.as_str()),
                    ("topic", b.topic.code()),
                    ("lang", b.lang.map_or(t.any_language, Lang::code)),
                    ("sent", &b.counts.sent.to_string()),
                    ("failed", &b.counts.failed.to_string()),
                    ("blocked", &b.counts.blocked.to_string()),
                    ("remaining", &b.counts.remaining.to_string()),
                ],
            )
        })
        .collect();
    let text = if lines.is_empty() {
        t.broadcasts_none.to_string()
    } else {
        lines.join("\n")
    };
    Ok(here.send_text(&text, None).await?)
}

/// `/cancel_broadcast N`.
pub async fn on_cancel_broadcast(
    here: ChatContext,
    state: Arc<AppState>,
    id: String,
) -> HandlerResult {
    let text = match id.trim().trim_start_matches('#').parse::<i64>() {
        Ok(id) => cancelled(&state, id, here.lang).await?,
        Err(_) => not_cancellable(id.trim(), here.lang),
    };
    Ok(here.send_text(&text, None).await?)
}

/// Confirm under a preview: queues the broadcast, once.
pub async fn on_confirm_button(here: ChatContext, state: Arc<AppState>, id: i64) -> HandlerResult {
    let t = texts(here.lang);
    let text = match state.outbox.confirm(id).await? {
        Confirmation::Queued { recipients } => {
            tracing::info!(
                broadcast = id,
                recipients,
                user = here.user.map(|u| u.0),
                "broadcast confirmed"
            );
            fill(
                t.broadcast_queued,
                &[("id", &id.to_string()), ("n", &recipients.to_string())],
            )
        }
        Confirmation::AlreadyConfirmed => {
            fill(t.broadcast_already_confirmed, &[("id", &id.to_string())])
        }
        Confirmation::Cancelled | Confirmation::NotFound => {
            not_cancellable(&id.to_string(), here.lang)
        }
    };
    let none = keyboards::none();
    Ok(here.show_text(&text, none).await?)
}

/// Cancel under a preview.
pub async fn on_cancel_button(here: ChatContext, state: Arc<AppState>, id: i64) -> HandlerResult {
    let text = cancelled(&state, id, here.lang).await?;
    let none = keyboards::none();
    Ok(here.show_text(&text, none).await?)
}

/// Cancels broadcast `id` and says whether there was anything to cancel.
async fn cancelled(state: &AppState, id: i64, lang: Lang) -> Result<String, StoreError> {
    Ok(if state.outbox.cancel(id).await? {
        fill(texts(lang).broadcast_cancelled, &[("id", &id.to_string())])
    } else {
        not_cancellable(&id.to_string(), lang)
    })
}

fn not_cancellable(id: &str, lang: Lang) -> String {
    fill(texts(lang).broadcast_not_cancellable, &[("id", id)])
}

/// A broadcast as staff asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Draft {
    topic: Topic,
    lang: Option<Lang>,
    html: String,
}

/// `[topic] [lang] TEXT`, or `[topic] [lang]` replying to the message to send (whose formatting is
/// kept). The text is what recipients see.
fn parse_broadcast(args: &str, replied: Option<&Message>) -> Option<Draft> {
    let mut rest = args.trim();
    let mut topic = Topic::All;
    let mut lang = None;
    if let Some(word) = rest.split_whitespace().next()
        && let Ok(parsed) = word.parse::<Topic>()
    {
        topic = parsed;
        rest = rest[word.len()..].trim_start();
    }
    // Only the two-letter codes: "English news…" must stay text.
    if let Some(word) = rest.split_whitespace().next()
        && word.len() == 2
        && let Ok(parsed) = word.parse::<Lang>()
    {
        lang = Some(parsed);
        rest = rest[word.len()..].trim_start();
    }
    let html = if rest.trim().is_empty() {
        let message = replied?;
        message
            .html_text()
            .or_else(|| message.caption().map(html::escape))?
    } else {
        html::escape(rest.trim())
    };
    (!html.trim().is_empty()).then_some(Draft { topic, lang, html })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broadcast_takes_optional_topic_and_language() {
        let draft = parse_broadcast("meetings ru Встреча переносится", None).expect("draft");
        assert_eq!(draft.topic, Topic::Meetings);
        assert_eq!(draft.lang, Some(Lang::Ru));
        assert_eq!(draft.html, "Встреча переносится");
        let plain = parse_broadcast("New <dates> soon", None).expect("draft");
        assert_eq!(plain.topic, Topic::All);
        assert_eq!(plain.lang, None);
        assert_eq!(plain.html, "New &lt;dates&gt; soon");
    }

    #[test]
    fn a_broadcast_with_no_text_and_no_reply_is_a_usage_error() {
        assert_eq!(parse_broadcast("", None), None);
        assert_eq!(parse_broadcast("business fa", None), None);
    }
}
