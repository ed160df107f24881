//! The background sender: works through the outbox at the configured rate with teloxide's Throttle
//! adaptor (overall and per-chat limits; a 429 freezes all sending for `retry_after`, then retries),
//! retries 5xx and network errors with exponential backoff, and deactivates chats that are gone.
//! It uses its own throttled `Bot`, so answers to questions never queue behind a broadcast.

use std::collections::{HashSet, VecDeque};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::SqlitePool;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

use super::outbox::{DueDelivery, Outbox, Outcome};
use super::subscribers::Subscribers;

/// Share of the configured rate the sender paces itself to: the margin absorbs timing jitter so the
/// limit is never crossed, and still delivers well over 90% of the rate.
const PACING_SHARE: f64 = 0.97;

/// The pace and patience of the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SenderConfig {
    /// Messages per second overall (`BROADCAST_RATE`); Telegram allows about 30, and the rest is
    /// left for answering questions.
    pub rate: u32,
    /// Attempts before a delivery failing with 5xx or network errors is marked failed.
    pub max_attempts: u32,
    /// The first backoff; each further attempt waits twice as long (capped at ten minutes).
    pub backoff: Duration,
    /// How often the outbox is checked when there is nothing in flight.
    pub poll_interval: Duration,
}

impl Default for SenderConfig {
    fn default() -> Self {
        SenderConfig {
            rate: 25,
            max_attempts: 6,
            backoff: Duration::from_secs(2),
            poll_interval: Duration::from_millis(500),
        }
    }
}

/// The Throttle limits for a rate: at most one message per second to one chat, `rate` overall.
fn delivery_limits(rate: u32) -> Limits {
    Limits {
        messages_per_sec_overall: rate.max(1),
        messages_per_sec_chat: 1,
        ..Limits::default()
    }
}

/// The outbox worker.
pub struct Sender {
    outbox: Outbox,
    subscribers: Subscribers,
    bot: Throttle<Bot>,
    config: SenderConfig,
}

type Sent = (DueDelivery, Result<(), RequestError>);

impl Sender {
    /// A sender over the database in `pool`, sending through `bot` at `config.rate`. Spawns the
    /// Throttle worker, so it must be called inside the Tokio runtime.
    pub fn new(bot: Bot, pool: SqlitePool, config: SenderConfig) -> Sender {
        Sender {
            outbox: Outbox::new(pool.clone()),
            subscribers: Subscribers::new(pool),
            bot: Throttle::new_spawn(bot, delivery_limits(config.rate)),
            config,
        }
    }

    /// Sends until `stop` turns true, then waits (briefly) for the deliveries in flight.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let max_in_flight = (self.config.rate as usize * 2).max(4);
        // Sends are spaced evenly a little under the rate, so that no one-second window at the
        // server, network jitter included, sees more than `rate` (Throttle alone allows bursts).
        let period =
            Duration::from_secs_f64(1.0 / (f64::from(self.config.rate.max(1)) * PACING_SHARE));
        let mut pace = tokio::time::interval(period);
        pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut queued: VecDeque<DueDelivery> = VecDeque::new();
        // Deliveries fetched and not yet recorded, so a fetch never takes one twice.
        let mut claimed: HashSet<(i64, i64)> = HashSet::new();
        let mut started: HashSet<i64> = HashSet::new();
        let mut tasks: JoinSet<Sent> = JoinSet::new();
        tracing::info!(rate = self.config.rate, "broadcast sender started");
        while !*stop.borrow() {
            if queued.is_empty() && tasks.len() < max_in_flight {
                match self.outbox.due(now_ms(), (max_in_flight * 2) as i64).await {
                    Ok(due) => {
                        for delivery in due {
                            if claimed.insert((delivery.broadcast_id, delivery.chat_id)) {
                                queued.push_back(delivery);
                            }
                        }
                    }
                    Err(err) => tracing::error!(error = %err, "cannot read the outbox"),
                }
            }
            if queued.is_empty() && tasks.is_empty() {
                self.finish().await;
                tokio::select! {
                    _ = tokio::time::sleep(self.config.poll_interval) => {}
                    _ = stop.changed() => {}
                }
                continue;
            }
            tokio::select! {
                _ = pace.tick(), if !queued.is_empty() && tasks.len() < max_in_flight => {
                    if let Some(delivery) = queued.pop_front() {
                        if started.insert(delivery.broadcast_id) {
                            if let Err(err) = self.outbox.mark_sending(delivery.broadcast_id).await {
                                tracing::error!(error = %err, "cannot mark a broadcast as sending");
                            }
                            tracing::info!(broadcast = delivery.broadcast_id, "broadcast sending");
                        }
                        tasks.spawn(send(self.bot.clone(), delivery));
                    }
                }
                Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                    if let Ok((delivery, result)) = joined {
                        claimed.remove(&(delivery.broadcast_id, delivery.chat_id));
                        self.record(delivery, result).await;
                    }
                }
                _ = tokio::time::sleep(self.config.poll_interval), if queued.is_empty() => {}
                _ = stop.changed() => {}
            }
        }
        // What is in flight at shutdown gets a few seconds to land; anything unrecorded stays
        // pending and is sent again after the restart (the at-most-one-duplicate guarantee).
        let drain = async {
            while let Some(joined) = tasks.join_next().await {
                if let Ok((delivery, result)) = joined {
                    self.record(delivery, result).await;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(10), drain).await;
        self.finish().await;
        tracing::info!("broadcast sender stopped");
    }

    async fn finish(&self) {
        match self.outbox.finish_completed().await {
            Ok(done) => {
                for id in done {
                    tracing::info!(broadcast = id, "broadcast done");
                }
            }
            Err(err) => tracing::error!(error = %err, "cannot close finished broadcasts"),
        }
    }

    async fn record(&self, delivery: DueDelivery, result: Result<(), RequestError>) {
        let outcome = classify(result, delivery.attempts, &self.config);
        if let Outcome::Blocked { error } = &outcome {
            tracing::info!(chat = delivery.chat_id, %error, "subscriber gone: deactivated");
            if let Err(err) = self.subscribers.deactivate(delivery.chat_id, error).await {
                tracing::error!(error = %err, "cannot deactivate a subscriber");
            }
        }
        if let Outcome::Failed { error } = &outcome {
            tracing::warn!(chat = delivery.chat_id, broadcast = delivery.broadcast_id, %error, "delivery failed");
        }
        if let Err(err) = self
            .outbox
            .record(delivery.broadcast_id, delivery.chat_id, &outcome)
            .await
        {
            tracing::error!(error = %err, "cannot record a delivery");
        }
    }
}

