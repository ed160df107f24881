//! A broadcast end to end: staff preview and confirm through the real `coop-bot serve` process, a
//! kill -9 half-way, a restart that completes it, flood limits respected throughout, and questions
//! answered while it sends.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use coop_bot::broadcast::{Subscribers, Topic};
use coop_bot::lang::Lang;
use coop_bot::store::Store;

use crate::support::fake_api::{self, FakeApi};
use crate::support::process::BotProcess;

const STAFF: i64 = 500;
const SUBSCRIBERS: i64 = 60;
const ASKER: i64 = 9000;
const WAIT: Duration = Duration::from_secs(60);

/// How many times each subscriber has received the broadcast.
fn broadcast_deliveries(api: &FakeApi) -> HashMap<i64, usize> {
    let mut received = api.received_per_chat();
    received.retain(|chat, _| (1..=SUBSCRIBERS).contains(chat));
    received
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broadcast_killed_half_way_completes_after_restart() {
    let api = FakeApi::start().await;
    api.enforce_rate_limit(30);
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = Store::open(&dir.path().join("bot.sqlite"))
            .await
            .expect("store");
        let subscribers = Subscribers::new(store.pool().clone());
        for chat in 1..=SUBSCRIBERS {
            subscribers
                .subscribe(chat, Topic::All, Lang::ALL[(chat % 3) as usize])
                .await
                .expect("subscribe");
        }
    }
    let env = [("STAFF_IDS", "500"), ("BROADCAST_RATE", "8")];
    let bot = BotProcess::spawn_in(dir, &api.url, &env);

    // Staff preview, then confirm.
    api.push_update(fake_api::private_text(
        STAFF,
        "/broadcast The fifth meeting agenda is out",
        "en",
    ));
    let preview = api.wait_for("sendMessage", 2, WAIT).await;
    assert_eq!(preview[0].params["text"], "The fifth meeting agenda is out");
    assert!(
        preview[1].params["text"]
            .as_str()
            .expect("text")
            .contains("Audience now: 60")
    );
    let confirm = preview[1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .expect("confirm button")
        .to_string();
    api.push_update(fake_api::callback(STAFF, &confirm));

    // Half-way: kill -9.
    let deadline = Instant::now() + WAIT;
    while broadcast_deliveries(&api).len() < 15 {
        assert!(Instant::now() < deadline, "the broadcast did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let dir = bot.kill();
    let before = broadcast_deliveries(&api).len();
    assert!(before < SUBSCRIBERS as usize, "killed half-way ({before})");

    // Restart on the same database; ask a question while it sends.
    let bot = BotProcess::spawn_in(dir, &api.url, &env);
    api.push_update(fake_api::private_text(ASKER, "Who is Fursenko?", "en"));
    let deadline = Instant::now() + WAIT;
    let mut answered_while_sending = None;
    loop {
        let received = broadcast_deliveries(&api);
        let answered = api
            .delivered("sendMessage")
            .iter()
            .any(|c| c.params["chat_id"] == ASKER);
        if answered && answered_while_sending.is_none() {
            answered_while_sending = Some(received.len() < SUBSCRIBERS as usize);
        }
        if received.len() == SUBSCRIBERS as usize && answered {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "incomplete after restart: {} of {SUBSCRIBERS}",
            received.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        answered_while_sending,
        Some(true),
        "a question is answered while the broadcast sends"
    );

    let received = broadcast_deliveries(&api);
    assert!(
        (1..=SUBSCRIBERS).all(|chat| received.contains_key(&chat)),
        "no subscriber skipped"
    );
    let twice = received.values().filter(|&&n| n > 1).count();
    // Only what was in flight at the kill may arrive twice: at most the sender's in-flight window.
    assert!(twice <= 16, "{twice} duplicates");
    assert!(received.values().all(|&n| n <= 2));
    assert_eq!(api.flood_refusals(), 0, "no flood limit violated");
    let (code, log) = bot.terminate().await;
    assert_eq!(code, Some(0), "{log}");
    api.stop().await;
}
