//! The stable machine-readable shape of `coop-bot ask --json`.

use serde::Serialize;

use crate::lang::Lang;
use crate::smalltalk::SmallTalk;

use super::{Citation, Reply, ReplyKind, list};

/// One reply as `ask --json` prints it; field names and meanings are a contract for batch
/// evaluation, so change them only with a version bump (new fields may be added).
#[derive(Debug, Serialize)]
pub struct AskJson {
    pub matched: bool,
    pub confidence: f64,
    /// The first entry used (the only one for a single answer).
    pub entry: Option<String>,
    pub kind: Option<&'static str>,
    pub lang: Lang,
    /// The whole reply text: the answer, or every item of a list, or every part's answer.
    pub answer: Option<String>,
    /// The direct answer to what was asked (a date for "when", a place for "where"), the reply's
    /// first line, when the answering entry has one (the first part's, for several parts).
    pub short: Option<String>,
    /// The sources of every entry used.
    pub sources: Vec<SourceJson>,
    pub suggestions: Vec<SuggestionJson>,
    /// Every entry used, in the reply's order.
    pub entries: Vec<String>,
    /// A detail the question asks for that the answer does not give (`venue`, `registration`,
    /// `visa`, `cost`, `language`, `deadline`, `contact`, `social`); `answer` then starts by
    /// saying the report does not give it.
    pub unsaid: Option<super::Unsaid>,
    /// For small talk, which kind (the reply is then not an answer: `matched` is false).
    pub smalltalk: Option<SmallTalk>,
}

/// A citation in `ask --json`.
#[derive(Debug, Serialize)]
pub struct SourceJson {
    pub title: String,
    pub url: Option<String>,
    pub quote: String,
}

/// A "did you mean" entry in `ask --json`.
#[derive(Debug, Serialize)]
pub struct SuggestionJson {
    pub entry: String,
    pub title: String,
}

fn sources(citations: &[Citation<'_>]) -> Vec<SourceJson> {
    citations
        .iter()
        .map(|c| SourceJson {
            title: c.source.title.clone(),
            url: c.source.url.clone(),
            quote: c.quote.to_string(),
        })
        .collect()
}

impl From<&Reply<'_>> for AskJson {
    fn from(reply: &Reply<'_>) -> AskJson {
        let lang = reply.lang;
        let confidence = (f64::from(reply.result.confidence) * 1000.0).round() / 1000.0;
        let entries = reply.entries();
        let mut json = AskJson {
            matched: reply.kind.is_answer(),
            confidence,
            entry: entries.first().map(|e| e.id.clone()),
            kind: entries.first().map(|e| e.kind.as_str()),
            lang,
            answer: None,
            short: None,
            sources: Vec::new(),
            suggestions: Vec::new(),
            entries: entries.iter().map(|e| e.id.clone()).collect(),
            unsaid: reply.unsaid,
            smalltalk: None,
        };
        match &reply.kind {
            ReplyKind::Answer {
                entry, citations, ..
            } => {
                json.answer = Some(entry.answer.get(lang).clone());
                json.short = entry.short.as_ref().map(|short| short.get(lang).clone());
                json.sources = sources(citations);
            }
            ReplyKind::Several(parts) => {
                let answers: Vec<&str> = parts
                    .iter()
                    .map(|p| p.entry.answer.get(lang).as_str())
                    .collect();
                json.answer = Some(answers.join("\n\n"));
                json.short = parts
                    .first()
                    .and_then(|p| p.entry.short.as_ref())
                    .map(|short| short.get(lang).clone());
                json.sources = parts.iter().flat_map(|p| sources(&p.citations)).collect();
            }
            ReplyKind::List(items) => {
                let mut text = list::heading(items, lang);
                for item in &items.items {
                    text.push('\n');
                    text.push_str(&list::item_line(item, lang));
                }
                json.answer = Some(text);
                json.sources = sources(&items.citations);
            }
            ReplyKind::Suggestions(entries) | ReplyKind::InProgramme(entries) => {
                json.suggestions = entries
                    .iter()
                    .map(|e| SuggestionJson {
                        entry: e.id.clone(),
                        title: e.title.get(lang).clone(),
                    })
                    .collect();
            }
            ReplyKind::SmallTalk(kind) => json.smalltalk = Some(*kind),
            ReplyKind::Unknown => {}
        }
        if let (Some(line), Some(answer)) = (reply.unsaid_line(), &mut json.answer) {
            *answer = format!("{line}\n{answer}");
        }
        json
    }
}
