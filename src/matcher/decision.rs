//! Deciding what to do with a ranked question: answer, offer "did you mean", or say honestly that
//! the knowledge base does not cover it.
//!
//! One score cannot tell "the right entry, weakly worded" from "an off-topic question that shares a
//! word". The decision weighs more evidence ([`Evidence`]): how much of the question and of the
//! entry's best phrase match, the margin over the first rival (an entry the records do not link to
//! the top one: the three universities, a meeting and its agenda are no rivals, since the answer
//! links them), how much of the question matched
//! nothing at all, whether the question's rarest word is one the entry has, how much of the match
//! came through typos, synonyms or transliteration, and whether the reading was rewritten (wrong
//! keyboard layout, Latin script). A logistic model turns it into the probability that answering
//! with the top entry is right; [`MODEL`] holds its weights and thresholds, fitted by
//! `cargo run --release --example calibrate` with cross-validation on the labelled sets.

use serde::Serialize;

use super::index::Via;
use super::query::Query;
use super::{Candidate, Matcher, QueryTerm};

/// What the decision weighs about a question's top candidate, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Evidence {
    /// The top candidate's score (the weighted geometric mean of the two coverages).
    pub score: f32,
    /// Share of the question's information the entry covers.
    pub question_coverage: f32,
    /// Share of the entry's best phrase the question covers.
    pub phrase_coverage: f32,
    /// The top score less the first rival's (or less the floor, when no rival reaches it). A rival
    /// is an entry the records do not link to the top one: a close linked second (the three
    /// universities, a meeting and its agenda, a speaker and his statement) is no reason to doubt,
    /// since the answer links it.
    pub margin: f32,
    /// Share of the question's information in words that matched nothing in the vocabulary.
    pub unmatched: f32,
    /// 1 when the question's heaviest word is one the entry has.
    pub heaviest_covered: f32,
    /// Share of what the entry covers that came through a typo, synonym, reduction or
    /// transliteration rather than the word as written.
    pub loose: f32,
    /// 1 when the question was read with another keyboard layout or as transliteration.
    pub rewritten: f32,
    /// The first rival's score over the top's: near 1 when two unrelated entries fit alike.
    pub runner_up: f32,
    /// 1 when the question has a single content word: the least evidence there is.
    pub one_word: f32,
    /// 1 when a word the vocabulary does not know is written as a name (`США`, `CES`).
    pub unknown_name: f32,
}

/// Number of features, with the constant term first: `[1, score, question_coverage, …]`.
pub const FEATURES: usize = 12;

impl Evidence {
    /// The features in the model's order, with the constant term first.
    pub fn features(&self) -> [f32; FEATURES] {
        [
            1.0,
            self.score,
            self.question_coverage,
            self.phrase_coverage,
            self.margin,
            self.unmatched,
            self.heaviest_covered,
            self.loose,
            self.rewritten,
            self.runner_up,
            self.one_word,
            self.unknown_name,
        ]
    }
}

/// A fitted decision: logistic weights over [`Evidence::features`] and the probabilities at which
/// the bot answers and suggests. Versioned, so a change of the dials shows in review and in `/why`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DecisionModel {
    /// Bumped whenever the weights or thresholds change.
    pub version: u32,
    pub weights: [f32; FEATURES],
    /// Answer with the top entry at or above this probability.
    pub answer: f32,
    /// Offer "did you mean" at or above this probability (and the floor score).
    pub suggest: f32,
}

/// The decision in force: v11's weights, fitted on `tests/data/labelled.jsonl` and
/// `tests/data/realistic.jsonl` (never on the held-out sets) by `cargo run --release --example
/// calibrate`, with the margin counted from the first rival since v13 (v11 counted it from the
/// runner-up and had a feature for a linked runner-up, whose weight is dropped; v12 was a refit
/// that was not kept).
pub const MODEL: DecisionModel = DecisionModel {
    version: 13,
    weights: [
        -2.974, 1.907, 2.314, 2.175, 2.028, 0.859, -0.079, 0.001, 0.886, -0.947, 0.457, -0.185,
    ],
    answer: 0.80,
    suggest: 0.44,
};

impl DecisionModel {
    /// The probability that answering with the top candidate is right.
    pub fn probability(&self, evidence: &Evidence) -> f32 {
        let z: f32 = self
            .weights
            .iter()
            .zip(evidence.features())
            .map(|(w, x)| w * x)
            .sum();
        1.0 / (1.0 + (-z).exp())
    }
}

