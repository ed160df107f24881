//! Ranking the entries for a question's terms: impact-ordered postings walked while an unseen entry
//! could still matter, a rising score floor, and per-thread scratch so a question allocates little.

use super::index::{PhraseRef, TermId};
use super::{Candidate, Matcher, QueryTerm};

impl Matcher {
    /// The best five entries for a question's terms, exact for every entry scoring at least the
    /// tuning's `floor`.
    ///
    /// The work is bounded without changing any candidate that reaches the floor. An entry's score
    /// is at most its phrase coverage to the power `1 - question_share`, so only entries with a
    /// phrase the question can cover enough are candidates: they are found through impact-ordered
    /// postings ([`super::Index::reach_postings`]), merged by decreasing reach and walked only while an
    /// entry not yet met could still reach the floor, or the fifth best score once five entries
    /// pass it. This passes over most of a common word's entries. Each entry met gets its question
    /// coverage, and its exact phrase coverage only if the score bound these give can still matter.
    pub(super) fn rank(&self, terms: &[QueryTerm], total_weight: f32) -> Vec<Candidate> {
        // A question word covers at most its own information of a phrase: a synonym or typo match
        // to a rarer word ("meeting" → "session") counts that word's rarity only up to the
        // question word's weight.
        let mut matched: Vec<(TermId, f32)> = terms
            .iter()
            .flat_map(|t| {
                t.matches.iter().map(|m| {
                    let cap = (t.weight / self.index.idf(m.term)).min(1.0);
                    (m.term, m.similarity * cap)
                })
            })
            .collect();
        matched.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        matched.dedup_by_key(|m| m.0);
        WEIGHTS.with(|weights| {
            let mut weights = weights.borrow_mut();
            weights.set(self.index.vocabulary_size(), &matched, |t| {
                self.index.idf(t)
            });
            let top = self.rank_matched(terms, total_weight, &matched, &weights.by_term);
            weights.clear(&matched);
            top
        })
    }

    /// [`Matcher::rank`] once the question's matched terms are known, with `weights` holding each
    /// matched term's weight in a phrase (similarity × idf) by term id, 0 for every other term.
    fn rank_matched(
        &self,
        terms: &[QueryTerm],
        total_weight: f32,
        matched: &[(TermId, f32)],
        weights: &[f32],
    ) -> Vec<Candidate> {
        let share = self.tuning.question_share;
        let suggest = self.tuning.floor; // the score below which exactness is not needed
        let mut ranking = Ranking {
            matcher: self,
            terms,
            total_weight,
            weights,
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
                    // entries below the floor for staff.
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

    fn best_phrase(&self, entry: u32, weights: &[f32]) -> (f32, Option<PhraseRef>) {
        let mut best = (0.0f32, None);
        for phrase in self.index.phrases(entry) {
            if phrase.weight <= 0.0 {
                continue;
            }
            let covered: f32 = self
                .index
                .phrase_terms(phrase)
                .iter()
                .map(|&t| weights.get(t as usize).copied().unwrap_or(0.0))
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
    /// The weight in a phrase of each term the question matched, by term id (0 for the rest).
    weights: &'a [f32],
    /// Best first.
    top: Vec<Candidate>,
    /// How many entries that could not reach the floor were scored.
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
        // Below the floor entries are only shown to staff: a few suffice.
        if bound < tuning.floor {
            if self.hopeless == BEST_EFFORT_SCORED {
                return;
            }
            self.hopeless += 1;
        }
        let (phrase_coverage, best_phrase) = self.matcher.best_phrase(entry, self.weights);
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
/// below the floor still show up for staff; on a small base this is every posting.
const BEST_EFFORT_POSTINGS: usize = 32;

/// Candidates scored per question once none can reach the floor any more.
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

/// A dense table of the current question's term weights, so that scoring a phrase looks each of
/// its terms up in one step. Only the question's own terms are set, and reset after it, so no
/// question clears an array the size of the vocabulary.
#[derive(Default)]
struct TermWeights {
    by_term: Vec<f32>,
}

impl TermWeights {
    /// Sets each matched term's weight (its similarity × idf), growing the table to the vocabulary.
    fn set(&mut self, vocabulary: usize, matched: &[(TermId, f32)], idf: impl Fn(TermId) -> f32) {
        if self.by_term.len() < vocabulary {
            self.by_term.resize(vocabulary, 0.0);
        }
        for &(term, similarity) in matched {
            if let Some(slot) = self.by_term.get_mut(term as usize) {
                *slot = similarity * idf(term);
            }
        }
    }

    /// Back to all zeros after a question.
    fn clear(&mut self, matched: &[(TermId, f32)]) {
        for &(term, _) in matched {
            if let Some(slot) = self.by_term.get_mut(term as usize) {
                *slot = 0.0;
            }
        }
    }
}

thread_local! {
    static WEIGHTS: std::cell::RefCell<TermWeights> = std::cell::RefCell::new(TermWeights::default());
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}
