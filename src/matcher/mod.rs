//! Matching a free-text question to a knowledge entry, in any of the three languages, with typos,
//! in transliteration or on the wrong keyboard layout. It knows nothing of Telegram: it takes text
//! and returns ranked entries with a decision and the evidence for it.
//!
//! The pipeline, one module each:
//! 1. [`normalize`]: one form for the many ways of writing a word (scripts, marks, ZWNJ, ё).
//! 2. `query`: the question's words as weighted terms — stems, run-together and split words, spoken
//!    forms, misspelt stop words (which then weigh nothing), typos, and the thesaurus's synonyms.
//! 3. `rank`: each content word weighs its rarity (BM25 idf); a word the vocabulary has never seen
//!    weighs like a rare one, so a question mostly about something else ("Moscow metro opening
//!    hours") covers little of itself with any entry. An entry's score is the weighted geometric
//!    mean of how much of the question it covers and how much of its best phrase (title, alias or
//!    question) the question covers.
//! 4. `decision`: a logistic model over more evidence than the score decides to answer, suggest or
//!    decline; a general "what is X?" about a topic is at most suggested; `speaker`: a question
//!    about what a person said goes to the person, not to the meeting he spoke about.
//! 5. `reading`: when the question as written is read weakly, other readings are tried (another
//!    keyboard layout, Latin-script Russian or Persian) and the one the knowledge base supports best
//!    is kept.

mod decision;
mod general;
mod index;
mod layout;
mod named_kind;
mod normalize;
mod query;
mod rank;
mod reading;
mod speaker;
mod stopwords;
mod thesaurus;
mod translit;

pub use decision::{DecisionModel, Evidence, Example, FEATURES, MODEL, fit};
pub use index::{Field, Index, Phrase, PhraseRef, TermId, TermMatch, Via};
pub use layout::{Layout, layouts_to_try, retype};
pub use normalize::{Token, Tokenizer, normalize, stem_persian};
pub use query::FunctionWord;

use crate::knowledge::KnowledgeBase;
use crate::lang::Lang;

use general::EntryRoles;
use stopwords::FuzzyStopWords;
use thesaurus::Expansions;
use translit::TranslitIndex;

/// Longest questions are cut to this many content words: nobody asks with more, and it bounds the
/// work a 4,000-character message can cause.
const MAX_QUERY_TERMS: usize = 24;

/// Only the start of a question is read: Telegram caps messages at 4,096 characters, and the command
/// line should not let one pasted file cost more.
const MAX_QUESTION_CHARS: usize = 4096;

/// The scoring dials (the decision's are in [`DecisionModel`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Tuning {
    /// Candidates scoring at least this are ranked exactly; below it they are best effort (shown to
    /// staff only). No decision acts on a candidate under it.
    pub floor: f32,
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
            floor: 0.45,
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
    /// Match score in [0, 1].
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
    /// Offer the top candidates as "did you mean" (or, for a general question, as "in the
    /// programme").
    Suggest,
    /// Say honestly that the question is not covered.
    Unknown,
}

impl Decision {
    /// The decision's name in explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Answer => "answer",
            Decision::Suggest => "suggest",
            Decision::Unknown => "unknown",
        }
    }
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

/// How the question's text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// As written.
    AsWritten,
    /// Retyped as if the intended keyboard layout had been on.
    Layout(Layout),
    /// Latin-script Russian or Persian (`chto takoe`, `ki emza kard`), read word by word.
    Translit(Lang),
}

impl Rewrite {
    /// Every reading, for explanations' names.
    const ALL: [Rewrite; 9] = [
        Rewrite::AsWritten,
        Rewrite::Layout(Layout::RussianOnEnglish),
        Rewrite::Layout(Layout::PersianOnEnglish),
        Rewrite::Layout(Layout::PersianStandardOnEnglish),
        Rewrite::Layout(Layout::EnglishOnRussian),
        Rewrite::Layout(Layout::EnglishOnPersian),
        Rewrite::Layout(Layout::EnglishOnPersianStandard),
        Rewrite::Translit(Lang::Ru),
        Rewrite::Translit(Lang::Fa),
    ];

