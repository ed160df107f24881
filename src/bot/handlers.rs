//! The endpoints: thin glue between Telegram updates and the answerer. Each one logs its failure
//! and apologises to the user rather than leaving them in silence.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardMarkup, InlineQueryResult, InlineQueryResultArticle, InputMessageContent,
    InputMessageContentText, Me, ParseMode,
};
use teloxide::utils::html;
use tracing::Instrument;

use crate::answer::{Citation, Reply, ReplyKind};
use crate::broadcast::{Topic, UnknownTopic};
use crate::dates::Date;
use crate::i18n::{fill, texts};
use crate::knowledge::{Entry, Kind};
use crate::lang::Lang;

use super::callback::Callback;
use super::commands::Command;
use super::send::{send_html, show_in_place, with_retry};
use super::telegram_html::{MESSAGE_LIMIT, answer_html, split_message, unknown_html};
use super::{AppState, BotError, HandlerResult, keyboards};

/// The language for a chat when the text itself does not say: the chat's /lang choice, else the
/// user's Telegram client language.
pub(super) async fn chat_lang(
    state: &AppState,
    chat: ChatId,
    user: Option<&teloxide::types::User>,
) -> Lang {
    match state.store.chat_language(chat.0).await {
        Ok(Some(lang)) => lang,
        Ok(None) => Lang::from_language_code(user.and_then(|u| u.language_code.as_deref())),
        Err(err) => {
            tracing::warn!(error = %err, "cannot read the chat language; using the client's");
            Lang::from_language_code(user.and_then(|u| u.language_code.as_deref()))
        }
    }
}

/// Runs a handler body; on failure logs it and tells the user, so no one is left in silence.
pub(super) async fn guarded(
    bot: &Bot,
    chat: Option<ChatId>,
    lang: Lang,
    body: impl std::future::Future<Output = Result<(), BotError>>,
) -> HandlerResult {
    if let Err(err) = body.await {
        tracing::error!(error = %err, "handler failed");
        if let Some(chat) = chat {
            let apology = html::escape(texts(lang).apology);
            if let Err(err) = send_html(bot, chat, &apology, None).await {
                tracing::error!(error = %err, "cannot send the apology either");
            }
        }
    }
    Ok(())
}

/// /start, /help, /lang and /topics.
pub async fn on_command(
    bot: Bot,
    msg: Message,
    command: Command,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    let span = tracing::info_span!("command", chat = %msg.chat.id, update = update.id.0, ?command);
    async {
        let lang = chat_lang(&state, msg.chat.id, msg.from.as_ref()).await;
        tracing::info!(%lang, "command");
        guarded(&bot, Some(msg.chat.id), lang, async {
            let t = texts(lang);
            let chat = msg.chat.id;
            let (text, keyboard) = match command {
                Command::Start => {
                    // A subscriber who had blocked the bot and comes back gets announcements again.
                    state.subscribers.reactivate(chat.0).await?;
                    (t.welcome.to_string(), Some(keyboards::examples(lang)))
                }
                Command::Help => (t.help.to_string(), Some(keyboards::examples(lang))),
                Command::Lang => (t.lang_prompt.to_string(), Some(keyboards::languages())),
                Command::Topics => {
                    let answerer = state.answerer();
                    let keyboard = keyboards::topics(answerer.knowledge(), lang);
                    (t.topics_prompt.to_string(), Some(keyboard))
                }
                Command::Subscribe(arg) => match parse_topic(&arg) {
                    Ok(topic) => {
                        state.subscribers.subscribe(chat.0, topic, lang).await?;
                        (fill(t.subscribed, &[("topic", topic.name(lang))]), None)
                    }
                    Err(_) => (t.unknown_topic.to_string(), None),
                },
                Command::Unsubscribe(arg) => match arg.trim() {
                    "" => {
                        state.subscribers.unsubscribe(chat.0, None).await?;
                        (t.unsubscribed_all.to_string(), None)
                    }
                    word => match word.parse::<Topic>() {
                        Ok(topic) if state.subscribers.unsubscribe(chat.0, Some(topic)).await? => {
                            (fill(t.unsubscribed, &[("topic", topic.name(lang))]), None)
                        }
                        Ok(topic) => (fill(t.not_subscribed, &[("topic", topic.name(lang))]), None),
                        Err(_) => (t.unknown_topic.to_string(), None),
                    },
                },
                Command::Subscriptions => {
                    let topics = state.subscribers.topics(chat.0).await?;
                    let active = state.subscribers.is_active(chat.0).await?;
                    if topics.is_empty() || !active {
                        (t.no_subscriptions.to_string(), None)
                    } else {
                        let names: Vec<&str> =
                            topics.iter().map(|topic| topic.name(lang)).collect();
                        (
                            fill(t.subscriptions, &[("topics", &names.join(", "))]),
                            None,
                        )
                    }
                }
            };
            send_html(&bot, chat, &html::escape(&text), keyboard).await?;
            Ok(())
        })
        .await
    }
    .instrument(span)
    .await
}

