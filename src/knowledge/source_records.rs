//! Reading `sources.json` and the full texts its records name (`sources/<id>.txt`): a source is
//! only usable when its text is there, since every quote is checked against it.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::lines::{IdLines, is_iso_date, is_valid_id};
use super::load::{KnowledgeFile, SOURCES_DIR};
use super::loader::{Loader, Origin, Record};
use super::model::Source;
use super::problem::Location;
use super::source_text::SourceText;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    title: String,
    kind: String,
    date: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
    text: String,
}

impl Loader {
    fn source_problem(&mut self, record: &Record, message: impl Into<String>) {
        let location = Location::Source {
            id: record.id.clone(),
            line: record.line,
        };
        self.problems.push(record.path, location, message);
    }

    pub(super) fn read_sources(&mut self, file: &KnowledgeFile, items: Vec<Value>) {
        let mut lines = IdLines::scan(&file.text);
        for (index, value) in items.iter().enumerate() {
            let record = self.record(file, value, index, &mut lines);
            self.seen_source_ids.insert(record.id.clone());
            let raw = match RawSource::deserialize(value) {
                Ok(raw) => raw,
                Err(err) => {
                    self.source_problem(&record, format!("invalid source record: {err}"));
                    continue;
                }
            };
            if !is_valid_id(&raw.id) {
                self.source_problem(
                    &record,
                    "`id` must be 1 to 48 characters of lower-case a-z, 0-9 and `-`",
                );
            }
            if raw.title.trim().is_empty() {
                self.source_problem(&record, "`title` is empty");
            }
            if let Some(date) = raw.date.as_deref().filter(|d| !is_iso_date(d)) {
                self.source_problem(
                    &record,
                    format!("`date` must be YYYY-MM-DD or null, not `{date}`"),
                );
            }
            if let Some(url) = raw
                .url
                .as_deref()
                .filter(|u| !u.starts_with("https://") && !u.starts_with("http://"))
            {
                self.source_problem(
                    &record,
                    format!("`url` must start with http:// or https://, not `{url}`"),
                );
            }
            if !is_text_name(&raw.text) {
                self.source_problem(
                    &record,
                    format!(
                        "`text` must name a file in {SOURCES_DIR}/, like `{SOURCES_DIR}/{}.txt`, not `{}`",
                        raw.id, raw.text
                    ),
                );
            }
            if let Some((_, first)) = self.sources.iter().find(|(s, _)| s.id == raw.id) {
                let message = format!("duplicate source id, first defined at {}", first.describe());
                self.source_problem(&record, message);
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
                    text_file: raw.text,
                    text: SourceText::default(),
                },
                origin,
            ));
        }
    }

    /// Gives each source its text, once every file is read: a text that is missing or empty is a
    /// problem, one that no source names a warning.
    pub(super) fn attach_texts(&mut self) {
        let mut found = Vec::new();
        for (source, origin) in &mut self.sources {
            if !is_text_name(&source.text_file) {
                continue;
            }
            let location = Location::Source {
                id: source.id.clone(),
                line: origin.line,
            };
            match self.texts.get(&source.text_file) {
                Some(file) if file.text.trim().is_empty() => {
                    found.push((
                        file.path.clone(),
                        Location::File,
                        "the text is empty".into(),
                    ));
                }
                Some(file) => source.text = SourceText::new(file.text.clone()),
                None if self.unreadable_texts.contains(&source.text_file) => {}
                None => {
                    let path = Path::new(&origin.path).with_file_name(&source.text_file);
                    found.push((
                        origin.path.clone(),
                        location,
                        format!(
                            "`text` names {}, which is missing: put the source's full text there",
                            path.display()
                        ),
                    ));
                }
            }
        }
        for (path, location, message) in found {
            self.problems.push(&path, location, message);
        }
        if self.unparsed_file {
            return;
        }
        let named: Vec<&str> = self
            .sources
            .iter()
            .map(|(s, _)| s.text_file.as_str())
            .collect();
        let unnamed: Vec<String> = self
            .texts
            .values()
            .filter(|file| !named.contains(&file.name.as_str()))
            .map(|file| file.path.clone())
            .collect();
        for path in unnamed {
            self.warnings.push(
                &path,
                Location::File,
                "no record of sources.json names this text in its `text` field",
            );
        }
    }
}

/// Whether `name` is a text file directly in the sources folder: `sources/<name>.txt`.
pub(super) fn is_text_name(name: &str) -> bool {
    name.strip_prefix(SOURCES_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|file| file.strip_suffix(".txt"))
        .is_some_and(|stem| {
            !stem.is_empty()
                && !stem.starts_with('.')
                && !stem.contains(['/', '\\'])
                && !stem.contains("..")
        })
}