    /// The language this reading says the question is in, when it says one (Russian typed on the
    /// English layout is Russian whatever its letters).
    pub fn lang(self) -> Option<Lang> {
        match self {
            Rewrite::AsWritten => None,
            Rewrite::Layout(layout) => Some(layout.intended()),
            Rewrite::Translit(lang) => Some(lang),
        }
    }

    /// A stable name, for `why --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rewrite::AsWritten => "as_written",
            Rewrite::Layout(Layout::RussianOnEnglish) => "russian_on_english_layout",
            Rewrite::Layout(Layout::PersianOnEnglish) => "persian_on_english_layout",
            Rewrite::Layout(Layout::PersianStandardOnEnglish) => {
                "persian_standard_on_english_layout"
            }
            Rewrite::Layout(Layout::EnglishOnRussian) => "english_on_russian_layout",
            Rewrite::Layout(Layout::EnglishOnPersian) => "english_on_persian_layout",
            Rewrite::Layout(Layout::EnglishOnPersianStandard) => {
                "english_on_persian_standard_layout"
            }
            Rewrite::Translit(Lang::Ru) => "latin_script_russian",
            Rewrite::Translit(Lang::Fa) => "latin_script_persian",
            Rewrite::Translit(Lang::En) => "latin_script_english",
        }
    }

    /// A short description for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Rewrite::AsWritten => "as written",
            Rewrite::Layout(layout) => layout.label(),
            Rewrite::Translit(Lang::Ru) => "Russian in Latin letters",
            Rewrite::Translit(Lang::Fa) => "Persian in Latin letters (Finglish)",
            Rewrite::Translit(Lang::En) => "as written",
        }
    }

    /// The description of the reading named `name` (see [`Rewrite::as_str`]).
    pub fn describe_name(name: &str) -> &'static str {
        Rewrite::ALL
            .iter()
            .find(|r| r.as_str() == name)
            .map_or("as written", |r| r.describe())
    }
}

impl serde::Serialize for Rewrite {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The matcher's full verdict on a question.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchResult {
    pub decision: Decision,
    /// The probability that answering with the top candidate is right, 0 when there is none.
    pub confidence: f32,
    /// Best first; at most five.
    pub candidates: Vec<Candidate>,
    pub terms: Vec<QueryTerm>,
    /// Words read as misspelt stop words, which weigh nothing.
    pub function_words: Vec<FunctionWord>,
    /// The reading the decision is about.
    pub rewrite: Rewrite,
    /// The text as read, when a rewrite changed it.
    pub rewritten_text: Option<String>,
    /// The other readings tried, with their confidence, for explanations.
    pub other_readings: Vec<(Rewrite, f32)>,
    /// What the decision weighed.
    pub evidence: Evidence,
    /// A general-knowledge question ("what is biotechnology?", "who is the president of
    /// Russia?") whose topic the programme only touches: never answered, at most suggested.
    pub general: bool,
    /// A reported-speech question ("what did the ambassador say about …?") whose speaker's entry
    /// is first, put there before the entry on what was spoken about or already there.
    pub speaker_first: bool,
    /// A question asking which thing of a kind ("which fair…?", «что за бумагу…?») whose entry of
    /// that kind was put before a linked entry of another kind.
    pub kind_first: bool,
    /// The language of a question written in Latin letters whose function words are Russian or
    /// Persian ones (`kto`, `kie`), whatever reading answered it.
    pub latin_script_lang: Option<Lang>,
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
            function_words: Vec::new(),
            rewrite: Rewrite::AsWritten,
            rewritten_text: None,
            other_readings: Vec::new(),
            evidence: Evidence::default(),
            general: false,
            speaker_first: false,
            kind_first: false,
            latin_script_lang: None,
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

    /// The language the reading implies, if any: a rewrite's, or that of the Latin-script Russian
    /// or Persian function words of a question answered as written ("fursenko kie").
    pub fn lang(&self) -> Option<Lang> {
        self.rewrite.lang().or(self.latin_script_lang)
    }
}

/// The question matcher over one knowledge base.
pub struct Matcher {
    tokenizer: Tokenizer,
    index: Index,
    tuning: Tuning,
    model: DecisionModel,
    fuzzy_stop_words: FuzzyStopWords,
    roles: EntryRoles,
    expansions: Expansions,
    translit: TranslitIndex,
}

