//! Keys: the coarse romanisation that makes the many spellings of a word one. A vocabulary word
//! is keyed letter by letter into a small alphabet (Russian vowels in three classes, Persian as a
//! consonant skeleton with two vowel classes, letters that sound alike as one symbol, runs
//! collapsed); a Latin word is read sound by sound into the same alphabet, an ambiguous letter
//! (j, c, x, w; a Persian o) giving alternative keys. Words whose keys meet are the candidates the
//! alignment then scores. See the parent module for the classes and why.

use crate::lang::Script;

use super::MIN_FUZZY_KEY;
use super::align::MAX_ENDING;

/// The most alternative keys one Latin word expands to, per script.
const MAX_KEYS: usize = 8;

/// The keys of a vocabulary word, each with whether its deletion variants are indexed too: a
/// Persian word ending in ه is keyed with and without it; a long Russian word also under its key
/// without the last one to [`MAX_ENDING`] symbols, so a shorter form of it ("peterburg" for
/// петербургский, "sotrudnich" for сотрудничество) finds it.
pub(super) fn vocabulary_keys(script: Script, letters: &[char]) -> Vec<(Vec<u8>, bool)> {
    let mut key = Vec::with_capacity(letters.len() + 2);
    for &c in letters {
        key.extend_from_slice(if script == Script::Cyrillic {
            russian_symbol(c)
        } else {
            persian_symbol(c)
        });
    }
    let key = collapse(key);
    let mut keys = Vec::new();
    if script == Script::Arabic && letters.last() == Some(&'ه') && letters.len() > 1 {
        let mut without = key.clone();
        without.pop();
        keys.push((without, true));
    }
    if script == Script::Cyrillic {
        for cut in 1..=MAX_ENDING {
            if key.len() >= MIN_FUZZY_KEY + cut {
                keys.push((key[..key.len() - cut].to_vec(), false));
            }
        }
    }
    keys.insert(0, (key, true));
    keys
}

/// A Russian letter's key symbols.
fn russian_symbol(c: char) -> &'static [u8] {
    match c {
        'а' | 'о' => b"a",
        'я' => b"ia",
        'е' | 'ё' | 'э' | 'и' | 'ы' | 'й' => b"i",
        'у' => b"u",
        'ю' => b"iu",
        'б' => b"b",
        'в' => b"v",
        'г' => b"g",
        'д' => b"d",
        'ж' | 'з' => b"z",
        'к' => b"k",
        'л' => b"l",
        'м' => b"m",
        'н' => b"n",
        'п' => b"p",
        'р' => b"r",
        'с' => b"s",
        'т' => b"t",
        'ф' => b"f",
        'х' => b"h",
        'ц' => b"ts",
        'ч' | 'ш' | 'щ' => b"S",
        'ь' | 'ъ' => b"",
        _ => b"#",
    }
}

/// A Persian letter's key symbol.
fn persian_symbol(c: char) -> &'static [u8] {
    match c {
        'ا' | 'ع' | 'ء' => b"",
        'ب' => b"b",
        'پ' => b"p",
        'ت' | 'ط' => b"t",
        'ث' | 'س' | 'ص' => b"s",
        'ج' => b"j",
        'چ' => b"C",
        'ح' | 'ه' => b"h",
        'خ' => b"x",
        'د' => b"d",
        'ذ' | 'ز' | 'ض' | 'ظ' => b"z",
        'ر' => b"r",
        'ژ' => b"Z",
        'ش' => b"S",
        'غ' | 'ق' => b"q",
        'ف' => b"f",
        'ک' => b"k",
        'گ' => b"g",
        'ل' => b"l",
        'م' => b"m",
        'ن' => b"n",
        'و' => b"U",
        'ی' => b"I",
        _ => b"#",
    }
}

/// Runs of one symbol as one: doubled letters and vowel pairs ("ii", "ee") are not told apart.
fn collapse(mut key: Vec<u8>) -> Vec<u8> {
    key.dedup();
    key
}

