//! The three languages coop-bot speaks, and how a question's script picks one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language the knowledge base is written in; every answer exists in each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ru,
    Fa,
}

impl Lang {
    /// Every language, in the order they are shown to users.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Fa];

    /// The ISO 639-1 code used in JSON, on the command line and in Telegram's `language_code`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Fa => "fa",
        }
    }

    /// Maps Telegram's IETF `language_code` ("ru", "fa-IR", "en-US") to a language, English otherwise,
    /// so a user's client language is a sensible default before they ask anything.
    pub fn from_language_code(code: Option<&str>) -> Lang {
        let primary = code
            .unwrap_or_default()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "ru" => Lang::Ru,
            "fa" => Lang::Fa,
            _ => Lang::En,
        }
    }

    /// The language a question is written in, judged by its letters: Cyrillic means Russian,
    /// Persian/Arabic script means Persian. `None` when there are no letters to judge by (digits,
    /// emoji) — the caller then falls back to the chat's or client's language.
    pub fn detect(text: &str) -> Option<Lang> {
        let (mut latin, mut cyrillic, mut arabic) = (0usize, 0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            match script_of(c) {
                Script::Latin => latin += 1,
                Script::Cyrillic => cyrillic += 1,
                Script::Arabic => arabic += 1,
                Script::Other => {}
            }
        }
        if cyrillic == 0 && arabic == 0 && latin == 0 {
            None
        } else if cyrillic >= arabic && cyrillic > 0 && cyrillic >= latin / 2 {
            Some(Lang::Ru)
        } else if arabic > 0 && arabic >= latin / 2 {
            Some(Lang::Fa)
        } else {
            Some(Lang::En)
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error for a language code that coop-bot does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: expected en, ru or fa")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "ru" | "russian" => Ok(Lang::Ru),
            "fa" | "persian" | "farsi" => Ok(Lang::Fa),
            other => Err(UnknownLang(other.to_string())),
        }
    }
}

/// The writing system of a letter, which decides its stemmer and stop words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Other,
}

/// Classifies one character by Unicode block.
pub fn script_of(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
        '\u{0400}'..='\u{052F}' => Script::Cyrillic,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => Script::Arabic,
        _ => Script::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_question_is_russian() {
        assert_eq!(Lang::detect("Когда встреча в Москве?"), Some(Lang::Ru));
    }

    #[test]
    fn persian_question_is_persian() {
        assert_eq!(Lang::detect("جلسه مسکو کی است؟"), Some(Lang::Fa));
    }

    #[test]
    fn latin_question_is_english() {
        assert_eq!(Lang::detect("When is the Moscow meeting?"), Some(Lang::En));
    }

    #[test]
    fn a_latin_acronym_does_not_outvote_russian_words() {
        assert_eq!(Lang::detect("Что такое ICT группа?"), Some(Lang::Ru));
    }

    #[test]
    fn no_letters_means_no_opinion() {
        assert_eq!(Lang::detect("🙂 123 ?!"), None);
    }

    #[test]
    fn telegram_language_codes_map_to_languages() {
        assert_eq!(Lang::from_language_code(Some("fa-IR")), Lang::Fa);
        assert_eq!(Lang::from_language_code(Some("ru")), Lang::Ru);
        assert_eq!(Lang::from_language_code(Some("de")), Lang::En);
        assert_eq!(Lang::from_language_code(None), Lang::En);
    }

    #[test]
    fn language_names_parse() {
        assert_eq!("RU".parse::<Lang>(), Ok(Lang::Ru));
        assert_eq!("farsi".parse::<Lang>(), Ok(Lang::Fa));
        assert!("de".parse::<Lang>().is_err());
    }
}
