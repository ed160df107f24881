//! The word lists and phrase tables kept as plain text beside the code that reads them: the
//! matcher's stop words (`matcher/stopwords/*.txt`), small talk's phrases and fillers
//! (`smalltalk/*.txt`), the nouns and framing words of list questions (`answer/list/*.txt`), and
//! the phrases that ask for a detail the report may not give (`answer/unsaid.txt`).
//!
//! They are data, not logic: one entry a line, they diff line by line and can be reviewed by
//! someone who reads the language rather than Rust. Each file is embedded with `include_str!` and
//! parsed once, on first use (`std::sync::LazyLock`), into the structure its lookups need: a hash
//! set where only membership matters, a table in file order where the first match wins. A unit
//! test beside each parser checks that every line parses and that nothing is listed twice.
//!
//! One format serves them all: an entry a line, its fields separated by single spaces, words in
//! the matcher's normalised form (lower case, ё→е, Persian letters, ZWNJ split); blank lines and
//! lines starting with `#` are comments.

/// The entries of a table's text, in file order: its lines but the blank and comment ones.
pub(crate) fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
}

/// The items that occur more than once, each once, in the order of their second occurrence: what
/// the tests that keep a table free of repeats report.
#[cfg(test)]
pub(crate) fn repeated<T: Eq + std::hash::Hash + Clone>(
    items: impl IntoIterator<Item = T>,
) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    let mut repeated = Vec::new();
    for item in items {
        if !seen.insert(item.clone()) && !repeated.contains(&item) {
            repeated.push(item);
        }
    }
    repeated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_not_entries() {
        let text = "# a comment\n\nhow are you\n  \nthanks\n";
        assert_eq!(entries(text).collect::<Vec<_>>(), ["how are you", "thanks"]);
    }

    #[test]
    fn repeats_are_reported_once() {
        assert_eq!(repeated(["a", "b", "a", "c", "a", "b"]), ["a", "b"]);
        assert!(repeated(["a", "b"]).is_empty());
    }
}
