//! Lists and overviews answered from the structured records: "which people does the report name?",
//! "what organisations are involved?", "what agreements were signed?", "every topic on the December
//! agenda", "everything about Pardis".
//!
//! A list question names what to list (people, organisations, agreements, meetings, universities,
//! topics, or "everything") and, often, what it belongs to (the December meeting's agenda, the MOU's
//! areas, the park's people). The first comes from a small per-language table of plural nouns; the
//! second from matching the rest of the question: the records link entries (a meeting's agenda and
//! participants, an agreement's parties, signatories and areas, a person's organisation, related
//! entries), so the items are the scope's linked entries of that kind. When the rest fits items of
//! the kind themselves, the items are those that fit it about as well as the best and are linked to
//! it ("which international organisations are Iran and Russia members of?": the SCO and BRICS); one
//! clearly ahead is the question's subject ("is cybersecurity on the agenda?"), not a list.
//!
//! The nouns and the framing words are data, plain text beside this file (`nouns.txt`,
//! `frames.txt`), read by `vocabulary`: a new way of asking for a list is a line there.

use std::collections::HashSet;

use crate::i18n::{fill, texts};
use crate::knowledge::{ContactType, Details, Entry, Kind};
use crate::lang::Lang;
use crate::matcher::{Decision, MatchResult, normalize};

use super::{Answerer, Citation};

mod vocabulary;

use vocabulary::VOCABULARY;

/// What a list question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    People,
    Organisations,
    Agreements,
    Meetings,
    Universities,
    Topics,
    /// Everything about one entry.
    Everything,
}

/// An overview reply: what was listed, for what, the items and their sources.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryList<'a> {
    pub kind: ListKind,
    /// What the items belong to ("the December meeting" for its agenda), if the question says.
    pub scope: Option<&'a Entry>,
    /// The items, in the records' order; at least two.
    pub items: Vec<&'a Entry>,
    /// The items' citations, each item's in turn.
    pub citations: Vec<Citation<'a>>,
}

/// At most this many items: a longer list is a topic browser's job (`/topics`).
const MAX_ITEMS: usize = 12;

/// The list a question asks for, if it is a list question whose items the records give (at least
/// two).
pub(super) fn plan<'a>(answerer: &'a Answerer, question: &str) -> Option<EntryList<'a>> {
    let words = words(question);
    let kind = list_kind(&words)?;
    let rest: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !is_frame(w) && !is_noun(w) && !is_single_noun(w))
        .collect();
    let rest = rest.join(" ");
    let matcher = answerer.matcher();
    let kb = answerer.knowledge();
    let scope_result = matcher.find(&rest);
    let (scope, items) = if scope_result.terms.is_empty() {
        // Nothing but the list's own words: the whole kind.
        if kind == ListKind::Everything {
            return None;
        }
        (None, items_of(answerer, kind, None))
    } else {
        let mut found = None;
        for (rank, candidate) in scope_result.candidates.iter().take(3).enumerate() {
            if candidate.score < matcher.tuning().floor {
                break;
            }
            let scope = &kb.entries()[candidate.entry];
            if rank == 0 && kind != ListKind::Everything && is_of(kind, scope) {
                // The rest fits items themselves: several linked items alike ("which international
                // organisations are Iran and Russia members of?") are the list; one clearly
                // ahead is the question's subject ("is cybersecurity on the agenda?").
                let peers = peers_of(answerer, kind, &scope_result);
                if peers.len() >= 2 {
                    found = Some((None, peers));
                    break;
                }
                return None;
            }
            let items = items_of(answerer, kind, Some(scope));
            if items.len() >= 2 {
                found = Some((Some(scope), items));
                break;
            }
        }
        match found {
            Some(found) => found,
            // A question that asks for all of a kind ("all the people …", "همه افرادی …") and
            // whose rest names nothing the matcher would answer with ("… mentioned in connection
            // with this programme", "… so far") lists the whole kind, not a scope it half-matched.
            // Without such a word ("the best universities in America") a plural noun alone does
            // not make it a list.
            None if has_every_word(&words)
                && scope_result.decision != Decision::Answer
                && kind != ListKind::Everything =>
            {
                (None, items_of(answerer, kind, None))
            }
            None => return None,
        }
    };
    if items.len() < 2 {
        return None;
    }
    let citations = items.iter().flat_map(|item| answerer.citations(item)).fold(
        Vec::new(),
        |mut all: Vec<Citation<'a>>, c| {
            if !all.iter().any(|seen| seen.quote == c.quote) {
                all.push(c);
            }
            all
        },
    );
    Some(EntryList {
        kind,
        scope,
        items,
        citations,
    })
}

