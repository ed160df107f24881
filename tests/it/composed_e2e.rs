//! Composed broadcasts end to end: the bot as `serve` assembles it (`spawn_app`) against the
//! loopback Bot API, which materialises every `copyMessage` / `copyMessages` as Telegram would. A
//! photo with a bold caption, a PDF and a three-photo album reach every subscriber as composed
//! (kind, caption, entities); the confirmation message shows the progress and then the final
//! counts; the staff member gets a report whose counts are what the server accepted; and a
//! scheduled broadcast starts at its time, across a restart.

use std::time::{Duration, Instant};

use coop_bot::broadcast::{Confirmer, Content, NewBroadcast, Outbox, Subscribers, Topic};
use coop_bot::lang::Lang;
use coop_bot::store::{Store, unix_now};
use serde_json::{Value, json};

use crate::support::app::{settings, spawn_app};
use crate::support::fake_api::{self, Call, FakeApi};

const STAFF: i64 = 500;
const WAIT: Duration = Duration::from_secs(60);

/// Chats 1..=n subscribed to everything, languages cycling; the database in `dir`.
async fn subscribe(dir: &std::path::Path, n: i64) {
    let store = Store::open(&dir.join("bot.sqlite")).await.expect("store");
    let subscribers = Subscribers::new(store.pool().clone());
    for chat in 1..=n {
        subscribers
            .subscribe(chat, Topic::All, Lang::ALL[(chat % 3) as usize])
            .await
            .expect("subscribe");
    }
}

/// A message from the staff member in their private chat, with `fields` (text, photo…).
fn staff_message(id: i64, fields: Value) -> Value {
    let mut message = json!({"message_id": id, "date": 1_700_000_000,
        "chat": {"id": STAFF, "type": "private", "first_name": "Staff"},
        "from": {"id": STAFF, "is_bot": false, "first_name": "Staff", "language_code": "en"}});
    for (key, value) in fields.as_object().expect("fields").clone() {
        message[key] = value;
    }
    message
}

fn photo(id: i64, caption: Option<&str>, group: Option<&str>) -> Value {
    let mut fields = json!({"photo": [{"file_id": format!("p{id}"), "file_unique_id": format!("u{id}"),
        "width": 800, "height": 600, "file_size": 1000}]});
    if let Some(caption) = caption {
        fields["caption"] = json!(caption);
        fields["caption_entities"] = json!([{"type": "bold", "offset": 0, "length": 6}]);
    }
    if let Some(group) = group {
        fields["media_group_id"] = json!(group);
    }
    staff_message(id, fields)
}

fn pdf(id: i64) -> Value {
    staff_message(
        id,
        json!({"document": {"file_id": "d1", "file_unique_id": "du1", "file_name": "agenda.pdf",
            "mime_type": "application/pdf", "file_size": 50_000},
            "caption": "Agenda", "caption_entities": [{"type": "italic", "offset": 0, "length": 6}]}),
    )
}

/// `/broadcast` as a reply to `replied`.
fn broadcast_reply(id: i64, replied: &Value) -> Value {
    json!({"message": staff_message(id, json!({"text": "/broadcast",
        "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
        "reply_to_message": replied}))})
}

