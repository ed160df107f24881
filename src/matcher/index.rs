//! The inverted index built once at load: a vocabulary of stems with their rarity, postings from stems
//! to entries, the phrases (titles, aliases, questions) each entry can be asked by, and a deletion
//! index that finds misspelt words' candidates without comparing against the whole vocabulary.

use std::collections::HashMap;

use crate::knowledge::{Details, Entry, KnowledgeBase};
use crate::lang::{Lang, Script};

use super::normalize::{Token, Tokenizer};

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

#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub entry: u32,
    /// The best field weight the term has in that entry.
    pub weight: f32,
}

/// The searchable form of a knowledge base.
pub struct Index {
    terms: HashMap<String, TermId>,
    term_text: Vec<String>,
    idf: Vec<f32>,
    postings: Vec<Vec<Posting>>,
    /// Misspellings are looked up among both stems and the words as written: a typo often changes
    /// what the stemmer makes of a word ("cybersecurty"), but rarely how close it is to the original.
    stem_spelling: Spelling,
    word_spelling: Spelling,
    phrases: Vec<Phrase>,
    phrase_terms: Vec<TermId>,
    /// `phrases[entry_phrases[e]..entry_phrases[e + 1]]` are entry `e`'s.
    entry_phrases: Vec<u32>,
    /// Each entry's lightest phrase weight: no phrase of the entry can be covered more than the
    /// question's matched weight over this, which bounds its score before it is computed.
    lightest_phrase: Vec<f32>,
    entry_count: usize,
}

/// A deletion index over a list of words, each leading to a vocabulary term.
#[derive(Default)]
struct Spelling {
    words: Vec<String>,
    lengths: Vec<u8>,
    terms: Vec<TermId>,
    exact: HashMap<String, u32>,
    deletes: HashMap<String, Vec<u32>>,
}

impl Spelling {
    fn add(&mut self, word: &str, term: TermId) {
        let len = word.chars().count();
        if self.exact.contains_key(word)
            || !(4..=MAX_FUZZY_WORD).contains(&len)
            || !word.chars().all(char::is_alphabetic)
        {
            return;
        }
        let id = self.words.len() as u32;
        for variant in deletion_variants(word) {
            self.deletes.entry(variant).or_default().push(id);
        }
        self.exact.insert(word.to_string(), id);
        self.words.push(word.to_string());
        self.lengths.push(len.min(255) as u8);
        self.terms.push(term);
    }

