//! Reading the entry files (`meetings.json` and the other kinds): every field of every entry,
//! each problem filed against the entry's id and line, none stopping the others from being found.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::lines::{IdLines, is_iso_date, is_valid_id, string_line};
use super::load::KnowledgeFile;
use super::loader::{Loader, Origin, QuoteRef, RawLocalized, Record};
use super::model::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSourceRef {
    source: String,
    quote: String,
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

/// The fields an entry may have: the required ones first.
const ENTRY_FIELDS: [&str; 11] = [
    "id",
    "title",
    "aliases",
    "questions",
    "answer",
    "related",
    "sources",
    "as_of",
    "details",
    // `short` is the direct answer ("6–7 December, in Moscow"), shown first and in bold; optional.
    "short",
    // `learned` is written by `export-learned`; it is optional and holds extra questions per language.
    "learned",
];
const REQUIRED_ENTRY_FIELDS: usize = 9;

/// The longest `short` answer, in characters: it is one bold line above the answer.
const MAX_SHORT: usize = 100;

impl Loader {
    pub(super) fn read_entries(&mut self, file: &KnowledgeFile, kind: Kind, items: Vec<Value>) {
        let mut lines = IdLines::scan(&file.text);
        for (index, value) in items.iter().enumerate() {
            let record = self.record(file, value, index, &mut lines);
            self.seen_entry_ids.insert(record.id.clone());
            let Some(object) = value.as_object() else {
                self.problem(&record, "expected an object");
                continue;
            };
            self.collect_quotes(file, &record, object);
            if let Some(entry) = self.read_entry(&record, kind, object) {
                let origin = Origin {
                    path: file.path.clone(),
                    line: record.line,
                };
                self.entries.push((entry, origin));
            }
        }
    }

    /// Every quote of an entry as written, with its line, for the check against the sources.
    fn collect_quotes(
        &mut self,
        file: &KnowledgeFile,
        record: &Record,
        object: &Map<String, Value>,
    ) {
        let Some(Value::Array(refs)) = object.get("sources") else {
            return;
        };
        for (index, item) in refs.iter().enumerate() {
            let source = item.get("source").and_then(Value::as_str);
            let quote = item.get("quote").and_then(Value::as_str);
            let (Some(source), Some(quote)) = (source, quote) else {
                continue;
            };
            let line = record
                .line
                .filter(|_| !quote.trim().is_empty())
                .and_then(|from| string_line(&file.text, from, quote))
                .or(record.line);
            self.quotes.push(QuoteRef {
                path: file.path.clone(),
                entry: record.id.clone(),
                line,
                index,
                source: source.to_string(),
                quote: quote.to_string(),
            });
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
        let short: Option<Option<Localized<String>>> = match object.get("short") {
            None => Some(None),
            Some(_) => self
                .field(record, object, "short")
                .and_then(|raw: RawLocalized<String>| {
                    self.check_short(record, &raw);
                    self.localized_text(record, "short", raw)
                })
                .map(Some),
        };
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
            short: short?,
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
                self.problem(record, format!("`sources[{i}].quote` is empty: to fill"));
                ok = false;
            }
            if r.source.trim().is_empty() {
                self.problem(
                    record,
                    format!("`sources[{i}].source` is empty: to fill (an id from sources.json)"),
                );
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
                let unfilled = value.get("contact_type").and_then(Value::as_str) == Some("");
                let raw: RawContact = if unfilled {
                    self.problem(
                        record,
                        "`details.contact_type` is empty: to fill (person, organisation or guide)",
                    );
                    // The other fields are still checked, as if it were filled.
                    let mut filled = value.clone();
                    filled["contact_type"] = Value::from("person");
                    parse(self, record, &filled)?
                } else {
                    parse(self, record, value)?
                };
                let role = self.localized_text(record, "details.role", raw.role);
                if unfilled {
                    return None;
                }
                Details::Contact(ContactDetails {
                    contact_type: raw.contact_type,
                    role: role?,
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
                for (field, text) in [("country", &raw.country), ("branch_in", &raw.branch_in)] {
                    if text.trim().is_empty() {
                        self.problem(record, format!("`details.{field}` is empty: to fill"));
                    }
                }
                if raw.country.trim().is_empty() || raw.branch_in.trim().is_empty() {
                    return None;
                }
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

    /// A direct answer is one short line; that its numbers are in its sources is checked with
    /// the quotes.
    fn check_short(&mut self, record: &Record, short: &RawLocalized<String>) {
        for (lang, text) in [("en", &short.en), ("ru", &short.ru), ("fa", &short.fa)] {
            let Some(text) = text else { continue };
            if text.contains('\n') {
                self.problem(record, format!("`short.{lang}` must be one line"));
            }
            let length = text.chars().count();
            if length > MAX_SHORT {
                self.problem(
                    record,
                    format!(
                        "`short.{lang}` is {length} characters: a direct answer fits in {MAX_SHORT}"
                    ),
                );
            }
        }
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
}
