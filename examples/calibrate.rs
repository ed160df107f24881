//! Fits the matcher's decision and reports how the bot does on the labelled sets.
//!
//! `cargo run --release --example calibrate [-- --failures] [--fit [--sweep]]`
//!
//! The tuned sets are `tests/data/labelled.jsonl` and `tests/data/realistic{,2,3}.jsonl`; the
//! held-out sets, `tests/data/holdout.jsonl`, `tests/data/realistic_holdout.jsonl` and
//! `tests/data/realistic3_holdout.jsonl` (the newest, written after every other), are only ever scored,
//! never fitted on, and `--failures` lists the tuned sets' misses only, so nobody tunes on them
//! by reading them.
//!
//! `--fit` fits the logistic decision (`src/matcher/decision.rs`) on every reading of every tuned
//! question with 5-fold cross-validation: the ridge penalty and the thresholds are chosen on the
//! out-of-fold probabilities (the most right answers with at most 3% of unrelated questions
//! answered), then the weights are fitted on all the tuned questions and printed as the `MODEL`
//! constant to paste, with the version bumped.

use std::path::Path;

use anyhow::Result;
use coop_bot::answer::Answerer;
use coop_bot::evaluation::{
    Category, LabelledQuestion, Report, evaluate, evaluate_replies, read_labelled,
};
use coop_bot::knowledge::{KnowledgeBase, load_dir};
use coop_bot::matcher::{DecisionModel, Example, FEATURES, MODEL, Matcher, Tuning, fit};

/// Out-of-fold unrelated questions answered at most this share when choosing the thresholds.
const UNRELATED_BUDGET: f64 = 0.03;

fn main() -> Result<()> {
    let show_failures = std::env::args().any(|a| a == "--failures");
    let fitting = std::env::args().any(|a| a == "--fit");
    let kb = load_dir(Path::new("knowledge"))?;
    let read = |name: &str| read_labelled(&Path::new("tests/data").join(name));
    let labelled = read("labelled.jsonl")?;
    let holdout = read("holdout.jsonl")?;
    let realistic = read("realistic.jsonl")?;
    let realistic2 = read("realistic2.jsonl")?;
    let realistic3 = read("realistic3.jsonl")?;
    let realistic_holdout = read("realistic_holdout.jsonl")?;
    let realistic3_holdout = read("realistic3_holdout.jsonl")?;

    let answerer = Answerer::new(kb.clone());
    let matcher = answerer.matcher();
    println!("decision model v{}", matcher.model().version);
    let tuned_old = evaluate(matcher, &kb, &labelled);
    let held_old = evaluate(matcher, &kb, &holdout);
    println!("labelled (tuned):           {tuned_old}");
    println!("holdout (never tuned):      {held_old}");
    let tuned3 = evaluate_replies(&answerer, &realistic3);
    let realistic: Vec<LabelledQuestion> = realistic
        .into_iter()
        .chain(realistic2)
        .chain(realistic3)
        .collect();
    let tuned = evaluate_replies(&answerer, &realistic);
    let held = evaluate_replies(&answerer, &realistic_holdout);
    let held3 = evaluate_replies(&answerer, &realistic3_holdout);
    print_reports(&[
        ("tuned", &tuned),
        ("of which set 3", &tuned3),
        ("held out", &held),
        ("held out 3", &held3),
    ]);
    if show_failures {
        println!("\nfailures of the tuned sets:");
        for failure in tuned_old.failures.iter().chain(&tuned.failures) {
            println!("  {failure}");
        }
    }
    if fitting {
        let questions: Vec<LabelledQuestion> = labelled.into_iter().chain(realistic).collect();
        if std::env::args().any(|a| a == "--sweep") {
            // The scoring dials, each with the decision fitted anew under it.
            let mut results = Vec::new();
            for question_share in [0.3, 0.4, 0.5] {
                for unknown_word_share in [0.01, 0.03, 0.1] {
                    let tuning = Tuning {
                        question_share,
                        unknown_word_share,
                        ..Tuning::default()
                    };
                    let right = fit_decision(&kb, &questions, tuning);
                    results.push((right, tuning));
                }
            }
            for (right, tuning) in results {
                println!("{right} right under {tuning:?}");
            }
        } else {
            fit_decision(&kb, &questions, Tuning::default());
        }
    }
    Ok(())
}

