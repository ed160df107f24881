//! Words that say nothing about which entry a question is after: function words, question words, the
//! polite frames people wrap questions in ("could you tell me about…", "расскажите пожалуйста",
//! "لطفا بگویید") and their spoken and chat forms ("wanna", "чё", "щас", "میخوام", "بگین"). Lists
//! are in normalised form (lower case, ё→е, Persian letters, ZWNJ split).
//!
//! The lists are plain text beside this file, one word a line (see [`crate::tables`]): `en.txt`,
//! `ru.txt` and `fa.txt` for the written language, and `*_colloquial.txt` for its spoken and chat
//! forms. Add a word to the list of its register; a word is in one list of its language only.
//!
//! Two lookups serve the matcher: [`is_stop_word`], a hash-set test every question word goes
//! through, and [`FuzzyStopWords`], which finds a stop word behind a typo through a deletion index
//! (the symmetric-deletion idea: a word and its one-letter deletions meet a stop word's).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::lang::Script;
use crate::tables::entries;

/// A language's two lists as text, by the script it is written in: the written language's and its
/// colloquial forms'.
fn texts(script: Script) -> [&'static str; 2] {
    match script {
        Script::Latin => [include_str!("en.txt"), include_str!("en_colloquial.txt")],
        Script::Cyrillic => [include_str!("ru.txt"), include_str!("ru_colloquial.txt")],
        Script::Arabic => [include_str!("fa.txt"), include_str!("fa_colloquial.txt")],
        Script::Other => ["", ""],
    }
}

/// One language's stop words, parsed once from its two lists.
struct StopWords {
    /// Every word, the written list's first and then the colloquial list's, in file order: what
    /// indexes over the stop words are built from, so their tie-breaks never change.
    words: Vec<&'static str>,
    /// The same words, for the membership test every question word goes through.
    set: HashSet<&'static str>,
}

impl StopWords {
    fn parse(script: Script) -> StopWords {
        let words: Vec<&'static str> = texts(script).into_iter().flat_map(entries).collect();
        let set = words.iter().copied().collect();
        StopWords { words, set }
    }
}

static ENGLISH: LazyLock<StopWords> = LazyLock::new(|| StopWords::parse(Script::Latin));
static RUSSIAN: LazyLock<StopWords> = LazyLock::new(|| StopWords::parse(Script::Cyrillic));
static PERSIAN: LazyLock<StopWords> = LazyLock::new(|| StopWords::parse(Script::Arabic));

/// The stop words of a script's language; none for [`Script::Other`].
fn lists(script: Script) -> Option<&'static StopWords> {
    match script {
        Script::Latin => Some(&ENGLISH),
        Script::Cyrillic => Some(&RUSSIAN),
        Script::Arabic => Some(&PERSIAN),
        Script::Other => None,
    }
}

/// Whether `word` (already normalised) is a stop word of its script's language.
pub fn is_stop_word(word: &str, script: Script) -> bool {
    lists(script).is_some_and(|lists| lists.set.contains(word))
}

/// Every stop word of a script's language, written forms first, for indexes built over them (a
/// transliteration index reads `chto` as `что` only if it knows `что`).
pub fn all(script: Script) -> impl Iterator<Item = &'static str> {
    lists(script)
        .into_iter()
        .flat_map(|lists| lists.words.iter().copied())
}

/// The written language's list alone, without the colloquial forms: what the transliteration
/// tests index.
#[cfg(test)]
pub(super) fn written(script: Script) -> Vec<&'static str> {
    entries(texts(script)[0]).collect()
}

/// Stop words found despite a typo: "wat", "wich", "whn", "што", "کجاس". A misspelt question word
/// is no rarer than the word meant, and weighing it as an unknown rare word would drag the
/// question's coverage down; so a word one edit (a letter added, dropped, changed or two swapped)
/// from a stop word of three letters or more counts as that stop word.
pub struct FuzzyStopWords {
    /// The hash of every stop word and of each of its one-deletion variants, with the word.
    variants: HashMap<String, Vec<&'static str>>,
}

impl Default for FuzzyStopWords {
    fn default() -> Self {
        let mut variants: HashMap<String, Vec<&'static str>> = HashMap::new();
        for script in [Script::Latin, Script::Cyrillic, Script::Arabic] {
            for word in all(script) {
                let chars: Vec<char> = word.chars().collect();
                if chars.len() < min_fuzzy_length(script) {
                    continue;
                }
                for key in std::iter::once(word.to_string()).chain(deletions(&chars)) {
                    let words = variants.entry(key).or_default();
                    if !words.contains(&word) {
                        words.push(word);
                    }
                }
            }
        }
        FuzzyStopWords { variants }
    }
}