impl Matcher {
    /// The evidence about the top candidate of a ranked question.
    pub(super) fn evidence(
        &self,
        query: &Query,
        candidates: &[Candidate],
        rewritten: bool,
    ) -> Evidence {
        let terms = &query.terms;
        let Some(top) = candidates.first() else {
            return Evidence::default();
        };
        // The first rival counts from the floor: below it the ranking is best effort.
        let rival = candidates[1..]
            .iter()
            .find(|c| !self.roles.are_linked(top.entry, c.entry));
        let runner_up = rival.map_or(self.tuning.floor, |c| c.score.max(self.tuning.floor));
        let total: f32 = terms.iter().map(|t| t.weight).sum();
        if total <= 0.0 {
            return Evidence::default();
        }
        let entry = top.entry as u32;
        let unmatched: f32 = terms
            .iter()
            .filter(|t| t.matches.is_empty())
            .map(|t| t.weight)
            .sum();
        let heaviest = terms.iter().max_by(|a, b| a.weight.total_cmp(&b.weight));
        let has = |term: &QueryTerm| {
            term.matches
                .iter()
                .any(|m| self.index.field_in(entry, m.term).is_some())
        };
        let (mut covered, mut loose) = (0.0f32, 0.0f32);
        for term in terms {
            let best = term
                .matches
                .iter()
                .filter(|m| self.index.field_in(entry, m.term).is_some())
                .max_by(|a, b| a.similarity.total_cmp(&b.similarity));
            if let Some(best) = best {
                covered += term.weight;
                if best.via != Via::Exact && best.via != Via::Compound {
                    loose += term.weight;
                }
            }
        }
        Evidence {
            score: top.score,
            question_coverage: top.question_coverage,
            phrase_coverage: top.phrase_coverage,
            margin: top.score - runner_up,
            unmatched: unmatched / total,
            heaviest_covered: f32::from(u8::from(heaviest.is_some_and(has))),
            loose: if covered > 0.0 { loose / covered } else { 0.0 },
            rewritten: f32::from(u8::from(rewritten)),
            runner_up: if top.score > 0.0 {
                runner_up / top.score
            } else {
                0.0
            },
            one_word: f32::from(u8::from(terms.len() == 1)),
            unknown_name: f32::from(u8::from(query.unknown_name)),
        }
    }
}

/// One example for fitting: the evidence, and whether answering with the top entry was right.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub evidence: Evidence,
    pub right: bool,
}

/// Fits logistic weights by Newton's method on the log loss with an L2 penalty `ridge` (not on the
/// constant term): small, exact and deterministic, which a hand-written model needs to be.
pub fn fit(examples: &[Example], ridge: f64) -> [f32; FEATURES] {
    let mut w = [0.0f64; FEATURES];
    for _ in 0..50 {
        let mut gradient = [0.0f64; FEATURES];
        let mut hessian = [[0.0f64; FEATURES]; FEATURES];
        for example in examples {
            let x = example.evidence.features().map(f64::from);
            let z: f64 = w.iter().zip(&x).map(|(w, x)| w * x).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = f64::from(u8::from(example.right));
            for i in 0..FEATURES {
                gradient[i] += (p - y) * x[i];
                for j in 0..FEATURES {
                    hessian[i][j] += p * (1.0 - p) * x[i] * x[j];
                }
            }
        }
        for i in 1..FEATURES {
            gradient[i] += ridge * w[i];
            hessian[i][i] += ridge;
        }
        hessian[0][0] += 1e-9;
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        let mut largest = 0.0f64;
        for i in 0..FEATURES {
            w[i] -= step[i];
            largest = largest.max(step[i].abs());
        }
        if largest < 1e-9 {
            break;
        }
    }
    w.map(|w| w as f32)
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting; `None` when singular.
fn solve(mut a: [[f64; FEATURES]; FEATURES], mut b: [f64; FEATURES]) -> Option<[f64; FEATURES]> {
    for col in 0..FEATURES {
        let pivot = (col..FEATURES).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..FEATURES {
            let factor = a[row][col] / pivot_row[col];
            for (cell, above) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *cell -= factor * above;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0f64; FEATURES];
    for row in (0..FEATURES).rev() {
        let rest: f64 = (row + 1..FEATURES).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(score: f32, right: bool) -> Example {
        Example {
            evidence: Evidence {
                score,
                question_coverage: score,
                phrase_coverage: score,
                ..Evidence::default()
            },
            right,
        }
    }

    #[test]
    fn fitting_learns_that_higher_scores_are_right_more_often() {
        let examples: Vec<Example> = (0..200)
            .map(|i| {
                let score = i as f32 / 200.0;
                // Mostly right above 0.6, with some noise on both sides.
                example(score, (score > 0.6) != (i % 17 == 0))
            })
            .collect();
        let weights = fit(&examples, 1.0);
        let model = DecisionModel {
            version: 0,
            weights,
            answer: 0.5,
            suggest: 0.2,
        };
        let low = model.probability(&example(0.2, false).evidence);
        let high = model.probability(&example(0.9, true).evidence);
        assert!(low < 0.2 && high > 0.8, "{low} {high}");
    }

    #[test]
    fn the_shipped_model_prefers_strong_evidence() {
        let strong = Evidence {
            score: 0.95,
            question_coverage: 1.0,
            phrase_coverage: 0.9,
            margin: 0.4,
            heaviest_covered: 1.0,
            ..Evidence::default()
        };
        // A question mostly of unknown words that two unrelated entries fit alike, a little.
        let weak = Evidence {
            score: 0.3,
            question_coverage: 0.25,
            phrase_coverage: 0.35,
            unmatched: 0.75,
            runner_up: 1.0,
            ..Evidence::default()
        };
        assert!(MODEL.probability(&strong) >= MODEL.answer);
        assert!(MODEL.probability(&weak) < MODEL.suggest);
    }
}
