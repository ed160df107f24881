//! Editing a knowledge file's JSON as text, so that what staff wrote stays byte for byte: an added
//! entry or `learned` list is printed in the file's own indentation and spliced in, and the file
//! is replaced atomically. Used by `new-entry` (a skeleton appended) and `export-learned`.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The whitespace before an object's first member on its line ("    " in a pretty-printed file;
/// empty when the object is written on one line).
pub(crate) fn member_indent(object: &str) -> &str {
    let inner = object.strip_prefix('{').unwrap_or(object);
    let leading = &inner[..inner.len() - inner.trim_start().len()];
    leading
        .rfind('\n')
        .map_or("", |newline| &leading[newline + 1..])
}

/// The indentation of the line `text` has at byte `at`, up to its first non-blank character.
pub(crate) fn line_indent(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    &line[..line.len() - line.trim_start().len()]
}

/// One level of indentation: the members' indentation less the object's own; two spaces when
/// that cannot be told (an object on one line).
pub(crate) fn indent_unit(member_indent: &str, own: &str) -> String {
    match member_indent.strip_prefix(own) {
        Some(unit) if !unit.is_empty() => unit.to_string(),
        _ => "  ".to_string(),
    }
}

/// `value` pretty-printed with `unit` per level, its lines after the first indented by `base`, to
/// sit in a file where its first line starts at that indentation.
pub(crate) fn pretty(value: &Value, unit: &str, base: &str) -> String {
    use serde::Serialize;
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    // Serialising a `Value` into memory cannot fail.
    let _ = value.serialize(&mut serializer);
    let text = String::from_utf8_lossy(&bytes);
    if base.is_empty() {
        return text.into_owned();
    }
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_string()
            } else {
                format!("{base}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file that could not be written or put in place.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}", path.display())]
pub struct WriteError {
    /// "write" (the sibling) or "replace" (the rename over the file).
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Replaces a file by writing a sibling and renaming it over, so a crash never leaves half a file.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), WriteError> {
    let temporary = path.with_extension("json.tmp");
    std::fs::write(&temporary, text).map_err(|source| WriteError {
        action: "write",
        path: temporary.clone(),
        source,
    })?;
    std::fs::rename(&temporary, path).map_err(|source| WriteError {
        action: "replace",
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indent_unit_is_the_members_indentation_less_the_objects() {
        let text = "[\n    {\n        \"id\": \"a\"\n    }\n]";
        let at = text.find('{').expect("object");
        let object = &text[at..];
        assert_eq!(member_indent(object), "        ");
        assert_eq!(line_indent(text, at), "    ");
        assert_eq!(
            indent_unit(member_indent(object), line_indent(text, at)),
            "    "
        );
    }

    #[test]
    fn an_object_on_one_line_gets_two_spaces() {
        assert_eq!(member_indent("{\"id\": \"a\"}"), "");
        assert_eq!(indent_unit("", ""), "  ");
    }

    #[test]
    fn pretty_indents_every_line_after_the_first_by_the_base() {
        let value = serde_json::json!({ "en": ["q"] });
        assert_eq!(
            pretty(&value, "  ", "    "),
            "{\n      \"en\": [\n        \"q\"\n      ]\n    }"
        );
    }
}
