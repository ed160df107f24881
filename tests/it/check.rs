//! `coop-bot check`: every problem reported at once, each with its file and line/column or entry id,
//! and exit code 1.

use crate::support::*;

fn check(dir: &std::path::Path) -> (i32, String) {
    let output = coop_bot(
        &["check", "--knowledge", dir.to_str().expect("utf-8 path")],
        "",
    );
    (
        output.status.code().unwrap_or(-1),
        text(&output.stderr) + &text(&output.stdout),
    )
}

#[test]
fn the_shipped_knowledge_base_passes() {
    let (code, report) = check(&knowledge_dir());
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("OK"), "{report}");
}

#[test]
fn a_json_syntax_error_is_reported_with_file_line_and_column() {
    let dir = knowledge_copy();
    let fixture = include_str!("../fixtures/syntax_error.json");
    std::fs::write(dir.path().join("meetings.json"), fixture).expect("write");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("meetings.json:4:5: invalid JSON: expected `,` or `}`"),
        "{report}"
    );
}

#[test]
fn a_dangling_reference_names_the_entry_and_the_missing_id() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    meetings[0]["related"] = serde_json::json!(["no-such-entry"]);
    let id = meetings[0]["id"].as_str().expect("id").to_string();
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!(
            "meetings.json:3: entry `{id}`: `related` refers to unknown entry `no-such-entry`"
        )),
        "{report}"
    );
}

#[test]
fn an_unknown_source_id_is_a_dangling_reference() {
    let dir = knowledge_copy();
    let mut agreements = read_json(dir.path(), "agreements.json");
    agreements[0]["sources"][0]["source"] = serde_json::json!("lost-report");
    write_json(dir.path(), "agreements.json", &agreements);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("refers to unknown source `lost-report`"),
        "{report}"
    );
}

#[test]
fn a_duplicate_id_points_at_both_definitions() {
    let dir = knowledge_copy();
    let mut universities = read_json(dir.path(), "universities.json");
    let first = universities[0].clone();
    let id = first["id"].as_str().expect("id").to_string();
    universities.as_array_mut().expect("array").push(first);
    write_json(dir.path(), "universities.json", &universities);
    let second_line = std::fs::read_to_string(dir.path().join("universities.json"))
        .expect("read")
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains(&format!("\"id\": \"{id}\"")))
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("second definition");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!(
            "universities.json:{second_line}: entry `{id}`: duplicate id, first defined at "
        )),
        "{report}"
    );
    assert!(report.contains("universities.json:3\n"), "{report}");
}

#[test]
fn a_missing_translation_names_the_language_and_field() {
    let dir = knowledge_copy();
    let mut contacts = read_json(dir.path(), "contacts.json");
    let id = contacts[1]["id"].as_str().expect("id").to_string();
    contacts[1]["answer"]
        .as_object_mut()
        .expect("answer object")
        .remove("fa");
    contacts[1]["questions"]["ru"] = serde_json::json!([]);
    write_json(dir.path(), "contacts.json", &contacts);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!(
            "entry `{id}`: missing `fa` translation in `answer`"
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!("entry `{id}`: `questions.ru` is an empty list")),
        "{report}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let dir = knowledge_copy();
    let mut contacts = read_json(dir.path(), "contacts.json");
    contacts[0]
        .as_object_mut()
        .expect("object")
        .remove("answer");
    contacts[0]["titel"] = serde_json::json!("typo");
    contacts[2]["related"] = serde_json::json!(["nowhere"]);
    write_json(dir.path(), "contacts.json", &contacts);
    let mut universities = read_json(dir.path(), "universities.json");
    universities[1]["title"]["ru"] = serde_json::json!("  ");
    write_json(dir.path(), "universities.json", &universities);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    for expected in [
        "missing field `answer`",
        "unknown field `titel`",
        "refers to unknown entry `nowhere`",
        "`title.ru` is empty",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in {report}"
        );
    }
    assert!(report.contains("has 4 problems"), "{report}");
}

