//! General-knowledge questions: "what is biotechnology?", "define renewable energy", "who is the
//! president of Russia?". They ask for what the report does not hold; answering them with the
//! report's passing mention of the topic (or "who is the president…" with the presidential aide)
//! would be wrong. The matcher flags them, and the bot offers at most the programme's entry on the
//! topic ("In the programme: …").
//!
//! A question is general when it is a definition or identity question (a frame such as "what is",
//! "define", "что такое", "چیست", "who is", "кто такой", "کیست") and either its top entry is a topic
//! the programme works on (a focus area) or something the report mentions only as background (an
//! organisation no record of the programme refers to) and the question does not tie it to the
//! programme (no word such as Iran, Russia, meeting, MOU, agenda, plan); or the entry's name is not
//! what it asks about (most of its best phrase is left uncovered, as "president" leaves "aide"),
//! unless a "what is" question asks about something of one of the programme's records ("what is
//! the purpose of the memorandum?"). A bare Russian «кто» frames an identity only without a verb.

use std::collections::HashSet;

use crate::knowledge::{Details, Entry, Kind, KnowledgeBase};

use super::index::Field;
use super::{Candidate, Matcher};

/// The frames of definition and identity questions, in normalised words. A frame matches when its
/// words appear in order at the start of the question, or (for Persian, which puts them last) at
/// its end.
const LEADING_FRAMES: &[&[&str]] = &[
    &["what", "is"],
    &["what", "are"],
    &["whats"],
    &["what", "does"],
    &["define"],
    &["definition", "of"],
    &["meaning", "of"],
    &["who", "is"],
    &["who", "are"],
    &["whos"],
    &["что", "такое"],
    &["что", "значит"],
    &["что", "означает"],
    &["что", "это"],
    &["определение"],
    &["кто", "такой"],
    &["кто", "такая"],
    &["кто", "такие"],
    &["кто", "это"],
    &["кто"],
    &["تعریف"],
    &["معنی"],
];

/// Frames at the end of the question (Persian verbs and question words come last).
const TRAILING_FRAMES: &[&[&str]] = &[
    &["چیست"],
    &["چیه"],
    &["یعنی", "چه"],
    &["یعنی", "چی"],
    &["کیست"],
    &["کیه"],
    &["چه", "معنی", "دارد"],
];

/// Words that make a definition question explicit wherever they are ("in general", "простыми
/// словами", "به طور کلی").
const DEFINITION_MARKERS: &[&[&str]] = &[
    &["in", "general"],
    &["generally"],
    &["in", "simple", "terms"],
    &["simply"],
    &["простыми", "словами"],
    &["вообще"],
    &["в", "целом"],
    &["به", "طور", "کلی"],
    &["بطور", "کلی"],
    &["کلا"],
    &["به", "زبان", "ساده"],
];

/// Of an identity or definition question, the share of the entry's best phrase it must cover to
/// be asking about that entry by name.
const NAMED_COVERAGE: f32 = 0.75;

/// Which entries a definition question may be answered by, worked out once per knowledge base.
pub(super) struct EntryRoles {
    /// Per entry: true for a topic (a focus area) or an organisation no record refers to.
    background: Vec<bool>,
    /// Per entry: true for a person (a contact of type person), whose entry holds what they said.
    person: Vec<bool>,
    /// Per entry: its kind (meeting, agreement, university…).
    kind: Vec<Kind>,
    /// Per entry, sorted: the positions of the entries its records link it with, either way (its
    /// related entries and the ids its details name, and those naming it).
    linked: Vec<Vec<u32>>,
}

impl EntryRoles {
    /// Topics are the focus areas; background is an organisation that no other entry's details
    /// name (as participant, party, signatory, organisation or area): mentioned, not involved.
    pub(super) fn of(kb: &KnowledgeBase) -> EntryRoles {
        let referenced: HashSet<&str> = kb
            .entries()
            .iter()
            .flat_map(|e| e.details.referenced_ids())
            .map(|(_, id)| id)
            .collect();
        let background = kb
            .entries()
            .iter()
            .map(|entry| match (&entry.details, entry.kind) {
                (_, Kind::FocusArea) => true,
                (Details::Contact(contact), _) => {
                    contact.contact_type == crate::knowledge::ContactType::Organisation
                        && !referenced.contains(entry.id.as_str())
                }
                _ => false,
            })
            .collect();
        let person = kb.entries().iter().map(Entry::is_person).collect();
        let mut linked: Vec<Vec<u32>> = vec![Vec::new(); kb.len()];
        for (at, entry) in kb.entries().iter().enumerate() {
            for other in entry.linked_ids().filter_map(|id| kb.position(id)) {
                linked[at].push(other as u32);
                linked[other].push(at as u32);
            }
        }
        for links in &mut linked {
            links.sort_unstable();
            links.dedup();
        }
        EntryRoles {
            background,
            person,
            kind: kb.entries().iter().map(|e| e.kind).collect(),
            linked,
        }
    }

