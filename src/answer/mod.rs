//! From a question to a reply: picks the reply language, recognises small talk, lists and questions
//! asking several things, asks the matcher, and gathers the entries, their citations and
//! suggestions. Shared by the command line and the bot, so both answer alike.
//!
//! The order of the checks: small talk (a whole message of "hi", "thanks", "who are you?"); a list
//! or overview ("which people does the report name?", "everything about Pardis"), answered from the
//! structured records; a question asking two or three things ("who signed the MOU and what does it
//! cover?"), answered with each part's entry; else the matcher's single answer, suggestions or an
//! honest "don't know". An answer to a question asking for a detail the report does not give
//! ("which building?", "how do I register?") says so first (`unsaid`).

mod citations;
mod json;
mod list;
mod parts;
mod unsaid;

pub use citations::{SourceQuotes, by_source};
pub use json::{AskJson, SourceJson, SuggestionJson};
pub use list::{
    EntryList, ListKind, heading as list_heading, item_detail as list_item_detail,
    item_line as list_item_line,
};
pub use unsaid::Unsaid;

use crate::knowledge::{Entry, KnowledgeBase, Source};
use crate::lang::Lang;
use crate::matcher::{Decision, MatchResult, Matcher, Rewrite, layouts_to_try, retype};
use crate::smalltalk::{self, SmallTalk};

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
    /// The entry citing it, whose `as_of` says when the source reported its facts.
    pub entry: &'a Entry,
}

