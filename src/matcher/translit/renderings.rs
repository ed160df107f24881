//! How each Russian and Persian letter is written in Latin letters, with how unusual each
//! spelling is: 0 for the usual ones (ч as "ch", ы as "y", ی as "ee"), up to 0.7 for a stretch.
//! A letter's spellings can depend on its neighbours (after a vowel, е is as usually "ye" as "e";
//! Persian ا, و, ی and ه differ at the start and the end of a word). The table is data for the
//! alignment in `align`.

use crate::lang::Script;

/// The Latin spellings of a vocabulary letter, with how unusual each is (0 for the usual ones).
pub(super) fn renderings(
    script: Script,
    prev: Option<char>,
    letter: char,
    next: Option<char>,
) -> &'static [(&'static str, f32)] {
    if script == Script::Arabic {
        persian_renderings(prev, letter, next)
    } else {
        russian_renderings(prev, letter, next)
    }
}

/// A Russian letter's spellings, by whether a vowel (or nothing) comes before it and whether it
/// ends the word.
fn russian_renderings(
    prev: Option<char>,
    letter: char,
    next: Option<char>,
) -> &'static [(&'static str, f32)] {
    let after_vowel = prev.is_none_or(|p| {
        matches!(
            p,
            'а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'ь' | 'ъ'
        )
    });
    match letter {
        'а' => &[("a", 0.0), ("o", 0.4)],
        'б' => &[("b", 0.0), ("p", 0.5)],
        'в' => &[("v", 0.0), ("w", 0.3), ("f", 0.5)],
        'г' => &[("g", 0.0), ("gh", 0.5), ("v", 0.5), ("h", 0.6)],
        'д' => &[("d", 0.0), ("t", 0.5)],
        'е' if after_vowel => &[
            ("e", 0.0),
            ("ye", 0.0),
            ("je", 0.1),
            ("ie", 0.2),
            ("yo", 0.2),
            ("jo", 0.3),
            ("io", 0.3),
            ("i", 0.5),
            ("o", 0.5),
        ],
        'е' => &[
            ("e", 0.0),
            ("ye", 0.2),
            ("yo", 0.2),
            ("je", 0.3),
            ("ie", 0.3),
            ("jo", 0.3),
            ("io", 0.3),
            ("o", 0.4),
            ("i", 0.5),
        ],
        'ё' => &[
            ("yo", 0.0),
            ("jo", 0.1),
            ("io", 0.1),
            ("e", 0.1),
            ("o", 0.3),
        ],
        'ж' => &[
            ("zh", 0.0),
            ("j", 0.2),
            ("jh", 0.3),
            ("z", 0.4),
            ("g", 0.6),
            ("sh", 0.6),
        ],
        'з' => &[("z", 0.0), ("3", 0.3), ("s", 0.5)],
        'и' => &[
            ("i", 0.0),
            ("yi", 0.3),
            ("ji", 0.3),
            ("y", 0.5),
            ("ee", 0.5),
            ("e", 0.5),
        ],
        'й' if next.is_none() && !after_vowel => &[("y", 0.0), ("i", 0.0), ("j", 0.1)],
        'й' if next.is_none() => &[("y", 0.0), ("i", 0.0), ("j", 0.1), ("", 0.3)],
        'й' => &[("y", 0.0), ("i", 0.0), ("j", 0.1)],
        'к' => &[("k", 0.0), ("q", 0.5), ("ck", 0.5), ("c", 0.6), ("g", 0.6)],
        'л' => &[("l", 0.0)],
        'м' => &[("m", 0.0)],
        'н' => &[("n", 0.0)],
        'о' => &[("o", 0.0), ("a", 0.4)],
        'п' => &[("p", 0.0)],
        'р' => &[("r", 0.0)],
        'с' => &[("s", 0.0), ("c", 0.5), ("z", 0.6)],
        'т' => &[("t", 0.0), ("th", 0.5), ("d", 0.5)],
        'у' => &[("u", 0.0), ("oo", 0.3), ("ou", 0.3), ("w", 0.6), ("y", 0.7)],
        'ф' => &[("f", 0.0), ("ph", 0.2), ("v", 0.5)],
        'х' => &[
            ("kh", 0.0),
            ("h", 0.0),
            ("x", 0.1),
            ("hh", 0.2),
            ("ch", 0.6),
            ("k", 0.6),
        ],
        'ц' => &[
            ("ts", 0.0),
            ("c", 0.0),
            ("tz", 0.2),
            ("cz", 0.3),
            ("tc", 0.3),
            ("z", 0.4),
            ("s", 0.6),
        ],
        'ч' => &[
            ("ch", 0.0),
            ("4", 0.1),
            ("tch", 0.2),
            ("tsch", 0.3),
            ("sh", 0.4),
            ("c", 0.5),
            ("h", 0.7),
        ],
        'ш' => &[
            ("sh", 0.0),
            ("w", 0.2),
            ("sch", 0.3),
            ("6", 0.3),
            ("sz", 0.4),
            ("s", 0.6),
            ("ch", 0.6),
        ],
        'щ' => &[
            ("sch", 0.0),
            ("shch", 0.0),
            ("sh", 0.1),
            ("shh", 0.2),
            ("w", 0.3),
            ("sc", 0.3),
            ("6", 0.4),
            ("ch", 0.6),
            ("s", 0.7),
        ],
        'ъ' => &[("", 0.0), ("'", 0.0), ("y", 0.4)],
        'ы' => &[
            ("y", 0.0),
            ("i", 0.1),
            ("yi", 0.2),
            ("ui", 0.3),
            ("e", 0.6),
            ("u", 0.7),
        ],
        'ь' => &[("", 0.0), ("'", 0.0), ("i", 0.3), ("y", 0.3), ("j", 0.4)],
        'э' => &[("e", 0.0), ("ae", 0.3), ("a", 0.6)],
        'ю' => &[
            ("yu", 0.0),
            ("iu", 0.0),
            ("ju", 0.1),
            ("you", 0.3),
            ("u", 0.3),
            ("y", 0.7),
        ],
        'я' => &[
            ("ya", 0.0),
            ("ia", 0.0),
            ("ja", 0.1),
            ("a", 0.3),
            ("e", 0.6),
        ],
        _ => &[],
    }
}

