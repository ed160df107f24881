//! The one sending discipline, Telegram-free: every outgoing request asks the [`Governor`] for a
//! permit first. It enforces Telegram's documented limits with GCRA buckets (a rate and a burst each)
//! kept on tokio's clock, so tests run on paused time:
//!
//! - overall: `TELEGRAM_RATE` requests per second for the whole bot;
//! - broadcasts: at most `BROADCAST_RATE` of those, and only what replies leave — a reply reserves
//!   the next overall slot at once (it waits at most for the replies ahead of it), while a broadcast
//!   takes a slot only when one is free now;
//! - one message per second per private chat, with a burst of two (a reply in parts);
//! - twenty per minute per group (negative chat ids);
//! - a 429 [`freeze`](Governor::freeze)s everything for its `retry_after`; sending then resumes at
//!   the steady rate with no burst credit, never the backlog at once. Each new freeze is announced on
//!   [`freezes`](Governor::freezes) so that it can be stored and survive a restart.
//!
//! Why our own and not the `governor` crate or teloxide's `Throttle`: see the README ("Sending").

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use tokio::sync::watch;
use tokio::time::Instant;

/// How early a waiter for an overall slot may wake, at most (see `Gcra::evenly`).
const TIMER_SLACK: Duration = Duration::from_millis(10);

/// Messages one private chat may get at once before the 1/s pace applies: a reply in two parts.
pub const CHAT_BURST: u32 = 2;
/// Messages per minute to one group, as Telegram documents.
pub const GROUP_PER_MINUTE: u32 = 20;
/// Messages one group may get at once; the pace is set so that no minute holds more than
/// [`GROUP_PER_MINUTE`] even after a burst.
pub const GROUP_BURST: u32 = 2;

/// The limits the governor enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests per second for the whole bot (`TELEGRAM_RATE`).
    pub overall: u32,
    /// The share of `overall` broadcasts may use (`BROADCAST_RATE`, at most `overall`).
    pub broadcast: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            overall: 30,
            broadcast: 25,
        }
    }
}

/// A Generic Cell Rate Algorithm bucket: `interval` between requests at the steady rate, and a
/// tolerance of `burst − 1` intervals ahead of it.
#[derive(Debug, Clone, Copy)]
struct Gcra {
    interval: Duration,
    tolerance: Duration,
    /// The theoretical arrival time of the next request at the steady rate.
    tat: Instant,
}

impl Gcra {
    fn new(interval: Duration, burst: u32, now: Instant) -> Gcra {
        Gcra {
            interval,
            tolerance: interval * burst.saturating_sub(1),
            tat: now,
        }
    }

    fn per_second(rate: u32, burst: u32, now: Instant) -> Gcra {
        Gcra::new(Duration::from_secs(1) / rate.max(1), burst, now)
    }

    /// Evenly spaced at `rate`, with only the slack a timer needs: a waiter may wake a little
    /// early, so a late wake-up (tokio's timers round up to the millisecond, and the task must
    /// then run) does not push every later slot back. Less than one interval, so no second holds
    /// more than the rate plus one.
    fn evenly(rate: u32, now: Instant) -> Gcra {
        let interval = Duration::from_secs(1) / rate.max(1);
        Gcra {
            interval,
            tolerance: (interval / 2).min(TIMER_SLACK),
            tat: now,
        }
    }

    /// The earliest instant a request conforms.
    fn earliest(&self) -> Instant {
        self.tat.checked_sub(self.tolerance).unwrap_or(self.tat)
    }

    /// Takes the slot at `at` (which must conform).
    fn take(&mut self, at: Instant) {
        self.tat = self.tat.max(at) + self.interval;
    }

    /// Nothing before `until`, then the steady rate with no burst credit.
    fn hold_until(&mut self, until: Instant) {
        self.tat = self.tat.max(until + self.tolerance);
    }
}

struct State {
    overall: Gcra,
    broadcast: Gcra,
    /// Per-chat buckets, dropped once they are back to full (see `forget_idle`).
    chats: HashMap<i64, Gcra>,
    frozen_until: Instant,
    last_pruned: Instant,
}

/// Paces every outgoing request; shared as `Arc<Governor>` by the handlers and the broadcast
/// sender. The lock is held only for a few arithmetic operations, never across an await.
pub struct Governor {
    limits: Limits,
    state: Mutex<State>,
    freezes: watch::Sender<Option<SystemTime>>,
}

/// Leave to send one request now. Returned only when every limit allows it.
#[derive(Debug)]
#[must_use = "a permit is leave to send: send the request"]
pub struct Permit(());

