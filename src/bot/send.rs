//! Everything the bot sends goes through here: replies (split under Telegram's size limit),
//! messages edited in place, button and inline-query answers and the command menu. Each request first takes a permit from the send governor (`crate::sending`), so the
//! bot as a whole keeps to Telegram's limits and replies go ahead of broadcasts; then:
//!
//! - a 429 freezes all sending for `retry_after` (the governor stores the freeze) and the same
//!   request is sent again when it has passed, a bounded number of times;
//! - a reply that meets a server error or a network failure is sent again after a short backoff,
//!   a bounded number of times, before the user gets the apology (the request goes out through
//!   `transport`, which does not add teloxide's 10 s sleep after a 5xx).
//!
//! Broadcast deliveries take their permits from the same governor, in `broadcast::sender`, and
//! go out through the same `transport`.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::requests::{HasPayload, JsonRequest, Payload};
use teloxide::types::{
    InlineKeyboardMarkup, InlineQueryResult, LinkPreviewOptions, MessageEntity, MessageId,
    ParseMode, ReplyParameters,
};

use crate::broadcast::Content;

use crate::sending::Governor;

use super::state::AppState;
use super::telegram_html::{MESSAGE_LIMIT, split_message};
use super::transport::{self, is_transient};

/// How many 429s one request may meet before it is given up.
const MAX_FLOOD_RETRIES: u32 = 5;
/// Never freeze longer than this for one 429, whatever it says.
const MAX_WAIT: Duration = Duration::from_secs(60);
/// The waits before each new attempt of a reply that met a server or network error; their number
/// bounds the attempts (1 + 3), their sum (2.1 s) the delay the user sees before the apology.
const TRANSIENT_BACKOFF: [Duration; 3] = [
    Duration::from_millis(200),
    Duration::from_millis(500),
    Duration::from_millis(1400),
];

/// The bot's way out: the Bot API client and the governor every request asks first. Cheap to
/// clone.
#[derive(Clone)]
pub struct Outbound {
    bot: Bot,
    governor: Arc<Governor>,
}

/// Where a request goes, for the governor: a chat's message count, or only the overall rate.
#[derive(Debug, Clone, Copy)]
enum Target {
    Chat(ChatId),
    NoChat,
}

impl Outbound {
    /// Requests through `bot`, paced by `governor`.
    pub fn new(bot: Bot, governor: Arc<Governor>) -> Outbound {
        Outbound { bot, governor }
    }

    /// The way out of a handler: the dispatcher's bot and the app's governor.
    pub fn of(bot: Bot, state: &AppState) -> Outbound {
        Outbound::new(bot, state.governor.clone())
    }

    /// The Bot API client, for building requests to hand back to [`Outbound`].
    pub fn bot(&self) -> &Bot {
        &self.bot
    }

    /// The governor the requests ask.
    pub fn governor(&self) -> &Arc<Governor> {
        &self.governor
    }

    /// Sends `request` as a reply: permit, then the call, again after a 429's freeze and after a
    /// transient failure, each a bounded number of times.
    async fn paced<R>(
        &self,
        target: Target,
        request: R,
    ) -> Result<<R::Payload as Payload>::Output, RequestError>
    where
        R: HasPayload,
        R::Payload: Serialize,
        <R::Payload as Payload>::Output: DeserializeOwned,
    {
        let (mut floods, mut failures) = (0, 0);
        loop {
            let _permit = match target {
                Target::Chat(chat) => self.governor.reply_permit(chat.0).await,
                Target::NoChat => self.governor.answer_permit().await,
            };
            match transport::call(&self.bot, &request).await {
                Err(RequestError::RetryAfter(wait)) if floods < MAX_FLOOD_RETRIES => {
                    floods += 1;
                    self.governor.freeze(wait.duration().min(MAX_WAIT));
                }
                Err(err) if is_transient(&err) && failures < TRANSIENT_BACKOFF.len() => {
                    let backoff = TRANSIENT_BACKOFF[failures];
                    failures += 1;
                    tracing::warn!(error = %err, attempt = failures, ?backoff, "a reply failed; sending it again");
                    tokio::time::sleep(backoff).await;
                }
                other => return other,
            }
        }
    }

