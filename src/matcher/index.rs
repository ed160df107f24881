//! The inverted index built once at load: a vocabulary of stems with their rarity, each entry's terms
//! (a forward index), impact-ordered postings from stems to the entries whose phrases hold them, the
//! phrases (titles, aliases, questions) each entry can be asked by, and a deletion index that finds
//! misspelt words' candidates without comparing against the whole vocabulary.

use std::collections::{HashMap, HashSet};

use crate::knowledge::{Entry, KnowledgeBase};
use crate::lang::{Lang, Script};

use super::normalize::{Token, Tokenizer, normalize};

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

/// Stored reaches are raised by this factor (capped at 1): a reach is summed in another order than
/// the phrase coverage it bounds, and a bound a rounding error too low could drop an exact result.
const REACH_SLACK: f32 = 1.0 + 1e-4;

/// A deletion index over a list of words, each leading to a vocabulary term.
#[derive(Default)]
struct Spelling {
    words: Vec<String>,
    lengths: Vec<u8>,
    terms: Vec<TermId>,
    /// The hash of every word and of each of its one-deletion variants, sorted, with the word each
    /// came from in `ids`: 12 bytes and no allocation per variant. Two strings sharing a hash only
    /// add a candidate that the edit-distance check rejects, so results are exact.
    keys: Vec<u64>,
    ids: Vec<u32>,
}

impl Spelling {
    /// The words whose own hash or a one-deletion variant's is `key`.
    fn ids_of(&self, key: u64) -> &[u32] {
        let start = self.keys.partition_point(|&k| k < key);
        let len = self.keys[start..].partition_point(|&k| k == key);
        &self.ids[start..start + len]
    }

    /// Terms whose word is within `max_distance` edits of `word`: one-deletion variants of both sides
    /// meet for up to two edits; for two edits on the question's side alone, its two-deletion
    /// variants are looked up too. Each candidate is then verified with Damerau–Levenshtein.
    fn candidates(&self, word: &str, max_distance: usize, found: &mut Vec<TermMatch>) {
        let chars: Vec<char> = word.chars().collect();
        let len = chars.len();
        let mut ids: Vec<u32> = Vec::new();
        ids.extend_from_slice(self.ids_of(hash_without(&chars, None, None)));
        for first in 0..len {
            ids.extend_from_slice(self.ids_of(hash_without(&chars, Some(first), None)));
            if max_distance >= 2 {
                for second in first + 1..len {
                    let key = hash_without(&chars, Some(first), Some(second));
                    ids.extend_from_slice(self.ids_of(key));
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
                    via: Via::Typo,
                });
            }
        }
    }
}

/// Collects a [`Spelling`]: words are deduplicated exactly here, then the hashed rows are sorted.
#[derive(Default)]
struct SpellingBuilder {
    spelling: Spelling,
    seen: HashSet<String>,
    rows: Vec<(u64, u32)>,
    chars: Vec<char>,
}

impl SpellingBuilder {
    fn add(&mut self, word: &str, term: TermId) {
        self.chars.clear();
        self.chars.extend(word.chars());
        let len = self.chars.len();
        if !(4..=MAX_FUZZY_WORD).contains(&len)
            || !self.chars.iter().all(|c| c.is_alphabetic())
            || self.seen.contains(word)
        {
            return;
        }
        let id = self.spelling.words.len() as u32;
        self.rows.push((hash_without(&self.chars, None, None), id));
        for skip in 0..len {
            self.rows
                .push((hash_without(&self.chars, Some(skip), None), id));
        }
        self.seen.insert(word.to_string());
        self.spelling.words.push(word.to_string());
        self.spelling.lengths.push(len.min(255) as u8);
        self.spelling.terms.push(term);
    }

    fn finish(mut self) -> Spelling {
        self.rows.sort_unstable();
        self.rows.dedup();
        self.spelling.keys = self.rows.iter().map(|r| r.0).collect();
        self.spelling.ids = self.rows.iter().map(|r| r.1).collect();
        self.spelling
    }
}