/// Waits until the staff chat has a message containing `needle`, and returns it.
async fn staff_message_containing(api: &FakeApi, needle: &str) -> Call {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(call) = api
            .sent_to(STAFF)
            .into_iter()
            .find(|c| c.text().contains(needle))
        {
            return call;
        }
        assert!(
            Instant::now() < deadline,
            "no {needle:?} in {:#?}",
            api.sent_to(STAFF)
                .iter()
                .map(Call::text)
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Taps Confirm under the preview of broadcast `id`.
async fn confirm(api: &FakeApi, id: i64) {
    let preview = staff_message_containing(api, &format!("Above is broadcast #{id}")).await;
    let data = preview.buttons().into_iter().next().expect("Confirm");
    api.push_update(fake_api::callback(STAFF, &data));
}

/// Copies the server made for subscribers (chats other than the staff's), successful ones only.
fn copies_for_subscribers(api: &FakeApi, method: &str) -> usize {
    api.delivered(method)
        .iter()
        .filter(|c| c.params["chat_id"].as_i64() != Some(STAFF))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_with_a_bold_caption_reaches_everyone_as_composed_with_progress_and_a_report() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    subscribe(dir.path(), 14).await;
    api.block_chat(3);
    let mut config = settings(&api, dir.path());
    config.staff_ids = vec![STAFF as u64];
    config.broadcast_rate = 2;
    let app = spawn_app(config).await;

    let composed = photo(1001, Some("Agenda of the fifth meeting"), None);
    api.push_update(json!({"message": composed.clone()}));
    api.push_update(broadcast_reply(1002, &composed));
    confirm(&api, 1).await;
    let report = staff_message_containing(&api, "Delivery report of broadcast #1").await;

    for chat in (1..=14).filter(|&c| c != 3) {
        let got = api.copies_to(chat);
        assert_eq!(got.len(), 1, "chat {chat}: {got:#?}");
        for field in ["photo", "caption", "caption_entities"] {
            assert_eq!(got[0][field], composed[field], "chat {chat}: {field}");
        }
    }
    assert!(api.copies_to(3).is_empty(), "the blocked chat got nothing");
    let preview = &api.copies_to(STAFF)[0];
    assert_eq!(
        preview["caption"], composed["caption"],
        "the preview is the same copy"
    );

    let accepted = copies_for_subscribers(&api, "copyMessage");
    assert_eq!(accepted, 13);
    let report = report.text().to_string();
    assert!(
        report.contains(&format!("Sent (accepted by Telegram): {accepted}"))
            && report.contains("Blocked the bot or gone: 1")
            && report.contains("• en: sent 3, failed 0, blocked 1, remaining 0")
            && report.contains(
                "• 1 deliveries: A Telegram's error: Forbidden: bot was blocked by the user"
            ),
        "{report}"
    );

    let edits: Vec<String> = api
        .delivered("editMessageText")
        .iter()
        .filter(|c| c.params["message_id"] == json!(500))
        .map(|c| c.text().to_string())
        .collect();
    let last = edits.last().expect("progress edits");
    assert!(
        last.contains("Sent 13 · failed 0 · blocked 1 · remaining 0") && last.contains("100%"),
        "{last}"
    );
    assert!(
        edits
            .iter()
            .any(|e| e.contains("Broadcast #1: sending") && !e.contains("remaining 0")),
        "progress while it went: {edits:#?}"
    );
    app.stop().await.expect("stops");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_and_a_three_photo_album_reach_everyone_as_composed() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    subscribe(dir.path(), 4).await;
    let mut config = settings(&api, dir.path());
    config.staff_ids = vec![STAFF as u64];
    let app = spawn_app(config).await;

    let document = pdf(3001);
    api.push_update(json!({"message": document.clone()}));
    api.push_update(broadcast_reply(3002, &document));
    confirm(&api, 1).await;
    staff_message_containing(&api, "Delivery report of broadcast #1").await;

    let album: Vec<Value> = (0..3)
        .map(|i| {
            photo(
                4001 + i,
                (i == 0).then_some("Pardis technology park"),
                Some("alb-1"),
            )
        })
        .collect();
    api.push_updates(album.iter().map(|part| json!({"message": part})));
    // A reply to the middle part broadcasts the whole album.
    api.push_update(broadcast_reply(4010, &album[1]));
    confirm(&api, 2).await;
    let report = staff_message_containing(&api, "Delivery report of broadcast #2").await;

    let preview = api
        .delivered("copyMessages")
        .into_iter()
        .find(|c| c.params["chat_id"] == json!(STAFF))
        .expect("the album previewed as one copy");
    assert_eq!(preview.params["message_ids"], json!([4001, 4002, 4003]));
    for chat in 1..=4 {
        let got = api.copies_to(chat);
        assert_eq!(got.len(), 4, "chat {chat}: a PDF then three photos");
        for field in ["document", "caption", "caption_entities"] {
            assert_eq!(got[0][field], document[field], "chat {chat}: {field}");
        }
        for (copy, part) in got[1..].iter().zip(&album) {
            for field in ["photo", "caption", "caption_entities", "media_group_id"] {
                assert_eq!(copy[field], part[field], "chat {chat}: {field}");
            }
        }
    }
    assert_eq!(copies_for_subscribers(&api, "copyMessages"), 4);
    assert!(
        report.text().contains("Sent (accepted by Telegram): 4"),
        "{}",
        report.text()
    );
    assert!(
        report.text().contains("content: album"),
        "{}",
        report.text()
    );
    app.stop().await.expect("stops");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_broadcast_starts_at_its_time_across_a_restart() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    subscribe(dir.path(), 3).await;
    // Scheduled as `/broadcast at …` leaves it (the command itself is the handler tests'), three
    // seconds ahead, confirmed by staff.
    let at = unix_now() + 3;
    let due = Instant::now() + Duration::from_secs(2);
    {
        let store = Store::open(&dir.path().join("bot.sqlite"))
            .await
            .expect("store");
        let outbox = Outbox::new(store.pool().clone());
        let id = outbox
            .create(&NewBroadcast {
                created_by: STAFF,
                topic: Topic::All,
                lang: None,
                content: Content::Text {
                    text: "The meeting starts now".into(),
                    entities: "[]".into(),
                },
                scheduled_at: Some(at),
            })
            .await
            .expect("draft");
        let by = Confirmer {
            user: STAFF,
            chat: STAFF,
            message: Some(500),
            lang: Lang::En,
        };
        outbox.confirm_by(id, Some(by)).await.expect("confirm");
    }
    let mut config = settings(&api, dir.path());
    config.staff_ids = vec![STAFF as u64];
    let first = spawn_app(config.clone()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    first.stop().await.expect("stops");
    assert!(api.sent_to(1).is_empty(), "nothing before its time");

    let second = spawn_app(config).await;
    for chat in 1..=3 {
        let got = api.wait_for_chat(chat, 1, WAIT).await;
        assert_eq!(got[0].text(), "The meeting starts now");
        assert!(got[0].at >= due, "chat {chat} got it before its time");
    }
    let report = staff_message_containing(&api, "Delivery report of broadcast #1").await;
    assert!(
        report.text().contains("Sent (accepted by Telegram): 3"),
        "{}",
        report.text()
    );
    second.stop().await.expect("stops");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_broadcast_queued_before_the_upgrade_is_delivered_after_it() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bot.sqlite");
    // The database of the previous version: migrated up to, not including, 0006, with an HTML
    // broadcast confirmed (queued, its deliveries written) but not sent when the bot stopped.
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let old = tempfile::tempdir().expect("temp dir");
    for file in std::fs::read_dir(&migrations).expect("migrations") {
        let file = file.expect("entry").path();
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.as_str() < "0006" {
            std::fs::copy(&file, old.path().join(&name)).expect("copy");
        }
    }
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("old database");
        sqlx::migrate::Migrator::new(old.path())
            .await
            .expect("old migrations")
            .run(&pool)
            .await
            .expect("old schema");
        for sql in [
            "INSERT INTO subscribers (chat_id, lang, active, created_at, updated_at) VALUES (41, 'en', 1, 0, 0)",
            "INSERT INTO subscriptions (chat_id, topic) VALUES (41, 'all')",
            "INSERT INTO broadcasts (id, created_by, topic, lang, html, status, created_at, confirmed_at)
             VALUES (1, 500, 'all', NULL, '<b>Old</b> news', 'queued', 0, 0)",
            "INSERT INTO deliveries (broadcast_id, chat_id, status) VALUES (1, 41, 'pending')",
        ] {
            sqlx::query(sql).execute(&pool).await.expect("old rows");
        }
        pool.close().await;
    }

    let app = spawn_app(settings(&api, dir.path())).await;
    let got = api.wait_for_chat(41, 1, WAIT).await;
    assert_eq!(got[0].text(), "<b>Old</b> news");
    assert_eq!(got[0].params["parse_mode"], "HTML");
    app.stop().await.expect("stops");
    let store = Store::open(&path).await.expect("store");
    let old = Outbox::new(store.pool().clone())
        .get(1)
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(old.counts.sent, 1);
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broadcast_scheduled_with_the_command_starts_at_its_local_time_across_a_restart() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    subscribe(dir.path(), 2).await;
    let zone = coop_bot::broadcast::Zone::named("Asia/Tehran").expect("zone");
    // The next whole minute at least six seconds away: times are given to the minute.
    let now = unix_now();
    let started = Instant::now();
    let mut at = (now / 60 + 1) * 60;
    if at - now < 6 {
        at += 60;
    }
    let due = started + Duration::from_secs((at - now - 1) as u64);
    let local = zone.format(at);
    let mut config = settings(&api, dir.path());
    config.staff_ids = vec![STAFF as u64];
    config.broadcast_zone = zone;
    let first = spawn_app(config.clone()).await;
    api.push_update(fake_api::private_text(
        STAFF,
        &format!("/broadcast at {local} The session opens"),
        "en",
    ));
    confirm(&api, 1).await;
    let scheduled = api.wait_for("editMessageText", 1, WAIT).await;
    assert!(
        scheduled[0]
            .text()
            .contains(&format!("scheduled for {local} Asia/Tehran (UTC+03:30)")),
        "{}",
        scheduled[0].text()
    );
    first.stop().await.expect("stops");
    assert!(api.sent_to(1).is_empty(), "nothing before its time");

    let second = spawn_app(config).await;
    for chat in 1..=2 {
        let got = api.wait_for_chat(chat, 1, Duration::from_secs(120)).await;
        assert_eq!(got[0].text(), "The session opens");
        assert!(got[0].at >= due, "chat {chat} got it before its time");
    }
    second.stop().await.expect("stops");
    api.stop().await;
}
