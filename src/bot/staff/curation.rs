//! Curation from the chat: `/why` shows how a question is read and scored; `/unanswered` shows the
//! misses grouped, one review card each, whose buttons attach the group to an entry (one of the
//! matcher's candidates, or one picked by kind) or dismiss it; `/learned` lists the learned
//! questions with undo buttons. The domain is `crate::curation`; this is its Telegram face.

use std::sync::Arc;

use teloxide::types::InlineKeyboardMarkup;
use teloxide::utils::html;

use crate::answer::Answerer;
use crate::bot::context::ChatContext;
use crate::bot::context::{BotError, HandlerResult};
use crate::bot::keyboards;
use crate::bot::state::AppState;
use crate::bot::telegram_html::MESSAGE_LIMIT;
use crate::curation::{Miss, MissGroup, group_misses};
use crate::dates::{SECONDS_PER_DAY, utc_minute};
use crate::explain::Explanation;
use crate::i18n::{fill, texts};
use crate::knowledge::{Entry, Kind};
use crate::lang::Lang;
use crate::matcher::Tokenizer;
use crate::store::unix_now;

/// `/unanswered` looks back this far.
const REVIEW_WINDOW: i64 = 30 * SECONDS_PER_DAY;

/// `/unanswered` shows this many groups, one message each, so each has its own buttons.
const GROUPS_SHOWN: usize = 10;

/// `/learned` lists this many, newest first.
const LEARNED_SHOWN: usize = 20;

/// Attach buttons per group: the matcher's best candidates for its wording.
const ATTACH_CHOICES: usize = 3;

/// Other wordings quoted on a review card.
const WORDINGS_SHOWN: usize = 5;

/// `/why QUESTION`: the explanation, as a code block when it fits one message.
pub async fn on_why(here: ChatContext, state: Arc<AppState>, question: String) -> HandlerResult {
    if question.trim().is_empty() {
        return Ok(here.send_text(texts(here.lang).why_usage, None).await?);
    }
    let answerer = state.knowledge.answerer();
    let explanation = Explanation::new(&answerer, question.trim(), here.lang).to_text();
    let html = if explanation.chars().count() < MESSAGE_LIMIT - 20 {
        html::code_block(&explanation)
    } else {
        html::escape(&explanation)
    };
    Ok(here.send_html(&html, None).await?)
}