/// One entry's answer in a reply, with what backs it and what to offer next.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryAnswer<'a> {
    pub entry: &'a Entry,
    pub citations: Vec<Citation<'a>>,
    pub related: Vec<&'a Entry>,
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
    /// A question asking several things, each answered by its own entry (two or three).
    Several(Vec<EntryAnswer<'a>>),
    /// An overview from the structured records: each item one line, with the items' sources.
    List(EntryList<'a>),
    /// A plausible but uncertain match: entries to offer ("did you mean").
    Suggestions(Vec<&'a Entry>),
    /// A general-knowledge question the programme only touches ("what is biotechnology?"): the
    /// entries where the programme mentions the topic, offered, never answered.
    InProgramme(Vec<&'a Entry>),
    /// A greeting, thanks, goodbye or question about the bot.
    SmallTalk(SmallTalk),
    /// Nothing in the knowledge base answers this.
    Unknown,
}

impl ReplyKind<'_> {
    /// Whether the reply answers from the knowledge base (and so counts as answered).
    pub fn is_answer(&self) -> bool {
        matches!(
            self,
            ReplyKind::Answer { .. } | ReplyKind::Several(_) | ReplyKind::List(_)
        )
    }

    /// Whether the question should be logged as one the bot could not answer.
    pub fn is_miss(&self) -> bool {
        matches!(self, ReplyKind::Unknown)
    }
}

/// A reply in a language, with the matcher's verdict behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<'a> {
    pub lang: Lang,
    pub kind: ReplyKind<'a>,
    pub result: MatchResult,
    /// A detail the question asks for that the answering entries do not give ("which
    /// building?"): the reply says so before the answer.
    pub unsaid: Option<Unsaid>,
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

    /// Answers a question. The language is `forced` when given, else the one the reading implies
    /// (Russian typed on the English layout is Russian), else the question's script, else
    /// `fallback` (the chat's chosen language or the client's).
    pub fn reply(&self, question: &str, forced: Option<Lang>, fallback: Lang) -> Reply<'_> {
        let result = self.matcher.find(question);
        let lang = forced
            .or_else(|| result.lang())
            .or_else(|| Lang::detect(question))
            .unwrap_or(fallback);
        if let Some(talk) = self.small_talk(question) {
            let lang = forced.or(talk.lang).unwrap_or(lang);
            return Reply {
                lang,
                kind: ReplyKind::SmallTalk(talk.kind),
                result,
                unsaid: None,
            };
        }
        // A list or a question of several parts is recognised in the reading the matcher chose
        // (`kakie organizacii` as `какие организации`).
        let read = match result.rewrite {
            Rewrite::AsWritten => question.to_string(),
            _ => result
                .rewritten_text
                .clone()
                .unwrap_or_else(|| question.to_string()),
        };
        let read = read.as_str();
        if let Some(list) = list::plan(self, read) {
            return Reply {
                lang,
                kind: ReplyKind::List(list),
                result,
                unsaid: None,
            };
        }
        if let Some(several) = parts::answer_parts(self, read, &result) {
            return self.with_unsaid(read, lang, several, result);
        }
        let entries = |candidates: &[crate::matcher::Candidate]| -> Vec<&Entry> {
            candidates
                .iter()
                .map(|c| &self.kb.entries()[c.entry])
                .collect()
        };
        let kind = match result.decision {
            Decision::Answer => {
                let entry = &self.kb.entries()[result.candidates[0].entry];
                self.answer_for(entry)
            }
            Decision::Suggest if result.general => {
                ReplyKind::InProgramme(entries(result.suggestions()))
            }
            Decision::Suggest => ReplyKind::Suggestions(entries(result.suggestions())),
            Decision::Unknown => ReplyKind::Unknown,
        };
        self.with_unsaid(read, lang, kind, result)
    }

    /// The reply, noting the detail `question` asks for that its answer does not give.
    fn with_unsaid<'a>(
        &'a self,
        question: &str,
        lang: Lang,
        kind: ReplyKind<'a>,
        result: MatchResult,
    ) -> Reply<'a> {
        let answering: Vec<&Entry> = match &kind {
            ReplyKind::Answer { entry, .. } => vec![*entry],
            ReplyKind::Several(parts) => parts.iter().map(|p| p.entry).collect(),
            _ => Vec::new(),
        };
        Reply {
            lang,
            unsaid: unsaid::unsaid(question, &answering),
            kind,
            result,
        }
    }

    /// Small talk, as written (a message made only of small-talk phrases, even "до встречи"), or
    /// typed on the wrong keyboard layout (`Ghbdtn` is `Привет`, answered in Russian).
    fn small_talk(&self, question: &str) -> Option<smalltalk::Recognised> {
        smalltalk::recognise(question).or_else(|| {
            layouts_to_try(question).into_iter().find_map(|layout| {
                let talk = smalltalk::recognise(&retype(question, layout)?)?;
                Some(smalltalk::Recognised {
                    lang: Some(layout.intended()),
                    ..talk
                })
            })
        })
    }

    /// The answer for a known entry, as when a suggestion or topic button is tapped.
    pub fn answer_for<'a>(&'a self, entry: &'a Entry) -> ReplyKind<'a> {
        let EntryAnswer {
            entry,
            citations,
            related,
        } = self.entry_answer(entry);
        ReplyKind::Answer {
            entry,
            citations,
            related,
        }
    }

    /// An entry's answer with its citations and related entries.
    pub fn entry_answer<'a>(&'a self, entry: &'a Entry) -> EntryAnswer<'a> {
        EntryAnswer {
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
            unsaid: None,
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
                    entry,
                })
            })
            .collect()
    }
}

impl Reply<'_> {
    /// The line said before the answer when the question asks for a detail the answer does not
    /// give: "The report does not name the venue or give an address. What it does say:".
    pub fn unsaid_line(&self) -> Option<String> {
        let detail = self.unsaid?;
        let t = crate::i18n::texts(self.lang);
        Some(format!("{} {}", t.unsaid[detail.index()], t.unsaid_then))
    }

    /// The entries the reply answers with, the main one first (none for suggestions, small talk
    /// and "don't know").
    pub fn entries(&self) -> Vec<&Entry> {
        match &self.kind {
            ReplyKind::Answer { entry, .. } => vec![*entry],
            ReplyKind::Several(parts) => parts.iter().map(|p| p.entry).collect(),
            ReplyKind::List(list) => list.items.clone(),
            ReplyKind::Suggestions(_)
            | ReplyKind::InProgramme(_)
            | ReplyKind::SmallTalk(_)
            | ReplyKind::Unknown => Vec::new(),
        }
    }
}
