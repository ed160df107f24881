//! Everything the handlers send goes through here: replies (split under Telegram's size limit),
//! messages edited in place, button and inline-query answers. Each request survives Telegram's
//! flood control: a plain `Bot` hands a 429 back as `RequestError::RetryAfter` and the reply would
//! be lost; here the same request is sent again after the time Telegram asks for, a bounded number
//! of times. (Broadcasts have their own throttled sender, `broadcast::Sender`.)

use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardMarkup, InlineQueryResult, LinkPreviewOptions, MessageId, ParseMode,
    ReplyParameters,
};

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
    send_html_reply(bot, chat, html, keyboard, None).await?;
    Ok(())
}

/// [`send_html`] as a reply to `reply_to` (its first part; sent anyway if that message is gone),
/// returning the id of the last part: the handoff remembers the messages of a ticket's thread.
pub async fn send_html_reply(
    bot: &Bot,
    chat: ChatId,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
    reply_to: Option<MessageId>,
) -> Result<MessageId, RequestError> {
    let parts = split_message(html, MESSAGE_LIMIT);
    let last = parts.len() - 1;
    let mut sent = MessageId(0);
    for (i, part) in parts.into_iter().enumerate() {
        let mut request = bot
            .send_message(chat, part)
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if i == 0
            && let Some(message) = reply_to
        {
            request = request.reply_parameters(reply(message));
        }
        if i == last
            && let Some(keyboard) = keyboard.clone()
        {
            request = request.reply_markup(keyboard);
        }
        sent = with_retry(request).await?.id;
    }
    Ok(sent)
}

/// Copies a message (text or any media) into another chat, as a reply to `reply_to` there: how
/// the handoff relays staff answers to users and users' answers back to the staff chat.
pub async fn copy_message(
    bot: &Bot,
    to: ChatId,
    from: ChatId,
    message: MessageId,
    reply_to: Option<MessageId>,
) -> Result<MessageId, RequestError> {
    let mut request = bot.copy_message(to, from, message);
    if let Some(reply_to) = reply_to {
        request = request.reply_parameters(reply(reply_to));
    }
    with_retry(request).await
}

/// Replaces only a message's keyboard, its text unchanged (an answer after a vote).
pub async fn edit_keyboard(
    bot: &Bot,
    chat: ChatId,
    message: MessageId,
    keyboard: InlineKeyboardMarkup,
) -> Result<(), RequestError> {
    let request = bot
        .edit_message_reply_markup(chat, message)
        .reply_markup(keyboard);
    match with_retry(request).await {
        Err(RequestError::Api(teloxide::ApiError::MessageNotModified)) => Ok(()),
        other => other.map(|_| ()),
    }
}

fn reply(message: MessageId) -> ReplyParameters {
    ReplyParameters::new(message).allow_sending_without_reply()
}

/// Replaces a message's text and keyboard in place (topic navigation, a ticket's card), so
/// browsing does not flood the chat.
pub async fn edit_html(
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

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}