async fn send(bot: Throttle<Bot>, delivery: DueDelivery) -> Sent {
    // What one delivery sends is the content's own request (a copy, the text…); how it is paced
    // is this module's.
    let result = crate::bot::send::deliver(&bot, ChatId(delivery.chat_id), &delivery.content).await;
    (delivery, result)
}

/// Sorts a send result into sent, retry later, failed for good, or chat gone.
pub(super) fn classify(
    result: Result<(), RequestError>,
    attempts: u32,
    config: &SenderConfig,
) -> Outcome {
    let err = match result {
        Ok(()) => return Outcome::Sent,
        Err(err) => err,
    };
    let error = err.to_string();
    let transient = match &err {
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::ChatNotFound
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots,
        ) => return Outcome::Blocked { error },
        RequestError::Api(ApiError::Unknown(description))
            if description.starts_with("Forbidden") =>
        {
            return Outcome::Blocked { error };
        }
        RequestError::Api(ApiError::Unknown(description)) => {
            !description.starts_with("Bad Request")
        }
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => false,
        RequestError::RetryAfter(wait) => {
            return Outcome::Retry {
                at_ms: now_ms() + wait.duration().as_millis() as i64,
                error,
            };
        }
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => true,
    };
    if !transient || attempts + 1 >= config.max_attempts {
        return Outcome::Failed { error };
    }
    let wait = config
        .backoff
        .saturating_mul(1 << attempts.min(16))
        .min(Duration::from_secs(600));
    Outcome::Retry {
        at_ms: now_ms() + wait.as_millis() as i64,
        error,
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SenderConfig {
        SenderConfig {
            max_attempts: 3,
            ..SenderConfig::default()
        }
    }

    #[test]
    fn a_blocked_chat_is_permanent() {
        let outcome = classify(Err(RequestError::Api(ApiError::BotBlocked)), 0, &config());
        assert!(matches!(outcome, Outcome::Blocked { .. }));
        let gone = classify(Err(RequestError::Api(ApiError::ChatNotFound)), 0, &config());
        assert!(matches!(gone, Outcome::Blocked { .. }));
    }

    #[test]
    fn a_server_error_is_retried_with_growing_waits_then_failed() {
        let error = || {
            Err(RequestError::Api(ApiError::Unknown(
                "Internal Server Error".into(),
            )))
        };
        let first = classify(error(), 0, &config());
        let second = classify(error(), 1, &config());
        match (first, second) {
            (Outcome::Retry { at_ms: a, .. }, Outcome::Retry { at_ms: b, .. }) => assert!(b > a),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify(error(), 2, &config()),
            Outcome::Failed { .. }
        ));
    }

    #[test]
    fn a_bad_request_is_not_retried() {
        let outcome = classify(
            Err(RequestError::Api(ApiError::MessageIsTooLong)),
            0,
            &config(),
        );
        assert!(matches!(outcome, Outcome::Failed { .. }));
    }
}
