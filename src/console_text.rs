//! Plain-text rendering of replies for the console (`ask`, `chat`). The bot renders Telegram HTML in
//! `bot::telegram_html`; both take their words from `i18n`.

use std::fmt::Write;

use crate::answer::{self, Citation, Reply, ReplyKind};
use crate::dates::Date;
use crate::freshness;
use crate::i18n::{smalltalk_text, texts};
use crate::knowledge::{Kind, KnowledgeBase};
use crate::lang::Lang;

/// A reply as a person reads it in a terminal: the answer, its sources and related entries; or the
/// numbered suggestions; or an honest "don't know" with what the bot can answer.
pub fn reply_text(reply: &Reply<'_>, kb: &KnowledgeBase) -> String {
    let t = texts(reply.lang);
    let mut out = String::new();
    match &reply.kind {
        ReplyKind::Answer {
            entry,
            citations,
            related,
        } => {
            let _ = writeln!(out, "{}", entry.answer.get(reply.lang));
            let source = citations.first().map(|c| c.source);
            for note in freshness::notes(entry, source, Date::today(), reply.lang) {
                let _ = writeln!(out, "{note}");
            }
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
                let _ = writeln!(out, "## {}", part.entry.title.get(reply.lang));
                let _ = writeln!(out, "{}", part.entry.answer.get(reply.lang));
                let source = part.citations.first().map(|c| c.source);
                for note in freshness::notes(part.entry, source, Date::today(), reply.lang) {
                    let _ = writeln!(out, "{note}");
                }
                out.push('\n');
                out.push_str(&citations_text(&part.citations, reply.lang));
                out.push('\n');
            }
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

/// The source lines under an answer: title (and URL when known), then the verbatim quote.
pub fn citations_text(citations: &[Citation<'_>], lang: Lang) -> String {
    let t = texts(lang);
    let mut out = format!("{}:\n", t.sources);
    for citation in citations {
        let source = citation.source;
        let date = source.date.as_deref().unwrap_or(t.source_undated);
        let _ = write!(out, "  • {} ({date})", source.title);
        if let Some(url) = &source.url {
            let _ = write!(out, " {url}");
        }
        let _ = writeln!(out, "\n    “{}”", citation.quote);
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
