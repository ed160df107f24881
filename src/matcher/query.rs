//! Reading a question: from its text to the weighted terms the ranking scores.
//!
//! Each word goes through a chain of readings, the most literal first, and keeps the first that the
//! knowledge base supports: its stem as written; a word the knowledge base writes hyphenated or with
//! ZWNJ, run together (`ecommerce`); a spoken or diminutive form reduced to the written one
//! (`دانشگاهشون`, `документик`); a misspelt stop word (`wat`, `што`, `کجاس`), which then weighs
//! nothing; a misspelling of a vocabulary word; two words run together (`тех парк`→ no, but
//! `чтото`, `technologypark`). Two words the knowledge base writes as one (`cyber security`) are
//! joined first. Then the thesaurus adds each word's interchangeable words, weighted below it.

use crate::lang::Script;

use super::index::{TermId, TermMatch, Via};
use super::normalize::{Token, normalize, stem_persian};
use super::stopwords::is_stop_word;
use super::{MAX_QUERY_TERMS, MAX_QUESTION_CHARS, Matcher, QueryTerm};

/// How close a reduced spoken form counts: nearly the word itself.
const REDUCED_SIMILARITY: f32 = 0.95;

/// Clipped words are read from this many letters: shorter beginnings are shared by too many words.
const MIN_CLIPPED: usize = 5;

/// A clipped word leads to at most this many terms.
const MAX_COMPLETIONS: usize = 3;

/// How close a clipped word counts.
const CLIPPED_SIMILARITY: f32 = 0.85;

/// A question word read as a stop word despite a typo, shown by `/why`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FunctionWord {
    /// The word as normalised.
    pub word: String,
    /// The stop word it was taken for.
    pub read_as: String,
}

/// A question as terms, with the words that were set aside as misspelt function words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub terms: Vec<QueryTerm>,
    pub function_words: Vec<FunctionWord>,
    /// A word the vocabulary does not know is written as a name (capitalised inside the
    /// sentence, or in capitals): "Кто посол США", "the next CES". Another entity than the
    /// programme's is what such a question is about.
    pub unknown_name: bool,
}

impl Query {
    /// The sum of the terms' weights: the question's information.
    pub fn total_weight(&self) -> f32 {
        self.terms.iter().map(|t| t.weight).sum()
    }
}

/// The start of a question that is read, at most [`MAX_QUESTION_CHARS`] characters.
pub(super) fn clipped(question: &str) -> &str {
    match question.char_indices().nth(MAX_QUESTION_CHARS) {
        Some((cut, _)) => &question[..cut],
        None => question,
    }
}

/// What one question word turned out to be.
enum Reading {
    Stop(Option<&'static str>),
    Terms(Vec<(Token, Vec<TermMatch>)>),
}

impl Matcher {
    /// Reads a question into weighted terms (see the module documentation for the chain).
    pub(super) fn read(&self, question: &str) -> Query {
        let question = clipped(question);
        let normalised = normalize(question);
        let words: Vec<&str> = normalised.split_whitespace().collect();
        let mut query = Query::default();
        let mut seen: Vec<String> = Vec::new();
        let mut at = 0;
        while at < words.len() && query.terms.len() < MAX_QUERY_TERMS {
            let (reading, used) = self.read_at(&words, at);
            at += used;
            let found = match reading {
                Reading::Stop(Some(read_as)) => {
                    query.function_words.push(FunctionWord {
                        word: words[at - used].to_string(),
                        read_as: read_as.to_string(),
                    });
                    continue;
                }
                Reading::Stop(None) => continue,
                Reading::Terms(found) => found,
            };
            for (token, matches) in found {
                if seen.contains(&token.stem) || query.terms.len() == MAX_QUERY_TERMS {
                    continue;
                }
                seen.push(token.stem.clone());
                query.terms.push(self.term(token, matches));
            }
        }
        self.expand_synonyms(&mut query);
        let names = written_as_names(question);
        query.unknown_name = query
            .terms
            .iter()
            .any(|t| t.matches.is_empty() && names.contains(&t.token.word));
        query
    }

    /// A question word with what it matched, weighing what its rarest match weighs.
    pub(super) fn term(&self, token: Token, matches: Vec<TermMatch>) -> QueryTerm {
        let weight = self.weight_of(&matches);
        QueryTerm {
            token,
            matches,
            weight,
        }
    }

    /// How much a term with these matches weighs: its rarest match's rarity, or an unknown word's.
    pub(super) fn weight_of(&self, matches: &[TermMatch]) -> f32 {
        matches
            .iter()
            .map(|m| self.index.idf(m.term))
            .fold(None, |best: Option<f32>, idf| {
                Some(best.map_or(idf, |b| b.max(idf)))
            })
            .unwrap_or_else(|| {
                self.index
                    .unknown_word_weight(self.tuning.unknown_word_share)
            })
    }

