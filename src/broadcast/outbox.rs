//! The outbox: a broadcast and one delivery row per recipient, written in one transaction when staff
//! confirm. The sender only ever works from these rows, so a crash loses nothing: what was pending
//! stays pending until it is sent.

use std::collections::BTreeMap;
use std::str::FromStr;

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::lang::Lang;
use crate::store::{StoreError, decode, decode_optional, unix_now};

use super::Topic;
use super::content::{Content, MediaKind};
use super::subscribers::AUDIENCE_SQL;

/// Where a broadcast is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BroadcastStatus {
    /// Previewed, waiting for Confirm or Cancel.
    Draft,
    /// Confirmed for a later time; no audience counted, nothing written to send yet.
    Scheduled,
    /// Confirmed; deliveries written, none sent yet.
    Queued,
    Sending,
    /// Stopped by staff with deliveries still pending, until it is resumed.
    Paused,
    Done,
    Cancelled,
}

impl BroadcastStatus {
    /// Every status, in the order of a broadcast's life.
    pub const ALL: [BroadcastStatus; 7] = [
        BroadcastStatus::Draft,
        BroadcastStatus::Scheduled,
        BroadcastStatus::Queued,
        BroadcastStatus::Sending,
        BroadcastStatus::Paused,
        BroadcastStatus::Done,
        BroadcastStatus::Cancelled,
    ];

    /// The status's name in /broadcasts and in the database. (`scheduled` and `paused` are never
    /// stored: they are a queued or sending broadcast with `scheduled_at` not reached, or with
    /// `paused_at` set.)
    pub fn as_str(self) -> &'static str {
        match self {
            BroadcastStatus::Draft => "draft",
            BroadcastStatus::Scheduled => "scheduled",
            BroadcastStatus::Queued => "queued",
            BroadcastStatus::Sending => "sending",
            BroadcastStatus::Paused => "paused",
            BroadcastStatus::Done => "done",
            BroadcastStatus::Cancelled => "cancelled",
        }
    }

    /// Whether nothing more of it will be sent.
    pub fn is_final(self) -> bool {
        matches!(self, BroadcastStatus::Done | BroadcastStatus::Cancelled)
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
    /// Accepted by Telegram.
    pub sent: usize,
    pub failed: usize,
    pub blocked: usize,
    /// Still to be sent (including those waiting to retry).
    pub remaining: usize,
    pub cancelled: usize,
}

impl DeliveryCounts {
    /// Adds `n` deliveries in database status `status`.
    fn add(&mut self, status: &str, n: usize) {
        match status {
            "sent" => self.sent += n,
            "failed" => self.failed += n,
            "blocked" => self.blocked += n,
            "pending" => self.remaining += n,
            "cancelled" => self.cancelled += n,
            _ => {}
        }
    }

    /// Every delivery written, whatever became of it.
    pub fn total(&self) -> usize {
        self.sent + self.failed + self.blocked + self.remaining + self.cancelled
    }

    /// Deliveries that have an outcome (sent, failed or blocked).
    pub fn attempted(&self) -> usize {
        self.sent + self.failed + self.blocked
    }
}

/// One broadcast with its delivery counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broadcast {
    pub id: i64,
    pub created_by: i64,
    pub topic: Topic,
    pub lang: Option<Lang>,
    /// What each recipient gets.
    pub content: Content,
    pub status: BroadcastStatus,
    pub created_at: i64,
    /// When a scheduled broadcast starts (unix seconds).
    pub scheduled_at: Option<i64>,
    /// When its deliveries were written (on confirm, or at the scheduled time).
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// The staff member who confirmed it, who gets its delivery report.
    pub confirmed_by: Option<i64>,
    pub counts: DeliveryCounts,
}

/// A broadcast as staff composed it, before Confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBroadcast {
    pub created_by: i64,
    pub topic: Topic,
    pub lang: Option<Lang>,
    pub content: Content,
    /// When to start it (unix seconds); `None` starts it on confirm.
    pub scheduled_at: Option<i64>,
}

