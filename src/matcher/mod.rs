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

pub use index::{Field, Index, Phrase, PhraseRef, TermId, TermMatch};
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
    pub best_phrase: Option<PhraseRef>,
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
    ///
    /// The work is bounded without changing any decision: words too common to lift an entry to the
    /// suggestion threshold on their own only score entries that rarer words found (MaxScore), and
    /// phrase coverage is computed in order of question coverage until no further entry can enter
    /// the top five, since a score never exceeds question coverage to the power `question_share`.
    pub fn find(&self, question: &str) -> MatchResult {
        let terms = self.query_terms(question);
        let total_weight: f32 = terms.iter().map(|t| t.weight).sum();
        let mut candidates = if terms.is_empty() || total_weight <= 0.0 {
            Vec::new()
        } else {
            self.rank(&terms, total_weight)
        };
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

    fn rank(&self, terms: &[QueryTerm], total_weight: f32) -> Vec<Candidate> {
        let share = self.tuning.question_share;
        // Below this question coverage an entry cannot reach the suggestion threshold.
        let floor = self.tuning.suggest.powf(1.0 / share) * total_weight;

        // The lightest words whose weights together stay under the floor are "non-essential": an
        // entry that has only them cannot matter, so their postings are not walked.
        let mut by_weight: Vec<usize> = (0..terms.len())
            .filter(|&i| !terms[i].matches.is_empty())
            .collect();
        by_weight.sort_by(|&a, &b| terms[a].weight.total_cmp(&terms[b].weight));
        let mut light = 0.0;
        let split = by_weight
            .iter()
            .position(|&i| {
                light += terms[i].weight;
                light >= floor
            })
            .unwrap_or(by_weight.len());
        let (non_essential, essential) = by_weight.split_at(split);

        let mut found: Vec<(f32, f32, u32)> = SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let scratch = &mut *scratch;
            scratch.prepare(self.index.entry_count());
            for &i in essential {
                let term = &terms[i];
                if let [only] = term.matches.as_slice() {
                    let weight = term.weight * only.similarity;
                    for posting in self.index.postings(only.term) {
                        let in_phrases = phrase_part(weight, posting.weight);
                        scratch.add(posting.entry, weight * posting.weight, in_phrases);
                    }
                } else {
                    for m in &term.matches {
                        let weight = term.weight * m.similarity;
                        for posting in self.index.postings(m.term) {
                            let in_phrases = phrase_part(weight, posting.weight);
                            scratch.best_of_word(
                                posting.entry,
                                weight * posting.weight,
                                in_phrases,
                            );
                        }
                    }
                    scratch.flush_word();
                }
            }
            scratch.take()
        });
        for (covered, in_phrases, entry) in &mut found {
            for &i in non_essential {
                let term = &terms[i];
                let (best, best_in_phrases) = term
                    .matches
                    .iter()
                    .filter_map(|m| {
                        let postings = self.index.postings(m.term);
                        let at = postings.binary_search_by_key(entry, |p| p.entry).ok()?;
                        let weight = term.weight * m.similarity;
                        Some((
                            weight * postings[at].weight,
                            phrase_part(weight, postings[at].weight),
                        ))
                    })
                    .fold((0.0f32, 0.0f32), |a, b| (a.0.max(b.0), a.1.max(b.1)));
                *covered += best;
                *in_phrases += best_in_phrases;
            }
        }

        let mut matched: Vec<(TermId, f32)> = terms
            .iter()
            .flat_map(|t| t.matches.iter().map(|m| (m.term, m.similarity)))
            .collect();
        matched.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        matched.dedup_by_key(|m| m.0);

        // An upper bound of each entry's score: question coverage is known, and no phrase can be
        // covered beyond the weight of the question's words found in the entry's phrases, over the
        // entry's lightest phrase.
        let mut bounded: Vec<(f32, f32, u32)> = found
            .into_iter()
            .map(|(covered, in_phrases, entry)| {
                let question_coverage = (covered / total_weight).min(1.0);
                let phrase_bound = (in_phrases / self.index.lightest_phrase(entry)).min(1.0);
                let bound = question_coverage.powf(share) * phrase_bound.powf(1.0 - share);
                (bound, question_coverage, entry)
            })
            .collect();
        let by_bound =
            |a: &(f32, f32, u32), b: &(f32, f32, u32)| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2));
        // Most questions settle within the best few bounds: select those in linear time and sort
        // the rest only if they are needed.
        const FIRST: usize = 32;
        if bounded.len() > FIRST {
            bounded.select_nth_unstable_by(FIRST, by_bound);
            bounded[..FIRST].sort_unstable_by(by_bound);
        } else {
            bounded.sort_unstable_by(by_bound);
        }

        let mut top: Vec<Candidate> = Vec::with_capacity(6);
        for i in 0..bounded.len() {
            if i == FIRST {
                bounded[FIRST..].sort_unstable_by(by_bound);
            }
            let (bound, question_coverage, entry) = bounded[i];
            if top.len() == 5 && bound < top[4].score {
                break;
            }
            let (phrase_coverage, best_phrase) = self.best_phrase(entry, &matched);
            let score =
                (question_coverage.powf(share) * phrase_coverage.powf(1.0 - share)).clamp(0.0, 1.0);
            top.push(Candidate {
                entry: entry as usize,
                score,
                question_coverage,
                phrase_coverage,
                best_phrase,
            });
            top.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
            top.truncate(5);
        }
        top
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

    fn best_phrase(&self, entry: u32, matched: &[(TermId, f32)]) -> (f32, Option<PhraseRef>) {
        let mut best = (0.0f32, None);
        for phrase in self.index.phrases(entry) {
            if phrase.weight <= 0.0 {
                continue;
            }
            let covered: f32 = self
                .index
                .phrase_terms(phrase)
                .iter()
                .filter_map(|t| {
                    let at = matched.binary_search_by_key(t, |m| m.0).ok()?;
                    Some(matched[at].1 * self.index.idf(*t))
                })
                .sum();
            let coverage = covered / phrase.weight;
            if coverage > best.0 {
                best = (coverage, Some(phrase.origin));
            }
        }
        best
    }
}

