//! The command line as a user meets it: `ask` (text and JSON, single and batch) and `chat`, run
//! from a folder with no `./knowledge`, so the embedded knowledge base answers.

use crate::support::*;
use serde_json::Value;

fn ask_json(question: &str, extra: &[&str]) -> Value {
    let mut args = vec!["ask", "--json"];
    args.extend_from_slice(extra);
    args.push(question);
    let output = coop_bot(&args, "");
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[test]
fn ask_json_has_exactly_the_documented_fields() {
    let reply = ask_json("When is the Moscow meeting?", &[]);
    let mut keys: Vec<&str> = reply
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "answer",
            "confidence",
            "entries",
            "entry",
            "kind",
            "lang",
            "matched",
            "short",
            "smalltalk",
            "sources",
            "suggestions",
            "unsaid"
        ]
    );
    let source = &reply["sources"][0];
    let mut source_keys: Vec<&str> = source
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    source_keys.sort_unstable();
    assert_eq!(source_keys, ["quote", "title", "url"]);
}

#[test]
fn ask_json_gives_the_direct_answer_when_the_entry_has_one() {
    let reply = ask_json("When is the Moscow meeting?", &[]);
    let short = reply["short"].as_str().expect("a direct answer");
    assert!(short.contains("6–7"), "{short}");
    let unknown = ask_json("What is the price of bread in Lisbon?", &[]);
    assert_eq!(unknown["short"], Value::Null, "{unknown}");
}

#[test]
fn ask_json_names_the_detail_the_report_does_not_give() {
    let reply = ask_json("Which building is the Moscow meeting in?", &[]);
    assert_eq!(reply["unsaid"], "venue", "{reply}");
    let answer = reply["answer"].as_str().expect("answer");
    assert!(
        answer.starts_with("The report does not name the venue"),
        "{answer}"
    );
    let plain = ask_json("When is the Moscow meeting?", &[]);
    assert_eq!(plain["unsaid"], Value::Null, "{plain}");
}

#[test]
fn the_moscow_meeting_question_is_answered_with_its_dates_and_a_source() {
    let reply = ask_json("When is the Moscow meeting?", &[]);
    assert_eq!(reply["matched"], true);
    assert_eq!(reply["entry"], "fifth-ict-working-group-meeting");
    assert_eq!(reply["kind"], "meeting");
    assert_eq!(reply["lang"], "en");
    let answer = reply["answer"].as_str().expect("answer");
    assert!(
        answer.contains("December 6") || answer.contains("6 December"),
        "{answer}"
    );
    assert!(
        answer.contains("year"),
        "the answer must say the year is not given: {answer}"
    );
    let confidence = reply["confidence"].as_f64().expect("confidence");
    assert!((0.0..=1.0).contains(&confidence));
    assert!(
        !reply["sources"][0]["quote"]
            .as_str()
            .expect("quote")
            .is_empty()
    );
    assert!(
        reply["sources"][0]["title"]
            .as_str()
            .expect("title")
            .contains("Iran-Russia")
    );
}

#[test]
fn a_russian_question_is_answered_in_russian() {
    let reply = ask_json("Когда встреча в Москве?", &[]);
    assert_eq!(reply["lang"], "ru");
    assert_eq!(reply["entry"], "fifth-ict-working-group-meeting");
    let answer = reply["answer"].as_str().expect("answer");
    assert!(answer.chars().any(|c| ('а'..='я').contains(&c)), "{answer}");
}

#[test]
fn a_persian_question_is_answered_in_persian() {
    let reply = ask_json("فورسنکو کیست؟", &[]);
    assert_eq!(reply["lang"], "fa");
    assert_eq!(reply["entry"], "andrei-fursenko");
    let answer = reply["answer"].as_str().expect("answer");
    assert!(answer.contains("فورسنکو"), "{answer}");
}

#[test]
fn lang_forces_the_answer_language() {
    let reply = ask_json("Who is Fursenko?", &["--lang", "fa"]);
    assert_eq!(reply["lang"], "fa");
    assert_eq!(reply["entry"], "andrei-fursenko");
    assert!(
        reply["answer"]
            .as_str()
            .expect("answer")
            .contains("فورسنکو")
    );
}