/// `/unanswered`: a summary, then one review card per group of misses.
pub async fn on_unanswered(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let t = texts(here.lang);
    state.recorded().await;
    let misses = state.curation.open_misses(since_window()).await?;
    if misses.is_empty() {
        return Ok(here.send_text(t.unanswered_none, None).await?);
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
    here.send_text(&summary, None).await?;
    let answerer = state.knowledge.answerer();
    // A card that cannot be sent does not keep the others from staff; the first failure is
    // reported (and apologised for) once they have all been tried.
    let mut first_failure = None;
    for group in groups.iter().take(GROUPS_SHOWN) {
        let (text, keyboard) = review_card(&answerer, group, here.lang);
        if let Err(err) = here.send_text(&text, Some(keyboard)).await {
            tracing::warn!(error = %err, "a review card could not be sent; sending the others");
            first_failure.get_or_insert(err);
        }
    }
    match first_failure {
        Some(err) => Err(err.into()),
        None => Ok(()),
    }
}

/// `/learned`: the learned questions, newest first, with an undo button each.
pub async fn on_learned(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let t = texts(here.lang);
    let learned = state.curation.learned().await?;
    if learned.is_empty() {
        return Ok(here.send_text(t.learned_none, None).await?);
    }
    let answerer = state.knowledge.answerer();
    let kb = answerer.knowledge();
    let shown = &learned[..learned.len().min(LEARNED_SHOWN)];
    let heading = fill(t.learned_heading, &[("n", &learned.len().to_string())]);
    let mut lines = vec![heading];
    for l in shown {
        let title = kb
            .entry(&l.entry_id)
            .map_or(l.entry_id.as_str(), |e| e.title.get(here.lang).as_str());
        let mut line = fill(
            t.learned_line,
            &[
                ("id", &l.id.to_string()),
                ("question", &l.text),
                ("title", title),
                ("lang", l.lang.code()),
                ("by", &l.added_by.to_string()),
                ("when", &utc_minute(l.added_at)),
            ],
        );
        if l.exported_at.is_some() {
            line.push_str(t.learned_exported);
        }
        lines.push(line);
    }
    let ids: Vec<i64> = shown.iter().map(|l| l.id).collect();
    let keyboard = keyboards::undo(&ids, here.lang);
    Ok(here.send_text(&lines.join("\n"), Some(keyboard)).await?)
}

/// Attach on a review card: the card's wording becomes a learned question of the entry, its group
/// is closed, and the matcher is rebuilt at once.
pub async fn on_attach_button(
    here: ChatContext,
    state: Arc<AppState>,
    (miss, entry): (i64, String),
) -> HandlerResult {
    let t = texts(here.lang);
    let Some(card) = OpenCard::find(&state, miss).await? else {
        return already_reviewed(&here).await;
    };
    let answerer = state.knowledge.answerer();
    let Some(target) = answerer.knowledge().entry(&entry) else {
        return Ok(here.show_text(t.entry_gone, keyboards::none()).await?);
    };
    // The wording staff saw on the card is the one learned.
    let seen = &card.seen;
    let question_lang = Lang::detect(&seen.text).unwrap_or(seen.lang);
    let by = here.user_id();
    let learned = state
        .curation
        .attach(&card.group.ids(), &target.id, &seen.text, question_lang, by)
        .await?;
    tracing::info!(
        learned = learned.id,
        entry = %target.id,
        misses = card.group.count(),
        "missed question attached"
    );
    state.knowledge.apply_learned().await?;
    let title = target.title.get(here.lang);
    let text = fill(t.attached, &[("question", &seen.text), ("title", title)]);
    Ok(here
        .show_text(&text, keyboards::undo(&[learned.id], here.lang))
        .await?)
}

/// Dismiss on a review card: the whole group is closed without an entry.
pub async fn on_dismiss_button(
    here: ChatContext,
    state: Arc<AppState>,
    miss: i64,
) -> HandlerResult {
    let Some(card) = OpenCard::find(&state, miss).await? else {
        return already_reviewed(&here).await;
    };
    let by = here.user_id();
    let closed = state.curation.dismiss(&card.group.ids(), by).await?;
    tracing::info!(misses = closed, "missed questions dismissed");
    let text = fill(
        texts(here.lang).dismissed,
        &[("question", &card.seen.text), ("n", &closed.to_string())],
    );
    Ok(here.show_text(&text, keyboards::none()).await?)
}

/// Another entry on a review card: the kinds, then one kind's entries to attach to.
pub async fn on_pick_button(
    here: ChatContext,
    state: Arc<AppState>,
    (miss, kind): (i64, Option<Kind>),
) -> HandlerResult {
    let Some(card) = OpenCard::find(&state, miss).await? else {
        return already_reviewed(&here).await;
    };
    let t = texts(here.lang);
    let mut text = fill(t.pick_entry, &[("question", &card.seen.text)]);
    if let Some(kind) = kind {
        text = format!("{text}\n{}", t.kind(kind));
    }
    let answerer = state.knowledge.answerer();
    let keyboard = keyboards::pick(answerer.knowledge(), miss, kind, here.lang);
    Ok(here.show_text(&text, keyboard).await?)
}

/// Undo under `/learned` (or "attached"): the learned question is taken back, its misses reopen,
/// and the matcher is rebuilt at once.
pub async fn on_undo_button(
    here: ChatContext,
    state: Arc<AppState>,
    learned: i64,
) -> HandlerResult {
    let t = texts(here.lang);
    let by = here.user_id();
    // A question export-learned wrote into the files stays there (and answered) after the undo:
    // its misses are reopened only when the files no longer answer them.
    let in_files = match state.curation.learned_question(learned).await? {
        Some(question) if question.exported_at.is_some() => {
            state
                .knowledge
                .files_have_question(&question.entry_id, question.lang, &question.text)
                .await
        }
        _ => false,
    };
    let text = match state.curation.undo(learned, by, !in_files).await? {
        None => fill(t.undo_nothing, &[("id", &learned.to_string())]),
        Some(undone) => {
            tracing::info!(learned, entry = %undone.entry_id, in_files, "learned question undone");
            if in_files {
                // The files as they are now, so that the question is answered from them.
                if let Err(err) = state.knowledge.reload().await {
                    tracing::warn!(error = %err, "cannot re-read the knowledge files after an undo");
                    state.knowledge.apply_learned().await?;
                }
            } else {
                state.knowledge.apply_learned().await?;
            }
            let answerer = state.knowledge.answerer();
            let title = answerer
                .knowledge()
                .entry(&undone.entry_id)
                .map_or(undone.entry_id.clone(), |e| e.title.get(here.lang).clone());
            let template = if in_files {
                t.undone_stays_in_files
            } else {
                t.undone
            };
            fill(
                template,
                &[
                    ("id", &learned.to_string()),
                    ("question", &undone.text),
                    ("title", &title),
                ],
            )
        }
    };
    Ok(here.show_text(&text, keyboards::none()).await?)
}

/// The group of open misses a review card's buttons act on, as it stands now (misses asked since
/// may have joined it), with the miss the card showed.
struct OpenCard {
    group: MissGroup,
    seen: Miss,
}

impl OpenCard {
    /// The card around `miss`; `None` once someone has attached or dismissed it.
    async fn find(state: &AppState, miss: i64) -> Result<Option<OpenCard>, BotError> {
        let misses = state.curation.open_misses(since_window()).await?;
        let Some(seen) = misses.iter().find(|m| m.id == miss).cloned() else {
            return Ok(None);
        };
        let group = group_misses(misses, &Tokenizer::default())
            .into_iter()
            .find(|g| g.misses.iter().any(|m| m.id == miss));
        Ok(group.map(|group| OpenCard { group, seen }))
    }
}

/// One group of misses for review: its count, wording and language, when it was last asked, and
/// its buttons.
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
            ("when", &utc_minute(newest.asked_at)),
        ],
    );
    let others = group.other_wordings();
    if !others.is_empty() {
        let quoted: Vec<String> = others
            .iter()
            .take(WORDINGS_SHOWN)
            .map(|w| format!("“{w}”"))
            .collect();
        text.push('\n');
        text.push_str(&fill(t.also_asked, &[("wordings", &quoted.join(", "))]));
    }
    for (entry, n) in group.unhelpful_answers() {
        let title = answerer
            .knowledge()
            .entry(entry)
            .map_or(entry, |e| e.title.get(lang).as_str());
        text.push('\n');
        text.push_str(&fill(
            t.unanswered_unhelpful,
            &[("title", title), ("n", &n.to_string())],
        ));
    }
    if group.rejected_suggestions() > 0 {
        text.push('\n');
        text.push_str(&fill(
            t.after_none_of_these,
            &[("n", &group.rejected_suggestions().to_string())],
        ));
    }
    let kb = answerer.knowledge();
    let candidates: Vec<(&Entry, f32)> = answerer
        .matcher()
        .find(&newest.text)
        .candidates
        .iter()
        .filter(|c| c.score > 0.0)
        .take(ATTACH_CHOICES)
        .map(|c| (&kb.entries()[c.entry], c.score))
        .collect();
    let (keyboard, offered) = keyboards::review_card(&candidates, newest.id, lang);
    if !offered {
        text.push('\n');
        text.push_str(t.no_candidates);
    }
    (text, keyboard)
}

