//! Measuring the matcher against labelled questions: the accuracy test, the calibration sweep and
//! staff checking a change to the knowledge base all count the same way.

use std::path::Path;

use serde::Deserialize;

use crate::knowledge::KnowledgeBase;
use crate::lang::Lang;
use crate::matcher::{Decision, Matcher};

/// One labelled question: the entries that answer it correctly, or none for an unrelated question.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledQuestion {
    pub q: String,
    pub lang: Lang,
    pub expect: Vec<String>,
}

/// Why a labelled set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LabelledSetError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {source}")]
    Json {
        path: String,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
}

/// Reads a JSON Lines file of `{"q", "lang", "expect"}` objects; blank lines are skipped.
pub fn read_labelled(path: &Path) -> Result<Vec<LabelledQuestion>, LabelledSetError> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LabelledSetError::Io {
        path: display.clone(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|source| LabelledSetError::Json {
                path: display.clone(),
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// How a matcher did on a labelled set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    /// Questions about the programme.
    pub related: usize,
    /// Related questions answered with a correct entry.
    pub answered_correctly: usize,
    /// Related questions not answered but with a correct entry among the suggestions.
    pub suggested_correctly: usize,
    /// Related questions answered with a wrong entry.
    pub answered_wrongly: usize,
    /// Questions not about the programme.
    pub unrelated: usize,
    /// Unrelated questions that got an answer.
    pub unrelated_answered: usize,
    /// Unrelated questions that got "did you mean" suggestions rather than an honest "don't know".
    pub unrelated_suggested: usize,
    /// The questions that went wrong, with what happened, for reading.
    pub failures: Vec<String>,
}

impl Metrics {
    /// Share of related questions answered with a correct entry (top-1 accuracy).
    pub fn accuracy(&self) -> f64 {
        ratio(self.answered_correctly, self.related)
    }

    /// Share of unrelated questions that were answered.
    pub fn unrelated_answer_rate(&self) -> f64 {
        ratio(self.unrelated_answered, self.unrelated)
    }
}

impl std::fmt::Display for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "top-1 {}/{} = {:.1}% (wrong {}, in suggestions {}), unrelated answered {}/{} = {:.1}% (suggested {})",
            self.answered_correctly,
            self.related,
            100.0 * self.accuracy(),
            self.answered_wrongly,
            self.suggested_correctly,
            self.unrelated_answered,
            self.unrelated,
            100.0 * self.unrelated_answer_rate(),
            self.unrelated_suggested
        )
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Runs every question through the matcher and counts the outcomes.
pub fn evaluate(matcher: &Matcher, kb: &KnowledgeBase, questions: &[LabelledQuestion]) -> Metrics {
    let mut metrics = Metrics::default();
    let id = |position: usize| kb.entries()[position].id.as_str();
    for question in questions {
        let result = matcher.find(&question.q);
        let top = result.candidates.first().map(|c| id(c.entry));
        if question.expect.is_empty() {
            metrics.unrelated += 1;
            if result.decision == Decision::Suggest {
                metrics.unrelated_suggested += 1;
            }
            if result.decision == Decision::Answer {
                metrics.unrelated_answered += 1;
                metrics.failures.push(format!(
                    "answered unrelated {:?} with {} ({:.2})",
                    question.q,
                    top.unwrap_or_default(),
                    result.confidence
                ));
            }
            continue;
        }
        metrics.related += 1;
        let expected = |entry: &str| question.expect.iter().any(|e| e == entry);
        match result.decision {
            Decision::Answer if top.is_some_and(expected) => metrics.answered_correctly += 1,
            decision => {
                let suggested = decision == Decision::Suggest
                    && result.suggestions().iter().any(|c| expected(id(c.entry)));
                if decision == Decision::Answer {
                    metrics.answered_wrongly += 1;
                }
                if suggested {
                    metrics.suggested_correctly += 1;
                }
                let got: Vec<String> = result
                    .candidates
                    .iter()
                    .take(3)
                    .map(|c| format!("{} {:.2}", id(c.entry), c.score))
                    .collect();
                metrics.failures.push(format!(
                    "{:?} {:?}: expected {}, got {:?} [{}]",
                    decision,
                    question.q,
                    question.expect.join("|"),
                    got,
                    question.lang
                ));
            }
        }
    }
    metrics
}
