//! Reading knowledge files and turning them into a [`KnowledgeBase`], collecting every problem on the
//! way instead of stopping at the first, so one `check` run shows a curator everything to fix.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::model::*;
use super::problem::{KnowledgeError, Location, Problems};
use super::synonyms::{SYNONYMS_FILE, read_thesaurus};

/// The file listing the source documents.
pub const SOURCES_FILE: &str = "sources.json";

/// One knowledge file's text and the name to report problems under.
#[derive(Debug, Clone)]
pub struct KnowledgeFile {
    /// As shown to the user, e.g. `knowledge/meetings.json`.
    pub path: String,
    /// The bare file name, which decides what the file holds.
    pub name: String,
    pub text: String,
}

/// The knowledge base compiled into the binary, thesaurus included, so `coop-bot ask` works from any
/// folder with no setup.
pub fn embedded_files() -> Vec<KnowledgeFile> {
    macro_rules! embed {
        ($($name:literal),* $(,)?) => {
            vec![$(KnowledgeFile {
                path: concat!("knowledge/", $name, " (embedded)").to_string(),
                name: $name.to_string(),
                text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge/", $name)).to_string(),
            }),*]
        };
    }
    embed![
        "meetings.json",
        "agreements.json",
        "focus_areas.json",
        "contacts.json",
        "universities.json",
        "sources.json",
        "synonyms.json",
    ]
}

/// Loads and validates the embedded knowledge base.
pub fn load_embedded() -> Result<KnowledgeBase, KnowledgeError> {
    load_files(&embedded_files())
}

/// Loads and validates the knowledge files in `dir`. A missing or unexpected `.json` file is a
/// problem like any other (the thesaurus, `synonyms.json`, is optional); only an unreadable folder
/// stops the check early.
pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, KnowledgeError> {
    let unreadable = |source| KnowledgeError::Unreadable {
        path: dir.display().to_string(),
        source,
    };
    let mut problems = Problems::default();
    let mut files = Vec::new();
    let expected: Vec<&str> = Kind::ALL
        .iter()
        .map(|k| k.file_name())
        .chain([SOURCES_FILE])
        .collect();
    let mut present = BTreeSet::new();
    for item in fs::read_dir(dir).map_err(unreadable)? {
        let item = item.map_err(unreadable)?;
        let name = item.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            present.insert(name);
        }
    }
    for name in &present {
        let path = dir.join(name).display().to_string();
        if !expected.contains(&name.as_str()) && name != SYNONYMS_FILE {
            problems.push(
                &path,
                Location::File,
                format!(
                    "unexpected file: the knowledge base reads only {} and {SYNONYMS_FILE}",
                    expected.join(", ")
                ),
            );
        }
    }
    for name in expected {
        let path = dir.join(name).display().to_string();
        if !present.contains(name) {
            problems.push(&path, Location::File, "missing file");
            continue;
        }
        match fs::read_to_string(dir.join(name)) {
            Ok(text) => files.push(KnowledgeFile {
                path,
                name: name.to_string(),
                text,
            }),
            Err(err) => problems.push(&path, Location::File, format!("cannot read: {err}")),
        }
    }
    if present.contains(SYNONYMS_FILE) {
        let path = dir.join(SYNONYMS_FILE);
        match fs::read_to_string(&path) {
            Ok(text) => files.push(KnowledgeFile {
                path: path.display().to_string(),
                name: SYNONYMS_FILE.to_string(),
                text,
            }),
            Err(err) => problems.push(
                &path.display().to_string(),
                Location::File,
                format!("cannot read: {err}"),
            ),
        }
    }
    let result = load_files(&files);
    match result {
        Ok(kb) if problems.is_empty() => Ok(kb),
        Ok(_) => Err(KnowledgeError::Invalid(problems)),
        Err(KnowledgeError::Invalid(more)) => {
            problems.0.extend(more.0);
            Err(KnowledgeError::Invalid(problems))
        }
        Err(other) => Err(other),
    }
}

/// The expected knowledge files of `dir` (and the thesaurus, when there is one) as they are on
/// disk, unvalidated, for tools that rewrite them (`export-learned`) and check the result; a missing
/// one is skipped, since `check` reports it.
pub fn read_dir_files(dir: &Path) -> Result<Vec<KnowledgeFile>, KnowledgeError> {
    let mut files = Vec::new();
    for name in Kind::ALL
        .iter()
        .map(|k| k.file_name())
        .chain([SOURCES_FILE, SYNONYMS_FILE])
    {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(|source| KnowledgeError::Unreadable {
            path: path.display().to_string(),
            source,
        })?;
        files.push(KnowledgeFile {
            path: path.display().to_string(),
            name: name.to_string(),
            text,
        });
    }
    Ok(files)
}

