//! Matching a free-text question to a knowledge entry, in any of the three languages and with typos.
//! It knows nothing of Telegram: it takes text and returns ranked entries with a confidence.
//!
//! Scoring: each content word of the question weighs its rarity (BM25 idf); a word the vocabulary has
//! never seen weighs like a rare one, so a question mostly about something else ("Moscow metro
//! opening hours") covers little of itself with any entry. An entry's score is the weighted geometric
//! mean of how much of the question it covers and how much of its best phrase (title, alias or
//! question) the question covers.

mod index;
pub mod layout;
mod normalize;
mod stopwords;
pub mod translit;

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
    /// The work is bounded without changing any decision or any candidate that reaches the
    /// suggestion threshold. An entry's score is at most its phrase coverage to the power
    /// `1 - question_share`, so only entries with a phrase the question can cover enough are
    /// candidates: they are found through impact-ordered postings ([`Index::reach_postings`]),
    /// merged by decreasing reach and walked only while an entry not yet met could still reach the
    /// suggestion threshold, or the fifth best score once five entries pass it. This passes over
    /// most of a common word's entries. Each entry met gets its question coverage, and its exact
    /// phrase coverage only if the score bound these give can still matter.
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
        let suggest = self.tuning.suggest;
        let mut matched: Vec<(TermId, f32)> = terms
            .iter()
            .flat_map(|t| t.matches.iter().map(|m| (m.term, m.similarity)))
            .collect();
        matched.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        matched.dedup_by_key(|m| m.0);
        let mut ranking = Ranking {
            matcher: self,
            terms,
            total_weight,
            matched: &matched,
            top: Vec::with_capacity(6),
            hopeless: 0,
        };

        if !(share < 1.0 && suggest > 0.0) {
            // A tuning under which phrase coverage cannot rule an entry out: score every entry.
            for entry in 0..self.index.entry_count() as u32 {
                ranking.consider(entry, None);
            }
            return ranking.top;
        }

        // No entry covers more of the question than the words that matched anything. With the score
        // at least `floor`, question coverage at most `reachable` leaves phrase coverage, and so the
        // reach of some question term, at least this (less a rounding margin).
        let reachable = (terms
            .iter()
            .filter(|t| !t.matches.is_empty())
            .map(|t| t.weight)
            .sum::<f32>()
            / total_weight)
            .min(1.0);
        let least_reach =
            |floor: f32| (floor / reachable.powf(share)).powf(1.0 / (1.0 - share)) * (1.0 - 1e-4);
        let mut floor = suggest;
        let mut least = least_reach(floor);

        // The question terms' impact-ordered postings, merged by decreasing reach: an entry is first
        // met at its highest reach, which bounds its phrase coverage, and once the next reach is
        // below `least` no entry not yet met can reach the floor.
        let mut lists: Vec<(&[u32], &[f32])> = matched
            .iter()
            .map(|&(term, _)| self.index.reach_postings(term))
            .collect();
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            scratch.start(self.index.entry_count());
            let mut spare = BEST_EFFORT_POSTINGS;
            loop {
                let mut next: Option<(usize, u32, f32)> = None;
                for (i, (entries, reaches)) in lists.iter().enumerate() {
                    if let (Some(&entry), Some(&reach)) = (entries.first(), reaches.first())
                        && next.is_none_or(|(_, _, best)| reach > best)
                    {
                        next = Some((i, entry, reach));
                    }
                }
                let Some((i, entry, reach)) = next else { break };
                if reach < least {
                    // The result is exact from here on; walk a little further only to find a few
                    // entries below the suggestion threshold for staff.
                    let settled = ranking.top.len() == 5 && ranking.top[4].score >= suggest;
                    if settled || spare == 0 || ranking.hopeless == BEST_EFFORT_SCORED {
                        break;
                    }
                    spare -= 1;
                }
                let (entries, reaches) = &mut lists[i];
                *entries = entries.get(1..).unwrap_or_default();
                *reaches = reaches.get(1..).unwrap_or_default();
                if !scratch.first_visit(entry) {
                    continue;
                }
                ranking.consider(entry, Some(reach));
                if ranking.top.len() == 5 && ranking.top[4].score > floor {
                    floor = ranking.top[4].score;
                    least = least_reach(floor);
                }
            }
        });
        ranking.top
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

    /// The weight of the question's words an entry has, each weighted by the field it weighs most in
    /// there (a misspelt word matching several terms counts its best). Summed in `f64` so that equal
    /// sums in any order round to the same `f32`, and entries covering the question alike tie exactly.
    fn covered(&self, entry: u32, terms: &[QueryTerm]) -> f32 {
        let sum: f64 = terms
            .iter()
            .map(|term| {
                let best = term
                    .matches
                    .iter()
                    .filter_map(|m| {
                        let field = self.index.field_in(entry, m.term)?;
                        Some(term.weight * m.similarity * field.weight())
                    })
                    .fold(0.0f32, f32::max);
                f64::from(best)
            })
            .sum();
        sum as f32
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

/// The five best entries so far for one question, and what scoring an entry needs.
struct Ranking<'a> {
    matcher: &'a Matcher,
    terms: &'a [QueryTerm],
    total_weight: f32,
    /// The question's distinct vocabulary terms, sorted, with their best similarity.
    matched: &'a [(TermId, f32)],
    /// Best first.
    top: Vec<Candidate>,
    /// How many entries that could not reach the suggestion threshold were scored.
    hopeless: usize,
}

