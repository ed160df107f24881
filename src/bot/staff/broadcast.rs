//! Broadcasts: `/broadcast` previews an announcement exactly as recipients will get it (a copy of
//! the message or album staff replied to, or the text typed after the command), refused at once if
//! Telegram could not deliver it as composed; then the audience, the schedule if any, and Confirm /
//! Cancel. Only Confirm queues it (in the outbox, once). `/broadcasts` lists them (`/broadcasts N`
//! reports on one), `/cancel_broadcast N`, `/pause_broadcast N` and `/resume_broadcast N` steer
//! them. The progress edits and the final report are `progress`'s.

use std::sync::Arc;

use teloxide::prelude::*;

use crate::broadcast::{
    AlbumPart, Confirmation, Confirmer, NewBroadcast, Refusal, ScheduleError, check,
};
use crate::i18n::{fill, texts};
use crate::lang::Lang;
use crate::store::{StoreError, unix_now};

use crate::bot::context::ChatContext;
use crate::bot::context::HandlerResult;
use crate::bot::keyboards;
use crate::bot::state::AppState;

use super::composed::{self, arguments};
use super::progress::report_text;

/// How many broadcasts `/broadcasts` lists, newest first.
const LISTED: i64 = 10;

/// `/broadcast [at YYYY-MM-DD HH:MM] [topic] [lang] TEXT`, or as a reply to the message to copy:
/// the checks, the draft, its preview and audience, and Confirm / Cancel.
pub async fn on_broadcast(here: ChatContext, msg: Message, state: Arc<AppState>) -> HandlerResult {
    let t = texts(here.lang);
    let zone = &state.broadcast_zone;
    let full = msg.text().unwrap_or_default();
    let command_end = full.find(char::is_whitespace).unwrap_or(full.len());
    let args = arguments(&full[command_end..]);
    let scheduled_at = match &args.at {
        None => None,
        Some(local) => match zone.resolve(local, unix_now()) {
            Ok(at) => Some(at),
            Err(err) => {
                let text = match err {
                    ScheduleError::NotATime(given) => fill(
                        t.broadcast_refused_time,
                        &[("given", &given), ("zone", zone.name())],
                    ),
                    ScheduleError::Past(when) => fill(
                        t.broadcast_refused_past,
                        &[("when", &when), ("zone", zone.name())],
                    ),
                };
                return Ok(here.send_text(&text, None).await?);
            }
        },
    };
    let (content, pieces) = if !args.text.is_empty() {
        let start = command_end + args.text_start;
        let entities = msg.entities().unwrap_or_default();
        let (content, piece) = composed::inline_text(full, start, args.text, entities);
        (content, vec![piece])
    } else if let Some(replied) = msg.reply_to_message() {
        composed::replied(replied, &state.albums).await?
    } else {
        return Ok(here.send_text(t.broadcast_usage, None).await?);
    };
    if let Err(refusal) = check(&pieces) {
        tracing::info!(refusal = %refusal, "broadcast refused at preview");
        let text = refusal_text(&refusal, here.lang);
        return Ok(here.send_text(&text, None).await?);
    }
    let id = state
        .outbox
        .create(&NewBroadcast {
            created_by: here.user_id(),
            topic: args.topic,
            lang: args.lang,
            content: content.clone(),
            scheduled_at,
        })
        .await?;
    tracing::info!(
        broadcast = id,
        kind = content.kind_name(),
        scheduled = scheduled_at.is_some(),
        "broadcast drafted"
    );
    // The preview is the very delivery recipients get.
    here.preview_broadcast(&content).await?;
    let audience = state.subscribers.audience(args.topic, args.lang).await?;
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
    let mut preview = fill(
        t.broadcast_preview,
        &[
            ("id", &id.to_string()),
            ("topic", args.topic.code()),
            ("lang", args.lang.map_or(t.any_language, Lang::code)),
            ("audience", &audience),
        ],
    );
    if let Some(at) = scheduled_at {
        let when = fill(t.broadcast_preview_at, &[("when", &zone.describe(at))]);
        preview = format!("{when}\n{preview}");
    }
    let keyboard = keyboards::broadcast_confirmation(id, here.lang);
    Ok(here.send_text(&preview, Some(keyboard)).await?)
}

