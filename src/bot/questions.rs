//! Questions: any text that is not a command is one (in groups only when it mentions the bot or
//! replies to it), answered with the sourced answer and related entries (several entries, or a list
//! with each item a button, when that is what was asked), "did you mean" with buttons, the
//! programme's entries for a general-knowledge question, a friendly reply to small talk, or an
//! honest "don't know" logged for curation. Also the buttons that ask: an answer or
//! example button, and "None of these" under suggestions.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::utils::html;

use crate::answer::{Citation, Reply, ReplyKind};
use crate::dates::Date;
use crate::i18n::texts;
use crate::knowledge::Entry;
use crate::lang::Lang;
use crate::store::{Record, unix_now};

use super::context::ChatContext;
use super::context::{BotError, HandlerResult};
use super::state::AppState;
use super::telegram_html::{answer_html, list_html, several_html, smalltalk_html, unknown_html};
use super::{feedback, keyboards};

/// A message addressed to the bot that is not a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// A question, without the bot's `@username`.
    Text(String),
    /// A sticker, photo, voice message…: the bot can only read text.
    NotText,
    /// Nothing to read once the mention is gone: a bare `@mention`, spaces, punctuation.
    Empty,
}

impl Question {
    /// The question a message asks the bot, if it asks one: in private chats every message; in
    /// groups only text that mentions the bot or replies to it, so the bot never interrupts a
    /// conversation.
    pub fn of_message(msg: Message, me: Me) -> Option<Question> {
        let addressed = msg.chat.is_private() || replies_to(&msg, &me);
        // `Me::username` panics without one; a Bot API server that omits it only disables mentions.
        let username = me.user.username.as_deref().unwrap_or_default();
        match msg.text() {
            Some(text) if addressed || mentions(text, username) => {
                let question = strip_mention(text, username);
                Some(if question.chars().any(char::is_alphanumeric) {
                    Question::Text(question)
                } else {
                    Question::Empty
                })
            }
            None if addressed => Some(Question::NotText),
            _ => None,
        }
    }
}

/// A question in a message, answered in the question's language, else the chat's.
pub async fn on_question(
    here: ChatContext,
    state: Arc<AppState>,
    question: Question,
) -> HandlerResult {
    match question {
        Question::Text(text) => answer_question(&state, &here, &text, None).await,
        Question::NotText => {
            tracing::info!("non-text message: hint");
            let hint = texts(here.lang).non_text_hint;
            Ok(here.send_text(hint, None).await?)
        }
        // Not a question, so neither answered nor a miss: nothing is recorded.
        Question::Empty => {
            tracing::info!("empty question: hint");
            let keyboard = keyboards::examples(here.lang);
            let hint = texts(here.lang).empty_question_hint;
            Ok(here.send_text(hint, Some(keyboard)).await?)
        }
    }
}

/// An answer button (suggestions, related entries): the entry's answer. An entry removed by a
/// reload since the button was sent is asked about like a question.
pub async fn on_answer_button(
    here: ChatContext,
    state: Arc<AppState>,
    entry: String,
) -> HandlerResult {
    let answerer = state.knowledge.answerer();
    match answerer.knowledge().entry(&entry) {
        Some(entry) => {
            let (citations, related) = (answerer.citations(entry), answerer.related(entry));
            // No question was typed: a 👎 here is counted, but there is nothing to log as a miss.
            let votes = feedback::remember(&state, None, here.lang, &[entry.id.as_str()]);
            Ok(send_answer(&here, "", entry, &citations, &related, votes).await?)
        }
        None => answer_question(&state, &here, &entry, Some(here.lang)).await,
    }
}

/// An example question button of /start and /help: asks it.
pub async fn on_example_button(
    here: ChatContext,
    state: Arc<AppState>,
    index: usize,
) -> HandlerResult {
    match texts(here.lang).examples.get(index) {
        Some(question) => answer_question(&state, &here, question, Some(here.lang)).await,
        None => Ok(()),
    }
}

