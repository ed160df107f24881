//! Questions that ask two or three things at once: "who signed the MOU and what does it cover?",
//! "Фурсенко где выступал и что сказал?", "فورسنکو کجا صحبت کرد و چی گفت؟".
//!
//! The question is cut where a sentence ends or where a conjunction is followed by a question word
//! ("… and what …", "… и где …", "… و چی …"). A part that names nothing of its own ("what does it
//! cover?") is read together with the part that does; when it asks *who* and that part's entry is
//! no person, or *where* or *when* and it is a person, it is answered by the one person or
//! meeting the records link to that entry, if there is exactly one ("when is the meeting, and who
//! announced it?": the ambassador; "where and when did Fursenko speak?": INOTEX 2025). When two or
//! more parts are each answered with confidence, by different entries, the reply gives each of them
//! (at most three), each with its sources; otherwise the question is answered as a whole.

use crate::knowledge::{Entry, Kind, KnowledgeBase};
use crate::matcher::{Decision, MatchResult, normalize};

use super::{Answerer, ReplyKind};

/// At most this many entries in one reply: more is a list, or a question better asked apart.
const MAX_PARTS: usize = 3;

/// Conjunctions that may join two questions.
const CONJUNCTIONS: &[&str] = &["and", "also", "plus", "и", "а", "также", "و", "همچنین"];

/// Words that start a question.
const QUESTION_WORDS: &[&str] = &[
    "what",
    "whats",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "how",
    "which",
    "why",
    "is",
    "are",
    "does",
    "do",
    "did",
    "can",
    "will",
    "что",
    "кто",
    "где",
    "когда",
    "как",
    "какие",
    "какой",
    "какая",
    "каков",
    "сколько",
    "зачем",
    "почему",
    "чем",
    "чего",
    "куда",
    "откуда",
    "о",
    "об",
    "про",
    "че",
    "چه",
    "چی",
    "کی",
    "کجا",
    "چطور",
    "چگونه",
    "کدام",
    "کدوم",
    "چند",
    "ایا",
    "چرا",
    "چقدر",
    "چیه",
    "کیه",
];

/// Question words asking for a person ("who announced it?"). Persian `کی` asks who or when.
const ASKS_WHO: &[&str] = &["who", "whom", "кто", "кого", "кем", "کی", "کیه", "کسی"];

/// Question words asking where or when, which a meeting answers ("where did he speak?").
const ASKS_WHERE_OR_WHEN: &[&str] = &[
    "where",
    "when",
    "где",
    "когда",
    "куда",
    "کجا",
    "کجاست",
    "کی",
    "زمانی",
];