/// One column per set: what was tuned on, then each held-out set on its own, so a gain that
/// shows only on the tuned column is visible as such.
fn print_reports(columns: &[(&str, &Report)]) {
    let heads: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    println!("\nrealistic sets, whole replies: {}", heads.join(" | "));
    let row = |label: &str, cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| format!("{c:>22}")).collect();
        println!("  {label:<14} {}", cells.join(" | "));
    };
    row(
        "in scope",
        columns
            .iter()
            .map(|(_, r)| r.in_scope.to_string())
            .collect(),
    );
    row(
        "unrelated ans.",
        columns
            .iter()
            .map(|(_, r)| r.unrelated_answered.to_string())
            .collect(),
    );
    for category in Category::ALL {
        row(
            category.as_str(),
            columns
                .iter()
                .map(|(_, r)| r.category(category).to_string())
                .collect(),
        );
    }
    for lang in coop_bot::lang::Lang::ALL {
        row(
            &lang.to_string(),
            columns
                .iter()
                .map(|(_, r)| {
                    r.by_lang
                        .get(&lang)
                        .copied()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect(),
        );
    }
}

/// The questions the single-entry decision is about: those with one right entry, and those that
/// must not be answered. Lists and small talk are the reply's business.
fn decision_questions(questions: &[LabelledQuestion]) -> Vec<&LabelledQuestion> {
    questions
        .iter()
        .filter(|q| match q.category {
            Some(Category::List | Category::Smalltalk) => false,
            // "The report does not say" with no entry saying so: declining and answering with the
            // topic's entry are both fair, so it teaches the decision nothing.
            Some(Category::NotInReport) => !q.expect.is_empty(),
            _ => true,
        })
        .collect()
}

/// Every reading of a question as fitting examples.
struct Readings {
    examples: Vec<Example>,
    /// Per reading: a general-knowledge question, which is never answered whatever its evidence.
    general: Vec<bool>,
    /// Per reading: whether a right entry is among the three that would be suggested.
    suggests_right: Vec<bool>,
    unrelated: bool,
}

impl Readings {
    /// The examples the decision learns from: general-knowledge readings are decided by their own
    /// rule, whatever their evidence, so they teach the model nothing.
    fn training(&self) -> impl Iterator<Item = Example> + '_ {
        self.examples
            .iter()
            .zip(&self.general)
            .filter(|(_, general)| !**general)
            .map(|(e, _)| *e)
    }
}

fn readings(matcher: &Matcher, kb: &KnowledgeBase, question: &LabelledQuestion) -> Readings {
    let found: Vec<_> = matcher
        .readings(&question.q)
        .into_iter()
        .filter(|r| !r.candidates.is_empty())
        .collect();
    let examples = found
        .iter()
        .map(|r| {
            let top = &kb.entries()[r.candidates[0].entry].id;
            Example {
                evidence: r.evidence,
                right: question.expect.contains(top),
            }
        })
        .collect();
    Readings {
        examples,
        general: found.iter().map(|r| r.general).collect(),
        suggests_right: found
            .iter()
            .map(|r| {
                r.candidates
                    .iter()
                    .take(3)
                    .any(|c| question.expect.contains(&kb.entries()[c.entry].id))
            })
            .collect(),
        unrelated: question.expect.is_empty(),
    }
}

/// How a decision does on out-of-fold probabilities: right answers, wrong answers, unrelated
/// answered, over related and unrelated questions.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    right: usize,
    wrong: usize,
    related: usize,
    unrelated_answered: usize,
    unrelated: usize,
}

fn score(questions: &[(Readings, Vec<f32>)], answer: f32) -> Score {
    let mut s = Score::default();
    for (readings, probabilities) in questions {
        let best = probabilities
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, p)| (i, *p));
        let answered = best.filter(|&(i, p)| p >= answer && !readings.general[i]);
        if readings.unrelated {
            s.unrelated += 1;
            s.unrelated_answered += usize::from(answered.is_some());
        } else {
            s.related += 1;
            if let Some((i, _)) = answered {
                if readings.examples[i].right {
                    s.right += 1;
                } else {
                    s.wrong += 1;
                }
            }
        }
    }
    s
}

