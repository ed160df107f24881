//! Citations gathered under their sources, so a reply names each source once (its title, date and
//! link) and then gives the passages it quotes from it, instead of repeating a long title before
//! every quote.

use crate::dates::Date;
use crate::knowledge::Source;

use super::Citation;

/// The passages a reply quotes from one source.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceQuotes<'a> {
    /// The source, named once above its quotes.
    pub source: &'a Source,
    /// When its facts were reported: the `as_of` of the first entry citing it, else the source's
    /// own date; `None` for an undated report.
    pub reported_on: Option<Date>,
    /// The passages, each once, in the reply's order; a passage that another one contains is left
    /// out, since the longer one already shows it.
    pub quotes: Vec<&'a str>,
}

/// `citations` gathered by source, the sources in the order they are first cited.
pub fn by_source<'a>(citations: &[Citation<'a>]) -> Vec<SourceQuotes<'a>> {
    let mut groups: Vec<SourceQuotes<'a>> = Vec::new();
    for citation in citations {
        let at = match groups
            .iter()
            .position(|g| g.source.id == citation.source.id)
        {
            Some(at) => at,
            None => {
                let reported_on = citation
                    .entry
                    .as_of
                    .as_deref()
                    .or(citation.source.date.as_deref())
                    .and_then(Date::parse_iso);
                groups.push(SourceQuotes {
                    source: citation.source,
                    reported_on,
                    quotes: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let quote = citation.quote.trim();
        if !groups[at].quotes.contains(&quote) {
            groups[at].quotes.push(quote);
        }
    }
    for group in &mut groups {
        let all = group.quotes.clone();
        group.quotes.retain(|quote| {
            !all.iter()
                .any(|other| other != quote && other.contains(quote))
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answerer;
    use crate::knowledge::load_embedded;

    #[test]
    fn an_entry_citing_three_passages_of_one_report_has_one_source_with_three_quotes() {
        let answerer = Answerer::new(load_embedded().expect("valid"));
        let kb = answerer.knowledge();
        let entry = kb.entry("andrei-fursenko").expect("Fursenko");
        let groups = by_source(&answerer.citations(entry));
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].source.id, "ict-working-group-report");
        assert_eq!(groups[0].quotes.len(), 3);
        assert_eq!(groups[0].reported_on, None, "the report is undated");
    }

    #[test]
    fn a_passage_another_quote_contains_is_shown_once() {
        let answerer = Answerer::new(load_embedded().expect("valid"));
        let kb = answerer.knowledge();
        let citations: Vec<Citation<'_>> = ["kazem-jalali", "cybersecurity"]
            .iter()
            .filter_map(|id| kb.entry(id))
            .flat_map(|entry| answerer.citations(entry))
            .collect();
        let quotes = &by_source(&citations)[0].quotes;
        let jalali = quotes
            .iter()
            .filter(|q| q.contains("Jalali emphasized"))
            .count();
        assert_eq!(jalali, 1, "{quotes:#?}");
    }
}