/// Who confirmed a broadcast and where its progress is shown: the confirmation message, edited in
/// place as it goes, in the staff member's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmer {
    pub user: i64,
    pub chat: i64,
    /// The message to edit with the progress; `None` when it cannot be edited.
    pub message: Option<i32>,
    pub lang: Lang,
}

/// What a Confirm tap did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Queued now, for this many recipients.
    Queued {
        recipients: usize,
    },
    /// Confirmed for later: the audience is counted when it starts at `at` (unix seconds).
    Scheduled {
        at: i64,
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
    /// What to send.
    pub content: Content,
    pub attempts: u32,
}

/// A confirmed broadcast whose confirmation message shows its progress, until its report is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub broadcast: Broadcast,
    /// The chat and message to edit with the progress.
    pub chat: i64,
    pub message: Option<i32>,
    /// The language of the staff member's keyboard.
    pub lang: Lang,
}

/// The deliveries of one broadcast broken down, for its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// By the recipient's language (deliveries written before languages were recorded are left
    /// out).
    pub by_lang: BTreeMap<Lang, DeliveryCounts>,
    /// By the subscription that reached the recipient.
    pub by_topic: BTreeMap<Topic, DeliveryCounts>,
    /// The most common errors of failed and blocked deliveries, most common first.
    pub failures: Vec<(String, usize)>,
}

/// The broadcast tables.
#[derive(Debug, Clone)]
pub struct Outbox {
    pool: SqlitePool,
}

/// The columns of `broadcasts` that [`Outbox::read_broadcast`] reads.
const BROADCAST_COLUMNS: &str = "b.id, b.created_by, b.topic, b.lang, b.html, b.status, b.created_at,
    b.content_kind, b.entities, b.source_chat_id, b.source_message_ids, b.scheduled_at, b.started_at,
    b.finished_at, b.paused_at, b.confirmed_by";

/// The subscription that reached a recipient `s` of a broadcast to topic `?1`: the topic itself,
/// else `all`, else (for a broadcast to all) the first topic they follow.
const REACHED_BY_SQL: &str = "CASE
    WHEN ?1 <> 'all' AND EXISTS (SELECT 1 FROM subscriptions z WHERE z.chat_id = s.chat_id AND z.topic = ?1) THEN ?1
    WHEN EXISTS (SELECT 1 FROM subscriptions z WHERE z.chat_id = s.chat_id AND z.topic = 'all') THEN 'all'
    ELSE (SELECT MIN(z.topic) FROM subscriptions z WHERE z.chat_id = s.chat_id) END";

impl Outbox {
    /// The outbox in `pool` (the store's).
    pub fn new(pool: SqlitePool) -> Outbox {
        Outbox { pool }
    }

    /// Records a previewed HTML broadcast, sent on confirm; nothing is sent until it is confirmed.
    pub async fn create_draft(
        &self,
        created_by: i64,
        topic: Topic,
        lang: Option<Lang>,
        html: &str,
    ) -> Result<i64, StoreError> {
        self.create(&NewBroadcast {
            created_by,
            topic,
            lang,
            content: Content::Html(html.to_string()),
            scheduled_at: None,
        })
        .await
    }

