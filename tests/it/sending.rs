//! One sending discipline, end to end against the loopback Bot API: no one-second window at the
//! server holds more than the limits while a broadcast and questions share the bot, a reply that
//! meets a server error is sent again, a 429's freeze survives a restart, answers do not wait on a
//! locked database (whose writes are made once it is back), and a database that disappears is said
//! in the log.

use std::time::{Duration, Instant};

use coop_bot::broadcast::{BroadcastStatus, Confirmation, Outbox, Subscribers, Topic};
use coop_bot::curation::Curation;
use coop_bot::i18n::texts;
use coop_bot::lang::Lang;
use coop_bot::store::Store;
use sqlx::ConnectOptions;

use crate::support::app::{settings, spawn_app};
use crate::support::fake_api::{self, FakeApi, Fault, PER_CHAT_BURST};
use crate::support::process::BotProcess;

const WAIT: Duration = Duration::from_secs(60);

/// `n` subscribers (chats 1..=n) and a confirmed broadcast to them all, in the database at `path`.
async fn queued_broadcast(path: &std::path::Path, n: i64) -> i64 {
    let store = Store::open(path).await.expect("store");
    let subscribers = Subscribers::new(store.pool().clone());
    for chat in 1..=n {
        subscribers
            .subscribe(chat, Topic::All, Lang::ALL[(chat % 3) as usize])
            .await
            .expect("subscribe");
    }
    let outbox = Outbox::new(store.pool().clone());
    let id = outbox
        .create_draft(1, Topic::All, None, "The agenda is out")
        .await
        .expect("draft");
    assert!(matches!(
        outbox.confirm(id).await.expect("confirm"),
        Confirmation::Queued { .. }
    ));
    store.pool().close().await;
    id
}

