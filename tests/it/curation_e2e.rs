//! Curation end to end, through the app as `serve` runs it (in-process) and a Bot API server on
//! 127.0.0.1: a missed question shows in `/unanswered`, staff attach it with one tap, the next user
//! asking it or a paraphrase gets the sourced answer, also after a restart, and `export-learned`
//! writes it into the knowledge files that `check` then passes. Non-staff can use none of it.

use std::time::Duration;

use crate::support::app::{settings, spawn_app};
use crate::support::fake_api::{self, FakeApi};
use crate::support::{coop_bot, knowledge_copy, text};

const STAFF: i64 = 500;
const WAIT: Duration = Duration::from_secs(30);
const MISSED: &str = "Who heads the Iranian diplomatic mission in Russia?";
const PARAPHRASE: &str = "who heads iran's diplomatic mission in russia";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_miss_attached_with_one_tap_is_answered_at_once_after_restart_and_in_the_files() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = coop_bot::config::Settings {
        staff_ids: vec![STAFF as u64],
        ..settings(&api, dir.path())
    };
    let app = spawn_app(settings.clone()).await;

    api.push_update(fake_api::private_text(1001, MISSED, "en"));
    assert!(
        api.wait_for_chat(1001, 1, WAIT).await[0]
            .text()
            .starts_with("I don't know")
    );

    // Staff review: one group, with an attach button for the right entry.
    api.push_update(fake_api::private_text(STAFF, "/unanswered", "en"));
    let review = api.wait_for_chat(STAFF, 2, WAIT).await;
    assert!(review[1].text().starts_with(&format!("1 × “{MISSED}”")));
    let attach = review[1]
        .buttons()
        .into_iter()
        .find(|data| data.starts_with("ua:") && data.ends_with(":kazem-jalali"))
        .expect("an attach button for the ambassador's entry");

    // Non-staff can neither tap it nor use the commands.
    api.push_update(fake_api::callback(1003, &attach));
    api.push_update(fake_api::private_text(1003, "/why pardis", "en"));
    api.push_update(fake_api::private_text(1003, "/learned", "en"));
    let refusals = api.wait_for_chat(1003, 3, WAIT).await;
    assert!(
        refusals
            .iter()
            .all(|c| c.text().contains("only for programme staff"))
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
    let answer = api.wait_for_chat(1002, 1, WAIT).await[0].text().to_string();
    assert!(
        answer.contains("ambassador") && answer.contains("<b>Sources</b>"),
        "{answer}"
    );

    api.push_update(fake_api::private_text(
        STAFF,
        &format!("/why {PARAPHRASE}"),
        "en",
    ));
    let why = api.wait_for_chat(STAFF, 3, WAIT).await[2]
        .text()
        .to_string();
    assert!(why.contains("1. kazem-jalali — Kazem Jalali: "), "{why}");
    assert!(
        why.contains(&format!("via question (en): {MISSED}")),
        "{why}"
    );

    // A restart keeps it.
    app.stop().await.expect("stops cleanly");
    let app = spawn_app(settings).await;
    api.push_update(fake_api::private_text(1004, MISSED, "en"));
    let answer = api.wait_for_chat(1004, 1, WAIT).await[0].text().to_string();
    assert!(answer.contains("ambassador"), "after a restart: {answer}");
    app.stop().await.expect("stops cleanly");

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