/// A 64-bit FNV-1a hash of `chars` without the characters at positions `skip` and `also` (a
/// deletion variant), computed without building the shorter string.
fn hash_without(chars: &[char], skip: Option<usize>, also: Option<usize>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &c) in chars.iter().enumerate() {
        if Some(i) == skip || Some(i) == also {
            continue;
        }
        for byte in u32::from(c).to_le_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Longer "words" (pasted URLs, keyboard mashing) are matched exactly or not at all: the two-deletion
/// lookup grows with the square of the length.
const MAX_FUZZY_WORD: usize = 24;

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

/// A word found only in entries' alternate questions ("coming", "happen", "purpose") is how people
/// phrase a question, not what it is about: it never names, describes or answers anything. On a
/// small knowledge base such a word is used by one entry and would weigh like a name; this scales
/// its rarity down.
const QUESTION_ONLY_WEIGHT: f32 = 0.4;

/// Okapi BM25's inverse document frequency: positive even for a word every entry uses.
fn idf(entry_count: usize, document_frequency: f32) -> f32 {
    let n = entry_count as f32;
    (1.0 + (n - document_frequency + 0.5) / (document_frequency + 0.5)).ln()
}

/// Collects the index entry by entry; rarities, phrase weights and reaches wait for the counts.
#[derive(Default)]
struct Builder {
    terms: HashMap<String, TermId>,
    term_text: Vec<String>,
    /// How many entries use each term.
    document_frequency: Vec<u32>,
    /// Whether each term is used anywhere but in alternate questions: in a title, alias, answer or
    /// details. See [`QUESTION_ONLY_WEIGHT`].
    in_content: Vec<bool>,
    /// Every distinct normalised word met, with its term (`None` for a stop word): a large base
    /// repeats its words thousands of times, and stemming each occurrence was most of the build.
    tokens: HashMap<String, Option<TermId>>,
    /// The words as written, in the order first met, for the spelling index.
    words: Vec<(String, TermId)>,
    entry_terms_start: Vec<u32>,
    entry_terms: Vec<TermId>,
    entry_fields: Vec<Field>,
    phrases: Vec<Phrase>,
    phrase_terms: Vec<TermId>,
    entry_phrases: Vec<u32>,
    /// Reused per entry and per phrase.
    entry_buffer: Vec<(TermId, Field)>,
    phrase_buffer: Vec<TermId>,
    joined: HashMap<String, Vec<TermId>>,
}

impl Builder {
    /// The term of one word of normalised text, tokenising each distinct word once.
    fn term(&mut self, word: &str, tokenizer: &Tokenizer) -> Option<TermId> {
        if let Some(&known) = self.tokens.get(word) {
            return known;
        }
        let term = tokenizer.token(word).map(|token| {
            let term = match self.terms.get(&token.stem) {
                Some(&id) => id,
                None => {
                    let id = self.term_text.len() as TermId;
                    self.terms.insert(token.stem.clone(), id);
                    self.term_text.push(token.stem);
                    self.document_frequency.push(0);
                    self.in_content.push(false);
                    id
                }
            };
            self.words.push((token.word, term));
            term
        });
        self.tokens.insert(word.to_string(), term);
        term
    }

    fn add_entry(&mut self, entry: &Entry, tokenizer: &Tokenizer) {
        if self.entry_phrases.is_empty() {
            self.entry_phrases.push(0);
            self.entry_terms_start.push(0);
        }
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
        for (lang, detail) in entry.details.free_texts() {
            texts.push((origin(Field::Detail, lang, 0), detail));
        }

        let mut fields = std::mem::take(&mut self.entry_buffer);
        let mut phrase = std::mem::take(&mut self.phrase_buffer);
        fields.clear();
        for (origin, text) in texts {
            let field = origin.field;
            self.add_joined(text, tokenizer);
            phrase.clear();
            for word in normalize(text).split_whitespace() {
                if let Some(term) = self.term(word, tokenizer) {
                    fields.push((term, field));
                    phrase.push(term);
                }
            }
            if matches!(field, Field::Title | Field::Alias | Field::Question) && !phrase.is_empty()
            {
                phrase.sort_unstable();
                phrase.dedup();
                phrase.truncate(usize::from(u16::MAX));
                self.phrases.push(Phrase {
                    weight: 0.0,
                    origin,
                    terms_start: self.phrase_terms.len() as u32,
                    terms_len: phrase.len() as u16,
                });
                self.phrase_terms.extend_from_slice(&phrase);
            }
        }
        for &(term, field) in &fields {
            if field != Field::Question {
                self.in_content[term as usize] = true;
            }
        }
        // Each term once, with the heaviest field it appears in.
        fields.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.weight().total_cmp(&a.1.weight())));
        fields.dedup_by_key(|f| f.0);
        for &(term, field) in &fields {
            self.document_frequency[term as usize] += 1;
            self.entry_terms.push(term);
            self.entry_fields.push(field);
        }
        self.entry_terms_start.push(self.entry_terms.len() as u32);
        self.entry_phrases.push(self.phrases.len() as u32);
        self.entry_buffer = fields;
        self.phrase_buffer = phrase;
    }

    /// Registers the run-together form of each hyphenated or ZWNJ-joined word of `text`.
    fn add_joined(&mut self, text: &str, tokenizer: &Tokenizer) {
        if !text.contains(['-', '\u{2010}', '\u{2011}', '\u{200C}']) {
            return;
        }
        for chunk in text.split_whitespace() {
            if !chunk.contains(['-', '\u{2010}', '\u{2011}', '\u{200C}']) {
                continue;
            }
            let normalised = normalize(chunk);
            let parts: Vec<&str> = normalised.split_whitespace().collect();
            if parts.len() < 2 {
                continue;
            }
            let together: String = parts.concat();
            if self.joined.contains_key(&together) || self.tokens.contains_key(&together) {
                continue;
            }
            let terms: Vec<TermId> = parts
                .iter()
                .filter_map(|part| self.term(part, tokenizer))
                .collect();
            if !terms.is_empty() {
                self.joined.insert(together, terms);
            }
        }
    }

    fn finish(mut self, entry_count: usize) -> Index {
        if self.entry_phrases.is_empty() {
            self.entry_phrases.push(0);
            self.entry_terms_start.push(0);
        }
        let idf: Vec<f32> = self
            .document_frequency
            .iter()
            .zip(&self.in_content)
            .map(|(&df, &content)| {
                let rarity = idf(entry_count, df as f32);
                if content {
                    rarity
                } else {
                    rarity * QUESTION_ONLY_WEIGHT
                }
            })
            .collect();
        for phrase in &mut self.phrases {
            let start = phrase.terms_start as usize;
            let terms = &self.phrase_terms[start..start + usize::from(phrase.terms_len)];
            phrase.weight = terms.iter().map(|&t| idf[t as usize]).sum();
        }
        let (reach_start, reach_entries, reach) = self.reaches(&idf);
        // The arrays grew by doubling; the index keeps them for its lifetime.
        self.entry_terms.shrink_to_fit();
        self.entry_fields.shrink_to_fit();
        self.entry_terms_start.shrink_to_fit();
        self.phrases.shrink_to_fit();
        self.phrase_terms.shrink_to_fit();
        self.entry_phrases.shrink_to_fit();

        let mut stem_spelling = SpellingBuilder::default();
        for (id, text) in self.term_text.iter().enumerate() {
            stem_spelling.add(text, id as TermId);
        }
        let mut word_spelling = SpellingBuilder::default();
        for (word, term) in &self.words {
            word_spelling.add(word, *term);
        }
        Index {
            terms: self.terms,
            term_text: self.term_text,
            idf,
            entry_terms_start: self.entry_terms_start,
            entry_terms: self.entry_terms,
            entry_fields: self.entry_fields,
            reach_start,
            reach_entries,
            reach,
            stem_spelling: stem_spelling.finish(),
            word_spelling: word_spelling.finish(),
            phrases: self.phrases,
            phrase_terms: self.phrase_terms,
            entry_phrases: self.entry_phrases,
            entry_count,
            sorted_words: {
                let mut words: Vec<(String, TermId)> = self
                    .tokens
                    .iter()
                    .filter_map(|(word, term)| Some((word.clone(), (*term)?)))
                    .collect();
                words.sort_unstable();
                words
            },
            surface: self.tokens,
            joined: self.joined,
        }
    }

    /// The impact-ordered phrase postings (see [`Index::reach_postings`]) as offsets per term,
    /// entries and reaches.
    fn reaches(&self, idf: &[f32]) -> (Vec<u32>, Vec<u32>, Vec<f32>) {
        // Per entry, each phrase term's best reach, in entry order.
        let mut found: Vec<(TermId, u32, f32)> = Vec::new();
        let mut entry: Vec<(TermId, f32)> = Vec::new();
        let mut by_rarity: Vec<TermId> = Vec::new();
        for (e, range) in self.entry_phrases.windows(2).enumerate() {
            entry.clear();
            for phrase in &self.phrases[range[0] as usize..range[1] as usize] {
                if phrase.weight <= 0.0 {
                    continue;
                }
                let start = phrase.terms_start as usize;
                by_rarity.clear();
                by_rarity.extend_from_slice(
                    &self.phrase_terms[start..start + usize::from(phrase.terms_len)],
                );
                by_rarity.sort_unstable_by(|&a, &b| {
                    idf[b as usize].total_cmp(&idf[a as usize]).then(a.cmp(&b))
                });
                let mut lighter = 0.0f32;
                for &term in by_rarity.iter().rev() {
                    lighter += idf[term as usize];
                    let reach = (lighter / phrase.weight * REACH_SLACK).min(1.0);
                    entry.push((term, reach));
                }
            }
            entry.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            entry.dedup_by_key(|r| r.0);
            found.extend(entry.iter().map(|&(term, reach)| (term, e as u32, reach)));
        }
        // Grouped by term (a counting sort keeps entry order), then by decreasing reach.
        let mut start = vec![0u32; self.term_text.len() + 1];
        for &(term, _, _) in &found {
            start[term as usize + 1] += 1;
        }
        for t in 0..self.term_text.len() {
            start[t + 1] += start[t];
        }
        let mut next = start.clone();
        let mut grouped = vec![(0u32, 0.0f32); found.len()];
        for (term, e, reach) in found {
            let slot = &mut next[term as usize];
            grouped[*slot as usize] = (e, reach);
            *slot += 1;
        }
        for range in start.windows(2) {
            grouped[range[0] as usize..range[1] as usize].sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        let (entries, reaches) = grouped.into_iter().unzip();
        (start, entries, reaches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_keys_hash_the_shortened_word() {
        let chars: Vec<char> = "abcd".chars().collect();
        let hash = |word: &str| hash_without(&word.chars().collect::<Vec<_>>(), None, None);
        assert_eq!(hash_without(&chars, Some(1), None), hash("acd"));
        assert_eq!(hash_without(&chars, Some(0), Some(3)), hash("bc"));
        assert_ne!(hash("acd"), hash("abd"));
    }

    /// The prefix filter's premise: whatever set of a phrase's terms a question covers, some term
    /// of the set (its heaviest) has a reach in the entry at least the share of the phrase covered.
    #[test]
    fn a_terms_reach_bounds_every_coverage_it_heads() {
        let kb = crate::knowledge::load_embedded().expect("the embedded knowledge base is valid");
        let index = Index::build(&kb, &Tokenizer::default());
        let reach_in = |term: TermId, entry: u32| {
            let (entries, reaches) = index.reach_postings(term);
            let at = entries.iter().position(|&e| e == entry);
            at.map(|at| reaches[at]).expect("a phrase term has a reach")
        };
        for entry in 0..index.entry_count() as u32 {
            for phrase in index.phrases(entry) {
                let terms = index.phrase_terms(phrase);
                for &heaviest in terms {
                    // The most a question can cover of the phrase with `heaviest` its heaviest term.
                    let lighter: f32 = terms
                        .iter()
                        .filter(|&&t| {
                            (index.idf(t), std::cmp::Reverse(t))
                                <= (index.idf(heaviest), std::cmp::Reverse(heaviest))
                        })
                        .map(|&t| index.idf(t))
                        .sum();
                    assert!(lighter / phrase.weight <= reach_in(heaviest, entry));
                }
            }
        }
    }

    #[test]
    fn reach_postings_come_best_first_and_hold_only_phrase_terms() {
        let kb = crate::knowledge::load_embedded().expect("the embedded knowledge base is valid");
        let index = Index::build(&kb, &Tokenizer::default());
        for term in 0..index.vocabulary_size() as TermId {
            let (entries, reaches) = index.reach_postings(term);
            assert!(reaches.windows(2).all(|w| w[0] >= w[1]));
            for &entry in entries {
                let field = index.field_in(entry, term).expect("the entry has the term");
                assert!(field.weight() >= Field::Question.weight(), "{field:?}");
            }
        }
    }

    #[test]
    fn rarer_words_weigh_more() {
        assert!(idf(100, 1.0) > idf(100, 50.0));
        assert!(idf(100, 100.0) > 0.0);
    }
}
