//! Scoring a candidate: how naturally a Latin word transliterates a vocabulary word, by the
//! cheapest alignment of the two. Each vocabulary letter is written by one of its renderings (the
//! usual ones free, rarer ones a little: `renderings`), or left out, or swapped for another Latin
//! letter; extra Latin letters are inserted; an inflectional ending may go unwritten. The costs
//! below are what a slip of each kind costs; the cost over the word's length gives the similarity.

use crate::lang::Script;

use super::MAX_WORD;
use super::renderings::renderings;

/// The most letters of a vocabulary word's end a Latin word may leave out, as another inflection or
/// a shorter derivation of it would: ский, ого, ами. Each costs [`ENDING_LETTER`].
pub(super) const MAX_ENDING: usize = 4;
const ENDING_LETTER: f32 = 0.25;

/// How naturally `latin` transliterates `word`, in [0, 1]: 1 − alignment cost / length; `None`
/// when below `floor` (the alignment gives up as soon as it cannot reach it).
pub(super) fn similarity(script: Script, word: &[char], latin: &[u8], floor: f32) -> Option<f32> {
    let length = ((word.len() + latin.len()) as f32 / 2.0).clamp(3.0, 8.0);
    let budget = (1.0 - floor) * length;
    let cost = alignment_cost(script, word, latin, budget)?;
    let similarity = (1.0 - cost / length).max(0.0);
    (similarity >= floor).then_some(similarity)
}

/// The cheapest way to write `word` as `latin`, if it costs at most `budget`: each letter takes one
/// of its renderings, or is dropped, or swapped for another Latin letter; extra Latin letters are
/// inserted; an ending may go unwritten. A dynamic programme over the vocabulary word's letters,
/// one row per letter; a rendering consumes one letter, so two rows suffice.
fn alignment_cost(script: Script, word: &[char], latin: &[u8], budget: f32) -> Option<f32> {
    const SIDE: usize = MAX_WORD + 1;
    let (n, m) = (word.len().min(MAX_WORD), latin.len().min(MAX_WORD));
    let mut row = [f32::INFINITY; SIDE];
    let mut next = [f32::INFINITY; SIDE];
    // The cost of all of `latin` after each row, for the unwritten endings.
    let mut ends = [f32::INFINITY; SIDE];
    row[0] = 0.0;
    for i in 0..=n {
        // Extra Latin letters within this row, left to right.
        for j in 0..m {
            let cost = row[j] + insert_cost(script, latin, j);
            relax(&mut row[j + 1], cost);
        }
        ends[i] = row[m];
        if i == n {
            break;
        }
        // Costs only grow along an alignment, and every alignment that may still end within the
        // budget passes through this row (or ends in an ending at most MAX_ENDING rows back).
        if i + MAX_ENDING < n && row[..=m].iter().all(|&c| c > budget) {
            return None;
        }
        let letter = word[i];
        let prev = i.checked_sub(1).map(|k| word[k]);
        let following = word.get(i + 1).copied();
        let deletion = delete_cost(script, prev, letter);
        let options = renderings(script, prev, letter, following);
        next[..=m].fill(f32::INFINITY);
        for j in 0..=m {
            let here = row[j];
            if here > budget {
                continue;
            }
            relax(&mut next[j], here + deletion);
            let rest = &latin[j..m];
            for &(chunk, cost) in options {
                if rest.starts_with(chunk.as_bytes()) {
                    relax(&mut next[j + chunk.len()], here + cost);
                }
            }
            if j < m {
                relax(
                    &mut next[j + 1],
                    here + substitute_cost(script, letter, latin[j]),
                );
            }
        }
        std::mem::swap(&mut row, &mut next);
    }
    // An inflectional ending of the word may go unwritten: cheaper than deleting its letters.
    let cost = (0..=MAX_ENDING.min(n.saturating_sub(2)))
        .filter(|&left| left == 0 || is_ending(script, &word[n - left..]))
        .map(|left| ends[n - left] + left as f32 * ENDING_LETTER)
        .fold(f32::INFINITY, f32::min);
    (cost <= budget).then_some(cost)
}