    /// Reads the word at `at`, or it and the next one run together; returns how many words it took.
    fn read_at(&self, words: &[&str], at: usize) -> (Reading, usize) {
        let word = words[at];
        let Some(token) = self.tokenizer.token(word) else {
            return (Reading::Stop(None), 1);
        };
        if let Some(&next) = words.get(at + 1)
            && let Some(joined) = self.join(word, next)
        {
            return (Reading::Terms(vec![joined]), 2);
        }
        (self.read_word(token), 1)
    }

    /// Two words the knowledge base writes as one (`cyber security` for `cybersecurity`), when
    /// read apart at least one of them means nothing to it.
    fn join(&self, word: &str, next: &str) -> Option<(Token, Vec<TermMatch>)> {
        let known = |w: &str| {
            self.tokenizer
                .token(w)
                .is_none_or(|t| self.index.term_of(&t.stem).is_some())
        };
        if known(word) && known(next) {
            return None;
        }
        let together = format!("{word}{next}");
        let term = self.index.surface(&together).flatten()?;
        let token = self.tokenizer.token(&together)?;
        Some((token, vec![matched(term, 1.0, Via::Compound)]))
    }

    /// One word through the chain of readings.
    fn read_word(&self, token: Token) -> Reading {
        if let Some(term) = self.index.term_of(&token.stem) {
            return Reading::Terms(vec![(token, vec![matched(term, 1.0, Via::Exact)])]);
        }
        let parts = self.index.joined(&token.word);
        if !parts.is_empty() {
            let matches = parts
                .iter()
                .map(|&term| matched(term, 1.0, Via::Compound))
                .collect();
            return Reading::Terms(vec![(token, matches)]);
        }
        if let Some(term) = self.reduced(&token) {
            return Reading::Terms(vec![(
                token,
                vec![matched(term, REDUCED_SIMILARITY, Via::Reduced)],
            )]);
        }
        if let Some(stop) = self.fuzzy_stop_words.correct(&token.word) {
            return Reading::Stop(Some(stop));
        }
        let typos = self.index.lookup(&token);
        if !typos.is_empty() {
            return Reading::Terms(vec![(token, typos)]);
        }
        let clipped = self.clipped(&token.word);
        if !clipped.is_empty() {
            return Reading::Terms(vec![(token, clipped)]);
        }
        if let Some(parts) = self.split(&token.word) {
            return parts;
        }
        // Two letters the knowledge base never uses ("hw", "ur") are shorthand or a slip, not a
        // rare word about something else.
        if token.word.chars().count() <= 2 {
            return Reading::Stop(None);
        }
        Reading::Terms(vec![(token, Vec::new())])
    }

    /// The vocabulary term of a spoken or diminutive form: Persian colloquial endings (`-مون`,
    /// `-تون`, `-شون`, the enclitic `-ه`, `-ش`, the object marker `-و`), Russian diminutive
    /// suffixes (`-ик`, `-чик`, `-очк-`, `-ушк-`), tried only when the word as written is unknown.
    fn reduced(&self, token: &Token) -> Option<TermId> {
        match token.script {
            Script::Arabic => {
                const ENDINGS: [&str; 10] = [
                    "هاشون",
                    "هامون",
                    "هاتون",
                    "شون",
                    "مون",
                    "تون",
                    "ه",
                    "ش",
                    "و",
                    "م",
                ];
                ENDINGS.iter().find_map(|ending| {
                    let base = token.word.strip_suffix(ending)?;
                    (base.chars().count() >= 2)
                        .then(|| self.index.term_of(&stem_persian(base)))
                        .flatten()
                })
            }
            Script::Cyrillic => {
                const DIMINUTIVE: [&str; 11] = [
                    "очк", "ечк", "ушк", "юшк", "оньк", "еньк", "чик", "ик", "ок", "ек", "к",
                ];
                DIMINUTIVE.iter().find_map(|suffix| {
                    let base = token.stem.strip_suffix(suffix)?;
                    (base.chars().count() >= 3)
                        .then(|| self.index.term_of(base))
                        .flatten()
                })
            }
            Script::Latin | Script::Other => None,
        }
    }

    /// A clipped word (`кибербез` for `кибербезопасность`, `универ`, `تکنو`): the terms of the few
    /// knowledge-base words it begins, when it is long enough to say something.
    fn clipped(&self, word: &str) -> Vec<TermMatch> {
        if word.chars().count() < MIN_CLIPPED {
            return Vec::new();
        }
        self.index
            .completions(word, MAX_COMPLETIONS)
            .unwrap_or_default()
            .into_iter()
            .map(|term| matched(term, CLIPPED_SIMILARITY, Via::Reduced))
            .collect()
    }

