//! Replies as Telegram HTML. Every dynamic string goes through teloxide's `html::escape`, and long
//! replies are split on paragraph boundaries under Telegram's 4,096-character limit.

use teloxide::utils::html;

use crate::answer::{self, Citation, EntryAnswer, EntryList};
use crate::dates::Date;
use crate::freshness;
use crate::i18n::smalltalk_text;
use crate::i18n::texts;
use crate::knowledge::Entry;
use crate::lang::Lang;
use crate::smalltalk::SmallTalk;

/// Telegram's limit on one message's text.
pub const MESSAGE_LIMIT: usize = 4096;

/// An entry's answer, how current it is (the event's date in the right tense against `today`, and
/// the report it comes from), then its sources: title (linked when there is a URL), date, and the
/// verbatim quote.
pub fn answer_html(entry: &Entry, citations: &[Citation<'_>], lang: Lang, today: Date) -> String {
    let t = texts(lang);
    let mut out = html::escape(entry.answer.get(lang));
    let notes = freshness::notes(entry, citations.first().map(|c| c.source), today, lang);
    if !notes.is_empty() {
        out.push_str("\n\n");
        out.push_str(&html::italic(&html::escape(&notes.join("\n"))));
    }
    out.push_str("\n\n");
    out.push_str(&html::bold(&html::escape(t.sources)));
    for citation in citations {
        let source = citation.source;
        let title = html::escape(&source.title);
        let title = match &source.url {
            Some(url) => html::link(url, &title),
            None => html::italic(&title),
        };
        let date = html::escape(source.date.as_deref().unwrap_or(t.source_undated));
        out.push_str(&format!("\n• {title} ({date})\n"));
        out.push_str(&html::blockquote(&html::escape(citation.quote)));
    }
    out
}

/// A question asking several things: each entry's answer under its title, with its own sources.
pub fn several_html(parts: &[EntryAnswer<'_>], lang: Lang, today: Date) -> String {
    let answers: Vec<String> = parts
        .iter()
        .map(|part| {
            format!(
                "{}\n{}",
                html::bold(&html::escape(part.entry.title.get(lang))),
                answer_html(part.entry, &part.citations, lang, today)
            )
        })
        .collect();
    answers.join("\n\n")
}

/// An overview: what is listed, one line per item (its buttons follow), then the items' sources.
pub fn list_html(list: &EntryList<'_>, lang: Lang) -> String {
    let t = texts(lang);
    let mut out = html::bold(&html::escape(&answer::list_heading(list, lang)));
    for item in &list.items {
        out.push('\n');
        out.push_str(&html::escape(&answer::list_item_line(item, lang)));
    }
    let mut sources: Vec<&crate::knowledge::Source> = Vec::new();
    for citation in &list.citations {
        if !sources.iter().any(|s| s.id == citation.source.id) {
            sources.push(citation.source);
        }
    }
    out.push_str("\n\n");
    out.push_str(&html::bold(&html::escape(t.sources)));
    for source in sources {
        let title = html::escape(&source.title);
        let title = match &source.url {
            Some(url) => html::link(url, &title),
            None => html::italic(&title),
        };
        let date = html::escape(source.date.as_deref().unwrap_or(t.source_undated));
        out.push_str(&format!("\n• {title} ({date})"));
    }
    out
}

/// The friendly reply to small talk (example questions follow as buttons).
pub fn smalltalk_html(kind: SmallTalk, lang: Lang) -> String {
    html::escape(smalltalk_text(kind, lang))
}

/// The honest "don't know", with what the bot can answer.
pub fn unknown_html(lang: Lang) -> String {
    let t = texts(lang);
    format!(
        "{}\n\n{}",
        html::escape(t.dont_know),
        html::escape(t.dont_know_hint)
    )
}

/// Splits a reply into messages of at most `limit` characters, between paragraphs where possible,
/// then between lines, then between words; a paragraph is never cut inside an HTML tag it opened.
pub fn split_message(text: &str, limit: usize) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for paragraph in text.split("\n\n") {
        for piece in fit(paragraph, limit) {
            let joined = if current.is_empty() { 0 } else { 2 };
            if current.chars().count() + joined + piece.chars().count() > limit
                && !current.is_empty()
            {
                parts.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push_str("\n\n");
            }
            current.push_str(&piece);
        }
    }
    if !current.trim().is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
}

/// Cuts one paragraph into pieces of at most `limit` characters at line, then word, then character
/// boundaries.
fn fit(paragraph: &str, limit: usize) -> Vec<String> {
    if paragraph.chars().count() <= limit {
        return vec![paragraph.to_string()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for word in paragraph.split_inclusive(['\n', ' ']) {
        if current.chars().count() + word.chars().count() > limit && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        if word.chars().count() > limit {
            let chars: Vec<char> = word.chars().collect();
            for chunk in chars.chunks(limit) {
                pieces.push(chunk.iter().collect());
            }
            continue;
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_replies_stay_whole() {
        assert_eq!(split_message("a\n\nb", 4096), vec!["a\n\nb"]);
    }

    #[test]
    fn long_replies_split_between_paragraphs() {
        let paragraph = "x".repeat(3000);
        let text = format!("{paragraph}\n\n{paragraph}\n\n{paragraph}");
        let parts = split_message(&text, 4096);
        assert_eq!(parts.len(), 3);
        assert!(
            parts
                .iter()
                .all(|p| p.chars().count() <= 4096 && !p.contains("\n\n"))
        );
    }

    #[test]
    fn a_giant_paragraph_is_cut_at_words() {
        let text = "word ".repeat(2000);
        let parts = split_message(&text, 4096);
        assert!(parts.len() >= 3);
        assert!(parts.iter().all(|p| p.chars().count() <= 4096));
        assert_eq!(parts.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let persian = "پ".repeat(4000);
        assert_eq!(split_message(&persian, 4096).len(), 1);
    }

    #[test]
    fn unknown_text_is_escaped() {
        assert!(!unknown_html(Lang::En).contains("<script"));
    }
}