    /// Records a previewed broadcast; nothing is sent until it is confirmed.
    pub async fn create(&self, new: &NewBroadcast) -> Result<i64, StoreError> {
        let (html, entities, source_chat, source_messages) = match &new.content {
            Content::Html(html) => (html.as_str(), None, None, None),
            Content::Text { text, entities } => {
                (text.as_str(), Some(entities.as_str()), None, None)
            }
            Content::Copy { chat, message, .. } => ("", None, Some(*chat), Some(vec![*message])),
            Content::Album { chat, messages } => ("", None, Some(*chat), Some(messages.clone())),
        };
        let source_messages = source_messages.map(|ids| {
            let ids: Vec<String> = ids.iter().map(i32::to_string).collect();
            format!("[{}]", ids.join(","))
        });
        let id = sqlx::query(
            "INSERT INTO broadcasts (created_by, topic, lang, html, status, created_at, content_kind,
                 entities, source_chat_id, source_message_ids, scheduled_at)
             VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)",
        )
        .bind(new.created_by)
        .bind(new.topic.code())
        .bind(new.lang.map(Lang::code))
        .bind(html)
        .bind(unix_now())
        .bind(new.content.kind_name())
        .bind(entities)
        .bind(source_chat)
        .bind(source_messages)
        .bind(new.scheduled_at)
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// Confirms a draft with no one to report to (see [`confirm_by`](Self::confirm_by)).
    pub async fn confirm(&self, id: i64) -> Result<Confirmation, StoreError> {
        self.confirm_by(id, None).await
    }

    /// Confirms a draft: in one transaction, marks it queued and, unless it is scheduled for later,
    /// writes a pending delivery for every current recipient. A second confirmation finds it no
    /// longer a draft and queues nothing. `by` gets the progress and the report.
    pub async fn confirm_by(
        &self,
        id: i64,
        by: Option<Confirmer>,
    ) -> Result<Confirmation, StoreError> {
        let now = unix_now();
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query(
            "UPDATE broadcasts SET status = 'queued', confirmed_at = ?, confirmed_by = ?,
                 progress_chat_id = ?, progress_message_id = ?, staff_lang = ?
             WHERE id = ? AND status = 'draft'",
        )
        .bind(now)
        .bind(by.map(|b| b.user))
        .bind(by.map(|b| b.chat))
        .bind(by.and_then(|b| b.message))
        .bind(by.map(|b| b.lang.code()))
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
        let scheduled_at: Option<i64> =
            sqlx::query_scalar("SELECT scheduled_at FROM broadcasts WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let confirmation = match scheduled_at {
            Some(at) if at > now => Confirmation::Scheduled { at },
            _ => Confirmation::Queued {
                recipients: start(&mut tx, id, now).await?,
            },
        };
        tx.commit().await?;
        Ok(confirmation)
    }

    /// Starts the scheduled broadcasts whose time has come (`now`, unix seconds): writes their
    /// deliveries for the audience of the moment. Returns each started broadcast with its number of
    /// recipients. Safe to run from several places at once: a broadcast starts once.
    pub async fn start_due(&self, now: i64) -> Result<Vec<(i64, usize)>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM broadcasts WHERE status = 'queued' AND scheduled_at IS NOT NULL
             AND scheduled_at <= ? AND started_at IS NULL ORDER BY scheduled_at, id",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut started = Vec::new();
        for id in ids {
            let mut tx = self.pool.begin().await?;
            let still_due: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM broadcasts WHERE id = ? AND status = 'queued' AND started_at IS NULL",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            if still_due.is_some() {
                let recipients = start(&mut tx, id, now).await?;
                started.push((id, recipients));
            }
            tx.commit().await?;
        }
        Ok(started)
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

    /// Pauses a confirmed broadcast: its pending deliveries wait (those in flight still land) until
    /// it is resumed. Returns false when there was nothing to pause.
    pub async fn pause(&self, id: i64) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE broadcasts SET paused_at = ? WHERE id = ? AND status IN ('queued', 'sending') AND paused_at IS NULL",
        )
        .bind(unix_now())
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    /// Resumes a paused broadcast. Returns false when it was not paused.
    pub async fn resume(&self, id: i64) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE broadcasts SET paused_at = NULL WHERE id = ? AND status IN ('queued', 'sending') AND paused_at IS NOT NULL",
        )
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    /// One broadcast, with counts.
    pub async fn get(&self, id: i64) -> Result<Option<Broadcast>, StoreError> {
        let sql = format!("SELECT {BROADCAST_COLUMNS} FROM broadcasts b WHERE b.id = ?");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some(self.read_broadcast(&row).await?)),
            None => Ok(None),
        }
    }

    /// The most recent broadcasts (drafts included), newest first.
    pub async fn recent(&self, limit: i64) -> Result<Vec<Broadcast>, StoreError> {
        let sql =
            format!("SELECT {BROADCAST_COLUMNS} FROM broadcasts b ORDER BY b.id DESC LIMIT ?");
        self.read_all(sqlx::query(&sql).bind(limit)).await
    }

    /// The broadcasts confirmed for later and not started yet, soonest first.
    pub async fn scheduled(&self) -> Result<Vec<Broadcast>, StoreError> {
        let sql = format!(
            "SELECT {BROADCAST_COLUMNS} FROM broadcasts b WHERE b.status = 'queued'
             AND b.scheduled_at IS NOT NULL AND b.started_at IS NULL ORDER BY b.scheduled_at, b.id"
        );
        self.read_all(sqlx::query(&sql)).await
    }

    /// The confirmed broadcasts whose progress is shown to the staff member who confirmed them and
    /// whose report is not sent yet.
    pub async fn watched(&self) -> Result<Vec<Watched>, StoreError> {
        let sql = format!(
            "SELECT {BROADCAST_COLUMNS}, b.progress_chat_id, b.progress_message_id, b.staff_lang
             FROM broadcasts b WHERE b.confirmed_by IS NOT NULL AND b.report_sent_at IS NULL
               AND b.status IN ('queued', 'sending', 'done', 'cancelled') ORDER BY b.id"
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        let mut watched = Vec::with_capacity(rows.len());
        for row in rows {
            watched.push(Watched {
                broadcast: self.read_broadcast(&row).await?,
                chat: row
                    .try_get::<Option<i64>, _>("progress_chat_id")?
                    .unwrap_or_default(),
                message: row.try_get("progress_message_id")?,
                lang: decode_optional(&row, "staff_lang")?.unwrap_or(Lang::En),
            });
        }
        Ok(watched)
    }

    /// Records that a broadcast's report was sent (or is not to be sent), so it is sent once.
    pub async fn mark_reported(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE broadcasts SET report_sent_at = ? WHERE id = ?")
            .bind(unix_now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A broadcast's deliveries by language and topic, and its most common failure reasons.
    pub async fn breakdown(&self, id: i64, failures: i64) -> Result<Breakdown, StoreError> {
        let rows = sqlx::query(
            "SELECT lang, topic, status, COUNT(*) AS n FROM deliveries WHERE broadcast_id = ?
             GROUP BY lang, topic, status",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut by_lang: BTreeMap<Lang, DeliveryCounts> = BTreeMap::new();
        let mut by_topic: BTreeMap<Topic, DeliveryCounts> = BTreeMap::new();
        for row in rows {
            let status: String = row.get("status");
            let n = row.get::<i64, _>("n") as usize;
            if let Some(lang) = decode_optional::<Lang>(&row, "lang")? {
                by_lang.entry(lang).or_default().add(&status, n);
            }
            if let Some(topic) = decode_optional::<Topic>(&row, "topic")? {
                by_topic.entry(topic).or_default().add(&status, n);
            }
        }
        let failures: Vec<(String, i64)> = sqlx::query_as(
            "SELECT last_error, COUNT(*) AS n FROM deliveries
             WHERE broadcast_id = ? AND status IN ('failed', 'blocked') AND last_error IS NOT NULL
             GROUP BY last_error ORDER BY n DESC, last_error LIMIT ?",
        )
        .bind(id)
        .bind(failures)
        .fetch_all(&self.pool)
        .await?;
        Ok(Breakdown {
            by_lang,
            by_topic,
            failures: failures
                .into_iter()
                .map(|(error, n)| (error, n as usize))
                .collect(),
        })
    }

    async fn read_all<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    ) -> Result<Vec<Broadcast>, StoreError> {
        let rows = query.fetch_all(&self.pool).await?;
        let mut broadcasts = Vec::with_capacity(rows.len());
        for row in rows {
            broadcasts.push(self.read_broadcast(&row).await?);
        }
        Ok(broadcasts)
    }

    async fn read_broadcast(&self, row: &SqliteRow) -> Result<Broadcast, StoreError> {
        let id: i64 = row.try_get("id")?;
        let stored: BroadcastStatus = decode(row, "status")?;
        let scheduled_at: Option<i64> = row.try_get("scheduled_at")?;
        let started_at: Option<i64> = row.try_get("started_at")?;
        let paused = row.try_get::<Option<i64>, _>("paused_at")?.is_some();
        let status = match stored {
            BroadcastStatus::Queued | BroadcastStatus::Sending if paused => BroadcastStatus::Paused,
            BroadcastStatus::Queued if scheduled_at.is_some() && started_at.is_none() => {
                BroadcastStatus::Scheduled
            }
            other => other,
        };
        Ok(Broadcast {
            id,
            created_by: row.try_get("created_by")?,
            topic: decode(row, "topic")?,
            lang: decode_optional(row, "lang")?,
            content: read_content(row)?,
            status,
            created_at: row.try_get("created_at")?,
            scheduled_at,
            started_at,
            finished_at: row.try_get("finished_at")?,
            confirmed_by: row.try_get("confirmed_by")?,
            counts: self.counts(id).await?,
        })
    }

    /// How a broadcast's deliveries stand.
    pub async fn counts(&self, id: i64) -> Result<DeliveryCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM deliveries WHERE broadcast_id = ? GROUP BY status",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut counts = DeliveryCounts::default();
        for row in rows {
            counts.add(row.get("status"), row.get::<i64, _>("n") as usize);
        }
        Ok(counts)
    }

    /// Pending deliveries whose time has come, oldest broadcast first; none of a paused one.
    pub async fn due(&self, now_ms: i64, limit: i64) -> Result<Vec<DueDelivery>, StoreError> {
        let sql = format!(
            "SELECT d.chat_id, d.attempts, {BROADCAST_COLUMNS} FROM deliveries d
             JOIN broadcasts b ON b.id = d.broadcast_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND b.status IN ('queued', 'sending')
               AND b.paused_at IS NULL
             ORDER BY d.broadcast_id, d.chat_id LIMIT ?"
        );
        let rows = sqlx::query(&sql)
            .bind(now_ms)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DueDelivery {
                    broadcast_id: r.try_get("id")?,
                    chat_id: r.try_get("chat_id")?,
                    content: read_content(r)?,
                    attempts: r.try_get::<i64, _>("attempts")? as u32,
                })
            })
            .collect()
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

    /// Marks broadcasts with nothing left to send as done; returns their ids. A scheduled broadcast
    /// not started yet has nothing pending but is not done.
    pub async fn finish_completed(&self) -> Result<Vec<i64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE broadcasts SET status = 'done', finished_at = ?
             WHERE status IN ('queued', 'sending')
               AND (scheduled_at IS NULL OR started_at IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.broadcast_id = broadcasts.id AND d.status = 'pending')
             RETURNING id",
        )
        .bind(unix_now())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }
}

