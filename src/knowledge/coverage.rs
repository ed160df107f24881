//! How much of a source the knowledge base uses: which passages the entries quote, and which
//! paragraphs no entry quotes yet, the curation to-do list for a new report (`coop-bot sources`).

use std::ops::Range;

use super::model::{KnowledgeBase, Source};

/// A passage of a source that entries quote, with the entries quoting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedPassage<'a> {
    /// The 1-based line of the source text it starts on.
    pub line: usize,
    /// The passage as published.
    pub text: &'a str,
    /// The ids of the entries quoting it, in the knowledge base's order.
    pub entries: Vec<&'a str>,
    range: Range<usize>,
}

/// A paragraph of a source that no entry quotes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncitedParagraph<'a> {
    /// The 1-based line of the source text it starts on.
    pub line: usize,
    /// The paragraph as published.
    pub text: &'a str,
}

/// What the entries cite of one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage<'a> {
    /// The source these are the citations of.
    pub source: &'a Source,
    /// The ids of the entries citing it, in the knowledge base's order.
    pub entries: Vec<&'a str>,
    /// How many quotes cite it (a passage quoted by two entries counts twice).
    pub quotes: usize,
    /// Every passage quoted, once, in the order of the text.
    pub passages: Vec<CitedPassage<'a>>,
    /// The paragraphs no quote touches, in the order of the text.
    pub uncited: Vec<UncitedParagraph<'a>>,
}

impl KnowledgeBase {
    /// What the entries cite of the source `id`, if there is such a source.
    pub fn coverage(&self, id: &str) -> Option<Coverage<'_>> {
        let source = self.source(id)?;
        let text = &source.text;
        let mut coverage = Coverage {
            source,
            entries: Vec::new(),
            quotes: 0,
            passages: Vec::new(),
            uncited: Vec::new(),
        };
        for entry in self.entries() {
            for reference in entry.sources.iter().filter(|r| r.source == id) {
                coverage.quotes += 1;
                if !coverage.entries.contains(&entry.id.as_str()) {
                    coverage.entries.push(&entry.id);
                }
                // Validation found every quote, so a miss here only means a hand-built base.
                let Some(range) = text.find(&reference.quote) else {
                    continue;
                };
                match coverage.passages.iter_mut().find(|p| p.range == range) {
                    Some(passage) if passage.entries.contains(&entry.id.as_str()) => {}
                    Some(passage) => passage.entries.push(&entry.id),
                    None => coverage.passages.push(CitedPassage {
                        line: text.line_of(range.start),
                        text: &text.as_str()[range.clone()],
                        entries: vec![&entry.id],
                        range,
                    }),
                }
            }
        }
        coverage.passages.sort_by_key(|p| p.range.start);
        coverage.uncited = text
            .paragraphs()
            .into_iter()
            .filter(|paragraph| {
                !coverage.passages.iter().any(|passage| {
                    passage.range.start < paragraph.range.end
                        && paragraph.range.start < passage.range.end
                })
            })
            .map(|paragraph| UncitedParagraph {
                line: paragraph.line,
                text: &text.as_str()[paragraph.range],
            })
            .collect();
        Some(coverage)
    }
}
