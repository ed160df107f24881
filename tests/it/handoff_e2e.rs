//! The handoff end to end, through the app as `serve` runs it (in-process) and the Bot API on
//! 127.0.0.1: a user asks → the bot does not know → "Ask programme staff" → confirmed → a card in
//! the staff group → a staff member replies to it → the user gets the reply (copied, under a
//! heading, as a reply to their question) → the user answers back (copied into the thread) →
//! staff close the ticket and the user is told; in English, Russian and Persian, with a restart in
//! the middle of the thread. A non-staff member of the group cannot reply through the bot, and a
//! relay the user blocked is reported on the card.

use std::time::Duration;

use coop_bot::config::{HandoffSettings, Settings};
use coop_bot::i18n::{fill, texts};
use coop_bot::lang::Lang;
use serde_json::{Value, json};

use crate::support::app::{settings, spawn_app};
use crate::support::fake_api::{self, BOT_ID, Call, FakeApi};

const WAIT: Duration = Duration::from_secs(30);
const STAFF: i64 = 500;
const NOT_STAFF: i64 = 501;
const STAFF_CHAT: i64 = -1_009;

fn handoff_settings(api: &FakeApi, dir: &std::path::Path) -> Settings {
    Settings {
        staff_ids: vec![STAFF as u64],
        handoff: HandoffSettings {
            staff_chat: Some(STAFF_CHAT),
            ..HandoffSettings::default()
        },
        ..settings(api, dir)
    }
}

/// A message in the staff group from `user`, replying to the bot's message `reply_to`.
fn staff_group_reply(user: i64, message_id: i64, reply_to: i64, text: &str) -> Value {
    json!({"message": {"message_id": message_id, "date": 1_700_000_000,
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Programme staff"},
        "from": {"id": user, "is_bot": false, "first_name": "Staff", "language_code": "en"},
        "text": text,
        "reply_to_message": {"message_id": reply_to, "date": 1_700_000_000,
            "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Programme staff"},
            "from": {"id": BOT_ID, "is_bot": true, "first_name": "Coop"}, "text": "…"}}})
}

/// A private message from `user`, replying to the bot's message `reply_to`.
fn private_reply(user: i64, message_id: i64, reply_to: i64, text: &str) -> Value {
    json!({"message": {"message_id": message_id, "date": 1_700_000_000,
        "chat": {"id": user, "type": "private", "first_name": "User"},
        "from": {"id": user, "is_bot": false, "first_name": "User"},
        "text": text,
        "reply_to_message": {"message_id": reply_to, "date": 1_700_000_000,
            "chat": {"id": user, "type": "private", "first_name": "User"},
            "from": {"id": BOT_ID, "is_bot": true, "first_name": "Coop"}, "text": "…"}}})
}

/// A tap by `user` on the bot's message `message_id` in the staff group.
fn staff_group_tap(user: i64, message_id: i64, data: &str) -> Value {
    json!({"callback_query": {"id": format!("cb-{user}-{data}"), "chat_instance": "ci",
        "from": {"id": user, "is_bot": false, "first_name": "Staff", "language_code": "en"},
        "data": data,
        "message": {"message_id": message_id, "date": 1_700_000_000,
            "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Programme staff"},
            "from": {"id": BOT_ID, "is_bot": true, "first_name": "Coop"}, "text": "…"}}})
}

fn message_id(call: &Call) -> i64 {
    call.result["message_id"].as_i64().expect("a message id")
}

fn button(call: &Call, prefix: &str) -> String {
    call.buttons()
        .into_iter()
        .find(|data| data.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} button: {:?}", call.params))
}