/// Validates a set of knowledge files (any subset of the expected names) into a knowledge base.
pub fn load_files(files: &[KnowledgeFile]) -> Result<KnowledgeBase, KnowledgeError> {
    let mut loader = Loader::default();
    for file in files {
        if file.name == SYNONYMS_FILE {
            loader.thesaurus = read_thesaurus(file, &mut loader.problems);
            loader.thesaurus_path = file.path.clone();
            continue;
        }
        let Some(document) = loader.parse_json(file) else {
            continue;
        };
        if file.name == SOURCES_FILE {
            loader.read_sources(file, document);
        } else if let Some(kind) = Kind::ALL.into_iter().find(|k| k.file_name() == file.name) {
            loader.read_entries(file, kind, document);
        } else {
            loader
                .problems
                .push(&file.path, Location::File, "unexpected knowledge file");
        }
    }
    loader.check_references();
    if loader.problems.is_empty() {
        let entries = loader.entries.into_iter().map(|(entry, _)| entry).collect();
        let sources = loader
            .sources
            .into_iter()
            .map(|(source, _)| source)
            .collect();
        Ok(KnowledgeBase::new(entries, sources, loader.thesaurus))
    } else {
        Err(KnowledgeError::Invalid(loader.problems))
    }
}

/// A `{en, ru, fa}` object as written, before validation says which translations are missing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocalized<T> {
    en: Option<T>,
    ru: Option<T>,
    fa: Option<T>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSourceRef {
    source: String,
    quote: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    title: String,
    kind: String,
    date: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeeting {
    ordinal: Option<u32>,
    place: RawLocalized<String>,
    date: Option<ReportedDate>,
    event: Option<String>,
    participants: Vec<String>,
    agenda: Vec<String>,
    outcomes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgreement {
    agreement_type: RawLocalized<String>,
    parties: Vec<String>,
    signatories: Vec<String>,
    areas: Vec<String>,
    concluded_at: Option<String>,
    date: Option<ReportedDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFocusArea {
    area_of: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    contact_type: ContactType,
    role: RawLocalized<String>,
    organisation: Option<String>,
    country: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUniversity {
    institution: RawLocalized<String>,
    country: String,
    branch_in: String,
    status: RawLocalized<String>,
}

const ENTRY_FIELDS: [&str; 10] = [
    "id",
    "title",
    "aliases",
    "questions",
    "answer",
    "related",
    "sources",
    "as_of",
    "details",
    // `learned` is written by `export-learned`; it is optional and holds extra questions per language.
    "learned",
];
const REQUIRED_ENTRY_FIELDS: usize = 9;

/// Where an accepted record came from, for messages about references and duplicates.
#[derive(Debug, Clone)]
struct Origin {
    path: String,
    line: Option<usize>,
}

#[derive(Default)]
struct Loader {
    problems: Problems,
    entries: Vec<(Entry, Origin)>,
    sources: Vec<(Source, Origin)>,
    /// Ids of every entry and source seen, valid or not, so a broken record does not make every
    /// reference to it look dangling too.
    seen_entry_ids: BTreeSet<String>,
    seen_source_ids: BTreeSet<String>,
    /// A file could not be parsed, so its ids are unknown and references cannot be judged.
    unparsed_file: bool,
    /// The thesaurus as read (empty without `synonyms.json`) and the path it was read from.
    thesaurus: Thesaurus,
    thesaurus_path: String,
}

/// The validation context of one record: it knows where to file a problem.
struct Record<'a> {
    path: &'a str,
    id: String,
    line: Option<usize>,
}

impl Record<'_> {
    fn location(&self) -> Location {
        Location::Record {
            id: self.id.clone(),
            line: self.line,
        }
    }
}

impl Loader {
    fn parse_json(&mut self, file: &KnowledgeFile) -> Option<Vec<Value>> {
        match serde_json::from_str::<Value>(&file.text) {
            Ok(Value::Array(items)) => Some(items),
            Ok(_) => {
                self.unparsed_file = true;
                self.problems.push(
                    &file.path,
                    Location::Position { line: 1, column: 1 },
                    "expected a JSON array of records at the top level",
                );
                None
            }
            Err(err) => {
                self.unparsed_file = true;
                self.problems.push(
                    &file.path,
                    Location::Position {
                        line: err.line(),
                        column: err.column(),
                    },
                    format!("invalid JSON: {}", strip_position(&err)),
                );
                None
            }
        }
    }

    fn record<'a>(
        &self,
        file: &'a KnowledgeFile,
        value: &Value,
        index: usize,
        lines: &mut IdLines,
    ) -> Record<'a> {
        match value.get("id").and_then(Value::as_str) {
            Some(id) => Record {
                path: &file.path,
                id: id.to_string(),
                line: lines.next(id),
            },
            None => Record {
                path: &file.path,
                id: format!("#{}", index + 1),
                line: None,
            },
        }
    }

    fn problem(&mut self, record: &Record, message: impl Into<String>) {
        self.problems.push(record.path, record.location(), message);
    }

    /// Deserializes `object[key]`, reporting a missing key or a type error against the record.
    fn field<T: DeserializeOwned>(
        &mut self,
        record: &Record,
        object: &Map<String, Value>,
        key: &str,
    ) -> Option<T> {
        let value = object.get(key)?;
        match T::deserialize(value) {
            Ok(parsed) => Some(parsed),
            Err(err) => {
                self.problem(record, format!("field `{key}`: {err}"));
                None
            }
        }
    }

    fn localized_text(
        &mut self,
        record: &Record,
        field: &str,
        raw: RawLocalized<String>,
    ) -> Option<Localized<String>> {
        let mut complete = true;
        let mut take = |lang: &str, value: Option<String>| match value {
            Some(text) if !text.trim().is_empty() => text,
            Some(_) => {
                self.problem(record, format!("`{field}.{lang}` is empty"));
                complete = false;
                String::new()
            }
            None => {
                self.problem(record, format!("missing `{lang}` translation in `{field}`"));
                complete = false;
                String::new()
            }
        };
        let localized = Localized {
            en: take("en", raw.en),
            ru: take("ru", raw.ru),
            fa: take("fa", raw.fa),
        };
        complete.then_some(localized)
    }

    fn localized_list(
        &mut self,
        record: &Record,
        field: &str,
        raw: RawLocalized<Vec<String>>,
        allow_empty: bool,
    ) -> Option<Localized<Vec<String>>> {
        let mut complete = true;
        let mut take = |lang: &str, value: Option<Vec<String>>| match value {
            Some(items) if items.iter().any(|s| s.trim().is_empty()) => {
                self.problem(record, format!("`{field}.{lang}` has an empty item"));
                complete = false;
                Vec::new()
            }
            Some(items) if items.is_empty() && !allow_empty => {
                self.problem(record, format!("`{field}.{lang}` is an empty list"));
                complete = false;
                Vec::new()
            }
            Some(items) => items,
            None if allow_empty => Vec::new(),
            None => {
                self.problem(record, format!("missing `{lang}` translation in `{field}`"));
                complete = false;
                Vec::new()
            }
        };
        let localized = Localized {
            en: take("en", raw.en),
            ru: take("ru", raw.ru),
            fa: take("fa", raw.fa),
        };
        complete.then_some(localized)
    }

    fn read_entries(&mut self, file: &KnowledgeFile, kind: Kind, items: Vec<Value>) {
        let mut lines = IdLines::scan(&file.text);
        for (index, value) in items.iter().enumerate() {
            let record = self.record(file, value, index, &mut lines);
            self.seen_entry_ids.insert(record.id.clone());
            let Some(object) = value.as_object() else {
                self.problem(&record, "expected an object");
                continue;
            };
            if let Some(entry) = self.read_entry(&record, kind, object) {
                let origin = Origin {
                    path: file.path.clone(),
                    line: record.line,
                };
                self.entries.push((entry, origin));
            }
        }
    }

    fn read_entry(
        &mut self,
        record: &Record,
        kind: Kind,
        object: &Map<String, Value>,
    ) -> Option<Entry> {
        for key in &ENTRY_FIELDS[..REQUIRED_ENTRY_FIELDS] {
            if !object.contains_key(*key) {
                self.problem(record, format!("missing field `{key}`"));
            }
        }
        for key in object.keys() {
            if !ENTRY_FIELDS.contains(&key.as_str()) {
                self.problem(
                    record,
                    format!(
                        "unknown field `{key}`, expected one of {}",
                        ENTRY_FIELDS.join(", ")
                    ),
                );
            }
        }
        let id: Option<String> = self.field(record, object, "id");
        if let Some(id) = &id
            && !is_valid_id(id)
        {
            self.problem(
                record,
                "`id` must be 1 to 48 characters of lower-case a-z, 0-9 and `-`",
            );
        }
        let title = self
            .field(record, object, "title")
            .and_then(|raw| self.localized_text(record, "title", raw));
        let answer = self
            .field(record, object, "answer")
            .and_then(|raw| self.localized_text(record, "answer", raw));
        let aliases = self
            .field(record, object, "aliases")
            .and_then(|raw| self.localized_list(record, "aliases", raw, false));
        let questions = self
            .field(record, object, "questions")
            .and_then(|raw| self.localized_list(record, "questions", raw, false));
        let learned: Option<Localized<Vec<String>>> = match object.get("learned") {
            None => Some(Localized {
                en: Vec::new(),
                ru: Vec::new(),
                fa: Vec::new(),
            }),
            Some(_) => self
                .field(record, object, "learned")
                .and_then(|raw| self.localized_list(record, "learned", raw, true)),
        };
        let related: Option<Vec<String>> = self.field(record, object, "related");
        let sources: Option<Vec<RawSourceRef>> = self.field(record, object, "sources");
        let sources = sources.and_then(|refs| self.source_refs(record, refs));
        let as_of: Option<Option<String>> = self.field(record, object, "as_of");
        if let Some(Some(date)) = &as_of
            && !is_iso_date(date)
        {
            self.problem(
                record,
                format!("`as_of` must be YYYY-MM-DD or null, not `{date}`"),
            );
        }
        let details = object
            .get("details")
            .and_then(|value| self.details(record, kind, value));

        let mut questions = questions?;
        let learned = learned?;
        for lang in crate::lang::Lang::ALL {
            let extra = learned.get(lang).clone();
            match lang {
                crate::lang::Lang::En => questions.en.extend(extra),
                crate::lang::Lang::Ru => questions.ru.extend(extra),
                crate::lang::Lang::Fa => questions.fa.extend(extra),
            }
        }
        Some(Entry {
            id: id?,
            kind,
            title: title?,
            aliases: aliases?,
            questions,
            answer: answer?,
            related: related?,
            sources: sources?,
            as_of: as_of?,
            details: details?,
        })
    }

    fn source_refs(&mut self, record: &Record, refs: Vec<RawSourceRef>) -> Option<Vec<SourceRef>> {
        if refs.is_empty() {
            self.problem(
                record,
                "`sources` is empty: every entry needs at least one source",
            );
            return None;
        }
        let mut ok = true;
        for (i, r) in refs.iter().enumerate() {
            if r.quote.trim().is_empty() {
                self.problem(record, format!("`sources[{i}].quote` is empty"));
                ok = false;
            }
        }
        ok.then(|| {
            refs.into_iter()
                .map(|r| SourceRef {
                    source: r.source,
                    quote: r.quote,
                })
                .collect()
        })
    }

    fn details(&mut self, record: &Record, kind: Kind, value: &Value) -> Option<Details> {
        fn parse<T: DeserializeOwned>(
            loader: &mut Loader,
            record: &Record,
            value: &Value,
        ) -> Option<T> {
            T::deserialize(value)
                .map_err(|err| loader.problem(record, format!("field `details`: {err}")))
                .ok()
        }
        let details = match kind {
            Kind::Meeting => {
                let raw: RawMeeting = parse(self, record, value)?;
                self.check_date(record, raw.date.as_ref());
                Details::Meeting(MeetingDetails {
                    ordinal: raw.ordinal,
                    place: self.localized_text(record, "details.place", raw.place)?,
                    date: raw.date,
                    event: raw.event,
                    participants: raw.participants,
                    agenda: raw.agenda,
                    outcomes: raw.outcomes,
                })
            }
            Kind::Agreement => {
                let raw: RawAgreement = parse(self, record, value)?;
                self.check_date(record, raw.date.as_ref());
                Details::Agreement(AgreementDetails {
                    agreement_type: self.localized_text(
                        record,
                        "details.agreement_type",
                        raw.agreement_type,
                    )?,
                    parties: raw.parties,
                    signatories: raw.signatories,
                    areas: raw.areas,
                    concluded_at: raw.concluded_at,
                    date: raw.date,
                })
            }
            Kind::FocusArea => {
                let raw: RawFocusArea = parse(self, record, value)?;
                Details::FocusArea(FocusAreaDetails {
                    area_of: raw.area_of,
                })
            }
            Kind::Contact => {
                let raw: RawContact = parse(self, record, value)?;
                Details::Contact(ContactDetails {
                    contact_type: raw.contact_type,
                    role: self.localized_text(record, "details.role", raw.role)?,
                    organisation: raw.organisation,
                    country: raw.country,
                    phone: raw.phone,
                    email: raw.email,
                    website: raw.website,
                })
            }
            Kind::University => {
                let raw: RawUniversity = parse(self, record, value)?;
                let institution =
                    self.localized_text(record, "details.institution", raw.institution);
                let status = self.localized_text(record, "details.status", raw.status);
                Details::University(UniversityDetails {
                    institution: institution?,
                    country: raw.country,
                    branch_in: raw.branch_in,
                    status: status?,
                })
            }
        };
        Some(details)
    }

    fn check_date(&mut self, record: &Record, date: Option<&ReportedDate>) {
        let Some(date) = date else { return };
        if date.month.is_some_and(|m| !(1..=12).contains(&m)) {
            self.problem(record, "`details.date.month` must be 1 to 12");
        }
        for day in [date.day_from, date.day_to].into_iter().flatten() {
            if !(1..=31).contains(&day) {
                self.problem(record, "`details.date` days must be 1 to 31");
            }
        }
    }

    fn read_sources(&mut self, file: &KnowledgeFile, items: Vec<Value>) {
        let mut lines = IdLines::scan(&file.text);
        for (index, value) in items.iter().enumerate() {
            let record = self.record(file, value, index, &mut lines);
            self.seen_source_ids.insert(record.id.clone());
            let raw = match RawSource::deserialize(value) {
                Ok(raw) => raw,
                Err(err) => {
                    self.problem(&record, format!("invalid source record: {err}"));
                    continue;
                }
            };
            if !is_valid_id(&raw.id) {
                self.problem(
                    &record,
                    "`id` must be 1 to 48 characters of lower-case a-z, 0-9 and `-`",
                );
            }
            if raw.title.trim().is_empty() {
                self.problem(&record, "`title` is empty");
            }
            if let Some(date) = raw.date.as_deref().filter(|d| !is_iso_date(d)) {
                self.problem(
                    &record,
                    format!("`date` must be YYYY-MM-DD or null, not `{date}`"),
                );
            }
            if let Some(url) = raw
                .url
                .as_deref()
                .filter(|u| !u.starts_with("https://") && !u.starts_with("http://"))
            {
                self.problem(
                    &record,
                    format!("`url` must start with http:// or https://, not `{url}`"),
                );
            }
            if let Some((_, first)) = self.sources.iter().find(|(s, _)| s.id == raw.id) {
                let message = format!("duplicate source id, first defined at {}", describe(first));
                self.problem(&record, message);
                continue;
            }
            let origin = Origin {
                path: file.path.clone(),
                line: record.line,
            };
            self.sources.push((
                Source {
                    id: raw.id,
                    title: raw.title,
                    kind: raw.kind,
                    date: raw.date,
                    url: raw.url,
                    publisher: raw.publisher,
                },
                origin,
            ));
        }
    }

    /// Cross-file checks, once every file is read: duplicate ids and references (the thesaurus's
    /// too) that lead nowhere.
    fn check_references(&mut self) {
        let mut first_seen: HashMap<&str, &Origin> = HashMap::new();
        let judge_references = !self.unparsed_file;
        let mut found = Problems::default();
        for (entry, origin) in &self.entries {
            let location = Location::Record {
                id: entry.id.clone(),
                line: origin.line,
            };
            if let Some(first) = first_seen.get(entry.id.as_str()) {
                found.push(
                    &origin.path,
                    location.clone(),
                    format!("duplicate id, first defined at {}", describe(first)),
                );
            } else {
                first_seen.insert(&entry.id, origin);
            }
            // `as_of` comes from the entry's source: a dated source with an undated entry means
            // the curator forgot it, and the bot would call a dated report undated.
            if entry.as_of.is_none()
                && let Some(dated) = entry.sources.iter().find_map(|r| {
                    self.sources
                        .iter()
                        .find(|(s, _)| s.id == r.source)
                        .and_then(|(s, _)| s.date.as_ref().map(|d| (&s.id, d)))
                })
            {
                found.push(
                    &origin.path,
                    location.clone(),
                    format!(
                        "`as_of` is null but its source `{}` is dated {}: set `as_of` to the date its facts were reported",
                        dated.0, dated.1
                    ),
                );
            }
            for (i, source) in entry.sources.iter().enumerate() {
                if judge_references && !self.seen_source_ids.contains(&source.source) {
                    found.push(
                        &origin.path,
                        location.clone(),
                        format!(
                            "`sources[{i}].source` refers to unknown source `{}` (not in {SOURCES_FILE})",
                            source.source
                        ),
                    );
                }
            }
        }
        for (entry, origin) in &self.entries {
            let location = Location::Record {
                id: entry.id.clone(),
                line: origin.line,
            };
            let references = entry
                .related
                .iter()
                .map(|id| ("related", id.as_str()))
                .chain(entry.details.referenced_ids());
            for (field, target) in references {
                if target == entry.id {
                    found.push(
                        &origin.path,
                        location.clone(),
                        format!("`{field}` refers to the entry itself"),
                    );
                } else if judge_references && !self.seen_entry_ids.contains(target) {
                    found.push(
                        &origin.path,
                        location.clone(),
                        format!("`{field}` refers to unknown entry `{target}`"),
                    );
                }
            }
        }
        for reference in self.thesaurus.references() {
            if judge_references && !self.seen_entry_ids.contains(&reference.entry) {
                let location = match reference.line {
                    Some(line) => Location::Line { line },
                    None => Location::File,
                };
                found.push(
                    &self.thesaurus_path,
                    location,
                    format!(
                        "refers_to: `entry` refers to unknown entry `{}`",
                        reference.entry
                    ),
                );
            }
        }
        self.problems.0.extend(found.0);
    }
}

