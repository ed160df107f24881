//! Small talk: greetings, thanks, goodbyes and "who are you?" in English, Russian and Persian (and
//! their Latin-script forms), recognised so that the bot answers them kindly instead of saying it
//! does not know, and does not log them as questions it missed. It knows nothing of Telegram.
//!
//! A message is small talk when every word of it belongs to a small-talk phrase or is a filler
//! ("hi there bot", "thanks a lot!", "ну пока", "سلام خوبی؟"); one word about anything else ("hi,
//! when is the meeting?") makes it a question. Words of four letters or more may be one typo off
//! ("helo", "thnks", "спасиба", "خداحافض").
//!
//! The phrases and fillers are data, plain text beside this file (the format of `crate::tables`):
//! `phrases.txt`, a phrase a line with its kind and language (`greeting en how are you`), and
//! `fillers.txt`, a word a line. A message is read left to right; at each word the longest phrase
//! that fits is taken, and of phrases as long the first in `phrases.txt`, so the file's order
//! matters where a typo makes two phrases fit (`helo` is `hello` before it is `help`).

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::matcher::normalize;
use crate::tables::entries;

/// What kind of small talk a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmallTalk {
    /// Hello, how are you.
    Greeting,
    /// Thank you, OK.
    Thanks,
    /// Goodbye, see you.
    Goodbye,
    /// Who are you, what can you do, are you a bot.
    About,
}

impl SmallTalk {
    /// Every kind, to read `phrases.txt` by name.
    const ALL: [SmallTalk; 4] = [
        SmallTalk::Greeting,
        SmallTalk::Thanks,
        SmallTalk::Goodbye,
        SmallTalk::About,
    ];

    /// The name used in `ask --json`, in the labelled sets and in `phrases.txt`.
    pub fn as_str(self) -> &'static str {
        match self {
            SmallTalk::Greeting => "greeting",
            SmallTalk::Thanks => "thanks",
            SmallTalk::Goodbye => "goodbye",
            SmallTalk::About => "about",
        }
    }

    /// When a message mixes kinds ("thanks, bye"), the one to reply to: a question about the bot
    /// first, then the end of the conversation, then thanks, then a greeting.
    fn priority(self) -> u8 {
        match self {
            SmallTalk::About => 3,
            SmallTalk::Goodbye => 2,
            SmallTalk::Thanks => 1,
            SmallTalk::Greeting => 0,
        }
    }
}

/// A recognised small-talk message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognised {
    pub kind: SmallTalk,
    /// The language its phrases are in (`privet` is Russian, `merci` Persian usage), when they
    /// say; `None` for words shared by languages or for fillers only.
    pub lang: Option<Lang>,
}

/// One small-talk phrase: its words in normalised form, its kind and language.
#[derive(Debug)]
struct Phrase {
    words: Vec<&'static str>,
    kind: SmallTalk,
    lang: Lang,
}

/// The phrases of `phrases.txt`, in its order: the order they are tried in.
static PHRASES: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
    parse_phrases(include_str!("phrases.txt")).unwrap_or_else(|e| panic!("phrases.txt: {e}"))
});

/// The words of `fillers.txt`.
static FILLERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("fillers.txt")).collect());

/// Reads `kind lang word…` lines (see `phrases.txt`).
fn parse_phrases(text: &'static str) -> Result<Vec<Phrase>, String> {
    entries(text)
        .map(|line| {
            let mut fields = line.split(' ');
            let kind = fields.next().unwrap_or_default();
            let kind = SmallTalk::ALL
                .into_iter()
                .find(|k| k.as_str() == kind)
                .ok_or_else(|| format!("{line:?}: no kind {kind:?}"))?;
            let lang = fields.next().unwrap_or_default();
            let lang = Lang::ALL
                .into_iter()
                .find(|l| l.code() == lang)
                .ok_or_else(|| format!("{line:?}: no language {lang:?}"))?;
            let words: Vec<&'static str> = fields.collect();
            if words.is_empty() || words.len() > LONGEST || words.contains(&"") {
                return Err(format!("{line:?}: 1 to {LONGEST} words, one space apart"));
            }
            Ok(Phrase { words, kind, lang })
        })
        .collect()
}

