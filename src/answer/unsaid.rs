//! Details the report does not give: "which building is the meeting in?", "how do I register?",
//! "do students need a visa?", "what are the fees?".
//!
//! Such a question usually finds the right entry (the meeting, the branches), and the entry's answer
//! is worth giving, but answering it as if it were the detail asked for would mislead: the reader
//! looks for the venue and finds only the city. So when a question asks for one of a few kinds of
//! detail ([`Unsaid`]) and none of the answering entries speaks of it (neither gives it nor already
//! says the report is silent on it), the reply says first that the report does not give it, then
//! what the report does say.
//!
//! The phrases that ask for each detail are data, `unsaid.txt` beside this file; the same phrases
//! decide whether an entry's text speaks of the detail, in any of its languages.

use std::sync::LazyLock;

use serde::Serialize;

use crate::knowledge::Entry;
use crate::matcher::normalize;
use crate::tables::entries;

/// A kind of detail people ask for that the report may not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unsaid {
    /// The venue or address of a meeting or an office.
    Venue,
    /// How to register, apply or enrol.
    Registration,
    Visa,
    /// Costs, prices, fees, tuition.
    Cost,
    /// The language of teaching or of an event.
    Language,
    Deadline,
    /// Phone numbers, e-mail addresses, websites.
    Contact,
    /// Social media accounts.
    Social,
}

impl Unsaid {
    /// Every detail, in the order of the i18n table's `unsaid` strings.
    pub const ALL: [Unsaid; 8] = [
        Unsaid::Venue,
        Unsaid::Registration,
        Unsaid::Visa,
        Unsaid::Cost,
        Unsaid::Language,
        Unsaid::Deadline,
        Unsaid::Contact,
        Unsaid::Social,
    ];

    /// The name used in `unsaid.txt` and in `ask --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unsaid::Venue => "venue",
            Unsaid::Registration => "registration",
            Unsaid::Visa => "visa",
            Unsaid::Cost => "cost",
            Unsaid::Language => "language",
            Unsaid::Deadline => "deadline",
            Unsaid::Contact => "contact",
            Unsaid::Social => "social",
        }
    }

    /// The position of the detail in [`Unsaid::ALL`] (and in the i18n table).
    pub fn index(self) -> usize {
        Unsaid::ALL
            .iter()
            .position(|&d| d == self)
            .unwrap_or_default()
    }
}

/// One word of a phrase: as written, or any word beginning so.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pattern {
    Word(&'static str),
    Prefix(&'static str),
}

impl Pattern {
    fn matches(self, word: &str) -> bool {
        match self {
            Pattern::Word(w) => word == w,
            Pattern::Prefix(p) => word.starts_with(p),
        }
    }
}

/// The phrases of `unsaid.txt`, in file order, each with its detail.
static PHRASES: LazyLock<Vec<(Unsaid, Vec<Pattern>)>> = LazyLock::new(|| {
    parse(include_str!("unsaid.txt")).unwrap_or_else(|e| panic!("answer/unsaid.txt: {e}"))
});

fn parse(text: &'static str) -> Result<Vec<(Unsaid, Vec<Pattern>)>, String> {
    entries(text)
        .map(|line| {
            let (name, words) = line
                .split_once(' ')
                .ok_or_else(|| format!("{line:?}: not `<detail> <words>`"))?;
            let detail = Unsaid::ALL
                .into_iter()
                .find(|d| d.as_str() == name)
                .ok_or_else(|| format!("{line:?}: no detail {name:?}"))?;
            let phrase = words
                .split(' ')
                .map(|w| match w.strip_suffix('*') {
                    _ if w.is_empty() || w == "*" => Err(format!("{line:?}: an empty word")),
                    Some(prefix) => Ok(Pattern::Prefix(prefix)),
                    None => Ok(Pattern::Word(w)),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((detail, phrase))
        })
        .collect()
}

/// Whether `words` hold `phrase`, word after word.
fn holds(words: &[&str], phrase: &[Pattern]) -> bool {
    words
        .windows(phrase.len())
        .any(|window| window.iter().zip(phrase).all(|(w, p)| p.matches(w)))
}

/// The details a text speaks of, in [`Unsaid::ALL`]'s order of first phrase.
fn spoken_of(text: &str) -> Vec<Unsaid> {
    let normalised = normalize(text);
    let words: Vec<&str> = normalised.split_whitespace().collect();
    let mut details = Vec::new();
    for (detail, phrase) in PHRASES.iter() {
        if !details.contains(detail) && holds(&words, phrase) {
            details.push(*detail);
        }
    }
    details
}

/// Whether an entry's answer, direct answer or title speaks of `detail` in any language.
fn entry_speaks_of(entry: &Entry, detail: Unsaid) -> bool {
    let texts = entry
        .answer
        .iter()
        .chain(entry.title.iter())
        .chain(entry.short.iter().flat_map(|s| s.iter()));
    texts
        .map(|(_, text)| text)
        .any(|text| spoken_of(text).contains(&detail))
}

/// The detail `question` asks for that none of `answering` speaks of, if any: the reply then
/// says the report does not give it.
pub(super) fn unsaid(question: &str, answering: &[&Entry]) -> Option<Unsaid> {
    if answering.is_empty() {
        return None;
    }
    spoken_of(question)
        .into_iter()
        .find(|&detail| !answering.iter().any(|e| entry_speaks_of(e, detail)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::repeated;

    #[test]
    fn every_line_of_the_table_parses_and_none_is_repeated() {
        let phrases = &*PHRASES;
        assert!(!phrases.is_empty());
        let lines: Vec<&str> = entries(include_str!("unsaid.txt")).collect();
        assert!(repeated(lines).is_empty());
    }

    #[test]
    fn every_detail_has_phrases() {
        for detail in Unsaid::ALL {
            assert!(
                PHRASES.iter().any(|(d, _)| *d == detail),
                "no phrase for {detail:?}"
            );
        }
    }

    #[test]
    fn a_phrase_is_found_in_any_of_the_three_languages() {
        assert_eq!(spoken_of("Which building is it in?"), [Unsaid::Venue]);
        assert_eq!(spoken_of("В каком здании пройдёт?"), [Unsaid::Venue]);
        assert_eq!(spoken_of("نیاز به ویزا دارم؟"), [Unsaid::Visa]);
    }

    #[test]
    fn a_starred_word_stands_for_its_forms() {
        assert_eq!(spoken_of("Как зарегистрироваться?"), [Unsaid::Registration]);
        assert_eq!(spoken_of("شهریه‌اش چقدره؟"), [Unsaid::Cost]);
    }

    #[test]
    fn a_word_only_inside_a_longer_one_is_not_the_detail() {
        // "building" as in building an ecosystem, "визит" as a visit.
        assert!(spoken_of("building a shared digital ecosystem").is_empty());
        assert!(spoken_of("визит делегации").is_empty());
        // "Apply" as in "concern", not as applying for a place.
        assert!(spoken_of("Does the agreement apply to startups?").is_empty());
        assert_eq!(
            spoken_of("How do I apply for an office?"),
            [Unsaid::Registration]
        );
    }

    #[test]
    fn an_answer_saying_the_report_is_silent_on_a_detail_speaks_of_it() {
        let said = spoken_of("The report gives no opening date, fees or admission rules.");
        assert!(said.contains(&Unsaid::Cost));
        assert!(said.contains(&Unsaid::Registration));
    }
}
