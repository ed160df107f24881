//! Curation on the command line: `why` explains a match, `check --stale` lists entries to review,
//! and `export-learned` writes the learned questions of the bot's database into the knowledge files,
//! changing nothing else, so that `check` passes and `ask` answers them.

use std::path::Path;

use crate::support::*;
use coop_bot::curation::Curation;
use coop_bot::dates::Date;
use coop_bot::lang::Lang;
use coop_bot::store::Store;

const MISSED: &str = "Who heads the Iranian diplomatic mission in Russia?";

async fn database_with(path: &Path, learned: &[(&str, Lang, &str)]) {
    let store = Store::open(path).await.expect("database");
    let curation = Curation::new(store.pool().clone());
    for (entry, lang, question) in learned {
        curation
            .attach(&[], entry, question, *lang, 42)
            .await
            .expect("learn");
    }
    store.pool().close().await;
}

fn run(args: &[&str]) -> (bool, String, String) {
    let output = coop_bot(args, "");
    (
        output.status.success(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

/// The decision's thresholds as `why` prints them.
fn thresholds() -> String {
    use coop_bot::matcher::MODEL;
    format!(
        "answer ≥ {:.2}; did you mean ≥ {:.2}",
        MODEL.answer, MODEL.suggest
    )
}

#[test]
fn why_explains_words_candidates_and_thresholds() {
    let (ok, out, err) = run(&["why", "how big is pardis park"]);
    assert!(ok, "{err}");
    assert!(out.contains("Language: en (from the script)"), "{out}");
    assert!(out.contains("big → big: not in the vocabulary"), "{out}");
    assert!(
        out.contains("1. pardis-technology-park — Pardis Technology Park: "),
        "{out}"
    );
    assert!(out.contains("via alias (en): Pardis park"), "{out}");
    assert!(
        out.contains(&format!("Thresholds: {}", thresholds())),
        "{out}"
    );
}

#[test]
fn why_json_carries_the_same_explanation() {
    let (ok, out, err) = run(&["why", "--json", "кто такой Фурсенко"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["detected_lang"], "ru");
    assert_eq!(json["decision"], "answer");
    assert_eq!(json["candidates"][0]["entry"], "andrei-fursenko");
    assert!(json["candidates"].as_array().expect("list").len() <= 5);
}

#[test]
fn why_says_when_a_speaker_was_put_before_what_he_spoke_about() {
    let (ok, out, err) = run(&["why", "Что иранский посол написал о предстоящем заседании?"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Reported speech: the speaker's entry goes first"),
        "{out}"
    );
    assert!(out.contains("1. kazem-jalali — "), "{out}");
    let (ok, out, err) = run(&["why", "--json", "когда пройдёт заседание в Москве?"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["speaker_first"], false);
}

#[test]
fn why_says_when_the_kind_asked_for_was_put_first() {
    let (ok, out, err) = run(&["why", "На какой выставке выступал Фурсенко?"]);
    assert!(ok, "{err}");
    assert!(out.contains("Asks which of a kind"), "{out}");
    assert!(out.contains("1. inotex-2025-meeting — "), "{out}");
    let (ok, out, err) = run(&["why", "--json", "когда пройдёт заседание в Москве?"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["kind_first"], false);
}

#[test]
fn why_says_when_the_answer_lacks_the_detail_asked_for() {
    let (ok, out, err) = run(&["why", "Which building is the Moscow meeting in?"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Asks for a detail the answer does not give (venue)"),
        "{out}"
    );
}

#[test]
fn check_stale_lists_undated_entries_for_review_without_failing() {
    let (ok, out, err) = run(&["check", "--stale", "90"]);
    assert!(ok, "{err}");
    assert!(out.contains("29 entries to review"), "{out}");
    assert!(
        out.contains("fifth-ict-working-group-meeting  no date: its source does not give one"),
        "{out}"
    );
}

#[test]
fn check_stale_lists_only_entries_reported_longer_ago_than_asked() {
    let dir = knowledge_copy();
    let today = Date::today();
    let old = Date::from_days(today.days() - 400).to_string();
    let recent = Date::from_days(today.days() - 10).to_string();
    for file in [
        "meetings.json",
        "agreements.json",
        "focus_areas.json",
        "contacts.json",
        "universities.json",
    ] {
        let mut entries = read_json(dir.path(), file);
        for entry in entries.as_array_mut().expect("entries") {
            let as_of = if entry["id"] == "brics" {
                &old
            } else {
                &recent
            };
            entry["as_of"] = serde_json::json!(as_of);
        }
        write_json(dir.path(), file, &entries);
    }
    let folder = dir.path().to_str().expect("utf-8 path");
    let (ok, out, err) = run(&["check", "--knowledge", folder, "--stale", "365"]);
    assert!(ok, "{err}");
    assert!(out.contains("1 entry to review"), "{out}");
    assert!(
        out.contains(&format!("brics  reported {old} (400 days ago)")),
        "{out}"
    );
}

#[tokio::test]
async fn export_learned_writes_only_the_learned_fields_and_check_passes() {
    let dir = knowledge_copy();
    let folder = dir.path().to_str().expect("utf-8 path").to_string();
    let database = dir.path().join("bot.sqlite");
    database_with(
        &database,
        &[
            ("kazem-jalali", Lang::En, MISSED),
            (
                "fifth-ict-working-group-meeting",
                Lang::Ru,
                "Когда соберётся рабочая группа в Москве?",
            ),
        ],
    )
    .await;
    let before_contacts = std::fs::read_to_string(dir.path().join("contacts.json")).expect("read");
    let before_meetings = std::fs::read_to_string(dir.path().join("meetings.json")).expect("read");
    let db = database.to_str().expect("utf-8 path");

    let (ok, out, err) = run(&["export-learned", "--knowledge", &folder, "--database", db]);
    assert!(ok, "{err}");
    assert!(out.contains("Wrote 2 learned question(s)"), "{out}");

    let after_contacts = std::fs::read_to_string(dir.path().join("contacts.json")).expect("read");
    let inserted = only_insertion(&before_contacts, &after_contacts);
    assert_eq!(
        inserted,
        format!(",\n    \"learned\": {{\n      \"en\": [\n        \"{MISSED}\"\n      ]\n    }}")
    );
    let inserted = only_insertion(
        &before_meetings,
        &std::fs::read_to_string(dir.path().join("meetings.json")).expect("read"),
    );
    assert!(
        inserted.contains("\"ru\": [\n        \"Когда соберётся рабочая группа в Москве?\""),
        "{inserted}"
    );
    for file in [
        "agreements.json",
        "focus_areas.json",
        "universities.json",
        "sources.json",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(file)).expect("read"),
            std::fs::read(knowledge_dir().join(file)).expect("read"),
            "{file} untouched"
        );
    }

    let (ok, out, err) = run(&["check", "--knowledge", &folder]);
    assert!(ok, "check passes: {out}{err}");
    let (ok, out, _) = run(&["ask", "--json", "--knowledge", &folder, MISSED]);
    assert!(ok);
    assert!(out.contains("\"entry\":\"kazem-jalali\""), "{out}");

    let (ok, out, err) = run(&["export-learned", "--knowledge", &folder, "--database", db]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Nothing to write"),
        "a second export is a no-op: {out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("contacts.json")).expect("read"),
        after_contacts
    );
}

/// What `after` inserted into `before` at one place; panics if anything else changed.
fn only_insertion(before: &str, after: &str) -> String {
    let start = before
        .bytes()
        .zip(after.bytes())
        .position(|(a, b)| a != b)
        .expect("the file changed");
    let tail = &before[start..];
    assert!(after.ends_with(tail), "only an insertion at byte {start}");
    after[start..after.len() - tail.len()].to_string()
}

#[test]
fn export_learned_needs_a_knowledge_folder() {
    let (ok, _, err) = run(&["export-learned"]);
    assert!(!ok);
    assert!(err.contains("pass --knowledge DIR"), "{err}");
}

#[test]
fn export_learned_without_a_database_says_where_it_looked() {
    let dir = knowledge_copy();
    let folder = dir.path().to_str().expect("utf-8 path");
    let missing = dir.path().join("nowhere.sqlite");
    let (ok, _, err) = run(&[
        "export-learned",
        "--knowledge",
        folder,
        "--database",
        missing.to_str().expect("utf-8 path"),
    ]);
    assert!(!ok);
    assert!(
        err.contains("no database at") && err.contains("nowhere.sqlite"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("contacts.json")).expect("read"),
        std::fs::read(knowledge_dir().join("contacts.json")).expect("read")
    );
}
