//! The outbox: a broadcast and one delivery row per recipient, written in one transaction when staff
//! confirm. The sender only ever works from these rows, so a crash loses nothing: what was pending
//! stays pending until it is sent.

use std::collections::BTreeMap;
use std::str::FromStr;

use sqlx::{Row, SqlitePool};

use crate::lang::Lang;
use crate::store::{StoreError, decode, decode_optional, unix_now};

use super::Topic;
use super::subscribers::AUDIENCE_SQL;

/// Where a broadcast is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BroadcastStatus {
    /// Previewed, waiting for Confirm or Cancel.
    Draft,
    /// Confirmed; deliveries written, none sent yet.
    Queued,
    Sending,
    Done,
    Cancelled,
}

impl BroadcastStatus {
    /// Every status, in the order of a broadcast's life.
    pub const ALL: [BroadcastStatus; 5] = [
        BroadcastStatus::Draft,
        BroadcastStatus::Queued,
        BroadcastStatus::Sending,
        BroadcastStatus::Done,
        BroadcastStatus::Cancelled,
    ];

    /// The status's name in /broadcasts and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            BroadcastStatus::Draft => "draft",
            BroadcastStatus::Queued => "queued",
            BroadcastStatus::Sending => "sending",
            BroadcastStatus::Done => "done",
            BroadcastStatus::Cancelled => "cancelled",
        }
    }
}

impl FromStr for BroadcastStatus {
    type Err = UnknownStatus;

    fn from_str(text: &str) -> Result<BroadcastStatus, UnknownStatus> {
        BroadcastStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| UnknownStatus(text.to_string()))
    }
}

/// A word that is not a broadcast status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown broadcast status `{0}`")]
pub struct UnknownStatus(pub String);

/// How a broadcast's deliveries stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryCounts {
    pub sent: usize,
    pub failed: usize,
    pub blocked: usize,
    /// Still to be sent (including those waiting to retry).
    pub remaining: usize,
    pub cancelled: usize,
}

/// One broadcast with its delivery counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broadcast {
    pub id: i64,
    pub created_by: i64,
    pub topic: Topic,
    pub lang: Option<Lang>,
    pub html: String,
    pub status: BroadcastStatus,
    pub created_at: i64,
    pub counts: DeliveryCounts,
}

/// What a Confirm tap did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Queued now, for this many recipients.
    Queued {
        recipients: usize,
    },
    /// Already confirmed earlier: nothing queued twice.
    AlreadyConfirmed,
    /// Cancelled before the tap.
    Cancelled,
    NotFound,
}

/// A delivery due to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    pub broadcast_id: i64,
    pub chat_id: i64,
    pub html: String,
    pub attempts: u32,
}

/// The broadcast tables.
#[derive(Debug, Clone)]
pub struct Outbox {
    pool: SqlitePool,
}

impl Outbox {
    /// The outbox in `pool` (the store's).
    pub fn new(pool: SqlitePool) -> Outbox {
        Outbox { pool }
    }

    /// Records a previewed broadcast; nothing is sent until it is confirmed.
    pub async fn create_draft(
        &self,
        created_by: i64,
        topic: Topic,
        lang: Option<Lang>,
        html: &str,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query(
            "INSERT INTO broadcasts (created_by, topic, lang, html, status, created_at) VALUES (?, ?, ?, ?, 'draft', ?)",
        )
        .bind(created_by)
        .bind(topic.code())
        .bind(lang.map(Lang::code))
        .bind(html)
        .bind(unix_now())
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// Confirms a draft: in one transaction, marks it queued and writes a pending delivery for every
    /// current recipient. A second confirmation finds it no longer a draft and queues nothing.
    pub async fn confirm(&self, id: i64) -> Result<Confirmation, StoreError> {
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query(
            "UPDATE broadcasts SET status = 'queued', confirmed_at = ? WHERE id = ? AND status = 'draft'",
        )
        .bind(unix_now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM broadcasts WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Ok(match status.as_deref() {
                None => Confirmation::NotFound,
                Some("cancelled") => Confirmation::Cancelled,
                Some(_) => Confirmation::AlreadyConfirmed,
            });
        }
        let (topic, lang): (String, Option<String>) =
            sqlx::query_as("SELECT topic, lang FROM broadcasts WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let sql = format!(
            "INSERT INTO deliveries (broadcast_id, chat_id, status)
             SELECT ?3, s.chat_id, 'pending' FROM subscribers s WHERE {AUDIENCE_SQL}"
        );
        let recipients = sqlx::query(&sql)
            .bind(topic)
            .bind(lang)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected() as usize;
        if recipients == 0 {
            sqlx::query("UPDATE broadcasts SET status = 'done', finished_at = ? WHERE id = ?")
                .bind(unix_now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Confirmation::Queued { recipients })
    }

    /// Cancels a draft or stops a broadcast: what has not been sent yet is not sent. Returns false
    /// when there was nothing to cancel (unknown, done or already cancelled).
    pub async fn cancel(&self, id: i64) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE broadcasts SET status = 'cancelled', finished_at = ? WHERE id = ? AND status IN ('draft', 'queued', 'sending')",
        )
        .bind(unix_now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("UPDATE deliveries SET status = 'cancelled' WHERE broadcast_id = ? AND status = 'pending'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// One broadcast, with counts.
    pub async fn get(&self, id: i64) -> Result<Option<Broadcast>, StoreError> {
        Ok(self.load(Some(id), 1).await?.pop())
    }

    /// The most recent broadcasts (drafts included), newest first.
    pub async fn recent(&self, limit: i64) -> Result<Vec<Broadcast>, StoreError> {
        self.load(None, limit).await
    }

    async fn load(&self, id: Option<i64>, limit: i64) -> Result<Vec<Broadcast>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, created_by, topic, lang, html, status, created_at FROM broadcasts
             WHERE ?1 IS NULL OR id = ?1 ORDER BY id DESC LIMIT ?2",
        )
        .bind(id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut broadcasts = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get("id");
            broadcasts.push(Broadcast {
                id,
                created_by: row.get("created_by"),
                topic: decode(&row, "topic")?,
                lang: decode_optional(&row, "lang")?,
                html: row.get("html"),
                status: decode(&row, "status")?,
                created_at: row.get("created_at"),
                counts: self.counts(id).await?,
            });
        }
        Ok(broadcasts)
    }

    /// How a broadcast's deliveries stand.
    pub async fn counts(&self, id: i64) -> Result<DeliveryCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM deliveries WHERE broadcast_id = ? GROUP BY status",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let by_status: BTreeMap<String, usize> = rows
            .iter()
            .map(|r| (r.get("status"), r.get::<i64, _>("n") as usize))
            .collect();
        let get = |s: &str| by_status.get(s).copied().unwrap_or(0);
        Ok(DeliveryCounts {
            sent: get("sent"),
            failed: get("failed"),
            blocked: get("blocked"),
            remaining: get("pending"),
            cancelled: get("cancelled"),
        })
    }

