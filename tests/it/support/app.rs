//! The bot in-process, as `serve` assembles it (`App::build`), against the loopback Bot API: the
//! end-to-end tests that need no process of their own.

use std::path::Path;

use coop_bot::app::App;
use coop_bot::broadcast::Zone;
use coop_bot::config::{KnowledgeLocation, Settings, Token};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::fake_api::FakeApi;

/// The settings `serve` would have for the Bot API at `api`, with its database in `dir` (kept
/// across restarts), the embedded knowledge base and no staff.
pub fn settings(api: &FakeApi, dir: &Path) -> Settings {
    Settings {
        token: Token("123456:TEST-TOKEN".into()),
        api_url: Some(url::Url::parse(&api.url).expect("url")),
        proxy: None,
        database_path: dir.join("bot.sqlite"),
        staff_ids: Vec::new(),
        broadcast_rate: 25,
        telegram_rate: 30,
        knowledge: KnowledgeLocation::Embedded,
        broadcast_zone: Zone::utc(),
        handoff: Default::default(),
    }
}

/// A running bot; [`RunningApp::stop`] stops it as SIGTERM stops `serve`.
pub struct RunningApp {
    stop: oneshot::Sender<()>,
    running: JoinHandle<()>,
}

/// Builds the app from `settings` (knowledge, database, token check, menus) and runs it.
pub async fn spawn_app(settings: Settings) -> RunningApp {
    let app = App::build(settings).await.expect("the app starts");
    let (stop, stopped) = oneshot::channel::<()>();
    let running = tokio::spawn(app.run(async {
        let _ = stopped.await;
    }));
    RunningApp { stop, running }
}

impl RunningApp {
    /// Asks the bot to stop, and waits until it has finished the updates in progress; `Err` if
    /// it panicked.
    pub async fn stop(self) -> Result<(), tokio::task::JoinError> {
        let _ = self.stop.send(());
        self.running.await
    }
}