/// Why a composed message is not queued, with the limit it breaks, for staff.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let t = texts(lang);
    match refusal {
        Refusal::TextTooLong { length, limit } => fill(
            t.broadcast_refused_text,
            &[
                ("length", &length.to_string()),
                ("limit", &limit.to_string()),
            ],
        ),
        Refusal::CaptionTooLong { length, limit } => fill(
            t.broadcast_refused_caption,
            &[
                ("length", &length.to_string()),
                ("limit", &limit.to_string()),
            ],
        ),
        Refusal::AlbumTooLarge { items, limit } => fill(
            t.broadcast_refused_album,
            &[("items", &items.to_string()), ("limit", &limit.to_string())],
        ),
        Refusal::Unsupported { kind } => fill(t.broadcast_refused_kind, &[("kind", kind)]),
        Refusal::Empty => t.broadcast_usage.to_string(),
    }
}

/// `/broadcasts`: the scheduled broadcasts with their time, then the recent ones with status and
/// counts. `/broadcasts N`: the delivery report of broadcast N.
pub async fn on_broadcasts(here: ChatContext, state: Arc<AppState>, id: String) -> HandlerResult {
    let t = texts(here.lang);
    if !id.trim().is_empty() {
        let text = match parse_id(&id) {
            Some(id) => {
                match report_text(&state.outbox, &state.broadcast_zone, id, here.lang).await? {
                    Some(report) => report,
                    None => fill(t.broadcast_unknown, &[("id", &id.to_string())]),
                }
            }
            None => fill(t.broadcast_unknown, &[("id", id.trim())]),
        };
        return Ok(here.send_text(&text, None).await?);
    }
    let zone = &state.broadcast_zone;
    let scheduled: Vec<String> = state
        .outbox
        .scheduled()
        .await?
        .iter()
        .map(|b| {
            fill(
                t.broadcast_scheduled_line,
                &[
                    ("id", &b.id.to_string()),
                    (
                        "when",
                        &b.scheduled_at
                            .map(|at| zone.describe(at))
                            .unwrap_or_default(),
                    ),
                    ("topic", b.topic.code()),
                    ("lang", b.lang.map_or(t.any_language, Lang::code)),
                    ("kind", b.content.kind_name()),
                ],
            )
        })
        .collect();
    let recent: Vec<String> = state
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
    let mut text = String::new();
    if !scheduled.is_empty() {
        text = format!("{}\n{}\n\n", t.broadcasts_scheduled, scheduled.join("\n"));
    }
    if recent.is_empty() {
        text.push_str(t.broadcasts_none);
    } else {
        text.push_str(&recent.join("\n"));
    }
    Ok(here.send_text(&text, None).await?)
}

/// `/cancel_broadcast N`: works on drafts, scheduled broadcasts until they start, and what is
/// left of one sending.
pub async fn on_cancel_broadcast(
    here: ChatContext,
    state: Arc<AppState>,
    id: String,
) -> HandlerResult {
    let text = match parse_id(&id) {
        Some(id) => cancelled(&state, id, here.lang).await?,
        None => not_cancellable(id.trim(), here.lang),
    };
    Ok(here.send_text(&text, None).await?)
}

/// `/pause_broadcast N`: nothing more of it is sent until it is resumed.
pub async fn on_pause_broadcast(
    here: ChatContext,
    state: Arc<AppState>,
    id: String,
) -> HandlerResult {
    steer(here, state, id, Steer::Pause).await
}

/// `/resume_broadcast N`.
pub async fn on_resume_broadcast(
    here: ChatContext,
    state: Arc<AppState>,
    id: String,
) -> HandlerResult {
    steer(here, state, id, Steer::Resume).await
}

/// Pausing and resuming differ only in the outbox call and the words.
#[derive(Clone, Copy)]
enum Steer {
    Pause,
    Resume,
}

