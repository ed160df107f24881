//! A source document's full text, as quotes are checked against it. A quote must be verbatim; the
//! only liberties are those a copy-paste takes: runs of whitespace are one space, and typographic
//! quotes, apostrophes and dashes are their plain forms (’ is ', “ is ", — is -). Everything else,
//! case and punctuation included, must match.

use std::ops::Range;

/// A source's text as published, with its folded form and the way back from a folded position to
/// the published one, so a found quote can be shown, and counted, where it really is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceText {
    text: String,
    /// The folded text, one char per folded char.
    folded: Vec<char>,
    /// For each folded char, the byte range of the published text it stands for.
    origin: Vec<Range<usize>>,
}

/// A passage of a source where a quote that is not in it comes closest, to show the curator what
/// the quote should have been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    /// The passage as published.
    pub passage: String,
    /// The passage, folded, with its first character that differs from the quote between `[` and
    /// `]` (`[]` at its end when the quote goes on further).
    pub marked: String,
    /// The word of the quote where the first difference is, to name it in the message.
    pub quote_word: String,
    /// The source's word at the same place.
    pub source_word: String,
    /// The 1-based line of the source text the passage starts on.
    pub line: usize,
}

/// One paragraph of a source: the unit `coop-bot sources` reports as covered or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The 1-based line it starts on.
    pub line: usize,
    /// Its byte range in the text.
    pub range: Range<usize>,
}

impl SourceText {
    /// Folds `text` once, for every quote to be looked up in it.
    pub fn new(text: String) -> SourceText {
        let mut folded = Vec::with_capacity(text.len());
        let mut origin: Vec<Range<usize>> = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            if c.is_whitespace() {
                match (folded.last(), origin.last_mut()) {
                    (Some(' '), Some(last)) => last.end = end,
                    _ => {
                        folded.push(' ');
                        origin.push(at..end);
                    }
                }
            } else {
                folded.push(fold_char(c));
                origin.push(at..end);
            }
        }
        SourceText {
            text,
            folded,
            origin,
        }
    }

    /// The text as published.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Where `quote` is in the text (its byte range as published), if it is there verbatim.
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        let quote = fold(quote);
        if quote.is_empty() || quote.len() > self.folded.len() {
            return None;
        }
        let start = self
            .folded
            .windows(quote.len())
            .position(|window| window == quote.as_slice())?;
        Some(self.origin[start].start..self.origin[start + quote.len() - 1].end)
    }

    /// The passage of the text closest to `quote` (fewest characters to add, remove or change),
    /// with the first difference marked; `None` for an empty quote or text.
    pub fn closest(&self, quote: &str) -> Option<Closest> {
        let quote = fold(quote);
        let (start, end) = best_alignment(&quote, &self.folded)?;
        let passage = &self.folded[start..end];
        let differs = quote
            .iter()
            .zip(passage)
            .position(|(q, p)| q != p)
            .unwrap_or(quote.len().min(passage.len()));
        let mut marked: String = passage[..differs].iter().collect();
        marked.push('[');
        if let Some(c) = passage.get(differs) {
            marked.push(*c);
        }
        marked.push(']');
        marked.extend(passage.iter().skip(differs + 1));
        let published = if start < end {
            &self.text[self.origin[start].start..self.origin[end - 1].end]
        } else {
            ""
        };
        Some(Closest {
            passage: published.to_string(),
            marked,
            quote_word: word_at(&quote, differs),
            source_word: word_at(passage, differs),
            line: self.line_of(self.origin.get(start).map_or(0, |r| r.start)),
        })
    }

    /// The 1-based line of a byte offset of the text.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// The text's paragraphs: blocks separated by blank lines, or, in a text with no blank line,
    /// its lines (a report pasted one paragraph per line).
    pub fn paragraphs(&self) -> Vec<Paragraph> {
        let lines: Vec<(usize, Range<usize>)> = self
            .text
            .split_inclusive('\n')
            .scan(0, |at, line| {
                let start = *at;
                *at += line.len();
                Some(start..start + line.trim_end().len())
            })
            .enumerate()
            .map(|(i, range)| (i + 1, range))
            .collect();
        let blank = |range: &Range<usize>| self.text[range.clone()].trim().is_empty();
        let blocks = lines.iter().any(|(_, range)| blank(range));
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        let mut open = false;
        for (line, range) in lines {
            if blank(&range) {
                open = false;
                continue;
            }
            match paragraphs.last_mut() {
                Some(last) if blocks && open => last.range.end = range.end,
                _ => paragraphs.push(Paragraph { line, range }),
            }
            open = true;
        }
        paragraphs
    }
}

/// The plain form of a typographic quote, apostrophe or dash; any other char as it is.
fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        other => other,
    }
}

/// A quote folded as the text is, without the whitespace at its ends.
fn fold(quote: &str) -> Vec<char> {
    let mut folded: Vec<char> = Vec::with_capacity(quote.len());
    for c in quote.trim().chars() {
        if c.is_whitespace() {
            if folded.last() != Some(&' ') {
                folded.push(' ');
            }
        } else {
            folded.push(fold_char(c));
        }
    }
    folded
}

