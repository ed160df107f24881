//! The validation state shared by the readers of the knowledge files: the problems and warnings
//! found so far, the records accepted, and the helpers that file a problem against its record, so
//! every reader reports the same way.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::lines::{IdLines, strip_position};
use super::load::{Checked, KnowledgeFile};
use super::model::*;
use super::problem::{KnowledgeError, Location, Problems};

/// A `{en, ru, fa}` object as written, before validation says which translations are missing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLocalized<T> {
    pub(super) en: Option<T>,
    pub(super) ru: Option<T>,
    pub(super) fa: Option<T>,
}

/// Where an accepted record came from, for messages about references and duplicates.
#[derive(Debug, Clone)]
pub(super) struct Origin {
    pub(super) path: String,
    pub(super) line: Option<usize>,
}

impl Origin {
    /// `file:line`, or the file alone.
    pub(super) fn describe(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.path),
            None => self.path.clone(),
        }
    }
}

/// One quote as an entry writes it, whether or not the rest of the entry is valid, so every quote
/// is checked against its source in the same run as everything else.
#[derive(Debug, Clone)]
pub(super) struct QuoteRef {
    pub(super) path: String,
    pub(super) entry: String,
    /// The quote's own line, else its entry's.
    pub(super) line: Option<usize>,
    /// Its position in the entry's `sources`.
    pub(super) index: usize,
    pub(super) source: String,
    pub(super) quote: String,
}

/// Everything read so far, valid or not.
#[derive(Default)]
pub(super) struct Loader {
    pub(super) problems: Problems,
    /// What `check` mentions without failing: uncited sources, long quotes, stray texts.
    pub(super) warnings: Problems,
    pub(super) entries: Vec<(Entry, Origin)>,
    pub(super) sources: Vec<(Source, Origin)>,
    pub(super) quotes: Vec<QuoteRef>,
    /// The source texts given, by name (`sources/<id>.txt`).
    pub(super) texts: BTreeMap<String, KnowledgeFile>,
    /// Source texts that exist but could not be read (reported already), so not "missing".
    pub(super) unreadable_texts: HashSet<String>,
    /// Ids of every entry and source seen, valid or not, so a broken record does not make every
    /// reference to it look dangling too.
    pub(super) seen_entry_ids: BTreeSet<String>,
    pub(super) seen_source_ids: BTreeSet<String>,
    /// A file could not be parsed, so its ids are unknown and references cannot be judged.
    pub(super) unparsed_file: bool,
    /// The thesaurus as read (empty without `synonyms.json`) and the path it was read from.
    pub(super) thesaurus: Thesaurus,
    pub(super) thesaurus_path: String,
}

/// The validation context of one record: it knows where to file a problem.
pub(super) struct Record<'a> {
    pub(super) path: &'a str,
    pub(super) id: String,
    pub(super) line: Option<usize>,
}

impl Record<'_> {
    pub(super) fn location(&self) -> Location {
        Location::Record {
            id: self.id.clone(),
            line: self.line,
        }
    }
}

/// What an empty string asks of the curator: English is written from the source, the other
/// languages are translated from it.
pub(super) fn to_do(lang: &str) -> &'static str {
    if lang == "en" {
        "to fill"
    } else {
        "to translate"
    }
}

impl Loader {
    /// The outcome: the knowledge base when nothing is wrong, the warnings in any case.
    pub(super) fn finish(self) -> Checked {
        let result = if self.problems.is_empty() {
            let entries = self.entries.into_iter().map(|(entry, _)| entry).collect();
            let sources = self.sources.into_iter().map(|(source, _)| source).collect();
            Ok(KnowledgeBase::new(entries, sources, self.thesaurus))
        } else {
            Err(KnowledgeError::Invalid(self.problems))
        };
        Checked {
            result,
            warnings: self.warnings,
        }
    }

    pub(super) fn parse_json(&mut self, file: &KnowledgeFile) -> Option<Vec<Value>> {
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

    pub(super) fn record<'a>(
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

    pub(super) fn problem(&mut self, record: &Record, message: impl Into<String>) {
        self.problems.push(record.path, record.location(), message);
    }

    /// Deserializes `object[key]`, reporting a missing key or a type error against the record.
    pub(super) fn field<T: DeserializeOwned>(
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

    /// A text in every language; an empty one is reported as to fill (English) or to translate.
    pub(super) fn localized_text(
        &mut self,
        record: &Record,
        field: &str,
        raw: RawLocalized<String>,
    ) -> Option<Localized<String>> {
        let mut complete = true;
        let mut take = |lang: &str, value: Option<String>| match value {
            Some(text) if !text.trim().is_empty() => text,
            Some(_) => {
                // The one optional text: a curator may also decide the entry has no direct answer.
                let or = if field == "short" {
                    " (or remove `short`: an entry with no direct answer has none)"
                } else {
                    ""
                };
                self.problem(
                    record,
                    format!("`{field}.{lang}` is empty: {}{or}", to_do(lang)),
                );
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

    /// A list in every language. Curated lists (`allow_empty` false) must have an item in each,
    /// and each empty item is to fill or to translate; learned lists may be empty or absent, but a
    /// blank question in one is a mistake.
    pub(super) fn localized_list(
        &mut self,
        record: &Record,
        field: &str,
        raw: RawLocalized<Vec<String>>,
        allow_empty: bool,
    ) -> Option<Localized<Vec<String>>> {
        let mut complete = true;
        let mut take = |lang: &str, value: Option<Vec<String>>| match value {
            Some(items) if allow_empty && items.iter().any(|s| s.trim().is_empty()) => {
                self.problem(record, format!("`{field}.{lang}` has an empty item"));
                complete = false;
                Vec::new()
            }
            Some(items) if items.iter().any(|s| s.trim().is_empty()) => {
                for (i, _) in items
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.trim().is_empty())
                {
                    self.problem(
                        record,
                        format!("`{field}.{lang}[{i}]` is empty: {}", to_do(lang)),
                    );
                }
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
}
