//! The accuracy gate: the matcher must answer the labelled questions correctly and leave unrelated
//! ones alone. `tests/data/labelled.jsonl` is what the tuning was calibrated on;
//! `tests/data/holdout.jsonl` is never tuned on and guards against overfitting.
//! `cargo run --release --example calibrate -- --failures` shows every miss.

use std::path::Path;

use coop_bot::answer::Answerer;
use coop_bot::evaluation::{LabelledQuestion, Metrics, evaluate, read_labelled};
use coop_bot::knowledge::load_dir;
use coop_bot::lang::Lang;
use coop_bot::matcher::Matcher;

fn set(name: &str) -> Vec<LabelledQuestion> {
    read_labelled(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .expect("labelled set reads")
}

fn measure(questions: &[LabelledQuestion]) -> Metrics {
    let kb = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).expect("valid");
    evaluate(&Matcher::new(&kb), &kb, questions)
}

fn failures(metrics: &Metrics) -> String {
    metrics.failures.join("\n  ")
}

#[test]
fn the_labelled_set_is_large_and_varied_enough() {
    let questions = set("labelled.jsonl");
    assert!(questions.len() >= 150);
    assert!(questions.iter().filter(|q| q.expect.is_empty()).count() >= 25);
    for lang in Lang::ALL {
        assert!(
            questions.iter().filter(|q| q.lang == lang).count() >= 40,
            "{lang}"
        );
    }
}

#[test]
fn labelled_questions_are_answered_with_at_least_90_percent_top1_accuracy() {
    let metrics = measure(&set("labelled.jsonl"));
    assert!(
        metrics.accuracy() >= 0.90,
        "{metrics}\n  {}",
        failures(&metrics)
    );
}

#[test]
fn at_most_5_percent_of_unrelated_labelled_questions_are_answered() {
    let metrics = measure(&set("labelled.jsonl"));
    assert!(
        metrics.unrelated_answer_rate() <= 0.05,
        "{metrics}\n  {}",
        failures(&metrics)
    );
}

#[test]
fn the_held_out_set_does_not_fall_far_behind() {
    // Never tuned on: a looser floor that catches a change overfitting the labelled set.
    let metrics = measure(&set("holdout.jsonl"));
    assert!(
        metrics.accuracy() >= 0.85,
        "{metrics}\n  {}",
        failures(&metrics)
    );
    assert!(
        metrics.unrelated_answer_rate() <= 0.15,
        "{metrics}\n  {}",
        failures(&metrics)
    );
}

#[test]
fn russian_and_persian_questions_are_answered_in_their_own_language() {
    let kb = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).expect("valid");
    let answerer = Answerer::new(kb);
    let questions: Vec<LabelledQuestion> = set("labelled.jsonl")
        .into_iter()
        .chain(set("holdout.jsonl"))
        .filter(|q| q.lang != Lang::En)
        .collect();
    let wrong: Vec<&str> = questions
        .iter()
        .filter(|q| answerer.reply(&q.q, None, Lang::En).lang != q.lang)
        .map(|q| q.q.as_str())
        .collect();
    assert!(
        wrong.is_empty(),
        "answered in the wrong language: {wrong:?}"
    );
}