async fn wait_done(path: &std::path::Path, id: i64) {
    let store = Store::open(path).await.expect("store");
    let outbox = Outbox::new(store.pool().clone());
    let deadline = Instant::now() + WAIT;
    while outbox.get(id).await.expect("read").expect("exists").status != BroadcastStatus::Done {
        assert!(Instant::now() < deadline, "the broadcast did not finish");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_second_at_the_server_holds_more_than_the_limits_while_a_broadcast_and_replies_share_it()
{
    const SUBSCRIBERS: i64 = 300;
    const ASKERS: i64 = 60;
    let api = FakeApi::start().await;
    let rate = 100;
    // Telegram's flood control, with the margin it grants over the configured rate.
    let server_limit = rate * 5 / 4;
    api.enforce_rate_limit(server_limit);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = settings(&api, dir.path());
    settings.telegram_rate = rate as u32;
    settings.broadcast_rate = 80;
    let id = queued_broadcast(&settings.database_path, SUBSCRIBERS).await;
    let database = settings.database_path.clone();
    let app = spawn_app(settings).await;
    // Questions arrive all through the broadcast.
    for wave in 0..6 {
        let askers = (0..ASKERS / 6).map(|i| 10_000 + wave * 100 + i);
        api.push_updates(askers.map(|chat| fake_api::private_text(chat, "Who is Fursenko?", "en")));
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    wait_done(&database, id).await;
    api.wait_for("sendMessage", (SUBSCRIBERS + ASKERS) as usize, WAIT)
        .await;
    app.stop().await.expect("stops");

    let (overall, one_chat) = api.busiest_window(Duration::from_secs(1));
    assert!(overall <= server_limit, "{overall} sends in one second");
    assert!(
        one_chat <= PER_CHAT_BURST,
        "{one_chat} to one chat in one second"
    );
    assert_eq!(api.flood_refusals(), 0, "no flood-control 429");
    let received = api.received_per_chat();
    assert!((1..=SUBSCRIBERS).all(|chat| received.get(&chat) == Some(&1)));
    assert_eq!(received.len() as i64, SUBSCRIBERS + ASKERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_meets_a_server_error_is_sent_again_instead_of_an_apology() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = spawn_app(settings(&api, dir.path())).await;
    api.fail_next("sendMessage", 2, Fault::ServerError);
    api.push_update(fake_api::private_text(41, "Who is Fursenko?", "en"));
    // Well before teloxide's own 10 s sleep after each 5xx would have let a retry even start.
    let reply = api.wait_for_chat(41, 1, Duration::from_secs(8)).await;
    app.stop().await.expect("stops");
    assert!(reply[0].text().contains("Fursenko"), "{}", reply[0].text());
    assert_ne!(reply[0].text(), texts(Lang::En).apology);
    let attempts = api.calls("sendMessage");
    assert_eq!(attempts.len(), 3, "two failures, then the answer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_keeps_meeting_server_errors_is_given_up_after_bounded_attempts_and_apologised_for()
 {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = spawn_app(settings(&api, dir.path())).await;
    api.fail_next("sendMessage", 4, Fault::ServerError);
    api.push_update(fake_api::private_text(42, "Who is Fursenko?", "en"));
    let reply = api.wait_for_chat(42, 1, WAIT).await;
    app.stop().await.expect("stops");
    assert_eq!(reply[0].text(), texts(Lang::En).apology);
    let attempts = api.calls("sendMessage");
    assert_eq!(
        attempts.len(),
        5,
        "four attempts of the answer, then the apology"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_do_not_wait_on_a_locked_database_and_its_records_are_written_once_it_is_back() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = settings(&api, dir.path());
    let database = settings.database_path.clone();
    let app = spawn_app(settings).await;
    // Another process takes the write lock and keeps it.
    let mut locker = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&database)
        .connect()
        .await
        .expect("connect");
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut locker)
        .await
        .expect("lock");
    api.push_update(fake_api::private_text(51, "Who is Fursenko?", "en"));
    api.push_update(fake_api::private_text(
        52,
        "Moscow metro opening hours",
        "en",
    ));
    // Each write waits up to the database's busy timeout (5 s) for the lock: an answer waiting on
    // one would take longer than this.
    let within = Duration::from_secs(4);
    api.wait_for_chat(51, 1, within).await;
    let unknown = api.wait_for_chat(52, 1, within).await;
    assert!(
        unknown[0].text().starts_with("I don't know"),
        "{}",
        unknown[0].text()
    );

    sqlx::query("COMMIT")
        .execute(&mut locker)
        .await
        .expect("unlock");
    let store = Store::open(&database).await.expect("store");
    let curation = Curation::new(store.pool().clone());
    let deadline = Instant::now() + WAIT;
    loop {
        let misses = curation.open_misses(0).await.expect("misses");
        let counted = store.question_counts(0).await.expect("counts");
        if misses.len() == 1 && counted == (1, 1) {
            assert_eq!(misses[0].text, "Moscow metro opening hours");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never caught up: {misses:?} {counted:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_freeze_from_a_429_still_holds_after_a_restart() {
    let api = FakeApi::start().await;
    api.fail_next("sendMessage", 1, Fault::RetryAfter(5));
    let bot = BotProcess::spawn(&api.url, &[]);
    api.push_update(fake_api::private_text(61, "Who is Fursenko?", "en"));
    let deadline = Instant::now() + WAIT;
    let refused_at = loop {
        if let Some(refused) = api.calls("sendMessage").first() {
            break refused.at;
        }
        assert!(Instant::now() < deadline, "no reply attempted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let database = bot.dir.path().join("bot.sqlite");
    let store = Store::open(&database).await.expect("store");
    while store.stored_freeze().await.expect("read").is_none() {
        assert!(Instant::now() < deadline, "the freeze was never stored");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    store.pool().close().await;
    let dir = bot.kill();

    let bot = BotProcess::spawn_in(dir, &api.url, &[]);
    api.push_update(fake_api::private_text(62, "Who is Fursenko?", "en"));
    let reply = api.wait_for_chat(62, 1, WAIT).await;
    let (code, log) = bot.terminate().await;
    assert_eq!(code, Some(0), "{log}");
    assert!(
        reply[0].arrived.duration_since(refused_at) >= Duration::from_millis(4900),
        "sent {:?} after the 429, before its retry_after of 5 s",
        reply[0].arrived.duration_since(refused_at)
    );
    assert!(log.contains("freeze from before the restart"), "{log}");
}

/// Starts `serve` with its database in `data/` of its folder and waits until it is up.
async fn serving_from_data_folder(api: &FakeApi) -> BotProcess {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("data/bot.sqlite");
    let database = database.to_str().expect("path").to_string();
    let bot = BotProcess::spawn_in(dir, &api.url, &[("DATABASE_PATH", &database)]);
    // Serving: it answers.
    api.push_update(fake_api::private_text(71, "/start", "en"));
    api.wait_for_chat(71, 1, WAIT).await;
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_file_that_disappears_is_said_in_the_log() {
    let api = FakeApi::start().await;
    let bot = serving_from_data_folder(&api).await;
    std::fs::remove_file(bot.dir.path().join("data/bot.sqlite")).expect("remove");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (code, log) = bot.terminate().await;
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("ERROR"), "{log}");
    assert!(log.contains("the database file has disappeared"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_folder_that_disappears_is_said_in_the_log() {
    let api = FakeApi::start().await;
    let bot = serving_from_data_folder(&api).await;
    std::fs::remove_dir_all(bot.dir.path().join("data")).expect("remove");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (code, log) = bot.terminate().await;
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("the database folder has disappeared"), "{log}");
}
