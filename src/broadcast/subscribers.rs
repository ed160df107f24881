//! Subscriptions, kept with the chat's language so a broadcast can be targeted by topic and language.

use std::collections::BTreeMap;

use sqlx::{Row, SqlitePool};

use crate::lang::Lang;
use crate::store::{StoreError, decode, unix_now};

use super::Topic;

/// Subscription records in the database.
#[derive(Debug, Clone)]
pub struct Subscribers {
    pool: SqlitePool,
}

/// Who a broadcast would reach: active subscribers of the topic (or of `all`) in the language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    pub total: usize,
    pub by_lang: BTreeMap<Lang, usize>,
}

/// The SQL condition selecting a broadcast's recipients from `subscribers s`.
pub(super) const AUDIENCE_SQL: &str = "s.active = 1
    AND (?1 = 'all' OR EXISTS (SELECT 1 FROM subscriptions x
         WHERE x.chat_id = s.chat_id AND x.topic IN (?1, 'all')))
    AND (?2 IS NULL OR s.lang = ?2)
    AND EXISTS (SELECT 1 FROM subscriptions y WHERE y.chat_id = s.chat_id)";

impl Subscribers {
    /// Subscriptions in `pool` (the store's).
    pub fn new(pool: SqlitePool) -> Subscribers {
        Subscribers { pool }
    }

    /// Subscribes a chat to a topic, (re)activating it and recording its language.
    pub async fn subscribe(&self, chat: i64, topic: Topic, lang: Lang) -> Result<(), StoreError> {
        let now = unix_now();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO subscribers (chat_id, lang, active, inactive_why, created_at, updated_at)
             VALUES (?1, ?2, 1, NULL, ?3, ?3)
             ON CONFLICT (chat_id) DO UPDATE SET lang = ?2, active = 1, inactive_why = NULL, updated_at = ?3",
        )
        .bind(chat)
        .bind(lang.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT OR IGNORE INTO subscriptions (chat_id, topic) VALUES (?, ?)")
            .bind(chat)
            .bind(topic.code())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unsubscribes from one topic, or from everything when `topic` is `None`. Returns whether
    /// anything was removed.
    pub async fn unsubscribe(&self, chat: i64, topic: Option<Topic>) -> Result<bool, StoreError> {
        let removed = match topic {
            Some(topic) => sqlx::query("DELETE FROM subscriptions WHERE chat_id = ? AND topic = ?")
                .bind(chat)
                .bind(topic.code())
                .execute(&self.pool)
                .await?
                .rows_affected(),
            None => sqlx::query("DELETE FROM subscriptions WHERE chat_id = ?")
                .bind(chat)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        };
        Ok(removed > 0)
    }

    /// Forgets a chat entirely (`/forget_me`): its topics and its subscriber row. Returns how many
    /// topics it followed.
    pub async fn forget(&self, chat: i64) -> Result<usize, StoreError> {
        let topics = sqlx::query("DELETE FROM subscriptions WHERE chat_id = ?")
            .bind(chat)
            .execute(&self.pool)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM subscribers WHERE chat_id = ?")
            .bind(chat)
            .execute(&self.pool)
            .await?;
        Ok(topics as usize)
    }

    /// The topics a chat follows.
    pub async fn topics(&self, chat: i64) -> Result<Vec<Topic>, StoreError> {
        let rows = sqlx::query("SELECT topic FROM subscriptions WHERE chat_id = ? ORDER BY topic")
            .bind(chat)
            .fetch_all(&self.pool)
            .await?;
        let mut topics = rows
            .iter()
            .map(|r| decode(r, "topic"))
            .collect::<Result<Vec<Topic>, _>>()?;
        topics.sort();
        Ok(topics)
    }

    /// Whether the chat's subscription is active (false when deactivated or never subscribed).
    pub async fn is_active(&self, chat: i64) -> Result<bool, StoreError> {
        let active: Option<i64> =
            sqlx::query_scalar("SELECT active FROM subscribers WHERE chat_id = ?")
                .bind(chat)
                .fetch_optional(&self.pool)
                .await?;
        Ok(active == Some(1))
    }

    /// Reactivates a deactivated subscriber who came back (/start), keeping their topics.
    pub async fn reactivate(&self, chat: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE subscribers SET active = 1, inactive_why = NULL, updated_at = ? WHERE chat_id = ? AND active = 0")
            .bind(unix_now())
            .bind(chat)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stops sending to a chat that blocked the bot or no longer exists.
    pub async fn deactivate(&self, chat: i64, why: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE subscribers SET active = 0, inactive_why = ?, updated_at = ? WHERE chat_id = ?",
        )
        .bind(why)
        .bind(unix_now())
        .bind(chat)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Keeps a subscriber's language in step with the chat's /lang.
    pub async fn set_language(&self, chat: i64, lang: Lang) -> Result<(), StoreError> {
        sqlx::query("UPDATE subscribers SET lang = ?, updated_at = ? WHERE chat_id = ?")
            .bind(lang.code())
            .bind(unix_now())
            .bind(chat)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Who a broadcast to `topic`, optionally only in `lang`, would reach now.
    pub async fn audience(&self, topic: Topic, lang: Option<Lang>) -> Result<Audience, StoreError> {
        let sql = format!(
            "SELECT s.lang AS lang, COUNT(*) AS n FROM subscribers s WHERE {AUDIENCE_SQL} GROUP BY s.lang"
        );
        let rows = sqlx::query(&sql)
            .bind(topic.code())
            .bind(lang.map(Lang::code))
            .fetch_all(&self.pool)
            .await?;
        let mut audience = Audience::default();
        for row in rows {
            let n = row.get::<i64, _>("n") as usize;
            audience.by_lang.insert(decode(&row, "lang")?, n);
            audience.total += n;
        }
        Ok(audience)
    }

    /// Active subscribers per topic and language, for /stats.
    pub async fn counts(&self) -> Result<Vec<(Topic, Lang, usize)>, StoreError> {
        let rows = sqlx::query(
            "SELECT x.topic AS topic, s.lang AS lang, COUNT(*) AS n FROM subscriptions x
             JOIN subscribers s ON s.chat_id = x.chat_id WHERE s.active = 1
             GROUP BY x.topic, s.lang ORDER BY x.topic, s.lang",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let n = r.get::<i64, _>("n") as usize;
                Ok((decode(r, "topic")?, decode(r, "lang")?, n))
            })
            .collect()
    }
}