/// Any other message: in private chats every text is a question; in groups only text that mentions
/// the bot or replies to it, so the bot never interrupts a conversation.
pub async fn on_message(
    bot: Bot,
    msg: Message,
    me: Me,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    let span = tracing::info_span!("message", chat = %msg.chat.id, update = update.id.0);
    async {
        let addressed = msg.chat.is_private() || replies_to(&msg, &me);
        // `Me::username` panics without one; a Bot API server that omits it only disables mentions.
        let username = me.user.username.as_deref().unwrap_or_default();
        let question = match msg.text() {
            Some(text) if addressed => Some(strip_mention(text, username)),
            Some(text) if mentions(text, username) => Some(strip_mention(text, username)),
            Some(_) => return Ok(()),
            None if addressed => None,
            None => return Ok(()),
        };
        let fallback = chat_lang(&state, msg.chat.id, msg.from.as_ref()).await;
        guarded(&bot, Some(msg.chat.id), fallback, async {
            match question {
                Some(question) => {
                    answer_question(&bot, &state, msg.chat.id, &question, None, fallback).await
                }
                None => {
                    tracing::info!("non-text message: hint");
                    let hint = html::escape(texts(fallback).non_text_hint);
                    Ok(send_html(&bot, msg.chat.id, &hint, None).await?)
                }
            }
        })
        .await
    }
    .instrument(span)
    .await
}

/// Answers a question in a chat: the sourced answer with related entries, "did you mean" with
/// buttons, or an honest "don't know" (logged for curation).
async fn answer_question(
    bot: &Bot,
    state: &AppState,
    chat: ChatId,
    question: &str,
    forced: Option<Lang>,
    fallback: Lang,
) -> Result<(), BotError> {
    let answerer = state.answerer();
    let reply = answerer.reply(question, forced, fallback);
    log_decision(&reply);
    let lang = reply.lang;
    let answered = matches!(reply.kind, ReplyKind::Answer { .. });
    if let Err(err) = state.store.log_question_outcome(lang, answered).await {
        tracing::error!(error = %err, "cannot count a question");
    }
    match &reply.kind {
        ReplyKind::Answer {
            entry,
            citations,
            related,
        } => send_answer(bot, chat, entry, citations, related, lang).await?,
        ReplyKind::Suggestions(entries) => {
            // Remembered only so that "None of these" can log it as a miss; without it the
            // suggestions still go out.
            let offer = match state.curation.offer(question, lang).await {
                Ok(offer) => Some(offer),
                Err(err) => {
                    tracing::error!(error = %err, "cannot remember a suggestion offer");
                    None
                }
            };
            let text = html::bold(&html::escape(texts(lang).did_you_mean));
            let keyboard = keyboards::suggestions(entries, lang, offer);
            send_html(bot, chat, &text, Some(keyboard)).await?;
        }
        ReplyKind::Unknown => {
            if let Err(err) = state.curation.log_unanswered(question, lang).await {
                tracing::error!(error = %err, "cannot log an unanswered question");
            }
            send_html(
                bot,
                chat,
                &unknown_html(lang),
                Some(keyboards::browse_topics(lang)),
            )
            .await?;
        }
    }
    Ok(())
}

