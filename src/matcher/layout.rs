//! Text typed with the wrong keyboard layout active ("Ghbdtn" for "Привет", "Цруку шы" for
//! "Where is"), retyped as if the intended layout had been on: each character becomes the one the
//! same key (and Shift state) gives on the other layout.
//!
//! The maps follow the standard layouts:
//! - US QWERTY and the Russian ЙЦУКЕН layout of Windows (the "Russian – PC" layout on macOS and
//!   Linux), including the keys that give punctuation on QWERTY (`,`→б `.`→ю `;`→ж `'`→э `[`→х
//!   `]`→ъ `` ` ``→ё `/`→`.` `?`→`,`) and the shifted digits (`@`→`"` `#`→№ `$`→`;` `^`→`:`
//!   `&`→`?`), checked against Android's `keyboard_layout_russian.kcm` ("a typical Russian PC
//!   keyboard layout", aosp-mirror/platform_frameworks_base, packages/InputDevices/res/raw).
//! - The Windows "Persian" layout (KBDFA), after the table generated from Microsoft's kbdfa page in
//!   Mottie/Keyboard `layouts/ms-Persian.js`; and ISIRI 9147, the Iranian national standard that
//!   Windows 8+ ships as "Persian (Standard)" and Linux as `ir(pes)`, after the ISIRI 9147 table on
//!   Wikipedia and xkeyboard-config `symbols/ir`. The two differ on a few keys (پ is `\` on
//!   Windows and `m` in ISIRI, where Windows has ئ) and on most shifted keys, so each has its own
//!   [`Layout`], and [`layouts_to_try`] offers the second only when the text has such a key.
//!   Windows' Shift+R (the four letters ریال) is left out: it is no single character. Shift+/ is
//!   taken as ؟ on both (the generated table repeats `/`, which the unshifted key already gives).
//!
//! Digits are left alone (ISIRI's digit keys give Persian digits, which normalisation folds to ASCII
//! anyway), as is everything outside the maps: spaces, emoji, other scripts.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lang::{Lang, Script, script_of};

/// What the user meant to type and which layout was on instead; each retypes one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Russian meant, the English (US) layout on: "Ghbdtn" → "Привет".
    RussianOnEnglish,
    /// English meant, the Russian ЙЦУКЕН layout on: "Цруку шы" → "Where is".
    EnglishOnRussian,
    /// Persian meant, the English layout on, read as the Windows "Persian" layout.
    PersianOnEnglish,
    /// Persian meant, the English layout on, read as ISIRI 9147 ("Persian (Standard)").
    PersianStandardOnEnglish,
    /// English meant, the Windows "Persian" layout on.
    EnglishOnPersian,
    /// English meant, the ISIRI 9147 ("Persian (Standard)") layout on.
    EnglishOnPersianStandard,
}

impl Layout {
    /// Every retyping, in the order [`layouts_to_try`] offers them.
    pub const ALL: [Layout; 6] = [
        Layout::RussianOnEnglish,
        Layout::PersianOnEnglish,
        Layout::PersianStandardOnEnglish,
        Layout::EnglishOnRussian,
        Layout::EnglishOnPersian,
        Layout::EnglishOnPersianStandard,
    ];

    /// The language the user meant, which the reply should follow once the retyped reading wins.
    pub fn intended(self) -> Lang {
        match self {
            Layout::RussianOnEnglish => Lang::Ru,
            Layout::PersianOnEnglish | Layout::PersianStandardOnEnglish => Lang::Fa,
            Layout::EnglishOnRussian
            | Layout::EnglishOnPersian
            | Layout::EnglishOnPersianStandard => Lang::En,
        }
    }

    /// A short English description for explanations (`/why`, `coop-bot why`).
    pub fn label(self) -> &'static str {
        match self {
            Layout::RussianOnEnglish => "Russian typed on the English layout",
            Layout::EnglishOnRussian => "English typed on the Russian layout",
            Layout::PersianOnEnglish => "Persian typed on the English layout (Windows Persian)",
            Layout::PersianStandardOnEnglish => {
                "Persian typed on the English layout (Persian Standard, ISIRI 9147)"
            }
            Layout::EnglishOnPersian => "English typed on the Persian layout (Windows Persian)",
            Layout::EnglishOnPersianStandard => {
                "English typed on the Persian layout (Persian Standard, ISIRI 9147)"
            }
        }
    }

    /// The key table behind this retyping, and whether it reads from the QWERTY column.
    fn table(self) -> (&'static KeyTable, bool) {
        match self {
            Layout::RussianOnEnglish => (&RUSSIAN, true),
            Layout::EnglishOnRussian => (&RUSSIAN, false),
            Layout::PersianOnEnglish => (&PERSIAN_WINDOWS, true),
            Layout::EnglishOnPersian => (&PERSIAN_WINDOWS, false),
            Layout::PersianStandardOnEnglish => (&PERSIAN_STANDARD, true),
            Layout::EnglishOnPersianStandard => (&PERSIAN_STANDARD, false),
        }
    }

    /// The character the key that gave `c` gives on the intended layout, if this layout moves it.
    fn map(self, c: char) -> Option<char> {
        MAPS[self as usize].get(&c).copied()
    }
}

