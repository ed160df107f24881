//! The background sender: works through the outbox, each delivery with a broadcast permit from the
//! send governor (`crate::sending`: `BROADCAST_RATE`, only what replies leave of `TELEGRAM_RATE`,
//! one a second per chat; a 429 freezes all sending for `retry_after`). A delivery is started only
//! once its permit is granted and at most `max_in_flight` are on the wire, so a freeze piles up
//! nothing. 5xx and network errors are retried with exponential backoff through the outbox, and
//! chats that are gone are deactivated.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::SqlitePool;
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::bot::transport::is_transient;
use crate::sending::Governor;

use super::outbox::{DueDelivery, Outbox, Outcome};
use super::subscribers::Subscribers;

/// Never freeze longer than this for one 429, whatever it says.
const MAX_FREEZE: Duration = Duration::from_secs(60);

/// The patience of the sender (its pace is the governor's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SenderConfig {
    /// Deliveries on the wire at once: enough to cover the Bot API's latency at the broadcast rate,
    /// few enough that a freeze finds little in flight.
    pub max_in_flight: usize,
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
            max_in_flight: 16,
            max_attempts: 6,
            backoff: Duration::from_secs(2),
            poll_interval: Duration::from_millis(500),
        }
    }
}

/// The outbox worker.
pub struct Sender {
    outbox: Outbox,
    subscribers: Subscribers,
    bot: Bot,
    governor: Arc<Governor>,
    config: SenderConfig,
}

type Sent = (DueDelivery, Result<(), RequestError>);

impl Sender {
    /// A sender over the database in `pool`, sending through `bot` with permits from `governor`
    /// (the one the replies use, so that together they keep to Telegram's limits).
    pub fn new(
        bot: Bot,
        pool: SqlitePool,
        governor: Arc<Governor>,
        config: SenderConfig,
    ) -> Sender {
        Sender {
            outbox: Outbox::new(pool.clone()),
            subscribers: Subscribers::new(pool),
            bot,
            governor,
            config,
        }
    }

    /// Sends until `stop` turns true, then waits (briefly) for the deliveries in flight.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let max_in_flight = self.config.max_in_flight.max(1);
        let mut queued: VecDeque<DueDelivery> = VecDeque::new();
        // Deliveries fetched and not yet recorded, so a fetch never takes one twice.
        let mut claimed: HashSet<(i64, i64)> = HashSet::new();
        let mut started: HashSet<i64> = HashSet::new();
        // Each task sends one delivery and records its outcome, so the loop only hands out permits.
        let mut tasks: JoinSet<(i64, i64)> = JoinSet::new();
        tracing::info!(
            rate = self.governor.limits().broadcast,
            "broadcast sender started"
        );
        while !*stop.borrow() {
            if queued.is_empty() && tasks.len() < max_in_flight {
                match self.outbox.due(now_ms(), (max_in_flight * 4) as i64).await {
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
            let (next_chat, messages) = queued
                .front()
                .map_or((0, 1), |d| (d.chat_id, d.content.message_count()));
            tokio::select! {
                // Cancel-safe: a permit is taken only at the instant it is granted.
                _permit = self.governor.broadcast_permit_for(next_chat, messages),
                    if !queued.is_empty() && tasks.len() < max_in_flight =>
                {
                    if let Some(delivery) = queued.pop_front() {
                        if started.insert(delivery.broadcast_id) {
                            if let Err(err) = self.outbox.mark_sending(delivery.broadcast_id).await {
                                tracing::error!(error = %err, "cannot mark a broadcast as sending");
                            }
                            tracing::info!(broadcast = delivery.broadcast_id, "broadcast sending");
                        }
                        let (bot, governor) = (self.bot.clone(), self.governor.clone());
                        let (outbox, subscribers) = (self.outbox.clone(), self.subscribers.clone());
                        let config = self.config;
                        tasks.spawn(async move {
                            let (delivery, result) = send(bot, governor, delivery).await;
                            let key = (delivery.broadcast_id, delivery.chat_id);
                            record(&outbox, &subscribers, &config, delivery, result).await;
                            key
                        });
                    }
                }
                Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                    if let Ok(key) = joined {
                        claimed.remove(&key);
                    }
                }
                _ = tokio::time::sleep(self.config.poll_interval), if queued.is_empty() => {}
                _ = stop.changed() => {}
            }
        }
        // What is in flight at shutdown gets a few seconds to land; anything unrecorded stays
        // pending and is sent again after the restart (the at-most-one-duplicate guarantee).
        let drain = async { while tasks.join_next().await.is_some() {} };
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
}

/// Records one delivery's outcome: sent, to retry, failed, or the chat gone (deactivated).
async fn record(
    outbox: &Outbox,
    subscribers: &Subscribers,
    config: &SenderConfig,
    delivery: DueDelivery,
    result: Result<(), RequestError>,
) {
    let outcome = classify(result, delivery.attempts, config);
    if let Outcome::Blocked { error } = &outcome {
        tracing::info!(chat = delivery.chat_id, %error, "subscriber gone: deactivated");
        if let Err(err) = subscribers.deactivate(delivery.chat_id, error).await {
            tracing::error!(error = %err, "cannot deactivate a subscriber");
        }
    }
    if let Outcome::Failed { error } = &outcome {
        tracing::warn!(chat = delivery.chat_id, broadcast = delivery.broadcast_id, %error, "delivery failed");
    }
    if let Err(err) = outbox
        .record(delivery.broadcast_id, delivery.chat_id, &outcome)
        .await
    {
        tracing::error!(error = %err, "cannot record a delivery");
    }
}

/// One delivery, its permit already granted: one attempt of what the content sends (a copy, the
/// text…; `bot::send::deliver`), through the transport that returns a 5xx at once. A 429 freezes
/// all sending before the result is recorded (and retried).
async fn send(bot: Bot, governor: Arc<Governor>, delivery: DueDelivery) -> Sent {
    let result = crate::bot::send::deliver(&bot, ChatId(delivery.chat_id), &delivery.content).await;
    if let Err(RequestError::RetryAfter(wait)) = &result {
        governor.freeze(wait.duration().min(MAX_FREEZE));
    }
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
    match &err {
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
        RequestError::RetryAfter(wait) => {
            return Outcome::Retry {
                at_ms: now_ms() + wait.duration().min(MAX_FREEZE).as_millis() as i64,
                error,
            };
        }
        _ => {}
    }
    let transient = is_transient(&err);
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