/// "None of these" under suggestions: the question is logged as a miss for the staff (once,
/// however often it is tapped), and the user is pointed to the topics.
pub async fn on_none_of_these(
    here: ChatContext,
    state: Arc<AppState>,
    offer: i64,
) -> HandlerResult {
    // The offer may still be on its way to the database. A second tap finds it gone and logs
    // nothing more.
    state.recorded().await;
    if state.curation.reject_offer(offer).await?.is_some() {
        tracing::info!(offer, "suggestions rejected: logged as a miss");
    }
    let t = texts(here.lang);
    let keyboard = keyboards::browse_topics(here.lang);
    here.show_text(t.none_of_these_logged, keyboard).await?;
    Ok(())
}

/// Answers a question in a chat: the sourced answer with related entries, "did you mean" with
/// buttons, or an honest "don't know" (logged for curation).
async fn answer_question(
    state: &AppState,
    here: &ChatContext,
    question: &str,
    forced: Option<Lang>,
) -> Result<(), BotError> {
    let answerer = state.knowledge.answerer();
    let reply = answerer.reply(question, forced, here.lang);
    log_decision(&reply);
    let lang = reply.lang;
    let answered = reply.kind.is_answer();
    let asked_at = unix_now();
    // Recorded off the reply path: the reply never waits on the database.
    state.writer.record(Record::QuestionOutcome {
        lang,
        answered,
        asked_at,
    });
    let here = here.in_lang(lang);
    // "The report does not give the venue…", before an answer that does not give what was asked.
    let lead = reply
        .unsaid_line()
        .map(|line| format!("{}\n\n", html::italic(&html::escape(&line))))
        .unwrap_or_default();
    match &reply.kind {
        ReplyKind::Answer {
            entry,
            citations,
            related,
        } => {
            let votes = feedback::remember(state, Some(question), lang, &[entry.id.as_str()]);
            send_answer(&here, &lead, entry, citations, related, votes).await?
        }
        ReplyKind::Suggestions(entries) => {
            // Remembered only so that "None of these" can log it as a miss; its id comes from
            // memory and the writer stores it, so the suggestions never wait on the database.
            let offer = state.next_offer_id();
            state.writer.record(Record::Offer {
                id: offer,
                text: question.to_string(),
                lang,
                asked_at,
            });
            let offer = Some(offer);
            let text = html::bold(&html::escape(texts(lang).did_you_mean));
            let keyboard = keyboards::suggestions(entries, lang, offer);
            here.send_html(&text, Some(keyboard)).await?;
        }
        ReplyKind::Several(parts) => {
            // The parts' related entries, each once, and none the reply already answers.
            let mut related: Vec<&Entry> = Vec::new();
            for entry in parts.iter().flat_map(|p| p.related.iter().copied()) {
                if !related.contains(&entry) && !parts.iter().any(|p| p.entry.id == entry.id) {
                    related.push(entry);
                }
            }
            let ids: Vec<&str> = parts.iter().map(|p| p.entry.id.as_str()).collect();
            let votes = feedback::remember(state, Some(question), lang, &ids);
            let keyboard = keyboards::answer(&related, lang, votes);
            let html = lead + &several_html(parts, lang, Date::today());
            here.send_html(&html, keyboard).await?;
        }
        ReplyKind::List(list) => {
            let keyboard = keyboards::entries(&list.items, lang);
            here.send_html(&list_html(list, lang), Some(keyboard))
                .await?;
        }
        ReplyKind::InProgramme(entries) => {
            let keyboard = keyboards::entries(entries, lang);
            here.send_text(texts(lang).in_programme, Some(keyboard))
                .await?;
        }
        ReplyKind::SmallTalk(kind) => {
            let keyboard = keyboards::examples(lang);
            here.send_html(&smalltalk_html(*kind, lang), Some(keyboard))
                .await?;
        }
        ReplyKind::Unknown => {
            state.writer.record(Record::Miss {
                text: question.to_string(),
                lang,
                asked_at,
            });
            // "Ask programme staff" names the question by an offer (no user, like the miss),
            // allocated in memory and written by the writer like a "did you mean" offer.
            let ask = match state.handoff.staff_chat {
                Some(_) if here.is_private() => {
                    let offer = state.next_offer_id();
                    state.writer.record(Record::Offer {
                        id: offer,
                        text: question.to_string(),
                        lang,
                        asked_at,
                    });
                    Some(offer)
                }
                _ => None,
            };
            let keyboard = keyboards::dont_know(lang, ask);
            here.send_html(&unknown_html(lang), Some(keyboard)).await?;
        }
    }
    Ok(())
}

