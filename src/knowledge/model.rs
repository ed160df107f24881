//! The validated knowledge base: what the matcher indexes and the bot renders. Every value here has
//! passed `check`, so translations exist in every language and every reference resolves.

use std::collections::HashMap;

use serde::Serialize;

use super::source_text::SourceText;
use crate::lang::Lang;

/// A value present in every language: validation guarantees the bot never lacks a translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Localized<T> {
    pub en: T,
    pub ru: T,
    pub fa: T,
}

impl<T> Localized<T> {
    /// The value in `lang`.
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
            Lang::Fa => &self.fa,
        }
    }

    /// Each language with its value, in `Lang::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &T)> {
        Lang::ALL
            .into_iter()
            .map(move |lang| (lang, self.get(lang)))
    }
}

/// What an entry is about; it decides the file it lives in and how it is browsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Meeting,
    Agreement,
    FocusArea,
    Contact,
    University,
}

impl Kind {
    /// Every kind, in the order topics are browsed.
    pub const ALL: [Kind; 5] = [
        Kind::Meeting,
        Kind::Agreement,
        Kind::FocusArea,
        Kind::Contact,
        Kind::University,
    ];

    /// The name used in `ask --json` output and in callback data.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Meeting => "meeting",
            Kind::Agreement => "agreement",
            Kind::FocusArea => "focus_area",
            Kind::Contact => "contact",
            Kind::University => "university",
        }
    }

    /// The file in the knowledge folder that holds entries of this kind.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Meeting => "meetings.json",
            Kind::Agreement => "agreements.json",
            Kind::FocusArea => "focus_areas.json",
            Kind::Contact => "contacts.json",
            Kind::University => "universities.json",
        }
    }

    /// Parses the name produced by [`Kind::as_str`].
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// A date as the source gives it: the year stays `None` when the source does not state it, so the bot
/// can say so instead of guessing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedDate {
    pub day_from: Option<u8>,
    pub day_to: Option<u8>,
    pub month: Option<u8>,
    pub year: Option<i32>,
}

/// The fields that only one kind of entry has.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Details {
    Meeting(MeetingDetails),
    Agreement(AgreementDetails),
    FocusArea(FocusAreaDetails),
    Contact(ContactDetails),
    University(UniversityDetails),
}

impl Details {
    /// Ids of other entries these details point at, so validation can check they exist.
    pub fn referenced_ids(&self) -> Vec<(&'static str, &str)> {
        fn tag<'a>(
            field: &'static str,
            ids: &'a [String],
        ) -> impl Iterator<Item = (&'static str, &'a str)> {
            ids.iter().map(move |id| (field, id.as_str()))
        }
        match self {
            Details::Meeting(m) => tag("details.participants", &m.participants)
                .chain(tag("details.agenda", &m.agenda))
                .chain(tag("details.outcomes", &m.outcomes))
                .collect(),
            Details::Agreement(a) => tag("details.parties", &a.parties)
                .chain(tag("details.signatories", &a.signatories))
                .chain(tag("details.areas", &a.areas))
                .chain(
                    a.concluded_at
                        .iter()
                        .map(|id| ("details.concluded_at", id.as_str())),
                )
                .collect(),
            Details::FocusArea(f) => tag("details.area_of", &f.area_of).collect(),
            Details::Contact(c) => c
                .organisation
                .iter()
                .map(|id| ("details.organisation", id.as_str()))
                .collect(),
            Details::University(_) => Vec::new(),
        }
    }
}

impl Details {
    /// The free-text fields that name an entry's place, role or institution, which the matcher
    /// indexes like the answer.
    pub fn free_texts(&self) -> Vec<(Lang, &str)> {
        fn localized(l: &Localized<String>) -> Vec<(Lang, &str)> {
            l.iter().map(|(lang, text)| (lang, text.as_str())).collect()
        }
        match self {
            Details::Meeting(m) => {
                let mut texts = localized(&m.place);
                if let Some(event) = &m.event {
                    texts.push((Lang::En, event.as_str()));
                }
                texts
            }
            Details::Agreement(a) => localized(&a.agreement_type),
            Details::FocusArea(_) => Vec::new(),
            Details::Contact(c) => localized(&c.role),
            Details::University(u) => {
                let mut texts = localized(&u.institution);
                texts.extend(localized(&u.status));
                texts
            }
        }
    }
}