/// The whole round trip for one user in one language, restarting the bot once the card is posted.
async fn round_trip(lang: Lang, code: &str, user: i64, question: &str) {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = handoff_settings(&api, dir.path());
    let app = spawn_app(settings.clone()).await;
    let t = texts(lang);

    // The bot does not know; under its reply, "Ask programme staff".
    api.push_update(fake_api::private_text(user, question, code));
    let dont_know = api.wait_for_chat(user, 1, WAIT).await.remove(0);
    assert!(
        dont_know.text().starts_with(t.dont_know),
        "{}",
        dont_know.text()
    );
    api.push_update(fake_api::callback(user, &button(&dont_know, "as:")));
    let confirmation = api.wait_for_chat(user, 2, WAIT).await.remove(1);
    assert!(
        confirmation.text().contains(question),
        "{}",
        confirmation.text()
    );
    api.push_update(fake_api::callback(user, &button(&confirmation, "hs:")));
    let card = api.wait_for_chat(STAFF_CHAT, 1, WAIT).await.remove(0);
    assert!(card.text().starts_with("🎫 #1 · "), "{}", card.text());
    assert!(card.text().contains(question));
    let close = button(&card, "tc:");

    // A restart in the middle of the thread.
    app.stop().await.expect("stops cleanly");
    let app = spawn_app(settings.clone()).await;

    // A group member who is not staff cannot reply through the bot.
    api.push_update(staff_group_reply(
        NOT_STAFF,
        8_000,
        message_id(&card),
        "not staff",
    ));
    // A staff member's reply is copied to the user, under a heading, replying to the question.
    api.push_update(staff_group_reply(
        STAFF,
        8_001,
        message_id(&card),
        "Write to the trade office.",
    ));
    let copy = api.wait_for("copyMessage", 1, WAIT).await.remove(0);
    assert_eq!(copy.params["chat_id"], user);
    assert_eq!(copy.params["from_chat_id"], STAFF_CHAT);
    assert_eq!(
        copy.params["message_id"], 8_001,
        "the staff member's, not the outsider's"
    );
    assert_eq!(
        copy.params["reply_parameters"]["message_id"],
        message_id(&confirmation)
    );
    let heading = api.wait_for_chat(user, 3, WAIT).await.remove(2);
    let expected = fill(t.staff_answer_heading, &[("n", "1")]);
    assert_eq!(heading.text(), expected);

    app.stop().await.expect("stops cleanly");
    let app = spawn_app(settings).await;

    // The user answers back by replying to the relayed message: into the thread, not answered.
    api.push_update(private_reply(
        user,
        30,
        message_id(&copy),
        "Thank you! Which address?",
    ));
    let back = api.wait_for("copyMessage", 2, WAIT).await.remove(1);
    assert_eq!(back.params["chat_id"], STAFF_CHAT);
    assert_eq!(back.params["from_chat_id"], user);
    assert_eq!(back.params["reply_parameters"]["message_id"], 8_001);

    // Staff close the ticket; the user is told, and the card says so.
    api.push_update(staff_group_tap(STAFF, message_id(&card), &close));
    let closed = api.wait_for_chat(user, 4, WAIT).await.remove(3);
    assert_eq!(closed.text(), fill(t.ticket_closed_user, &[("n", "1")]));
    let edits = api.wait_for("editMessageText", 2, WAIT).await;
    assert!(
        edits
            .iter()
            .any(|e| e.params["chat_id"] == STAFF_CHAT && e.text().contains("closed by 500")),
        "{edits:?}"
    );
    assert_eq!(
        api.sent_to(user).len(),
        4,
        "the user's answer was not answered as a question"
    );
    assert_eq!(api.delivered("copyMessage").len(), 2);
    app.stop().await.expect("stops cleanly");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handoff_round_trip_works_in_english_across_restarts() {
    round_trip(Lang::En, "en", 2001, "Moscow metro opening hours").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handoff_round_trip_works_in_russian_across_restarts() {
    round_trip(Lang::Ru, "ru", 2002, "Часы работы московского метро").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handoff_round_trip_works_in_persian_across_restarts() {
    round_trip(Lang::Fa, "fa", 2003, "ساعات کار متروی مسکو").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_to_a_user_who_blocked_the_bot_is_reported_on_the_card() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = spawn_app(handoff_settings(&api, dir.path())).await;
    let user = 2004;
    api.push_update(fake_api::private_text(
        user,
        "/ask_staff Whom do I contact about supplying equipment?",
        "en",
    ));
    let confirmation = api.wait_for_chat(user, 1, WAIT).await.remove(0);
    api.push_update(fake_api::callback(user, &button(&confirmation, "hs:")));
    let card = api.wait_for_chat(STAFF_CHAT, 1, WAIT).await.remove(0);
    // The confirmation says "sent" before the user blocks the bot.
    api.wait_for("editMessageText", 1, WAIT).await;
    api.block_chat(user);
    api.push_update(staff_group_reply(STAFF, 8_100, message_id(&card), "Hello"));
    let edits = api.wait_for("editMessageText", 2, WAIT).await;
    let on_card = edits
        .iter()
        .find(|e| e.params["chat_id"] == STAFF_CHAT)
        .expect("the card edited");
    assert!(
        on_card
            .text()
            .contains("⚠ The last reply was not delivered")
            && on_card.text().contains("blocked"),
        "{}",
        on_card.text()
    );
    app.stop().await.expect("stops cleanly");
    api.stop().await;
}