fn fit_decision(kb: &KnowledgeBase, questions: &[LabelledQuestion], tuning: Tuning) -> usize {
    let matcher = Matcher::with_tuning(kb, tuning);
    let questions = decision_questions(questions);
    let all: Vec<Readings> = questions
        .iter()
        .map(|q| readings(&matcher, kb, q))
        .collect();
    const FOLDS: usize = 5;
    let mut best: Option<(f64, f32, Score)> = None;
    let mut best_oof: Vec<(Readings, Vec<f32>)> = Vec::new();
    for ridge in [0.01, 0.1, 0.3, 1.0, 3.0, 10.0] {
        // Out-of-fold probabilities for every reading.
        let mut oof: Vec<Vec<f32>> = all.iter().map(|r| vec![0.0; r.examples.len()]).collect();
        for fold in 0..FOLDS {
            let training: Vec<Example> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS != fold)
                .flat_map(|(_, r)| r.training())
                .collect();
            let model = DecisionModel {
                weights: fit(&training, ridge),
                ..MODEL
            };
            for (i, r) in all.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
                oof[i] = r
                    .examples
                    .iter()
                    .map(|e| model.probability(&e.evidence))
                    .collect();
            }
        }
        let scored: Vec<(Readings, Vec<f32>)> = all
            .iter()
            .map(|r| Readings {
                examples: r.examples.clone(),
                general: r.general.clone(),
                suggests_right: r.suggests_right.clone(),
                unrelated: r.unrelated,
            })
            .zip(oof)
            .collect();
        for answer in (10..=90).map(|a| a as f32 / 100.0) {
            let s = score(&scored, answer);
            if std::env::var_os("CALIBRATE_TRACE").is_some() && answer * 100.0 % 10.0 < 0.5 {
                eprintln!("ridge {ridge} answer {answer:.2}: {s:?}");
            }
            if s.unrelated_answered as f64 > UNRELATED_BUDGET * s.unrelated as f64 {
                continue;
            }
            let better = best.as_ref().is_none_or(|(_, _, b)| {
                (s.right, std::cmp::Reverse(s.wrong)) > (b.right, std::cmp::Reverse(b.wrong))
            });
            if better {
                best = Some((ridge, answer, s));
                best_oof = scored
                    .iter()
                    .map(|(r, p)| {
                        (
                            Readings {
                                examples: r.examples.clone(),
                                general: r.general.clone(),
                                suggests_right: r.suggests_right.clone(),
                                unrelated: r.unrelated,
                            },
                            p.clone(),
                        )
                    })
                    .collect();
            }
        }
    }
    let Some((ridge, answer, s)) = best else {
        println!("no setting keeps unrelated questions under the budget");
        return 0;
    };
    let training: Vec<Example> = all.iter().flat_map(Readings::training).collect();
    let weights = fit(&training, ridge);
    if std::env::var_os("CALIBRATE_TRACE").is_some() {
        let model = DecisionModel { weights, ..MODEL };
        for (question, r) in questions.iter().zip(&all) {
            for (e, general) in r.examples.iter().zip(&r.general) {
                let p = model.probability(&e.evidence);
                if *general {
                    continue;
                }
                if (r.unrelated && p >= 0.4) || (!r.unrelated && e.right && p < answer) {
                    eprintln!(
                        "p {p:.2} right {} unrelated {} {:?} {:?}",
                        e.right, r.unrelated, question.q, e.evidence
                    );
                }
            }
        }
    }
    println!(
        "\ncross-validated (5 folds, ridge {ridge}): answer at p ≥ {answer:.2}: right {}/{} ({:.1}%), wrong {}, unrelated answered {}/{}",
        s.right,
        s.related,
        100.0 * s.right as f64 / s.related.max(1) as f64,
        s.wrong,
        s.unrelated_answered,
        s.unrelated
    );
    // "Did you mean" from the probability where right entries among the suggestions, for questions
    // not answered, most outweigh unrelated questions offered suggestions. A needless offer costs
    // the user a glance, a missing one a new question: it weighs half.
    let mut suggest = (0.05f32, i64::MIN);
    for threshold in (5..(answer * 100.0) as i32).map(|s| s as f32 / 100.0) {
        let mut gain = 0i64;
        for (r, p) in &best_oof {
            let Some((i, top)) = p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) else {
                continue;
            };
            let answered = *top >= answer && !r.general[i];
            if answered || *top < threshold {
                continue;
            }
            if r.unrelated {
                gain -= 1;
            } else if r.suggests_right[i] {
                gain += 2;
            }
        }
        if gain > suggest.1 {
            suggest = (threshold, gain);
        }
    }
    println!(
        "suggest at p ≥ {:.2}: right suggestions less unrelated ones offered = {}",
        suggest.0, suggest.1
    );
    let listed: Vec<String> = weights.iter().map(|w| format!("{w:.3}")).collect();
    assert_eq!(listed.len(), FEATURES);
    println!(
        "pub const MODEL: DecisionModel = DecisionModel {{\n    version: {},\n    weights: [{}],\n    answer: {answer:.2},\n    suggest: {:.2},\n}};",
        MODEL.version + 1,
        listed.join(", "),
        suggest.0
    );
    s.right
}