/// The entry answering a part that names nothing of its own, read with the subject's entry: the
/// one person the records link to that entry when the part asks who and the entry is no person,
/// or the one meeting when it asks where or when and the entry is a person; `None` when the part
/// asks for neither, or the records link none or several.
fn asked_link(kb: &KnowledgeBase, entry: usize, part: &str) -> Option<usize> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let asks = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let subject = &kb.entries()[entry];
    // Where or when a person did something is a meeting; where a park or a university is, is its
    // own answer. Persian `کی` asks both: whichever the subject is not.
    let wanted: fn(&Entry) -> bool = if asks(ASKS_WHO) && !subject.is_person() {
        Entry::is_person
    } else if asks(ASKS_WHERE_OR_WHEN) && subject.is_person() {
        |e| e.kind == Kind::Meeting
    } else {
        return None;
    };
    let mut found: Vec<usize> = Vec::new();
    for id in subject.linked_ids() {
        let Some(at) = kb.position(id) else { continue };
        if wanted(&kb.entries()[at]) && !found.contains(&at) {
            found.push(at);
        }
    }
    match found[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// The reply for a question asking several things, or `None` when it asks one (or its parts do
/// not each find a confident, different answer).
pub(super) fn answer_parts<'a>(
    answerer: &'a Answerer,
    question: &str,
    whole: &MatchResult,
) -> Option<ReplyKind<'a>> {
    let parts = split(question);
    if parts.len() < 2 {
        return None;
    }
    let matcher = answerer.matcher();
    let named = |part: &str| {
        matcher
            .find(part)
            .terms
            .iter()
            .filter(|t| !t.matches.is_empty())
            .count()
    };
    // The part naming the most, to read with parts that name nothing of their own.
    let subject = parts.iter().max_by_key(|p| named(p))?.clone();
    let answered = |text: &str| matcher.find(text).answer().map(|top| top.entry);
    let subject_entry = answered(&subject);
    let mut entries: Vec<usize> = Vec::new();
    // Whether each part was answered on its own words, and whether it names anything at all.
    let mut alone: Vec<bool> = Vec::new();
    let mut silent = 0;
    for part in &parts {
        let own = named(part);
        silent += usize::from(own == 0);
        let with_subject = own < 2 && *part != subject;
        let entry = if with_subject {
            // Read with the subject; a part asking who, where or when may be answered by the
            // person or meeting linked to the subject's entry even when the two read together
            // are not ("… and where did he speak?").
            let together = answered(&format!("{part} {subject}"));
            together
                .or(subject_entry)
                .and_then(|from| asked_link(answerer.knowledge(), from, part))
                .or(together)
        } else if *part == subject {
            subject_entry
        } else {
            answered(part)
        };
        let Some(entry) = entry else { continue };
        if !entries.contains(&entry) {
            entries.push(entry);
            alone.push(!with_subject);
        }
    }
    let kb = answerer.knowledge();
    if entries.len() == 1
        && alone[0]
        && silent == parts.len() - 1
        && whole.decision != Decision::Answer
    {
        // One part asks something the knowledge base answers, the rest says nothing it knows
        // ("who heads Pardis? I'd like to get in touch"): that part's answer.
        return Some(answerer.answer_for(&kb.entries()[entries[0]]));
    }
    if entries.len() < 2 {
        return None;
    }
    // The whole question's own answer leads when the parts found it too.
    if let Some(top) = whole.answer()
        && let Some(at) = entries.iter().position(|&e| e == top.entry)
    {
        entries[..=at].rotate_right(1);
    }
    entries.truncate(MAX_PARTS);
    Some(ReplyKind::Several(
        entries
            .into_iter()
            .map(|e| answerer.entry_answer(&kb.entries()[e]))
            .collect(),
    ))
}

/// The question's parts: its sentences, each cut again where a conjunction is followed (within two
/// words) by a question word.
fn split(question: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for sentence in question.split(['?', '؟', ';', '!', '\n']) {
        let normalised = normalize(sentence);
        let words: Vec<&str> = normalised.split_whitespace().collect();
        let mut start = 0;
        for at in 1..words.len() {
            let asks_next = words[at + 1..]
                .iter()
                .take(2)
                .any(|w| QUESTION_WORDS.contains(w));
            if CONJUNCTIONS.contains(&words[at]) && asks_next {
                parts.push(words[start..at].join(" "));
                start = at + 1;
            }
        }
        if start < words.len() {
            parts.push(words[start..].join(" "));
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_split_at_a_conjunction_before_a_question_word() {
        assert_eq!(
            split("Who signed the MOU and what does it cover?"),
            ["who signed the mou", "what does it cover"]
        );
        assert_eq!(
            split("Где выступал Фурсенко и что он сказал?"),
            ["где выступал фурсенко", "что он сказал"]
        );
        assert_eq!(
            split("فورسنکو کجا صحبت کرد و چی گفت؟"),
            ["فورسنکو کجا صحبت کرد", "چی گفت"]
        );
    }

    #[test]
    fn a_conjunction_inside_a_question_does_not_split_it() {
        assert_eq!(
            split("cooperation between Iran and Russia in ICT"),
            ["cooperation between iran and russia in ict"]
        );
        assert_eq!(split("Иран и Россия"), ["иран и россия"]);
    }

    #[test]
    fn sentences_are_parts() {
        assert_eq!(
            split("Who is Fursenko? Where is Pardis?"),
            ["who is fursenko", "where is pardis"]
        );
    }
}
