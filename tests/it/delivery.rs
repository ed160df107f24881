//! The broadcast sender against a Bot API server on 127.0.0.1 with injected faults: every active
//! subscriber gets a broadcast once, 429 pauses and retries, 403/400 deactivate, 5xx back off,
//! cancelling stops the rest, and a restarted sender finishes the job.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use coop_bot::broadcast::{
    BroadcastStatus, Confirmation, Outbox, Sender, SenderConfig, Subscribers, Topic,
};
use coop_bot::lang::Lang;
use coop_bot::sending::{Governor, Limits};
use coop_bot::store::Store;
use teloxide::Bot;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::support::fake_api::{FakeApi, Fault};

struct Fixture {
    api: FakeApi,
    store: Store,
    _dir: tempfile::TempDir,
}

impl Fixture {
    async fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("bot.sqlite"))
            .await
            .expect("store");
        Fixture {
            api: FakeApi::start().await,
            store,
            _dir: dir,
        }
    }

    fn subscribers(&self) -> Subscribers {
        Subscribers::new(self.store.pool().clone())
    }

    fn outbox(&self) -> Outbox {
        Outbox::new(self.store.pool().clone())
    }

    /// Chats 1..=n subscribed to `all`, languages cycling en, ru, fa.
    async fn subscribe_many(&self, n: i64) {
        for chat in 1..=n {
            let lang = Lang::ALL[(chat % 3) as usize];
            self.subscribers()
                .subscribe(chat, Topic::All, lang)
                .await
                .expect("subscribe");
        }
    }

    async fn confirmed(&self, topic: Topic, lang: Option<Lang>, text: &str) -> (i64, usize) {
        let id = self
            .outbox()
            .create_draft(1, topic, lang, text)
            .await
            .expect("draft");
        match self.outbox().confirm(id).await.expect("confirm") {
            Confirmation::Queued { recipients } => (id, recipients),
            other => panic!("{other:?}"),
        }
    }

    fn start_sender(&self, pace: Pace) -> (watch::Sender<bool>, JoinHandle<()>) {
        let url = url::Url::parse(&self.api.url).expect("url");
        let bot = Bot::new("123456:TEST").set_api_url(url);
        let sender = Sender::new(bot, self.store.pool().clone(), pace.governor, pace.config);
        let (stop, stopped) = watch::channel(false);
        (stop, tokio::spawn(sender.run(stopped)))
    }

    async fn wait_status(&self, id: i64, status: BroadcastStatus) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let broadcast = self.outbox().get(id).await.expect("read").expect("exists");
            if broadcast.status == status {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "broadcast {id} stuck at {broadcast:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Successful deliveries per chat.
    fn received(&self) -> HashMap<i64, usize> {
        self.api.received_per_chat()
    }
}

/// A sender's governor and patience.
struct Pace {
    governor: Arc<Governor>,
    config: SenderConfig,
}

/// Broadcasts at `rate` a second (the whole overall rate), with short backoffs.
fn fast(rate: u32) -> Pace {
    Pace {
        governor: Arc::new(Governor::new(Limits {
            overall: rate,
            broadcast: rate,
        })),
        config: SenderConfig {
            max_in_flight: 8,
            max_attempts: 4,
            backoff: Duration::from_millis(100),
            poll_interval: Duration::from_millis(50),
        },
    }
}

