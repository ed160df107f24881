//! The inverted index built once at load: a vocabulary of stems with their rarity, each entry's terms
//! (a forward index), impact-ordered postings from stems to the entries whose phrases hold them, the
//! phrases (titles, aliases, questions) each entry can be asked by, and a deletion index that finds
//! misspelt words' candidates without comparing against the whole vocabulary.
//!
//! Everything is built once by [`Index::build`] and never changes: a reload builds a new index. So
//! the lists are flat arrays addressed by offsets (`start[i]..start[i + 1]`), not a vector per
//! entry or term, and a 100,000-entry base costs a few allocations, not millions. Three files:
//! - this one, the index's types and the lookups the matcher makes on it;
//! - `builder`, which collects the terms entry by entry and then works out the rarities, the phrase
//!   weights and the impact-ordered postings that need the counts;
//! - `spelling`, the deletion index behind [`Index::lookup`]'s typo matches.

use std::collections::HashMap;

use crate::knowledge::{Entry, KnowledgeBase};
use crate::lang::{Lang, Script};

use super::normalize::{Token, Tokenizer};

mod builder;
mod spelling;

use builder::Builder;
use spelling::{MAX_FUZZY_WORD, Spelling};

/// A stem's position in the vocabulary.
pub type TermId = u32;

/// Which part of an entry a word came from; names and questions say more than the answer's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Alias,
    Question,
    Detail,
    Answer,
}

impl Field {
    /// How much a match in this field counts towards an entry.
    pub fn weight(self) -> f32 {
        match self {
            Field::Title | Field::Alias => 1.0,
            Field::Question => 0.95,
            Field::Detail => 0.8,
            Field::Answer => 0.6,
        }
    }

    /// The field's name in explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Alias => "alias",
            Field::Question => "question",
            Field::Detail => "details",
            Field::Answer => "answer",
        }
    }
}

/// One way of naming or asking for an entry, kept whole so a match can be judged by how much of the
/// phrase the question covers. Its terms live in one flat array of the index (no per-phrase
/// allocation), and its text stays in the knowledge base, found again through [`PhraseRef`].
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    /// Sum of the terms' rarity: the phrase's total information.
    pub weight: f32,
    pub origin: PhraseRef,
    terms_start: u32,
    terms_len: u16,
}

/// Which title, alias or question of an entry a phrase is, to quote it in explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseRef {
    pub field: Field,
    pub lang: Lang,
    /// Position in the entry's list of that field and language (0 for the title).
    pub ordinal: u16,
}

impl PhraseRef {
    /// The phrase's text in `entry`.
    pub fn text<'a>(&self, entry: &'a Entry) -> Option<&'a str> {
        let ordinal = usize::from(self.ordinal);
        match self.field {
            Field::Title => Some(entry.title.get(self.lang).as_str()),
            Field::Alias => entry
                .aliases
                .get(self.lang)
                .get(ordinal)
                .map(String::as_str),
            Field::Question => entry
                .questions
                .get(self.lang)
                .get(ordinal)
                .map(String::as_str),
            Field::Detail | Field::Answer => None,
        }
    }
}