impl Matcher {
    /// Indexes a knowledge base with the calibrated tuning and decision.
    pub fn new(kb: &KnowledgeBase) -> Matcher {
        Matcher::with_tuning(kb, Tuning::default())
    }

    /// Indexes a knowledge base with explicit tuning, for calibration.
    pub fn with_tuning(kb: &KnowledgeBase, tuning: Tuning) -> Matcher {
        let tokenizer = Tokenizer::default();
        let index = Index::build(kb, &tokenizer);
        let expansions = Expansions::build(kb, &index, &tokenizer);
        let translit = reading::translit_index(&index);
        Matcher {
            tokenizer,
            index,
            tuning,
            model: MODEL,
            fuzzy_stop_words: FuzzyStopWords::default(),
            roles: EntryRoles::of(kb),
            expansions,
            translit,
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

    /// The decision model in force.
    pub fn model(&self) -> DecisionModel {
        self.model
    }

    /// Changes the decision model, for calibration.
    pub fn set_model(&mut self, model: DecisionModel) {
        self.model = model;
    }

    /// The index, for statistics and explanations.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Ranks one reading of a question and decides on it alone.
    fn find_reading(&self, text: &str, rewrite: Rewrite, rewritten: Option<String>) -> MatchResult {
        self.decide(text, self.read(text), rewrite, rewritten)
    }

    /// Ranks a question's terms and decides on them.
    fn decide(
        &self,
        text: &str,
        query: query::Query,
        rewrite: Rewrite,
        rewritten: Option<String>,
    ) -> MatchResult {
        let total_weight = query.total_weight();
        let mut candidates = if query.terms.is_empty() || total_weight <= 0.0 {
            Vec::new()
        } else {
            self.rank(&query.terms, total_weight)
        };
        candidates.retain(|c| c.score > 0.0);
        // The question's words in matching form, read once for the rules about its frame (reported
        // speech, definition questions); none is needed without a candidate.
        let normalised = if candidates.is_empty() {
            String::new()
        } else {
            normalize(text)
        };
        let words: Vec<&str> = normalised.split_whitespace().collect();
        // "Which fair did Fursenko speak at?" asks for the fair, though it reports speech.
        let asked_kind = self.asked_kind_candidate(&words, &candidates);
        let speaker_first =
            asked_kind.is_none() && self.speaker_first(&words, &query.terms, &mut candidates);
        // The evidence is the question's fit to the top entry before a linked entry of the kind
        // it asks which of goes first: the question is as well understood either way.
        let evidence = self.evidence(&query, &candidates, rewrite != Rewrite::AsWritten);
        if let Some(at) = asked_kind {
            candidates[..=at].rotate_right(1);
        }
        let kind_first = asked_kind.is_some();
        let general = self.is_general(&words, candidates.first());
        let top_score = candidates.first().map_or(0.0, |c| c.score);
        let confidence = if candidates.is_empty() {
            0.0
        } else {
            self.model.probability(&evidence)
        };
        let decision = if top_score < self.tuning.floor || confidence < self.model.suggest {
            Decision::Unknown
        } else if confidence >= self.model.answer && !general {
            Decision::Answer
        } else {
            Decision::Suggest
        };
        if decision == Decision::Suggest {
            let floor = self.tuning.floor;
            candidates.retain(|c| c.score >= floor);
        }
        MatchResult {
            decision,
            confidence,
            candidates,
            terms: query.terms,
            function_words: query.function_words,
            rewrite,
            rewritten_text: rewritten,
            other_readings: Vec::new(),
            evidence,
            general,
            speaker_first,
            kind_first,
            latin_script_lang: None,
        }
    }
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
            // The word as written (another reading of it is another question).
            let result = matcher.readings(stem).swap_remove(0);
            assert_eq!(result.terms[0].matches[0].term, term);
            // A synonym from the thesaurus may lead to phrases; the premise is about the word.
            if result.terms[0].matches.len() > 1 {
                continue;
            }
            assert!(result.candidates.is_empty(), "{stem}: {result:?}");
            assert_eq!(result.decision, Decision::Unknown);
            tried += 1;
        }
        assert!(tried > 10, "only {tried} answer-only words");
    }
}
