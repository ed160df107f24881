//! Every quote checked against its source's full text, once every file is read: a quote that is
//! not verbatim there is a problem that shows the closest passage and the first word that differs;
//! a source no entry cites and a quote longer than two sentences are warnings. A direct answer
//! (`short`) may only give numbers its sources give.

use std::collections::{BTreeSet, HashMap};

use super::loader::{Loader, QuoteRef};
use super::model::{Entry, Source};
use super::problem::{Location, Problems};
use super::source_text::{SourceText, sentences};

/// The most sentences a quote should have: a longer one is a passage to cut down.
const MAX_SENTENCES: usize = 2;

impl Loader {
    /// Checks every quote of every entry, valid or not, against the text of the source it names.
    pub(super) fn check_quotes(&mut self) {
        let sources: HashMap<&str, &Source> = self
            .sources
            .iter()
            .map(|(source, _)| (source.id.as_str(), source))
            .collect();
        let mut found = Problems::default();
        let mut warnings = Problems::default();
        // The same passage is often cited by several entries: each is looked up once.
        let mut verdicts: HashMap<(&str, &str), bool> = HashMap::new();
        for quote in &self.quotes {
            let Some(source) = sources.get(quote.source.as_str()) else {
                // An empty or unknown source is reported with the entry's other references.
                continue;
            };
            if quote.quote.trim().is_empty() || !has_text(source) {
                continue;
            }
            let location = Location::Record {
                id: quote.entry.clone(),
                line: quote.line,
            };
            let verbatim = *verdicts
                .entry((source.id.as_str(), quote.quote.as_str()))
                .or_insert_with(|| source.text.find(&quote.quote).is_some());
            if !verbatim {
                let message = not_verbatim(quote, source, &sources);
                found.push(&quote.path, location, message);
                continue;
            }
            let count = sentences(&quote.quote);
            if count > MAX_SENTENCES {
                warnings.push(
                    &quote.path,
                    location,
                    format!(
                        "`sources[{}].quote` is {count} sentences long: cite at most {MAX_SENTENCES}",
                        quote.index
                    ),
                );
            }
        }
        let cited: BTreeSet<&str> = self.quotes.iter().map(|q| q.source.as_str()).collect();
        for (source, origin) in &self.sources {
            if !cited.contains(source.id.as_str()) {
                warnings.push(
                    &origin.path,
                    Location::Source {
                        id: source.id.clone(),
                        line: origin.line,
                    },
                    "no entry cites this source",
                );
            }
        }
        for (entry, origin) in &self.entries {
            let location = Location::Record {
                id: entry.id.clone(),
                line: origin.line,
            };
            for message in numbers_not_in_sources(entry, &sources) {
                found.push(&origin.path, location.clone(), message);
            }
        }
        self.problems.0.extend(found.0);
        self.warnings.0.extend(warnings.0);
    }
}

/// Whether a source's text was read (a missing or empty one is reported already).
fn has_text(source: &Source) -> bool {
    !source.text.as_str().trim().is_empty()
}

/// Why a quote is not in its source: it is in another one, or here is the closest passage.
fn not_verbatim(quote: &QuoteRef, source: &Source, sources: &HashMap<&str, &Source>) -> String {
    let field = format!("`sources[{}].quote`", quote.index);
    let mut elsewhere: Vec<&str> = sources
        .values()
        .filter(|other| other.id != source.id && other.text.find(&quote.quote).is_some())
        .map(|other| other.id.as_str())
        .collect();
    elsewhere.sort_unstable();
    if let Some(other) = elsewhere.first() {
        return format!(
            "{field} is not in source `{}` but is in source `{other}`: cite `{other}` for it",
            source.id
        );
    }
    let mut message = format!(
        "{field} is not verbatim in source `{}` ({})",
        source.id, source.text_file
    );
    if let Some(closest) = source.text.closest(&quote.quote) {
        message.push_str(&format!(
            ": the quote has “{}” where the source has “{}”\n      quote:  “{}”\n      source: “{}” ({}, line {})",
            closest.quote_word,
            closest.source_word,
            quote.quote.trim(),
            closest.marked,
            source.text_file,
            closest.line
        ));
    }
    message
}

/// Problems with the numbers of an entry's direct answer: each one must be in a text it cites,
/// so a date or a figure is never made up.
fn numbers_not_in_sources(entry: &Entry, sources: &HashMap<&str, &Source>) -> Vec<String> {
    let Some(short) = &entry.short else {
        return Vec::new();
    };
    let texts: Vec<&SourceText> = entry
        .sources
        .iter()
        .filter_map(|r| sources.get(r.source.as_str()))
        .filter(|source| has_text(source))
        .map(|source| &source.text)
        .collect();
    if texts.is_empty() {
        return Vec::new();
    }
    let given: BTreeSet<String> = texts.iter().flat_map(|t| numbers(t.as_str())).collect();
    let mut problems = Vec::new();
    for (lang, text) in short.iter() {
        for number in numbers(text) {
            if !given.contains(&number) {
                problems.push(format!(
                    "`short.{lang}` gives {number}, which its sources do not: a direct answer comes from the source only"
                ));
            }
        }
    }
    problems
}

/// The runs of digits in a text, Persian and Arabic-Indic digits read as ASCII ones.
fn numbers(text: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain([' ']) {
        let digit = match c {
            '0'..='9' => Some(c),
            '\u{06F0}'..='\u{06F9}' => char::from_digit(u32::from(c) - 0x06F0, 10),
            '\u{0660}'..='\u{0669}' => char::from_digit(u32::from(c) - 0x0660, 10),
            _ => None,
        };
        match digit {
            Some(d) => current.push(d),
            None if !current.is_empty() => numbers.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_in_every_script() {
        assert_eq!(numbers("6–7 December, INOTEX 2025"), ["6", "7", "2025"]);
        assert_eq!(numbers("۶ تا ۷ دسامبر"), ["6", "7"]);
        assert!(numbers("no figures").is_empty());
    }
}