/// The searchable form of a knowledge base.
pub struct Index {
    terms: HashMap<String, TermId>,
    term_text: Vec<String>,
    idf: Vec<f32>,
    /// The forward index: `entry_terms[entry_terms_start[e]..entry_terms_start[e + 1]]` are entry
    /// `e`'s distinct terms, sorted, and the same range of `entry_fields` the field each weighs most
    /// in. Question coverage is worked out for the few candidate entries only, by binary search in
    /// these short lists, so no long posting list is walked for it.
    entry_terms_start: Vec<u32>,
    entry_terms: Vec<TermId>,
    entry_fields: Vec<Field>,
    /// Impact-ordered phrase postings: `reach_entries[reach_start[t]..reach_start[t + 1]]` are the
    /// entries with term `t` in a title, alias or question, by decreasing reach (same range of
    /// `reach`). See [`Index::reach_postings`].
    reach_start: Vec<u32>,
    reach_entries: Vec<u32>,
    reach: Vec<f32>,
    /// Misspellings are looked up among both stems and the words as written: a typo often changes
    /// what the stemmer makes of a word ("cybersecurty"), but rarely how close it is to the original.
    stem_spelling: Spelling,
    word_spelling: Spelling,
    phrases: Vec<Phrase>,
    phrase_terms: Vec<TermId>,
    /// `phrases[entry_phrases[e]..entry_phrases[e + 1]]` are entry `e`'s.
    entry_phrases: Vec<u32>,
    entry_count: usize,
    /// Every distinct normalised word of the knowledge base with its term (`None` for a stop word):
    /// what splitting and joining a question's words, and transliteration, check against.
    surface: HashMap<String, Option<TermId>>,
    /// The content words of `surface`, sorted, for finding the words a clipped one begins
    /// (`кибербез`, `универ`).
    sorted_words: Vec<(String, TermId)>,
    /// Words the knowledge base writes with a hyphen or ZWNJ (`e-commerce`, `تفاهم‌نامه`), run
    /// together as users often type them (`ecommerce`, `تفاهمنامه`), with their parts' terms.
    joined: HashMap<String, Vec<TermId>>,
}

/// A vocabulary term that a question word matched, how closely (1.0 exact, less for a typo or a
/// looser reading) and by what reading of the word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermMatch {
    pub term: TermId,
    pub similarity: f32,
    pub via: Via,
}

/// How a question word reached a vocabulary term, for explanations and for weighing the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The word's stem is in the vocabulary.
    Exact,
    /// A misspelling, found by edit distance.
    Typo,
    /// A spoken or diminutive form reduced to the written one (`دانشگاهشون`, `документик`).
    Reduced,
    /// Written as one word where the knowledge base has two, or the reverse (`ecommerce`,
    /// `cyber security`, `تفاهمنامه`).
    Compound,
    /// A word the thesaurus (`knowledge/synonyms.json`) makes interchangeable with it.
    Synonym,
    /// A Latin-script spelling of a Russian or Persian word (`vstrecha`, `daneshgah`).
    Translit,
}

impl Index {
    /// Indexes every entry's titles, aliases, questions, details and answers in all languages.
    pub fn build(kb: &KnowledgeBase, tokenizer: &Tokenizer) -> Index {
        let mut builder = Builder::default();
        for entry in kb.entries() {
            builder.add_entry(entry, tokenizer);
        }
        builder.finish(kb.len())
    }

    /// Number of entries indexed.
    pub fn entry_count(&self) -> usize {
        self.entry_count
    }

    /// Number of distinct stems.
    pub fn vocabulary_size(&self) -> usize {
        self.term_text.len()
    }

    /// How informative a term is: high for words few entries use.
    pub fn idf(&self, term: TermId) -> f32 {
        self.idf[term as usize]
    }

    /// The stem of a term.
    pub fn term_text(&self, term: TermId) -> &str {
        &self.term_text[term as usize]
    }

    /// The field a term weighs most in within an entry, if the entry uses the term at all.
    pub fn field_in(&self, entry: u32, term: TermId) -> Option<Field> {
        let e = entry as usize;
        let range = self.entry_terms_start[e] as usize..self.entry_terms_start[e + 1] as usize;
        let at = self.entry_terms[range.clone()].binary_search(&term).ok()?;
        Some(self.entry_fields[range.start + at])
    }

    /// The entries having a term in a title, alias or question, with the term's reach in each, by
    /// decreasing reach.
    ///
    /// A term's reach in an entry is the most of one of the entry's phrases that a question can cover
    /// when this term is the heaviest of the phrase's terms it contains: the rarity of the term and of
    /// every lighter term of the phrase over the phrase's total (the best such share over the entry's
    /// phrases holding the term). So a question covers a share `τ` of some phrase of an entry only
    /// if one of its terms has reach at least `τ` there (the prefix filter of set-similarity joins),
    /// and the entry's phrase coverage is at most the highest reach of the question's terms in it.
    /// A common word is usually one of a phrase's lighter words, with a small reach: walking the
    /// postings only while the reach can matter skips most of a common word's entries.
    pub fn reach_postings(&self, term: TermId) -> (&[u32], &[f32]) {
        let t = term as usize;
        let range = self.reach_start[t] as usize..self.reach_start[t + 1] as usize;
        (&self.reach_entries[range.clone()], &self.reach[range])
    }

