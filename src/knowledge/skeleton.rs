//! `new-entry`: a skeleton entry appended to its kind's file, with every field of the schema in
//! every language and nothing else in the file changed, so staff start from the schema rather than
//! from a copied entry, and `check` then lists each empty string as to fill or to translate.

use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::json_text::{indent_unit, member_indent, pretty};
use super::lines::is_valid_id;
use super::load::{KnowledgeFile, SOURCES_FILE};
use super::model::Kind;

/// Why a skeleton could not be added.
#[derive(Debug, thiserror::Error)]
pub enum SkeletonError {
    #[error("`{0}` is not a valid id: 1 to 48 characters of lower-case a-z, 0-9 and `-`")]
    InvalidId(String),
    #[error("there is already an entry `{id}`, in {path}")]
    Taken { id: String, path: String },
    #[error("no source `{id}` in {SOURCES_FILE}; the sources are: {known}")]
    UnknownSource { id: String, known: String },
    #[error("{0}: missing file")]
    MissingFile(String),
    #[error("{path} is not a JSON array (run `coop-bot check`): {source}")]
    NotAnArray {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

/// A kind's file with the skeleton appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// The file's name in the knowledge folder (`meetings.json`).
    pub name: String,
    /// The file's new text.
    pub text: String,
    /// The 1-based line of the new entry's `"id"`.
    pub line: usize,
}

/// Appends a skeleton entry `id` of `kind` to its file among `files` (a knowledge folder as read
/// by `read_dir_files`), citing `source` when given (its date becomes the entry's `as_of`).
pub fn new_entry(
    files: &[KnowledgeFile],
    kind: Kind,
    id: &str,
    source: Option<&str>,
) -> Result<NewEntry, SkeletonError> {
    if !is_valid_id(id) {
        return Err(SkeletonError::InvalidId(id.to_string()));
    }
    let json_files = files.iter().filter(|f| f.name.ends_with(".json"));
    for file in json_files.filter(|f| Kind::ALL.iter().any(|k| k.file_name() == f.name)) {
        if records(file)?
            .iter()
            .any(|r| r.get("id").and_then(Value::as_str) == Some(id))
        {
            return Err(SkeletonError::Taken {
                id: id.to_string(),
                path: file.path.clone(),
            });
        }
    }
    let as_of = match source {
        Some(source) => source_date(files, source)?,
        None => Value::Null,
    };
    let file = files
        .iter()
        .find(|f| f.name == kind.file_name())
        .ok_or_else(|| SkeletonError::MissingFile(kind.file_name().to_string()))?;
    let text = append(file, &skeleton(kind, id, source.unwrap_or_default(), as_of))?;
    let line = text[..text.rfind(&format!("\"id\": \"{id}\"")).unwrap_or(0)]
        .matches('\n')
        .count()
        + 1;
    Ok(NewEntry {
        name: file.name.clone(),
        text,
        line,
    })
}

/// An entry of `kind` with every field: empty strings in every language, empty lists, nulls.
pub fn skeleton(kind: Kind, id: &str, source: &str, as_of: Value) -> Value {
    let text = || json!({ "en": "", "ru": "", "fa": "" });
    let list = || json!({ "en": [""], "ru": [""], "fa": [""] });
    let details = match kind {
        Kind::Meeting => json!({
            "ordinal": null, "place": text(), "date": null, "event": null,
            "participants": [], "agenda": [], "outcomes": []
        }),
        Kind::Agreement => json!({
            "agreement_type": text(), "parties": [], "signatories": [], "areas": [],
            "concluded_at": null, "date": null
        }),
        Kind::FocusArea => json!({ "area_of": [] }),
        Kind::Contact => json!({
            "contact_type": "", "role": text(), "organisation": null, "country": null,
            "phone": null, "email": null, "website": null
        }),
        Kind::University => json!({
            "institution": text(), "country": "", "branch_in": "", "status": text()
        }),
    };
    json!({
        "id": id,
        "title": text(),
        "aliases": list(),
        "questions": list(),
        "short": text(),
        "answer": text(),
        "related": [],
        "sources": [{ "source": source, "quote": "" }],
        "as_of": as_of,
        "details": details
    })
}

fn records(file: &KnowledgeFile) -> Result<Vec<Value>, SkeletonError> {
    serde_json::from_str(&file.text).map_err(|source| SkeletonError::NotAnArray {
        path: file.path.clone(),
        source,
    })
}

/// The date of the source `id` (null when it has none), which an entry citing it reports as of.
fn source_date(files: &[KnowledgeFile], id: &str) -> Result<Value, SkeletonError> {
    let file = files
        .iter()
        .find(|f| f.name == SOURCES_FILE)
        .ok_or_else(|| SkeletonError::MissingFile(SOURCES_FILE.to_string()))?;
    let sources = records(file)?;
    match sources
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some(id))
    {
        Some(source) => Ok(source.get("date").cloned().unwrap_or(Value::Null)),
        None => Err(SkeletonError::UnknownSource {
            id: id.to_string(),
            known: sources
                .iter()
                .filter_map(|s| s.get("id").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// The file's text with `entry` after its last entry, in the file's own indentation; every other
/// byte stays as it was.
fn append(file: &KnowledgeFile, entry: &Value) -> Result<String, SkeletonError> {
    let text = &file.text;
    let items: Vec<&RawValue> =
        serde_json::from_str(text).map_err(|source| SkeletonError::NotAnArray {
            path: file.path.clone(),
            source,
        })?;
    let Some(last) = items.last() else {
        // An empty array: the entry goes inside, two spaces in.
        let open = text.find('[').unwrap_or(0);
        let close = text.rfind(']').unwrap_or(text.len());
        let body = pretty(entry, "  ", "  ");
        return Ok(format!(
            "{}[\n  {body}\n]{}",
            &text[..open],
            &text[close + 1..]
        ));
    };
    let start = last.get().as_ptr() as usize - text.as_ptr() as usize;
    let end = start + last.get().len();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..start];
    let insertion = if before.trim().is_empty() && line_start > 0 {
        // Entries each on their own lines: the same indentation, members one unit further in.
        let unit = indent_unit(member_indent(last.get()), before);
        format!(",\n{before}{}", pretty(entry, &unit, before))
    } else {
        format!(", {}", serde_json::to_string(entry).unwrap_or_default())
    };
    Ok(format!("{}{insertion}{}", &text[..end], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{KnowledgeError, embedded_files};

    fn with_skeleton(kind: Kind, id: &str) -> Vec<KnowledgeFile> {
        let mut files = embedded_files();
        let added = new_entry(&files, kind, id, Some("ict-working-group-report")).expect("added");
        let file = files
            .iter_mut()
            .find(|f| f.name == added.name)
            .expect("file");
        file.text = added.text;
        files
    }

    #[test]
    fn every_kinds_skeleton_has_only_fields_to_fill_and_translate() {
        for kind in Kind::ALL {
            let files = with_skeleton(kind, "new-entry");
            let Err(KnowledgeError::Invalid(problems)) = crate::knowledge::load_files(&files)
            else {
                panic!("a skeleton does not pass");
            };
            for problem in problems.iter() {
                let line = problem.to_string();
                assert!(
                    line.contains("entry `new-entry`")
                        && (line.contains(": to fill") || line.contains(": to translate")),
                    "{kind:?}: {line}"
                );
            }
        }
    }

    #[test]
    fn the_rest_of_the_file_is_unchanged_byte_for_byte() {
        let original = embedded_files()
            .into_iter()
            .find(|f| f.name == "meetings.json")
            .expect("meetings");
        let files = with_skeleton(Kind::Meeting, "new-entry");
        let text = &files
            .iter()
            .find(|f| f.name == "meetings.json")
            .expect("file")
            .text;
        let last = original.text.rfind('}').expect("an entry") + 1;
        assert!(text.starts_with(&original.text[..last]));
        assert!(text.ends_with(&original.text[last..]));
        assert!(text[last..].starts_with(
            ",\n  {\n    \"id\": \"new-entry\",\n    \"title\": {\n      \"en\": \"\","
        ));
    }

    #[test]
    fn an_id_in_use_or_malformed_is_refused() {
        let files = embedded_files();
        assert!(matches!(
            new_entry(&files, Kind::Contact, "andrei-fursenko", None),
            Err(SkeletonError::Taken { .. })
        ));
        assert!(matches!(
            new_entry(&files, Kind::Contact, "Not An Id", None),
            Err(SkeletonError::InvalidId(_))
        ));
        assert!(matches!(
            new_entry(&files, Kind::Contact, "someone", Some("no-such-report")),
            Err(SkeletonError::UnknownSource { .. })
        ));
    }

    #[test]
    fn an_empty_file_gets_its_first_entry() {
        let file = KnowledgeFile {
            path: "x.json".into(),
            name: "focus_areas.json".into(),
            text: "[]\n".into(),
        };
        let text = append(&file, &json!({"id": "a"})).expect("appended");
        assert_eq!(text, "[\n  {\n    \"id\": \"a\"\n  }\n]\n");
    }
}