    /// Pending deliveries whose time has come, oldest broadcast first.
    pub async fn due(&self, now_ms: i64, limit: i64) -> Result<Vec<DueDelivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.broadcast_id, d.chat_id, d.attempts, b.html FROM deliveries d
             JOIN broadcasts b ON b.id = d.broadcast_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND b.status IN ('queued', 'sending')
             ORDER BY d.broadcast_id, d.chat_id LIMIT ?",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| DueDelivery {
                broadcast_id: r.get("broadcast_id"),
                chat_id: r.get("chat_id"),
                html: r.get("html"),
                attempts: r.get::<i64, _>("attempts") as u32,
            })
            .collect())
    }

    /// A queued broadcast whose first delivery is under way.
    pub async fn mark_sending(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE broadcasts SET status = 'sending' WHERE id = ? AND status = 'queued'")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records the outcome of one delivery attempt.
    pub async fn record(
        &self,
        broadcast: i64,
        chat: i64,
        outcome: &Outcome,
    ) -> Result<(), StoreError> {
        let (status, error, next_at, sent_at): (&str, Option<&str>, i64, Option<i64>) =
            match outcome {
                // A delivery cancelled while in flight was still sent: record the truth.
                Outcome::Sent => ("sent", None, 0, Some(unix_now())),
                Outcome::Retry { at_ms, error } => ("pending", Some(error), *at_ms, None),
                Outcome::Failed { error } => ("failed", Some(error), 0, None),
                Outcome::Blocked { error } => ("blocked", Some(error), 0, None),
            };
        sqlx::query(
            "UPDATE deliveries SET status = CASE WHEN status = 'cancelled' AND ?1 = 'pending' THEN 'cancelled' ELSE ?1 END,
                 attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3, sent_at = ?4
             WHERE broadcast_id = ?5 AND chat_id = ?6",
        )
        .bind(status)
        .bind(error)
        .bind(next_at)
        .bind(sent_at)
        .bind(broadcast)
        .bind(chat)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks broadcasts with nothing left to send as done; returns their ids.
    pub async fn finish_completed(&self) -> Result<Vec<i64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE broadcasts SET status = 'done', finished_at = ?
             WHERE status IN ('queued', 'sending')
               AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.broadcast_id = broadcasts.id AND d.status = 'pending')
             RETURNING id",
        )
        .bind(unix_now())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }
}

/// The result of one delivery attempt, as the outbox records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// A transient failure (5xx, network): try again at `at_ms` (unix milliseconds).
    Retry {
        at_ms: i64,
        error: String,
    },
    /// Given up: too many attempts, or a permanent error other than a gone chat.
    Failed {
        error: String,
    },
    /// The chat blocked the bot or no longer exists: the subscriber is deactivated.
    Blocked {
        error: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test]
    async fn a_broadcast_with_an_unknown_topic_is_an_error_not_a_broadcast_to_all() {
        let store = Store::in_memory().await.expect("store");
        sqlx::query(
            "INSERT INTO broadcasts (created_by, topic, lang, html, status, created_at)
             VALUES (1, 'weather', NULL, 'hi', 'draft', 0)",
        )
        .execute(store.pool())
        .await
        .expect("insert");
        let read = Outbox::new(store.pool().clone()).recent(1).await;
        assert!(
            matches!(&read, Err(StoreError::UnknownValue { column: "topic", value }) if value == "weather"),
            "{read:?}"
        );
    }

    #[test]
    fn every_status_reads_back_as_itself() {
        for status in BroadcastStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
        assert!("lost".parse::<BroadcastStatus>().is_err());
    }
}
