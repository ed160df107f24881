//! Text normalisation and tokenisation shared by the index and the questions, so that the many ways
//! of writing one word (Arabic or Persian letters, ZWNJ or space, ё or е, diacritics, Persian digits)
//! meet in one form before matching.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::lang::{Script, script_of};

use super::stopwords;

/// One word of a question or a knowledge phrase, after normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised surface form (`москве`).
    pub word: String,
    /// The stem used for matching (`москв`).
    pub stem: String,
    pub script: Script,
}

/// Folds text into its matching form: NFKC, lower case, Persian letters for Arabic ones, no
/// diacritics, tatweel, bidi or zero-width marks, ё as е, ASCII digits, and punctuation as spaces.
/// ZWNJ becomes a space so `دانشگاه‌های`, `دانشگاه های` and (after stemming) `دانشگاههای` agree.
pub fn normalize(text: &str) -> String {
    // Most text (every knowledge base text, nearly every question) is already in NFKC, and the quick
    // check is far cheaper than composing; the result is the same either way.
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        fold(text, text.chars())
    } else {
        fold(text, text.nfkc())
    }
}

/// The rest of [`normalize`], over text already in NFKC.
fn fold(text: &str, nfkc: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in nfkc {
        // Lower case without the general tables where the answer is plain: ASCII, lower-case Russian
        // letters and the caseless Arabic block are most of the text indexed.
        if c.is_ascii() {
            fold_char(&mut out, c.to_ascii_lowercase());
        } else if matches!(c, 'а'..='я' | '\u{0600}'..='\u{06FF}') {
            fold_char(&mut out, c);
        } else {
            for lower in c.to_lowercase() {
                fold_char(&mut out, lower);
            }
        }
    }
    out
}

/// Appends the matching form of one lower-case character.
fn fold_char(out: &mut String, c: char) {
    match c {
        // Arabic letter forms that Persian writes differently.
        'ي' | 'ى' | 'ئ' => out.push('ی'),
        'ك' => out.push('ک'),
        'ة' | 'ۀ' => out.push('ه'),
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ؤ' => out.push('و'),
        'ё' => out.push('е'),
        // Persian and Arabic-Indic digits.
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        // Harakat, superscript alef, Quranic marks, hamza above and below, tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => {}
        // Zero-width non-joiner separates Persian word parts: treat it as a word break.
        '\u{200C}' => out.push(' '),
        // Other invisible format characters: zero-width space and joiner, bidi marks, BOM.
        '\u{200B}'
        | '\u{200D}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}' => {}
        // Apostrophes join: "Iran's" reads as "irans", which stems to "iran".
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' => {}
        // Letters and digits known without a table lookup (after the special cases above).
        'a'..='z' | '0'..='9' | 'а'..='я' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => {
            out.push(c)
        }
        c if script_of(c) == Script::Latin && !c.is_ascii() => {
            out.extend(c.to_string().nfd().filter(|m| !is_combining_mark(*m)));
        }
        // Every other combining mark: a stress accent (`тако́й`), a dot or a tilde a keyboard added.
        // NFKC has already composed the letters that have a precomposed form (`й`, `آ`), so what is
        // left over is decoration, never part of the letter.
        c if is_combining_mark(c) => {}
        c if c.is_alphanumeric() => out.push(c),
        _ => out.push(' '),
    }
}

/// Splits normalised text into matching tokens, dropping stop words and stemming each word with the
/// stemmer of its script (English Snowball, Russian Snowball, or a light Persian suffix stripper).
pub struct Tokenizer {
    english: Stemmer,
    russian: Stemmer,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer {
            english: Stemmer::create(Algorithm::English),
            russian: Stemmer::create(Algorithm::Russian),
        }
    }
}

impl Tokenizer {
    /// The content words of `text`, stemmed.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        normalize(text)
            .split_whitespace()
            .filter_map(|word| self.token(word))
            .collect()
    }

    /// One word of normalised text as a token, or `None` for a stop word or a lone letter.
    pub(super) fn token(&self, word: &str) -> Option<Token> {
        let script = word
            .chars()
            .map(script_of)
            .find(|s| *s != Script::Other)
            .unwrap_or(Script::Other);
        if stopwords::is_stop_word(word, script) {
            return None;
        }
        let stem = match script {
            Script::Latin => self.english.stem(word).into_owned(),
            Script::Cyrillic => self.russian.stem(word).into_owned(),
            Script::Arabic => stem_persian(word),
            Script::Other => word.to_string(),
        };
        // A lone letter carries no meaning once stop words are gone ("e" of "e-commerce" aside).
        if stem.chars().count() < 2 && !stem.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(Token {
            word: word.to_string(),
            stem,
            script,
        })
    }
}

