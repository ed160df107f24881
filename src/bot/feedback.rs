//! 👍 / 👎 under answers: a tap records the vote (one per user and answer, a second tap changes
//! it) and edits the answer's keyboard in place, its text unchanged; after a 👎 the keyboard offers
//! what was wrong and "Ask programme staff". The domain is `crate::feedback`.

use std::sync::Arc;

use teloxide::types::CallbackQuery;

use crate::feedback::{Detail, Vote};
use crate::lang::Lang;
use crate::store::Record;
use crate::store::unix_now;

use super::context::{ChatContext, HandlerResult};
use super::keyboards::{self, AnswerFeedback};
use super::state::AppState;

/// Remembers an answer so its vote buttons can name it: an id at once, the row written by the
/// database writer, so the answer never waits on the database.
pub fn remember(
    state: &AppState,
    question: Option<&str>,
    lang: Lang,
    entries: &[&str],
) -> Option<AnswerFeedback> {
    let answer = state.next_answer_id();
    state.writer.record(Record::Answer {
        id: answer,
        entries: entries.iter().map(|e| e.to_string()).collect(),
        question: question.map(str::to_string),
        lang,
        answered_at: unix_now(),
    });
    Some(AnswerFeedback {
        answer,
        voted: None,
        follow_up: false,
        ask_staff: false,
    })
}

/// 👍 or 👎: the vote is recorded (a 👎 logs the question as a miss at once) and the keyboard
/// shows it; after a 👎 it offers the follow-ups.
pub async fn on_vote(
    here: ChatContext,
    state: Arc<AppState>,
    query: CallbackQuery,
    (answer, vote): (i64, Vote),
) -> HandlerResult {
    // The answer may still be on its way to the database.
    state.recorded().await;
    let Some(outcome) = state.feedback.vote(answer, here.user_id(), vote).await? else {
        tracing::info!(answer, "vote on a forgotten answer: nothing recorded");
        return Ok(());
    };
    tracing::info!(answer, ?vote, logged_miss = outcome.miss.is_some(), "vote");
    let unhelpful = vote == Vote::Unhelpful;
    let feedback = AnswerFeedback {
        answer,
        voted: Some(vote),
        follow_up: unhelpful,
        ask_staff: unhelpful && can_ask_staff(&here, &state) && outcome.answer.question.is_some(),
    };
    let keyboard = keyboards::revote(current_keyboard(&query), feedback, here.lang);
    Ok(here.replace_keyboard(keyboard).await?)
}

/// What was wrong with a 👎'd answer: recorded on the vote; the follow-ups make way for "Ask
/// programme staff" alone.
pub async fn on_detail(
    here: ChatContext,
    state: Arc<AppState>,
    query: CallbackQuery,
    (answer, detail): (i64, Detail),
) -> HandlerResult {
    if !state
        .feedback
        .detail(answer, here.user_id(), detail)
        .await?
    {
        tracing::info!(answer, "follow-up without a 👎 of this user: ignored");
        return Ok(());
    }
    tracing::info!(answer, %detail, "unhelpful answer: follow-up");
    let asked = state.feedback.answer(answer).await?;
    let feedback = AnswerFeedback {
        answer,
        voted: Some(Vote::Unhelpful),
        follow_up: false,
        ask_staff: can_ask_staff(&here, &state) && asked.is_some_and(|a| a.question.is_some()),
    };
    let keyboard = keyboards::revote(current_keyboard(&query), feedback, here.lang);
    Ok(here.replace_keyboard(keyboard).await?)
}

/// Whether "Ask programme staff" can be offered here: the handoff is on and this is a private chat.
pub fn can_ask_staff(here: &ChatContext, state: &AppState) -> bool {
    state.handoff.staff_chat.is_some() && here.is_private()
}

fn current_keyboard(query: &CallbackQuery) -> Option<&teloxide::types::InlineKeyboardMarkup> {
    query.regular_message().and_then(|m| m.reply_markup())
}
