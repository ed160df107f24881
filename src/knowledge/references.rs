//! Cross-file checks, once every file is read: duplicate ids, undated entries of dated sources, and
//! references (the thesaurus's too) that lead nowhere.

use std::collections::HashMap;

use super::load::SOURCES_FILE;
use super::loader::{Loader, Origin};
use super::problem::{Location, Problems};

impl Loader {
    /// Duplicates, `as_of`, and every reference between records.
    pub(super) fn check_references(&mut self) {
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
                    format!("duplicate id, first defined at {}", first.describe()),
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
