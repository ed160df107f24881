//! How old the facts are and when the events happen: "as reported in …" (the line that heads a
//! source's quotes under an answer), a meeting told in the right tense against today's date, the
//! year left unsaid when the source does not give it, and the list of entries due for review.
//! Plain text; the bot escapes it for HTML.

use crate::dates::Date;
use crate::i18n::{fill, texts};
use crate::knowledge::{Details, Entry, KnowledgeBase, ReportedDate};
use crate::lang::Lang;

/// Where an event with a known year stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    Past,
    Now,
    Upcoming,
}

/// The date of the meeting or agreement an entry is about, when the source gives at least a month.
pub fn event_date(entry: &Entry) -> Option<&ReportedDate> {
    let date = match &entry.details {
        Details::Meeting(meeting) => meeting.date.as_ref(),
        Details::Agreement(agreement) => agreement.date.as_ref(),
        _ => None,
    }?;
    date.month.is_some().then_some(date)
}

/// Where the event stands against `today`; `None` without a year (or month), since then it
/// cannot be told.
pub fn timing(date: &ReportedDate, today: Date) -> Option<Timing> {
    let year = date.year?;
    let month = date.month?;
    let first = date.day_from.unwrap_or(1);
    let start = Date::new(year, month, first)?;
    let end = match date.day_to.or(date.day_from) {
        Some(day) => Date::new(year, month, day)?,
        None => last_of_month(year, month)?,
    };
    Some(if today < start {
        Timing::Upcoming
    } else if today > end {
        Timing::Past
    } else {
        Timing::Now
    })
}

fn last_of_month(year: i32, month: u8) -> Option<Date> {
    (28..=31).rev().find_map(|day| Date::new(year, month, day))
}

/// The event's date in words, in the right tense when the year is known, or saying the year was
/// not given.
pub fn event_line(entry: &Entry, today: Date, lang: Lang) -> Option<String> {
    let date = event_date(entry)?;
    let t = texts(lang);
    let written = format_date(date, lang)?;
    let template = match timing(date, today) {
        Some(Timing::Past) => t.event_past,
        Some(Timing::Now) => t.event_now,
        Some(Timing::Upcoming) => t.event_upcoming,
        None => t.event_year_unknown,
    };
    Some(fill(template, &[("date", &written)]))
}

/// The day the entry's facts were reported: its `as_of`, which staff set from the source's date.
pub fn reported_on(entry: &Entry) -> Option<Date> {
    entry.as_of.as_deref().and_then(Date::parse_iso)
}

/// `As reported in “<title>” on <date>.`, or that the report is undated: the line that names a
/// source once above its quotes. `title` goes in as given (plain, or a link the caller made);
/// the rest of the sentence goes through `escape` (nothing for plain text, HTML escaping for
/// Telegram).
pub fn reported_in(
    title: &str,
    reported_on: Option<Date>,
    lang: Lang,
    escape: impl Fn(&str) -> String,
) -> String {
    let t = texts(lang);
    match reported_on {
        Some(date) => {
            let written = format_date(
                &ReportedDate {
                    day_from: Some(date.day),
                    day_to: None,
                    month: Some(date.month),
                    year: Some(date.year),
                },
                lang,
            )
            .unwrap_or_else(|| date.to_string());
            fill(
                &escape(t.reported_in),
                &[("source", title), ("date", &escape(&written))],
            )
        }
        None => fill(&escape(t.reported_in_undated), &[("source", title)]),
    }
}

/// A reported date in words: "6–7 December 2025", "6–7 декабря", "۶ تا ۷ دسامبر". `None` without a
/// month.
pub fn format_date(date: &ReportedDate, lang: Lang) -> Option<String> {
    let month = date.month?;
    let name = texts(lang).months.get(usize::from(month).checked_sub(1)?)?;
    let days = match (date.day_from, date.day_to) {
        (Some(from), Some(to)) if to != from => match lang {
            Lang::Fa => Some(format!("{from} تا {to}")),
            _ => Some(format!("{from}–{to}")),
        },
        (Some(day), _) | (None, Some(day)) => Some(day.to_string()),
        (None, None) => None,
    };
    let text = match (days, date.year, lang) {
        (Some(days), Some(year), Lang::Ru) => format!("{days} {name} {year} г."),
        (Some(days), Some(year), _) => format!("{days} {name} {year}"),
        (Some(days), None, _) => format!("{days} {name}"),
        // A month alone: Russian month names here are genitive, so write it in figures.
        (None, Some(year), Lang::Ru) => format!("{month:02}.{year}"),
        (None, Some(year), _) => format!("{name} {year}"),
        (None, None, Lang::Ru) => format!("{month:02}"),
        (None, None, _) => name.to_string(),
    };
    Some(match lang {
        Lang::Fa => persian_digits(&text),
        _ => text,
    })
}