/// Persian endings a writer may put after a ZWNJ: plurals and pronoun endings ("your", "our",
/// "their", "my"…), never words of their own.
const PERSIAN_ENDINGS: &[&str] = &[
    "ها", "های", "هایی", "تون", "مون", "شون", "تان", "مان", "شان", "ام", "ات", "اش",
];

/// English chat shorthand and the word each stands for.
const SHORTHAND: &[(&str, &str)] = &[("r", "are"), ("u", "you"), ("ur", "your"), ("ya", "you")];

/// The most words a phrase has: a message is tried for phrases this long first.
const LONGEST: usize = 6;

/// Recognises a message that is only small talk; `None` for anything with a question in it.
pub fn recognise(text: &str) -> Option<Recognised> {
    let normalised = normalize(text);
    // Persian verb prefixes, plural endings and pronoun endings written apart (`می تونم`,
    // `راهنمایی‌تون`, which normalising splits at the ZWNJ) join their word; English chat shorthand
    // (`r u`) is read as the words it stands for.
    let mut joined: Vec<String> = Vec::new();
    for word in normalised.split_whitespace() {
        match (word, joined.last_mut()) {
            (ending, Some(last)) if PERSIAN_ENDINGS.contains(&ending) => last.push_str(ending),
            (_, Some(last)) if last == "می" || last == "نمی" => last.push_str(word),
            _ => joined.push(
                SHORTHAND
                    .iter()
                    .find(|(short, _)| *short == word)
                    .map_or(word, |(_, full)| full)
                    .to_string(),
            ),
        }
    }
    let words: Vec<&str> = joined.iter().map(String::as_str).collect();
    if words.is_empty() || words.len() > 12 {
        return None;
    }
    let mut found: Option<(SmallTalk, Option<Lang>)> = None;
    let mut at = 0;
    while at < words.len() {
        let phrase = (1..=LONGEST.min(words.len() - at))
            .rev()
            .find_map(|len| find_phrase(&words[at..at + len]).map(|p| (p, len)));
        match phrase {
            Some((phrase, len)) => {
                let kind = match found {
                    Some((kind, _)) if kind.priority() >= phrase.kind.priority() => kind,
                    _ => phrase.kind,
                };
                let lang = match found {
                    Some((_, Some(lang))) => Some(lang),
                    _ => Some(phrase.lang),
                };
                found = Some((kind, lang));
                at += len;
            }
            None if FILLERS.iter().any(|f| close(words[at], f)) => at += 1,
            None => return None,
        }
    }
    found.map(|(kind, lang)| Recognised { kind, lang })
}

/// The phrase these words are, allowing a typo in words of four letters or more.
fn find_phrase(words: &[&str]) -> Option<&'static Phrase> {
    PHRASES.iter().find(|phrase| {
        phrase.words.len() == words.len()
            && phrase
                .words
                .iter()
                .zip(words)
                .all(|(want, got)| close(got, want))
    })
}

