//! Building the index: the terms are collected entry by entry (each distinct word tokenised once,
//! into growing flat arrays); the rarities, the phrase weights and the impact-ordered postings,
//! which need every entry's counts, are worked out at the end, and the spelling indexes built.

use std::collections::HashMap;

use crate::knowledge::Entry;
use crate::matcher::normalize::{Tokenizer, normalize};

use super::spelling::SpellingBuilder;
use super::{Field, Index, Phrase, PhraseRef, TermId, idf};

/// Stored reaches are raised by this factor (capped at 1): a reach is summed in another order than
/// the phrase coverage it bounds, and a bound a rounding error too low could drop an exact result.
const REACH_SLACK: f32 = 1.0 + 1e-4;

/// A word found only in entries' alternate questions ("coming", "happen", "purpose") is how people
/// phrase a question, not what it is about: it never names, describes or answers anything. On a
/// small knowledge base such a word is used by one entry and would weigh like a name; this scales
/// its rarity down.
const QUESTION_ONLY_WEIGHT: f32 = 0.4;

/// Collects the index entry by entry; rarities, phrase weights and reaches wait for the counts.
#[derive(Default)]
pub(super) struct Builder {
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

    pub(super) fn add_entry(&mut self, entry: &Entry, tokenizer: &Tokenizer) {
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

    pub(super) fn finish(mut self, entry_count: usize) -> Index {
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
}