    /// Sends an HTML reply, split under the size limit; the keyboard goes under the last part.
    pub async fn send_html(
        &self,
        chat: ChatId,
        html: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        self.send_parts(chat, split_message(html, MESSAGE_LIMIT), keyboard)
            .await
    }

    /// Sends the parts of a reply in order, the keyboard under the last.
    async fn send_parts(
        &self,
        chat: ChatId,
        parts: Vec<String>,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        self.send_parts_replying(chat, parts, keyboard, None)
            .await
            .map(|_| ())
    }

    /// [`send_parts`](Self::send_parts), the first part as a reply to `reply_to` (sent anyway if
    /// that message is gone); returns the last part's id.
    async fn send_parts_replying(
        &self,
        chat: ChatId,
        parts: Vec<String>,
        keyboard: Option<InlineKeyboardMarkup>,
        reply_to: Option<MessageId>,
    ) -> Result<MessageId, RequestError> {
        let last = parts.len().saturating_sub(1);
        let mut sent = MessageId(0);
        for (i, part) in parts.into_iter().enumerate() {
            let mut request = self
                .bot
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
            sent = self.paced(Target::Chat(chat), request).await?.id;
        }
        Ok(sent)
    }

    /// [`send_html`](Self::send_html) as a reply to `reply_to`, returning the message's id (its
    /// last part's): the handoff remembers every message of a ticket's thread.
    pub async fn send_html_reply(
        &self,
        chat: ChatId,
        html: &str,
        keyboard: Option<InlineKeyboardMarkup>,
        reply_to: Option<MessageId>,
    ) -> Result<MessageId, RequestError> {
        let parts = split_message(html, MESSAGE_LIMIT);
        self.send_parts_replying(chat, parts, keyboard, reply_to)
            .await
    }

    /// Copies a message (text or any media) into another chat, as a reply to `reply_to` there: how
    /// the handoff relays staff answers to users and users' answers back to the staff chat.
    pub async fn copy_to(
        &self,
        to: ChatId,
        from: ChatId,
        message: MessageId,
        reply_to: Option<MessageId>,
    ) -> Result<MessageId, RequestError> {
        let mut request = self.bot.copy_message(to, from, message);
        if let Some(reply_to) = reply_to {
            request = request.reply_parameters(reply(reply_to));
        }
        self.paced(Target::Chat(to), request).await
    }