impl Governor {
    /// A governor enforcing `limits` (a broadcast share above the overall rate is capped to it;
    /// `Settings` refuses such a configuration before this is reached).
    pub fn new(limits: Limits) -> Governor {
        let limits = Limits {
            overall: limits.overall.max(1),
            broadcast: limits.broadcast.clamp(1, limits.overall.max(1)),
        };
        let now = Instant::now();
        // No burst overall: requests evenly spaced at the rate, so that no one-second window at
        // Telegram sees more than the rate plus one, network jitter included. Broadcasts may take
        // a fifth of a second's worth at once within their share (the overall spacing still holds),
        // so a slot lost to a reply or a slow moment is made up.
        let broadcast_burst = (limits.broadcast / 5).max(1);
        Governor {
            limits,
            state: Mutex::new(State {
                overall: Gcra::evenly(limits.overall, now),
                broadcast: Gcra::per_second(limits.broadcast, broadcast_burst, now),
                chats: HashMap::new(),
                frozen_until: now,
                last_pruned: now,
            }),
            freezes: watch::channel(None).0,
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Leave to send a message to `chat` in reply to someone: waits for the chat's own pace and for
    /// the next overall slot, ahead of every broadcast.
    pub async fn reply_permit(&self, chat: i64) -> Permit {
        // Once the chat's slot is taken it stays taken: a freeze met while waiting delays the
        // overall slot only.
        let mut chat_taken = false;
        loop {
            let wait = {
                let mut s = self.lock();
                let now = Instant::now();
                let chat_at = if chat_taken {
                    s.frozen_until
                } else {
                    s.chat(chat, now).earliest().max(s.frozen_until)
                };
                if chat_at > now {
                    Wait::Until(chat_at)
                } else {
                    // Reserve the next overall slot now: broadcasts see it taken.
                    let at = s.overall.earliest().max(now);
                    s.overall.take(at);
                    if !chat_taken {
                        s.chat(chat, now).take(at);
                        chat_taken = true;
                    }
                    Wait::Reserved(at)
                }
            };
            match wait {
                Wait::Until(at) => tokio::time::sleep_until(at).await,
                Wait::Reserved(at) => {
                    tokio::time::sleep_until(at).await;
                    // A 429 met while waiting freezes this one too (its slot is given up).
                    if self.lock().frozen_until <= Instant::now() {
                        return Permit(());
                    }
                }
            }
        }
    }

    /// Leave to send a request that goes to no chat's message count (a button's or an inline
    /// query's answer, the command menu): only the overall rate applies, with a reply's priority.
    pub async fn answer_permit(&self) -> Permit {
        loop {
            let at = {
                let mut s = self.lock();
                let now = Instant::now();
                if s.frozen_until > now {
                    Wait::Until(s.frozen_until)
                } else {
                    let at = s.overall.earliest().max(now);
                    s.overall.take(at);
                    Wait::Reserved(at)
                }
            };
            match at {
                Wait::Until(at) => tokio::time::sleep_until(at).await,
                Wait::Reserved(at) => {
                    tokio::time::sleep_until(at).await;
                    if self.lock().frozen_until <= Instant::now() {
                        return Permit(());
                    }
                }
            }
        }
    }

    /// Leave to deliver a broadcast message to `chat`: waits until the broadcast share, the overall
    /// rate (after every reply that reserved a slot) and the chat's pace all allow it now.
    pub async fn broadcast_permit(&self, chat: i64) -> Permit {
        self.broadcast_permit_for(chat, 1).await
    }

    /// Leave to deliver a broadcast of `messages` messages to `chat` in one request (an album):
    /// Telegram counts each of them against the overall rate, so the request takes that many
    /// overall and broadcast slots (the requests after it wait for them), and one of the chat's.
    pub async fn broadcast_permit_for(&self, chat: i64, messages: u32) -> Permit {
        loop {
            let at = {
                let mut s = self.lock();
                let now = Instant::now();
                let at = s
                    .overall
                    .earliest()
                    .max(s.broadcast.earliest())
                    .max(s.chat(chat, now).earliest())
                    .max(s.frozen_until);
                if at <= now {
                    for _ in 0..messages.max(1) {
                        s.overall.take(now);
                        s.broadcast.take(now);
                    }
                    s.chat(chat, now).take(now);
                    return Permit(());
                }
                at
            };
            tokio::time::sleep_until(at).await;
        }
    }

    /// Telegram answered 429 with `retry_after`: nothing is sent until it has passed, then sending
    /// resumes at the steady rate. A shorter freeze never shortens a longer one.
    pub fn freeze(&self, retry_after: Duration) {
        let until = Instant::now() + retry_after;
        self.freeze_until(until);
    }

    /// [`freeze`](Self::freeze) until an instant (a stored freeze, read back at start).
    pub fn freeze_until(&self, until: Instant) {
        let extended = {
            let mut s = self.lock();
            if until <= s.frozen_until {
                false
            } else {
                s.frozen_until = until;
                s.overall.hold_until(until);
                s.broadcast.hold_until(until);
                true
            }
        };
        if extended {
            let wall = SystemTime::now() + until.saturating_duration_since(Instant::now());
            tracing::warn!(
                wait_ms = until.saturating_duration_since(Instant::now()).as_millis() as u64,
                "flood control (429): all sending paused"
            );
            self.freezes.send_replace(Some(wall));
        }
    }

    /// Until when sending is frozen, if it is.
    pub fn frozen_until(&self) -> Option<Instant> {
        let until = self.lock().frozen_until;
        (until > Instant::now()).then_some(until)
    }

    /// Each new freeze's end on the wall clock, for storing it (see `store::Store::save_freeze`).
    pub fn freezes(&self) -> watch::Receiver<Option<SystemTime>> {
        self.freezes.subscribe()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is a few numbers always left consistent; a panic elsewhere cannot corrupt it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

enum Wait {
    /// Not yet allowed: look again then.
    Until(Instant),
    /// A slot taken, due then.
    Reserved(Instant),
}

impl State {
    /// The bucket of one chat: groups (negative ids) 20 a minute, private chats 1 a second.
    fn chat(&mut self, chat: i64, now: Instant) -> &mut Gcra {
        if now.saturating_duration_since(self.last_pruned) > Duration::from_secs(60) {
            self.forget_idle(now);
        }
        self.chats.entry(chat).or_insert_with(|| {
            if chat < 0 {
                let minute = Duration::from_secs(60);
                Gcra::new(
                    minute / (GROUP_PER_MINUTE - GROUP_BURST + 1),
                    GROUP_BURST,
                    now,
                )
            } else {
                Gcra::new(Duration::from_secs(1), CHAT_BURST, now)
            }
        })
    }

    /// Drops the buckets of chats that have been quiet long enough to be full again, so the map
    /// holds only the chats sent to in the last minute or so.
    fn forget_idle(&mut self, now: Instant) {
        self.chats.retain(|_, bucket| bucket.tat > now);
        self.last_pruned = now;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn governor(overall: u32, broadcast: u32) -> Arc<Governor> {
        Arc::new(Governor::new(Limits { overall, broadcast }))
    }

    /// When each of `n` permits from `take` is granted, relative to the start.
    async fn grant_times<F, Fut>(n: usize, mut take: F) -> Vec<Duration>
    where
        F: FnMut(usize) -> Fut,
        Fut: std::future::Future<Output = Permit>,
    {
        let start = Instant::now();
        let mut times = Vec::new();
        for i in 0..n {
            let _permit = take(i).await;
            times.push(start.elapsed());
        }
        times
    }

    fn max_in_window(times: &[Duration], window: Duration) -> usize {
        (0..times.len())
            .map(|i| {
                times[i..]
                    .iter()
                    .take_while(|t| **t - times[i] < window)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn broadcasts_keep_to_their_share_of_the_overall_rate() {
        let g = governor(30, 20);
        let times = grant_times(200, |i| g.broadcast_permit(i as i64 + 1)).await;
        let elapsed = times.last().expect("times").as_secs_f64();
        let rate = 199.0 / elapsed;
        assert!((19.0..=20.5).contains(&rate), "{rate}");
        assert!(max_in_window(&times, Duration::from_secs(1)) <= 24);
    }

    #[tokio::test(start_paused = true)]
    async fn an_album_takes_a_slot_for_each_of_its_messages() {
        let g = governor(10, 10);
        let _album = g.broadcast_permit_for(1, 5).await;
        let start = Instant::now();
        let _next = g.broadcast_permit(2).await;
        // Five slots at 10/s: the next message waits for the four after the album's first.
        assert!(
            start.elapsed() >= Duration::from_millis(390),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn replies_alone_may_use_the_whole_overall_rate() {
        let g = governor(30, 20);
        let times = grant_times(300, |i| g.reply_permit(i as i64 + 1)).await;
        let rate = 299.0 / times.last().expect("times").as_secs_f64();
        assert!((29.0..=31.0).contains(&rate), "{rate}");
        assert!(max_in_window(&times, Duration::from_secs(1)) <= 31);
    }

    #[tokio::test(start_paused = true)]
    async fn a_private_chat_gets_a_burst_of_two_then_one_a_second() {
        let g = governor(30, 25);
        let times = grant_times(5, |_| g.reply_permit(42)).await;
        assert!(
            times[1] - times[0] < Duration::from_millis(100),
            "two at once"
        );
        for (k, at) in times.iter().enumerate().skip(2) {
            let due = Duration::from_secs(k as u64 - 1);
            assert!(
                *at >= due && *at < due + Duration::from_millis(100),
                "{times:?}"
            );
        }
        assert!(max_in_window(&times, Duration::from_secs(1)) <= 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_group_gets_at_most_twenty_a_minute() {
        let g = governor(30, 25);
        let times = grant_times(45, |_| g.reply_permit(-100_123)).await;
        assert!(
            max_in_window(&times, Duration::from_secs(60)) <= 20,
            "{times:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_reply_during_a_broadcast_waits_well_under_a_second() {
        let g = governor(30, 25);
        let broadcasting = {
            let g = g.clone();
            tokio::spawn(async move {
                for chat in 1..=500 {
                    let _permit = g.broadcast_permit(chat).await;
                }
            })
        };
        tokio::time::sleep(Duration::from_secs(3)).await;
        let mut waits = Vec::new();
        for asker in 0..20 {
            let asked = Instant::now();
            let _permit = g.reply_permit(10_000 + asker).await;
            waits.push(asked.elapsed());
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        broadcasting.abort();
        let worst = waits.iter().max().expect("waits");
        assert!(*worst < Duration::from_millis(100), "{waits:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn replies_and_broadcasts_together_never_exceed_the_overall_rate() {
        let g = governor(30, 25);
        let sent = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for lane in 0..2 {
            let (g, sent) = (g.clone(), sent.clone());
            tasks.push(tokio::spawn(async move {
                for i in 0..300 {
                    let chat = 1 + lane * 10_000 + i;
                    let _permit = if lane == 0 {
                        g.broadcast_permit(chat).await
                    } else {
                        g.reply_permit(chat).await
                    };
                    sent.lock().expect("sent").push(start.elapsed());
                }
            }));
        }
        for task in tasks {
            task.await.expect("lane");
        }
        let mut times = sent.lock().expect("sent").clone();
        times.sort();
        assert!(
            max_in_window(&times, Duration::from_secs(1)) <= 31,
            "over the overall rate"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_freeze_stops_everything_then_resumes_at_the_steady_rate() {
        let g = governor(20, 20);
        for chat in 1..=5 {
            let _permit = g.broadcast_permit(chat).await;
        }
        let frozen_at = Instant::now();
        g.freeze(Duration::from_secs(3));
        let times = grant_times(40, |i| g.broadcast_permit(100 + i as i64)).await;
        assert!(frozen_at.elapsed() >= Duration::from_secs(3));
        assert!(
            times[0] >= Duration::from_secs(3),
            "nothing during the freeze"
        );
        // No backlog released at once: the steady interval (50 ms) from the first send on.
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(49), "{times:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_reply_waiting_for_its_slot_also_waits_out_a_freeze() {
        let g = governor(30, 25);
        let _first = g.reply_permit(1).await;
        g.freeze(Duration::from_secs(2));
        let asked = Instant::now();
        let _permit = g.reply_permit(2).await;
        assert!(asked.elapsed() >= Duration::from_secs(2));
        let _answer = g.answer_permit().await;
        assert!(g.frozen_until().is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_freeze_met_while_waiting_for_a_slot_does_not_cost_the_chat_another_second() {
        let g = governor(2, 1);
        let start = Instant::now();
        let _first = g.reply_permit(5).await;
        // The second (the chat's burst) waits for the next overall slot, at 0.5 s; a 429 at
        // 0.25 s freezes sending until 1.25 s.
        let second = {
            let g = g.clone();
            tokio::spawn(async move {
                let _permit = g.reply_permit(5).await;
                start.elapsed()
            })
        };
        tokio::time::sleep(Duration::from_millis(250)).await;
        g.freeze(Duration::from_secs(1));
        let granted = second.await.expect("second");
        assert_eq!(granted, Duration::from_millis(1250));
        // The chat's pace counts the second message once: its next is due at 2 s, not 3 s.
        let chat_due = g.lock().chats[&5].tat - start;
        assert_eq!(chat_due, Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_shorter_freeze_does_not_shorten_a_longer_one_and_each_longer_one_is_announced() {
        let g = governor(30, 25);
        let mut freezes = g.freezes();
        g.freeze(Duration::from_secs(5));
        assert!(freezes.has_changed().expect("open"));
        let first = freezes.borrow_and_update().expect("announced");
        g.freeze(Duration::from_secs(1));
        assert!(!freezes.has_changed().expect("open"), "not extended");
        let until = g.frozen_until().expect("frozen");
        assert!(until - Instant::now() > Duration::from_secs(4));
        g.freeze(Duration::from_secs(8));
        assert!(freezes.borrow_and_update().expect("announced") > first);
    }

    #[tokio::test(start_paused = true)]
    async fn quiet_chats_are_forgotten() {
        let g = governor(1000, 1000);
        for chat in 1..=100 {
            let _permit = g.reply_permit(chat).await;
        }
        tokio::time::sleep(Duration::from_secs(120)).await;
        let _permit = g.reply_permit(5000).await;
        assert_eq!(g.lock().chats.len(), 1);
    }
}
