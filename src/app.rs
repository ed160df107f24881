//! The bot assembled, as zero-to-production's `Application::build`: [`App::build`] turns checked
//! [`Settings`] into a bot ready to serve (knowledge loaded, database migrated, token verified,
//! command menus registered), and [`App::run`] serves until the future it is given resolves. `serve`
//! runs it with the process's signals; tests run it in-process against a loopback Bot API.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use tokio::sync::watch;

use crate::bot::{self, AppState, Outbound};
use crate::broadcast::{Outbox, Sender, SenderConfig, Zone, run_schedules};
use crate::config::{Settings, UnusableKnowledge};
use crate::sending::{Governor, Limits};
use crate::store::{Record, Store, StoreError, Writer};

/// How often scheduled broadcasts are checked for their time: they start within this of it.
const SCHEDULE_CHECK: Duration = Duration::from_secs(1);
/// How often a broadcast's confirmation message is edited with its progress: a few seconds, so
/// even in a group (20 messages a minute) the edits stay within Telegram's limits.
const PROGRESS_EVERY: Duration = Duration::from_secs(4);

/// A bot ready to run.
pub struct App {
    bot: Bot,
    state: Arc<AppState>,
    sender: Sender,
    outbox: Outbox,
    zone: Zone,
}

/// Why the bot cannot start, each said in one line (or, for the knowledge base, one line per
/// problem).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Knowledge(#[from] UnusableKnowledge),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot set up the HTTP client for the Bot API: {0}")]
    HttpClient(String),
    #[error("the Bot API rejected the token in TELOXIDE_TOKEN ({0}); check it with @BotFather")]
    TokenRejected(teloxide::ApiError),
    #[error("cannot reach the Bot API at {url}: {source}")]
    Unreachable {
        url: String,
        source: teloxide::RequestError,
    },
}

impl App {
    /// Loads the knowledge base, opens (and migrates) the database, checks the token with the Bot
    /// API and registers the command menus.
    pub async fn build(settings: Settings) -> Result<App, AppError> {
        let kb = settings.knowledge.load_to_serve()?;
        tracing::info!(knowledge = %settings.knowledge, entries = kb.len(), "knowledge loaded");
        let store = Store::open(&settings.database_path).await?;
        let governor = Arc::new(Governor::new(Limits {
            overall: settings.telegram_rate,
            broadcast: settings.broadcast_rate,
        }));
        resume_freeze(&store, &governor).await;
        let bot = telegram_bot(&settings)?;
        let me = bot.get_me().await.map_err(|err| match err {
            teloxide::RequestError::Api(api) => AppError::TokenRejected(api),
            source => AppError::Unreachable {
                url: settings.api_url.as_ref().map_or_else(
                    || "https://api.telegram.org".to_string(),
                    |url| url.as_str().trim_end_matches('/').to_string(),
                ),
                source,
            },
        })?;
        tracing::info!(
            username = me.user.username.as_deref().unwrap_or_default(),
            database = %settings.database_path.display(),
            "bot started"
        );
        let out = Outbound::new(bot.clone(), governor.clone());
        if let Err(err) = bot::register_commands(&out, &settings.staff_ids).await {
            tracing::warn!(error = %err, "cannot register the command menu; continuing without it");
        }
        let sender = Sender::new(
            bot.clone(),
            store.pool().clone(),
            governor.clone(),
            SenderConfig::default(),
        );
        let outbox = Outbox::new(store.pool().clone());
        let state = AppState::new(kb, settings.knowledge.clone(), store)
            .await?
            .with_governor(governor.clone())
            .with_staff(settings.staff_ids.iter().copied())
            .with_broadcast_zone(settings.broadcast_zone.clone())
            .with_handoff(settings.handoff);
        store_freezes(&governor, state.writer.clone());
        // Closed tickets past their retention lose their texts at start too (and on every send
        // and close), so a bot restarted after a quiet spell keeps the promise.
        let wiped = state.tickets.purge(crate::store::unix_now()).await?;
        if wiped > 0 {
            tracing::info!(wiped, "closed tickets past their retention wiped");
        }
        if settings.handoff.staff_chat.is_none() {
            tracing::info!("STAFF_CHAT_ID is not set: questions to programme staff are off");
        }
        Ok(App {
            bot,
            state: Arc::new(state),
            sender,
            outbox,
            zone: settings.broadcast_zone,
        })
    }