#[test]
fn an_unrelated_question_is_not_answered() {
    let reply = ask_json("Moscow metro opening hours", &[]);
    assert_eq!(reply["matched"], false);
    assert_eq!(reply["entry"], Value::Null);
    assert_eq!(reply["answer"], Value::Null);
    assert_eq!(reply["sources"], serde_json::json!([]));
}

#[test]
fn batch_mode_answers_every_stdin_line_in_order() {
    let questions =
        "Who is Fursenko?\n\nбест ресторан\nКто такой Безруков?\nپارک فناوری پردیس چیست؟\n";
    let output = coop_bot(&["ask", "--json"], questions);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let replies: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    assert_eq!(
        replies.len(),
        5,
        "one object per input line, blank lines included"
    );
    assert_eq!(replies[0]["entry"], "andrei-fursenko");
    assert_eq!(replies[1]["matched"], false);
    assert_eq!(replies[3]["entry"], "andrey-bezrukov");
    assert_eq!(replies[3]["lang"], "ru");
    assert_eq!(replies[4]["entry"], "pardis-technology-park");
    assert_eq!(replies[4]["lang"], "fa");
}

#[test]
fn batch_mode_survives_invalid_utf8_and_crlf() {
    let mut input = b"Who is Fursenko?\r\n".to_vec();
    input.extend_from_slice(&[0xff, 0xfe, b'\n']);
    let output = coop_bot(&["ask", "--json"], &String::from_utf8_lossy(&input));
    assert!(output.status.success());
    assert_eq!(text(&output.stdout).lines().count(), 2);
}

#[test]
fn ask_prints_the_answer_and_its_sources_for_a_person() {
    let output = coop_bot(&["ask", "When", "is", "the", "Moscow", "meeting?"], "");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("Moscow"), "{out}");
    assert!(out.contains("Sources:"), "{out}");
    assert!(out.contains("“"), "the quote is shown: {out}");
}

#[test]
fn ask_says_honestly_when_it_does_not_know_and_points_to_topics() {
    let output = coop_bot(&["ask", "best restaurant in Tehran"], "");
    let out = text(&output.stdout);
    assert!(out.contains("I don't know"), "{out}");
    assert!(out.contains("Topics:"), "{out}");
    assert!(out.contains("Contacts"), "{out}");
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let output = coop_bot(&["ask", "--lang", "de", "hello"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("unknown language `de`"));
}

#[test]
fn chat_answers_questions_until_end_of_input() {
    let output = coop_bot(&["chat"], "Who is Fursenko?\n/topics\nКто такой Джалали?\n");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("Fursenko"), "{out}");
    assert!(out.contains("Topics:"), "{out}");
    assert!(out.contains("Джалали"), "{out}");
}

#[test]
fn chat_picks_a_suggestion_by_number() {
    // Two meetings are in the knowledge base: "meeting" alone is ambiguous, so the bot asks.
    let ambiguous = "meeting";
    let reply = ask_json(ambiguous, &[]);
    assert_eq!(reply["matched"], false, "{reply}");
    let first = reply["suggestions"][0]["title"]
        .as_str()
        .expect("a suggestion")
        .to_string();
    let output = coop_bot(&["chat"], &format!("{ambiguous}\n1\n"));
    let out = text(&output.stdout);
    assert!(out.contains(&format!("1. {first}")), "{out}");
    let after_pick = out.split(&format!("1. {first}")).nth(1).expect("picked");
    assert!(
        after_pick.contains("Sources:"),
        "typing 1 answers the first suggestion: {out}"
    );
}

#[test]
fn chat_lang_command_switches_the_answer_language() {
    let output = coop_bot(&["chat"], "/lang ru\nWho is Fursenko?\n");
    let out = text(&output.stdout);
    assert!(out.contains("Теперь ответы будут на русском"), "{out}");
    assert!(out.contains("Фурсенко"), "{out}");
}