    /// An entry's kind.
    pub(super) fn kind(&self, entry: usize) -> Option<Kind> {
        self.kind.get(entry).copied()
    }

    /// Whether an entry is a person's.
    pub(super) fn is_person(&self, entry: usize) -> bool {
        self.person.get(entry).copied().unwrap_or(false)
    }

    /// Whether the records link two entries (one relates to or names the other).
    pub(super) fn are_linked(&self, a: usize, b: usize) -> bool {
        self.linked
            .get(a)
            .is_some_and(|links| links.binary_search(&(b as u32)).is_ok())
    }
}

impl Matcher {
    /// Whether a question, in normalised words, is a general-knowledge question (see the module
    /// documentation).
    pub(super) fn is_general(&self, words: &[&str], top: Option<&Candidate>) -> bool {
        let Some(top) = top else {
            return false;
        };
        if !is_definition_question(words) {
            return false;
        }
        let background = self
            .roles
            .background
            .get(top.entry)
            .copied()
            .unwrap_or(false);
        if background {
            // A topic or background organisation: general unless the question ties it to the
            // programme ("what is planned on e-commerce at the meeting?").
            return !words.iter().any(|w| is_anchor(w));
        }
        // "What is the purpose of the memorandum?" asks about one of the programme's records, not
        // for a definition; an identity question ("who is the president of Russia?") may name a
        // country and still ask what the report does not hold.
        if !is_identity_question(words) && asks_about_a_record(words) {
            return false;
        }
        // A named entry: general unless the question asks about it by name or role ("who is the
        // president of Russia?" covers little of "Presidential Aide from Russia").
        let named = top
            .best_phrase
            .is_some_and(|p| matches!(p.field, Field::Title | Field::Alias));
        !named || top.phrase_coverage < NAMED_COVERAGE
    }
}

/// Beginnings of the words that tie a question to the programme rather than to general knowledge:
/// the two countries and cities, the programme's records and what is done in them.
const ANCHORS: &[&str] = &[
    "iran",
    "russia",
    "moscow",
    "tehran",
    "mou",
    "memorand",
    "agreement",
    "meeting",
    "agenda",
    "programme",
    "program",
    "plan",
    "discuss",
    "cooperat",
    "joint",
    "working",
    "report",
    "bilateral",
    "countries",
    "zone",
    "иран",
    "росси",
    "москв",
    "тегеран",
    "меморандум",
    "соглашен",
    "встреч",
    "повестк",
    "программ",
    "план",
    "обсужд",
    "сотрудничеств",
    "совместн",
    "рабоч",
    "отчет",
    "двусторон",
    "стран",
    "зон",
    "ایران",
    "روسیه",
    "مسکو",
    "تهران",
    "تفاهم",
    "توافق",
    "جلسه",
    "نشست",
    "دستور",
    "برنامه",
    "طرح",
    "بحث",
    "همکاری",
    "مشترک",
    "کارگروه",
    "گزارش",
    "کشور",
    "منطقه",
];

fn is_anchor(word: &str) -> bool {
    ANCHORS.iter().any(|a| word.starts_with(a))
}

/// Beginnings of the words naming the programme's own records (an agreement, a meeting, its
/// agenda, the working group, the zones), which a definition question never asks about.
const RECORD_ANCHORS: &[&str] = &[
    "mou",
    "memorand",
    "agreement",
    "meeting",
    "agenda",
    "working",
    "zone",
    "меморандум",
    "соглашен",
    "встреч",
    "заседан",
    "повестк",
    "рабоч",
    "зон",
    "تفاهم",
    "توافق",
    "جلسه",
    "نشست",
    "دستور",
    "کارگروه",
    "منطقه",
];

fn is_record_anchor(word: &str) -> bool {
    RECORD_ANCHORS.iter().any(|a| word.starts_with(a))
}

/// Whether a definition-framed question asks about something of one of the programme's records
/// ("what is the purpose of the memorandum?", "هدف تفاهم‌نامه چیست؟") rather than what the record's
/// kind is ("what is a memorandum of understanding?"): a record word, but not as the first word
/// after the frame.
fn asks_about_a_record(words: &[&str]) -> bool {
    let frame = LEADING_FRAMES
        .iter()
        .filter(|f| words.starts_with(f))
        .map(|f| f.len())
        .max()
        .unwrap_or(0);
    let mut rest = words[frame..]
        .iter()
        .skip_while(|w| matches!(**w, "the" | "a" | "an"));
    rest.next().is_some_and(|head| !is_record_anchor(head)) && rest.any(|w| is_record_anchor(w))
}

