//! `export-learned`: writing learned questions into the knowledge files' `learned` fields, so
//! curation done in the chat ends up in the repository. Only the `learned` value of the entries
//! concerned changes: the rest of each file stays byte for byte as it was, whatever its formatting,
//! so the diff shows exactly what was learned; and nothing is written unless the result validates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::value::RawValue;

use crate::knowledge::json_text::{
    WriteError, indent_unit, line_indent, member_indent, pretty, write_atomically,
};
use crate::knowledge::{self, KnowledgeBase, KnowledgeError, KnowledgeFile};
use crate::lang::Lang;

use super::store::LearnedQuestion;

/// Why a file could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path} is not a JSON array of entries: {source}")]
    NotEntries {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "{path}: the `learned` field of `{entry}` is not an object of question lists: {source}"
    )]
    BadLearned {
        path: String,
        entry: String,
        #[source]
        source: serde_json::Error,
    },
    #[error(transparent)]
    Read(#[from] KnowledgeError),
    #[error(
        "the knowledge files would not pass `check` after the export, so nothing was written:\n{0}"
    )]
    WouldNotPass(KnowledgeError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What writing the learned questions into a knowledge folder did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FolderExport {
    /// The files changed, with how many questions each received, in file order.
    pub changed: Vec<(PathBuf, usize)>,
    /// Questions the files already had, so not written again.
    pub already_present: usize,
    /// Learned questions whose entry is no longer in the knowledge base: reported, not written.
    pub skipped: Vec<LearnedQuestion>,
    /// Ids of the learned questions the files now hold, to mark as exported.
    pub exported: Vec<i64>,
}

impl FolderExport {
    /// How many questions were written in all.
    pub fn written(&self) -> usize {
        self.changed.iter().map(|(_, n)| n).sum()
    }
}

/// Writes `learned` into the knowledge files of `dir`, whose knowledge base is `kb`: per file, the
/// questions of its entries. The files are written (each atomically) only if they all still
/// validate afterwards.
pub fn export_to_folder(
    dir: &Path,
    kb: &KnowledgeBase,
    learned: &[LearnedQuestion],
) -> Result<FolderExport, ExportError> {
    let mut report = FolderExport::default();
    let mut by_file: BTreeMap<&str, Additions<'_>> = BTreeMap::new();
    for question in learned {
        match kb.entry(&question.entry_id) {
            Some(entry) => {
                by_file
                    .entry(entry.kind.file_name())
                    .or_default()
                    .entry(question.entry_id.as_str())
                    .or_default()
                    .push((question.lang, question.text.as_str()));
                report.exported.push(question.id);
            }
            None => report.skipped.push(question.clone()),
        }
    }
    let mut files = Vec::new();
    let mut changed = Vec::new();
    for file in knowledge::read_dir_files(dir)? {
        let file = match by_file.get(file.name.as_str()) {
            Some(additions) => {
                let export = add_learned(&file.path, &file.text, additions)?;
                report.already_present += export.already_present;
                if export.text != file.text {
                    changed.push((files.len(), export.added.len()));
                }
                KnowledgeFile {
                    text: export.text,
                    ..file
                }
            }
            None => file,
        };
        files.push(file);
    }
    knowledge::load_files(&files).map_err(ExportError::WouldNotPass)?;
    for (index, added) in changed {
        let path = dir.join(&files[index].name);
        write_atomically(&path, &files[index].text)?;
        report.changed.push((path, added));
    }
    Ok(report)
}

/// Questions to add, per entry id, as (language, question).
pub type Additions<'a> = BTreeMap<&'a str, Vec<(Lang, &'a str)>>;

/// What adding to one file did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileExport {
    /// The file's new text (equal to the old one when nothing was added).
    pub text: String,
    /// Questions written, as (entry id, language, question).
    pub added: Vec<(String, Lang, String)>,
    /// Questions the entry already had, in `questions` or `learned`, so not written again.
    pub already_present: usize,
}

/// Adds `additions` to the `learned` fields of the entries in `text` (a knowledge file named
/// `path` in errors). Entries not in the file are ignored.
pub fn add_learned(
    path: &str,
    text: &str,
    additions: &Additions<'_>,
) -> Result<FileExport, ExportError> {
    let entries: Vec<&RawValue> =
        serde_json::from_str(text).map_err(|source| ExportError::NotEntries {
            path: path.to_string(),
            source,
        })?;
    let mut export = FileExport::default();
    // (start, end, replacement) in the original text, in file order.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for raw_entry in entries {
        let members: BTreeMap<String, &RawValue> = match serde_json::from_str(raw_entry.get()) {
            Ok(members) => members,
            // Not an object: `check` reports it; nothing of ours to add there.
            Err(_) => continue,
        };
        let Some(id) = members
            .get("id")
            .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
        else {
            continue;
        };
        let Some(wanted) = additions.get(id.as_str()) else {
            continue;
        };
        let mut learned: serde_json::Map<String, serde_json::Value> = match members.get("learned") {
            Some(raw) => {
                let lists: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(raw.get()).map_err(|source| ExportError::BadLearned {
                        path: path.to_string(),
                        entry: id.clone(),
                        source,
                    })?;
                lists
            }
            None => serde_json::Map::new(),
        };
        let questions: BTreeMap<String, Vec<String>> = members
            .get("questions")
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or_default();
        let mut changed = false;
        for lang in Lang::ALL {
            for &(_, question) in wanted.iter().filter(|(l, _)| *l == lang) {
                let question = question.trim();
                let list = learned
                    .entry(lang.code().to_string())
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                let Some(list) = list.as_array_mut() else {
                    return Err(ExportError::BadLearned {
                        path: path.to_string(),
                        entry: id.clone(),
                        source: serde::de::Error::custom(format!("`learned.{lang}` is not a list")),
                    });
                };
                let known = list
                    .iter()
                    .any(|q| q.as_str().map(str::trim) == Some(question))
                    || questions
                        .get(lang.code())
                        .is_some_and(|qs| qs.iter().any(|q| q.trim() == question));
                if known {
                    export.already_present += 1;
                    continue;
                }
                list.push(serde_json::Value::String(question.to_string()));
                export.added.push((id.clone(), lang, question.to_string()));
                changed = true;
            }
        }
        // Languages with nothing learned yet stay out of the file.
        learned.retain(|_, list| list.as_array().is_none_or(|l| !l.is_empty()));
        if !changed {
            continue;
        }
        let entry_start = offset(text, raw_entry.get());
        let member_indent = member_indent(raw_entry.get());
        let unit = indent_unit(member_indent, line_indent(text, entry_start));
        let value = pretty(&serde_json::Value::Object(learned), &unit, member_indent);
        match members.get("learned") {
            Some(raw) => {
                let start = offset(text, raw.get());
                edits.push((start, start + raw.get().len(), value));
            }
            None => {
                // After the entry's last member, in the file's own layout.
                let end = members
                    .values()
                    .map(|raw| offset(text, raw.get()) + raw.get().len())
                    .max()
                    .unwrap_or(entry_start + 1);
                let separator = if member_indent.is_empty() { " " } else { "" };
                edits.push((
                    end,
                    end,
                    format!(
                        ",{separator}{}\"learned\": {value}",
                        newline_and(member_indent)
                    ),
                ));
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (start, end, replacement) in edits {
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    export.text = out;
    Ok(export)
}

/// Where `part`, a slice of `whole` handed out by serde_json's borrowed `RawValue`, starts.
fn offset(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// A line break and `indent`, or nothing for an object written on one line.
fn newline_and(indent: &str) -> String {
    if indent.is_empty() {
        String::new()
    } else {
        format!("\n{indent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"[
  {
    "id": "first",
    "questions": {
      "en": ["Known question?"]
    },
    "as_of": null
  },
  {
    "id": "second",
    "learned": {
      "ru": ["Старый вопрос?"]
    },
    "as_of": null
  }
]
"#;

    fn additions<'a>(items: &[(&'a str, Lang, &'a str)]) -> Additions<'a> {
        let mut map = Additions::new();
        for &(id, lang, q) in items {
            map.entry(id).or_default().push((lang, q));
        }
        map
    }

    #[test]
    fn a_new_learned_field_goes_after_the_last_member_in_the_files_layout() {
        let export = add_learned(
            "f.json",
            FILE,
            &additions(&[("first", Lang::En, "New one?")]),
        )
        .expect("export");
        let expected = FILE.replace(
            "    \"as_of\": null\n  },\n  {\n    \"id\": \"second\"",
            "    \"as_of\": null,\n    \"learned\": {\n      \"en\": [\n        \"New one?\"\n      ]\n    }\n  },\n  {\n    \"id\": \"second\"",
        );
        assert_eq!(export.text, expected);
        assert_eq!(export.added.len(), 1);
    }

    #[test]
    fn an_existing_learned_field_is_extended_and_nothing_else_changes() {
        let export = add_learned(
            "f.json",
            FILE,
            &additions(&[("second", Lang::Ru, "Новый вопрос?")]),
        )
        .expect("export");
        let before = &FILE[..FILE.find("\"learned\": {\n      \"ru\"").expect("learned")];
        assert!(export.text.starts_with(before));
        assert!(export.text.ends_with("    \"as_of\": null\n  }\n]\n"));
        let value: serde_json::Value = serde_json::from_str(&export.text).expect("json");
        assert_eq!(
            value[1]["learned"]["ru"],
            serde_json::json!(["Старый вопрос?", "Новый вопрос?"])
        );
    }

    #[test]
    fn questions_the_entry_already_has_are_not_written_again() {
        let export = add_learned(
            "f.json",
            FILE,
            &additions(&[
                ("first", Lang::En, "Known question?"),
                ("second", Lang::Ru, "Старый вопрос?"),
            ]),
        )
        .expect("export");
        assert_eq!(export.text, FILE);
        assert_eq!(export.already_present, 2);
    }

    #[test]
    fn a_file_that_is_not_an_array_is_refused_with_its_name() {
        let err = add_learned("knowledge/x.json", "{}", &Additions::new()).expect_err("refused");
        assert!(err.to_string().starts_with("knowledge/x.json"), "{err}");
    }
}