#[test]
fn a_broken_entry_does_not_make_references_to_it_dangle() {
    let dir = knowledge_copy();
    let mut contacts = read_json(dir.path(), "contacts.json");
    let id = contacts[0]["id"].as_str().expect("id").to_string();
    contacts[0]
        .as_object_mut()
        .expect("object")
        .remove("answer");
    write_json(dir.path(), "contacts.json", &contacts);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("has 1 problem:"), "{report}");
    assert!(
        !report.contains(&format!("unknown entry `{id}`")),
        "{report}"
    );
}

#[test]
fn a_syntax_error_does_not_cascade_into_reference_errors() {
    let dir = knowledge_copy();
    std::fs::write(
        dir.path().join("meetings.json"),
        include_str!("../fixtures/syntax_error.json"),
    )
    .expect("write");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("has 1 problem:"), "{report}");
    assert!(!report.contains("refers to unknown entry"), "{report}");
}

#[test]
fn a_missing_file_is_named() {
    let dir = knowledge_copy();
    std::fs::remove_file(dir.path().join("sources.json")).expect("remove");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("sources.json: missing file"), "{report}");
}

#[test]
fn ask_refuses_to_start_on_an_invalid_knowledge_base_with_the_same_messages() {
    let dir = knowledge_copy();
    std::fs::write(
        dir.path().join("meetings.json"),
        include_str!("../fixtures/syntax_error.json"),
    )
    .expect("write");
    let output = coop_bot(
        &[
            "ask",
            "--knowledge",
            dir.path().to_str().expect("utf-8"),
            "hello",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("meetings.json:4:5: invalid JSON"),
        "{stderr}"
    );
    assert!(text(&output.stdout).is_empty());
}

#[test]
fn a_missing_knowledge_folder_is_one_clear_error() {
    let output = coop_bot(&["check", "--knowledge", "/nonexistent/knowledge"], "");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("cannot read the knowledge folder /nonexistent/knowledge"),
        "{stderr}"
    );
}

#[test]
fn learned_questions_are_accepted_and_answered_like_curated_ones() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    meetings[0]["learned"] =
        serde_json::json!({"en": ["zanzibar quorum gathering"], "ru": [], "fa": []});
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
    let path = dir.path().to_str().expect("utf-8");
    let output = coop_bot(
        &[
            "ask",
            "--json",
            "--knowledge",
            path,
            "zanzibar quorum gathering",
        ],
        "",
    );
    let reply: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(reply["entry"], meetings[0]["id"]);
}

#[test]
fn a_learned_list_missing_a_language_is_fine_but_a_blank_question_is_not() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    meetings[0]["learned"] = serde_json::json!({"en": ["  "]});
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1);
    assert!(
        report.contains("`learned.en` has an empty item"),
        "{report}"
    );
}

#[test]
fn an_undated_entry_with_a_dated_source_is_a_problem() {
    let dir = knowledge_copy();
    let mut sources = read_json(dir.path(), "sources.json");
    sources[0]["date"] = serde_json::json!("2025-11-20");
    write_json(dir.path(), "sources.json", &sources);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1);
    assert!(
        report.contains(
            "`as_of` is null but its source `ict-working-group-report` is dated 2025-11-20"
        ),
        "{report}"
    );
}

#[test]
fn an_impossible_as_of_date_is_a_problem() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    meetings[0]["as_of"] = serde_json::json!("2025-02-30");
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1);
    assert!(report.contains("`as_of` must be YYYY-MM-DD"), "{report}");
}

// The thesaurus, `synonyms.json`: optional, embedded, and validated like the entries.

fn write_synonyms(dir: &std::path::Path, text: &str) {
    std::fs::write(dir.join("synonyms.json"), text).expect("write");
}

#[test]
fn the_shipped_thesaurus_has_groups_and_references_in_every_language() {
    use coop_bot::lang::Lang;
    let kb = coop_bot::knowledge::load_dir(&knowledge_dir()).expect("valid");
    let thesaurus = kb.thesaurus();
    for lang in Lang::ALL {
        assert!(thesaurus.groups_in(lang).count() >= 20, "{lang} groups");
        assert!(
            thesaurus.references_in(lang).count() >= 10,
            "{lang} references"
        );
    }
    for group in thesaurus.groups() {
        assert!(group.terms.len() >= 2, "{group:?}");
        assert!(group.line.is_some(), "{group:?}");
    }
    for reference in thesaurus.references() {
        assert!(kb.entry(&reference.entry).is_some(), "{reference:?}");
    }
}

