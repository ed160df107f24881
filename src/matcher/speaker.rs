//! Reported speech: "what did the ambassador post about the upcoming meeting?", "что Фурсенко
//! сказал о новых технологиях?", "سفیرمون درباره این جلسه چی گفته؟". Such a question asks for
//! what a person said, which is the person's entry, however many of its other words the entry on
//! the topic spoken about (the meeting) covers: that entry holds the meeting's facts, not the
//! statement. So when a question has a word of saying and names a person, by name or by a role
//! from the thesaurus, the person's entry goes first, provided it reaches the floor on its own.
//!
//! The entries the records link to the speaker (the meeting he wrote about, the statement's own
//! entry) are then no rivals to him: the decision's margin counts from the first entry that is not
//! linked to the top one, as for every question.

use super::index::Field;
use super::{Candidate, Matcher, QueryTerm};

/// Beginnings of the words of saying in English and Russian, normalised. "Talk" is left out: "the
/// talks" are the meeting.
const SAYING_PREFIXES: &[&str] = &[
    "say",
    "said",
    "post",
    "tweet",
    "wrote",
    "write",
    "comment",
    "statement",
    "remark",
    "stated",
    "claim",
    "argue",
    "announc",
    "opinion",
    "view",
    "think",
    "believe",
    "spoke",
    "speech",
    "сказа",
    "говор",
    "написа",
    "пишет",
    "заяв",
    "пост",
    "твит",
    "мнени",
    "счита",
    "дума",
    "опубликова",
    "высказ",
    "отмети",
    "подчеркну",
    "выступ",
    "объявил",
];

/// Persian words of saying, whole (their beginnings are other words too: گفت‌وگو is a talk).
const SAYING_WORDS: &[&str] = &[
    "گفت",
    "گفته",
    "گفتن",
    "گفتند",
    "میگه",
    "میگن",
    "میگوید",
    "می‌گوید",
    "نوشت",
    "نوشته",
    "پست",
    "نظر",
    "نظرش",
    "معتقد",
    "اظهار",
    "اظهارات",
    "توییت",
    "حرف",
    "حرفش",
    "حرفاش",
    "اعلام",
];

/// Whether the question (as read, in normalised words) has a word of saying.
fn reports_speech(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(at, word)| {
        let talk = words
            .get(at + 1)
            .is_some_and(|next| next.starts_with("وگو"));
        (SAYING_WORDS.contains(word) && !talk)
            || SAYING_PREFIXES.iter().any(|p| word.starts_with(p))
    })
}

impl Matcher {
    /// Puts the speaker of a reported-speech question first (see the module documentation) and
    /// says whether a speaker is first, moved there or already there. The candidates stay in
    /// score order otherwise.
    pub(super) fn speaker_first(
        &self,
        words: &[&str],
        terms: &[QueryTerm],
        candidates: &mut [Candidate],
    ) -> bool {
        let Some(top) = candidates.first() else {
            return false;
        };
        let top_entry = top.entry as u32;
        let floor = self.tuning.floor;
        let speaker = candidates.iter().enumerate().position(|(at, c)| {
            c.score >= floor
                && self.roles.is_person(c.entry)
                && (at == 0 || self.names(c.entry as u32, Some(top_entry), terms))
        });
        // The words of saying are looked for only when a person is in the running: most questions
        // have none.
        match speaker {
            Some(0) => self.names(top_entry, None, terms) && reports_speech(words),
            Some(at) if !self.roles.is_person(top.entry) && reports_speech(words) => {
                candidates[..=at].rotate_right(1);
                true
            }
            _ => false,
        }
    }

    /// Whether the question names `entry` (a word of it, or a role the thesaurus leads to it, is in
    /// the entry's title or aliases) in a way `other`, if any, is not named.
    fn names(&self, entry: u32, other: Option<u32>, terms: &[QueryTerm]) -> bool {
        let is_name = |e: u32, term| {
            matches!(
                self.index.field_in(e, term),
                Some(Field::Title | Field::Alias)
            )
        };
        terms.iter().any(|t| {
            t.matches
                .iter()
                .any(|m| is_name(entry, m.term) && !other.is_some_and(|o| is_name(o, m.term)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;

    fn reports_speech(text: &str) -> bool {
        let normalised = normalize(text);
        let words: Vec<&str> = normalised.split_whitespace().collect();
        super::reports_speech(&words)
    }

    #[test]
    fn words_of_saying_are_found_in_every_language() {
        for text in [
            "what did the ambassador post about the meeting?",
            "Where did he share his comments?",
            "Что Фурсенко сказал о технологиях?",
            "Где посол опубликовал своё заявление?",
            "سفیرمون درباره این جلسه چی گفته؟",
            "نظر فورسنکو درباره فناوری چیه",
        ] {
            assert!(reports_speech(text), "{text}");
        }
    }

    #[test]
    fn a_talk_is_not_a_word_of_saying() {
        for text in [
            "when are the Moscow talks?",
            "گفت‌وگوی ایران و روسیه کجاست",
            "Кто подписал меморандум?",
        ] {
            assert!(!reports_speech(text), "{text}");
        }
    }
}