/// The keys a Latin word may stand for in `script`, the likeliest first, at most [`MAX_KEYS`].
pub(super) fn latin_keys(script: Script, latin: &[u8]) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = vec![Vec::new()];
    let mut at = 0;
    while at < latin.len() {
        let sound = if script == Script::Cyrillic {
            russian_sound(&latin[at..])
        } else {
            persian_sound(&latin[at..])
        };
        at += sound.len;
        if let [only] = sound.options() {
            for key in &mut keys {
                key.extend_from_slice(only);
            }
            continue;
        }
        let mut grown = Vec::with_capacity(MAX_KEYS);
        for option in sound.options() {
            for key in &keys {
                if grown.len() < MAX_KEYS {
                    let mut key = key.clone();
                    key.extend_from_slice(option);
                    grown.push(key);
                }
            }
        }
        keys = grown;
    }
    let mut unique: Vec<Vec<u8>> = Vec::with_capacity(keys.len());
    for key in keys.into_iter().map(collapse) {
        if !unique.contains(&key) {
            unique.push(key);
        }
    }
    unique
}

/// One Latin sound: how many bytes it takes and the one or two key spellings it may have.
#[derive(Clone, Copy)]
struct Sound {
    len: usize,
    options: [&'static [u8]; 2],
    count: usize,
}

impl Sound {
    fn one(len: usize, key: &'static [u8]) -> Sound {
        Sound {
            len,
            options: [key, b""],
            count: 1,
        }
    }

    fn two(len: usize, first: &'static [u8], second: &'static [u8]) -> Sound {
        Sound {
            len,
            options: [first, second],
            count: 2,
        }
    }

    fn options(&self) -> &[&'static [u8]] {
        &self.options[..self.count]
    }
}

/// A Latin letter or digit that keys as itself.
fn itself(b: u8) -> &'static [u8] {
    static ASCII: [u8; 128] = {
        let mut table = [0u8; 128];
        let mut i = 0;
        while i < 128 {
            table[i] = i as u8;
            i += 1;
        }
        table
    };
    std::slice::from_ref(&ASCII[usize::from(b & 0x7f)])
}

/// The next Russian sound of a Latin word.
fn russian_sound(rest: &[u8]) -> Sound {
    const DIGRAPHS: [(&[u8], &[u8]); 12] = [
        (b"shch", b"S"),
        (b"tsch", b"S"),
        (b"sch", b"S"),
        (b"tch", b"S"),
        (b"sh", b"S"),
        (b"ch", b"S"),
        (b"zh", b"z"),
        (b"kh", b"h"),
        (b"ts", b"ts"),
        (b"tz", b"ts"),
        (b"ph", b"f"),
        (b"ck", b"k"),
    ];
    if let Some((latin, key)) = DIGRAPHS.iter().find(|(latin, _)| rest.starts_with(latin)) {
        return Sound::one(latin.len(), key);
    }
    match rest[0] {
        b'a' | b'o' => Sound::one(1, b"a"),
        b'e' | b'i' | b'y' => Sound::one(1, b"i"),
        b'j' => Sound::two(1, b"i", b"z"),
        b'c' => Sound::two(1, b"ts", b"k"),
        b'x' => Sound::two(1, b"h", b"ks"),
        b'w' => Sound::two(1, b"S", b"v"),
        b'q' => Sound::one(1, b"k"),
        b'4' | b'6' => Sound::one(1, b"S"),
        b'\'' => Sound::one(1, b""),
        other => Sound::one(1, itself(other)),
    }
}

/// The next Persian sound of a Latin word.
fn persian_sound(rest: &[u8]) -> Sound {
    const DIGRAPHS: [(&[u8], &[u8]); 11] = [
        (b"kh", b"x"),
        (b"gh", b"q"),
        (b"sh", b"S"),
        (b"ch", b"C"),
        (b"zh", b"Z"),
        (b"oo", b"U"),
        (b"ou", b"U"),
        (b"ow", b"U"),
        (b"ee", b"I"),
        (b"aa", b""),
        (b"ph", b"f"),
    ];
    if let Some((latin, key)) = DIGRAPHS.iter().find(|(latin, _)| rest.starts_with(latin)) {
        return Sound::one(latin.len(), key);
    }
    match rest[0] {
        b'a' | b'e' | b'\'' => Sound::one(1, b""),
        // A word-final o is usually و (mosko, to, do); inside a word, usually a short vowel.
        b'o' if rest.len() == 1 => Sound::two(1, b"U", b""),
        b'o' => Sound::two(1, b"", b"U"),
        b'u' | b'v' | b'w' => Sound::one(1, b"U"),
        b'i' | b'y' => Sound::one(1, b"I"),
        b'c' => Sound::one(1, b"k"),
        other => Sound::one(1, itself(other)),
    }
}
