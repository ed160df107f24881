//! Calibrates the matcher's tuning on the labelled question set and reports the held-out set.
//!
//! `cargo run --release --example calibrate [-- --failures]`
//!
//! Sweeps the tuning grid on `tests/data/labelled.jsonl`, keeps the settings with the best top-1
//! accuracy among those answering at most 5% of unrelated questions (ties: fewer wrong answers, then
//! more right suggestions less "did you mean" offered for unrelated questions), and prints how those
//! settings do on `tests/data/holdout.jsonl`, which the sweep never sees.

use std::path::Path;

use anyhow::Result;
use coop_bot::evaluation::{Metrics, evaluate, read_labelled};
use coop_bot::knowledge::load_dir;
use coop_bot::matcher::{Matcher, Tuning};

/// Orders settings: more right answers, then fewer wrong ones, then more right suggestions less
/// suggestions offered for unrelated questions.
fn rank(m: &Metrics) -> (usize, std::cmp::Reverse<usize>, isize) {
    (
        m.answered_correctly,
        std::cmp::Reverse(m.answered_wrongly),
        m.suggested_correctly as isize - m.unrelated_suggested as isize,
    )
}

fn main() -> Result<()> {
    let show_failures = std::env::args().any(|a| a == "--failures");
    let kb = load_dir(Path::new("knowledge"))?;
    let labelled = read_labelled(Path::new("tests/data/labelled.jsonl"))?;
    let holdout = read_labelled(Path::new("tests/data/holdout.jsonl"))?;
    let mut matcher = Matcher::new(&kb);
    let current = matcher.tuning();

    let mut best: Option<(Tuning, Metrics)> = None;
    for question_share in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7] {
        for unknown_word_share in [0.01, 0.02, 0.035, 0.05, 0.1, 0.15, 0.25] {
            for suggest in [0.3, 0.35, 0.4, 0.45] {
                for answer in (40..=86).step_by(2).map(|a| a as f32 / 100.0) {
                    let tuning = Tuning {
                        answer,
                        suggest,
                        question_share,
                        unknown_word_share,
                    };
                    matcher.set_tuning(tuning);
                    let metrics = evaluate(&matcher, &kb, &labelled);
                    if metrics.unrelated_answer_rate() > 0.05 {
                        continue;
                    }
                    let better = best.as_ref().is_none_or(|(_, b)| rank(&metrics) > rank(b));
                    if better {
                        best = Some((tuning, metrics));
                    }
                }
            }
        }
    }

    matcher.set_tuning(current);
    println!("current  {current:?}");
    println!("  labelled: {}", evaluate(&matcher, &kb, &labelled));
    let held = evaluate(&matcher, &kb, &holdout);
    println!("  holdout:  {held}");
    if show_failures {
        for failure in evaluate(&matcher, &kb, &labelled)
            .failures
            .iter()
            .chain(&held.failures)
        {
            println!("    {failure}");
        }
    }
    if let Some((tuning, metrics)) = best {
        matcher.set_tuning(tuning);
        println!("best     {tuning:?}");
        println!("  labelled: {metrics}");
        println!("  holdout:  {}", evaluate(&matcher, &kb, &holdout));
    }
    Ok(())
}