/// A Persian letter's spellings, by the letters around it: an alef, و, ه and ی are written
/// differently at the start, after a long vowel and at the end of a word.
fn persian_renderings(
    prev: Option<char>,
    letter: char,
    next: Option<char>,
) -> &'static [(&'static str, f32)] {
    let initial = prev.is_none();
    let last = next.is_none();
    match letter {
        // An initial alef carries the word's first vowel; before ی or و that vowel is theirs.
        'ا' if initial && matches!(next, Some('ی' | 'و')) => {
            &[("", 0.0), ("a", 0.0), ("e", 0.0), ("o", 0.0), ("aa", 0.1)]
        }
        'ا' if initial => &[
            ("a", 0.0),
            ("e", 0.0),
            ("o", 0.0),
            ("aa", 0.1),
            ("i", 0.1),
            ("u", 0.2),
            ("", 0.2),
        ],
        // A final alef may carry the tanvin normalisation drops: لطفا is "lotfan".
        'ا' if last => &[
            ("a", 0.0),
            ("aa", 0.0),
            ("an", 0.1),
            ("o", 0.5),
            ("e", 0.5),
            ("u", 0.6),
        ],
        'ا' => &[("a", 0.0), ("aa", 0.0), ("o", 0.5), ("e", 0.5), ("u", 0.6)],
        'ب' => &[("b", 0.0), ("p", 0.6)],
        'پ' => &[("p", 0.0), ("b", 0.6)],
        'ت' | 'ط' => &[("t", 0.0), ("d", 0.6)],
        'ث' => &[("s", 0.0), ("th", 0.3), ("c", 0.5)],
        'س' | 'ص' => &[("s", 0.0), ("c", 0.5)],
        'ج' => &[("j", 0.0), ("dj", 0.3), ("g", 0.6)],
        'چ' => &[("ch", 0.0), ("tch", 0.3), ("c", 0.4)],
        'ح' => &[("h", 0.0), ("", 0.5)],
        'خ' => &[("kh", 0.0), ("x", 0.0), ("h", 0.4), ("ch", 0.5), ("k", 0.6)],
        'د' => &[("d", 0.0), ("t", 0.6)],
        'ذ' => &[("z", 0.0), ("th", 0.4), ("dh", 0.4), ("d", 0.6)],
        'ر' => &[("r", 0.0)],
        'ز' | 'ظ' => &[("z", 0.0), ("s", 0.6)],
        'ض' => &[("z", 0.0), ("dh", 0.4), ("d", 0.5)],
        'ژ' => &[("zh", 0.0), ("j", 0.3), ("z", 0.5), ("g", 0.6)],
        'ش' => &[("sh", 0.0), ("sch", 0.3), ("ch", 0.5), ("s", 0.6)],
        'ع' => &[
            ("", 0.0),
            ("'", 0.0),
            ("a", 0.0),
            ("e", 0.0),
            ("o", 0.0),
            ("aa", 0.1),
            ("i", 0.1),
        ],
        'ء' => &[("", 0.0), ("'", 0.0)],
        'غ' => &[("gh", 0.0), ("q", 0.1), ("g", 0.4), ("kh", 0.6)],
        'ق' => &[("gh", 0.0), ("q", 0.0), ("g", 0.4), ("k", 0.6)],
        'ف' => &[("f", 0.0), ("ph", 0.3), ("v", 0.6)],
        'ک' => &[("k", 0.0), ("ck", 0.4), ("c", 0.5), ("q", 0.6), ("g", 0.6)],
        'گ' => &[("g", 0.0), ("gh", 0.4), ("k", 0.6)],
        'ل' => &[("l", 0.0)],
        'م' => &[("m", 0.0)],
        'ن' => &[("n", 0.0), ("m", 0.6)],
        // و starting a word is v ("va", "vazir") or the conjunction o.
        'و' if initial => &[("v", 0.0), ("o", 0.0), ("va", 0.0), ("w", 0.1), ("u", 0.1)],
        // After a long vowel it is a consonant again ("divar", "javab").
        'و' if matches!(prev, Some('ا' | 'ی' | 'و')) => {
            &[("v", 0.0), ("w", 0.1), ("u", 0.2), ("o", 0.3)]
        }
        'و' => &[
            ("u", 0.0),
            ("o", 0.0),
            ("oo", 0.0),
            ("ou", 0.0),
            ("ow", 0.0),
            ("v", 0.0),
            ("ov", 0.1),
            ("w", 0.1),
            ("aw", 0.2),
            ("av", 0.2),
        ],
        'ه' if initial => &[("h", 0.0)],
        // A final ه is mostly the vowel e: "name", "nameh", "jalase", "jalasa"; after ا it is h.
        'ه' if last => &[
            ("e", 0.0),
            ("eh", 0.0),
            ("h", 0.0),
            ("", 0.1),
            ("ah", 0.1),
            ("a", 0.2),
        ],
        'ه' => &[("h", 0.0), ("", 0.5), ("e", 0.5)],
        'ی' if initial => &[("y", 0.0), ("i", 0.0), ("ee", 0.2), ("e", 0.5)],
        'ی' if last => &[
            ("i", 0.0),
            ("ey", 0.0),
            ("ee", 0.1),
            ("ei", 0.1),
            ("ay", 0.1),
            ("ai", 0.1),
            ("iy", 0.1),
            ("ye", 0.1),
            ("y", 0.3),
            ("ie", 0.3),
            ("e", 0.4),
        ],
        'ی' => &[
            ("i", 0.0),
            ("y", 0.0),
            ("ee", 0.0),
            ("ey", 0.0),
            ("ei", 0.1),
            ("ay", 0.1),
            ("ai", 0.1),
            ("iy", 0.1),
            ("ye", 0.2),
            ("ie", 0.2),
            ("e", 0.4),
        ],
        _ => &[],
    }
}
