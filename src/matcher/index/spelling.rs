//! The deletion index that finds a misspelt word's vocabulary terms without comparing it against
//! the whole vocabulary (the symmetric-deletion idea, as in SymSpell).
//!
//! Every indexed word is stored under the hash of itself and of each of its one-letter deletions;
//! a question word looks up its own hash, its one-letter deletions' and, when two edits are
//! allowed, its two-letter deletions'. A misspelling meets the word it misspells there without the
//! vocabulary being scanned, and only the few words met are checked with Damerau–Levenshtein.
//! Hashes are computed without building the shorter strings, and the rows are one sorted array.

use std::collections::HashSet;

use super::{TermId, TermMatch, Via};

/// A deletion index over a list of words, each leading to a vocabulary term.
#[derive(Default)]
pub(super) struct Spelling {
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
    pub(super) fn candidates(&self, word: &str, max_distance: usize, found: &mut Vec<TermMatch>) {
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
pub(super) struct SpellingBuilder {
    spelling: Spelling,
    seen: HashSet<String>,
    rows: Vec<(u64, u32)>,
    chars: Vec<char>,
}

impl SpellingBuilder {
    pub(super) fn add(&mut self, word: &str, term: TermId) {
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

    pub(super) fn finish(mut self) -> Spelling {
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
pub(super) const MAX_FUZZY_WORD: usize = 24;

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
}
