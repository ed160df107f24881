//! The Telegram bot: the handler tree (a plain function, so tests can drive it with teloxide_tests'
//! MockBot), the shared state, and `serve`, which runs it with long polling.

mod callback;
mod commands;
mod handlers;
mod keyboards;
mod send;
mod staff;
mod telegram_html;

use std::collections::HashSet;
use std::sync::Arc;

use teloxide::dispatching::{DefaultKey, UpdateHandler};
use teloxide::prelude::*;

use crate::answer::Answerer;
use crate::broadcast::{Outbox, Subscribers};
use crate::config::KnowledgeLocation;
use crate::curation::Curation;
use crate::knowledge::KnowledgeBase;
use crate::lang::Lang;
use crate::live::LiveKnowledge;
use crate::store::{Store, StoreError};

pub use callback::Callback;
pub use commands::{Command, StaffCommand, menu, staff_menu};
pub use send::with_retry;
pub use telegram_html::{MESSAGE_LIMIT, split_message};

/// What a handler can fail with; handlers log it and apologise to the user.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("Telegram request failed: {0}")]
    Telegram(#[from] teloxide::RequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the dispatcher sees; handler failures are handled inside, so this is always `Ok` in practice.
pub type HandlerResult = Result<(), BotError>;

/// Everything handlers share: the knowledge in force, the database, and who the staff are.
pub struct AppState {
    pub knowledge: LiveKnowledge,
    pub store: Store,
    pub subscribers: Subscribers,
    pub outbox: Outbox,
    pub curation: Curation,
    staff: HashSet<u64>,
}

impl AppState {
    /// State serving `kb` with the learned questions already in `store`, with no staff and the
    /// embedded knowledge base as what `/reload` reads.
    pub async fn new(kb: KnowledgeBase, store: Store) -> Result<AppState, StoreError> {
        AppState::with_location(kb, KnowledgeLocation::Embedded, store).await
    }

    /// The same, with `/reload` reading `location`.
    pub async fn with_location(
        kb: KnowledgeBase,
        location: KnowledgeLocation,
        store: Store,
    ) -> Result<AppState, StoreError> {
        let curation = Curation::new(store.pool().clone());
        Ok(AppState {
            knowledge: LiveKnowledge::new(kb, location, Some(curation.clone())).await?,
            subscribers: Subscribers::new(store.pool().clone()),
            outbox: Outbox::new(store.pool().clone()),
            curation,
            store,
            staff: HashSet::new(),
        })
    }

    /// The Telegram user ids allowed to use staff commands.
    pub fn with_staff(mut self, staff: impl IntoIterator<Item = u64>) -> AppState {
        self.staff = staff.into_iter().collect();
        self
    }

    /// Whether a user may use staff commands.
    pub fn is_staff(&self, user: teloxide::types::UserId) -> bool {
        self.staff.contains(&user.0)
    }

    /// The knowledge in force (see [`LiveKnowledge::answerer`]).
    pub fn answerer(&self) -> Arc<Answerer> {
        self.knowledge.answerer()
    }
}

/// The whole bot as a dptree handler. Needs `Arc<AppState>` in the dependencies (`Me` and `Bot`
/// come from the dispatcher).
pub fn handler_tree() -> UpdateHandler<BotError> {
    let messages = || {
        dptree::entry()
            .branch(
                dptree::entry()
                    .filter_command::<Command>()
                    .endpoint(handlers::on_command),
            )
            .branch(
                dptree::entry()
                    .filter_command::<StaffCommand>()
                    .endpoint(staff::on_staff_command),
            )
            .branch(dptree::endpoint(handlers::on_message))
    };
    dptree::entry()
        .branch(Update::filter_message().chain(messages()))
        // An edited question is answered again.
        .branch(Update::filter_edited_message().chain(messages()))
        .branch(Update::filter_callback_query().endpoint(handlers::on_callback))
        .branch(Update::filter_inline_query().endpoint(handlers::on_inline_query))
}

/// Registers the command menu in English (the default) and in Russian and Persian, and the staff
/// menu in each staff member's private chat.
pub async fn register_commands(bot: &Bot, staff: &[u64]) -> Result<(), teloxide::RequestError> {
    with_retry(bot.set_my_commands(menu(Lang::En))).await?;
    for lang in [Lang::Ru, Lang::Fa] {
        with_retry(bot.set_my_commands(menu(lang)).language_code(lang.code())).await?;
    }
    for &user in staff {
        let scope = teloxide::types::BotCommandScope::Chat {
            chat_id: teloxide::types::Recipient::Id(ChatId(user as i64)),
        };
        // A staff member who has never opened the bot has no chat yet: not an error worth stopping for.
        if let Err(err) = with_retry(bot.set_my_commands(staff_menu(Lang::En)).scope(scope)).await {
            tracing::warn!(user, error = %err, "cannot set the staff command menu");
        }
    }
    Ok(())
}

/// Runs the bot with long polling until Ctrl-C or SIGTERM.
pub async fn run(bot: Bot, state: Arc<AppState>) {
    let mut dispatcher = Dispatcher::<Bot, BotError, DefaultKey>::builder(bot, handler_tree())
        .dependencies(dptree::deps![state])
        .default_handler(|update| async move {
            tracing::debug!(update = update.id.0, "update with no handler");
        })
        .error_handler(LoggingErrorHandler::with_custom_text(
            "an update handler failed",
        ))
        .build();
    let shutdown = dispatcher.shutdown_token();
    tokio::spawn(async move {
        wait_for_shutdown_signal().await;
        tracing::info!("shutting down: finishing the updates in progress");
        if let Ok(done) = shutdown.shutdown() {
            done.await;
        }
    });
    dispatcher.dispatch().await;
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
async fn wait_for_shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM; Ctrl-C still works");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