fn describe(origin: &Origin) -> String {
    match origin.line {
        Some(line) => format!("{}:{line}", origin.path),
        None => origin.path.clone(),
    }
}

/// serde_json appends " at line L column C" to its messages; the position is reported separately.
pub(super) fn strip_position(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    }
}

/// The 1-based lines of every `"id": "…"` in a file, found in one pass, so each record's problems
/// can point at its line; a duplicated id takes its occurrences in order.
struct IdLines<'t> {
    lines: HashMap<&'t str, std::collections::VecDeque<usize>>,
}

impl<'t> IdLines<'t> {
    fn scan(text: &'t str) -> IdLines<'t> {
        let mut lines: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("\"id\"") {
                rest = &rest[at + 4..];
                let Some(value) = rest.trim_start().strip_prefix(':').map(str::trim_start) else {
                    continue;
                };
                let Some(value) = value.strip_prefix('"') else {
                    continue;
                };
                if let Some(end) = value.find('"') {
                    lines
                        .entry(&value[..end])
                        .or_default()
                        .push_back(number + 1);
                    rest = &value[end..];
                }
            }
        }
        IdLines { lines }
    }

    /// The line of the next record with this id.
    fn next(&mut self, id: &str) -> Option<usize> {
        self.lines.get_mut(id)?.pop_front()
    }
}

fn is_valid_id(id: &str) -> bool {
    (1..=48).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_iso_date(text: &str) -> bool {
    crate::dates::Date::parse_iso(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lines_are_found_by_their_key_in_order() {
        let text = "[\n  {\n    \"id\": \"alpha\",\n    \"related\": [\"beta\"]\n  },\n  { \"id\": \"beta\" }, { \"id\":\"alpha\" }\n]";
        let mut lines = IdLines::scan(text);
        assert_eq!(lines.next("alpha"), Some(3));
        assert_eq!(lines.next("beta"), Some(6));
        assert_eq!(
            lines.next("alpha"),
            Some(6),
            "a duplicate takes the next occurrence"
        );
        assert_eq!(lines.next("alpha"), None);
        assert_eq!(lines.next("gamma"), None);
    }

    #[test]
    fn ids_are_kebab_case() {
        assert!(is_valid_id("fifth-ict-working-group-meeting"));
        assert!(!is_valid_id("Fifth Meeting"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn iso_dates_are_checked() {
        assert!(is_iso_date("2024-12-06"));
        assert!(!is_iso_date("2024-13-06"));
        assert!(!is_iso_date("6 December"));
    }
}
