//! Curation end to end, through the real `coop-bot serve` process and a Bot API server on 127.0.0.1:
//! a missed question shows in `/unanswered`, staff attach it with one tap, the next user asking it or
//! a paraphrase gets the sourced answer, also after a restart, and `export-learned` writes it into
//! the knowledge files that `check` then passes. Non-staff can use none of it.

mod common;

use std::time::Duration;

use common::fake_api::{self, Call, FakeApi};
use common::{BotProcess, coop_bot, knowledge_copy, text};

const STAFF: i64 = 500;
const WAIT: Duration = Duration::from_secs(30);
const MISSED: &str = "Who heads the Iranian diplomatic mission in Russia?";
const PARAPHRASE: &str = "who heads iran's diplomatic mission in russia";

fn sent_to(api: &FakeApi, chat: i64) -> Vec<Call> {
    api.delivered("sendMessage")
        .into_iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(chat))
        .collect()
}

fn text_of(call: &Call) -> &str {
    call.params["text"].as_str().unwrap_or_default()
}

/// Waits until `chat` has received `count` messages and returns them.
async fn replies(api: &FakeApi, chat: i64, count: usize) -> Vec<Call> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let sent = sent_to(api, chat);
        if sent.len() >= count {
            return sent;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "chat {chat} got {} of {count} messages",
            sent.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn buttons(call: &Call) -> Vec<String> {
    call.params["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_miss_attached_with_one_tap_is_answered_at_once_after_restart_and_in_the_files() {
    let api = FakeApi::start().await;
    let env = [("STAFF_IDS", "500")];
    let bot = BotProcess::spawn(&api.url, &env);

    api.push_update(fake_api::private_text(1001, MISSED, "en"));
    assert!(text_of(&replies(&api, 1001, 1).await[0]).starts_with("I don't know"));

    // Staff review: one group, with an attach button for the right entry.
    api.push_update(fake_api::private_text(STAFF, "/unanswered", "en"));
    let review = replies(&api, STAFF, 2).await;
    assert!(text_of(&review[1]).starts_with(&format!("1 × “{MISSED}”")));
    let attach = buttons(&review[1])
        .into_iter()
        .find(|data| data.starts_with("ua:") && data.ends_with(":kazem-jalali"))
        .expect("an attach button for the ambassador's entry");

    // Non-staff can neither tap it nor use the commands.
    api.push_update(fake_api::callback(1003, &attach));
    api.push_update(fake_api::private_text(1003, "/why pardis", "en"));
    api.push_update(fake_api::private_text(1003, "/learned", "en"));
    let refusals = replies(&api, 1003, 3).await;
    assert!(
        refusals
            .iter()
            .all(|c| text_of(c).contains("only for programme staff"))
    );

    api.push_update(fake_api::callback(STAFF, &attach));
    let edits = api.wait_for("editMessageText", 1, WAIT).await;
    assert!(
        edits[0].params["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&format!("Attached “{MISSED}” to “Kazem Jalali”")),
        "{:?}",
        edits[0].params
    );

    api.push_update(fake_api::private_text(1002, PARAPHRASE, "en"));
    let answer = text_of(&replies(&api, 1002, 1).await[0]).to_string();
    assert!(
        answer.contains("ambassador") && answer.contains("<b>Sources</b>"),
        "{answer}"
    );

    api.push_update(fake_api::private_text(
        STAFF,
        &format!("/why {PARAPHRASE}"),
        "en",
    ));
    let why = text_of(&replies(&api, STAFF, 3).await[2]).to_string();
    assert!(why.contains("1. kazem-jalali — Kazem Jalali: "), "{why}");
    assert!(
        why.contains(&format!("via question (en): {MISSED}")),
        "{why}"
    );

    // A restart keeps it.
    let (code, dir) = bot.restartable_stop().await;
    assert_eq!(code, Some(0));
    let bot = BotProcess::spawn_in(dir, &api.url, &env);
    api.push_update(fake_api::private_text(1004, MISSED, "en"));
    let answer = text_of(&replies(&api, 1004, 1).await[0]).to_string();
    assert!(answer.contains("ambassador"), "after a restart: {answer}");
    let (code, dir) = bot.restartable_stop().await;
    assert_eq!(code, Some(0));

    // And into the repository.
    let knowledge = knowledge_copy();
    let folder = knowledge.path().to_str().expect("utf-8 path");
    let database = dir.path().join("bot.sqlite");
    let database = database.to_str().expect("utf-8 path");
    let export = coop_bot(
        &[
            "export-learned",
            "--knowledge",
            folder,
            "--database",
            database,
        ],
        "",
    );
    assert!(export.status.success(), "{}", text(&export.stderr));
    let check = coop_bot(&["check", "--knowledge", folder], "");
    assert!(check.status.success(), "{}", text(&check.stderr));
    let contacts = std::fs::read_to_string(knowledge.path().join("contacts.json")).expect("read");
    assert!(contacts.contains(&format!(
        "\"learned\": {{\n      \"en\": [\n        \"{MISSED}\""
    )));
    api.stop().await;
}
