//! Reading and validating `synonyms.json`, the staff-edited thesaurus: synonym groups and indirect
//! references per language. Every problem is reported with its line, like the entries', and none
//! stops the others from being found.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::lines::strip_position;
use super::load::KnowledgeFile;
use super::model::{Reference, SynonymGroup, Thesaurus};
use super::problem::{Location, Problems};
use crate::lang::Lang;
use crate::matcher::{Tokenizer, normalize};

/// The optional file holding the thesaurus; a folder without it has an empty one.
pub const SYNONYMS_FILE: &str = "synonyms.json";

/// The top-level fields; both may be left out.
const FIELDS: [&str; 2] = ["groups", "refers_to"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    lang: String,
    terms: Vec<String>,
    /// A curator's remark (why a word is or is not here), since JSON has no comments; the bot
    /// does not read it.
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReference {
    lang: String,
    phrases: Vec<String>,
    entry: String,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

/// Reads `file` as the thesaurus, adding every problem to `problems`. Whether each reference's
/// entry exists is checked later, once every entry file is read.
pub(super) fn read_thesaurus(file: &KnowledgeFile, problems: &mut Problems) -> Thesaurus {
    let top = match serde_json::from_str::<Value>(&file.text) {
        Ok(Value::Object(top)) => top,
        Ok(_) => {
            problems.push(
                &file.path,
                Location::Position { line: 1, column: 1 },
                "expected a JSON object with `groups` and `refers_to` at the top level",
            );
            return Thesaurus::default();
        }
        Err(err) => {
            problems.push(
                &file.path,
                Location::Position {
                    line: err.line(),
                    column: err.column(),
                },
                format!("invalid JSON: {}", strip_position(&err)),
            );
            return Thesaurus::default();
        }
    };
    let lines = Lines::scan(&file.text);
    let mut found = Problems::default();
    let mut reader = Reader {
        path: &file.path,
        problems: &mut found,
        tokenizer: Tokenizer::default(),
        terms: HashMap::new(),
        phrases: HashMap::new(),
    };
    for key in top.keys() {
        if !FIELDS.contains(&key.as_str()) {
            reader.problem(
                lines.key(key),
                format!("unknown field `{key}`, expected `groups` or `refers_to`"),
            );
        }
    }
    let mut groups = Vec::new();
    for (item, value) in reader.items(&top, &lines, "groups") {
        if let Some(group) = reader.group(value, item) {
            groups.push(group);
        }
    }
    let mut references = Vec::new();
    for (item, value) in reader.items(&top, &lines, "refers_to") {
        if let Some(reference) = reader.reference(value, item) {
            references.push(reference);
        }
    }
    // In line order, as a curator reads the file.
    found.0.sort_by_key(|problem| match problem.location {
        Location::Line { line } => line,
        _ => 0,
    });
    problems.0.extend(found.0);
    Thesaurus::new(groups, references)
}

/// The validation state of one thesaurus file: where to report, and every term and phrase seen
/// so far by language, to catch one that would expand two ways.
struct Reader<'a> {
    path: &'a str,
    problems: &'a mut Problems,
    tokenizer: Tokenizer,
    /// (language, matching form of a group term) → the line it was first seen on.
    terms: HashMap<(Lang, String), Option<usize>>,
    /// (language, matching form of a phrase) → the entry it leads to and its line.
    phrases: HashMap<(Lang, String), (String, Option<usize>)>,
}

impl Reader<'_> {
    fn problem(&mut self, line: Option<usize>, message: impl Into<String>) {
        let location = match line {
            Some(line) => Location::Line { line },
            None => Location::File,
        };
        self.problems.push(self.path, location, message);
    }

    /// The elements of the top-level array `key`, each with its lines when the scan found them.
    fn items<'v>(
        &mut self,
        top: &'v serde_json::Map<String, Value>,
        lines: &'v Lines,
        key: &str,
    ) -> Vec<(Option<&'v ItemLines>, &'v Value)> {
        match top.get(key) {
            None => Vec::new(),
            Some(Value::Array(values)) => values
                .iter()
                .enumerate()
                .map(|(i, value)| (lines.item(key, i), value))
                .collect(),
            Some(_) => {
                self.problem(lines.key(key), format!("`{key}` must be an array"));
                Vec::new()
            }
        }
    }

    fn lang(&mut self, code: &str, line: Option<usize>, what: &str) -> Option<Lang> {
        let lang = Lang::ALL.into_iter().find(|lang| lang.code() == code);
        if lang.is_none() {
            self.problem(
                line,
                format!("{what}: unknown language `{code}` in `lang`, expected en, ru or fa"),
            );
        }
        lang
    }

    /// The form two terms are compared in: the matcher's normalisation, so two spellings it reads
    /// alike (`MOU`/`mou`, ZWNJ or space) count as one.
    fn matching_form(text: &str) -> String {
        normalize(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks the terms of one group or phrases of one reference on their own: none empty, none
    /// that the matcher would read as no words at all, none twice. Returns each usable one with its
    /// text, matching form and line.
    fn members<'t>(
        &mut self,
        what: &str,
        noun: &str,
        texts: &'t [String],
        item: Option<&ItemLines>,
    ) -> Vec<(&'t str, String, Option<usize>)> {
        let line = item.map(|item| item.line);
        let mut usable: Vec<(&str, String, Option<usize>)> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let member_line = item.and_then(|item| item.strings.get(i).copied()).or(line);
            if text.trim().is_empty() {
                self.problem(member_line, format!("{what}: {noun} {} is empty", i + 1));
                continue;
            }
            if self.tokenizer.tokens(text).is_empty() {
                self.problem(
                    member_line,
                    format!(
                        "{what}: `{text}` has no word the matcher reads (only punctuation, single letters or function words such as `the`, `и`, `از`)"
                    ),
                );
                continue;
            }
            let form = Self::matching_form(text);
            if usable.iter().any(|(_, seen, _)| *seen == form) {
                self.problem(member_line, format!("{what}: `{text}` is in it twice"));
                continue;
            }
            usable.push((text, form, member_line));
        }
        usable
    }

    fn group(&mut self, value: &Value, item: Option<&ItemLines>) -> Option<SynonymGroup> {
        let line = item.map(|item| item.line);
        let raw = match RawGroup::deserialize(value) {
            Ok(raw) => raw,
            Err(err) => {
                self.problem(line, format!("group: {err}"));
                return None;
            }
        };
        let lang = self.lang(&raw.lang, line, "group");
        if raw.terms.len() < 2 {
            self.problem(
                line,
                format!(
                    "group: has {} term{}, a group needs at least two interchangeable terms",
                    raw.terms.len(),
                    if raw.terms.len() == 1 { "" } else { "s" }
                ),
            );
        }
        let terms = self.members("group", "term", &raw.terms, item);
        let lang = lang?;
        for (text, form, term_line) in terms {
            if let Some(&first) = self.terms.get(&(lang, form.clone())) {
                self.problem(
                    term_line,
                    format!(
                        "group: `{text}` is also in the {lang} group{}: a term may be in one group per language, or the bot cannot tell which words it stands for (merge the two groups or drop it from one)",
                        at_line(first)
                    ),
                );
            } else {
                self.terms.insert((lang, form), term_line);
            }
        }
        Some(SynonymGroup {
            lang,
            terms: raw.terms,
            line,
        })
    }

    fn reference(&mut self, value: &Value, item: Option<&ItemLines>) -> Option<Reference> {
        let line = item.map(|item| item.line);
        let raw = match RawReference::deserialize(value) {
            Ok(raw) => raw,
            Err(err) => {
                self.problem(line, format!("refers_to: {err}"));
                return None;
            }
        };
        let lang = self.lang(&raw.lang, line, "refers_to");
        if raw.phrases.is_empty() {
            self.problem(
                line,
                "refers_to: `phrases` is empty, a reference needs at least one",
            );
        }
        let phrases = self.members("refers_to", "phrase", &raw.phrases, item);
        let lang = lang?;
        for (text, form, phrase_line) in phrases {
            match self.phrases.get(&(lang, form.clone())) {
                Some((entry, first)) if *entry == raw.entry => {
                    let message = format!(
                        "refers_to: `{text}` already stands for `{entry}`{}",
                        at_line(*first)
                    );
                    self.problem(phrase_line, message);
                }
                Some((entry, first)) => {
                    let message = format!(
                        "refers_to: `{text}` also stands for entry `{entry}`{}: a phrase may stand for one entry only",
                        at_line(*first)
                    );
                    self.problem(phrase_line, message);
                }
                None => {
                    self.phrases
                        .insert((lang, form), (raw.entry.clone(), phrase_line));
                }
            }
        }
        Some(Reference {
            lang,
            phrases: raw.phrases,
            entry: raw.entry,
            line,
        })
    }
}