/// The frames of identity questions ("who is …", "кто …", "… کیست"), a part of the definition
/// frames.
const IDENTITY_WORDS: &[&str] = &["who", "whos", "кто", "کیست", "کیه"];

/// Whether a definition question asks who someone is rather than what something is.
fn is_identity_question(words: &[&str]) -> bool {
    words.first().is_some_and(|w| IDENTITY_WORDS.contains(w))
        || words.last().is_some_and(|w| IDENTITY_WORDS.contains(w))
}

/// Whether the words (normalised) frame a definition or identity question.
fn is_definition_question(words: &[&str]) -> bool {
    let starts = |frame: &[&str]| words.len() > frame.len() && words.starts_with(frame);
    let ends = |frame: &[&str]| {
        words.len() > frame.len() && words.ends_with(frame) && frame.iter().all(|w| !w.is_ascii())
    };
    let contains = |marker: &[&str]| words.windows(marker.len()).any(|w| w == marker);
    let identity = |frame: &&&[&str]| {
        // Russian drops the copula ("кто президент России?"), so a bare «кто» frames an identity
        // question, but not with a verb: «кто представлял ассоциацию» asks who did something.
        starts(frame) && (**frame != ["кто"] || !words[1..].iter().any(|w| is_russian_verb(w)))
    };
    LEADING_FRAMES.iter().any(|f| identity(&f))
        || TRAILING_FRAMES.iter().any(|f| ends(f))
        || DEFINITION_MARKERS.iter().any(|m| contains(m))
}

/// Endings of Russian verb forms: the past tense (представлял, подписала, объявили) and the
/// present or future (возглавляет, говорит, подпишут), the infinitive and the reflexive forms.
const RUSSIAN_VERB_ENDINGS: &[&str] = &[
    "ал", "ял", "ил", "ел", "ыл", "ала", "яла", "ила", "ела", "али", "яли", "или", "ели", "ает",
    "яет", "ует", "ет", "ит", "ют", "ят", "ут", "ать", "ять", "ить", "еть", "ся", "сь",
];

/// Whether a normalised word looks like a Russian verb form (by its ending; short words and
/// non-Cyrillic words never do).
fn is_russian_verb(word: &str) -> bool {
    word.chars().count() >= 4
        && word.chars().all(|c| matches!(c, 'а'..='я'))
        && RUSSIAN_VERB_ENDINGS.iter().any(|e| word.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;

    fn framed(text: &str) -> bool {
        let normalised = normalize(text);
        let words: Vec<&str> = normalised.split_whitespace().collect();
        is_definition_question(&words)
    }

    #[test]
    fn definition_frames_in_every_language() {
        for text in [
            "What is biotechnology?",
            "define renewable energy",
            "who is the president of Russia?",
            "Что такое кибербезопасность?",
            "кто такой Безруков",
            "هوش مصنوعی چیست؟",
            "تجارت الکترونیک یعنی چی",
            "e-commerce in general",
        ] {
            assert!(framed(text), "{text}");
        }
    }

    #[test]
    fn other_questions_are_not_framed() {
        for text in [
            "When is the Moscow meeting?",
            "where is pardis",
            "Где пройдёт встреча?",
            "جلسه مسکو کجاست",
        ] {
            assert!(!framed(text), "{text}");
        }
    }

    #[test]
    fn a_question_about_something_of_a_record_is_no_definition_of_the_record() {
        let asks = |text: &str| {
            let normalised = normalize(text);
            let words: Vec<&str> = normalised.split_whitespace().collect();
            asks_about_a_record(&words)
        };
        assert!(asks("What is the purpose of the memorandum?"));
        assert!(asks("هدف تفاهم‌نامه چیست؟"));
        assert!(!asks("What is a memorandum of understanding?"));
        assert!(!asks("What is biotechnology?"));
    }

    #[test]
    fn a_bare_russian_who_frames_an_identity_but_not_who_did_something() {
        assert!(framed("Кто президент России?"));
        assert!(framed("Кто посол Ирана в России?"));
        assert!(!framed("Кто представлял иранскую ассоциацию?"));
        assert!(!framed("Кто с иранской стороны подписал меморандум?"));
        assert!(!framed("кто возглавляет технопарк"));
    }
}