async fn stop(sender: (watch::Sender<bool>, JoinHandle<()>)) {
    sender.0.send(true).expect("stop");
    sender.1.await.expect("sender ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_active_subscriber_receives_a_broadcast_exactly_once() {
    let fx = Fixture::new().await;
    fx.subscribe_many(30).await;
    fx.subscribers()
        .deactivate(7, "blocked earlier")
        .await
        .expect("deactivate");
    let (id, recipients) = fx.confirmed(Topic::All, None, "<b>Meeting</b> moved").await;
    assert_eq!(recipients, 29);
    let sender = fx.start_sender(fast(50));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(sender).await;
    let received = fx.received();
    assert_eq!(received.len(), 29);
    assert!(received.values().all(|&n| n == 1), "{received:?}");
    assert!(
        !received.contains_key(&7),
        "an inactive subscriber gets nothing"
    );
    let first = &fx.api.delivered("sendMessage")[0].params;
    assert_eq!(first["parse_mode"], "HTML");
    assert_eq!(first["text"], "<b>Meeting</b> moved");
    let counts = fx.outbox().counts(id).await.expect("counts");
    assert_eq!((counts.sent, counts.remaining), (29, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_pauses_sending_and_the_message_still_arrives() {
    let fx = Fixture::new().await;
    fx.subscribe_many(5).await;
    fx.api.fail_next("sendMessage", 1, Fault::RetryAfter(1));
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    let sender = fx.start_sender(fast(50));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(sender).await;
    let received = fx.received();
    assert_eq!(received.len(), 5);
    assert!(received.values().all(|&n| n == 1));
    let attempts = fx.api.calls("sendMessage");
    let refused = attempts.iter().find(|c| !c.ok).expect("the 429").at;
    // What was already on the wire may land just after the 429; nothing new starts before
    // retry_after has passed.
    let during: Vec<Duration> = attempts
        .iter()
        .map(|c| c.at.saturating_duration_since(refused))
        .filter(|d| (Duration::from_millis(100)..Duration::from_millis(900)).contains(d))
        .collect();
    assert!(during.is_empty(), "sent during the freeze: {during:?}");
    assert!(
        attempts
            .iter()
            .any(|c| c.at.saturating_duration_since(refused) >= Duration::from_millis(900)),
        "sending resumed after retry_after"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_and_vanished_chats_are_deactivated() {
    let fx = Fixture::new().await;
    fx.subscribe_many(6).await;
    fx.api.block_chat(2);
    fx.api.vanish_chat(5);
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    let sender = fx.start_sender(fast(50));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(sender).await;
    let counts = fx.outbox().counts(id).await.expect("counts");
    assert_eq!(counts.blocked, 2, "{counts:?}");
    assert_eq!(counts.sent, 4);
    assert!(!fx.subscribers().is_active(2).await.expect("read"));
    assert!(!fx.subscribers().is_active(5).await.expect("read"));
    assert!(fx.subscribers().is_active(3).await.expect("read"));
    // The next /subscribe (or /start) brings them back.
    fx.subscribers()
        .subscribe(2, Topic::All, Lang::En)
        .await
        .expect("subscribe");
    assert!(fx.subscribers().is_active(2).await.expect("read"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_retried_with_backoff() {
    let fx = Fixture::new().await;
    fx.subscribe_many(3).await;
    fx.api.fail_next("sendMessage", 2, Fault::ServerError);
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    let sender = fx.start_sender(fast(50));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(sender).await;
    assert_eq!(fx.outbox().counts(id).await.expect("counts").sent, 3);
    assert!(fx.received().values().all(|&n| n == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_that_keeps_failing_is_marked_failed_after_bounded_attempts() {
    let fx = Fixture::new().await;
    fx.subscribe_many(1).await;
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    // The Bot API is unreachable: every attempt is a network error (teloxide would add a 10 s pause
    // to each 5xx; a refused connection fails at once, which keeps this test short).
    let unreachable = url::Url::parse("http://127.0.0.1:1").expect("url");
    let pace = fast(50);
    let sender = Sender::new(
        Bot::new("123456:TEST").set_api_url(unreachable),
        fx.store.pool().clone(),
        pace.governor,
        pace.config,
    );
    let (stop_sender, stopped) = watch::channel(false);
    let running = tokio::spawn(sender.run(stopped));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop((stop_sender, running)).await;
    let counts = fx.outbox().counts(id).await.expect("counts");
    assert_eq!(counts.failed, 1);
    let (attempts, error): (i64, Option<String>) =
        sqlx::query_as("SELECT attempts, last_error FROM deliveries WHERE broadcast_id = ?")
            .bind(id)
            .fetch_one(fx.store.pool())
            .await
            .expect("delivery");
    assert_eq!(attempts, 4, "max_attempts, no more");
    assert!(
        error.is_some_and(|e| e.contains("network")),
        "the reason is kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_responses_do_not_stall_the_broadcast() {
    let fx = Fixture::new().await;
    fx.subscribe_many(12).await;
    fx.api.fail_next("sendMessage", 4, Fault::Slow(700));
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    let sender = fx.start_sender(fast(50));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(sender).await;
    assert_eq!(fx.received().len(), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broadcast_reaches_only_its_topic_and_language() {
    let fx = Fixture::new().await;
    let subs = fx.subscribers();
    subs.subscribe(1, Topic::Meetings, Lang::Ru)
        .await
        .expect("sub");
    subs.subscribe(2, Topic::Meetings, Lang::En)
        .await
        .expect("sub");
    subs.subscribe(3, Topic::All, Lang::Ru).await.expect("sub");
    subs.subscribe(4, Topic::Business, Lang::Ru)
        .await
        .expect("sub");
    let audience = subs
        .audience(Topic::Meetings, Some(Lang::Ru))
        .await
        .expect("audience");
    assert_eq!(audience.total, 2);
    let (id, recipients) = fx
        .confirmed(Topic::Meetings, Some(Lang::Ru), "встреча")
        .await;
    assert_eq!(recipients, 2);
    let sender = fx.start_sender(fast(50));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(sender).await;
    let mut chats: Vec<i64> = fx.received().into_keys().collect();
    chats.sort_unstable();
    assert_eq!(chats, [1, 3], "meetings or all, in Russian");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_stops_what_has_not_been_sent() {
    let fx = Fixture::new().await;
    fx.subscribe_many(20).await;
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    let sender = fx.start_sender(fast(2));
    fx.api
        .wait_for("sendMessage", 2, Duration::from_secs(30))
        .await;
    assert!(fx.outbox().cancel(id).await.expect("cancel"));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop(sender).await;
    let counts = fx.outbox().counts(id).await.expect("counts");
    assert!(counts.cancelled > 0 && counts.remaining == 0, "{counts:?}");
    assert_eq!(counts.sent + counts.cancelled, 20);
    assert_eq!(fx.received().len(), counts.sent);
    assert_eq!(
        fx.outbox()
            .get(id)
            .await
            .expect("read")
            .expect("exists")
            .status,
        BroadcastStatus::Cancelled
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_sender_finishes_the_broadcast_without_skipping_anyone() {
    let fx = Fixture::new().await;
    fx.subscribe_many(24).await;
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    let first = fx.start_sender(fast(4));
    fx.api
        .wait_for("sendMessage", 5, Duration::from_secs(30))
        .await;
    stop(first).await;
    let before = fx.received().len();
    assert!(before < 24, "stopped half-way");
    let second = fx.start_sender(fast(50));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(second).await;
    let received = fx.received();
    assert_eq!(received.len(), 24, "no one skipped");
    assert!(
        received.values().all(|&n| n == 1),
        "a clean stop sends nothing twice: {received:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_stays_within_the_flood_limits() {
    let fx = Fixture::new().await;
    fx.api.enforce_rate_limit(20);
    fx.subscribe_many(40).await;
    let (id, _) = fx.confirmed(Topic::All, None, "news").await;
    let sender = fx.start_sender(fast(15));
    fx.wait_status(id, BroadcastStatus::Done).await;
    stop(sender).await;
    assert_eq!(fx.received().len(), 40);
    assert_eq!(fx.api.flood_refusals(), 0, "no message beyond the limits");
}
