//! `serve` end to end, against a Bot API server on 127.0.0.1 that the test starts, asserting the
//! requests that reach it: the real process where the process is the point (start-up errors and
//! exit codes, SIGTERM, what the log holds), the app in-process otherwise.

use std::time::Duration;

use serde_json::Value;

use crate::support::app::{settings, spawn_app};
use crate::support::fake_api::{self, FakeApi, Fault};
use crate::support::process::BotProcess;

const WAIT: Duration = Duration::from_secs(30);

/// The texts of the messages delivered to `chat`, in order.
fn sent_to(api: &FakeApi, chat: i64) -> Vec<String> {
    let sent = api.sent_to(chat);
    sent.iter().map(|c| c.text().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_commands_questions_buttons_and_inline_queries() {
    let api = FakeApi::start().await;
    let bot = BotProcess::spawn(&api.url, &[]);
    // The command menu is registered in English (default), Russian and Persian.
    let menus = api.wait_for("setMyCommands", 3, WAIT).await;
    let languages: Vec<Option<&str>> = menus
        .iter()
        .map(|c| c.params["language_code"].as_str())
        .collect();
    assert_eq!(languages, [None, Some("ru"), Some("fa")]);

    api.push_update(fake_api::private_text(1, "/start", "en"));
    api.push_update(fake_api::private_text(
        2,
        "When is the Moscow meeting?",
        "en",
    ));
    api.push_update(fake_api::private_text(3, "Кто такой Фурсенко?", "ru"));
    api.push_update(fake_api::private_text(4, "پارک فناوری پردیس چیست؟", "fa"));
    api.push_update(fake_api::group_text(-100, 5, "When is the Moscow meeting?"));
    api.push_update(fake_api::group_text(
        -101,
        5,
        &format!("@{} who is Fursenko?", fake_api::BOT_USERNAME),
    ));
    api.push_update(fake_api::private_text(6, "meeting", "en"));
    api.push_update(fake_api::inline_query(7, "fursenko"));
    api.wait_for("sendMessage", 6, WAIT).await;
    api.wait_for("answerInlineQuery", 1, WAIT).await;

    assert!(sent_to(&api, 1)[0].starts_with("Hello!"));
    let english = &sent_to(&api, 2)[0];
    assert!(
        english.contains("December") && english.contains("<b>Sources</b>"),
        "{english}"
    );
    assert!(sent_to(&api, 3)[0].contains("<b>Источники</b>"));
    assert!(sent_to(&api, 4)[0].contains("<b>منابع</b>"));
    assert!(
        sent_to(&api, -100).is_empty(),
        "plain group chatter is not answered"
    );
    assert!(
        sent_to(&api, -101)[0].contains("Fursenko"),
        "a mention is answered"
    );
    for call in api.delivered("sendMessage") {
        assert_eq!(call.params["parse_mode"], "HTML");
    }

    // "meeting" is ambiguous: the bot asks, and tapping a suggestion answers it.
    let suggestion = api
        .delivered("sendMessage")
        .into_iter()
        .find(|c| c.params["chat_id"] == 6)
        .expect("suggestions");
    assert!(suggestion.text().contains("Did you mean"));
    let data = suggestion.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .expect("a button")
        .to_string();
    api.push_update(fake_api::callback(6, &data));
    api.wait_for("answerCallbackQuery", 1, WAIT).await;
    api.wait_for_chat(6, 2, WAIT).await;
    assert!(sent_to(&api, 6)[1].contains("<b>Sources</b>"));

    let inline = &api.delivered("answerInlineQuery")[0].params;
    let results = inline["results"].as_array().expect("results");
    assert!((1..=5).contains(&results.len()));
    assert_eq!(results[0]["type"], "article");
    assert_eq!(results[0]["id"], "andrei-fursenko");
    let content = &results[0]["input_message_content"];
    assert_eq!(content["parse_mode"], "HTML");
    assert!(
        content["message_text"]
            .as_str()
            .expect("text")
            .contains("<b>Sources</b>")
    );

    let (code, log) = bot.terminate().await;
    assert_eq!(code, Some(0), "SIGTERM shuts down cleanly:\n{log}");
    assert!(
        !log.contains("When is the Moscow meeting"),
        "no message text in the info log"
    );
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_refused_with_429_is_delivered_after_retry_after() {
    let api = FakeApi::start().await;
    api.fail_next("sendMessage", 1, Fault::RetryAfter(1));
    let dir = tempfile::tempdir().expect("temp dir");
    let app = spawn_app(settings(&api, dir.path())).await;
    api.push_update(fake_api::private_text(9, "Who is Fursenko?", "en"));
    let delivered = api.wait_for("sendMessage", 1, WAIT).await;
    let attempts = api.calls("sendMessage");
    assert_eq!(attempts.len(), 2, "one 429, then the retry");
    assert!(!attempts[0].ok && attempts[1].ok);
    assert!(attempts[1].at.duration_since(attempts[0].at) >= Duration::from_millis(900));
    assert!(delivered[0].text().contains("Fursenko"));
    app.stop().await.expect("stops cleanly");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_exits_1_with_one_clear_line() {
    let api = FakeApi::rejecting_token().await;
    let (code, stderr) = BotProcess::spawn(&api.url, &[]).wait(WAIT).await;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("rejected the token"), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_token_exits_1_with_one_clear_line() {
    let (code, stderr) = BotProcess::spawn("http://127.0.0.1:9", &[("TELOXIDE_TOKEN", "")])
        .wait(WAIT)
        .await;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("TELOXIDE_TOKEN is not set"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_messages_are_survived() {
    let api = FakeApi::start().await;
    let bot = BotProcess::spawn(&api.url, &[]);
    let long = "ы".repeat(4000);
    for (chat, text) in [
        (20, long.as_str()),
        (21, "🙂🙃"),
        (22, "\u{200F}\u{200B}\u{202E}"),
        (23, "Fursenko\u{200D}"),
    ] {
        api.push_update(fake_api::private_text(chat, text, "fa"));
    }
    let mut sticker: Value = fake_api::private_text(24, "", "en");
    sticker["message"]
        .as_object_mut()
        .expect("object")
        .remove("text");
    sticker["message"]["sticker"] = serde_json::json!({"file_id": "s", "file_unique_id": "s", "type": "regular",
        "width": 512, "height": 512, "is_animated": false, "is_video": false});
    api.push_update(sticker);
    api.wait_for("sendMessage", 5, WAIT).await;
    assert!(sent_to(&api, 24)[0].contains("only read text"));
    let (code, log) = bot.terminate().await;
    assert_eq!(code, Some(0), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    api.stop().await;
}