/// Whether a word is `want`, or one edit from it when both are long enough for a typo to be told
/// from another word.
fn close(got: &str, want: &str) -> bool {
    if got == want {
        return true;
    }
    let len = want.chars().count();
    len >= 4 && got.chars().count() >= 4 && strsim::damerau_levenshtein(got, want) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::repeated;

    fn kind(text: &str) -> Option<SmallTalk> {
        recognise(text).map(|r| r.kind)
    }

    #[test]
    fn every_phrase_parses_in_normalised_form_and_none_repeats() {
        let phrases = parse_phrases(include_str!("phrases.txt")).expect("phrases.txt parses");
        for phrase in &phrases {
            let text = phrase.words.join(" ");
            assert_eq!(normalize(&text), text, "{phrase:?}");
        }
        let words = phrases.iter().map(|p| p.words.clone());
        assert_eq!(repeated(words), Vec::<Vec<&str>>::new());
        for filler in FILLERS.iter() {
            assert_eq!(normalize(filler), *filler);
        }
        assert_eq!(repeated(FILLERS.iter()), Vec::<&&str>::new());
    }

    #[test]
    fn a_malformed_phrase_line_is_refused() {
        for line in [
            "hello en hi",
            "greeting de hallo",
            "greeting en",
            "thanks en thank  you",
        ] {
            assert!(parse_phrases(line).is_err(), "{line}");
        }
    }

    #[test]
    fn greetings_in_every_language() {
        for text in [
            "Hi",
            "hello there!",
            "Good morning, bot",
            "how are you?",
            "Привет",
            "Здравствуйте!",
            "добрый день",
            "سلام",
            "سلام خوبی؟",
            "وقت بخیر",
            "privet",
            "salam",
        ] {
            assert_eq!(kind(text), Some(SmallTalk::Greeting), "{text}");
        }
    }

    #[test]
    fn thanks_goodbyes_and_questions_about_the_bot() {
        for (text, expected) in [
            ("thanks a lot!", SmallTalk::Thanks),
            ("thx", SmallTalk::Thanks),
            ("спс", SmallTalk::Thanks),
            ("Спасибо большое", SmallTalk::Thanks),
            ("خیلی ممنون", SmallTalk::Thanks),
            ("مرسی", SmallTalk::Thanks),
            ("bye", SmallTalk::Goodbye),
            ("ну пока", SmallTalk::Goodbye),
            ("до свидания", SmallTalk::Goodbye),
            ("خداحافظ", SmallTalk::Goodbye),
            ("who are you?", SmallTalk::About),
            ("what can you do", SmallTalk::About),
            ("are you a bot?", SmallTalk::About),
            ("ты кто", SmallTalk::About),
            ("что ты умеешь?", SmallTalk::About),
            ("تو کی هستی؟", SmallTalk::About),
            ("رباتی؟", SmallTalk::About),
        ] {
            assert_eq!(kind(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn chat_shorthand_reads_as_the_words_it_stands_for() {
        assert_eq!(kind("r u a bot"), Some(SmallTalk::About));
        assert_eq!(kind("thank u"), Some(SmallTalk::Thanks));
    }

    #[test]
    fn a_persian_ending_written_after_a_zwnj_joins_its_word() {
        assert_eq!(
            kind("ممنون از راهنمایی\u{200c}تون"),
            Some(SmallTalk::Thanks)
        );
        assert_eq!(kind("مرسی از کمک\u{200c}تون"), Some(SmallTalk::Thanks));
    }

    #[test]
    fn a_typo_in_a_long_word_is_forgiven() {
        assert_eq!(kind("helo"), Some(SmallTalk::Greeting));
        assert_eq!(kind("thnks"), Some(SmallTalk::Thanks));
        assert_eq!(kind("спасиба"), Some(SmallTalk::Thanks));
    }

    #[test]
    fn a_question_with_a_greeting_is_a_question() {
        for text in [
            "hi, when is the meeting?",
            "thanks, and who signed the MOU?",
            "привет, где будет встреча",
            "سلام، جلسه کجاست؟",
            "help me find Pardis",
            "",
            "🙂",
        ] {
            assert_eq!(kind(text), None, "{text}");
        }
    }

    #[test]
    fn mixed_small_talk_replies_to_the_weightier_kind() {
        assert_eq!(kind("hi, who are you?"), Some(SmallTalk::About));
        assert_eq!(kind("thanks, bye"), Some(SmallTalk::Goodbye));
    }

    #[test]
    fn latin_script_russian_and_persian_say_their_language() {
        assert_eq!(recognise("spasibo").and_then(|r| r.lang), Some(Lang::Ru));
        assert_eq!(recognise("merci").and_then(|r| r.lang), Some(Lang::Fa));
        assert_eq!(recognise("thanks").and_then(|r| r.lang), Some(Lang::En));
    }
}