/// An entry's sourced answer after `lead` (the line saying what the report does not give, or
/// nothing), with its related entries as buttons and 👍 / 👎.
async fn send_answer(
    here: &ChatContext,
    lead: &str,
    entry: &Entry,
    citations: &[Citation<'_>],
    related: &[&Entry],
    votes: Option<keyboards::AnswerFeedback>,
) -> Result<(), teloxide::RequestError> {
    let keyboard = keyboards::answer(related, here.lang, votes);
    let html = format!(
        "{lead}{}",
        answer_html(entry, citations, here.lang, Date::today())
    );
    here.send_html(&html, keyboard).await
}

fn log_decision(reply: &Reply<'_>) {
    let entries = reply.entries();
    let entry = entries.first().map_or("", |e| e.id.as_str());
    tracing::info!(
        decision = ?reply.result.decision,
        confidence = reply.result.confidence,
        entry,
        lang = %reply.lang,
        "question"
    );
}

/// Whether the message replies to one of the bot's own messages.
fn replies_to(msg: &Message, me: &Me) -> bool {
    msg.reply_to_message()
        .and_then(|replied| replied.from.as_ref())
        .is_some_and(|author| author.id == me.id)
}

/// Whether the text mentions `@username` (usernames are ASCII and case-insensitive).
fn mentions(text: &str, username: &str) -> bool {
    mention_at(text, username).is_some()
}

fn mention_at(text: &str, username: &str) -> Option<usize> {
    if username.is_empty() {
        return None;
    }
    let needle = format!("@{username}");
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(needle.len() - 1)).find(|&i| {
        bytes[i..i + needle.len()].eq_ignore_ascii_case(needle.as_bytes())
            && bytes
                .get(i + needle.len())
                .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
    })
}

/// The question without the bot's `@username`.
fn strip_mention(text: &str, username: &str) -> String {
    let mut rest = text.to_string();
    while let Some(at) = mention_at(&rest, username) {
        rest.replace_range(at..at + username.len() + 1, " ");
    }
    rest.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mention_is_found_case_insensitively_and_stripped() {
        assert!(mentions("hi @CoopBot when is it?", "coopbot"));
        assert_eq!(
            strip_mention("@coopbot when is the meeting?", "CoopBot"),
            "when is the meeting?"
        );
    }

    #[test]
    fn a_bare_mention_or_punctuation_is_an_empty_question() {
        assert_eq!(strip_mention("@coopbot", "coopbot"), "");
        assert!(
            !strip_mention("@coopbot  ?!", "coopbot")
                .chars()
                .any(char::is_alphanumeric)
        );
    }

    #[test]
    fn a_longer_username_is_not_a_mention() {
        assert!(!mentions("ask @coopbot_fan", "coopbot"));
        assert!(!mentions("no mention here", "coopbot"));
        assert!(!mentions("mail me @ home", ""));
    }

    #[test]
    fn a_mention_inside_persian_text_is_stripped() {
        assert_eq!(
            strip_mention("سلام @coopbot نشست مسکو کی است؟", "coopbot"),
            "سلام   نشست مسکو کی است؟"
        );
    }
}
