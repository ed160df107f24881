//! Russian and Persian written in Latin letters ("chto takoe", "gde budet", Finglish "ki emza kard",
//! "daneshgah-e rusi koja"), read back into the Cyrillic or Persian words of a known vocabulary.
//!
//! Informal transliteration has no one right spelling (ч is ch, 4 or tch; ы is y or i; Persian writes
//! no short vowels, so "tamas" is t·m·ا·s), so nothing here tries to produce one. Instead every
//! vocabulary word is romanised into a coarse *key* that erases the choices people make, and a Latin
//! word is folded into the same alphabet:
//! - Russian keys keep three vowel classes (а/о/я → a, е/э/и/ы/й → i, у/ю → u, with я and ю as
//!   i+a and i+u), one class for ч/ш/щ and one for ж/з, ц as "ts", no soft or hard sign, and runs of a
//!   symbol collapsed. "chto", "4to" and "shto" all key as что; "kakie"/"kakiye", "universitety"/
//!   "universiteti", "rossiya"/"rossija"/"rossia" meet their words. Latin j, c, x and w are ambiguous
//!   (й or ж; ц or к; х or кс; ш or в) and give up to eight alternative keys.
//! - Persian keys are consonant skeletons with two vowel classes: ا and the short vowels vanish, ی is
//!   I (Latin i, y, ee), و is U (u, o, oo, ou, ow, v, w); letters that sound alike share a symbol
//!   (ت ط; ث س ص; ذ ز ض ظ; ح ه; غ ق); ع and ء vanish; a word-final ه is keyed with and without its
//!   h (نامه is "name", "nameh", "namah"); a Latin o is either و or a short vowel.
//!
//! Keys and their one-deletion variants go into hash buckets (the symmetric-deletion idea), so a query
//! costs a few lookups and finds words one slip away. Each candidate is then scored by a weighted
//! alignment of the Latin letters against the vocabulary word: usual renderings cost nothing
//! (ч→"ch", ы→"y", ی→"ee"), rarer ones a little (ч→"c", к→"c", и→"y"), typos about one each. That
//! cost, scaled by length, is the similarity, so the caller can tell a close reading ("kompanii" →
//! компании, 1.0) from a stretch ("company" → компании, 0.8).
//!
//! A vocabulary word's inflectional ending may go unwritten at a small cost, so another form of a
//! word still finds it ("peterburg" → петербургский, "tamas" → تماسی as well as تماس).
//!
//! A Latin word that fits no single word may be a Persian compound that normalisation splits
//! ("tafahomname" → "تفاهم نامه"); such a match names both words, space-separated.
//!
//! The parts, one file each:
//! - this one, the index: building it, the hash buckets, and a lookup's search and compound split;
//! - `keys`, the coarse keys of vocabulary words and the keys a Latin word may stand for;
//! - `align`, the weighted alignment that scores a candidate, and what each slip costs;
//! - `renderings`, the table of each Russian and Persian letter's Latin spellings and their costs.

use std::collections::{HashMap, HashSet};

use crate::lang::{Script, script_of};

mod align;
mod keys;
mod renderings;

use align::similarity;
use keys::{latin_keys, vocabulary_keys};

/// Longer words are neither indexed nor looked up: no Russian or Persian word is this long, and the
/// alignment's work grows with the square of the length.
const MAX_WORD: usize = 32;

/// Keys shorter than this have no deletion variants: a typo in a three-sound word is as likely a
/// different word, and short keys' variants would fill buckets with noise.
const MIN_FUZZY_KEY: usize = 4;

/// The most vocabulary words aligned per script and query: bounds the work of very common keys.
const MAX_SCORED: usize = 96;

/// Matches returned at most.
const MAX_RESULTS: usize = 5;

/// Readings below this similarity are not worth the caller's time.
const MIN_SIMILARITY: f32 = 0.5;