/// How close to the top score an item must come to be listed beside it when the question's rest
/// names items themselves.
const PEER_MARGIN: f32 = 0.1;

/// The top candidate and those of the same kind, linked to it by the records, that fit the
/// question about as well: the items of a list whose rest names them.
fn peers_of<'a>(answerer: &'a Answerer, kind: ListKind, result: &MatchResult) -> Vec<&'a Entry> {
    let kb = answerer.knowledge();
    let Some(top) = result.candidates.first() else {
        return Vec::new();
    };
    let top_entry = &kb.entries()[top.entry];
    let least = (top.score - PEER_MARGIN).max(answerer.matcher().tuning().floor);
    result
        .candidates
        .iter()
        .filter(|c| c.score >= least)
        .map(|c| &kb.entries()[c.entry])
        .filter(|e| is_of(kind, e) && (e.id == top_entry.id || e.is_linked_with(top_entry)))
        .take(MAX_ITEMS)
        .collect()
}

/// The question's normalised words, with Persian plural and verbal parts joined to their word.
fn words(question: &str) -> Vec<String> {
    let normalised = normalize(question);
    let mut words: Vec<String> = Vec::new();
    for word in normalised.split_whitespace() {
        match (word, words.last_mut()) {
            ("ها" | "های" | "هایی", Some(last)) => last.push_str(word),
            _ => words.push(word.to_string()),
        }
    }
    words
}

/// Whether a word frames the list: a `frame` word, or begins with a `frame-stem`.
fn is_frame(word: &str) -> bool {
    let vocabulary = &*VOCABULARY;
    vocabulary.frame.contains(word)
        || vocabulary
            .frame_stems
            .iter()
            .any(|stem| word.starts_with(stem))
}

fn is_single_noun(word: &str) -> bool {
    VOCABULARY
        .singular
        .iter()
        .any(|(_, nouns)| nouns.contains(&word))
}

fn is_noun(word: &str) -> bool {
    VOCABULARY
        .plural
        .iter()
        .any(|(_, nouns)| has_noun(nouns, word))
}

/// Whether `word` is one of `nouns`, or one with the Persian indefinite `ی` (`افرادی`).
fn has_noun(nouns: &[&str], word: &str) -> bool {
    nouns.contains(&word) || word.strip_suffix('ی').is_some_and(|w| nouns.contains(&w))
}

/// What the words ask to list, if anything: a plural noun, or a singular one with "every",
/// "all", "list" ("list every organisation").
fn list_kind(words: &[String]) -> Option<ListKind> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let vocabulary = &*VOCABULARY;
    let has = |phrase: &[&str]| words.windows(phrase.len()).any(|w| w == phrase);
    if vocabulary.everything.iter().any(|phrase| has(phrase)) {
        return Some(ListKind::Everything);
    }
    if vocabulary.who_is_who.iter().any(|phrase| has(phrase)) {
        return Some(ListKind::People);
    }
    // The first plural noun is what is listed: the head comes before its complement in all three
    // languages ("темы заседания", "the areas of the meetings", "محورهای نشست").
    let plural = words.iter().find_map(|w| {
        vocabulary
            .plural
            .iter()
            .find(|(_, nouns)| has_noun(nouns, w))
            .map(|(kind, _)| *kind)
    });
    plural.or_else(|| {
        has_every_word(&words).then_some(())?;
        vocabulary
            .singular
            .iter()
            .find(|(_, nouns)| words.iter().any(|w| nouns.contains(w)))
            .map(|(kind, _)| *kind)
    })
}

/// Whether a word of the question asks for all of a kind ("every", "all", «все», همه).
fn has_every_word<W: AsRef<str>>(words: &[W]) -> bool {
    words.iter().any(|w| VOCABULARY.every.contains(w.as_ref()))
}

