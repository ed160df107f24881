//! Staff commands: broadcasts with preview and confirmation, their progress, statistics, the log of
//! unanswered questions, and reloading the knowledge base. Anyone not in `STAFF_IDS` is refused
//! politely, nothing is queued, and the attempt is logged with the user id.

use std::collections::HashMap;
use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::html;
use teloxide::utils::render::RenderMessageTextHelper;
use tracing::Instrument;

use crate::broadcast::{Confirmation, Topic};
use crate::i18n::{fill, texts};
use crate::knowledge::KnowledgeError;
use crate::lang::Lang;
use crate::store::unix_now;

use super::callback::Callback;
use super::commands::StaffCommand;
use super::send::{send_html, show_in_place};
use super::{AppState, BotError, HandlerResult};

const DAY: i64 = 24 * 60 * 60;

/// Entry point for the staff commands.
pub async fn on_staff_command(
    bot: Bot,
    msg: Message,
    command: StaffCommand,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    let user = msg.from.as_ref().map(|u| u.id);
    let span = tracing::info_span!("staff", chat = %msg.chat.id, update = update.id.0, user = user.map(|u| u.0));
    async {
        let lang = super::handlers::chat_lang(&state, msg.chat.id, msg.from.as_ref()).await;
        if !user.is_some_and(|u| state.is_staff(u)) {
            tracing::warn!(
                user = user.map(|u| u.0),
                ?command,
                "refused a staff command from a non-staff user"
            );
            let refusal = html::escape(texts(lang).staff_only);
            if let Err(err) = send_html(&bot, msg.chat.id, &refusal, None).await {
                tracing::error!(error = %err, "cannot send the refusal");
            }
            return Ok(());
        }
        tracing::info!(?command, "staff command");
        let handled = handle(&bot, &msg, command, &state, lang);
        super::handlers::guarded(&bot, Some(msg.chat.id), lang, handled).await
    }
    .instrument(span)
    .await
}

async fn handle(
    bot: &Bot,
    msg: &Message,
    command: StaffCommand,
    state: &AppState,
    lang: Lang,
) -> Result<(), BotError> {
    let t = texts(lang);
    let chat = msg.chat.id;
    let reply = |text: String| async move { send_html(bot, chat, &text, None).await };
    match command {
        StaffCommand::Broadcast(args) => {
            let replied = msg.reply_to_message();
            let Some(draft) = parse_broadcast(&args, replied) else {
                return Ok(reply(html::escape(t.broadcast_usage)).await?);
            };
            let author = msg.from.as_ref().map_or(0, |u| u.id.0 as i64);
            let id = state
                .outbox
                .create_draft(author, draft.topic, draft.lang, &draft.html)
                .await?;
            // The preview is the very message recipients get.
            send_html(bot, chat, &draft.html, None).await?;
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
            let text = fill(
                t.broadcast_preview,
                &[
                    ("id", &id.to_string()),
                    ("topic", draft.topic.code()),
                    ("lang", draft.lang.map_or(t.any_language, Lang::code)),
                    ("audience", &audience),
                ],
            );
            let keyboard = InlineKeyboardMarkup::new([[
                InlineKeyboardButton::callback(
                    t.confirm,
                    Callback::ConfirmBroadcast { lang, id }.encode(),
                ),
                InlineKeyboardButton::callback(
                    t.cancel,
                    Callback::CancelBroadcast { lang, id }.encode(),
                ),
            ]]);
            send_html(bot, chat, &html::escape(&text), Some(keyboard)).await?;
        }
        StaffCommand::Broadcasts => {
            let broadcasts = state.outbox.recent(10).await?;
            let lines: Vec<String> = broadcasts
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
            reply(html::escape(&text)).await?;
        }
        StaffCommand::CancelBroadcast(arg) => {
            let id = arg.trim().trim_start_matches('#').parse::<i64>().ok();
            let text = match id {
                Some(id) if state.outbox.cancel(id).await? => {
                    fill(t.broadcast_cancelled, &[("id", &id.to_string())])
                }
                Some(id) => fill(t.broadcast_not_cancellable, &[("id", &id.to_string())]),
                None => fill(t.broadcast_not_cancellable, &[("id", arg.trim())]),
            };
            reply(html::escape(&text)).await?;
        }
        StaffCommand::Stats => {
            let counts = state.subscribers.counts().await?;
            let subscribers: Vec<String> = Topic::ALL
                .iter()
                .map(|&topic| {
                    let per_lang: Vec<String> = Lang::ALL
                        .iter()
                        .map(|&l| {
                            let n = counts
                                .iter()
                                .find(|(t, cl, _)| *t == topic && *cl == l)
                                .map_or(0, |c| c.2);
                            format!("{l} {n}")
                        })
                        .collect();
                    format!("• {}: {}", topic.code(), per_lang.join(", "))
                })
                .collect();
            let now = unix_now();
            let (day_answered, day_unanswered) = state.store.question_counts(now - DAY).await?;
            let (week_answered, week_unanswered) =
                state.store.question_counts(now - 7 * DAY).await?;
            let text = fill(
                t.stats,
                &[
                    ("subscribers", &subscribers.join("\n")),
                    ("day_answered", &day_answered.to_string()),
                    ("day_unanswered", &day_unanswered.to_string()),
                    ("week_answered", &week_answered.to_string()),
                    ("week_unanswered", &week_unanswered.to_string()),
                ],
            );
            reply(html::escape(&text)).await?;
        }
        StaffCommand::Unanswered => {
            let questions = state.store.unanswered_since(unix_now() - 30 * DAY).await?;
            let text = if questions.is_empty() {
                t.unanswered_none.to_string()
            } else {
                let lines: Vec<String> =
                    most_frequent(questions.iter().map(|(q, _, _)| q.as_str()), 15)
                        .into_iter()
                        .map(|(question, n)| format!("{n} × {question}"))
                        .collect();
                format!("{}\n{}", t.unanswered_heading, lines.join("\n"))
            };
            reply(html::escape(&text)).await?;
        }
        StaffCommand::Reload => {
            let text = match state.reload() {
                Ok(entries) => {
                    tracing::info!(entries, "knowledge base reloaded");
                    fill(t.reloaded, &[("n", &entries.to_string())])
                }
                Err(err) => {
                    tracing::warn!(error = %err, "reload refused: the current knowledge base keeps serving");
                    let problems = match err {
                        KnowledgeError::Invalid(problems) => problems.to_string(),
                        other => other.to_string(),
                    };
                    let listed: String = problems.chars().take(3500).collect();
                    fill(t.reload_failed, &[("problems", &listed)])
                }
            };
            reply(html::escape(&text)).await?;
        }
    }
    Ok(())
}