/// The part of `text` closest to `quote` by edit distance (Sellers' algorithm: the passage may
/// start and end anywhere), as a char range; `None` when either is empty.
fn best_alignment(quote: &[char], text: &[char]) -> Option<(usize, usize)> {
    if quote.is_empty() || text.is_empty() {
        return None;
    }
    // Row i holds, for each end j in the text, the cost of aligning quote[..i] to a passage ending
    // at j, and where that passage starts.
    let mut previous: Vec<(usize, usize)> = (0..=text.len()).map(|j| (0, j)).collect();
    let mut current = vec![(0, 0); text.len() + 1];
    for (i, q) in quote.iter().enumerate() {
        current[0] = (i + 1, 0);
        for (j, t) in text.iter().enumerate() {
            let diagonal = (previous[j].0 + usize::from(q != t), previous[j].1);
            let skip_quote = (previous[j + 1].0 + 1, previous[j + 1].1);
            let skip_text = (current[j].0 + 1, current[j].1);
            current[j + 1] = [skip_quote, skip_text]
                .into_iter()
                .fold(
                    diagonal,
                    |best, other| if other.0 < best.0 { other } else { best },
                );
        }
        std::mem::swap(&mut previous, &mut current);
    }
    // Of the passages as close, the one nearest the quote's length: a changed word is then
    // shown whole, not cut off.
    let (end, (_, start)) = previous
        .iter()
        .enumerate()
        .skip(1)
        .min_by_key(|(end, (cost, start))| (*cost, (end - start).abs_diff(quote.len())))?;
    Some((*start, end))
}

/// The word of `chars` around position `at` (a char index, possibly its end).
fn word_at(chars: &[char], at: usize) -> String {
    let boundary = |c: &char| c.is_whitespace();
    let at = at.min(chars.len());
    let start = chars[..at]
        .iter()
        .rposition(boundary)
        .map_or(0, |space| space + 1);
    let end = chars[at..]
        .iter()
        .position(boundary)
        .map_or(chars.len(), |space| at + space);
    chars[start..end].iter().collect()
}

/// How many sentences a passage has: a full stop, question or exclamation mark ends one when a
/// word starting with a capital letter (or any letter in a script without capitals) follows, except
/// after an abbreviation ("St. Petersburg", "Mr. Jalali") or an initial ("A. Bezrukov").
pub fn sentences(passage: &str) -> usize {
    let words: Vec<&str> = passage.split_whitespace().collect();
    if words.is_empty() {
        return 0;
    }
    let ends = words
        .windows(2)
        .filter(|pair| ends_sentence(pair[0]) && starts_sentence(pair[1]))
        .count();
    ends + 1
}

/// Words after which a full stop does not end a sentence, lower-case, without the final stop.
const ABBREVIATIONS: &[&str] = &[
    "st", "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "no", "nos", "vs", "e.g", "i.e", "inc",
    "ltd", "co", "corp", "gen", "col", "lt", "gov", "sen", "rep", "u.s", "u.k", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "г", "гг",
    "ул", "им", "т.е", "т.д", "т.п", "др", "проф", "акад", "см", "тыс", "млн", "млрд",
];

fn ends_sentence(word: &str) -> bool {
    let word = word.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    if word.ends_with(['!', '?', '؟', '…']) {
        return true;
    }
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    let stem = stem.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[']);
    let lower = stem.to_lowercase();
    let initial = stem.chars().count() == 1 && stem.chars().all(char::is_uppercase);
    !(initial || ABBREVIATIONS.contains(&lower.as_str()))
}

fn starts_sentence(word: &str) -> bool {
    word.trim_start_matches(['"', '\'', '“', '‘', '«', '(', '[', '-', '—'])
        .chars()
        .next()
        .is_some_and(|c| !c.is_lowercase() && (c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Title line\nAccording to Kazem Jalali, Iran’s ambassador to Russia, the meeting aims high.\n- Cybersecurity Relations: Strengthening  cybersecurity relations will be a key focus area.\n";

    fn text() -> SourceText {
        SourceText::new(TEXT.to_string())
    }

    #[test]
    fn a_verbatim_quote_is_found_where_it_is_published() {
        let found = text()
            .find("Strengthening cybersecurity relations")
            .expect("found");
        assert_eq!(&TEXT[found], "Strengthening  cybersecurity relations");
    }

    #[test]
    fn whitespace_quotes_and_dashes_are_the_only_liberties() {
        let text = text();
        assert!(text.find("Iran's ambassador to Russia").is_some());
        assert!(text.find("  Title\n line ").is_some());
        assert!(text.find("— Cybersecurity").is_some());
        assert!(text.find("iran’s ambassador").is_none(), "case counts");
        assert!(text.find("Iran’s ambassador to Russia.").is_none());
    }

    #[test]
    fn the_closest_passage_marks_the_first_difference_and_names_both_words() {
        let closest = text().closest("the meeting aims wide.").expect("a passage");
        assert_eq!(closest.marked, "the meeting aims [h]igh.");
        assert_eq!(closest.quote_word, "wide.");
        assert_eq!(closest.source_word, "high.");
        assert_eq!(closest.passage, "the meeting aims high.");
        assert_eq!(closest.line, 2);
    }

    #[test]
    fn a_text_without_blank_lines_has_a_paragraph_per_line() {
        let lines: Vec<usize> = text().paragraphs().iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn blank_lines_separate_paragraphs_when_there_are_any() {
        let text = SourceText::new("one\nstill one\n\n\ntwo\n".to_string());
        let paragraphs = text.paragraphs();
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(
            &text.as_str()[paragraphs[0].range.clone()],
            "one\nstill one"
        );
        assert_eq!(paragraphs[1].line, 5);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_a_sentence() {
        assert_eq!(
            sentences("Agreements were reached with St. Petersburg University and A. Bezrukov."),
            1
        );
        assert_eq!(sentences("One. Two! «Three?» Four."), 4);
        assert_eq!(sentences("It ends here. and goes on in lower case."), 1);
        assert_eq!(sentences(""), 0);
    }
}