/// Shorter stop words ("in", "of", "и", "در") are too close to too many other words to be found
/// through a typo.
const MIN_FUZZY_STOP_WORD: usize = 3;

/// Persian writes short vowels not at all, so its three-letter words are a letter apart from many
/// others (`هوای`, air, is one letter from `های`): only its longer stop words are found by typo.
fn min_fuzzy_length(script: Script) -> usize {
    match script {
        Script::Arabic => MIN_FUZZY_STOP_WORD + 1,
        _ => MIN_FUZZY_STOP_WORD,
    }
}

impl FuzzyStopWords {
    /// The stop word `word` is a misspelling of, if it is one edit from one of at least three
    /// letters (and is itself that long).
    pub fn correct(&self, word: &str) -> Option<&'static str> {
        let chars: Vec<char> = word.chars().collect();
        let script = chars
            .iter()
            .map(|&c| crate::lang::script_of(c))
            .find(|s| *s != Script::Other)
            .unwrap_or(Script::Other);
        if chars.len() < min_fuzzy_length(script) || chars.len() > 16 {
            return None;
        }
        let mut best: Option<&'static str> = None;
        for key in std::iter::once(word.to_string()).chain(deletions(&chars)) {
            for &candidate in self.variants.get(&key).into_iter().flatten() {
                if best.is_none()
                    && same_start(script, &chars, candidate)
                    && strsim::damerau_levenshtein(word, candidate) <= 1
                {
                    best = Some(candidate);
                }
            }
        }
        best
    }
}

/// English is rarely mistyped in its first letter, and a different first letter makes another real
/// word too often ("retail" is not "detail", "sale" not "whale"): in Latin script a misspelt stop
/// word keeps its first letter. Russian and Persian keep the looser rule, since their colloquial
/// spellings change the first letter (`што` for `что`).
fn same_start(script: Script, word: &[char], candidate: &str) -> bool {
    script != Script::Latin || word.first() == candidate.chars().next().as_ref()
}

/// The word with each one of its letters left out.
fn deletions(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    (0..chars.len()).map(move |skip| {
        chars
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, c)| c)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::repeated;

    #[test]
    fn misspelt_question_words_are_found_in_every_language() {
        let fuzzy = FuzzyStopWords::default();
        for typo in [
            "wat",
            "wich",
            "whn",
            "wher",
            "што",
            "кагда",
            "нибуть",
            "کجاس",
            "کجاسس",
        ] {
            let found = fuzzy.correct(typo);
            assert!(
                found.is_some_and(|w| strsim::damerau_levenshtein(typo, w) <= 1),
                "{typo}: {found:?}"
            );
        }
        assert_eq!(fuzzy.correct("wich"), Some("which"));
    }

    #[test]
    fn short_and_distant_words_are_not_taken_for_stop_words() {
        let fuzzy = FuzzyStopWords::default();
        // `هوای` (air) is a letter from `های`: Persian's short stop words are not found by typo.
        for word in ["ab", "moscow", "fursenko", "москва", "پردیس", "ict", "هوای"] {
            assert_eq!(fuzzy.correct(word), None, "{word}");
        }
    }

    #[test]
    fn an_english_word_with_another_first_letter_is_not_a_misspelt_stop_word() {
        let fuzzy = FuzzyStopWords::default();
        assert_eq!(fuzzy.correct("detai"), Some("detail"));
        assert_eq!(fuzzy.correct("retail"), None);
    }

    /// Each line is one word in normalised form (fa.txt's one entry kept with its ZWNJ aside, see
    /// there), and no word is in both lists of its language or twice in one.
    #[test]
    fn every_list_holds_single_normalised_words_each_once() {
        for script in [Script::Latin, Script::Cyrillic, Script::Arabic] {
            let words: Vec<&str> = all(script).collect();
            for word in &words {
                let kept_as_written = *word == "این\u{200c}ها";
                assert!(
                    kept_as_written || crate::matcher::normalize(word) == *word,
                    "{word:?} is not one normalised word"
                );
            }
            assert_eq!(repeated(words), Vec::<&str>::new(), "{script:?}");
        }
    }

    #[test]
    fn colloquial_forms_are_stop_words() {
        assert!(is_stop_word("че", Script::Cyrillic));
        assert!(is_stop_word("щас", Script::Cyrillic));
        assert!(is_stop_word("میخوام", Script::Arabic));
        assert!(is_stop_word("قراره", Script::Arabic));
        assert!(is_stop_word("wanna", Script::Latin));
    }
}
