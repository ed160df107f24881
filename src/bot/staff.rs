//! Staff commands: broadcasts with preview and confirmation, their progress, statistics, the log of
//! unanswered questions, and reloading the knowledge base. Anyone not in `STAFF_IDS` is refused
//! politely, nothing is queued, and the attempt is logged with the user id.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use teloxide::utils::html;
use teloxide::utils::render::RenderMessageTextHelper;
use tracing::Instrument;

use crate::answer::Answerer;
use crate::broadcast::{Confirmation, Topic};
use crate::curation::{Miss, MissGroup, group_misses};
use crate::dates::Date;
use crate::explain::Explanation;
use crate::i18n::{fill, texts};
use crate::knowledge::{Kind, KnowledgeBase, KnowledgeError};
use crate::lang::Lang;
use crate::matcher::Tokenizer;
use crate::store::unix_now;

use super::callback::Callback;
use super::commands::StaffCommand;
use super::send::{send_html, show_in_place};
use super::telegram_html::MESSAGE_LIMIT;
use super::{AppState, BotError, HandlerResult};
use crate::live::ReloadError;

const DAY: i64 = 24 * 60 * 60;

/// `/unanswered` looks back this far.
const REVIEW_WINDOW: i64 = 30 * DAY;

/// `/unanswered` shows this many groups, one message each, so each has its own buttons.
const GROUPS_SHOWN: usize = 10;

/// `/learned` lists this many, newest first.
const LEARNED_SHOWN: usize = 20;

/// Attach buttons per group: the matcher's best candidates for its wording.
const ATTACH_CHOICES: usize = 3;