/// The part of a word's weight that can count towards phrase coverage: all of it when the entry has
/// the word in a title, alias or question (field weight at least a question's), none when only its
/// answer or details have it.
fn phrase_part(word_weight: f32, field_weight: f32) -> f32 {
    if field_weight >= Field::Question.weight() {
        word_weight
    } else {
        0.0
    }
}

/// Per-thread buffers for ranking, reused across questions so a question allocates little and
/// never clears an array the size of the knowledge base.
#[derive(Default)]
struct Scratch {
    /// Per entry (dense): question coverage, the weight of question words in its phrases, and
    /// which entries were touched.
    covered: Vec<f32>,
    in_phrases: Vec<f32>,
    touched: Vec<u32>,
    /// The best contribution of the current word per entry, when a typo matched several terms.
    word: Vec<(f32, f32)>,
    word_touched: Vec<u32>,
}

impl Scratch {
    fn prepare(&mut self, entries: usize) {
        if self.covered.len() < entries {
            self.covered.resize(entries, 0.0);
            self.in_phrases.resize(entries, 0.0);
            self.word.resize(entries, (0.0, 0.0));
        }
    }

    fn add(&mut self, entry: u32, contribution: f32, in_phrases: f32) {
        let e = entry as usize;
        if self.covered[e] == 0.0 {
            self.touched.push(entry);
        }
        self.covered[e] += contribution;
        self.in_phrases[e] += in_phrases;
    }

    fn best_of_word(&mut self, entry: u32, contribution: f32, in_phrases: f32) {
        let slot = &mut self.word[entry as usize];
        if slot.0 == 0.0 {
            self.word_touched.push(entry);
        }
        *slot = (slot.0.max(contribution), slot.1.max(in_phrases));
    }

    fn flush_word(&mut self) {
        let touched = std::mem::take(&mut self.word_touched);
        for &entry in &touched {
            let (contribution, in_phrases) = std::mem::take(&mut self.word[entry as usize]);
            self.add(entry, contribution, in_phrases);
        }
        self.word_touched = touched;
        self.word_touched.clear();
    }

    /// The touched entries with their sums, leaving the buffers clean for the next question.
    fn take(&mut self) -> Vec<(f32, f32, u32)> {
        let found = self
            .touched
            .iter()
            .map(|&entry| {
                let e = entry as usize;
                (
                    std::mem::take(&mut self.covered[e]),
                    std::mem::take(&mut self.in_phrases[e]),
                    entry,
                )
            })
            .collect();
        self.touched.clear();
        found
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}
