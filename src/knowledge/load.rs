//! Reading knowledge files and turning them into a [`KnowledgeBase`], collecting every problem on the
//! way instead of stopping at the first, so one `check` run shows a curator everything to fix. The
//! readers of each kind of file are beside this one: `entries`, `source_records`, `synonyms`; the
//! checks across files in `references` and `quotes`.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::Path;

use super::loader::Loader;
use super::model::*;
use super::problem::{KnowledgeError, Location, Problems};
use super::synonyms::{SYNONYMS_FILE, read_thesaurus};

/// The file listing the source documents.
pub const SOURCES_FILE: &str = "sources.json";

/// The folder of the knowledge base that holds each source's full text, `<source-id>.txt`.
pub const SOURCES_DIR: &str = "sources";

/// One knowledge file's text and the name to report problems under.
#[derive(Debug, Clone)]
pub struct KnowledgeFile {
    /// As shown to the user, e.g. `knowledge/meetings.json`.
    pub path: String,
    /// The name inside the knowledge folder, which decides what the file holds: `meetings.json`,
    /// or `sources/<id>.txt` for a source's text.
    pub name: String,
    pub text: String,
}

/// What `check` found: the knowledge base, or every problem; and, either way, the warnings, which
/// are worth a curator's look but do not stop the bot.
#[derive(Debug)]
pub struct Checked {
    /// The validated knowledge base, or every problem that makes it unusable.
    pub result: Result<KnowledgeBase, KnowledgeError>,
    /// What a curator should look at but the bot can live with: uncited sources, long quotes.
    pub warnings: Problems,
}

/// The source texts of `knowledge/sources/`, listed by `build.rs` when the binary is built.
const EMBEDDED_TEXTS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_sources.rs"));

/// The knowledge base compiled into the binary, thesaurus and source texts included, so
/// `coop-bot ask` works from any folder with no setup.
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
    let mut files = embed![
        "meetings.json",
        "agreements.json",
        "focus_areas.json",
        "contacts.json",
        "universities.json",
        "sources.json",
        "synonyms.json",
    ];
    files.extend(EMBEDDED_TEXTS.iter().map(|(name, text)| KnowledgeFile {
        path: format!("knowledge/{name} (embedded)"),
        name: name.to_string(),
        text: text.to_string(),
    }));
    files
}

/// Loads and validates the embedded knowledge base.
pub fn load_embedded() -> Result<KnowledgeBase, KnowledgeError> {
    check_embedded().result
}

/// Validates the embedded knowledge base, with its warnings.
pub fn check_embedded() -> Checked {
    check_files(&embedded_files())
}

/// Loads and validates the knowledge files in `dir`.
pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, KnowledgeError> {
    check_dir(dir).result
}

/// Validates the knowledge files in `dir`, with the warnings. A missing or unexpected `.json` file
/// is a problem like any other (the thesaurus, `synonyms.json`, is optional), and so is a source
/// text that is missing or unreadable; only an unreadable folder stops the check early.
pub fn check_dir(dir: &Path) -> Checked {
    let unreadable = |source| Checked {
        result: Err(KnowledgeError::Unreadable {
            path: dir.display().to_string(),
            source,
        }),
        warnings: Problems::default(),
    };
    let mut problems = Problems::default();
    let mut files = Vec::new();
    let expected = expected_files();
    let mut present = BTreeSet::new();
    let items = match fs::read_dir(dir) {
        Ok(items) => items,
        Err(err) => return unreadable(err),
    };
    for item in items {
        let item = match item {
            Ok(item) => item,
            Err(err) => return unreadable(err),
        };
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
    let optional = present.contains(SYNONYMS_FILE).then_some(SYNONYMS_FILE);
    for name in expected.iter().copied().chain(optional) {
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
    let mut unreadable_texts = HashSet::new();
    for (name, path, text) in read_texts(dir) {
        match text {
            Ok(text) => files.push(KnowledgeFile { path, name, text }),
            Err(err) => {
                problems.push(&path, Location::File, format!("cannot read: {err}"));
                unreadable_texts.insert(name);
            }
        }
    }
    let mut checked = check(&files, unreadable_texts);
    if let Err(KnowledgeError::Invalid(more)) = checked.result {
        problems.0.extend(more.0);
        checked.result = Err(KnowledgeError::Invalid(problems));
    } else if !problems.is_empty() {
        checked.result = Err(KnowledgeError::Invalid(problems));
    }
    checked
}

/// The JSON files every knowledge folder has.
fn expected_files() -> Vec<&'static str> {
    Kind::ALL
        .iter()
        .map(|k| k.file_name())
        .chain([SOURCES_FILE])
        .collect()
}

/// The `.txt` files of the folder's `sources/`, each as (name, path, its text or why it cannot be
/// read), in name order; none when there is no such folder (each source then reports its text
/// missing).
fn read_texts(dir: &Path) -> Vec<(String, String, std::io::Result<String>)> {
    let folder = dir.join(SOURCES_DIR);
    let items = match fs::read_dir(&folder) {
        Ok(items) => items,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(err) => {
            return vec![(
                SOURCES_DIR.to_string(),
                folder.display().to_string(),
                Err(err),
            )];
        }
    };
    let mut names: Vec<String> = items
        .filter_map(Result::ok)
        .map(|item| item.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = folder.join(&name);
            (
                format!("{SOURCES_DIR}/{name}"),
                path.display().to_string(),
                fs::read_to_string(&path),
            )
        })
        .collect()
}

/// The expected knowledge files of `dir` (the thesaurus and source texts when there are any) as
/// they are on disk, unvalidated, for tools that rewrite them (`export-learned`, `new-entry`) and
/// check the result; a missing one is skipped, since `check` reports it.
pub fn read_dir_files(dir: &Path) -> Result<Vec<KnowledgeFile>, KnowledgeError> {
    let mut files = Vec::new();
    for name in expected_files().into_iter().chain([SYNONYMS_FILE]) {
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
    for (name, path, text) in read_texts(dir) {
        let text = text.map_err(|source| KnowledgeError::Unreadable {
            path: path.clone(),
            source,
        })?;
        files.push(KnowledgeFile { path, name, text });
    }
    Ok(files)
}

/// Validates a set of knowledge files (any subset of the expected names) into a knowledge base.
pub fn load_files(files: &[KnowledgeFile]) -> Result<KnowledgeBase, KnowledgeError> {
    check_files(files).result
}

/// Validates a set of knowledge files, with the warnings.
pub fn check_files(files: &[KnowledgeFile]) -> Checked {
    check(files, HashSet::new())
}

/// Validates `files`; `unreadable_texts` are source texts that exist but could not be read, which
/// are reported already and so are not missing.
fn check(files: &[KnowledgeFile], unreadable_texts: HashSet<String>) -> Checked {
    let mut loader = Loader {
        unreadable_texts,
        ..Loader::default()
    };
    for file in files {
        if file.name.starts_with(&format!("{SOURCES_DIR}/")) {
            loader.texts.insert(file.name.clone(), file.clone());
            continue;
        }
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
    loader.attach_texts();
    loader.check_references();
    loader.check_quotes();
    loader.finish()
}