/// Entries of one kind offered when staff pick an entry by hand (Telegram allows 100 buttons).
const PICK_LIMIT: usize = 99;

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
            let misses = state
                .curation
                .open_misses(unix_now() - REVIEW_WINDOW)
                .await?;
            if misses.is_empty() {
                return Ok(reply(html::escape(t.unanswered_none)).await?);
            }
            let total = misses.len();
            let groups = group_misses(misses, &Tokenizer::default());
            let summary = fill(
                t.unanswered_summary,
                &[
                    ("shown", &groups.len().min(GROUPS_SHOWN).to_string()),
                    ("groups", &groups.len().to_string()),
                    ("misses", &total.to_string()),
                ],
            );
            reply(html::escape(&summary)).await?;
            let answerer = state.answerer();
            for group in groups.iter().take(GROUPS_SHOWN) {
                let (text, keyboard) = review_card(&answerer, group, lang);
                send_html(bot, chat, &html::escape(&text), Some(keyboard)).await?;
            }
        }
        StaffCommand::Why(question) => {
            if question.trim().is_empty() {
                return Ok(reply(html::escape(t.why_usage)).await?);
            }
            let explanation = Explanation::new(&state.answerer(), question.trim(), lang).to_text();
            let html = if explanation.chars().count() < MESSAGE_LIMIT - 20 {
                html::code_block(&explanation)
            } else {
                html::escape(&explanation)
            };
            reply(html).await?;
        }
        StaffCommand::Learned => {
            let (text, keyboard) = learned_list(state, lang).await?;
            send_html(bot, chat, &html::escape(&text), keyboard).await?;
        }
        StaffCommand::Reload => {
            let text = match state.knowledge.reload().await {
                Ok(entries) => {
                    tracing::info!(entries, "knowledge base reloaded");
                    fill(t.reloaded, &[("n", &entries.to_string())])
                }
                Err(err) => {
                    tracing::warn!(error = %err, "reload refused: the current knowledge base keeps serving");
                    let problems = match err {
                        ReloadError::Knowledge(KnowledgeError::Invalid(problems)) => {
                            problems.to_string()
                        }
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

/// The buttons under staff messages (broadcast previews, review cards, `/learned`); staff only,
/// like the commands: anyone else's tap changes nothing and is logged with the user id.
pub async fn on_staff_button(
    bot: &Bot,
    state: &AppState,
    query: &CallbackQuery,
    chat: ChatId,
    callback: Callback,
) -> Result<(), BotError> {
    if !state.is_staff(query.from.id) {
        tracing::warn!(
            user = query.from.id.0,
            ?callback,
            "refused a staff button from a non-staff user"
        );
        let refusal = html::escape(texts(callback.lang()).staff_only);
        send_html(bot, chat, &refusal, None).await?;
        return Ok(());
    }
    match callback {
        Callback::ConfirmBroadcast { .. } | Callback::CancelBroadcast { .. } => {
            broadcast_button(bot, state, query, chat, callback).await
        }
        _ => curation_button(bot, state, query, chat, callback).await,
    }
}

/// Confirm and Cancel under a broadcast preview.
async fn broadcast_button(
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

/// One group of misses for review: its count, wording and language, when it was last asked, and
/// buttons to attach it to one of the matcher's best candidates or to dismiss it.
fn review_card(
    answerer: &Answerer,
    group: &MissGroup,
    lang: Lang,
) -> (String, InlineKeyboardMarkup) {
    let t = texts(lang);
    let newest = group.representative();
    let mut text = fill(
        t.unanswered_group,
        &[
            ("count", &group.count().to_string()),
            ("question", &newest.text),
            ("lang", newest.lang.code()),
            ("when", &timestamp(newest.asked_at)),
        ],
    );
    let others = group.other_wordings();
    if !others.is_empty() {
        let quoted: Vec<String> = others.iter().take(5).map(|w| format!("“{w}”")).collect();
        text.push('\n');
        text.push_str(&fill(t.also_asked, &[("wordings", &quoted.join(", "))]));
    }
    if group.rejected_suggestions() > 0 {
        text.push('\n');
        text.push_str(&fill(
            t.after_none_of_these,
            &[("n", &group.rejected_suggestions().to_string())],
        ));
    }
    let kb = answerer.knowledge();
    let mut rows: Vec<Vec<InlineKeyboardButton>> = answerer
        .matcher()
        .find(&newest.text)
        .candidates
        .iter()
        .filter(|c| c.score > 0.0)
        .take(ATTACH_CHOICES)
        .filter_map(|c| {
            let entry = &kb.entries()[c.entry];
            let data = Callback::Attach {
                lang,
                miss: newest.id,
                entry: entry.id.clone(),
            }
            .encode();
            // Telegram refuses callback data over 64 bytes; ids are at most 48 characters, so
            // only an astronomically high miss id could get here.
            (data.len() <= 64).then(|| {
                let label = fill(
                    t.attach_button,
                    &[
                        ("title", entry.title.get(lang)),
                        ("score", &format!("{:.2}", c.score)),
                    ],
                );
                vec![InlineKeyboardButton::callback(label, data)]
            })
        })
        .collect();
    if rows.is_empty() {
        text.push('\n');
        text.push_str(t.no_candidates);
    }
    rows.push(vec![InlineKeyboardButton::callback(
        t.another_entry_button,
        Callback::Pick {
            lang,
            miss: newest.id,
            kind: None,
        }
        .encode(),
    )]);
    rows.push(vec![InlineKeyboardButton::callback(
        t.dismiss_button,
        Callback::Dismiss {
            lang,
            miss: newest.id,
        }
        .encode(),
    )]);
    (text, InlineKeyboardMarkup::new(rows))
}

/// Choosing an entry by hand for a miss: the kinds, or one kind's entries as attach buttons, with a
/// way back to the kinds.
fn pick_keyboard(
    kb: &KnowledgeBase,
    miss: i64,
    kind: Option<Kind>,
    lang: Lang,
) -> InlineKeyboardMarkup {
    let t = texts(lang);
    let Some(kind) = kind else {
        return InlineKeyboardMarkup::new(
            Kind::ALL
                .into_iter()
                .filter(|&kind| kb.entries_of(kind).next().is_some())
                .map(|kind| {
                    vec![InlineKeyboardButton::callback(
                        t.kind(kind),
                        Callback::Pick {
                            lang,
                            miss,
                            kind: Some(kind),
                        }
                        .encode(),
                    )]
                }),
        );
    };
    let mut rows: Vec<Vec<InlineKeyboardButton>> = kb
        .entries_of(kind)
        .filter_map(|entry| {
            let data = Callback::Attach {
                lang,
                miss,
                entry: entry.id.clone(),
            }
            .encode();
            (data.len() <= 64).then(|| {
                vec![InlineKeyboardButton::callback(
                    entry.title.get(lang).clone(),
                    data,
                )]
            })
        })
        // Telegram takes at most 100 buttons under a message.
        .take(PICK_LIMIT)
        .collect();
    rows.push(vec![InlineKeyboardButton::callback(
        t.back,
        Callback::Pick {
            lang,
            miss,
            kind: None,
        }
        .encode(),
    )]);
    InlineKeyboardMarkup::new(rows)
}

/// The learned questions with an undo button each.
async fn learned_list(
    state: &AppState,
    lang: Lang,
) -> Result<(String, Option<InlineKeyboardMarkup>), BotError> {
    let t = texts(lang);
    let learned = state.curation.learned().await?;
    if learned.is_empty() {
        return Ok((t.learned_none.to_string(), None));
    }
    let answerer = state.answerer();
    let kb = answerer.knowledge();
    let shown = &learned[..learned.len().min(LEARNED_SHOWN)];
    let mut lines = vec![fill(
        t.learned_heading,
        &[("n", &learned.len().to_string())],
    )];
    for l in shown {
        let title = kb
            .entry(&l.entry_id)
            .map_or(l.entry_id.as_str(), |e| e.title.get(lang).as_str());
        let mut line = fill(
            t.learned_line,
            &[
                ("id", &l.id.to_string()),
                ("question", &l.text),
                ("title", title),
                ("lang", l.lang.code()),
                ("by", &l.added_by.to_string()),
                ("when", &timestamp(l.added_at)),
            ],
        );
        if l.exported_at.is_some() {
            line.push_str(t.learned_exported);
        }
        lines.push(line);
    }
    let keyboard = InlineKeyboardMarkup::new(shown.iter().map(|l| vec![undo_button(l.id, lang)]));
    Ok((lines.join("\n"), Some(keyboard)))
}

/// Attach, Dismiss, Pick and Undo under `/unanswered` and `/learned`.
async fn curation_button(
    bot: &Bot,
    state: &AppState,
    query: &CallbackQuery,
    chat: ChatId,
    callback: Callback,
) -> Result<(), BotError> {
    let lang = callback.lang();
    let t = texts(lang);
    let by = query.from.id.0 as i64;
    let show = |text: String, keyboard: InlineKeyboardMarkup| async move {
        show_in_place(bot, query, chat, &html::escape(&text), keyboard).await
    };
    let miss = match &callback {
        Callback::Attach { miss, .. }
        | Callback::Dismiss { miss, .. }
        | Callback::Pick { miss, .. } => *miss,
        Callback::Undo { learned, .. } => {
            let text = undo(state, *learned, by, lang).await?;
            return Ok(show(text, InlineKeyboardMarkup::default()).await?);
        }
        _ => return Ok(()),
    };
    // Every button of a review card acts on the card's group as it stands now.
    let Some((group, seen)) = open_group(state, miss).await? else {
        return Ok(show(
            t.already_reviewed.to_string(),
            InlineKeyboardMarkup::default(),
        )
        .await?);
    };
    match callback {
        Callback::Attach { entry, .. } => {
            let answerer = state.answerer();
            let Some(target) = answerer.knowledge().entry(&entry) else {
                return Ok(show(t.entry_gone.to_string(), InlineKeyboardMarkup::default()).await?);
            };
            // The wording staff saw on the card is the one learned.
            let question_lang = Lang::detect(&seen.text).unwrap_or(seen.lang);
            let learned = state
                .curation
                .attach(&group.ids(), &target.id, &seen.text, question_lang, by)
                .await?;
            tracing::info!(
                learned = learned.id,
                entry = %target.id,
                misses = group.count(),
                "missed question attached"
            );
            let title = target.title.get(lang).clone();
            state.knowledge.apply_learned().await?;
            let text = fill(t.attached, &[("question", &seen.text), ("title", &title)]);
            let keyboard = InlineKeyboardMarkup::new([[undo_button(learned.id, lang)]]);
            show(text, keyboard).await?;
        }
        Callback::Dismiss { .. } => {
            let closed = state.curation.dismiss(&group.ids(), by).await?;
            tracing::info!(misses = closed, "missed questions dismissed");
            let text = fill(
                t.dismissed,
                &[("question", &seen.text), ("n", &closed.to_string())],
            );
            show(text, InlineKeyboardMarkup::default()).await?;
        }
        Callback::Pick { kind, .. } => {
            let answerer = state.answerer();
            let mut text = fill(t.pick_entry, &[("question", &seen.text)]);
            if let Some(kind) = kind {
                text = format!("{text}\n{}", t.kind(kind));
            }
            show(text, pick_keyboard(answerer.knowledge(), miss, kind, lang)).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Takes a learned question back and says what happened.
async fn undo(state: &AppState, learned: i64, by: i64, lang: Lang) -> Result<String, BotError> {
    let t = texts(lang);
    let Some(undone) = state.curation.undo(learned, by).await? else {
        return Ok(fill(t.undo_nothing, &[("id", &learned.to_string())]));
    };
    tracing::info!(learned, entry = %undone.entry_id, "learned question undone");
    state.knowledge.apply_learned().await?;
    let answerer = state.answerer();
    let title = answerer
        .knowledge()
        .entry(&undone.entry_id)
        .map_or(undone.entry_id.clone(), |e| e.title.get(lang).clone());
    Ok(fill(
        t.undone,
        &[
            ("id", &learned.to_string()),
            ("question", &undone.text),
            ("title", &title),
        ],
    ))
}

/// The button that takes learned question `learned` back.
fn undo_button(learned: i64, lang: Lang) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(
        fill(texts(lang).undo_button, &[("id", &learned.to_string())]),
        Callback::Undo { lang, learned }.encode(),
    )
}

/// The open group that a card's miss belongs to now (misses asked since may have joined it), with
/// that miss; `None` once someone has attached or dismissed it.
async fn open_group(state: &AppState, miss: i64) -> Result<Option<(MissGroup, Miss)>, BotError> {
    let misses = state
        .curation
        .open_misses(unix_now() - REVIEW_WINDOW)
        .await?;
    let Some(seen) = misses.iter().find(|m| m.id == miss).cloned() else {
        return Ok(None);
    };
    let group = group_misses(misses, &Tokenizer::default())
        .into_iter()
        .find(|g| g.misses.iter().any(|m| m.id == miss));
    Ok(group.map(|g| (g, seen)))
}

/// A Unix time as staff read it: `2026-11-25 14:03 UTC`.
fn timestamp(seconds: i64) -> String {
    let minutes = seconds.rem_euclid(86_400) / 60;
    format!(
        "{} {:02}:{:02} UTC",
        Date::from_unix(seconds),
        minutes / 60,
        minutes % 60
    )
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