    /// The phrases an entry can be asked by.
    pub fn phrases(&self, entry: u32) -> &[Phrase] {
        let e = entry as usize;
        &self.phrases[self.entry_phrases[e] as usize..self.entry_phrases[e + 1] as usize]
    }

    /// The distinct terms of a phrase, sorted.
    pub fn phrase_terms(&self, phrase: &Phrase) -> &[TermId] {
        let start = phrase.terms_start as usize;
        &self.phrase_terms[start..start + usize::from(phrase.terms_len)]
    }

    /// The weight of a word the vocabulary has never seen: as informative as a word used by `share` of
    /// the entries, so an unknown word dilutes a match without vetoing it.
    pub fn unknown_word_weight(&self, share: f32) -> f32 {
        idf(self.entry_count, (self.entry_count as f32 * share).max(1.0))
    }

    /// Vocabulary terms matching a word: its stem's term when there is one, otherwise the closest terms
    /// by stem or by written form, within the edit distance allowed for the length (1 up to 7
    /// letters, 2 from 8; none under 4 letters), best first, at most three.
    pub fn lookup(&self, token: &Token) -> Vec<TermMatch> {
        if let Some(&term) = self.terms.get(&token.stem) {
            return vec![TermMatch {
                term,
                similarity: 1.0,
                via: Via::Exact,
            }];
        }
        if token.script == Script::Other {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (spelling, word) in [
            (&self.stem_spelling, &token.stem),
            (&self.word_spelling, &token.word),
        ] {
            let len = word.chars().count();
            if (4..=MAX_FUZZY_WORD).contains(&len) {
                spelling.candidates(word, if len <= 7 { 1 } else { 2 }, &mut found);
            }
        }
        found.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.term.cmp(&b.term))
        });
        let mut seen = Vec::new();
        found.retain(|m| {
            let fresh = !seen.contains(&m.term);
            seen.push(m.term);
            fresh
        });
        found.truncate(3);
        found
    }
}

impl Index {
    /// The term of a stem, if the vocabulary has it.
    pub fn term_of(&self, stem: &str) -> Option<TermId> {
        self.terms.get(stem).copied()
    }

    /// Whether the knowledge base writes this normalised word: `Some(Some(term))` for a content
    /// word, `Some(None)` for one of its stop words, `None` for a word it never uses.
    pub fn surface(&self, word: &str) -> Option<Option<TermId>> {
        self.surface.get(word).copied()
    }

    /// The normalised words the knowledge base writes, with their terms (stop words have none).
    pub fn surface_words<'a>(&'a self) -> impl Iterator<Item = (&'a str, Option<TermId>)> + 'a {
        self.surface
            .iter()
            .map(|(word, term)| (word.as_str(), *term))
    }

    /// The terms of the words beginning with `prefix`, at most `limit` of them (`None` when more
    /// words than that begin so: the prefix says too little).
    pub fn completions(&self, prefix: &str, limit: usize) -> Option<Vec<TermId>> {
        let start = self
            .sorted_words
            .partition_point(|(word, _)| word.as_str() < prefix);
        let mut terms: Vec<TermId> = Vec::new();
        for (word, term) in &self.sorted_words[start..] {
            if !word.starts_with(prefix) {
                break;
            }
            if !terms.contains(term) {
                if terms.len() == limit {
                    return None;
                }
                terms.push(*term);
            }
        }
        Some(terms)
    }

    /// The terms of a word the knowledge base writes hyphenated or with ZWNJ, run together.
    pub fn joined(&self, word: &str) -> &[TermId] {
        self.joined.get(word).map_or(&[], Vec::as_slice)
    }
}

/// Okapi BM25's inverse document frequency: positive even for a word every entry uses.
fn idf(entry_count: usize, document_frequency: f32) -> f32 {
    let n = entry_count as f32;
    (1.0 + (n - document_frequency + 0.5) / (document_frequency + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_weigh_more() {
        assert!(idf(100, 1.0) > idf(100, 50.0));
        assert!(idf(100, 100.0) > 0.0);
    }
}