/// " at line N" for a message, or nothing when the line is unknown.
fn at_line(line: Option<usize>) -> String {
    line.map(|line| format!(" at line {line}"))
        .unwrap_or_default()
}

/// The lines of the parts of a thesaurus file, found in one pass over its text. The text has
/// already parsed as JSON, so the scan can trust its structure.
#[derive(Debug, Default)]
struct Lines {
    /// Each top-level key and the line it is on.
    keys: HashMap<String, usize>,
    /// For each top-level array, its elements in order.
    items: HashMap<String, Vec<ItemLines>>,
}

/// Where one element of a top-level array is: its own line, and the lines of the strings in the
/// arrays it holds (a group's terms, a reference's phrases), in order.
#[derive(Debug, Default)]
struct ItemLines {
    line: usize,
    strings: Vec<usize>,
}

impl Lines {
    fn scan(text: &str) -> Lines {
        const ITEM: &[char] = &['{', '['];
        const MEMBER: &[char] = &['{', '[', '{', '['];
        let mut lines = Lines::default();
        let mut line = 1;
        // The open objects and arrays, outermost first.
        let mut stack: Vec<char> = Vec::new();
        // The last string read, until a `:` says it was a key.
        let mut last_string: Option<(String, usize)> = None;
        // The top-level key whose value is being read.
        let mut top_key = String::new();
        // Inside a top-level array, before the next element.
        let mut expect_item = false;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\n' {
                line += 1;
                continue;
            }
            if c.is_whitespace() {
                continue;
            }
            if stack == ITEM && expect_item && c != ']' && c != ',' {
                expect_item = false;
                lines
                    .items
                    .entry(top_key.clone())
                    .or_default()
                    .push(ItemLines {
                        line,
                        strings: Vec::new(),
                    });
            }
            match c {
                '"' => {
                    // JSON strings hold no raw line breaks, so the line does not change inside.
                    let mut string = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                string.push(c);
                                string.extend(chars.next());
                            }
                            '"' => break,
                            c => string.push(c),
                        }
                    }
                    if stack == MEMBER
                        && let Some(item) = lines
                            .items
                            .get_mut(&top_key)
                            .and_then(|items| items.last_mut())
                    {
                        item.strings.push(line);
                    }
                    last_string = Some((string, line));
                }
                ':' => {
                    if let Some((key, key_line)) = last_string.take()
                        && stack.len() == 1
                    {
                        lines.keys.insert(key.clone(), key_line);
                        top_key = key;
                    }
                }
                '{' | '[' => {
                    if c == '[' && stack.len() == 1 {
                        // A repeated key: serde_json keeps the last value, and so do the lines.
                        lines.items.insert(top_key.clone(), Vec::new());
                        expect_item = true;
                    }
                    stack.push(c);
                }
                '}' | ']' => {
                    stack.pop();
                }
                ',' => {
                    last_string = None;
                    if stack == ITEM {
                        expect_item = true;
                    }
                }
                _ => {}
            }
        }
        lines
    }

    fn key(&self, key: &str) -> Option<usize> {
        self.keys.get(key).copied()
    }

    fn item(&self, key: &str, index: usize) -> Option<&ItemLines> {
        self.items.get(key)?.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_items_and_their_strings_are_found_in_one_pass() {
        let text = "{\n  \"groups\": [\n    { \"lang\": \"en\", \"terms\": [\"a\", \"b\"] },\n    {\n      \"lang\": \"ru\",\n      \"terms\": [\n        \"в\",\n        \"г\"\n      ]\n    }\n  ],\n  \"refers_to\": [{\"lang\": \"fa\", \"phrases\": [\"x \\\" y\"], \"entry\": \"e\"}]\n}";
        let lines = Lines::scan(text);
        assert_eq!(lines.key("groups"), Some(2));
        assert_eq!(lines.key("refers_to"), Some(12));
        let first = lines.item("groups", 0).expect("first group");
        assert_eq!((first.line, first.strings.clone()), (3, vec![3, 3]));
        let second = lines.item("groups", 1).expect("second group");
        assert_eq!((second.line, second.strings.clone()), (4, vec![7, 8]));
        assert!(lines.item("groups", 2).is_none());
        let reference = lines.item("refers_to", 0).expect("reference");
        assert_eq!((reference.line, reference.strings.clone()), (12, vec![12]));
    }

    #[test]
    fn a_non_object_element_still_takes_its_line() {
        let text = "{\"groups\": [\n 1,\n \"x\",\n {\"lang\": \"en\"}\n]}";
        let lines = Lines::scan(text);
        let items: Vec<usize> = (0..3)
            .map(|i| lines.item("groups", i).expect("item").line)
            .collect();
        assert_eq!(items, vec![2, 3, 4]);
    }

    fn read(text: &str) -> (Thesaurus, Vec<String>) {
        let file = KnowledgeFile {
            path: "synonyms.json".into(),
            name: SYNONYMS_FILE.into(),
            text: text.into(),
        };
        let mut problems = Problems::default();
        let thesaurus = read_thesaurus(&file, &mut problems);
        (thesaurus, problems.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn a_valid_file_gives_groups_and_references_by_language() {
        let (thesaurus, problems) = read(
            "{\"groups\": [{\"lang\": \"ru\", \"terms\": [\"выставка\", \"ярмарка\"], \"note\": \"why\"}],\n \"refers_to\": [{\"lang\": \"en\", \"phrases\": [\"the aide\"], \"entry\": \"andrei-fursenko\"}]}",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(thesaurus.groups_in(Lang::Ru).count(), 1);
        assert_eq!(thesaurus.groups_in(Lang::En).count(), 0);
        let reference = thesaurus.references_in(Lang::En).next().expect("reference");
        assert_eq!(reference.entry, "andrei-fursenko");
        assert_eq!(reference.line, Some(2));
    }

    #[test]
    fn spellings_the_matcher_reads_alike_are_the_same_term() {
        let (_, problems) = read(
            "{\"groups\": [\n{\"lang\": \"en\", \"terms\": [\"MOU\", \"agreement\"]},\n{\"lang\": \"en\", \"terms\": [\"mou\", \"memo\"]},\n{\"lang\": \"fa\", \"terms\": [\"تفاهم\u{200c}نامه\", \"تفاهم نامه\"]}\n]}",
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("synonyms.json:3: group: `mou` is also in the en group at line 2"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("synonyms.json:4: group: `تفاهم نامه` is in it twice"));
    }

    #[test]
    fn a_repeated_top_level_key_keeps_the_last_value_and_its_lines() {
        let (thesaurus, problems) = read(
            "{\"groups\": [],\n\"groups\": [\n{\"lang\": \"xx\", \"terms\": [\"a1\", \"b1\"]}]}",
        );
        assert!(thesaurus.is_empty());
        assert_eq!(
            problems,
            vec!["synonyms.json:3: group: unknown language `xx` in `lang`, expected en, ru or fa"]
        );
    }
}