    /// Two words run together (`чтото`, `technologypark`, `تفاهمنامه`): the first split whose both
    /// halves the knowledge base writes or are stop words.
    fn split(&self, word: &str) -> Option<Reading> {
        let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        if bounds.len() < 5 || bounds.len() > 24 {
            return None;
        }
        let known = |part: &str| {
            self.index.surface(part).is_some()
                || part
                    .chars()
                    .next()
                    .is_some_and(|c| is_stop_word(part, crate::lang::script_of(c)))
        };
        for &cut in &bounds[2..bounds.len() - 1] {
            let (left, right) = word.split_at(cut);
            if !(known(left) && known(right)) {
                continue;
            }
            let mut found = Vec::new();
            for part in [left, right] {
                let Some(token) = self.tokenizer.token(part) else {
                    continue;
                };
                if let Some(term) = self.index.term_of(&token.stem) {
                    found.push((token, vec![matched(term, 1.0, Via::Compound)]));
                }
            }
            return Some(if found.is_empty() {
                Reading::Stop(None)
            } else {
                Reading::Terms(found)
            });
        }
        None
    }
}

/// The normalised forms of the words written as names: in capitals (two letters or more), or
/// capitalised anywhere but at the start of a sentence.
fn written_as_names(question: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut sentence_start = true;
    for raw in question.split_whitespace() {
        let (mut letters, mut capitals) = (0, 0);
        let mut capitalised = false;
        for c in raw.chars().filter(|c| c.is_alphabetic()) {
            if letters == 0 {
                capitalised = c.is_uppercase();
            }
            letters += 1;
            capitals += usize::from(c.is_uppercase());
        }
        let all_caps = letters >= 2 && capitals == letters;
        if all_caps || (capitalised && !sentence_start) {
            names.extend(normalize(raw).split_whitespace().map(str::to_string));
        }
        sentence_start = raw.ends_with(['.', '?', '!', '؟', ':']);
    }
    names
}

/// A match of a term.
pub(super) fn matched(term: TermId, similarity: f32, via: Via) -> TermMatch {
    TermMatch {
        term,
        similarity,
        via,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::load_embedded;

    fn matcher() -> Matcher {
        Matcher::new(&load_embedded().expect("the embedded knowledge base is valid"))
    }

    /// The vocabulary terms a question's words reached, with how.
    fn reached(matcher: &Matcher, question: &str) -> Vec<(String, Via)> {
        matcher
            .read(question)
            .terms
            .iter()
            .flat_map(|t| t.matches.iter())
            .map(|m| (matcher.index.term_text(m.term).to_string(), m.via))
            .collect()
    }

    #[test]
    fn a_word_written_without_its_hyphen_is_the_hyphenated_word() {
        let m = matcher();
        // The knowledge base writes "Knowledge-Based" only with its hyphen.
        let together = reached(&m, "knowledgebased");
        let hyphenated = reached(&m, "knowledge-based");
        for (term, _) in &hyphenated {
            assert!(
                together.contains(&(term.clone(), Via::Compound)),
                "{together:?}"
            );
        }
    }

    #[test]
    fn persian_written_without_zwnj_splits_into_the_knowledge_bases_words() {
        let m = matcher();
        let found = reached(&m, "تفاهمنامه");
        let joined = reached(&m, "تفاهم‌نامه");
        for (term, _) in &joined {
            assert!(
                found.iter().any(|(t, _)| t == term),
                "{found:?} lacks {term}"
            );
        }
    }

    #[test]
    fn run_together_stop_words_weigh_nothing() {
        let m = matcher();
        assert!(m.read("чтото").terms.is_empty());
        assert!(m.read("whereis").terms.is_empty());
    }

    #[test]
    fn misspelt_question_words_are_set_aside_in_every_language() {
        let m = matcher();
        for (question, typo) in [("wat is pardis", "wat"), ("што такое пардис", "што")]
        {
            let query = m.read(question);
            assert!(
                query.function_words.iter().any(|f| f.word == typo),
                "{question}: {query:?}"
            );
            assert_eq!(query.terms.len(), 1, "{question}");
        }
        let persian = m.read("پردیس کجاس");
        assert_eq!(persian.terms.len(), 1, "{persian:?}");
    }

    #[test]
    fn spoken_persian_endings_reduce_to_the_written_word() {
        let m = matcher();
        let spoken = reached(&m, "دانشگاهشون");
        let written = reached(&m, "دانشگاه");
        assert_eq!(spoken[0].0, written[0].0);
        assert_eq!(spoken[0].1, Via::Reduced);
    }

    #[test]
    fn a_clipped_word_reaches_the_word_it_begins() {
        let m = matcher();
        let clipped = reached(&m, "кибербез");
        let whole = reached(&m, "кибербезопасность");
        assert!(
            clipped.iter().any(|(t, _)| *t == whole[0].0),
            "{clipped:?} {whole:?}"
        );
    }

    #[test]
    fn two_words_the_knowledge_base_writes_as_one_are_joined() {
        let m = matcher();
        let apart = reached(&m, "cyber security");
        let one = reached(&m, "cybersecurity");
        assert!(apart.iter().any(|(t, _)| *t == one[0].0), "{apart:?}");
    }

    #[test]
    fn unknown_two_letter_shorthand_weighs_nothing() {
        let m = matcher();
        assert_eq!(m.read("hw pardis").terms.len(), 1);
    }

    #[test]
    fn an_unknown_capitalised_word_is_taken_for_another_name() {
        let m = matcher();
        assert!(m.read("Кто посол США в России?").unknown_name);
        assert!(!m.read("кто посол ирана в россии").unknown_name);
    }
}
