//! Questions that ask which thing of a kind: "which fair did Fursenko speak at?", "what memorandum
//! was signed at INOTEX?", «что за бумагу подписали на выставке?», «کدام نمایشگاه». The noun after
//! the question word names the kind asked for; the rest says which one. An entry of another kind
//! may cover more of the rest (Fursenko's entry covers "Fursenko spoke"), but the question asks for
//! the fair. So when a question word is followed by a noun naming a kind the top candidate is not,
//! and a candidate of that kind that the records link to the top one reaches the floor, that
//! candidate goes first.
//!
//! Only right after the question word, or anywhere in a question asking for a name ("the fair where
//! Fursenko spoke, what was it called?"): elsewhere a kind noun names the container of what is
//! asked ("does the agreement say anything about green energy?" asks about the energy).

use crate::knowledge::Kind;

use super::{Candidate, Matcher};

/// Beginnings of the nouns that name a kind, normalised, per kind. Meetings include the fairs and
/// exhibitions they were held at; agreements, the colloquial "paper".
const KIND_NOUNS: &[(Kind, &[&str])] = &[
    (
        Kind::Meeting,
        &[
            "meeting",
            "expo",
            "exhibition",
            "fair",
            "conference",
            "summit",
            "встреч",
            "заседан",
            "выставк",
            "ярмарк",
            "конференц",
            "саммит",
            "نشست",
            "جلسه",
            "نمایشگاه",
            "همایش",
            "کنفرانس",
        ],
    ),
    (
        Kind::Agreement,
        &[
            "memorand",
            "mou",
            "agreement",
            "deal",
            "treaty",
            "меморандум",
            "соглашен",
            "бумаг",
            "договор",
            "تفاهم",
            "توافق",
            "قرارداد",
        ],
    ),
    (
        Kind::University,
        &[
            "universit",
            "uni",
            "университет",
            "вуз",
            "универ",
            "دانشگاه",
        ],
    ),
];

/// Question words that a noun naming what is asked for follows ("which fair", «какой вуз», «что
/// за бумагу», «کدام نمایشگاه»).
const WHICH: &[&str] = &[
    "which",
    "what",
    "какой",
    "какая",
    "какое",
    "какую",
    "каком",
    "какие",
    "каких",
    "за",
    "کدام",
    "کدوم",
    "چه",
];

/// Beginnings of the words that ask for a name ("what was it called?", «как называлась?»,
/// «اسم … چی بود؟»): the question's first kind noun is then what is named.
const NAME_WORDS: &[&str] = &["called", "named", "назыв", "назван", "اسم", "اسمش"];

/// The kind of a word, if it is a noun naming one.
fn kind_of(word: &str) -> Option<Kind> {
    KIND_NOUNS
        .iter()
        .find(|(_, nouns)| nouns.iter().any(|n| word.starts_with(n)))
        .map(|(kind, _)| *kind)
}

/// The kind the noun right after a question word names, or, in a question asking for a name, its
/// first kind noun; `None` otherwise.
fn named_kind(words: &[&str]) -> Option<Kind> {
    let after_question_word = words.windows(2).find_map(|pair| {
        if !WHICH.contains(&pair[0]) || (pair[0] == "за" && !words.contains(&"что")) {
            return None;
        }
        kind_of(pair[1])
    });
    after_question_word.or_else(|| {
        let asks_name = words
            .iter()
            .any(|w| NAME_WORDS.iter().any(|n| w.starts_with(n)));
        asks_name.then(|| words.iter().find_map(|w| kind_of(w)))?
    })
}

impl Matcher {
    /// The position of the candidate to put first because it is of the kind the question asks
    /// which of and the top one is not (see the module documentation); `None` to keep the order.
    pub(super) fn asked_kind_candidate(
        &self,
        words: &[&str],
        candidates: &[Candidate],
    ) -> Option<usize> {
        let top = candidates.first()?;
        let kind = named_kind(words)?;
        if self.roles.kind(top.entry) == Some(kind) {
            return None;
        }
        let floor = self.tuning.floor;
        candidates.iter().position(|c| {
            c.score >= floor
                && self.roles.kind(c.entry) == Some(kind)
                && self.roles.are_linked(top.entry, c.entry)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;

    fn kind(text: &str) -> Option<Kind> {
        let normalised = normalize(text);
        let words: Vec<&str> = normalised.split_whitespace().collect();
        named_kind(&words)
    }

    #[test]
    fn the_noun_after_a_question_word_names_the_kind_in_every_language() {
        assert_eq!(
            kind("which fair did Fursenko speak at?"),
            Some(Kind::Meeting)
        );
        assert_eq!(
            kind("что за бумагу подписали на выставке?"),
            Some(Kind::Agreement)
        );
        assert_eq!(
            kind("کدام دانشگاه در نمایشگاه معرفی شد"),
            Some(Kind::University)
        );
    }

    #[test]
    fn a_question_asking_a_name_names_the_kind_of_its_first_kind_noun() {
        assert_eq!(
            kind("the fair where Fursenko spoke, what was it called?"),
            Some(Kind::Meeting)
        );
        assert_eq!(
            kind("Как называлась выставка, где выступал Фурсенко?"),
            Some(Kind::Meeting)
        );
        assert_eq!(
            kind("اسم نمایشگاهی که فورسنکو آنجا بود چه بود؟"),
            Some(Kind::Meeting)
        );
    }

    #[test]
    fn a_kind_noun_elsewhere_names_no_kind() {
        assert_eq!(
            kind("does the agreement say anything about green energy?"),
            None
        );
        assert_eq!(kind("Which research fields does the MOU cover?"), None);
    }
}
