//! Other readings of a question the knowledge base does not support as written: the text retyped on
//! another keyboard layout (`Xnj nfrjt VUE` is `Что такое МГУ`), and Latin-script Russian or
//! Persian (`kakie universitety`, `daneshgah-e rusi koja`) read word by word into the words of the
//! knowledge base's vocabulary they spell. Each reading is ranked and decided like the original,
//! and the most probable is kept when it beats the reading as written by a margin.

use crate::lang::{Lang, Script};

use super::index::{Index, Via};
use super::layout::{layouts_to_try, retype};
use super::normalize::normalize;
use super::query::{FunctionWord, Query, clipped, matched};
use super::stopwords::{self, is_stop_word};
use super::translit::{TranslitIndex, TranslitMatch};
use super::{Decision, MAX_QUERY_TERMS, MatchResult, Matcher, Rewrite};

/// How much more probable a rewritten reading must be than the question as written to be kept:
/// the text as typed is what the user most likely meant.
const REWRITE_MARGIN: f32 = 0.05;

/// Transliterations less close than this are not taken (see `TranslitMatch::similarity`: 0.9 is a
/// close reading, 0.75–0.8 a short word with a slip).
const MIN_TRANSLIT: f32 = 0.75;

/// A transliteration this close is a usual spelling of the word (see `TranslitMatch::similarity`).
const CLOSE_TRANSLIT: f32 = 0.9;

/// A transliterated word weighs its reading's closeness, a little below the word as written.
const TRANSLIT_DISCOUNT: f32 = 0.95;

/// A function word is read in place of a content word that spells the Latin word at most this much
/// more closely: "hast" is هست far more often than هاست, and a content word read by mistake weighs
/// as a rare word the question does not mean.
const FUNCTION_WORD_PRIOR: f32 = 0.1;

/// The Persian ezafe as Finglish writes it ("daneshgah-e rusi", "park-e fanavari", "khane-ye
/// ma"): a short vowel Persian script leaves unwritten, so it reads as no word. It is a sign of
/// Finglish, neither an English word nor an unknown one.
const EZAFE: [&str; 2] = ["e", "ye"];

/// The transliteration index over the vocabulary's Russian and Persian words and both languages'
/// stop words, so `chto` reads `что` and `vstrecha` reads `встреча`.
///
/// The words go in sorted: the index numbers them in the order given, and equally close
/// readings are ranked by that number, so a hash map's order would make the same question read
/// differently from one run to the next.
pub(super) fn translit_index(index: &Index) -> TranslitIndex {
    let stop_words = stopwords::all(Script::Cyrillic).chain(stopwords::all(Script::Arabic));
    let mut words: Vec<&str> = index.surface_words().map(|(word, _)| word).collect();
    words.sort_unstable();
    TranslitIndex::build(
        words
            .into_iter()
            .chain(stop_words.map(|word| -> &str { word })),
    )
}

impl Matcher {
    /// Ranks the entries for a question and decides whether to answer, suggest or decline.
    ///
    /// The question is read as written first. Only when that reading is not answered are the
    /// others tried, and the one the knowledge base supports best is kept: the most probable, when
    /// it is answered and more probable by a margin than the reading as written.
    pub fn find(&self, question: &str) -> MatchResult {
        let mut readings = self.readings(question).into_iter();
        let Some(mut best) = readings.next() else {
            return self.find_reading(question, Rewrite::AsWritten, None);
        };
        let mut others = Vec::new();
        for reading in readings {
            // A rewrite is kept only when the knowledge base answers it: a reading it merely
            // suggests for is no evidence the user meant it.
            let better = reading.decision == Decision::Answer
                && reading.confidence > best.confidence + REWRITE_MARGIN;
            if better {
                others.push((best.rewrite, best.confidence));
                best = reading;
            } else {
                others.push((reading.rewrite, reading.confidence));
            }
        }
        best.other_readings = others;
        if self.may_be_transliterated(question) {
            best.latin_script_lang = self.latin_script_lang(question);
        }
        best
    }