/// Whether an entry is an item of a list of `kind`.
fn is_of(kind: ListKind, entry: &Entry) -> bool {
    match (kind, &entry.details) {
        (ListKind::People, _) => entry.is_person(),
        (ListKind::Organisations, Details::Contact(c)) => {
            c.contact_type == ContactType::Organisation
        }
        // The branches are institutions too, and the report calls them agreements reached.
        (ListKind::Organisations | ListKind::Agreements, _) if entry.kind == Kind::University => {
            true
        }
        (ListKind::Agreements, _) => entry.kind == Kind::Agreement,
        (ListKind::Meetings, _) => entry.kind == Kind::Meeting,
        (ListKind::Universities, _) => entry.kind == Kind::University,
        (ListKind::Topics, _) => entry.kind == Kind::FocusArea,
        (ListKind::Everything, _) => true,
        _ => false,
    }
}

/// The items of a list: with a scope, the scope itself when it is of the kind and every entry the
/// records link to it (its details' lists first, in their order, then entries whose details name
/// it, then related entries); without, every entry of the kind.
fn items_of<'a>(
    answerer: &'a Answerer,
    kind: ListKind,
    scope: Option<&'a Entry>,
) -> Vec<&'a Entry> {
    let kb = answerer.knowledge();
    let Some(scope) = scope else {
        return kb
            .entries()
            .iter()
            .filter(|e| is_of(kind, e))
            .take(MAX_ITEMS)
            .collect();
    };
    let mut ids: Vec<&str> = Vec::new();
    if kind == ListKind::Everything || is_of(kind, scope) {
        ids.push(scope.id.as_str());
    }
    // The scope's own lists (a meeting's agenda, an agreement's areas) say what belongs to it;
    // the entries that name it, and its related entries, only when those lists say too little.
    ids.extend(scope.details.referenced_ids().into_iter().map(|(_, id)| id));
    let own = ids
        .iter()
        .filter_map(|id| kb.entry(id))
        .filter(|e| is_of(kind, e))
        .count();
    if own < 2 || kind == ListKind::Everything {
        for entry in kb.entries() {
            if entry
                .details
                .referenced_ids()
                .iter()
                .any(|(_, id)| *id == scope.id)
            {
                ids.push(entry.id.as_str());
            }
        }
    }
    if kind == ListKind::Everything {
        ids.extend(scope.related.iter().map(String::as_str));
    }
    let mut seen = HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(*id))
        .filter_map(|id| kb.entry(id))
        .filter(|e| is_of(kind, e))
        .take(MAX_ITEMS)
        .collect()
}

impl ListKind {
    /// Every kind, in the order of `Texts::list_kinds`.
    pub const ALL: [ListKind; 7] = [
        ListKind::People,
        ListKind::Organisations,
        ListKind::Agreements,
        ListKind::Meetings,
        ListKind::Universities,
        ListKind::Topics,
        ListKind::Everything,
    ];
}

/// The list's first line: what is listed and, when the question said, for what.
pub fn heading(list: &EntryList<'_>, lang: Lang) -> String {
    let t = texts(lang);
    let at = ListKind::ALL
        .iter()
        .position(|k| *k == list.kind)
        .unwrap_or_default();
    let what = t.list_kinds[at];
    match list.scope {
        Some(scope) => {
            let title = scope.title.get(lang);
            if list.kind == ListKind::Everything {
                fill(what, &[("scope", title)])
            } else {
                fill(t.list_scoped, &[("what", what), ("scope", title)])
            }
        }
        None => what.to_string(),
    }
}

/// One item as a line of plain text: its title and what it is (a person's role, a meeting's place).
pub fn item_line(entry: &Entry, lang: Lang) -> String {
    match item_detail(entry, lang) {
        Some(detail) => format!("• {} — {detail}", entry.title.get(lang)),
        None => format!("• {}", entry.title.get(lang)),
    }
}

/// What an item is, in a few words, from its records.
pub fn item_detail(entry: &Entry, lang: Lang) -> Option<&str> {
    match &entry.details {
        Details::Contact(c) => Some(c.role.get(lang)),
        Details::University(u) => Some(u.status.get(lang)),
        Details::Meeting(m) => Some(m.place.get(lang)),
        Details::Agreement(a) => Some(a.agreement_type.get(lang)),
        Details::FocusArea(_) => None,
    }
}