impl Ranking<'_> {
    /// Scores an entry met at `reach` (an upper bound of its phrase coverage; `None` for none) and
    /// keeps it if it enters the top five. Question coverage comes first, being cheaper: with the
    /// reach it bounds the score, and phrase coverage is computed only when the bound can matter.
    fn consider(&mut self, entry: u32, reach: Option<f32>) {
        let tuning = self.matcher.tuning;
        let share = tuning.question_share;
        let covered = self.matcher.covered(entry, self.terms);
        let question_coverage = (covered / self.total_weight).min(1.0);
        let bound = match reach {
            Some(reach) => question_coverage.powf(share) * reach.min(1.0).powf(1.0 - share),
            None => f32::INFINITY,
        };
        if self.top.len() == 5 && bound < self.top[4].score {
            return;
        }
        // Below the suggestion threshold entries are only shown to staff: a few suffice.
        if bound < tuning.suggest {
            if self.hopeless == BEST_EFFORT_SCORED {
                return;
            }
            self.hopeless += 1;
        }
        let (phrase_coverage, best_phrase) = self.matcher.best_phrase(entry, self.matched);
        let score =
            (question_coverage.powf(share) * phrase_coverage.powf(1.0 - share)).clamp(0.0, 1.0);
        self.top.push(Candidate {
            entry: entry as usize,
            score,
            question_coverage,
            phrase_coverage,
            best_phrase,
        });
        self.top
            .sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        self.top.truncate(5);
    }
}

/// Postings walked per question beyond those exactness needs (highest reach first), so that entries
/// below the suggestion threshold still show up for staff; on a small base this is every posting.
const BEST_EFFORT_POSTINGS: usize = 32;

/// Candidates scored per question once none can reach the suggestion threshold any more.
const BEST_EFFORT_SCORED: usize = 16;

/// Per-thread buffers for ranking, reused across questions so a question allocates little and
/// never clears an array the size of the knowledge base.
#[derive(Default)]
struct Scratch {
    /// Per entry (dense): the question during which it was last met.
    seen: Vec<u32>,
    question: u32,
}

impl Scratch {
    /// Starts a question, with no entry met yet.
    fn start(&mut self, entries: usize) {
        if self.seen.len() < entries {
            self.seen.resize(entries, 0);
        }
        self.question = self.question.wrapping_add(1);
        if self.question == 0 {
            self.seen.fill(0);
            self.question = 1;
        }
    }

    /// Whether this is the first time the question meets the entry.
    fn first_visit(&mut self, entry: u32) -> bool {
        let slot = &mut self.seen[entry as usize];
        let first = *slot != self.question;
        *slot = self.question;
        first
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry none of whose titles, aliases and questions has a word of the question scores 0
    /// (nothing of a phrase is covered), so the impact-ordered postings, which hold phrase words
    /// only, do not list it at all.
    #[test]
    fn a_word_found_only_in_answers_yields_no_candidate() {
        let kb = crate::knowledge::load_embedded().expect("the embedded knowledge base is valid");
        let matcher = Matcher::new(&kb);
        let index = matcher.index();
        let tokenizer = Tokenizer::default();
        let mut tried = 0;
        for term in 0..index.vocabulary_size() as TermId {
            let in_answers = (0..index.entry_count() as u32)
                .any(|e| index.field_in(e, term) == Some(Field::Answer));
            let stem = index.term_text(term);
            // A question of that one word, read back as the same term.
            let reads_back = matches!(tokenizer.tokens(stem).as_slice(), [t] if t.stem == stem);
            if !index.reach_postings(term).0.is_empty() || !in_answers || !reads_back {
                continue;
            }
            let result = matcher.find(stem);
            assert_eq!(result.terms[0].matches[0].term, term);
            assert!(result.candidates.is_empty(), "{stem}: {result:?}");
            assert_eq!(result.decision, Decision::Unknown);
            tried += 1;
        }
        assert!(tried > 10, "only {tried} answer-only words");
    }
}