/// A light Persian stemmer: strips the verbal prefix می/نمی and the common plural, comparative,
/// adjectival and possessive suffixes, keeping at least three letters of stem. No well-kept crate
/// stems Persian, and inflection (دانشگاه‌های، شرکتهای، فناوری‌ها) would otherwise split one word in many.
pub fn stem_persian(word: &str) -> String {
    const MIN_STEM: usize = 3;
    let mut chars: Vec<char> = word.chars().collect();
    for prefix in ["نمی", "می"] {
        let p: Vec<char> = prefix.chars().collect();
        if chars.len() >= p.len() + MIN_STEM && chars.starts_with(&p) {
            chars.drain(..p.len());
            break;
        }
    }
    // Longest first; each pass removes at most one suffix of each group.
    const PLURAL: [&str; 6] = ["هایی", "های", "ها", "یان", "ات", "ان"];
    const DEGREE: [&str; 2] = ["ترین", "تر"];
    const CLITIC: [&str; 5] = ["شان", "تان", "مان", "اش", "ام"];
    // ی/ای last: in دانشگاه‌های the ی belongs to the plural.
    const YEH: [&str; 2] = ["ای", "ی"];
    for group in [&CLITIC[..], &DEGREE[..], &PLURAL[..], &YEH[..]] {
        for suffix in group {
            let s: Vec<char> = suffix.chars().collect();
            // "ان" is also the end of many stems (ایران، تهران): strip it only from long words.
            let min = if *suffix == "ان" {
                MIN_STEM + 2
            } else {
                MIN_STEM
            };
            if chars.len() >= s.len() + min && chars.ends_with(&s) {
                chars.truncate(chars.len() - s.len());
                break;
            }
        }
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Tokenizer::default()
            .tokens(text)
            .into_iter()
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn shortcuts_agree_with_the_unicode_tables() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            if matches!(c, 'а'..='я' | '\u{0600}'..='\u{06FF}') {
                assert!(c.to_lowercase().eq([c]), "{c:?} has a lower case");
            }
            if matches!(c, 'а'..='я' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
                assert!(c.is_alphanumeric(), "{c:?} is not a letter");
            }
        }
    }

    #[test]
    fn arabic_letters_become_persian() {
        assert_eq!(normalize("كيف"), "کیف");
    }

    #[test]
    fn persian_diacritics_and_tatweel_vanish() {
        assert_eq!(normalize("مـــسکو"), "مسکو");
        assert_eq!(normalize("دانشگاهِ"), "دانشگاه");
    }

    #[test]
    fn zwnj_splits_persian_word_parts() {
        assert_eq!(normalize("دانشگاه‌های"), "دانشگاه های");
    }

    #[test]
    fn invisible_marks_vanish() {
        assert_eq!(normalize("\u{200F}Mos\u{200B}cow\u{FEFF}"), "moscow");
    }

    #[test]
    fn stress_marks_and_other_combining_marks_vanish() {
        assert_eq!(
            normalize("Кто тако\u{301}й Безру\u{301}ков?"),
            "кто такой безруков "
        );
        assert_eq!(normalize("e\u{301}-commerce"), "e commerce");
        // A letter composed from parts is the letter.
        assert_eq!(normalize("и\u{306}"), "й");
    }

    #[test]
    fn yo_folds_to_ye_and_case_folds() {
        assert_eq!(normalize("ЁЛКА Её"), "елка ее");
    }

    #[test]
    fn latin_diacritics_are_stripped_but_cyrillic_short_i_survives() {
        assert_eq!(normalize("Café Naïbi"), "cafe naibi");
        assert_eq!(normalize("Андрей"), "андрей");
    }

    #[test]
    fn persian_digits_become_ascii() {
        assert_eq!(normalize("۶ تا ۷ دسامبر ٢٠٢٥"), "6 تا 7 دسامبر 2025");
    }

    #[test]
    fn punctuation_and_emoji_are_word_breaks() {
        assert_eq!(normalize("e-commerce?!🙂(ICT)"), "e commerce    ict ");
    }

    #[test]
    fn compatibility_forms_fold_under_nfkc() {
        assert_eq!(normalize("ＭＯＳＣＯＷ"), "moscow");
        // Arabic presentation forms (as pasted from some PDFs) fold to the base letters.
        assert_eq!(normalize("\u{FEE3}\u{FEB4}\u{FEDC}\u{FEED}"), "مسکو");
    }

    #[test]
    fn russian_inflections_share_a_stem() {
        assert_eq!(stems("Москва"), stems("Москве"));
        assert_eq!(stems("университета"), stems("университеты"));
    }

    #[test]
    fn persian_inflections_share_a_stem() {
        assert_eq!(stems("دانشگاه‌های"), stems("دانشگاه"));
        assert_eq!(stems("دانشگاههای"), stems("دانشگاه"));
        assert_eq!(stems("شرکت‌ها"), stems("شرکتهای"));
        assert_eq!(stems("فناوری‌ها"), stems("فناوری"));
    }

    #[test]
    fn persian_place_names_keep_their_ending() {
        assert_eq!(stem_persian("ایران"), "ایران");
        assert_eq!(stem_persian("تهران"), "تهران");
    }

    #[test]
    fn english_inflections_share_a_stem() {
        assert_eq!(stems("universities"), stems("university"));
        assert_eq!(stems("Iran's"), stems("Iran"));
    }

    #[test]
    fn stop_words_are_dropped_in_every_language() {
        assert_eq!(stems("What is the"), Vec::<String>::new());
        assert_eq!(stems("что это такое"), Vec::<String>::new());
        assert_eq!(stems("این چیست"), Vec::<String>::new());
    }
}