/// Confirm and Cancel under a broadcast preview; staff only, like the command.
pub async fn on_broadcast_button(
    bot: &Bot,
    state: &AppState,
    query: &CallbackQuery,
    chat: ChatId,
    callback: Callback,
) -> Result<(), BotError> {
    let lang = callback.lang();
    let t = texts(lang);
    let show = |text: String| async move {
        show_in_place(
            bot,
            query,
            chat,
            &html::escape(&text),
            InlineKeyboardMarkup::default(),
        )
        .await
    };
    if !state.is_staff(query.from.id) {
        tracing::warn!(
            user = query.from.id.0,
            "refused a broadcast button from a non-staff user"
        );
        send_html(bot, chat, &html::escape(t.staff_only), None).await?;
        return Ok(());
    }
    match callback {
        Callback::ConfirmBroadcast { id, .. } => {
            let text = match state.outbox.confirm(id).await? {
                Confirmation::Queued { recipients } => {
                    tracing::info!(
                        broadcast = id,
                        recipients,
                        user = query.from.id.0,
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
                    fill(t.broadcast_not_cancellable, &[("id", &id.to_string())])
                }
            };
            show(text).await?;
        }
        Callback::CancelBroadcast { id, .. } => {
            let text = if state.outbox.cancel(id).await? {
                fill(t.broadcast_cancelled, &[("id", &id.to_string())])
            } else {
                fill(t.broadcast_not_cancellable, &[("id", &id.to_string())])
            };
            show(text).await?;
        }
        _ => {}
    }
    Ok(())
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

/// Groups near-identical questions (same normalised form) and counts them, most frequent first.
fn most_frequent<'a>(
    questions: impl Iterator<Item = &'a str>,
    limit: usize,
) -> Vec<(String, usize)> {
    let mut groups: HashMap<String, (String, usize)> = HashMap::new();
    for question in questions {
        let key = crate::matcher::normalize(question)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let group = groups
            .entry(key)
            .or_insert_with(|| (question.to_string(), 0));
        group.1 += 1;
    }
    let mut counted: Vec<(String, usize)> = groups.into_values().collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counted.truncate(limit);
    counted
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

    #[test]
    fn near_identical_unanswered_questions_are_grouped() {
        let questions = ["Metro hours?", "metro   hours", "Visa?", "metro hours!"];
        let grouped = most_frequent(questions.into_iter(), 10);
        assert_eq!(grouped[0].1, 3);
        assert_eq!(grouped[1], ("Visa?".to_string(), 1));
    }
}
