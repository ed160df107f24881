//! Misses grouped for review: the same question asked with different case, punctuation, word order
//! or a typo is one thing for staff to decide about, so `/unanswered` shows it once with its count.

use std::collections::BTreeSet;

use super::store::{Miss, MissReason};
use crate::matcher::{Tokenizer, normalize};

/// Two questions whose content-word stems overlap at least this much (Jaccard) are the same
/// question: "pardis park size" and "size of the pardis park?".
const SAME_WORDS: f64 = 0.6;

/// Two questions whose normalised texts are at least this similar (normalised Damerau–Levenshtein)
/// are the same question misspelt.
const SAME_SPELLING: f64 = 0.85;

/// Near-identical misses, newest first within the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissGroup {
    /// Newest first; the first is the group's representative.
    pub misses: Vec<Miss>,
}

impl MissGroup {
    /// The newest wording, which staff attach and see first.
    pub fn representative(&self) -> &Miss {
        &self.misses[0]
    }

    /// How many times it was missed.
    pub fn count(&self) -> usize {
        self.misses.len()
    }

    /// How many of those were "None of these" taps rather than "don't know".
    pub fn rejected_suggestions(&self) -> usize {
        self.misses
            .iter()
            .filter(|m| m.reason == MissReason::NoneOfThese)
            .count()
    }

    /// The entries its 👎 misses had been answered with, each with how many, in order of first
    /// appearance: "answered with X, marked unhelpful" on the review card.
    pub fn unhelpful_answers(&self) -> Vec<(&str, usize)> {
        let mut answers: Vec<(&str, usize)> = Vec::new();
        let entries = self
            .misses
            .iter()
            .filter(|m| m.reason == MissReason::Unhelpful)
            .filter_map(|m| m.entry_id.as_deref());
        for entry in entries {
            match answers.iter_mut().find(|(e, _)| *e == entry) {
                Some((_, n)) => *n += 1,
                None => answers.push((entry, 1)),
            }
        }
        answers
    }

    /// The ids of all its misses, to close them together.
    pub fn ids(&self) -> Vec<i64> {
        self.misses.iter().map(|m| m.id).collect()
    }

    /// Other wordings in the group, without repeats of the representative's normalised form.
    pub fn other_wordings(&self) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        seen.insert(folded(&self.representative().text));
        self.misses[1..]
            .iter()
            .filter(|m| seen.insert(folded(&m.text)))
            .map(|m| m.text.as_str())
            .collect()
    }
}

/// Groups misses (given newest first) by normalised form, shared content words or spelling; groups
/// come out in order of their newest miss.
pub fn group_misses(misses: Vec<Miss>, tokenizer: &Tokenizer) -> Vec<MissGroup> {
    struct Key {
        folded: String,
        stems: BTreeSet<String>,
    }
    let mut groups: Vec<(Key, MissGroup)> = Vec::new();
    for miss in misses {
        let folded = folded(&miss.text);
        let stems: BTreeSet<String> = tokenizer
            .tokens(&miss.text)
            .into_iter()
            .map(|t| t.stem)
            .collect();
        let home = groups.iter_mut().find(|(key, _)| {
            key.folded == folded
                || jaccard(&key.stems, &stems) >= SAME_WORDS
                || strsim::normalized_damerau_levenshtein(&key.folded, &folded) >= SAME_SPELLING
        });
        match home {
            Some((_, group)) => group.misses.push(miss),
            None => groups.push((Key { folded, stems }, MissGroup { misses: vec![miss] })),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// The text as the matcher reads it, spaces collapsed.
fn folded(text: &str) -> String {
    normalize(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Jaccard overlap of two stem sets, where a misspelt stem counts as shared with its correct form.
fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a
        .iter()
        .filter(|x| b.iter().any(|y| x == &y || same_word_misspelt(x, y)))
        .count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Two stems of four letters or more one typo apart ("pardi", "pardsi").
fn same_word_misspelt(a: &str, b: &str) -> bool {
    a.chars().count() >= 4 && b.chars().count() >= 4 && strsim::damerau_levenshtein(a, b) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn miss(id: i64, text: &str) -> Miss {
        Miss {
            id,
            text: text.to_string(),
            lang: Lang::En,
            reason: MissReason::Unknown,
            asked_at: 1000 - id,
            entry_id: None,
        }
    }

    fn grouped(texts: &[&str]) -> Vec<Vec<i64>> {
        let misses = texts
            .iter()
            .enumerate()
            .map(|(i, t)| miss(i as i64 + 1, t))
            .collect();
        group_misses(misses, &Tokenizer::default())
            .iter()
            .map(MissGroup::ids)
            .collect()
    }

    #[test]
    fn case_and_punctuation_do_not_split_a_group() {
        assert_eq!(
            grouped(&["Metro hours?", "metro   hours", "METRO HOURS!"]),
            vec![vec![1, 2, 3]]
        );
    }

    #[test]
    fn reordered_words_and_typos_join_the_same_group() {
        assert_eq!(
            grouped(&[
                "size of pardis park",
                "pardis park size?",
                "pardsi park size"
            ]),
            vec![vec![1, 2, 3]]
        );
    }

    #[test]
    fn different_questions_stay_apart_newest_group_first() {
        assert_eq!(
            grouped(&["visa for students", "metro hours", "student visa?"]),
            vec![vec![1, 3], vec![2]]
        );
    }

    #[test]
    fn other_wordings_skip_repeats_of_the_representative() {
        let group = MissGroup {
            misses: vec![
                miss(1, "Metro hours?"),
                miss(2, "metro hours"),
                miss(3, "hours of the metro"),
            ],
        };
        assert_eq!(group.other_wordings(), vec!["hours of the metro"]);
    }
}