/// An entry's sourced answer, with its related entries as buttons.
async fn send_answer(
    bot: &Bot,
    chat: ChatId,
    entry: &Entry,
    citations: &[Citation<'_>],
    related: &[&Entry],
    lang: Lang,
) -> Result<(), teloxide::RequestError> {
    let keyboard = (!related.is_empty()).then(|| keyboards::entries(related, lang));
    send_html(
        bot,
        chat,
        &answer_html(entry, citations, lang, Date::today()),
        keyboard,
    )
    .await
}

fn log_decision(reply: &Reply<'_>) {
    let entry = match &reply.kind {
        ReplyKind::Answer { entry, .. } => entry.id.as_str(),
        _ => "",
    };
    tracing::info!(
        decision = ?reply.result.decision,
        confidence = reply.result.confidence,
        entry,
        lang = %reply.lang,
        "question"
    );
}

/// Buttons: answers, topic navigation (edited in place), language choice, example questions.
pub async fn on_callback(
    bot: Bot,
    query: CallbackQuery,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    let chat = query.message.as_ref().map(|m| m.chat().id);
    let span = tracing::info_span!("callback", chat = ?chat.map(|c| c.0), update = update.id.0);
    async {
        let callback = query.data.as_deref().and_then(Callback::decode);
        let lang = callback.as_ref().map_or_else(
            || Lang::from_language_code(query.from.language_code.as_deref()),
            Callback::lang,
        );
        tracing::info!(data = query.data.as_deref().unwrap_or_default(), "button");
        guarded(&bot, chat, lang, async {
            // Stop the button's spinner first, whatever happens next.
            with_retry(bot.answer_callback_query(query.id.clone())).await?;
            let (Some(callback), Some(chat)) = (callback, chat) else {
                return Ok(());
            };
            handle_callback(&bot, &state, &query, chat, callback).await
        })
        .await
    }
    .instrument(span)
    .await
}

async fn handle_callback(
    bot: &Bot,
    state: &AppState,
    query: &CallbackQuery,
    chat: ChatId,
    callback: Callback,
) -> Result<(), BotError> {
    let answerer = state.answerer();
    let kb = answerer.knowledge();
    // Topic navigation edits the message it came from.
    let show = |html: String, keyboard: InlineKeyboardMarkup| async move {
        show_in_place(bot, query, chat, &html, keyboard).await
    };
    match callback {
        Callback::Answer { lang, entry } => {
            // An entry removed by a reload since the button was sent: answer like a question.
            match kb.entry(&entry) {
                Some(entry) => {
                    let (citations, related) = (answerer.citations(entry), answerer.related(entry));
                    send_answer(bot, chat, entry, &citations, &related, lang).await?;
                }
                None => answer_question(bot, state, chat, &entry, Some(lang), lang).await?,
            }
        }
        Callback::Example { lang, index } => {
            if let Some(question) = texts(lang).examples.get(index) {
                answer_question(bot, state, chat, question, Some(lang), lang).await?;
            }
        }
        Callback::Topics { lang } => {
            let t = texts(lang);
            show(html::escape(t.topics_prompt), keyboards::topics(kb, lang)).await?;
        }
        Callback::Kind { lang, kind } => {
            let heading = html::bold(&html::escape(texts(lang).kind(kind)));
            show(heading, keyboards::kind(kb, kind, lang)).await?;
        }
        Callback::Entry { lang, entry } => match kb.entry(&entry) {
            Some(entry) => {
                let related = answerer.related(entry);
                let html = answer_html(entry, &answerer.citations(entry), lang, Date::today());
                show(html, keyboards::entry_in_topics(&related, entry.kind, lang)).await?;
            }
            None => {
                let t = texts(lang);
                show(html::escape(t.topics_prompt), keyboards::topics(kb, lang)).await?;
            }
        },
        Callback::ConfirmBroadcast { .. }
        | Callback::CancelBroadcast { .. }
        | Callback::Attach { .. }
        | Callback::Dismiss { .. }
        | Callback::Undo { .. }
        | Callback::Pick { .. } => {
            super::staff::on_staff_button(bot, state, query, chat, callback).await?;
        }
        Callback::NoneOfThese { lang, offer } => {
            // A second tap finds the offer gone and logs nothing more.
            if state.curation.reject_offer(offer).await?.is_some() {
                tracing::info!(offer, "suggestions rejected: logged as a miss");
            }
            let text = html::escape(texts(lang).none_of_these_logged);
            show(text, keyboards::browse_topics(lang)).await?;
        }
        Callback::SetLang { lang } => {
            state.store.set_chat_language(chat.0, lang).await?;
            state.subscribers.set_language(chat.0, lang).await?;
            let done = html::escape(texts(lang).chat_language_set);
            show(done, InlineKeyboardMarkup::default()).await?;
        }
    }
    Ok(())
}

/// `@bot question` from any chat: up to five matching entries as articles whose message is the
/// sourced answer. An empty query lists one entry of each kind to start from.
pub async fn on_inline_query(
    bot: Bot,
    query: InlineQuery,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    let span = tracing::info_span!("inline", user = query.from.id.0, update = update.id.0);
    async {
        let lang = Lang::detect(&query.query)
            .unwrap_or_else(|| Lang::from_language_code(query.from.language_code.as_deref()));
        let answerer = state.answerer();
        let kb = answerer.knowledge();
        let entries: Vec<&Entry> = if query.query.trim().is_empty() {
            Kind::ALL
                .iter()
                .filter_map(|&kind| kb.entries_of(kind).next())
                .collect()
        } else {
            let result = answerer.matcher().find(&query.query);
            let floor = answerer.matcher().tuning().suggest;
            result
                .candidates
                .iter()
                .filter(|c| c.score >= floor)
                .map(|c| &kb.entries()[c.entry])
                .collect()
        };
        tracing::info!(results = entries.len(), %lang, "inline query");
        let results: Vec<InlineQueryResult> = entries
            .iter()
            .take(5)
            .map(|entry| {
                let html = answer_html(entry, &answerer.citations(entry), lang, Date::today());
                let text = split_message(&html, MESSAGE_LIMIT).swap_remove(0);
                let content = InputMessageContent::Text(
                    InputMessageContentText::new(text).parse_mode(ParseMode::Html),
                );
                let description: String = entry.answer.get(lang).chars().take(120).collect();
                InlineQueryResult::Article(
                    InlineQueryResultArticle::new(
                        entry.id.clone(),
                        entry.title.get(lang).clone(),
                        content,
                    )
                    .description(description),
                )
            })
            .collect();
        if let Err(err) = with_retry(
            bot.answer_inline_query(query.id.clone(), results)
                .cache_time(60),
        )
        .await
        {
            tracing::error!(error = %err, "cannot answer an inline query");
        }
        Ok(())
    }
    .instrument(span)
    .await
}

/// `/subscribe` with no topic subscribes to everything.
fn parse_topic(arg: &str) -> Result<Topic, UnknownTopic> {
    match arg.trim() {
        "" => Ok(Topic::All),
        word => word.parse(),
    }
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
