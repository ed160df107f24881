//! Finding where things are in a knowledge file's text, so every problem can name its line, and
//! the small syntax rules (ids, dates) that several records share.

use std::collections::{HashMap, VecDeque};

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
pub(super) struct IdLines<'t> {
    lines: HashMap<&'t str, VecDeque<usize>>,
}

impl<'t> IdLines<'t> {
    pub(super) fn scan(text: &'t str) -> IdLines<'t> {
        let mut lines: HashMap<&str, VecDeque<usize>> = HashMap::new();
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
    pub(super) fn next(&mut self, id: &str) -> Option<usize> {
        self.lines.get_mut(id)?.pop_front()
    }
}

pub(super) fn is_valid_id(id: &str) -> bool {
    (1..=48).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) fn is_iso_date(text: &str) -> bool {
    crate::dates::Date::parse_iso(text).is_some()
}

/// The 1-based line on which `value` is written as a JSON string in `text`, looking from line
/// `from` on (its record's `"id"` line); `None` when the file escapes it some other way.
pub(super) fn string_line(text: &str, from: usize, value: &str) -> Option<usize> {
    let encoded = serde_json::to_string(value).ok()?;
    let start: usize = text
        .split_inclusive('\n')
        .take(from.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = text.get(start..)?.find(&encoded)? + start;
    Some(text[..at].matches('\n').count() + 1)
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
    fn a_string_is_found_on_its_line_from_its_records_line_on() {
        let text = "[\n  { \"id\": \"a\", \"quote\": \"same\" },\n  { \"id\": \"b\",\n    \"quote\": \"same\" }\n]";
        assert_eq!(string_line(text, 2, "same"), Some(2));
        assert_eq!(string_line(text, 3, "same"), Some(4));
        assert_eq!(string_line(text, 3, "other"), None);
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