    /// Whether a question could be Latin-script Russian or Persian: at least half of its Latin
    /// words (and one) are neither English stop words nor words of the knowledge base. A cheap
    /// check, before any transliteration is looked up.
    ///
    /// Names the knowledge base spells alike in Latin letters and in Russian or Persian
    /// ("fursenko", "inotex", "pardis") are evidence for neither, so when the count falls short
    /// they are looked up and left out of it: "fursenko too inotex chi goft" is Finglish.
    fn may_be_transliterated(&self, question: &str) -> bool {
        let normalised = normalize(question);
        let (mut latin, mut foreign) = (0usize, 0usize);
        let mut known = Vec::new();
        for word in normalised.split_whitespace() {
            if !word.chars().all(|c| c.is_ascii_alphanumeric())
                || !word.chars().any(|c| c.is_ascii_alphabetic())
                || EZAFE.contains(&word)
            {
                continue;
            }
            latin += 1;
            if is_stop_word(word, Script::Latin) {
                continue;
            }
            if self.index.surface(word).is_some() {
                known.push(word);
            } else {
                foreign += 1;
            }
        }
        if foreign == 0 {
            return false;
        }
        if 2 * foreign < latin {
            latin -= known.iter().filter(|word| self.spelt_alike(word)).count();
        }
        2 * foreign >= latin
    }

    /// Whether a word of the knowledge base in Latin letters also reads closely as one of its
    /// Russian or Persian content words: a name written in both scripts ("fursenko" and
    /// فورسنکو), which says nothing about the language of the question around it.
    fn spelt_alike(&self, word: &str) -> bool {
        self.translit
            .candidates(word)
            .iter()
            .any(|c| c.similarity >= CLOSE_TRANSLIT && !is_stop_word(&c.word, c.script))
    }

