//! Calendar dates without a time zone, for "as reported on", tense and staleness. The arithmetic is
//! Howard Hinnant's days-from-civil; a date library would be a dependency for twenty lines.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a (UTC) day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// A Unix time as staff read it: `2026-11-25 14:03 UTC`.
pub fn utc_minute(seconds: i64) -> String {
    let minutes = seconds.rem_euclid(SECONDS_PER_DAY) / 60;
    format!(
        "{} {:02}:{:02} UTC",
        Date::from_unix(seconds),
        minutes / 60,
        minutes % 60
    )
}

/// A day in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (30 February, month 13).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Today in UTC (the programme spans Tehran and Moscow; a day either way never changes a tense
    /// told to the day).
    pub fn today() -> Date {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        Date::from_unix(seconds)
    }

    /// The UTC day of a Unix timestamp.
    pub fn from_unix(seconds: i64) -> Date {
        Date::from_days(seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Parses `YYYY-MM-DD`, the format of `as_of` and source dates.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?;
        let month = parts.next()?;
        let day = parts.next()?;
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
            return None;
        }
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let (year, month, day) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let year = if month <= 2 { year - 1 } else { year };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month,
            day,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unix_time_reads_as_its_utc_day_and_minute() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(1_764_079_380), "2025-11-25 14:03 UTC");
    }

    #[test]
    fn days_round_trip_across_leap_years_and_the_epoch() {
        for days in [-800_000, -1, 0, 1, 59, 60, 365, 11_016, 20_417, 2_932_896] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix(1_764_028_800).to_string(), "2025-11-25");
    }

    #[test]
    fn iso_dates_parse_only_when_real() {
        assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse_iso("2023-02-29"), None);
        assert_eq!(Date::parse_iso("2023-13-01"), None);
        assert_eq!(Date::parse_iso("23-01-01"), None);
        assert_eq!(Date::parse_iso("2023-1-01"), None);
        assert_eq!(Date::parse_iso("+999-01-01"), None);
    }
}
