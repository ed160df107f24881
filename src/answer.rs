//! From a question to a reply: picks the reply language, asks the matcher, and gathers the entry, its
//! citations and suggestions. Shared by the command line and the bot, so both answer alike.

use serde::Serialize;

use crate::knowledge::{Entry, KnowledgeBase, Source};
use crate::lang::Lang;
use crate::matcher::{Decision, MatchResult, Matcher};

/// A loaded knowledge base with its matcher: the unit that `/reload` swaps as a whole.
pub struct Answerer {
    kb: KnowledgeBase,
    matcher: Matcher,
}

/// A quote from a source document backing an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Citation<'a> {
    pub source: &'a Source,
    pub quote: &'a str,
}

/// What to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyKind<'a> {
    /// A confident match: the entry's answer and its citations.
    Answer {
        entry: &'a Entry,
        citations: Vec<Citation<'a>>,
        related: Vec<&'a Entry>,
    },
    /// A plausible but uncertain match: entries to offer.
    Suggestions(Vec<&'a Entry>),
    /// Nothing in the knowledge base answers this.
    Unknown,
}

/// A reply in a language, with the matcher's verdict behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<'a> {
    pub lang: Lang,
    pub kind: ReplyKind<'a>,
    pub result: MatchResult,
}

impl Answerer {
    /// Indexes a validated knowledge base.
    pub fn new(kb: KnowledgeBase) -> Answerer {
        let matcher = Matcher::new(&kb);
        Answerer { kb, matcher }
    }

    /// The knowledge base being served.
    pub fn knowledge(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// The matcher, for explanations and statistics.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Answers a question. The language is `forced` when given, else the question's script, else
    /// `fallback` (the chat's chosen language or the client's).
    pub fn reply(&self, question: &str, forced: Option<Lang>, fallback: Lang) -> Reply<'_> {
        let lang = forced
            .or_else(|| Lang::detect(question))
            .unwrap_or(fallback);
        let result = self.matcher.find(question);
        let kind = match result.decision {
            Decision::Answer => {
                let entry = &self.kb.entries()[result.candidates[0].entry];
                self.answer_for(entry)
            }
            Decision::Suggest => ReplyKind::Suggestions(
                result
                    .suggestions()
                    .iter()
                    .map(|c| &self.kb.entries()[c.entry])
                    .collect(),
            ),
            Decision::Unknown => ReplyKind::Unknown,
        };
        Reply { lang, kind, result }
    }

    /// The answer for a known entry, as when a suggestion or topic button is tapped.
    pub fn answer_for<'a>(&'a self, entry: &'a Entry) -> ReplyKind<'a> {
        ReplyKind::Answer {
            entry,
            citations: self.citations(entry),
            related: self.related(entry),
        }
    }

    /// A reply for an entry chosen directly (a suggestion picked in the console), in `lang`.
    pub fn reply_for<'a>(&'a self, entry: &'a Entry, lang: Lang) -> Reply<'a> {
        let position = self.kb.position(&entry.id).unwrap_or_default();
        Reply {
            lang,
            kind: self.answer_for(entry),
            result: MatchResult::chosen(position),
        }
    }

    /// The entries offered as "see also" under an entry (those that still exist).
    pub fn related<'a>(&'a self, entry: &'a Entry) -> Vec<&'a Entry> {
        entry
            .related
            .iter()
            .filter_map(|id| self.kb.entry(id))
            .collect()
    }

    /// The source passages backing an entry.
    pub fn citations<'a>(&'a self, entry: &'a Entry) -> Vec<Citation<'a>> {
        entry
            .sources
            .iter()
            .filter_map(|r| {
                self.kb.source(&r.source).map(|source| Citation {
                    source,
                    quote: &r.quote,
                })
            })
            .collect()
    }
}

/// The stable machine-readable shape of `coop-bot ask --json`; field names and meanings are a contract
/// for batch evaluation, so change them only with a version bump.
#[derive(Debug, Serialize)]
pub struct AskJson {
    pub matched: bool,
    pub confidence: f64,
    pub entry: Option<String>,
    pub kind: Option<&'static str>,
    pub lang: Lang,
    pub answer: Option<String>,
    pub sources: Vec<SourceJson>,
    pub suggestions: Vec<SuggestionJson>,
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

impl From<&Reply<'_>> for AskJson {
    fn from(reply: &Reply<'_>) -> AskJson {
        let confidence = (f64::from(reply.result.confidence) * 1000.0).round() / 1000.0;
        let mut json = AskJson {
            matched: false,
            confidence,
            entry: None,
            kind: None,
            lang: reply.lang,
            answer: None,
            sources: Vec::new(),
            suggestions: Vec::new(),
        };
        match &reply.kind {
            ReplyKind::Answer {
                entry, citations, ..
            } => {
                json.matched = true;
                json.entry = Some(entry.id.clone());
                json.kind = Some(entry.kind.as_str());
                json.answer = Some(entry.answer.get(reply.lang).clone());
                json.sources = citations
                    .iter()
                    .map(|c| SourceJson {
                        title: c.source.title.clone(),
                        url: c.source.url.clone(),
                        quote: c.quote.to_string(),
                    })
                    .collect();
            }
            ReplyKind::Suggestions(entries) => {
                json.suggestions = entries
                    .iter()
                    .map(|e| SuggestionJson {
                        entry: e.id.clone(),
                        title: e.title.get(reply.lang).clone(),
                    })
                    .collect();
            }
            ReplyKind::Unknown => {}
        }
        json
    }
}