    /// The language of a Latin-script question by its function words: Russian or Persian when
    /// more of its words are that language's stop words in Latin letters (`kto`, `gde`, `kie`,
    /// `koja`) than are English stop words, and at least one is.
    fn latin_script_lang(&self, question: &str) -> Option<Lang> {
        let normalised = normalize(question);
        let (mut english, mut russian, mut persian) = (0usize, 0usize, 0usize);
        for word in normalised.split_whitespace() {
            if !word.chars().all(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            if is_stop_word(word, Script::Latin) {
                english += 1;
                continue;
            }
            if self.index.surface(word).is_some() {
                continue;
            }
            let close = self
                .translit
                .candidates(word)
                .into_iter()
                .find(|c| c.similarity >= CLOSE_TRANSLIT && is_stop_word(&c.word, c.script));
            match close.map(|c| c.script) {
                Some(Script::Cyrillic) => russian += 1,
                Some(Script::Arabic) => persian += 1,
                _ => {}
            }
        }
        match (russian, persian) {
            (r, p) if r > english && r > p => Some(Lang::Ru),
            (r, p) if p > english && p > r => Some(Lang::Fa),
            _ => None,
        }
    }

    /// The readings of a question with their verdicts: as written first, then, when that is not
    /// answered, the text retyped on each plausible other layout and, for Latin letters, read as
    /// Russian and as Persian. The decision is made on the most probable; calibration fits the
    /// model on all of them.
    pub fn readings(&self, question: &str) -> Vec<MatchResult> {
        let question = clipped(question);
        let as_written = self.find_reading(question, Rewrite::AsWritten, None);
        if as_written.decision == Decision::Answer {
            return vec![as_written];
        }
        // Text typed on the wrong layout is mostly words no language has: retyped only then.
        let unmatched = as_written
            .terms
            .iter()
            .filter(|t| t.matches.is_empty())
            .count();
        let mistyped = unmatched > 0 && 2 * unmatched >= as_written.terms.len();
        let mut readings = vec![as_written];
        if mistyped {
            for layout in layouts_to_try(question) {
                if let Some(text) = retype(question, layout) {
                    let rewrite = Rewrite::Layout(layout);
                    readings.push(self.find_reading(&text, rewrite, Some(text.clone())));
                }
            }
        }
        if self.may_be_transliterated(question) {
            for lang in [Lang::Ru, Lang::Fa] {
                if let Some((query, text)) = self.read_translit(question, lang) {
                    let rewrite = Rewrite::Translit(lang);
                    readings.push(self.decide(&text, query, rewrite, Some(text.clone())));
                }
            }
        }
        readings
    }

    /// Reads Latin-script Russian or Persian: each Latin word becomes the vocabulary word of that
    /// language it spells most closely (a stop word then weighs nothing, like `chto`), keeping its
    /// English matches beside, so names written alike in both (`Pardis`, `INOTEX`) still count.
    /// Returns the terms and the question as read, in the other script where a word was found.
    /// `None` when the question does not read as that language: fewer than half its Latin words
    /// are words of it that English does not explain.
    pub(super) fn read_translit(&self, question: &str, lang: Lang) -> Option<(Query, String)> {
        let target = match lang {
            Lang::Ru => Script::Cyrillic,
            Lang::Fa => Script::Arabic,
            Lang::En => return None,
        };
        let normalised = normalize(question);
        let mut read_as: Vec<String> = Vec::new();
        // Latin words, and those only this reading explains: no English word or stop word, but a
        // word of the language in Latin letters. Names spelt alike in both ("pardis park") are no
        // sign of transliteration.
        let (mut latin_words, mut transliterated) = (0usize, 0usize);
        let mut query = Query::default();
        let mut seen: Vec<String> = Vec::new();
        for word in normalised.split_whitespace() {
            if query.terms.len() == MAX_QUERY_TERMS {
                break;
            }
            let latin = word.chars().all(|c| c.is_ascii_alphanumeric());
            if latin && target == Script::Arabic && EZAFE.contains(&word) {
                continue;
            }
            latin_words += usize::from(latin);
            let best = latin.then(|| self.reading_of(word, target)).flatten();
            let Some(best) = best else {
                // Not a word of that language in Latin letters: read it as written (a name,
                // an acronym, or a word in the other script).
                read_as.push(word.to_string());
                let single = self.read(word);
                query.function_words.extend(single.function_words);
                for term in single.terms {
                    if !seen.contains(&term.token.stem) {
                        seen.push(term.token.stem.clone());
                        query.terms.push(term);
                    }
                }
                continue;
            };
            read_as.push(best.word.clone());
            let english = self.tokenizer.token(word);
            let english_word = english.is_none()
                || english
                    .as_ref()
                    .is_some_and(|t| self.index.term_of(&t.stem).is_some());
            if !english_word {
                transliterated += 1;
            } else if english.is_some() && best.similarity >= CLOSE_TRANSLIT {
                // A name spelt alike in both scripts: evidence for neither language.
                latin_words -= 1;
            }
            let similarity = best.similarity * TRANSLIT_DISCOUNT;
            for part in best.word.split(' ') {
                if is_stop_word(part, target) {
                    query.function_words.push(FunctionWord {
                        word: word.to_string(),
                        read_as: part.to_string(),
                    });
                    continue;
                }
                let Some(token) = self.tokenizer.token(part) else {
                    continue;
                };
                if seen.contains(&token.stem) {
                    continue;
                }
                seen.push(token.stem.clone());
                let mut matches = Vec::new();
                if let Some(term) = self.index.term_of(&token.stem) {
                    matches.push(matched(term, similarity, Via::Translit));
                }
                // The word as an English one too ("park", "pardis").
                if let Some(english) = self.tokenizer.token(word)
                    && let Some(term) = self.index.term_of(&english.stem)
                    && !matches.iter().any(|m| m.term == term)
                {
                    matches.push(matched(term, 1.0, Via::Exact));
                }
                query.terms.push(self.term(token, matches));
            }
        }
        self.expand_synonyms(&mut query);
        // Read as that language only when most of its Latin words are words of it.
        (transliterated > 0 && 2 * transliterated >= latin_words)
            .then(|| (query, read_as.join(" ")))
    }

    /// The word of the target script a Latin word spells: the closest, except that a function
    /// word nearly as close goes first ([`FUNCTION_WORD_PRIOR`]).
    fn reading_of(&self, word: &str, target: Script) -> Option<TranslitMatch> {
        let mut readings = self
            .translit
            .candidates(word)
            .into_iter()
            .filter(|c| c.script == target && c.similarity >= MIN_TRANSLIT);
        let closest = readings.next()?;
        if is_stop_word(&closest.word, target) {
            return Some(closest);
        }
        let function_word = readings.find(|c| {
            is_stop_word(&c.word, target)
                && c.similarity >= CLOSE_TRANSLIT
                && c.similarity + FUNCTION_WORD_PRIOR >= closest.similarity
        });
        Some(function_word.unwrap_or(closest))
    }
}
