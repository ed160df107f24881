//! The per-update context, injected by the handler tree so endpoints never fetch it themselves:
//! which chat an update is answered in and in which language ([`ChatContext`]), the tracing span
//! every log line of the update carries (update and chat ids, never message text), and the tree's
//! one error handler: an endpoint that fails returns its error, and [`reported`] logs it and
//! apologises to the user in their language.

use std::ops::ControlFlow;
use std::sync::Arc;

use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::di::DependencyMap;
use teloxide::prelude::*;
use tracing::{Instrument, Span};

use crate::i18n::texts;
use crate::lang::Lang;

use crate::store::StoreError;

use super::callback::Callback;
use super::send::send_text;
use super::state::AppState;

/// What an endpoint can fail with; the handler tree's error handler ([`reported`]) logs it and
/// apologises to the user.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("Telegram request failed: {0}")]
    Telegram(#[from] teloxide::RequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("update {0} reached no handler")]
    Unrouted(u32),
}

/// What an endpoint returns.
pub type HandlerResult = Result<(), BotError>;

/// The chat an update is answered in, and the language to answer in when the text itself does not
/// say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatContext {
    pub chat: ChatId,
    pub lang: Lang,
}

impl ChatContext {
    /// A message's chat, in the chat's `/lang` choice, else the sender's Telegram client language.
    async fn of_message(msg: Message, state: Arc<AppState>) -> Option<ChatContext> {
        let client = || {
            let code = msg.from.as_ref().and_then(|u| u.language_code.as_deref());
            Lang::from_language_code(code)
        };
        let lang = match state.store.chat_language(msg.chat.id.0).await {
            Ok(Some(lang)) => lang,
            Ok(None) => client(),
            Err(err) => {
                tracing::warn!(chat = %msg.chat.id, error = %err, "cannot read the chat language; using the client's");
                client()
            }
        };
        Some(ChatContext {
            chat: msg.chat.id,
            lang,
        })
    }

    /// A button's chat (that of the message carrying it; none for buttons under inline results), in
    /// the language of its keyboard.
    fn of_button(query: CallbackQuery, callback: Callback) -> Option<ChatContext> {
        Some(ChatContext {
            chat: query.message.as_ref()?.chat().id,
            lang: callback.lang,
        })
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
            // The dispatcher always provides the update and the bot.
            let update = deps.get::<Update>();
            let bot = deps.get::<Bot>();
            let here = deps.try_get::<ChatContext>();
            let span = span_of(&update, here.as_deref());
            async move {
                match rest.execute(deps, cont).instrument(span.clone()).await {
                    ControlFlow::Break(Err(err)) => {
                        apologise(&bot, here.as_deref(), err).instrument(span).await;
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

async fn apologise(bot: &Bot, here: Option<&ChatContext>, err: BotError) {
    tracing::error!(error = %err, "handler failed");
    if let Some(here) = here
        && let Err(err) = send_text(bot, here.chat, texts(here.lang).apology, None).await
    {
        tracing::error!(error = %err, "cannot send the apology either");
    }
}

/// The last branch of every list of routes: a command or button that reached no handler is a
/// bug, said loudly (logged as an error, with an apology) rather than dropped in silence.
pub async fn unrouted(update: Update) -> HandlerResult {
    Err(BotError::Unrouted(update.id.0))
}
