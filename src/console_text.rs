//! Plain-text rendering of replies for the console (`ask`, `chat`). The bot renders Telegram HTML in
//! `bot::telegram_html`; both take their words from `i18n`.

use std::fmt::Write;

use crate::answer::{self, Citation, Reply, ReplyKind, SourceQuotes};
use crate::dates::Date;
use crate::freshness;
use crate::i18n::{smalltalk_text, texts};
use crate::knowledge::{Entry, Kind, KnowledgeBase};
use crate::lang::Lang;

/// A reply as a person reads it in a terminal: the direct answer first when the entry has one, the
/// answer, its sources (each named once, then its quotes) and related entries; or the numbered
/// suggestions; or an honest "don't know" with what the bot can answer.
pub fn reply_text(reply: &Reply<'_>, kb: &KnowledgeBase) -> String {
    let t = texts(reply.lang);
    let mut out = String::new();
    if let Some(line) = reply.unsaid_line() {
        let _ = writeln!(out, "{line}");
    }
    match &reply.kind {
        ReplyKind::Answer {
            entry,
            citations,
            related,
        } => {
            if let Some(short) = &entry.short {
                let _ = writeln!(out, "{}", short.get(reply.lang));
            }
            out.push_str(&answer_text(entry, reply.lang));
            out.push('\n');
            out.push_str(&citations_text(citations, reply.lang));
            if !related.is_empty() {
                let titles: Vec<&str> = related
                    .iter()
                    .map(|e| e.title.get(reply.lang).as_str())
                    .collect();
                let _ = writeln!(out, "\n{}: {}", t.see_also, titles.join(" · "));
            }
        }
        ReplyKind::Several(parts) => {
            for part in parts {
                let title = part.entry.title.get(reply.lang);
                let heading = match &part.entry.short {
                    Some(short) => format!("{title}: {}", short.get(reply.lang)),
                    None => title.clone(),
                };
                let _ = writeln!(out, "## {heading}");
                out.push_str(&answer_text(part.entry, reply.lang));
                out.push('\n');
            }
            let citations: Vec<Citation<'_>> = parts
                .iter()
                .flat_map(|p| p.citations.iter().copied())
                .collect();
            out.push_str(&citations_text(&citations, reply.lang));
        }
        ReplyKind::List(list) => {
            let _ = writeln!(out, "{}:", answer::list_heading(list, reply.lang));
            for item in &list.items {
                let _ = writeln!(out, "  {}", answer::list_item_line(item, reply.lang));
            }
            out.push('\n');
            out.push_str(&citations_text(&list.citations, reply.lang));
        }
        ReplyKind::Suggestions(entries) | ReplyKind::InProgramme(entries) => {
            let intro = match reply.kind {
                ReplyKind::InProgramme(_) => t.in_programme,
                _ => t.did_you_mean,
            };
            let _ = writeln!(out, "{intro}");
            for (i, entry) in entries.iter().enumerate() {
                let _ = writeln!(out, "  {}. {}", i + 1, entry.title.get(reply.lang));
            }
        }
        ReplyKind::SmallTalk(kind) => {
            let _ = writeln!(out, "{}", smalltalk_text(*kind, reply.lang));
            for (i, example) in t.examples.iter().enumerate() {
                let _ = writeln!(out, "  {}. {example}", i + 1);
            }
        }
        ReplyKind::Unknown => {
            let _ = writeln!(out, "{}\n\n{}", t.dont_know, t.dont_know_hint);
            out.push('\n');
            out.push_str(&topics_text(kb, reply.lang));
        }
    }
    out
}

/// An entry's answer and, when it is about a dated event, that date in the right tense.
fn answer_text(entry: &Entry, lang: Lang) -> String {
    let mut out = format!("{}\n", entry.answer.get(lang));
    if let Some(line) = freshness::event_line(entry, Date::today(), lang) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The sources under an answer, each named once ("As reported in “…”", with its date and URL),
/// then the verbatim passages quoted from it.
pub fn citations_text(citations: &[Citation<'_>], lang: Lang) -> String {
    let groups = answer::by_source(citations);
    let mut out = format!("{}:\n", texts(lang).sources);
    for SourceQuotes {
        source,
        reported_on,
        quotes,
    } in groups
    {
        let line = freshness::reported_in(&source.title, reported_on, lang, str::to_string);
        let _ = writeln!(out, "  {line}");
        if let Some(url) = &source.url {
            let _ = writeln!(out, "  {url}");
        }
        for quote in quotes {
            let _ = writeln!(out, "    “{quote}”");
        }
    }
    out
}

/// The topics overview: each kind with its entries' titles.
pub fn topics_text(kb: &KnowledgeBase, lang: Lang) -> String {
    let t = texts(lang);
    let mut out = format!("{}:\n", t.topics);
    for kind in Kind::ALL {
        let titles: Vec<&str> = kb
            .entries_of(kind)
            .map(|e| e.title.get(lang).as_str())
            .collect();
        if !titles.is_empty() {
            let _ = writeln!(out, "  {}: {}", t.kind(kind), titles.join(" · "));
        }
    }
    out
}
