//! Replies as Telegram HTML. Every dynamic string goes through teloxide's `html::escape`. The
//! sources of a reply are one expandable blockquote after it (Telegram allows no blockquote inside
//! another), each source named once above its quotes, so a phone shows the answer and the first
//! line of its sources until the user expands them. Long replies are split under Telegram's
//! 4,096-character limit without cutting an element open.

use teloxide::utils::html;

use crate::answer::{self, Citation, EntryAnswer, EntryList, SourceQuotes};
use crate::dates::Date;
use crate::freshness;
use crate::i18n::smalltalk_text;
use crate::i18n::texts;
use crate::knowledge::Entry;
use crate::lang::Lang;
use crate::smalltalk::SmallTalk;

/// Telegram's limit on one message's text.
pub const MESSAGE_LIMIT: usize = 4096;

/// An entry's reply: the direct answer in bold when the entry has one, the answer, the event's
/// date in the right tense against `today`, then its sources.
pub fn answer_html(entry: &Entry, citations: &[Citation<'_>], lang: Lang, today: Date) -> String {
    let mut out = String::new();
    if let Some(short) = &entry.short {
        out.push_str(&html::bold(&html::escape(short.get(lang))));
        out.push('\n');
    }
    out.push_str(&entry_html(entry, lang, today));
    out.push_str("\n\n");
    out.push_str(&sources_html(citations, lang));
    out
}

/// An entry's answer, and the event's date in italics when it is about a dated event.
fn entry_html(entry: &Entry, lang: Lang, today: Date) -> String {
    let mut out = html::escape(entry.answer.get(lang));
    if let Some(line) = freshness::event_line(entry, today, lang) {
        out.push_str("\n\n");
        out.push_str(&html::italic(&html::escape(&line)));
    }
    out
}

/// A question asking several things: each entry's answer under its title (and its direct answer),
/// then the sources of them all, each named once.
pub fn several_html(parts: &[EntryAnswer<'_>], lang: Lang, today: Date) -> String {
    let mut answers: Vec<String> = parts
        .iter()
        .map(|part| {
            let title = part.entry.title.get(lang);
            let heading = match &part.entry.short {
                Some(short) => format!("{title}: {}", short.get(lang)),
                None => title.clone(),
            };
            format!(
                "{}\n{}",
                html::bold(&html::escape(&heading)),
                entry_html(part.entry, lang, today)
            )
        })
        .collect();
    let citations: Vec<Citation<'_>> = parts
        .iter()
        .flat_map(|p| p.citations.iter().copied())
        .collect();
    answers.push(sources_html(&citations, lang));
    answers.join("\n\n")
}

/// An overview: what is listed, one line per item (its buttons follow), then the items' sources.
pub fn list_html(list: &EntryList<'_>, lang: Lang) -> String {
    let mut out = html::bold(&html::escape(&answer::list_heading(list, lang)));
    for item in &list.items {
        out.push('\n');
        out.push_str(&html::escape(&answer::list_item_line(item, lang)));
    }
    out.push_str("\n\n");
    out.push_str(&sources_html(&list.citations, lang));
    out
}

/// The sources block: one expandable blockquote with, for each source, the line that says where
/// and when it was reported (the title linked when there is a URL) and then its quotes.
pub fn sources_html(citations: &[Citation<'_>], lang: Lang) -> String {
    let mut out = format!(
        "<blockquote expandable>{}",
        html::bold(&html::escape(texts(lang).sources))
    );
    for SourceQuotes {
        source,
        reported_on,
        quotes,
    } in answer::by_source(citations)
    {
        let title = html::escape(&source.title);
        let title = match &source.url {
            Some(url) => html::link(url, &title),
            None => title,
        };
        out.push('\n');
        out.push_str(&freshness::reported_in(
            &title,
            reported_on,
            lang,
            html::escape,
        ));
        for quote in quotes {
            out.push_str(&format!("\n“{}”", html::escape(quote)));
        }
    }
    out.push_str("</blockquote>");
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

/// A text's length as Telegram counts it against its limits: in UTF-16 code units (an emoji
/// outside the Basic Multilingual Plane counts two).
fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Splits a reply into messages of at most `limit` characters (UTF-16 code units, as Telegram
/// counts), between paragraphs where possible,
/// then between lines, then between words. No cut falls inside a tag or an entity, and a cut
/// inside an element (the sources blockquote, a bold line) closes it there and opens it again at
/// the start of the next message, so every message is valid HTML on its own.
pub fn split_message(text: &str, limit: usize) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for paragraph in paragraphs(text) {
        for piece in fit(paragraph, limit) {
            let joined = if current.is_empty() { 0 } else { 2 };
            if units(&current) + joined + units(&piece) > limit && !current.is_empty() {
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

/// The text's paragraphs: its parts between blank lines that are outside every element (a blank
/// line inside the sources blockquote does not end it).
fn paragraphs(text: &str) -> Vec<&str> {
    let mut paragraphs = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, token) in tokens(text) {
        match token {
            Token::Open { .. } => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Text(_) => {}
        }
        if depth == 0 && text[at..].starts_with("\n\n") && at >= start {
            paragraphs.push(&text[start..at]);
            start = at + 2;
        }
    }
    paragraphs.push(&text[start.min(text.len())..]);
    paragraphs
}

/// A piece of HTML that is never cut: a tag, an entity, or one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// An opening tag, with the name its closing tag has.
    Open {
        name: &'a str,
    },
    Close,
    Text(&'a str),
}

/// The tokens of `text`, each with its byte offset and its text.
fn tokens(text: &str) -> Vec<(usize, Token<'_>)> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let (token, length) = match c {
            // A tag starts with a name or `/`; any other `<` is text (escaped text has none).
            '<' if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
                && rest.contains('>') =>
            {
                let length = rest.find('>').map_or(1, |end| end + 1);
                let tag = &rest[..length];
                let token = if tag.starts_with("</") {
                    Token::Close
                } else {
                    let name = tag[1..]
                        .split(|c: char| c.is_whitespace() || c == '>')
                        .next()
                        .unwrap_or_default();
                    Token::Open { name }
                };
                (token, length)
            }
            '&' => match rest.find(';').filter(|&end| end <= 10) {
                Some(end) => (Token::Text(&rest[..=end]), end + 1),
                None => (Token::Text(&rest[..1]), 1),
            },
            c => (Token::Text(&rest[..c.len_utf8()]), c.len_utf8()),
        };
        tokens.push((at, token));
        at += length;
    }
    tokens
}

/// Cuts one paragraph into pieces of at most `limit` characters: at the last line break past half
/// the limit, else at the last space, else anywhere between two tokens; the elements open at a cut
/// are closed in the piece and opened again in the next one.
fn fit(paragraph: &str, limit: usize) -> Vec<String> {
    if units(paragraph) <= limit {
        return vec![paragraph.to_string()];
    }
    let tokens = tokens(paragraph);
    let text_of = |i: usize| {
        let start = tokens[i].0;
        let end = tokens.get(i + 1).map_or(paragraph.len(), |t| t.0);
        &paragraph[start..end]
    };
    let closing = |open: &[(&str, &str)]| -> String {
        open.iter()
            .rev()
            .map(|(name, _)| format!("</{name}>"))
            .collect()
    };
    let mut pieces = Vec::new();
    // The elements open where the next piece starts: (name, opening tag).
    let mut open: Vec<(&str, &str)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let reopen: String = open.iter().map(|(_, tag)| *tag).collect();
        let mut stack = open.clone();
        let mut length = units(&reopen);
        let (mut at_line, mut at_space, mut anywhere) = (None, None, None);
        let mut j = i;
        while j < tokens.len() {
            let mut next = stack.clone();
            match tokens[j].1 {
                Token::Open { name } => next.push((name, text_of(j))),
                Token::Close => {
                    next.pop();
                }
                Token::Text(_) => {}
            }
            let next_length = length + units(text_of(j));
            if next_length + units(&closing(&next)) > limit {
                break;
            }
            (stack, length) = (next, next_length);
            j += 1;
            if let Token::Text(text) = tokens[j - 1].1 {
                let cut = Some((j, stack.clone()));
                match text {
                    "\n" if length * 2 >= limit => at_line = cut,
                    " " | "\n" => at_space = cut,
                    _ => anywhere = cut,
                }
            }
        }
        if j == tokens.len() {
            pieces.push(reopen + &paragraph[tokens[i].0..]);
            break;
        }
        let (mut end, mut at_end) = match at_line.or(at_space).or(anywhere) {
            Some(cut) => cut,
            // Not even one token fits after the elements to reopen: take it anyway, to go on.
            None => (i + 1, stack),
        };
        // Closing tags right after the cut end their element here rather than in an empty one.
        while end < tokens.len() && tokens[end].1 == Token::Close {
            at_end.pop();
            end += 1;
        }
        let body_end = tokens.get(end).map_or(paragraph.len(), |t| t.0);
        pieces.push(reopen + &paragraph[tokens[i].0..body_end] + &closing(&at_end));
        open = at_end;
        i = end;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `&` of `part` begins a whole entity, and no part begins inside one.
    fn entities_whole(part: &str) -> bool {
        part.match_indices('&').all(|(at, _)| {
            let rest = &part[at..];
            ["&lt;", "&gt;", "&amp;", "&quot;", "&#39;"]
                .iter()
                .any(|e| rest.starts_with(e))
        }) && !["amp;", "lt;", "gt;", "quot;"]
            .iter()
            .any(|e| part.starts_with(e) || part.contains(&format!(">{e}")))
    }

    #[test]
    fn a_long_run_of_entities_is_cut_only_between_them() {
        let text = html::code_block(&"<&>".repeat(1300));
        let parts = split_message(&text, MESSAGE_LIMIT);
        assert!(parts.len() >= 4, "{}", parts.len());
        for part in &parts {
            assert!(part.chars().count() <= MESSAGE_LIMIT);
            assert!(entities_whole(part), "{part}");
        }
        let plain = html::escape(&"<&> ".repeat(1300));
        for part in split_message(&plain, MESSAGE_LIMIT) {
            assert!(entities_whole(&part), "{part}");
        }
    }

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
    fn limits_count_utf16_units_as_telegram_does() {
        let emoji = "😀 ".repeat(2000);
        let parts = split_message(&emoji, MESSAGE_LIMIT);
        assert!(parts.len() >= 2, "{}", parts.len());
        assert!(parts.iter().all(|p| units(p) <= MESSAGE_LIMIT));
    }

    /// Whether every element opened in `part` is closed in it, in order.
    fn balanced(part: &str) -> bool {
        let mut open: Vec<&str> = Vec::new();
        for (_, token) in tokens(part) {
            match token {
                Token::Open { name } => open.push(name),
                Token::Close if open.pop().is_none() => return false,
                _ => {}
            }
        }
        open.is_empty()
    }

    fn long_sources_block(quotes: usize) -> String {
        let quote = "“A verbatim passage of the report, long enough to take a line.”\n";
        format!(
            "The answer.\n\n<blockquote expandable><b>Sources</b>\nAs reported in “<a href=\"https://example.org/report\">The report</a>”.\n{}</blockquote>",
            quote.repeat(quotes)
        )
    }

    #[test]
    fn a_sources_block_cut_by_the_limit_is_closed_and_opened_again() {
        let text = long_sources_block(120);
        let parts = split_message(&text, 1000);
        assert!(parts.len() > 1);
        for (i, part) in parts.iter().enumerate() {
            assert!(part.chars().count() <= 1000, "part {i} is too long");
            assert!(balanced(part), "part {i} leaves an element open: {part}");
            if i > 0 {
                assert!(part.starts_with("<blockquote expandable>"), "{part}");
            }
        }
        let quotes: usize = parts
            .iter()
            .map(|p| p.matches("A verbatim passage").count())
            .sum();
        assert_eq!(quotes, 120, "nothing is lost");
    }

    #[test]
    fn a_sources_block_that_fits_stays_in_one_message() {
        let text = long_sources_block(3);
        assert_eq!(split_message(&text, 4096), vec![text]);
    }

    #[test]
    fn a_blank_line_inside_an_element_does_not_end_a_paragraph() {
        assert_eq!(
            paragraphs("a\n\n<blockquote>b\n\nc</blockquote>\n\nd"),
            ["a", "<blockquote>b\n\nc</blockquote>", "d"]
        );
    }

    #[test]
    fn no_cut_falls_inside_a_tag_or_an_entity() {
        let text = "<a href=\"https://example.org/a b\">Tom &amp; Jerry</a> ".repeat(60);
        for part in split_message(&text, 200) {
            assert!(balanced(&part), "{part}");
            assert_eq!(
                part.matches('<').count(),
                part.matches('>').count(),
                "{part}"
            );
            assert_eq!(
                part.matches('&').count(),
                part.matches("&amp;").count(),
                "{part}"
            );
        }
    }

    #[test]
    fn unknown_text_is_escaped() {
        assert!(!unknown_html(Lang::En).contains("<script"));
    }
}