/// A reading this close ends the search for that script: no typo variants.
const CLOSE: f32 = 0.9;

/// A Latin word is split into a Persian compound only when no single word reads this well.
const COMPOUND_BELOW: f32 = 0.8;

/// A vocabulary word a Latin word could be a transliteration of.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslitMatch {
    /// The vocabulary word, as given to [`TranslitIndex::build`]; for a Persian compound, its two
    /// words separated by a space ("تفاهم نامه").
    pub word: String,
    /// [`Script::Cyrillic`] for Russian, [`Script::Arabic`] for Persian: the reply language.
    pub script: Script,
    /// How natural the reading is, in (0, 1]: 1.0 when the Latin word is a usual transliteration of
    /// the vocabulary word; 0.9–0.95 with one unusual choice (к as "c", и as "y"); about 0.85 with
    /// one typo or another ending in a long word, 0.75–0.8 in a short one or with two slips; lower
    /// is a stretch. At or above 0.9 is a close reading. Like the matcher's typo similarity
    /// (1 − edits / length), except that length counts at most eight letters, so a long English
    /// cognate ("universities" → университет, 0.84) stays below a close reading.
    pub similarity: f32,
}

/// A reverse transliteration index over Russian and Persian vocabulary words, built once with the
/// matcher's index; lookups cost a few hash probes and a handful of short alignments.
pub struct TranslitIndex {
    words: Vec<Box<str>>,
    /// Each word's letters, ready for alignment, and its script.
    letters: Vec<Box<[char]>>,
    scripts: Vec<Script>,
    russian: Buckets,
    persian: Buckets,
}