    /// Replaces only a message's keyboard, its text unchanged (an answer after a vote).
    pub async fn edit_keyboard(
        &self,
        chat: ChatId,
        message: MessageId,
        keyboard: InlineKeyboardMarkup,
    ) -> Result<(), RequestError> {
        let request = self
            .bot
            .edit_message_reply_markup(chat, message)
            .reply_markup(keyboard);
        match self.paced(Target::Chat(chat), request).await {
            Err(RequestError::Api(teloxide::ApiError::MessageNotModified)) => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// Replaces a message's text and keyboard in place (topic navigation, a ticket's card), so
    /// browsing does not flood the chat. A text over the size limit fills the message with its
    /// first part and follows it with the rest, the keyboard under the last part.
    pub async fn edit_html(
        &self,
        chat: ChatId,
        message: MessageId,
        html: &str,
        keyboard: InlineKeyboardMarkup,
    ) -> Result<(), RequestError> {
        let mut parts = split_message(html, MESSAGE_LIMIT).into_iter();
        let first = parts.next().unwrap_or_default();
        let rest: Vec<String> = parts.collect();
        let mut request = self
            .bot
            .edit_message_text(chat, message, first)
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if rest.is_empty() {
            request = request.reply_markup(keyboard.clone());
        }
        match self.paced(Target::Chat(chat), request).await {
            // Tapping the same button twice asks for the same text: nothing to change is not an
            // error.
            Err(RequestError::Api(teloxide::ApiError::MessageNotModified)) => {}
            Err(err) => return Err(err),
            Ok(_) => {}
        }
        if !rest.is_empty() {
            self.send_parts(chat, rest, Some(keyboard)).await?;
        }
        Ok(())
    }

    /// Shows a reply to a button in place of `message`, the one carrying the button; with none (an
    /// old, inaccessible message), as a new message.
    pub async fn show_in_place(
        &self,
        chat: ChatId,
        message: Option<MessageId>,
        html: &str,
        keyboard: InlineKeyboardMarkup,
    ) -> Result<(), RequestError> {
        match message {
            Some(message) => self.edit_html(chat, message, html, keyboard).await,
            None => self.send_html(chat, html, Some(keyboard)).await,
        }
    }

    /// Answers an inline query with its results (cached by Telegram for a minute).
    pub async fn answer_inline(
        &self,
        query: &InlineQuery,
        results: Vec<InlineQueryResult>,
    ) -> Result<(), RequestError> {
        let request = self
            .bot
            .answer_inline_query(query.id.clone(), results)
            .cache_time(60);
        self.paced(Target::NoChat, request).await?;
        Ok(())
    }

    /// Registers one command menu (`setMyCommands`), paced like everything else.
    pub async fn set_commands(
        &self,
        request: teloxide::requests::JsonRequest<teloxide::payloads::SetMyCommands>,
    ) -> Result<(), RequestError> {
        self.paced(Target::NoChat, request).await?;
        Ok(())
    }
}

/// Stops a tapped button's spinner, first thing for every tap. A failure only leaves the spinner
/// turning until Telegram gives up on it, so it is logged and the tap still does its work.
pub async fn stop_spinner(bot: Bot, query: CallbackQuery, update: Update, state: Arc<AppState>) {
    let out = Outbound::of(bot.clone(), &state);
    if let Err(err) = out
        .paced(Target::NoChat, bot.answer_callback_query(query.id))
        .await
    {
        tracing::warn!(update = update.id.0, error = %err, "cannot answer a button tap");
    }
}

/// A reply that is sent even if the message it answers is gone.
fn reply(message: MessageId) -> ReplyParameters {
    ReplyParameters::new(message).allow_sending_without_reply()
}

// --- Broadcasts as composed (issue 13) ---

/// The request one delivery of a broadcast is: the copy of the composed message or album, the
/// inline text with its entities, or a legacy HTML text. The preview and every recipient get the
/// same one, so what staff saw is what is sent.
enum Delivery {
    Message(JsonRequest<teloxide::payloads::SendMessage>),
    Copy(JsonRequest<teloxide::payloads::CopyMessage>),
    Album(JsonRequest<teloxide::payloads::CopyMessages>),
}

impl Delivery {
    fn of(bot: &Bot, chat: ChatId, content: &Content) -> Delivery {
        match content {
            Content::Html(html) => Delivery::Message(
                bot.send_message(chat, html.clone())
                    .parse_mode(ParseMode::Html)
                    .link_preview_options(no_preview()),
            ),
            Content::Text { text, entities } => {
                let entities: Vec<MessageEntity> = serde_json::from_str(entities)
                    .unwrap_or_else(|err| {
                        tracing::warn!(error = %err, "a stored broadcast's entities are unreadable; sending the text without them");
                        Vec::new()
                    });
                Delivery::Message(
                    bot.send_message(chat, text.clone())
                        .entities(entities)
                        .link_preview_options(no_preview()),
                )
            }
            Content::Copy {
                chat: from,
                message,
                ..
            } => Delivery::Copy(bot.copy_message(chat, ChatId(*from), MessageId(*message))),
            Content::Album {
                chat: from,
                messages,
            } => Delivery::Album(bot.copy_messages(
                chat,
                ChatId(*from),
                messages.iter().copied().map(MessageId),
            )),
        }
    }
}

/// One delivery of a broadcast to `chat`, its permit already granted by the sender: one attempt,
/// through the transport (a 5xx comes back at once). The sender decides what a 429 or a 5xx means.
pub async fn deliver(bot: &Bot, chat: ChatId, content: &Content) -> Result<(), RequestError> {
    match Delivery::of(bot, chat, content) {
        Delivery::Message(request) => transport::call(bot, &request).await.map(|_| ()),
        Delivery::Copy(request) => transport::call(bot, &request).await.map(|_| ()),
        Delivery::Album(request) => transport::call(bot, &request).await.map(|_| ()),
    }
}

impl Outbound {
    /// Shows staff the broadcast they are about to confirm: the very delivery recipients will
    /// get, sent to their chat, paced like a reply.
    pub async fn preview_broadcast(
        &self,
        chat: ChatId,
        content: &Content,
    ) -> Result<(), RequestError> {
        let target = Target::Chat(chat);
        match Delivery::of(&self.bot, chat, content) {
            Delivery::Message(request) => self.paced(target, request).await.map(|_| ()),
            Delivery::Copy(request) => self.paced(target, request).await.map(|_| ()),
            Delivery::Album(request) => self.paced(target, request).await.map(|_| ()),
        }
    }

    /// Replaces the text of a broadcast's confirmation message with its progress (no keyboard).
    /// The same text again is not an error.
    pub async fn edit_progress(
        &self,
        chat: ChatId,
        message: MessageId,
        text: &str,
    ) -> Result<(), RequestError> {
        let request = self
            .bot
            .edit_message_text(chat, message, text)
            .link_preview_options(no_preview());
        match self.paced(Target::Chat(chat), request).await {
            Err(RequestError::Api(teloxide::ApiError::MessageNotModified)) => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// Sends plain text (a broadcast's delivery report) to `chat`, split under the size limit.
    pub async fn send_plain(&self, chat: ChatId, text: &str) -> Result<(), RequestError> {
        self.send_html(chat, &teloxide::utils::html::escape(text), None)
            .await
    }
}

// --- end of broadcasts as composed ---

/// No link previews: replies cite report URLs, and a preview card for each would bury the answer.
pub(crate) fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The requests that send or change something in a chat, by their teloxide method names.
    const SENDING_METHODS: [&str; 12] = [
        ".send_message(",
        ".edit_message_text(",
        ".edit_message_reply_markup(",
        ".edit_message_caption(",
        ".answer_callback_query(",
        ".answer_inline_query(",
        ".copy_message(",
        ".copy_messages(",
        ".forward_message(",
        ".send_photo(",
        ".send_document(",
        ".send_media_group(",
    ];

    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for item in std::fs::read_dir(dir).expect("src/bot") {
            let path = item.expect("entry").path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_request_in_the_bot_is_built_here_and_paced_by_the_governor() {
        let bot = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bot");
        let mut found = Vec::new();
        files(&bot, &mut found);
        assert!(found.len() > 10, "{found:?}");
        for path in found.iter().filter(|p| !p.ends_with("send.rs")) {
            let text = std::fs::read_to_string(path).expect("read");
            for method in SENDING_METHODS {
                assert!(
                    !text.contains(method),
                    "{} calls {method} itself: send it through send.rs (`Outbound`)",
                    path.display()
                );
            }
            // The menus are built in commands.rs and handed to `Outbound::set_commands`.
            for (at, _) in text.match_indices(".set_my_commands(") {
                let start = (0..=at.saturating_sub(40))
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                let before = &text[start..at];
                assert!(
                    before.contains("set_commands("),
                    "{} registers a menu outside `Outbound`",
                    path.display()
                );
            }
        }
    }
}
