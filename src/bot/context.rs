//! The per-update context, injected by the handler tree so endpoints never fetch it themselves:
//! which chat an update is answered in and in which language ([`ChatContext`]), the tracing span
//! every log line of the update carries (update and chat ids, never message text), and the tree's
//! one error handler: an endpoint that fails returns its error, and [`reported`] logs it and
//! apologises to the user in their language.

use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;

use teloxide::RequestError;
use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::di::DependencyMap;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, MessageId, UserId};
use teloxide::utils::html;
use tracing::{Instrument, Span};

use crate::i18n::texts;
use crate::lang::Lang;

use crate::store::StoreError;

use super::callback::Callback;
use super::send::Outbound;
use super::state::AppState;

/// How long a message waits for its chat's `/lang` choice before it is answered in the client's
/// language instead.
const LANGUAGE_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(300);

/// What an endpoint can fail with; the handler tree's error handler (`reported`, below) logs it and
/// apologises to the user.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("Telegram request failed: {0}")]
    Telegram(#[from] teloxide::RequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Handoff(#[from] crate::handoff::HandoffError),
    #[error("update {0} reached no handler")]
    Unrouted(u32),
}

/// What an endpoint returns.
pub type HandlerResult = Result<(), BotError>;

/// Where and how to answer an update: its chat, the language to answer in when the text itself
/// does not say which, who sent it, and (for a button) the message carrying it. Every reply goes
/// out through it, and through it through `send.rs`.
#[derive(Clone)]
pub struct ChatContext {
    out: Outbound,
    /// The chat to answer in.
    pub chat: ChatId,
    /// The language to answer in when the text does not say.
    pub lang: Lang,
    /// Who sent the message or tapped the button.
    pub user: Option<UserId>,
    /// For a button: the message carrying it, which an answer shown in place replaces.
    carrying: Option<MessageId>,
}

impl ChatContext {
    /// A message's chat, in the chat's `/lang` choice, else the sender's Telegram client language.
    async fn of_message(bot: Bot, msg: Message, state: Arc<AppState>) -> Option<ChatContext> {
        let client = || {
            let code = msg.from.as_ref().and_then(|u| u.language_code.as_deref());
            Lang::from_language_code(code)
        };
        // Answers never wait on the database: a read that does not come back at once (the database
        // busy or gone) falls back on the client's language.
        let read = tokio::time::timeout(
            LANGUAGE_READ_TIMEOUT,
            state.store.chat_language(msg.chat.id.0),
        );
        let lang = match read.await {
            Ok(Ok(Some(lang))) => lang,
            Ok(Ok(None)) => client(),
            Ok(Err(err)) => {
                tracing::warn!(chat = %msg.chat.id, error = %err, "cannot read the chat language; using the client's");
                client()
            }
            Err(_) => {
                tracing::warn!(chat = %msg.chat.id, "the chat language is slow to read; using the client's");
                client()
            }
        };
        Some(ChatContext {
            out: Outbound::of(bot, &state),
            chat: msg.chat.id,
            lang,
            user: msg.from.as_ref().map(|u| u.id),
            carrying: None,
        })
    }

    /// A button's chat (that of the message carrying it; none for buttons under inline results), in
    /// the language of its keyboard.
    fn of_button(
        bot: Bot,
        query: CallbackQuery,
        callback: Callback,
        state: Arc<AppState>,
    ) -> Option<ChatContext> {
        let message = query.message.as_ref()?;
        Some(ChatContext {
            out: Outbound::of(bot, &state),
            chat: message.chat().id,
            lang: callback.lang,
            user: Some(query.from.id),
            carrying: message.regular_message().map(|m| m.id),
        })
    }

    /// The same chat, answered in `lang` (a question's own language).
    pub fn in_lang(&self, lang: Lang) -> ChatContext {
        ChatContext {
            lang,
            ..self.clone()
        }
    }

    /// Who sent the message or tapped the button, as the database records staff (0 if unknown).
    pub fn user_id(&self) -> i64 {
        self.user.map_or(0, |user| user.0 as i64)
    }

    /// The way out, for the handlers that send to another chat (the handoff) through `send.rs`.
    pub(super) fn out(&self) -> &Outbound {
        &self.out
    }

    /// Whether this is a private chat with one user (the handoff works only there).
    pub fn is_private(&self) -> bool {
        self.chat.is_user()
    }

    /// Replaces only the keyboard of the message carrying the button (an answer after a vote:
    /// its text stays); nothing when that message is too old to edit.
    pub async fn replace_keyboard(
        &self,
        keyboard: InlineKeyboardMarkup,
    ) -> Result<(), RequestError> {
        match self.carrying {
            Some(message) => self.out.edit_keyboard(self.chat, message, keyboard).await,
            None => Ok(()),
        }
    }