impl TranslitIndex {
    /// Indexes normalised vocabulary words (as [`super::normalize`] produces them): each Cyrillic or
    /// Persian-letter word once; Latin, mixed-script, digit and over-long words are skipped. Linear in
    /// the vocabulary's size.
    pub fn build<'a>(words: impl IntoIterator<Item = &'a str>) -> TranslitIndex {
        let mut index = TranslitIndex {
            words: Vec::new(),
            letters: Vec::new(),
            scripts: Vec::new(),
            russian: Buckets::default(),
            persian: Buckets::default(),
        };
        let mut seen: HashSet<&'a str> = HashSet::new();
        let mut russian_rows = Vec::new();
        let mut persian_rows = Vec::new();
        let mut hashes = Vec::new();
        for word in words {
            let letters: Vec<char> = word.chars().map(fold_letter).collect();
            let Some(script) = word_script(&letters) else {
                continue;
            };
            if !seen.insert(word) {
                continue;
            }
            let id = index.words.len() as u32;
            hashes.clear();
            for (key, fuzzy) in vocabulary_keys(script, &letters) {
                add_key_hashes(&key, fuzzy, &mut hashes);
            }
            hashes.sort_unstable();
            hashes.dedup();
            let rows = if script == Script::Cyrillic {
                &mut russian_rows
            } else {
                &mut persian_rows
            };
            rows.extend(hashes.iter().map(|&h| (h, id)));
            index.words.push(word.into());
            index.letters.push(letters.into());
            index.scripts.push(script);
        }
        index.russian = Buckets::from_rows(russian_rows);
        index.persian = Buckets::from_rows(persian_rows);
        index
    }

    /// The vocabulary words `latin_word` (one normalised word: lower-case Latin letters, digits such
    /// as the 4 of "4to") could be a transliteration of, best first, at most five, none below 0.5.
    /// Russian and Persian readings come together; ties keep the build order. Anything else (other
    /// scripts, punctuation, over-long words) finds nothing.
    pub fn candidates(&self, latin_word: &str) -> Vec<TranslitMatch> {
        let Some(latin) = latin_letters(latin_word) else {
            return Vec::new();
        };
        let mut found: Vec<(f32, u32)> = Vec::new();
        let mut scored = [Vec::new(), Vec::new()];
        let scripts = [Script::Cyrillic, Script::Arabic];
        let mut best = 0.0f32;
        for (script, scored) in scripts.iter().zip(&mut scored) {
            best =
                best.max(self.search(*script, &latin, MIN_SIMILARITY, false, scored, &mut found));
        }
        // Typo variants only when neither script has a close reading.
        if best < CLOSE {
            for (script, scored) in scripts.iter().zip(&mut scored) {
                best = best.max(self.search(
                    *script,
                    &latin,
                    MIN_SIMILARITY,
                    true,
                    scored,
                    &mut found,
                ));
            }
        }
        let mut matches: Vec<TranslitMatch> = Vec::new();
        if best < COMPOUND_BELOW
            && let Some(compound) = self.compound(&latin)
        {
            matches.push(compound);
        }
        // Each word was aligned once (the scripts' ids are disjoint): no duplicates to drop.
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        found.truncate(MAX_RESULTS);
        matches.extend(found.into_iter().map(|(similarity, id)| TranslitMatch {
            word: self.words[id as usize].to_string(),
            script: self.scripts[id as usize],
            similarity,
        }));
        matches.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        matches.truncate(MAX_RESULTS);
        matches
    }

    /// Aligns the words under `latin`'s keys in one script, or with `fuzzy` under their deletion
    /// variants, that are not yet `scored`, and adds those reading at or above `floor` to `found`.
    /// Returns the best similarity seen.
    fn search(
        &self,
        script: Script,
        latin: &[u8],
        floor: f32,
        fuzzy: bool,
        scored: &mut Vec<u32>,
        found: &mut Vec<(f32, u32)>,
    ) -> f32 {
        let buckets = if script == Script::Cyrillic {
            &self.russian
        } else {
            &self.persian
        };
        if buckets.is_empty() {
            return 0.0;
        }
        let keys = latin_keys(script, latin);
        let mut best = 0.0f32;
        for key in &keys {
            if !fuzzy {
                let ids = buckets.get(hash(key, None));
                best = best.max(self.score(script, latin, ids, floor, scored, found));
            } else if key.len() >= MIN_FUZZY_KEY {
                for skip in 0..key.len() {
                    let ids = buckets.get(hash(key, Some(skip)));
                    best = best.max(self.score(script, latin, ids, floor, scored, found));
                }
            }
        }
        best
    }

    /// Aligns `latin` with each word of `ids` not yet `scored` (up to [`MAX_SCORED`] in all),
    /// keeping those at or above `floor` in `found`; returns the best similarity.
    fn score(
        &self,
        script: Script,
        latin: &[u8],
        ids: &[u32],
        floor: f32,
        scored: &mut Vec<u32>,
        found: &mut Vec<(f32, u32)>,
    ) -> f32 {
        let mut best = 0.0f32;
        for &id in ids {
            if scored.len() >= MAX_SCORED {
                break;
            }
            if scored.contains(&id) {
                continue;
            }
            scored.push(id);
            if let Some(similarity) = similarity(script, &self.letters[id as usize], latin, floor) {
                best = best.max(similarity);
                found.push((similarity, id));
            }
        }
        best
    }

    /// The best split of `latin` into two Persian words that each read as written, as one match.
    fn compound(&self, latin: &[u8]) -> Option<TranslitMatch> {
        const MIN_PART: usize = 3;
        const EXACT: f32 = 0.95;
        if self.persian.is_empty() || latin.len() < 2 * MIN_PART {
            return None;
        }
        let best_of = |part: &[u8]| -> Option<(f32, u32)> {
            let mut found = Vec::new();
            self.search(
                Script::Arabic,
                part,
                EXACT,
                false,
                &mut Vec::new(),
                &mut found,
            );
            found
                .into_iter()
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        };
        let mut best: Option<(f32, u32, u32)> = None;
        for split in MIN_PART..=latin.len() - MIN_PART {
            let (left, right) = latin.split_at(split);
            let Some((sl, wl)) = best_of(left) else {
                continue;
            };
            let Some((sr, wr)) = best_of(right) else {
                continue;
            };
            // Weighted by length, and below a single word that reads as well: two words are
            // more often a coincidence than one.
            let joint = (sl * left.len() as f32 + sr * right.len() as f32) / latin.len() as f32;
            let joint = joint * 0.9;
            if best.is_none_or(|b| joint > b.0) {
                best = Some((joint, wl, wr));
            }
        }
        best.map(|(similarity, left, right)| TranslitMatch {
            word: format!(
                "{} {}",
                self.words[left as usize], self.words[right as usize]
            ),
            script: Script::Arabic,
            similarity,
        })
    }
}