#[test]
fn the_embedded_copy_has_the_same_thesaurus() {
    let embedded = coop_bot::knowledge::load_embedded().expect("valid");
    let shipped = coop_bot::knowledge::load_dir(&knowledge_dir()).expect("valid");
    assert!(!embedded.thesaurus().is_empty());
    assert_eq!(embedded.thesaurus(), shipped.thesaurus());
}

#[test]
fn a_folder_without_a_thesaurus_loads_with_an_empty_one() {
    let dir = knowledge_copy();
    std::fs::remove_file(dir.path().join("synonyms.json")).expect("remove");
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
    let kb = coop_bot::knowledge::load_dir(dir.path()).expect("valid");
    assert!(kb.thesaurus().is_empty());
    assert_eq!(
        kb.len(),
        coop_bot::knowledge::load_embedded().expect("valid").len()
    );
}

#[test]
fn learned_questions_keep_the_thesaurus() {
    let kb = coop_bot::knowledge::load_embedded().expect("valid");
    let id = kb.entries()[0].id.clone();
    let learned = kb.with_learned([(id.as_str(), coop_bot::lang::Lang::En, "a new question")]);
    assert_eq!(learned.thesaurus(), kb.thesaurus());
}

#[test]
fn a_thesaurus_syntax_error_is_reported_with_line_and_column() {
    let dir = knowledge_copy();
    write_synonyms(
        dir.path(),
        "{\n  \"groups\": [\n    { \"lang\": \"en\" \"terms\": [] }\n  ]\n}\n",
    );
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("synonyms.json:3:20: invalid JSON: expected `,` or `}`"),
        "{report}"
    );
    assert!(report.contains("has 1 problem:"), "{report}");
}

#[test]
fn a_thesaurus_that_is_not_an_object_is_refused() {
    let dir = knowledge_copy();
    write_synonyms(dir.path(), "[]\n");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("synonyms.json:1:1: expected a JSON object"),
        "{report}"
    );
}

#[test]
fn every_thesaurus_problem_is_reported_with_its_file_and_line() {
    let dir = knowledge_copy();
    write_synonyms(
        dir.path(),
        r#"{
  "groups": [
    { "lang": "en", "terms": ["expo", "fair"] },
    { "lang": "de", "terms": ["Messe", "Ausstellung"] },
    { "lang": "en", "terms": ["lonely"] },
    { "lang": "en", "terms": ["firm", "  "] },
    { "lang": "ru", "terms": ["вуз", "ВУЗ", "универ"] },
    { "lang": "en", "terms": ["exhibition", "Expo"] },
    { "lang": "fa", "terms": ["نمایشگاه", "اکسپو"], "comment": "typo for note" },
    { "lang": "en",
      "terms": ["deal",
                "deal"] }
  ],
  "refers_to": [
    { "lang": "en", "entry": "no-such-entry", "phrases": ["the ghost"] },
    { "lang": "en", "entry": "andrei-fursenko", "phrases": ["the", "?!"] },
    { "lang": "en", "entry": "kazem-jalali", "phrases": ["the aide"] },
    { "lang": "en", "entry": "andrei-fursenko", "phrases": ["The  aide"] },
    { "lang": "ru", "entry": "andrei-fursenko", "phrases": [] }
  ],
  "extra": true
}
"#,
    );
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    let expected = [
        "synonyms.json:4: group: unknown language `de` in `lang`, expected en, ru or fa",
        "synonyms.json:5: group: has 1 term, a group needs at least two",
        "synonyms.json:6: group: term 2 is empty",
        "synonyms.json:7: group: `ВУЗ` is in it twice",
        "synonyms.json:8: group: `Expo` is also in the en group at line 3",
        "synonyms.json:9: group: unknown field `comment`",
        "synonyms.json:12: group: `deal` is in it twice",
        "synonyms.json:15: refers_to: `entry` refers to unknown entry `no-such-entry`",
        "synonyms.json:16: refers_to: `the` has no word the matcher reads",
        "synonyms.json:16: refers_to: `?!` has no word the matcher reads",
        "synonyms.json:18: refers_to: `The  aide` also stands for entry `kazem-jalali` at line 17",
        "synonyms.json:19: refers_to: `phrases` is empty",
        "synonyms.json:21: unknown field `extra`, expected `groups` or `refers_to`",
    ];
    for line in expected {
        assert!(report.contains(line), "missing {line:?} in {report}");
    }
    assert!(
        report.contains(&format!("has {} problems", expected.len())),
        "{report}"
    );
    let first = report
        .lines()
        .find(|line| line.contains("synonyms.json:"))
        .unwrap_or_default();
    assert!(
        first.contains("synonyms.json:4: "),
        "the file's own problems come in line order: {report}"
    );
}

