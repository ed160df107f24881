//! Matching a free-text question to a knowledge entry, in any of the three languages and with typos.
//! It knows nothing of Telegram: it takes text and returns ranked entries with a confidence.
//!
//! Scoring: each content word of the question weighs its rarity (BM25 idf); a word the vocabulary has
//! never seen weighs like a rare one, so a question mostly about something else ("Moscow metro
//! opening hours") covers little of itself with any entry. An entry's score is the weighted geometric
//! mean of how much of the question it covers and how much of its best phrase (title, alias or
//! question) the question covers.

mod index;
mod normalize;
mod stopwords;

use std::collections::HashMap;

pub use index::{Field, Index, Phrase, TermId, TermMatch};
pub use normalize::{Token, Tokenizer, normalize, stem_persian};

use crate::knowledge::KnowledgeBase;

/// Longest questions are cut to this many content words: nobody asks with more, and it bounds the
/// work a 4,000-character message can cause.
const MAX_QUERY_TERMS: usize = 24;

/// Only the start of a question is read: Telegram caps messages at 4,096 characters, and the command
/// line should not let one pasted file cost more.
const MAX_QUESTION_CHARS: usize = 4096;

/// The matcher's dials, calibrated on the labelled question set in `tests/data/labelled.jsonl` with
/// `cargo run --release --example calibrate` (which also reports the held-out set it never tunes on).
/// At or above `answer` the top entry is answered; between `suggest` and `answer` the top entries
/// are offered as "did you mean"; below, the bot says it does not know.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Tuning {
    pub answer: f32,
    pub suggest: f32,
    /// The exponent of question coverage in the weighted geometric mean with phrase coverage: a
    /// geometric mean lets neither a weak phrase match nor a weakly covered question hide behind the
    /// other ("what is artificial intelligence" covers itself fully but little of any phrase).
    pub question_share: f32,
    /// A word the vocabulary has never seen weighs as much as a word used by this share of the
    /// entries: lower makes unknown words weigh more, and off-topic questions fail sooner.
    pub unknown_word_share: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            answer: 0.7,
            suggest: 0.45,
            question_share: 0.4,
            unknown_word_share: 0.01,
        }
    }
}

/// One ranked entry for a question, with what made it score.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The entry's position in the knowledge base.
    pub entry: usize,
    /// Confidence in [0, 1].
    pub score: f32,
    /// Share of the question's information this entry covers.
    pub question_coverage: f32,
    /// Share of the best-matching phrase the question covers.
    pub phrase_coverage: f32,
    /// The title, alias or question that matched best, for explanations.
    pub best_phrase: Option<(Field, crate::lang::Lang, String)>,
}

/// What the matcher advises doing with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Answer with the top candidate.
    Answer,
    /// Offer the top candidates as "did you mean".
    Suggest,
    /// Say honestly that the question is not covered.
    Unknown,
}

/// A word of the question as the matcher understood it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    pub token: Token,
    /// Vocabulary terms it matched, with their similarity (1.0 exact); `Index::term_text` names them.
    pub matches: Vec<TermMatch>,
    /// How much it weighs in the question.
    pub weight: f32,
}

/// The matcher's full verdict on a question.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchResult {
    pub decision: Decision,
    /// Confidence of the top candidate, 0 when there is none.
    pub confidence: f32,
    /// Best first; at most five.
    pub candidates: Vec<Candidate>,
    pub terms: Vec<QueryTerm>,
}

impl MatchResult {
    /// The verdict for an entry the user picked themselves: certain, with nothing else to weigh.
    pub fn chosen(entry: usize) -> MatchResult {
        MatchResult {
            decision: Decision::Answer,
            confidence: 1.0,
            candidates: vec![Candidate {
                entry,
                score: 1.0,
                question_coverage: 1.0,
                phrase_coverage: 1.0,
                best_phrase: None,
            }],
            terms: Vec::new(),
        }
    }

    /// The top candidate when the decision is to answer.
    pub fn answer(&self) -> Option<&Candidate> {
        (self.decision == Decision::Answer)
            .then(|| self.candidates.first())
            .flatten()
    }

    /// Up to three candidates to offer when the decision is to suggest.
    pub fn suggestions(&self) -> &[Candidate] {
        match self.decision {
            Decision::Suggest => &self.candidates[..self.candidates.len().min(3)],
            _ => &[],
        }
    }
}

/// The question matcher over one knowledge base.
pub struct Matcher {
    tokenizer: Tokenizer,
    index: Index,
    tuning: Tuning,
}

impl Matcher {
    /// Indexes a knowledge base with the calibrated tuning.
    pub fn new(kb: &KnowledgeBase) -> Matcher {
        Matcher::with_tuning(kb, Tuning::default())
    }