fn persian_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x06F0 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// An entry due for review and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale<'a> {
    pub entry: &'a Entry,
    /// When its facts were reported; `None` when no date is known.
    pub reported_on: Option<Date>,
    /// Days since then.
    pub age_days: Option<i64>,
}

/// Entries whose facts were reported more than `days` days before `today`, or have no date at all,
/// oldest (and undated) first.
pub fn stale_entries(kb: &KnowledgeBase, today: Date, days: u32) -> Vec<Stale<'_>> {
    let mut stale: Vec<Stale<'_>> = kb
        .entries()
        .iter()
        .filter_map(|entry| {
            let reported_on = reported_on(entry);
            let age_days = reported_on.map(|date| today.days() - date.days());
            let due = age_days.is_none_or(|age| age > i64::from(days));
            due.then_some(Stale {
                entry,
                reported_on,
                age_days,
            })
        })
        .collect();
    stale.sort_by_key(|s| (s.reported_on, s.entry.id.clone()));
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day_from: u8, day_to: u8, month: u8, year: Option<i32>) -> ReportedDate {
        ReportedDate {
            day_from: Some(day_from),
            day_to: Some(day_to),
            month: Some(month),
            year,
        }
    }

    fn day(text: &str) -> Date {
        Date::parse_iso(text).expect("valid date")
    }

    #[test]
    fn an_event_with_a_year_is_past_now_or_upcoming() {
        let december = date(6, 7, 12, Some(2026));
        assert_eq!(timing(&december, day("2026-11-25")), Some(Timing::Upcoming));
        assert_eq!(timing(&december, day("2026-12-07")), Some(Timing::Now));
        assert_eq!(timing(&december, day("2026-12-08")), Some(Timing::Past));
    }

    #[test]
    fn an_event_without_a_year_has_no_tense() {
        assert_eq!(timing(&date(6, 7, 12, None), day("2026-11-25")), None);
    }

    #[test]
    fn dates_are_written_in_each_language() {
        let with_year = date(6, 7, 12, Some(2025));
        assert_eq!(
            format_date(&with_year, Lang::En).as_deref(),
            Some("6–7 December 2025")
        );
        assert_eq!(
            format_date(&with_year, Lang::Ru).as_deref(),
            Some("6–7 декабря 2025 г.")
        );
        assert_eq!(
            format_date(&date(6, 7, 12, None), Lang::Fa).as_deref(),
            Some("۶ تا ۷ دسامبر")
        );
    }

    #[test]
    fn a_source_is_named_with_its_date_or_as_undated() {
        assert_eq!(
            reported_in(
                "The report",
                Some(day("2025-11-20")),
                Lang::En,
                str::to_string
            ),
            "As reported in “The report” on 20 November 2025."
        );
        assert_eq!(
            reported_in("The report", None, Lang::En, str::to_string),
            "As reported in “The report”; the report is not dated."
        );
    }

    #[test]
    fn the_source_line_escapes_its_words_but_not_the_title_it_is_given() {
        let line = reported_in("<a href=\"u\">R</a>", None, Lang::En, |s| {
            s.replace('“', "&ldquo;")
        });
        assert!(
            line.starts_with("As reported in &ldquo;<a href=\"u\">R</a>”"),
            "{line}"
        );
    }

    #[test]
    fn a_month_alone_ends_with_the_months_last_day() {
        let june = ReportedDate {
            day_from: None,
            day_to: None,
            month: Some(6),
            year: Some(2026),
        };
        assert_eq!(timing(&june, day("2026-06-30")), Some(Timing::Now));
        assert_eq!(timing(&june, day("2026-07-01")), Some(Timing::Past));
    }
}