/// Writes a pending delivery for every current recipient of broadcast `id` (with the language and
/// the subscription that reaches them) and records it as started at `now`; with no recipient, it
/// is done at once. Returns the number of recipients.
async fn start(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: i64,
    now: i64,
) -> Result<usize, StoreError> {
    let (topic, lang): (String, Option<String>) =
        sqlx::query_as("SELECT topic, lang FROM broadcasts WHERE id = ?")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    let sql = format!(
        "INSERT INTO deliveries (broadcast_id, chat_id, status, lang, topic)
         SELECT ?3, s.chat_id, 'pending', s.lang, {REACHED_BY_SQL} FROM subscribers s WHERE {AUDIENCE_SQL}"
    );
    let recipients = sqlx::query(&sql)
        .bind(topic)
        .bind(lang)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected() as usize;
    sqlx::query("UPDATE broadcasts SET started_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if recipients == 0 {
        sqlx::query("UPDATE broadcasts SET status = 'done', finished_at = ? WHERE id = ?")
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(recipients)
}

/// What a broadcast row sends: a copy when it names a source message, else its text.
fn read_content(row: &SqliteRow) -> Result<Content, StoreError> {
    let kind: String = row.try_get("content_kind")?;
    let source_chat: Option<i64> = row.try_get("source_chat_id")?;
    let unknown = |column: &'static str, value: String| StoreError::UnknownValue { column, value };
    let Some(chat) = source_chat else {
        let text: String = row.try_get("html")?;
        return match kind.as_str() {
            "html" => Ok(Content::Html(text)),
            "text" => Ok(Content::Text {
                text,
                entities: row
                    .try_get::<Option<String>, _>("entities")?
                    .unwrap_or_else(|| "[]".to_string()),
            }),
            _ => Err(unknown("content_kind", kind)),
        };
    };
    let ids: String = row
        .try_get::<Option<String>, _>("source_message_ids")?
        .unwrap_or_default();
    let messages: Vec<i32> = serde_json::from_str(&ids)
        .ok()
        .filter(|ids: &Vec<i32>| !ids.is_empty())
        .ok_or_else(|| unknown("source_message_ids", ids.clone()))?;
    if kind == "album" {
        return Ok(Content::Album { chat, messages });
    }
    let media: MediaKind = kind
        .parse()
        .map_err(|_| unknown("content_kind", kind.clone()))?;
    Ok(Content::Copy {
        chat,
        message: messages[0],
        kind: media,
    })
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

    async fn with_subscribers() -> (Store, Outbox) {
        let store = Store::in_memory().await.expect("store");
        let subscribers = crate::broadcast::Subscribers::new(store.pool().clone());
        for (chat, topic, lang) in [
            (1, Topic::Meetings, Lang::Ru),
            (2, Topic::All, Lang::En),
            (3, Topic::Universities, Lang::Fa),
        ] {
            subscribers
                .subscribe(chat, topic, lang)
                .await
                .expect("subscribe");
        }
        let outbox = Outbox::new(store.pool().clone());
        (store, outbox)
    }

    fn photo(scheduled_at: Option<i64>) -> NewBroadcast {
        NewBroadcast {
            created_by: 9,
            topic: Topic::Meetings,
            lang: None,
            content: Content::Copy {
                chat: 9,
                message: 40,
                kind: MediaKind::Photo,
            },
            scheduled_at,
        }
    }

    #[tokio::test]
    async fn a_copied_message_reads_back_as_the_same_content() {
        let (_store, outbox) = with_subscribers().await;
        let album = NewBroadcast {
            content: Content::Album {
                chat: 9,
                messages: vec![41, 42, 43],
            },
            ..photo(None)
        };
        for new in [photo(None), album] {
            let id = outbox.create(&new).await.expect("create");
            let read = outbox.get(id).await.expect("read").expect("exists");
            assert_eq!(read.content, new.content);
        }
    }

    #[tokio::test]
    async fn a_broadcast_written_before_the_upgrade_is_still_delivered_after_it() {
        // A database migrated only up to before composed broadcasts (0006), with a queued HTML
        // broadcast written the old way.
        let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let before = tempfile::tempdir().expect("temp dir");
        for file in std::fs::read_dir(&all).expect("migrations") {
            let file = file.expect("entry").path();
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if name.as_str() < "0006" {
                std::fs::copy(&file, before.path().join(&name)).expect("copy");
            }
        }
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .expect("pool");
        sqlx::migrate::Migrator::new(before.path())
            .await
            .expect("old migrations")
            .run(&pool)
            .await
            .expect("old schema");
        sqlx::query(
            "INSERT INTO broadcasts (id, created_by, topic, lang, html, status, created_at, confirmed_at)
             VALUES (5, 1, 'all', NULL, '<b>Old</b> news', 'queued', 0, 0)",
        )
        .execute(&pool)
        .await
        .expect("legacy broadcast");
        sqlx::query(
            "INSERT INTO deliveries (broadcast_id, chat_id, status) VALUES (5, 77, 'pending')",
        )
        .execute(&pool)
        .await
        .expect("legacy delivery");

        // The upgrade, as `Store::open` runs it.
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .expect("upgrade");

        let outbox = Outbox::new(pool.clone());
        let due = outbox.due(i64::MAX, 10).await.expect("due");
        assert_eq!(
            due,
            [DueDelivery {
                broadcast_id: 5,
                chat_id: 77,
                content: Content::Html("<b>Old</b> news".into()),
                attempts: 0,
            }]
        );
        let old = outbox.get(5).await.expect("read").expect("exists");
        assert_eq!(old.status, BroadcastStatus::Queued);
        outbox.record(5, 77, &Outcome::Sent).await.expect("record");
        assert_eq!(outbox.finish_completed().await.expect("finish"), [5]);
        assert!(
            outbox.watched().await.expect("watched").is_empty(),
            "no one to report to"
        );
    }

    #[tokio::test]
    async fn a_scheduled_broadcast_writes_no_deliveries_until_its_time() {
        let (_store, outbox) = with_subscribers().await;
        let at = unix_now() + 600;
        let id = outbox.create(&photo(Some(at))).await.expect("create");
        assert_eq!(
            outbox.confirm(id).await.expect("confirm"),
            Confirmation::Scheduled { at }
        );
        assert_eq!(
            outbox.get(id).await.expect("read").expect("exists").status,
            BroadcastStatus::Scheduled
        );
        assert_eq!(outbox.counts(id).await.expect("counts").total(), 0);
        assert!(
            outbox.finish_completed().await.expect("finish").is_empty(),
            "not done: not started"
        );
        assert!(outbox.start_due(at - 1).await.expect("start").is_empty());
        assert_eq!(outbox.scheduled().await.expect("list").len(), 1);

        assert_eq!(outbox.start_due(at).await.expect("start"), [(id, 2)]);
        assert!(
            outbox.start_due(at).await.expect("again").is_empty(),
            "started once"
        );
        let started = outbox.get(id).await.expect("read").expect("exists");
        assert_eq!(
            (started.status, started.started_at),
            (BroadcastStatus::Queued, Some(at))
        );
        assert_eq!(outbox.counts(id).await.expect("counts").remaining, 2);
        assert!(outbox.scheduled().await.expect("list").is_empty());
    }

    #[tokio::test]
    async fn a_scheduled_broadcast_cancelled_before_its_time_never_starts() {
        let (_store, outbox) = with_subscribers().await;
        let at = unix_now() + 600;
        let id = outbox.create(&photo(Some(at))).await.expect("create");
        outbox.confirm(id).await.expect("confirm");
        assert!(outbox.cancel(id).await.expect("cancel"));
        assert!(outbox.start_due(at).await.expect("start").is_empty());
        assert_eq!(outbox.counts(id).await.expect("counts").total(), 0);
    }

    #[tokio::test]
    async fn a_paused_broadcast_has_nothing_due_until_it_is_resumed() {
        let (_store, outbox) = with_subscribers().await;
        let id = outbox.create(&photo(None)).await.expect("create");
        outbox.confirm(id).await.expect("confirm");
        assert!(outbox.pause(id).await.expect("pause"));
        assert!(!outbox.pause(id).await.expect("pause twice"));
        assert_eq!(
            outbox.get(id).await.expect("read").expect("exists").status,
            BroadcastStatus::Paused
        );
        assert!(outbox.due(i64::MAX, 10).await.expect("due").is_empty());
        assert!(outbox.finish_completed().await.expect("finish").is_empty());
        assert!(outbox.resume(id).await.expect("resume"));
        assert!(!outbox.resume(id).await.expect("resume twice"));
        assert_eq!(outbox.due(i64::MAX, 10).await.expect("due").len(), 2);
    }

    #[tokio::test]
    async fn deliveries_are_broken_down_by_language_topic_and_failure() {
        let (_store, outbox) = with_subscribers().await;
        let id = outbox.create(&photo(None)).await.expect("create");
        outbox.confirm(id).await.expect("confirm");
        let blocked = Outcome::Blocked {
            error: "Forbidden: bot was blocked by the user".into(),
        };
        outbox.record(id, 1, &blocked).await.expect("record");
        outbox.record(id, 2, &Outcome::Sent).await.expect("record");
        let breakdown = outbox.breakdown(id, 3).await.expect("breakdown");
        assert_eq!(breakdown.by_lang[&Lang::Ru].blocked, 1);
        assert_eq!(breakdown.by_lang[&Lang::En].sent, 1);
        assert_eq!(breakdown.by_topic[&Topic::Meetings].blocked, 1);
        assert_eq!(breakdown.by_topic[&Topic::All].sent, 1);
        assert_eq!(
            breakdown.failures,
            [("Forbidden: bot was blocked by the user".to_string(), 1)]
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