async fn steer(here: ChatContext, state: Arc<AppState>, id: String, how: Steer) -> HandlerResult {
    let t = texts(here.lang);
    let (done, not_done, event) = match how {
        Steer::Pause => (
            t.broadcast_paused,
            t.broadcast_not_paused,
            "broadcast paused",
        ),
        Steer::Resume => (
            t.broadcast_resumed,
            t.broadcast_not_resumed,
            "broadcast resumed",
        ),
    };
    let changed = match parse_id(&id) {
        Some(n) => match how {
            Steer::Pause => state.outbox.pause(n).await?,
            Steer::Resume => state.outbox.resume(n).await?,
        }
        .then_some(n),
        None => None,
    };
    let text = match changed {
        Some(n) => {
            tracing::info!(broadcast = n, user = here.user.map(|u| u.0), "{event}");
            fill(done, &[("id", &n.to_string())])
        }
        None => fill(not_done, &[("id", id.trim())]),
    };
    Ok(here.send_text(&text, None).await?)
}

/// Confirm under a preview: queues the broadcast (or schedules it), once. The message carrying
/// the button becomes its progress, and the staff member who tapped gets the report.
pub async fn on_confirm_button(here: ChatContext, state: Arc<AppState>, id: i64) -> HandlerResult {
    let t = texts(here.lang);
    let confirmer = Confirmer {
        user: here.user_id(),
        chat: here.chat.0,
        message: here.carrying().map(|m| m.0),
        lang: here.lang,
    };
    let text = match state.outbox.confirm_by(id, Some(confirmer)).await? {
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
        Confirmation::Scheduled { at } => {
            tracing::info!(
                broadcast = id,
                at,
                user = here.user.map(|u| u.0),
                "broadcast scheduled"
            );
            fill(
                t.broadcast_scheduled,
                &[
                    ("id", &id.to_string()),
                    ("when", &state.broadcast_zone.describe(at)),
                ],
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

/// A part of an album sent by a staff member, which `/broadcast` may later copy with the rest.
#[derive(Debug, Clone)]
pub struct StaffAlbumPart {
    chat: i64,
    group: String,
    part: AlbumPart,
}

/// The update's message when it is an album part from staff (the tree routes it to
/// [`remember_album_part`] instead of answering it as a question).
pub fn staff_album_part(msg: Message, state: Arc<AppState>) -> Option<StaffAlbumPart> {
    let group = msg.media_group_id()?;
    let from = msg.from.as_ref()?;
    state.is_staff(from.id).then(|| StaffAlbumPart {
        chat: msg.chat.id.0,
        group: group.0.clone(),
        part: composed::album_part(&msg),
    })
}

/// Remembers an album part from staff; says nothing (the album is one message to its sender).
pub async fn remember_album_part(part: StaffAlbumPart, state: Arc<AppState>) -> HandlerResult {
    state
        .albums
        .remember(part.chat, &part.group, &part.part)
        .await?;
    tracing::debug!(message = part.part.message_id, "album part remembered");
    Ok(())
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

/// A broadcast number as staff type it: `5` or `#5`.
fn parse_id(text: &str) -> Option<i64> {
    text.trim().trim_start_matches('#').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_names_its_numbers_in_every_language() {
        let refusals = [
            (
                Refusal::TextTooLong {
                    length: 5000,
                    limit: 4096,
                },
                ["5000", "4096"],
            ),
            (
                Refusal::CaptionTooLong {
                    length: 1500,
                    limit: 1024,
                },
                ["1500", "1024"],
            ),
            (
                Refusal::AlbumTooLarge {
                    items: 12,
                    limit: 10,
                },
                ["12", "10"],
            ),
        ];
        for lang in Lang::ALL {
            for (refusal, numbers) in &refusals {
                let text = refusal_text(refusal, lang);
                assert!(numbers.iter().all(|n| text.contains(n)), "{lang}: {text}");
            }
        }
    }

    #[test]
    fn broadcast_numbers_may_carry_a_hash() {
        assert_eq!(parse_id(" #12 "), Some(12));
        assert_eq!(parse_id("twelve"), None);
    }
}
