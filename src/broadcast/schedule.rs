//! Broadcasts for later: staff give a local date and time in the programme's time zone
//! (`BROADCAST_TZ`, an IANA name such as `Asia/Tehran`; jiff's bundled time zone database, so the
//! host's need not have it), the outbox keeps the instant, and [`run_schedules`] starts each one
//! when its time comes. The instant is in the database, so a restart loses nothing and a broadcast
//! due during the downtime starts as soon as the bot is back.

use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use tokio::sync::watch;

use super::outbox::Outbox;

/// The format staff write times in, after `at`: `2026-12-02 19:30`.
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

/// The time zone scheduled broadcasts are given in, with its name.
#[derive(Clone, PartialEq, Eq)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

/// A `BROADCAST_TZ` that is not a time zone of the database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an IANA time zone name such as UTC, Europe/Moscow or Asia/Tehran")]
pub struct UnknownZone(pub String);

/// Why a schedule is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("`{0}` is not a date and time written YYYY-MM-DD HH:MM")]
    NotATime(String),
    #[error("{0} is in the past")]
    Past(String),
}

impl Zone {
    /// Coordinated Universal Time, the default.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_string(),
            tz: TimeZone::UTC,
        }
    }

    /// The zone with IANA name `name`.
    pub fn named(name: &str) -> Result<Zone, UnknownZone> {
        let name = name.trim();
        let tz = TimeZone::get(name).map_err(|_| UnknownZone(name.to_string()))?;
        Ok(Zone {
            name: tz.iana_name().unwrap_or(name).to_string(),
            tz,
        })
    }

    /// The zone's IANA name, as staff see it beside every scheduled time.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The instant (unix seconds) of `local` (`YYYY-MM-DD HH:MM`) in this zone, refused when it
    /// is not after `now` (unix seconds). A local time skipped by a clock change is read as the
    /// time after the change.
    pub fn resolve(&self, local: &str, now: i64) -> Result<i64, ScheduleError> {
        let not_a_time = || ScheduleError::NotATime(local.to_string());
        let civil = DateTime::strptime(TIME_FORMAT, local.trim()).map_err(|_| not_a_time())?;
        let at = civil
            .to_zoned_datetime(self.tz.clone())
            .map_err(|_| not_a_time())?
            .timestamp()
            .as_second();
        if at <= now {
            return Err(ScheduleError::Past(self.format(at)));
        }
        Ok(at)
    }

    /// Instant `at` (unix seconds) as a local time in this zone, `YYYY-MM-DD HH:MM`.
    pub fn format(&self, at: i64) -> String {
        match Timestamp::from_second(at) {
            Ok(instant) => instant
                .to_zoned_datetime(self.tz.clone())
                .strftime(TIME_FORMAT)
                .to_string(),
            Err(_) => at.to_string(),
        }
    }

    /// Instant `at` as a local time with the zone's name and offset: `2026-12-02 19:30
    /// Asia/Tehran (UTC+03:30)`.
    pub fn describe(&self, at: i64) -> String {
        let offset = match Timestamp::from_second(at) {
            Ok(instant) => self.tz.to_offset(instant),
            Err(_) => jiff::tz::Offset::UTC,
        };
        let seconds = offset.seconds();
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.abs() / 60;
        format!(
            "{} {} (UTC{sign}{:02}:{:02})",
            self.format(at),
            self.name,
            minutes / 60,
            minutes % 60
        )
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::utc()
    }
}

/// Starts scheduled broadcasts when their time comes, checking every `every`, until `stop` says
/// so. The first check is at once, so a broadcast that fell due while the bot was down starts on
/// restart.
pub async fn run_schedules(outbox: Outbox, every: Duration, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        match outbox.start_due(crate::store::unix_now()).await {
            Ok(started) => {
                for (broadcast, recipients) in started {
                    tracing::info!(broadcast, recipients, "scheduled broadcast started");
                }
            }
            Err(err) => tracing::error!(error = %err, "cannot start the scheduled broadcasts"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-02 12:00:00 UTC.
    const NOON: i64 = 1_796_212_800;

    #[test]
    fn a_local_time_in_tehran_is_three_and_a_half_hours_ahead_of_utc() {
        let tehran = Zone::named("Asia/Tehran").expect("zone");
        let at = tehran.resolve("2026-12-02 19:30", NOON).expect("future");
        assert_eq!(at, NOON + 4 * 3600);
        assert_eq!(
            tehran.describe(at),
            "2026-12-02 19:30 Asia/Tehran (UTC+03:30)"
        );
    }

    #[test]
    fn a_time_in_the_past_is_refused_with_the_time() {
        let utc = Zone::utc();
        assert_eq!(
            utc.resolve("2026-12-02 11:59", NOON),
            Err(ScheduleError::Past("2026-12-02 11:59".into()))
        );
        assert_eq!(
            utc.resolve("2026-12-02 12:00", NOON),
            Err(ScheduleError::Past("2026-12-02 12:00".into()))
        );
        assert_eq!(utc.resolve("2026-12-02 12:01", NOON), Ok(NOON + 60));
    }

    #[test]
    fn a_malformed_time_is_refused_as_not_a_time() {
        let utc = Zone::utc();
        for given in ["2026-13-02 10:00", "tomorrow 10:00", "2026-12-02 25:00"] {
            assert!(
                matches!(utc.resolve(given, NOON), Err(ScheduleError::NotATime(_))),
                "{given}"
            );
        }
    }

    #[test]
    fn an_unknown_zone_name_is_refused() {
        assert!(Zone::named("Mars/Olympus").is_err());
        assert_eq!(
            Zone::named("Europe/Moscow").expect("zone").name(),
            "Europe/Moscow"
        );
    }
}