    /// Sends an HTML reply to `reply_to` (when given), returning the message's id.
    pub async fn send_html_reply(
        &self,
        html: &str,
        keyboard: Option<InlineKeyboardMarkup>,
        reply_to: Option<MessageId>,
    ) -> Result<MessageId, RequestError> {
        self.out
            .send_html_reply(self.chat, html, keyboard, reply_to)
            .await
    }

    /// Sends an HTML reply (split under the size limit), with an optional keyboard.
    pub async fn send_html(
        &self,
        html: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        self.out.send_html(self.chat, html, keyboard).await
    }

    /// Sends plain text (escaped here) as a reply, with an optional keyboard.
    pub async fn send_text(
        &self,
        text: &str,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> Result<(), RequestError> {
        self.send_html(&html::escape(text), keyboard).await
    }

    /// Shows a button's answer in place of the message carrying the button (or as a new message
    /// when that one is too old to edit), so browsing does not flood the chat.
    pub async fn show_html(
        &self,
        html: &str,
        keyboard: InlineKeyboardMarkup,
    ) -> Result<(), RequestError> {
        self.out
            .show_in_place(self.chat, self.carrying, html, keyboard)
            .await
    }

    /// [`show_html`](Self::show_html) for plain text (escaped here).
    pub async fn show_text(
        &self,
        text: &str,
        keyboard: InlineKeyboardMarkup,
    ) -> Result<(), RequestError> {
        self.show_html(&html::escape(text), keyboard).await
    }

    /// For a button: the message carrying it (a broadcast's confirmation, later edited with its
    /// progress).
    pub fn carrying(&self) -> Option<MessageId> {
        self.carrying
    }

    /// Sends this chat the very delivery a broadcast's recipients will get, as its preview.
    pub async fn preview_broadcast(
        &self,
        content: &crate::broadcast::Content,
    ) -> Result<(), RequestError> {
        self.out.preview_broadcast(self.chat, content).await
    }
}

impl fmt::Debug for ChatContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the bot: its Debug shows the token.
        f.debug_struct("ChatContext")
            .field("chat", &self.chat)
            .field("lang", &self.lang)
            .field("user", &self.user)
            .finish()
    }
}

/// `rest`, for a message: in its chat's context, traced and reported.
pub fn for_message(rest: UpdateHandler<BotError>) -> UpdateHandler<BotError> {
    dptree::filter_map_async(ChatContext::of_message).chain(reported(rest))
}

/// `rest`, for a decoded button tap in a chat: in the chat's context, traced and reported.
pub fn for_button(rest: UpdateHandler<BotError>) -> UpdateHandler<BotError> {
    dptree::filter_map(ChatContext::of_button).chain(reported(rest))
}

/// `rest`, for an update with no chat to answer in (inline queries): traced and reported in the
/// log only.
pub fn for_inline(rest: UpdateHandler<BotError>) -> UpdateHandler<BotError> {
    reported(rest)
}

/// Runs `rest` in the update's span; when an endpoint fails, logs the error and, when the update has
/// a chat, apologises there in its language, so no one is left in silence. The tree's one error
/// handler: `rest` keeps its signature and description, this only watches what it returns.
fn reported(rest: UpdateHandler<BotError>) -> UpdateHandler<BotError> {
    let description = rest.description().clone();
    let signature = rest.sig().clone();
    dptree::from_fn_with_description(
        description,
        move |deps: DependencyMap, cont| {
            let rest = rest.clone();
            // The dispatcher always provides the update.
            let update = deps.get::<Update>();
            let here = deps.try_get::<ChatContext>();
            let span = span_of(&update, here.as_deref());
            async move {
                match rest.execute(deps, cont).instrument(span.clone()).await {
                    ControlFlow::Break(Err(err)) => {
                        apologise(here.as_deref(), err).instrument(span).await;
                        ControlFlow::Break(Ok(()))
                    }
                    other => other,
                }
            }
        },
        signature,
    )
}

/// The span of one update: its id, and the chat's (or, with no chat, the user's).
fn span_of(update: &Update, here: Option<&ChatContext>) -> Span {
    let span = tracing::info_span!(
        "update",
        update = update.id.0,
        chat = tracing::field::Empty,
        user = tracing::field::Empty
    );
    match (here, update.from()) {
        (Some(here), _) => span.record("chat", here.chat.0),
        (None, Some(user)) => span.record("user", user.id.0),
        (None, None) => &span,
    };
    span
}

async fn apologise(here: Option<&ChatContext>, err: BotError) {
    tracing::error!(error = %err, "handler failed");
    if let Some(here) = here
        && let Err(err) = here.send_text(texts(here.lang).apology, None).await
    {
        tracing::error!(error = %err, "cannot send the apology either");
    }
}

/// The last branch of every list of routes: a command or button that reached no handler is a
/// bug, said loudly (logged as an error, with an apology) rather than dropped in silence.
pub async fn unrouted(update: Update) -> HandlerResult {
    Err(BotError::Unrouted(update.id.0))
}