    /// Indexes a knowledge base with explicit tuning, for calibration.
    pub fn with_tuning(kb: &KnowledgeBase, tuning: Tuning) -> Matcher {
        let tokenizer = Tokenizer::default();
        let index = Index::build(kb, &tokenizer);
        Matcher {
            tokenizer,
            index,
            tuning,
        }
    }

    /// The tuning in force.
    pub fn tuning(&self) -> Tuning {
        self.tuning
    }

    /// Changes the tuning without re-indexing, for calibration sweeps.
    pub fn set_tuning(&mut self, tuning: Tuning) {
        self.tuning = tuning;
    }

    /// The index, for statistics and explanations.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Ranks the entries for a question and decides whether to answer, suggest or decline.
    pub fn find(&self, question: &str) -> MatchResult {
        let terms = self.query_terms(question);
        let total_weight: f32 = terms.iter().map(|t| t.weight).sum();
        if terms.is_empty() || total_weight <= 0.0 {
            return MatchResult {
                decision: Decision::Unknown,
                confidence: 0.0,
                candidates: Vec::new(),
                terms,
            };
        }

        // Per entry, the best contribution of each question word.
        let mut covered: HashMap<u32, Vec<f32>> = HashMap::new();
        // Per vocabulary term, how closely the question matched it.
        let mut matched_terms: HashMap<TermId, f32> = HashMap::new();
        for (i, term) in terms.iter().enumerate() {
            for &TermMatch {
                term: id,
                similarity,
            } in &term.matches
            {
                let best = matched_terms.entry(id).or_insert(0.0);
                *best = best.max(similarity);
                for posting in self.index.postings(id) {
                    let slots = covered
                        .entry(posting.entry)
                        .or_insert_with(|| vec![0.0; terms.len()]);
                    let contribution = term.weight * similarity * posting.weight;
                    slots[i] = slots[i].max(contribution);
                }
            }
        }

        let mut candidates: Vec<Candidate> = covered
            .into_iter()
            .map(|(entry, slots)| {
                let question_coverage = slots.iter().sum::<f32>() / total_weight;
                let (phrase_coverage, best_phrase) = self.best_phrase(entry, &matched_terms);
                let share = self.tuning.question_share;
                let score = question_coverage.powf(share) * phrase_coverage.powf(1.0 - share);
                Candidate {
                    entry: entry as usize,
                    score: score.clamp(0.0, 1.0),
                    question_coverage,
                    phrase_coverage,
                    best_phrase,
                }
            })
            .collect();
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        candidates.truncate(5);

        let confidence = candidates.first().map_or(0.0, |c| c.score);
        let decision = if confidence >= self.tuning.answer {
            Decision::Answer
        } else if confidence >= self.tuning.suggest {
            candidates.retain(|c| c.score >= self.tuning.suggest);
            Decision::Suggest
        } else {
            Decision::Unknown
        };
        MatchResult {
            decision,
            confidence,
            candidates,
            terms,
        }
    }

    fn query_terms(&self, question: &str) -> Vec<QueryTerm> {
        let question = match question.char_indices().nth(MAX_QUESTION_CHARS) {
            Some((cut, _)) => &question[..cut],
            None => question,
        };
        let mut seen = Vec::new();
        let mut terms = Vec::new();
        for token in self.tokenizer.tokens(question) {
            if seen.contains(&token.stem) {
                continue;
            }
            seen.push(token.stem.clone());
            let found = self.index.lookup(&token);
            let weight = found
                .iter()
                .map(|m| self.index.idf(m.term))
                .fold(None, |best: Option<f32>, idf| {
                    Some(best.map_or(idf, |b| b.max(idf)))
                })
                .unwrap_or_else(|| {
                    self.index
                        .unknown_word_weight(self.tuning.unknown_word_share)
                });
            terms.push(QueryTerm {
                token,
                matches: found,
                weight,
            });
            if terms.len() == MAX_QUERY_TERMS {
                break;
            }
        }
        terms
    }

    fn best_phrase(
        &self,
        entry: u32,
        matched_terms: &HashMap<TermId, f32>,
    ) -> (f32, Option<(Field, crate::lang::Lang, String)>) {
        let mut best = (0.0f32, None);
        for phrase in self.index.phrases(entry) {
            if phrase.weight <= 0.0 {
                continue;
            }
            let covered: f32 = phrase
                .terms
                .iter()
                .filter_map(|t| matched_terms.get(t).map(|s| s * self.index.idf(*t)))
                .sum();
            let coverage = covered / phrase.weight;
            if coverage > best.0 {
                best = (
                    coverage,
                    Some((phrase.field, phrase.lang, phrase.text.clone())),
                );
            }
        }
        best
    }
}