    /// Answers updates (long polling) and sends broadcasts until `shutdown` resolves, then
    /// finishes the updates in progress and lets the broadcast messages in flight land.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) {
        let (stop_sending, stop) = watch::channel(false);
        let scheduling = tokio::spawn(run_schedules(
            self.outbox.clone(),
            SCHEDULE_CHECK,
            stop.clone(),
        ));
        let watching = tokio::spawn(bot::watch_broadcasts(
            Outbound::of(self.bot.clone(), &self.state),
            self.outbox,
            self.zone,
            PROGRESS_EVERY,
            stop.clone(),
        ));
        let sending = tokio::spawn(self.sender.run(stop));
        let mut dispatcher = bot::dispatcher(self.bot, self.state);
        let dispatching = dispatcher.shutdown_token();
        let stopping = async move {
            shutdown.await;
            tracing::info!("shutting down: finishing the updates in progress");
            // Until dispatching has started there is nothing to stop: ask until it has.
            while dispatching.shutdown().is_err() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            std::future::pending::<()>().await;
        };
        tokio::select! {
            () = dispatcher.dispatch() => {}
            () = stopping => {}
        }
        let _ = stop_sending.send(true);
        if let Err(err) = sending.await {
            tracing::error!(error = %err, "the broadcast sender crashed");
        }
        for (task, name) in [(scheduling, "scheduler"), (watching, "progress watcher")] {
            if let Err(err) = task.await {
                tracing::error!(error = %err, task = name, "a broadcast task crashed");
            }
        }
        tracing::info!("bot stopped");
    }
}

/// A freeze stored before a restart still holds: nothing is sent before it ends.
async fn resume_freeze(store: &Store, governor: &Governor) {
    match store.stored_freeze().await {
        Ok(Some(until_ms)) => {
            let left = until_ms - crate::store::unix_now_ms();
            if left > 0 {
                let left = Duration::from_millis(left as u64);
                tracing::warn!(
                    wait_ms = left.as_millis() as u64,
                    "a flood-control freeze from before the restart still holds"
                );
                governor.freeze_until(tokio::time::Instant::now() + left);
            }
        }
        Ok(None) => {}
        Err(err) => tracing::error!(error = %err, "cannot read the stored flood-control freeze"),
    }
}

/// Stores each new freeze through the database writer, so that a restart during it waits it out.
fn store_freezes(governor: &Governor, writer: Writer) {
    let mut freezes = governor.freezes();
    tokio::spawn(async move {
        while freezes.changed().await.is_ok() {
            let until = *freezes.borrow_and_update();
            if let Some(until) = until {
                let until_ms = until
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis() as i64);
                writer.record(Record::Freeze { until_ms });
            }
        }
    });
}

/// The Bot API client the settings describe: token, server and proxy.
fn telegram_bot(settings: &Settings) -> Result<Bot, AppError> {
    let mut client = teloxide::net::default_reqwest_settings();
    if let Some(proxy) = &settings.proxy {
        let proxy = reqwest::Proxy::all(proxy.as_str())
            .map_err(|err| AppError::HttpClient(err.to_string()))?;
        client = client.proxy(proxy);
    }
    let client = client
        .build()
        .map_err(|err| AppError::HttpClient(err.to_string()))?;
    let bot = Bot::with_client(settings.token.0.clone(), client);
    Ok(match &settings.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    })
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM: what `serve` stops on.
pub async fn shutdown_signal() {
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
