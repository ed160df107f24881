//! Everything the handlers send goes through here: replies (split under Telegram's size limit),
//! messages edited in place, button and inline-query answers. Each request survives Telegram's
//! flood control: a plain `Bot` hands a 429 back as `RequestError::RetryAfter` and the reply would
//! be lost; here the same request is sent again after the time Telegram asks for, a bounded number
//! of times. (Broadcasts have their own throttled sender, `broadcast::Sender`.)

use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardMarkup, InlineQueryResult, LinkPreviewOptions, MessageEntity, MessageId,
    ParseMode,
};

use crate::broadcast::Content;

use super::telegram_html::{MESSAGE_LIMIT, split_message};

/// How many 429s one request may meet before it is given up.
const MAX_RETRIES: u32 = 5;
/// Never wait longer than this for one retry, whatever Telegram says.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// Sends `request`, and again after `retry_after` each time Telegram answers 429.
pub async fn with_retry<R>(
    request: R,
) -> Result<<R::Payload as teloxide::requests::Payload>::Output, RequestError>
where
    R: Request<Err = RequestError> + Clone,
{
    let mut attempt = 0;
    loop {
        match request.clone().send().await {
            Err(RequestError::RetryAfter(wait)) if attempt < MAX_RETRIES => {
                attempt += 1;
                let wait = wait.duration().min(MAX_WAIT);
                tracing::warn!(
                    ?wait,
                    attempt,
                    "flood control (429): retrying after the wait Telegram asked for"
                );
                tokio::time::sleep(wait).await;
            }
            other => return other,
        }
    }
}

/// Sends an HTML reply, split under the size limit; the keyboard goes under the last part.
pub async fn send_html(
    bot: &Bot,
    chat: ChatId,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<(), RequestError> {
    let parts = split_message(html, MESSAGE_LIMIT);
    let last = parts.len() - 1;
    for (i, part) in parts.into_iter().enumerate() {
        let mut request = bot
            .send_message(chat, part)
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if i == last
            && let Some(keyboard) = keyboard.clone()
        {
            request = request.reply_markup(keyboard);
        }
        with_retry(request).await?;
    }
    Ok(())
}

/// Replaces a message's text and keyboard in place (topic navigation), so browsing does not flood
/// the chat.
async fn edit_html(
    bot: &Bot,
    chat: ChatId,
    message: teloxide::types::MessageId,
    html: &str,
    keyboard: InlineKeyboardMarkup,
) -> Result<(), RequestError> {
    let text = split_message(html, MESSAGE_LIMIT).swap_remove(0);
    let request = bot
        .edit_message_text(chat, message, text)
        .parse_mode(ParseMode::Html)
        .link_preview_options(no_preview())
        .reply_markup(keyboard);
    match with_retry(request).await {
        // Tapping the same button twice asks for the same text: nothing to change is not an error.
        Err(RequestError::Api(teloxide::ApiError::MessageNotModified)) => Ok(()),
        other => other.map(|_| ()),
    }
}

/// Shows a reply to a button in place of `message`, the one carrying the button; with none (an
/// old, inaccessible message), as a new message.
pub async fn show_in_place(
    bot: &Bot,
    chat: ChatId,
    message: Option<teloxide::types::MessageId>,
    html: &str,
    keyboard: InlineKeyboardMarkup,
) -> Result<(), RequestError> {
    match message {
        Some(message) => edit_html(bot, chat, message, html, keyboard).await,
        None => send_html(bot, chat, html, Some(keyboard)).await,
    }
}

/// Stops a tapped button's spinner, first thing for every tap. A failure only leaves the spinner
/// turning until Telegram gives up on it, so it is logged and the tap still does its work.
pub async fn stop_spinner(bot: Bot, query: CallbackQuery, update: Update) {
    if let Err(err) = with_retry(bot.answer_callback_query(query.id)).await {
        tracing::warn!(update = update.id.0, error = %err, "cannot answer a button tap");
    }
}

/// Answers an inline query with its results (cached by Telegram for a minute).
pub async fn answer_inline(
    bot: &Bot,
    query: &InlineQuery,
    results: Vec<InlineQueryResult>,
) -> Result<(), RequestError> {
    with_retry(
        bot.answer_inline_query(query.id.clone(), results)
            .cache_time(60),
    )
    .await?;
    Ok(())
}

// --- Broadcasts as composed (issue 13) ---

/// One delivery of a broadcast: sends `content` to `chat` exactly as the preview showed it (a
/// copy of the composed message or album, the inline text with its entities, or a legacy HTML
/// text), through any `Requester` (the sender's paced bot, or the plain one for a preview). Errors
/// are returned as they are: the caller decides what a 429 or a 5xx means.
pub async fn deliver<B>(bot: &B, chat: ChatId, content: &Content) -> Result<(), RequestError>
where
    B: Requester<Err = RequestError>,
{
    match content {
        Content::Html(html) => {
            bot.send_message(chat, html.clone())
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview())
                .send()
                .await?;
        }
        Content::Text { text, entities } => {
            let entities: Vec<MessageEntity> = serde_json::from_str(entities).unwrap_or_else(|err| {
                tracing::warn!(error = %err, "a stored broadcast's entities are unreadable; sending the text without them");
                Vec::new()
            });
            bot.send_message(chat, text.clone())
                .entities(entities)
                .link_preview_options(no_preview())
                .send()
                .await?;
        }
        Content::Copy {
            chat: from,
            message,
            ..
        } => {
            bot.copy_message(chat, ChatId(*from), MessageId(*message))
                .send()
                .await?;
        }
        Content::Album {
            chat: from,
            messages,
        } => {
            bot.copy_messages(chat, ChatId(*from), messages.iter().copied().map(MessageId))
                .send()
                .await?;
        }
    }
    Ok(())
}

/// Shows staff the broadcast they are about to confirm: the very delivery recipients will get,
/// sent to their chat (and again after `retry_after` on a 429, like every reply).
pub async fn preview_broadcast(
    bot: &Bot,
    chat: ChatId,
    content: &Content,
) -> Result<(), RequestError> {
    let mut attempt = 0;
    loop {
        match deliver(bot, chat, content).await {
            Err(RequestError::RetryAfter(wait)) if attempt < MAX_RETRIES => {
                attempt += 1;
                tokio::time::sleep(wait.duration().min(MAX_WAIT)).await;
            }
            other => return other,
        }
    }
}

/// Replaces the text of a broadcast's confirmation message with its progress (no keyboard). The
/// same text again is not an error.
pub async fn edit_progress(
    bot: &Bot,
    chat: ChatId,
    message: MessageId,
    text: &str,
) -> Result<(), RequestError> {
    let request = bot
        .edit_message_text(chat, message, text)
        .link_preview_options(no_preview());
    match with_retry(request).await {
        Err(RequestError::Api(teloxide::ApiError::MessageNotModified)) => Ok(()),
        other => other.map(|_| ()),
    }
}

/// Sends plain text (a broadcast's delivery report) to `chat`, split under the size limit.
pub async fn send_plain(bot: &Bot, chat: ChatId, text: &str) -> Result<(), RequestError> {
    send_html(bot, chat, &teloxide::utils::html::escape(text), None).await
}

// --- end of broadcasts as composed ---

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}