/// "Attach to entry…" on a ticket's card: the ticket's question as a review card, with the same
/// attach, another-entry and dismiss buttons as `/unanswered`, under the card.
pub async fn on_attach_ticket_button(
    here: ChatContext,
    state: Arc<AppState>,
    ticket: i64,
) -> HandlerResult {
    let t = texts(here.lang);
    let Some(ticket) = state.tickets.get(ticket).await? else {
        return Ok(here.send_text(t.handoff_gone, None).await?);
    };
    let Some(question) = ticket.question.clone() else {
        return Ok(here.send_text(t.handoff_gone, None).await?);
    };
    let mut card = match ticket.miss_id {
        Some(miss) => OpenCard::find(&state, miss).await?,
        None => None,
    };
    if card.is_none() {
        let miss = state
            .curation
            .log_asked_staff(&question, ticket.lang)
            .await?;
        state.tickets.set_miss(ticket.id, miss).await?;
        card = OpenCard::find(&state, miss).await?;
    }
    let Some(card) = card else {
        return already_reviewed(&here).await;
    };
    let answerer = state.knowledge.answerer();
    let (text, keyboard) = review_card(&answerer, &card.group, here.lang);
    let html = html::escape(&text);
    here.send_html_reply(&html, Some(keyboard), here.carrying())
        .await?;
    Ok(())
}

/// A review card's button after its group was attached or dismissed (by anyone).
async fn already_reviewed(here: &ChatContext) -> HandlerResult {
    let text = texts(here.lang).already_reviewed;
    Ok(here.show_text(text, keyboards::none()).await?)
}

fn since_window() -> i64 {
    unix_now() - REVIEW_WINDOW
}