#[test]
fn a_thesaurus_reference_is_not_judged_when_an_entry_file_is_unreadable() {
    // The shipped thesaurus refers to both meetings: with meetings.json unparsed they are unknown,
    // and saying they dangle would only bury the real mistake.
    let dir = knowledge_copy();
    std::fs::write(
        dir.path().join("meetings.json"),
        include_str!("../fixtures/syntax_error.json"),
    )
    .expect("write");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("meetings.json:"), "{report}");
    assert!(!report.contains("synonyms.json"), "{report}");
}

// Quotes are checked against the sources' full texts, `sources/<id>.txt`.

const REPORT: &str = "ict-working-group-report";

#[test]
fn the_shipped_knowledge_base_has_no_warnings() {
    let (code, report) = check(&knowledge_dir());
    assert_eq!(code, 0, "{report}");
    assert!(!report.contains("warning"), "{report}");
}

#[test]
fn a_quote_with_one_word_changed_names_the_file_line_entry_and_the_word() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    let quote = meetings[0]["sources"][0]["quote"].as_str().expect("quote");
    let changed = quote.replace("the vast potential", "the huge potential");
    assert_ne!(changed, quote);
    meetings[0]["sources"][0]["quote"] = serde_json::json!(changed);
    write_json(dir.path(), "meetings.json", &meetings);
    let line = line_containing(dir.path(), "meetings.json", "the huge potential");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!(
            "meetings.json:{line}: entry `fifth-ict-working-group-meeting`: `sources[0].quote` is not verbatim in source `{REPORT}`"
        )),
        "{report}"
    );
    assert!(
        report.contains("the quote has “huge” where the source has “vast”"),
        "{report}"
    );
    assert!(
        report.contains("will explore the [v]ast potential"),
        "the closest passage, its first differing character marked: {report}"
    );
    assert!(report.contains("has 1 problem:"), "{report}");
}

#[test]
fn straight_apostrophes_quotes_dashes_and_spacing_still_match() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    let quote = meetings[0]["sources"][1]["quote"].as_str().expect("quote");
    assert!(quote.contains("Iran’s"), "{quote}");
    let retyped = quote
        .replace("Iran’s", "Iran's")
        .replace(", the", ",\n   the");
    meetings[0]["sources"][1]["quote"] = serde_json::json!(retyped);
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
}

#[test]
fn a_quote_from_another_source_names_the_source_it_is_in() {
    let dir = knowledge_copy();
    add_other_source(dir.path());
    let mut agreements = read_json(dir.path(), "agreements.json");
    agreements[0]["sources"][0]["quote"] =
        serde_json::json!("It says nothing about the programme.");
    write_json(dir.path(), "agreements.json", &agreements);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!(
            "entry `mou-joint-technology-zones`: `sources[0].quote` is not in source `{REPORT}` but is in source `other-report`: cite `other-report` for it"
        )),
        "{report}"
    );
}

#[test]
fn a_source_no_entry_cites_is_a_warning_that_does_not_fail_the_check() {
    let dir = knowledge_copy();
    add_other_source(dir.path());
    let line = line_containing(dir.path(), "sources.json", "\"other-report\"");
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains(&format!(
            "warning: {}:{line}: source `other-report`: no entry cites this source",
            dir.path().join("sources.json").display()
        )),
        "{report}"
    );
}