/// Hash buckets of word ids: `ids[start..start + len]` for each key hash, in build order.
#[derive(Default)]
struct Buckets {
    spans: HashMap<u64, (u32, u32)>,
    ids: Vec<u32>,
}

impl Buckets {
    /// Groups `(hash, id)` rows by hash with a counting pass, keeping each bucket in id order.
    fn from_rows(rows: Vec<(u64, u32)>) -> Buckets {
        let mut spans: HashMap<u64, (u32, u32)> = HashMap::with_capacity(rows.len() / 2);
        for &(hash, _) in &rows {
            spans.entry(hash).or_default().1 += 1;
        }
        let mut next = 0u32;
        for span in spans.values_mut() {
            let len = span.1;
            *span = (next, 0);
            next += len;
        }
        let mut ids = vec![0u32; rows.len()];
        for (hash, id) in rows {
            if let Some(span) = spans.get_mut(&hash) {
                ids[(span.0 + span.1) as usize] = id;
                span.1 += 1;
            }
        }
        Buckets { spans, ids }
    }

    fn get(&self, hash: u64) -> &[u32] {
        match self.spans.get(&hash) {
            Some(&(start, len)) => &self.ids[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The hash of a key of a word and, if `fuzzy`, of each of its one-deletion variants.
fn add_key_hashes(key: &[u8], fuzzy: bool, hashes: &mut Vec<u64>) {
    hashes.push(hash(key, None));
    if fuzzy && key.len() >= MIN_FUZZY_KEY {
        hashes.extend((0..key.len()).map(|skip| hash(key, Some(skip))));
    }
}

/// FNV-1a over `key` without the symbol at `skip`: a deletion variant without building it.
fn hash(key: &[u8], skip: Option<usize>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &b) in key.iter().enumerate() {
        if Some(i) != skip {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Letter forms that `normalize` folds (Arabic forms of Persian letters, ё), so a word given
/// unnormalised still indexes.
fn fold_letter(c: char) -> char {
    match c {
        'ي' | 'ى' | 'ئ' => 'ی',
        'ك' => 'ک',
        'ة' | 'ۀ' => 'ه',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ؤ' => 'و',
        'ё' => 'е',
        c => c,
    }
}

/// Cyrillic or Arabic when every character is a letter of that script and the word fits.
fn word_script(letters: &[char]) -> Option<Script> {
    if letters.is_empty() || letters.len() > MAX_WORD {
        return None;
    }
    let script = script_of(letters[0]);
    let letters_ok = letters
        .iter()
        .all(|&c| c.is_alphabetic() && script_of(c) == script);
    (letters_ok && matches!(script, Script::Cyrillic | Script::Arabic)).then_some(script)
}

/// The lower-case ASCII bytes of a Latin query word, or `None` if it is not one.
fn latin_letters(word: &str) -> Option<Vec<u8>> {
    if word.is_empty() || word.len() > MAX_WORD {
        return None;
    }
    let bytes: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let valid = bytes
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'\'');
    (valid && bytes.iter().any(u8::is_ascii_lowercase)).then_some(bytes)
}

#[cfg(test)]
mod tests;