    /// Terms whose word is within `max_distance` edits of `word`: one-deletion variants of both sides
    /// meet for up to two edits; for two edits on the question's side alone, its two-deletion
    /// variants are looked up too. Each candidate is then verified with Damerau–Levenshtein.
    fn candidates(&self, word: &str, max_distance: usize, found: &mut Vec<TermMatch>) {
        let len = word.chars().count();
        let mut ids: Vec<u32> = Vec::new();
        let mut collect = |key: &str| {
            ids.extend(self.exact.get(key));
            if let Some(more) = self.deletes.get(key) {
                ids.extend_from_slice(more);
            }
        };
        collect(word);
        for variant in deletion_variants(word) {
            collect(&variant);
            if max_distance >= 2 {
                for second in deletion_variants(&variant) {
                    collect(&second);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let other_len = self.lengths[id as usize] as usize;
            if other_len.abs_diff(len) > max_distance {
                continue;
            }
            let distance = strsim::damerau_levenshtein(word, &self.words[id as usize]);
            if distance <= max_distance {
                found.push(TermMatch {
                    term: self.terms[id as usize],
                    similarity: 1.0 - distance as f32 / len.max(other_len) as f32,
                });
            }
        }
    }
}

/// Longer "words" (pasted URLs, keyboard mashing) are matched exactly or not at all: the two-deletion
/// lookup grows with the square of the length.
const MAX_FUZZY_WORD: usize = 24;

/// A vocabulary term that a question word matched, and how closely (1.0 exact, less for a typo).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermMatch {
    pub term: TermId,
    pub similarity: f32,
}

impl Index {
    /// Indexes every entry's titles, aliases, questions, details and answers in all languages.
    pub fn build(kb: &KnowledgeBase, tokenizer: &Tokenizer) -> Index {
        let mut builder = Builder::default();
        for (position, entry) in kb.entries().iter().enumerate() {
            builder.add_entry(position as u32, entry, tokenizer);
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

    /// Entries containing a term.
    pub fn postings(&self, term: TermId) -> &[Posting] {
        &self.postings[term as usize]
    }

    /// The phrases an entry can be asked by.
    pub fn phrases(&self, entry: u32) -> &[Phrase] {
        let e = entry as usize;
        &self.phrases[self.entry_phrases[e] as usize..self.entry_phrases[e + 1] as usize]
    }

    /// The weight of an entry's lightest phrase (infinite when it has none).
    pub fn lightest_phrase(&self, entry: u32) -> f32 {
        self.lightest_phrase[entry as usize]
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

/// Every string made by deleting one character: two words within edit distance two share a variant
/// (or one is a variant of the other), which is the symmetric-delete trick behind SymSpell.
fn deletion_variants(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

/// Okapi BM25's inverse document frequency: positive even for a word every entry uses.
fn idf(entry_count: usize, document_frequency: f32) -> f32 {
    let n = entry_count as f32;
    (1.0 + (n - document_frequency + 0.5) / (document_frequency + 0.5)).ln()
}

#[derive(Default)]
struct Builder {
    words: Vec<(String, TermId)>,
    terms: HashMap<String, TermId>,
    term_text: Vec<String>,
    postings: Vec<Vec<Posting>>,
    phrases: Vec<Vec<RawPhrase>>,
}

/// A phrase's terms before their rarity is known.
type RawPhrase = (Vec<TermId>, PhraseRef);

impl Builder {
    fn intern(&mut self, stem: String) -> TermId {
        if let Some(&id) = self.terms.get(&stem) {
            return id;
        }
        let id = self.term_text.len() as TermId;
        self.terms.insert(stem.clone(), id);
        self.term_text.push(stem);
        self.postings.push(Vec::new());
        id
    }

    fn add_entry(&mut self, position: u32, entry: &Entry, tokenizer: &Tokenizer) {
        let origin = |field, lang, ordinal: usize| PhraseRef {
            field,
            lang,
            ordinal: ordinal.min(usize::from(u16::MAX)) as u16,
        };
        let mut texts: Vec<(PhraseRef, &str)> = Vec::new();
        for (lang, title) in entry.title.iter() {
            texts.push((origin(Field::Title, lang, 0), title));
        }
        for (lang, aliases) in entry.aliases.iter() {
            let numbered = aliases.iter().enumerate();
            texts.extend(numbered.map(|(i, a)| (origin(Field::Alias, lang, i), a.as_str())));
        }
        for (lang, questions) in entry.questions.iter() {
            let numbered = questions.iter().enumerate();
            texts.extend(numbered.map(|(i, q)| (origin(Field::Question, lang, i), q.as_str())));
        }
        for (lang, answer) in entry.answer.iter() {
            texts.push((origin(Field::Answer, lang, 0), answer));
        }
        for (lang, detail) in detail_texts(&entry.details) {
            texts.push((origin(Field::Detail, lang, 0), detail));
        }

        let mut best: HashMap<TermId, f32> = HashMap::new();
        let mut phrases = Vec::new();
        for (origin, text) in texts {
            let field = origin.field;
            let terms: Vec<TermId> = tokenizer
                .tokens(text)
                .into_iter()
                .map(|token| {
                    let term = self.intern(token.stem);
                    self.words.push((token.word, term));
                    term
                })
                .collect();
            for &term in &terms {
                let weight = best.entry(term).or_insert(0.0);
                *weight = weight.max(field.weight());
            }
            if matches!(field, Field::Title | Field::Alias | Field::Question) && !terms.is_empty() {
                phrases.push((terms, origin));
            }
        }
        for (term, weight) in best {
            self.postings[term as usize].push(Posting {
                entry: position,
                weight,
            });
        }
        self.phrases.push(phrases);
    }

    fn finish(self, entry_count: usize) -> Index {
        let idf: Vec<f32> = self
            .postings
            .iter()
            .map(|p| idf(entry_count, p.len() as f32))
            .collect();
        let mut stem_spelling = Spelling::default();
        for (id, text) in self.term_text.iter().enumerate() {
            stem_spelling.add(text, id as TermId);
        }
        let mut word_spelling = Spelling::default();
        for (word, term) in &self.words {
            word_spelling.add(word, *term);
        }
        let mut phrases = Vec::new();
        let mut phrase_terms = Vec::new();
        let mut entry_phrases = vec![0u32];
        for entry_phrase_list in self.phrases {
            for (mut terms, origin) in entry_phrase_list {
                terms.sort_unstable();
                terms.dedup();
                let weight = terms.iter().map(|&t| idf[t as usize]).sum();
                phrases.push(Phrase {
                    weight,
                    origin,
                    terms_start: phrase_terms.len() as u32,
                    terms_len: terms.len().min(usize::from(u16::MAX)) as u16,
                });
                phrase_terms.extend(terms);
            }
            entry_phrases.push(phrases.len() as u32);
        }
        let lightest_phrase = entry_phrases
            .windows(2)
            .map(|w| {
                phrases[w[0] as usize..w[1] as usize]
                    .iter()
                    .map(|p: &Phrase| p.weight)
                    .filter(|&w| w > 0.0)
                    .fold(f32::INFINITY, f32::min)
            })
            .collect();
        Index {
            terms: self.terms,
            term_text: self.term_text,
            idf,
            postings: self.postings,
            stem_spelling,
            word_spelling,
            phrases,
            phrase_terms,
            entry_phrases,
            lightest_phrase,
            entry_count,
        }
    }
}

/// The free-text detail fields that name an entry's place, role or institution.
fn detail_texts(details: &Details) -> Vec<(Lang, &str)> {
    fn localized(l: &crate::knowledge::Localized<String>) -> Vec<(Lang, &str)> {
        l.iter().map(|(lang, text)| (lang, text.as_str())).collect()
    }
    match details {
        Details::Meeting(m) => {
            let mut texts = localized(&m.place);
            if let Some(event) = &m.event {
                texts.push((Lang::En, event.as_str()));
            }
            texts
        }
        Details::Agreement(a) => localized(&a.agreement_type),
        Details::FocusArea(_) => Vec::new(),
        Details::Contact(c) => localized(&c.role),
        Details::University(u) => {
            let mut texts = localized(&u.institution);
            texts.extend(localized(&u.status));
            texts
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_variants_drop_each_character_once() {
        assert_eq!(deletion_variants("abc"), vec!["bc", "ac", "ab"]);
    }

    #[test]
    fn rarer_words_weigh_more() {
        assert!(idf(100, 1.0) > idf(100, 50.0));
        assert!(idf(100, 100.0) > 0.0);
    }
}