/// Two layouts side by side: the i-th character of `qwerty` and of `other` come from the same key
/// and Shift state. Only keys whose characters differ are listed.
struct KeyTable {
    qwerty: &'static str,
    other: &'static str,
}

const RUSSIAN: KeyTable = KeyTable {
    qwerty: concat!(
        "`~@#$^&|",
        "qwertyuiop[]asdfghjkl;'zxcvbnm,./",
        "QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?",
    ),
    other: concat!(
        "ёЁ\"№;:?/",
        "йцукенгшщзхъфывапролджэячсмитьбю.",
        "ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,",
    ),
};

const PERSIAN_WINDOWS: KeyTable = KeyTable {
    qwerty: concat!(
        "`~()",
        "qwertyuiop[]\\asdfghjkl;'zxcvbnm,",
        "QWETYUIOP{}ASDFGHJKLZXCVBNM?",
    ),
    other: concat!(
        "÷×)(",
        "ضصثقفغعهخحجچپشسیبلاتنمکگظطزرذدئو",
        "\u{064B}\u{064C}\u{064D}،؛,][\\}{",
        "\u{064E}\u{064F}\u{0650}\u{0651}ۀآـ«»",
        "ةيژؤإأء؟",
    ),
};

const PERSIAN_STANDARD: KeyTable = KeyTable {
    qwerty: concat!(
        "`~@#$%^&()_",
        "qwertyuiop[]asdfghjkl;'zxcvbnm,",
        "QWERTYUIOP{}ASDFGHJKL\"ZXCVBNM<>?",
    ),
    other: concat!(
        "\u{200D}÷\u{066C}\u{066B}\u{FDFC}\u{066A}×،)(ـ",
        "ضصثقفغعهخحجچشسیبلاتنمکگظطزرذدپو",
        "\u{0652}\u{064C}\u{064D}\u{064B}\u{064F}\u{0650}\u{064E}\u{0651}][}{",
        "ؤئيإأآة»«؛",
        "ك\u{0653}ژ\u{0670}\u{200C}\u{0654}ء><؟",
    ),
};

/// One character map per [`Layout`], in declaration order.
static MAPS: LazyLock<Vec<HashMap<char, char>>> = LazyLock::new(|| {
    [
        Layout::RussianOnEnglish,
        Layout::EnglishOnRussian,
        Layout::PersianOnEnglish,
        Layout::PersianStandardOnEnglish,
        Layout::EnglishOnPersian,
        Layout::EnglishOnPersianStandard,
    ]
    .into_iter()
    .map(|layout| {
        let (table, from_qwerty) = layout.table();
        let pairs = table.qwerty.chars().zip(table.other.chars());
        if from_qwerty {
            pairs.collect()
        } else {
            pairs.map(|(q, o)| (o, q)).collect()
        }
    })
    .collect()
});

/// `text` as if typed on the intended layout of `layout`: every character some key gives on the
/// active layout becomes what that key gives on the intended one, the rest stays. Works on the raw
/// text, since punctuation keys are letters elsewhere ("ult ,elen" is "где будут"). `None` when the
/// retyping yields no letter: nothing there that the mix-up could explain.
pub fn retype(text: &str, layout: Layout) -> Option<String> {
    let mut out = String::with_capacity(text.len() * 2);
    let mut letters = false;
    for c in text.chars() {
        match layout.map(c) {
            Some(m) => {
                letters |= m.is_alphabetic();
                out.push(m);
            }
            None => out.push(c),
        }
    }
    letters.then_some(out)
}

