//! How far a broadcast has gone, in numbers staff can act on: what is sent, failed, blocked and
//! left, the rate so far, when it should finish, a text progress bar; and, once it ends, the
//! delivery report (outcomes overall, by language and topic, the commonest failures, how long it
//! took). The numbers only: the words are the bot's, in the staff member's language.

use super::outbox::{Breakdown, Broadcast, DeliveryCounts};

/// The cells of the progress bar.
pub const BAR_WIDTH: usize = 20;

/// A broadcast's progress at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub counts: DeliveryCounts,
    /// Seconds since it started.
    pub elapsed: i64,
    /// Deliveries with an outcome per second, since it started.
    pub rate: f64,
    /// Seconds until the remaining deliveries are through at that rate; `None` before any outcome.
    pub eta: Option<i64>,
}

impl Progress {
    /// The progress of deliveries `counts` of a broadcast started at `started_at`, at `now`
    /// (unix seconds).
    pub fn of(counts: DeliveryCounts, started_at: i64, now: i64) -> Progress {
        let elapsed = (now - started_at).max(0);
        let attempted = counts.attempted();
        let rate = attempted as f64 / elapsed.max(1) as f64;
        let eta = if counts.remaining == 0 {
            Some(0)
        } else if attempted == 0 {
            None
        } else {
            Some((counts.remaining as f64 / rate).ceil() as i64)
        };
        Progress {
            counts,
            elapsed,
            rate,
            eta,
        }
    }

    /// The bar for this progress: the share of deliveries with an outcome (cancelled ones count as
    /// through).
    pub fn bar(&self) -> String {
        let total = self.counts.total();
        bar(total - self.counts.remaining, total, BAR_WIDTH)
    }
}

/// A text progress bar `width` cells wide for `done` of `total`, with the percentage:
/// `▓▓▓▓▓░░░░░ 50%`. An empty broadcast is complete.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let (done, total) = if total == 0 {
        (1, 1)
    } else {
        (done.min(total), total)
    };
    let filled = done * width / total;
    let percent = done * 100 / total;
    format!(
        "{}{} {percent}%",
        "▓".repeat(filled),
        "░".repeat(width - filled)
    )
}

/// A span of seconds as `h:mm:ss` (or `m:ss` under an hour), the same in every language.
pub fn clock(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// What staff learn of a broadcast once it ends (and `/broadcasts N` shows at any time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub broadcast: Broadcast,
    pub breakdown: Breakdown,
    /// From start to finish (or to `now`, while it goes on); `None` before it starts.
    pub duration: Option<i64>,
}

impl Report {
    /// The report of `broadcast`, its deliveries broken down as `breakdown`, at `now`.
    pub fn of(broadcast: Broadcast, breakdown: Breakdown, now: i64) -> Report {
        let duration = broadcast
            .started_at
            .map(|start| broadcast.finished_at.unwrap_or(now).max(start) - start);
        Report {
            broadcast,
            breakdown,
            duration,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(sent: usize, failed: usize, blocked: usize, remaining: usize) -> DeliveryCounts {
        DeliveryCounts {
            sent,
            failed,
            blocked,
            remaining,
            cancelled: 0,
        }
    }

    #[test]
    fn the_rate_and_finish_follow_the_outcomes_so_far() {
        let progress = Progress::of(counts(40, 5, 5, 100), 1000, 1010);
        assert_eq!(progress.elapsed, 10);
        assert!((progress.rate - 5.0).abs() < 1e-9);
        assert_eq!(progress.eta, Some(20));
    }

    #[test]
    fn before_any_outcome_the_finish_is_unknown_and_when_done_it_is_now() {
        assert_eq!(Progress::of(counts(0, 0, 0, 10), 1000, 1005).eta, None);
        assert_eq!(Progress::of(counts(10, 0, 0, 0), 1000, 1005).eta, Some(0));
    }

    #[test]
    fn the_bar_fills_with_the_share_through() {
        assert_eq!(bar(0, 4, 4), "░░░░ 0%");
        assert_eq!(bar(2, 4, 4), "▓▓░░ 50%");
        assert_eq!(bar(4, 4, 4), "▓▓▓▓ 100%");
        assert_eq!(bar(0, 0, 4), "▓▓▓▓ 100%");
        assert_eq!(
            Progress::of(counts(1, 1, 0, 2), 0, 1).bar(),
            format!("{}{} 50%", "▓".repeat(10), "░".repeat(10))
        );
    }

    #[test]
    fn durations_read_as_a_clock() {
        assert_eq!(clock(5), "0:05");
        assert_eq!(clock(125), "2:05");
        assert_eq!(clock(3725), "1:02:05");
    }
}