/// Whether `tail` is a common inflectional or derivational ending (Russian case endings and
/// -ский; Persian plural, adjectival and possessive suffixes written joined).
fn is_ending(script: Script, tail: &[char]) -> bool {
    const RUSSIAN: &[&str] = &[
        "а", "я", "о", "е", "ы", "и", "у", "ю", "й", "ь", "ой", "ей", "ий", "ый", "ая", "ое", "ее",
        "ие", "ые", "ую", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ми", "ами", "ями",
        "ого", "его", "ому", "ему", "ими", "ыми", "ых", "их", "ский", "ская", "ское", "ские",
        "ским", "ских", "ском", "ство", "ства", "стве", "ству", "ость", "ости", "ние", "ния",
        "нии", "нию",
    ];
    // Not the one-letter clitics ش م ت: too often the last letter of a stem.
    const PERSIAN: &[&str] = &[
        "ی", "ها", "های", "ان", "ای", "اش", "ام", "ات", "تر", "یی", "ین",
    ];
    let list = if script == Script::Cyrillic {
        RUSSIAN
    } else {
        PERSIAN
    };
    list.iter()
        .any(|ending| ending.chars().eq(tail.iter().copied()))
}

fn relax(cell: &mut f32, cost: f32) {
    if cost < *cell {
        *cell = cost;
    }
}

/// Latin vowels; y is one in Russian transliteration (ы) but a consonant in Finglish.
fn is_latin_vowel(script: Script, b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u') || (b == b'y' && script == Script::Cyrillic)
}

/// The cost of a Latin letter with no vocabulary letter behind it.
fn insert_cost(script: Script, latin: &[u8], j: usize) -> f32 {
    let c = latin[j];
    let prev = j.checked_sub(1).map(|k| latin[k]);
    if c == b'\'' {
        return 0.0;
    }
    if prev == Some(c) {
        // Doubled letters: "tashakkor", "rossiya".
        return 0.1;
    }
    let after_consonant = prev.is_some_and(|p| !is_latin_vowel(script, p) && p != b'\'');
    match script {
        Script::Arabic => match c {
            // Persian does not write short vowels: a, e and o after a consonant are free, except
            // at the end, where only the ezafe e goes unwritten ("daneshgah-e").
            b'e' if after_consonant && j + 1 == latin.len() => 0.2,
            b'a' | b'o' if j + 1 == latin.len() => 0.6,
            b'a' | b'e' | b'o' if after_consonant => 0.0,
            b'a' | b'e' | b'o' => 0.6,
            b'i' | b'u' => 0.5,
            b'y' if prev.is_some_and(|p| is_latin_vowel(script, p)) => 0.4,
            b'h' => 0.6,
            _ => 1.0,
        },
        _ => match c {
            _ if is_latin_vowel(script, c) => 0.7,
            b'h' if after_consonant => 0.6,
            b'j' => 0.5,
            _ => 1.0,
        },
    }
}

/// The cost of a vocabulary letter the Latin word does not write.
fn delete_cost(script: Script, prev: Option<char>, letter: char) -> f32 {
    if prev == Some(letter) {
        return 0.2;
    }
    match script {
        Script::Arabic => match letter {
            'ا' | 'و' | 'ی' => 0.6,
            'ه' | 'ح' => 0.5,
            _ => 1.0,
        },
        _ => match letter {
            'а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' => 0.7,
            'й' => 0.4,
            _ => 1.0,
        },
    }
}

/// The cost of writing a vocabulary letter as a Latin letter that is not one of its renderings.
fn substitute_cost(script: Script, letter: char, latin: u8) -> f32 {
    let vowel_letter = match script {
        Script::Arabic => matches!(letter, 'ا' | 'و' | 'ی' | 'ع'),
        _ => matches!(
            letter,
            'а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'й'
        ),
    };
    if vowel_letter && is_latin_vowel(script, latin) {
        0.6
    } else {
        1.0
    }
}