/// The retypings worth trying for `text`, by the scripts of its letters, the most used script first:
/// Latin letters may be Russian or Persian typed on the English layout, Cyrillic ones English on the
/// Russian layout, Persian ones English on the Persian layout. The ISIRI reading of a Persian mix-up
/// is offered only when the text has a key on which it differs from the Windows one.
pub fn layouts_to_try(text: &str) -> Vec<Layout> {
    let (mut latin, mut cyrillic, mut arabic) = (0usize, 0usize, 0usize);
    let (mut latin_differs, mut arabic_differs) = (false, false);
    for c in text.chars() {
        match script_of(c) {
            Script::Latin if c.is_alphabetic() => latin += 1,
            Script::Cyrillic if c.is_alphabetic() => cyrillic += 1,
            Script::Arabic if c.is_alphabetic() => arabic += 1,
            _ => {}
        }
        latin_differs |= Layout::PersianOnEnglish.map(c) != Layout::PersianStandardOnEnglish.map(c);
        arabic_differs |=
            Layout::EnglishOnPersian.map(c) != Layout::EnglishOnPersianStandard.map(c);
    }
    let mut groups: Vec<(usize, Vec<Layout>)> = Vec::new();
    if latin > 0 {
        let mut group = vec![Layout::RussianOnEnglish, Layout::PersianOnEnglish];
        if latin_differs {
            group.push(Layout::PersianStandardOnEnglish);
        }
        groups.push((latin, group));
    }
    if cyrillic > 0 {
        groups.push((cyrillic, vec![Layout::EnglishOnRussian]));
    }
    if arabic > 0 {
        let mut group = vec![Layout::EnglishOnPersian];
        if arabic_differs {
            group.push(Layout::EnglishOnPersianStandard);
        }
        groups.push((arabic, group));
    }
    // Stable: equal counts keep the Latin, Cyrillic, Persian order.
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    groups.into_iter().flat_map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retyped(text: &str, layout: Layout) -> String {
        retype(text, layout).unwrap_or_else(|| panic!("{text:?} has nothing to retype"))
    }

    #[test]
    fn russian_typed_on_english() {
        assert_eq!(retyped("Ghbdtn", Layout::RussianOnEnglish), "Привет");
        assert_eq!(
            retyped("Xnj nfrjt VUE", Layout::RussianOnEnglish),
            "Что такое МГУ"
        );
        assert_eq!(
            retyped("ult ,eltn dcnhtxf", Layout::RussianOnEnglish),
            "где будет встреча"
        );
        assert_eq!(retyped("ult ,elen", Layout::RussianOnEnglish), "где будут");
        // Shifted punctuation keys: Shift+7 is ? and Shift+/ is , on ЙЦУКЕН.
        assert_eq!(
            retyped("Ult ghjqltn dcnhtxf&", Layout::RussianOnEnglish),
            "Где пройдет встреча?"
        );
        assert_eq!(retyped("`krf? ~", Layout::RussianOnEnglish), "ёлка, Ё");
    }

    #[test]
    fn english_typed_on_russian() {
        assert_eq!(retyped("Цруку шы", Layout::EnglishOnRussian), "Where is");
        assert_eq!(
            retyped("Цруку шы ЬПГ, Шкфтэы зфкл,", Layout::EnglishOnRussian),
            "Where is MGU? Iran's park?"
        );
    }

    #[test]
    fn persian_typed_on_english_and_back() {
        let persian = "سلام دانشگاه کجاست";
        let typed = "sghl nhka'hi ;[hsj";
        assert_eq!(retyped(persian, Layout::EnglishOnPersian), typed);
        assert_eq!(retyped(typed, Layout::PersianOnEnglish), persian);
        assert_eq!(retyped(typed, Layout::PersianStandardOnEnglish), persian);
        // پ is \ on Windows and m in ISIRI 9147: each layout reads its own.
        assert_eq!(retyped("\\vnds", Layout::PersianOnEnglish), "پردیس");
        assert_eq!(retyped("mvnds", Layout::PersianStandardOnEnglish), "پردیس");
        assert_eq!(retyped("mvnds", Layout::PersianOnEnglish), "ئردیس");
        // Shift+H is آ on both; Shift+C is ژ on both.
        assert_eq!(retyped("Hdhj", Layout::PersianOnEnglish), "آیات");
        assert_eq!(retyped("Chmk", Layout::PersianStandardOnEnglish), "ژاپن");
        assert_eq!(retyped("Ch\\k", Layout::PersianOnEnglish), "ژاپن");
    }

    #[test]
    fn english_typed_on_persian_and_back() {
        let english = "where is pardis";
        let windows = "صاثقث هس حشقیهس";
        assert_eq!(retyped(windows, Layout::EnglishOnPersian), english);
        assert_eq!(retyped(english, Layout::PersianOnEnglish), windows);
        assert_eq!(retyped(windows, Layout::EnglishOnPersianStandard), english);
        // "company" has an m: ئ on Windows, پ on ISIRI.
        assert_eq!(retyped("زخئحشدغ", Layout::EnglishOnPersian), "company");
        assert_eq!(
            retyped("زخپحشدغ", Layout::EnglishOnPersianStandard),
            "company"
        );
    }

    #[test]
    fn every_key_round_trips() {
        for table in [&RUSSIAN, &PERSIAN_WINDOWS, &PERSIAN_STANDARD] {
            assert_eq!(
                table.qwerty.chars().count(),
                table.other.chars().count(),
                "{:?}",
                table.qwerty
            );
            for column in [table.qwerty, table.other] {
                let mut seen = std::collections::HashSet::new();
                for c in column.chars() {
                    assert!(seen.insert(c), "{c:?} twice in {column:?}");
                }
            }
        }
        for (to, back) in [
            (Layout::RussianOnEnglish, Layout::EnglishOnRussian),
            (Layout::PersianOnEnglish, Layout::EnglishOnPersian),
            (
                Layout::PersianStandardOnEnglish,
                Layout::EnglishOnPersianStandard,
            ),
        ] {
            let (table, _) = to.table();
            assert_eq!(retyped(table.qwerty, to), table.other);
            assert_eq!(retyped(table.other, back), table.qwerty);
        }
    }

    #[test]
    fn keyboard_rows_read_across() {
        assert_eq!(
            retyped(
                "qwertyuiop[] asdfghjkl;' zxcvbnm,./",
                Layout::RussianOnEnglish
            ),
            "йцукенгшщзхъ фывапролджэ ячсмитьбю."
        );
        assert_eq!(
            retyped(
                "ЙЦУКЕНГШЩЗХЪ ФЫВАПРОЛДЖЭ ЯЧСМИТЬБЮ,",
                Layout::EnglishOnRussian
            ),
            "QWERTYUIOP{} ASDFGHJKL:\" ZXCVBNM<>?"
        );
        assert_eq!(
            retyped(
                "qwertyuiop[]\\ asdfghjkl;' zxcvbnm,./",
                Layout::PersianOnEnglish
            ),
            "ضصثقفغعهخحجچپ شسیبلاتنمکگ ظطزرذدئو./"
        );
        assert_eq!(
            retyped(
                "qwertyuiop[]\\ asdfghjkl;' zxcvbnm,./",
                Layout::PersianStandardOnEnglish
            ),
            "ضصثقفغعهخحجچ\\ شسیبلاتنمکگ ظطزرذدپو./"
        );
    }

    #[test]
    fn nothing_to_retype_is_none() {
        assert_eq!(retype("Привет", Layout::RussianOnEnglish), None);
        assert_eq!(retype("hello", Layout::EnglishOnRussian), None);
        assert_eq!(retype("2025 ?! 🙂", Layout::RussianOnEnglish), None);
        assert_eq!(retype("", Layout::PersianOnEnglish), None);
        assert_eq!(retype("سلام", Layout::EnglishOnRussian), None);
    }

    #[test]
    fn other_characters_stay() {
        assert_eq!(
            retyped("Ghbdtn 2025 🙂 МГУ", Layout::RussianOnEnglish),
            "Привет 2025 🙂 МГУ"
        );
        assert_eq!(
            retyped("pardis ۱۴۰۴", Layout::PersianOnEnglish),
            "حشقیهس ۱۴۰۴"
        );
    }

    #[test]
    fn retyping_never_panics() {
        let all: String = (0..0x3_0000u32).filter_map(char::from_u32).collect();
        for layout in Layout::ALL {
            let out = retype(&all, layout).expect("every layout moves some letter");
            assert_eq!(out.chars().count(), all.chars().count());
        }
        for c in (0..0x11_0000u32).step_by(7).filter_map(char::from_u32) {
            let text = format!("a{c}б{c}ب");
            for layout in Layout::ALL {
                let _ = retype(&text, layout);
            }
            let _ = layouts_to_try(&text);
        }
    }

    #[test]
    fn layouts_follow_the_script() {
        assert_eq!(
            layouts_to_try("Ghbdtn"),
            vec![
                Layout::RussianOnEnglish,
                Layout::PersianOnEnglish,
                Layout::PersianStandardOnEnglish
            ]
        );
        // No key here reads differently on the two Persian layouts.
        assert_eq!(
            layouts_to_try("sghl nhka'hi"),
            vec![Layout::RussianOnEnglish, Layout::PersianOnEnglish]
        );
        assert_eq!(layouts_to_try("Цруку шы"), vec![Layout::EnglishOnRussian]);
        assert_eq!(layouts_to_try("صاثقث هس"), vec![Layout::EnglishOnPersian]);
        assert_eq!(
            layouts_to_try("زخپحشدغ"),
            vec![Layout::EnglishOnPersian, Layout::EnglishOnPersianStandard]
        );
        assert_eq!(
            layouts_to_try("Ghbdtn, как дела у тебя"),
            vec![
                Layout::EnglishOnRussian,
                Layout::RussianOnEnglish,
                Layout::PersianOnEnglish,
                Layout::PersianStandardOnEnglish
            ]
        );
        assert!(layouts_to_try("2025 🙂").is_empty());
    }

    #[test]
    fn intended_language_follows_the_layout() {
        assert_eq!(Layout::RussianOnEnglish.intended(), Lang::Ru);
        assert_eq!(Layout::PersianStandardOnEnglish.intended(), Lang::Fa);
        assert_eq!(Layout::EnglishOnPersian.intended(), Lang::En);
    }
}