/// A meeting, session or exhibition where talks were held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingDetails {
    pub ordinal: Option<u32>,
    pub place: Localized<String>,
    pub date: Option<ReportedDate>,
    pub event: Option<String>,
    pub participants: Vec<String>,
    pub agenda: Vec<String>,
    pub outcomes: Vec<String>,
}

/// A memorandum or other agreement between parties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementDetails {
    pub agreement_type: Localized<String>,
    pub parties: Vec<String>,
    pub signatories: Vec<String>,
    pub areas: Vec<String>,
    pub concluded_at: Option<String>,
    pub date: Option<ReportedDate>,
}

/// An area of cooperation and the meetings or agreements it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusAreaDetails {
    pub area_of: Vec<String>,
}

/// Whether a contact entry is a person, an organisation, or a guide to whom to approach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactType {
    Person,
    Organisation,
    Guide,
}

/// A person or organisation; contact channels stay `None` unless a source gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactDetails {
    pub contact_type: ContactType,
    pub role: Localized<String>,
    pub organisation: Option<String>,
    pub country: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// A Russian university with a branch agreed in Iran.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UniversityDetails {
    pub institution: Localized<String>,
    pub country: String,
    pub branch_in: String,
    pub status: Localized<String>,
}

/// A pointer from an entry to the passage of a source that backs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    pub source: String,
    pub quote: String,
}

/// A document the facts come from; the bot cites it under every answer, and `check` verifies every
/// quote against its full text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    /// Where its full text is, inside the knowledge folder: `sources/<id>.txt`.
    pub text_file: String,
    /// Its full text as published.
    #[serde(skip)]
    pub text: SourceText,
}

/// One answerable topic: its names, the questions it answers, the answer and its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub title: Localized<String>,
    pub aliases: Localized<Vec<String>>,
    pub questions: Localized<Vec<String>>,
    pub answer: Localized<String>,
    /// The direct answer to what the entry is asked ("6–7 December, in Moscow"), shown first and
    /// in bold, when there is one.
    pub short: Option<Localized<String>>,
    pub related: Vec<String>,
    pub sources: Vec<SourceRef>,
    pub as_of: Option<String>,
    pub details: Details,
}

impl Entry {
    /// Whether the entry is a person's (a contact of type person): who is asked *who*, whose
    /// entry holds what they said.
    pub fn is_person(&self) -> bool {
        matches!(&self.details, Details::Contact(contact) if contact.contact_type == ContactType::Person)
    }

    /// The ids of the entries this one links to: its related entries and those its details name
    /// (participants, agenda, parties, organisation…). The links the answer follows to a person, a
    /// meeting or a list's items.
    pub fn linked_ids(&self) -> impl Iterator<Item = &str> {
        self.related
            .iter()
            .map(String::as_str)
            .chain(self.details.referenced_ids().into_iter().map(|(_, id)| id))
    }

    /// Whether the records link the two entries, either way.
    pub fn is_linked_with(&self, other: &Entry) -> bool {
        self.linked_ids().any(|id| id == other.id) || other.linked_ids().any(|id| id == self.id)
    }
}

/// Words or short phrases that mean the same thing in one language ("memorandum", "MOU",
/// "agreement"), so a question worded with one can match an entry worded with another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SynonymGroup {
    /// The language of every term: groups never cross languages, the entries already do.
    pub lang: Lang,
    /// The terms as the curator wrote them; the matcher normalises them its own way.
    pub terms: Vec<String>,
    /// The line of the group in `synonyms.json`, so `/why` can show curators where an expansion
    /// came from.
    pub line: Option<usize>,
}