#[test]
fn a_quote_of_more_than_two_sentences_is_a_warning() {
    let dir = knowledge_copy();
    let mut contacts = read_json(dir.path(), "contacts.json");
    let at = contacts
        .as_array()
        .expect("array")
        .iter()
        .position(|e| e["id"] == "mehdi-safarinia")
        .expect("Safarinia");
    contacts[at]["sources"][0]["quote"] = serde_json::json!(
        "During the same meeting, Mehdi Safarinia, head of Pardis Technology Park, reiterated Iran’s commitment to fostering international scientific cooperation. He stated that Russia is among the top countries with which Iran is eager to expand its ties. Safarinia proposed that Russian companies could establish offices in the Pardis Technology Park, further enhancing collaborative opportunities."
    );
    write_json(dir.path(), "contacts.json", &contacts);
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
    assert!(
        report.contains(
            "entry `mehdi-safarinia`: `sources[0].quote` is 3 sentences long: cite at most 2"
        ),
        "{report}"
    );
}

#[test]
fn a_missing_source_text_is_a_problem() {
    let dir = knowledge_copy();
    std::fs::remove_file(dir.path().join(format!("sources/{REPORT}.txt"))).expect("remove");
    let line = line_containing(dir.path(), "sources.json", "\"id\"");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!(
            "sources.json:{line}: source `{REPORT}`: `text` names {}, which is missing",
            dir.path().join(format!("sources/{REPORT}.txt")).display()
        )),
        "{report}"
    );
    assert!(report.contains("has 1 problem:"), "{report}");
}

#[test]
fn an_unreadable_source_text_is_a_problem() {
    let dir = knowledge_copy();
    let path = dir.path().join(format!("sources/{REPORT}.txt"));
    std::fs::write(&path, [0xff, 0xfe, b'x']).expect("write");
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(&format!("{}: cannot read", path.display())),
        "{report}"
    );
    assert!(report.contains("has 1 problem:"), "{report}");
}

#[test]
fn a_source_text_must_be_a_file_of_the_sources_folder() {
    let dir = knowledge_copy();
    let mut sources = read_json(dir.path(), "sources.json");
    sources[0]["text"] = serde_json::json!("../report.txt");
    write_json(dir.path(), "sources.json", &sources);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("`text` must name a file in sources/"),
        "{report}"
    );
}

#[test]
fn the_embedded_copy_includes_the_source_texts() {
    let embedded = coop_bot::knowledge::load_embedded().expect("valid");
    let shipped = std::fs::read_to_string(knowledge_dir().join(format!("sources/{REPORT}.txt")))
        .expect("read");
    let source = embedded.source(REPORT).expect("the report");
    assert_eq!(source.text.as_str(), shipped);
}

// The direct answer, `short`: optional, one line, in every language, its numbers from its sources.

#[test]
fn a_direct_answer_with_a_number_its_sources_do_not_give_is_a_problem() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    meetings[0]["short"]["fa"] = serde_json::json!("۶ تا ۸ دسامبر، در مسکو");
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains(
            "entry `fifth-ict-working-group-meeting`: `short.fa` gives 8, which its sources do not"
        ),
        "{report}"
    );
    assert!(report.contains("has 1 problem:"), "{report}");
}

#[test]
fn a_direct_answer_must_be_one_short_line_in_every_language() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    meetings[0]["short"]["en"] = serde_json::json!("Moscow,\nsoon");
    meetings[0]["short"]["ru"] = serde_json::json!("в Москве ".repeat(15));
    meetings[0]["short"]
        .as_object_mut()
        .expect("short")
        .remove("fa");
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 1, "{report}");
    for expected in [
        "missing `fa` translation in `short`",
        "`short.en` must be one line",
        "`short.ru` is 135 characters: a direct answer fits in 100",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in {report}"
        );
    }
}

#[test]
fn an_entry_without_a_direct_answer_needs_no_short() {
    let dir = knowledge_copy();
    let mut meetings = read_json(dir.path(), "meetings.json");
    meetings[0].as_object_mut().expect("entry").remove("short");
    write_json(dir.path(), "meetings.json", &meetings);
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
}
