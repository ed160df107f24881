//! Curating sources and entries on the command line: `sources` lists the source documents and
//! what the entries cite of each, and `new-entry` starts an entry from the schema, which `check`
//! then walks the curator through.

use std::path::Path;

use crate::support::*;
use serde_json::json;

const REPORT: &str = "ict-working-group-report";

fn run(args: &[&str]) -> (bool, String, String) {
    let output = coop_bot(args, "");
    (
        output.status.success(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

fn check(dir: &Path) -> (bool, String) {
    let (ok, stdout, stderr) = run(&["check", "--knowledge", path(dir)]);
    (ok, stderr + &stdout)
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("utf-8 path")
}

#[test]
fn sources_lists_the_report_with_its_date_kind_url_and_citing_entries() {
    let kb = coop_bot::knowledge::load_embedded().expect("valid");
    let citing: Vec<&str> = kb
        .entries()
        .iter()
        .filter(|e| e.sources.iter().any(|r| r.source == REPORT))
        .map(|e| e.id.as_str())
        .collect();
    let quotes: usize = kb.entries().iter().map(|e| e.sources.len()).sum();
    let (ok, out, err) = run(&["sources"]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with(&format!(
            "{REPORT}: “Moscow Welcomes Iran-Russia Collaboration: Joint ICT Working Group Set to Launch”\n  news report, not dated, no URL; text in sources/{REPORT}.txt\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "cited by {} entries in {quotes} quotes: {}\n",
            citing.len(),
            citing.join(", ")
        )),
        "{out}"
    );
}

#[test]
fn sources_of_one_report_shows_each_passage_with_its_entries_then_the_paragraphs_left() {
    let (ok, out, err) = run(&["sources", REPORT]);
    assert!(ok, "{err}");
    assert!(
        out.contains("  line 8: “Focusing on already established technologies will not be beneficial for the two countries.”\n      emerging-technologies-priority, andrei-fursenko\n"),
        "{out}"
    );
    let left = out
        .split("paragraph(s) no entry cites yet:\n")
        .nth(1)
        .expect("the paragraphs left");
    assert!(
        left.contains("  line 18: In conclusion, the upcoming meeting in Moscow"),
        "{out}"
    );
    assert!(!left.contains("line 8:"), "{out}");
}

#[test]
fn a_new_report_that_no_entry_cites_yet_is_all_left_to_curate() {
    let dir = knowledge_copy();
    add_other_source(dir.path());
    let (ok, out, err) = run(&["sources", "--knowledge", path(dir.path()), "other-report"]);
    assert!(ok, "{err}");
    assert!(out.contains("cited by no entry yet"), "{out}");
    assert!(out.contains("0 passage(s) cited"), "{out}");
    assert!(
        out.contains("3 paragraph(s) no entry cites yet:\n  line 1: A second report"),
        "{out}"
    );
}

#[test]
fn an_unknown_source_is_an_error_that_names_the_known_ones() {
    let (ok, _, err) = run(&["sources", "lost-report"]);
    assert!(!ok);
    assert!(
        err.contains("no source `lost-report`") && err.contains(REPORT),
        "{err}"
    );
}

#[test]
fn new_entry_appends_a_skeleton_and_leaves_the_rest_of_the_file_byte_for_byte() {
    let dir = knowledge_copy();
    let file = dir.path().join("focus_areas.json");
    let before = std::fs::read_to_string(&file).expect("read");
    let (ok, out, err) = run(&[
        "new-entry",
        "--knowledge",
        path(dir.path()),
        "--kind",
        "focus_area",
        "--id",
        "new-area",
        "--source",
        REPORT,
    ]);
    assert!(ok, "{err}");
    assert!(out.starts_with("Added entry `new-area` to "), "{out}");
    let after = std::fs::read_to_string(&file).expect("read");
    let last = before.rfind('}').expect("an entry") + 1;
    assert!(after.starts_with(&before[..last]), "{after}");
    assert!(after.ends_with(&before[last..]), "{after}");
    let entries = read_json(dir.path(), "focus_areas.json");
    let skeleton = entries.as_array().and_then(|e| e.last()).expect("added");
    for field in ["title", "short", "answer"] {
        assert_eq!(
            skeleton[field],
            json!({"en": "", "ru": "", "fa": ""}),
            "{field}"
        );
    }
    assert_eq!(
        skeleton["sources"],
        json!([{"source": REPORT, "quote": ""}])
    );
}

#[test]
fn a_skeleton_is_checked_as_fields_to_fill_and_translate_until_filled() {
    let dir = knowledge_copy();
    let args = [
        "new-entry",
        "--knowledge",
        path(dir.path()),
        "--kind",
        "focus_area",
        "--id",
        "new-area",
        "--source",
        REPORT,
    ];
    let (ok, _, err) = run(&args);
    assert!(ok, "{err}");

    let (ok, report) = check(dir.path());
    assert!(!ok, "{report}");
    let problems: Vec<&str> = report.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(problems.len(), 16, "{report}");
    for problem in &problems {
        assert!(
            problem.contains("entry `new-area`: ")
                && (problem.contains(": to fill") || problem.contains(": to translate")),
            "{problem}"
        );
    }
    assert!(report.contains("`title.en` is empty: to fill"), "{report}");
    assert!(
        report.contains("`title.fa` is empty: to translate"),
        "{report}"
    );
    assert!(
        report.contains("`sources[0].quote` is empty: to fill"),
        "{report}"
    );

    let mut entries = read_json(dir.path(), "focus_areas.json");
    let last = entries.as_array().map_or(0, |e| e.len() - 1);
    let entry = &mut entries[last];
    let localized = |en: &str, ru: &str, fa: &str| json!({"en": en, "ru": ru, "fa": fa});
    entry["title"] = localized("Renewables (test)", "ВИЭ (тест)", "انرژی تجدیدپذیر (آزمون)");
    entry
        .as_object_mut()
        .expect("object")
        .remove("short")
        .expect("short");
    entry["aliases"] =
        json!({"en": ["renewables test"], "ru": ["виэ тест"], "fa": ["تجدیدپذیر آزمون"]});
    entry["questions"] =
        json!({"en": ["Test renewables?"], "ru": ["Тест ВИЭ?"], "fa": ["آزمون تجدیدپذیر؟"]});
    entry["answer"] = localized(
        "The MOU includes renewable energies.",
        "Меморандум включает возобновляемую энергетику.",
        "تفاهم‌نامه انرژی‌های تجدیدپذیر را در بر می‌گیرد.",
    );
    entry["sources"][0]["quote"] = json!(
        "It includes provisions for utilizing renewable energies as part of the cooperation."
    );
    write_json(dir.path(), "focus_areas.json", &entries);
    let (ok, report) = check(dir.path());
    assert!(ok, "{report}");
}

#[test]
fn new_entry_refuses_an_id_already_in_use() {
    let dir = knowledge_copy();
    let before = std::fs::read_to_string(dir.path().join("contacts.json")).expect("read");
    let (ok, _, err) = run(&[
        "new-entry",
        "--knowledge",
        path(dir.path()),
        "--kind",
        "contact",
        "--id",
        "andrei-fursenko",
    ]);
    assert!(!ok);
    assert!(
        err.contains("there is already an entry `andrei-fursenko`"),
        "{err}"
    );
    let after = std::fs::read_to_string(dir.path().join("contacts.json")).expect("read");
    assert_eq!(before, after);
}

#[test]
fn new_entry_needs_a_knowledge_folder() {
    let (ok, _, err) = run(&["new-entry", "--kind", "contact", "--id", "someone"]);
    assert!(!ok);
    assert!(err.contains("pass --knowledge DIR"), "{err}");
}
