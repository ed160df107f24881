//! The words that make a list question, kept as data beside this file (the format of
//! `crate::tables`): `nouns.txt`, the plural and singular nouns that say what to list, and
//! `frames.txt`, the phrases and words that say a list is asked for and nothing of what about.
//! Both are parsed once, on first use; add a word there, not here.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::tables::entries;

use super::ListKind;

/// Every word list of a list question, as its lookups need it.
pub(super) struct Vocabulary {
    /// Plural and collective nouns, by kind in [`ListKind::ALL`]'s order: the kind of the
    /// question's first plural noun is what it lists.
    pub plural: Vec<(ListKind, Vec<&'static str>)>,
    /// Singular nouns of the kinds, in the same order: a list only with a word of `every`.
    pub singular: Vec<(ListKind, Vec<&'static str>)>,
    /// Phrases that ask for everything about something.
    pub everything: Vec<Vec<&'static str>>,
    /// Phrases that ask who is who.
    pub who_is_who: Vec<Vec<&'static str>>,
    /// Words that make a singular noun a list: "every organisation", "все организации".
    pub every: HashSet<&'static str>,
    /// Words that frame a list question without saying what it is about: left out when the rest
    /// of the question is matched to find the scope.
    pub frame: HashSet<&'static str>,
    /// Beginnings of words that frame a list in any of their forms ("упомянутых", "фигурируют",
    /// "اسمشون").
    pub frame_stems: Vec<&'static str>,
}

/// The vocabulary of `nouns.txt` and `frames.txt`.
pub(super) static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    Vocabulary::parse(include_str!("nouns.txt"), include_str!("frames.txt"))
        .unwrap_or_else(|e| panic!("answer/list: {e}"))
});

impl Vocabulary {
    /// Reads `plural|singular <kind> <noun>` lines and `<role> <words>` lines (see the files).
    fn parse(nouns: &'static str, frames: &'static str) -> Result<Vocabulary, String> {
        let by_kind = || {
            ListKind::ALL
                .into_iter()
                .filter(|&kind| kind != ListKind::Everything)
                .map(|kind| (kind, Vec::new()))
                .collect::<Vec<_>>()
        };
        let mut vocabulary = Vocabulary {
            plural: by_kind(),
            singular: by_kind(),
            everything: Vec::new(),
            who_is_who: Vec::new(),
            every: HashSet::new(),
            frame: HashSet::new(),
            frame_stems: Vec::new(),
        };
        for line in entries(nouns) {
            let fields: Vec<&'static str> = line.split(' ').collect();
            let [number, kind, noun] = fields[..] else {
                return Err(format!("{line:?}: not `plural|singular <kind> <noun>`"));
            };
            let table = match number {
                "plural" => &mut vocabulary.plural,
                "singular" => &mut vocabulary.singular,
                _ => return Err(format!("{line:?}: neither plural nor singular")),
            };
            let Some((_, nouns)) = table.iter_mut().find(|(k, _)| kind_name(*k) == kind) else {
                return Err(format!("{line:?}: no kind {kind:?}"));
            };
            nouns.push(noun);
        }
        for line in entries(frames) {
            let (role, words) = line.split_once(' ').unwrap_or((line, ""));
            let phrase: Vec<&'static str> = words.split(' ').collect();
            if phrase.contains(&"") {
                return Err(format!("{line:?}: words one space apart after the role"));
            }
            match (role, &phrase[..]) {
                ("everything", _) => vocabulary.everything.push(phrase),
                ("who-is-who", _) => vocabulary.who_is_who.push(phrase),
                ("every", &[word]) => {
                    vocabulary.every.insert(word);
                }
                ("frame", &[word]) => {
                    vocabulary.frame.insert(word);
                }
                ("frame-stem", &[stem]) => vocabulary.frame_stems.push(stem),
                _ => return Err(format!("{line:?}: no such role, or more than one word")),
            }
        }
        Ok(vocabulary)
    }
}

/// A kind's name in `nouns.txt`: its name in JSON.
fn kind_name(kind: ListKind) -> &'static str {
    match kind {
        ListKind::People => "people",
        ListKind::Organisations => "organisations",
        ListKind::Agreements => "agreements",
        ListKind::Meetings => "meetings",
        ListKind::Universities => "universities",
        ListKind::Topics => "topics",
        ListKind::Everything => "everything",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::normalize;
    use crate::tables::repeated;

    #[test]
    fn every_line_parses_in_normalised_form_and_none_repeats() {
        let frames = include_str!("frames.txt");
        let vocabulary = Vocabulary::parse(include_str!("nouns.txt"), frames).expect("they parse");
        let nouns = || {
            let tables = vocabulary.plural.iter().chain(&vocabulary.singular);
            tables.flat_map(|(_, nouns)| nouns.iter().copied())
        };
        // A noun once across kinds and numbers, a framing word or phrase once in its role (the
        // sets would hide a repeat: the lines are checked).
        assert_eq!(repeated(nouns()), Vec::<&str>::new());
        assert_eq!(repeated(entries(frames)), Vec::<&str>::new());
        let phrases = vocabulary.everything.iter().chain(&vocabulary.who_is_who);
        let words = nouns()
            .chain(phrases.flatten().copied())
            .chain(vocabulary.every.iter().copied())
            .chain(vocabulary.frame.iter().copied())
            .chain(vocabulary.frame_stems.iter().copied());
        for word in words {
            assert_eq!(normalize(word), word, "{word:?} is not one normalised word");
        }
    }

    #[test]
    fn kind_names_are_the_json_names() {
        for kind in ListKind::ALL {
            let json = serde_json::to_string(&kind).expect("a kind serialises");
            assert_eq!(json, format!("\"{}\"", kind_name(kind)));
        }
    }

    #[test]
    fn a_malformed_line_is_refused() {
        for (nouns, frames) in [
            ("plural people", ""),
            ("plural crowds people", ""),
            ("dual people twins", ""),
            ("", "frame two words"),
            ("", "framing list"),
            ("", "every  all"),
        ] {
            assert!(
                Vocabulary::parse(nouns, frames).is_err(),
                "{nouns:?} {frames:?}"
            );
        }
    }
}