/// Roles and indirect names that stand for one entry ("the presidential aide", "head of Pardis"),
/// which people use instead of the name the entry's aliases hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The language the phrases are written in.
    pub lang: Lang,
    /// The phrases as the curator wrote them; the matcher normalises them its own way.
    pub phrases: Vec<String>,
    /// The id of the entry they stand for; validation guarantees it exists.
    pub entry: String,
    /// The line of the reference in `synonyms.json`, for `/why` and curators.
    pub line: Option<usize>,
}

/// The staff-edited domain thesaurus (`synonyms.json`): synonym groups and indirect references,
/// validated with the entries. It is only data: how strongly an expansion counts is the matcher's
/// decision. A knowledge folder without the file has an empty thesaurus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Thesaurus {
    groups: Vec<SynonymGroup>,
    references: Vec<Reference>,
}

impl Thesaurus {
    /// A thesaurus from validated parts; the loader is the only caller outside tests.
    pub(crate) fn new(groups: Vec<SynonymGroup>, references: Vec<Reference>) -> Self {
        Thesaurus { groups, references }
    }

    /// Every synonym group, in file order.
    pub fn groups(&self) -> &[SynonymGroup] {
        &self.groups
    }

    /// The synonym groups of one language, which are the only ones that apply to a question in it.
    pub fn groups_in(&self, lang: Lang) -> impl Iterator<Item = &SynonymGroup> {
        self.groups.iter().filter(move |g| g.lang == lang)
    }

    /// Every indirect reference, in file order.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// The indirect references of one language.
    pub fn references_in(&self, lang: Lang) -> impl Iterator<Item = &Reference> {
        self.references.iter().filter(move |r| r.lang == lang)
    }

    /// Whether there is nothing to expand with (no file, or an empty one).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.references.is_empty()
    }
}

/// The whole validated knowledge base, with lookups by id.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    entries: Vec<Entry>,
    sources: Vec<Source>,
    thesaurus: Thesaurus,
    entry_index: HashMap<String, usize>,
    source_index: HashMap<String, usize>,
}

impl KnowledgeBase {
    /// Builds the lookups; callers go through the loader, which validates first.
    pub(crate) fn new(entries: Vec<Entry>, sources: Vec<Source>, thesaurus: Thesaurus) -> Self {
        let entry_index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let source_index = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        KnowledgeBase {
            entries,
            sources,
            thesaurus,
            entry_index,
            source_index,
        }
    }

    /// All entries, in file order (meetings, agreements, focus areas, contacts, universities).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// All source documents.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The domain thesaurus the matcher expands questions with; empty when the folder has none.
    pub fn thesaurus(&self) -> &Thesaurus {
        &self.thesaurus
    }

    /// The entry with this id, if any.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entry_index.get(id).map(|&i| &self.entries[i])
    }

    /// The position of an entry, which the matcher uses as its compact handle.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.entry_index.get(id).copied()
    }

    /// The source document with this id, if any.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_index.get(id).map(|&i| &self.sources[i])
    }

    /// The entries of one kind, for topic browsing.
    pub fn entries_of(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// A copy in which some entries have extra questions, as staff attached them from the chat. A
    /// question for an entry that no longer exists is skipped (a reload may have removed it), and
    /// one the entry already has is not added twice. The thesaurus is carried over unchanged.
    pub fn with_learned<'a>(
        &self,
        learned: impl IntoIterator<Item = (&'a str, Lang, &'a str)>,
    ) -> KnowledgeBase {
        let mut kb = self.clone();
        for (entry_id, lang, question) in learned {
            let Some(&position) = kb.entry_index.get(entry_id) else {
                continue;
            };
            let questions = match lang {
                Lang::En => &mut kb.entries[position].questions.en,
                Lang::Ru => &mut kb.entries[position].questions.ru,
                Lang::Fa => &mut kb.entries[position].questions.fa,
            };
            let question = question.trim();
            if !question.is_empty() && !questions.iter().any(|q| q.trim() == question) {
                questions.push(question.to_string());
            }
        }
        kb
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
