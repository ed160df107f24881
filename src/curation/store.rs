//! What staff curate from the chat: the misses waiting for review, the "did you mean" offers a
//! "None of these" tap turns into misses, and the questions staff attached to entries (learned
//! questions), with who did what and when. Nothing here records who *asked*.

use std::str::FromStr;

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::lang::Lang;

use crate::store::{StoreError, decode, unix_now};

/// Offers older than this cannot be turned into misses any more; they are pruned.
const OFFER_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;

/// Why a question was logged as a miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissReason {
    /// The bot said it did not know.
    Unknown,
    /// The bot offered entries and the user said none of them was right.
    NoneOfThese,
    /// The bot answered and the user tapped 👎 (the miss names the entry it got).
    Unhelpful,
    /// The user sent the question to programme staff, and staff chose to attach it to an entry.
    AskedStaff,
}

impl MissReason {
    /// The reason as the database stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            MissReason::Unknown => "unknown",
            MissReason::NoneOfThese => "none_of_these",
            MissReason::Unhelpful => "unhelpful",
            MissReason::AskedStaff => "asked_staff",
        }
    }
}

impl FromStr for MissReason {
    type Err = ();

    fn from_str(text: &str) -> Result<MissReason, ()> {
        [
            MissReason::Unknown,
            MissReason::NoneOfThese,
            MissReason::Unhelpful,
            MissReason::AskedStaff,
        ]
        .into_iter()
        .find(|reason| reason.as_str() == text)
        .ok_or(())
    }
}

/// A logged question the bot did not answer, still open for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub id: i64,
    pub text: String,
    pub lang: Lang,
    pub reason: MissReason,
    /// Unix seconds.
    pub asked_at: i64,
    /// For an unhelpful answer, the entry it got.
    pub entry_id: Option<String>,
}

/// A question staff attached to an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnedQuestion {
    pub id: i64,
    pub entry_id: String,
    pub text: String,
    pub lang: Lang,
    /// The staff member's Telegram user id (0 from the command line).
    pub added_by: i64,
    /// Unix seconds.
    pub added_at: i64,
    /// When `export-learned` last wrote it into the knowledge files, if ever.
    pub exported_at: Option<i64>,
}

/// The curation tables; cheap to clone.
#[derive(Debug, Clone)]
pub struct Curation {
    pool: SqlitePool,
}

impl Curation {
    /// Curation over the bot's database (migrated by [`crate::store::Store`]).
    pub fn new(pool: SqlitePool) -> Curation {
        Curation { pool }
    }

    /// Logs a question the bot could not answer: its text, language and time, nothing about who.
    pub async fn log_unanswered(&self, text: &str, lang: Lang) -> Result<(), StoreError> {
        self.log_unanswered_at(text, lang, unix_now()).await
    }

    /// [`log_unanswered`](Self::log_unanswered) for a question asked at `asked_at` (unix
    /// seconds): the database writer records misses after the reply, sometimes much later.
    pub async fn log_unanswered_at(
        &self,
        text: &str,
        lang: Lang,
        asked_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO unanswered_questions (text, lang, asked_at) VALUES (?, ?, ?)")
            .bind(text)
            .bind(lang.code())
            .bind(asked_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Logs a question sent to programme staff as a miss, when staff attach it to an entry from its
    /// ticket; returns the miss, for the review card.
    pub async fn log_asked_staff(&self, text: &str, lang: Lang) -> Result<i64, StoreError> {
        let id = sqlx::query(
            "INSERT INTO unanswered_questions (text, lang, asked_at, reason) VALUES (?, ?, ?, 'asked_staff')",
        )
        .bind(text)
        .bind(lang.code())
        .bind(unix_now())
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// Reads one offer's question and language (an "Ask programme staff" button under "don't
    /// know" names its question by an offer); `None` once pruned or rejected.
    pub async fn offered(&self, offer: i64) -> Result<Option<(String, Lang)>, StoreError> {
        let row = sqlx::query("SELECT text, lang FROM suggestion_offers WHERE id = ?")
            .bind(offer)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((row.get("text"), decode(&row, "lang")?)))
            .transpose()
    }

    /// The highest offer id ever handed out, so that ids allocated in memory (for a reply that
    /// must not wait on the database) never reuse one whose button may still be in a chat.
    pub async fn last_offer_id(&self) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "SELECT MAX(COALESCE((SELECT MAX(id) FROM suggestion_offers), 0),
                        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'suggestion_offers'), 0))",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// Stores an offer whose id was allocated in memory (after [`last_offer_id`](Self::last_offer_id)),
    /// pruning the expired ones; a second write of the same id changes nothing.
    pub async fn record_offer(
        &self,
        id: i64,
        text: &str,
        lang: Lang,
        asked_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM suggestion_offers WHERE asked_at < ?")
            .bind(asked_at - OFFER_LIFETIME_SECS)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT OR IGNORE INTO suggestion_offers (id, text, lang, asked_at) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(text)
        .bind(lang.code())
        .bind(asked_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Remembers a question answered with "did you mean", so a "None of these" tap can log it.
    /// Returns the offer's id for the button.
    pub async fn offer(&self, text: &str, lang: Lang) -> Result<i64, StoreError> {
        let now = unix_now();
        sqlx::query("DELETE FROM suggestion_offers WHERE asked_at < ?")
            .bind(now - OFFER_LIFETIME_SECS)
            .execute(&self.pool)
            .await?;
        let id =
            sqlx::query("INSERT INTO suggestion_offers (text, lang, asked_at) VALUES (?, ?, ?)")
                .bind(text)
                .bind(lang.code())
                .bind(now)
                .execute(&self.pool)
                .await?
                .last_insert_rowid();
        Ok(id)
    }

    /// Turns an offer into a "None of these" miss. A second tap (or an expired offer) finds nothing
    /// and logs nothing, so a miss is counted once.
    pub async fn reject_offer(&self, offer: i64) -> Result<Option<Miss>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query("DELETE FROM suggestion_offers WHERE id = ? RETURNING text, lang")
            .bind(offer)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let text: String = row.get("text");
        let lang: Lang = decode(&row, "lang")?;
        let asked_at = unix_now();
        let id = sqlx::query(
            "INSERT INTO unanswered_questions (text, lang, asked_at, reason) VALUES (?, ?, ?, 'none_of_these')",
        )
        .bind(&text)
        .bind(lang.code())
        .bind(asked_at)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        tx.commit().await?;
        Ok(Some(Miss {
            id,
            text,
            lang,
            reason: MissReason::NoneOfThese,
            asked_at,
            entry_id: None,
        }))
    }

    /// Misses asked since `since` (unix seconds) that staff have neither attached nor dismissed,
    /// newest first.
    pub async fn open_misses(&self, since: i64) -> Result<Vec<Miss>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, text, lang, reason, asked_at, entry_id FROM unanswered_questions
             WHERE asked_at >= ? AND resolution IS NULL ORDER BY asked_at DESC, id DESC",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Miss {
                    id: row.get("id"),
                    text: row.get("text"),
                    lang: decode(row, "lang")?,
                    reason: decode(row, "reason")?,
                    asked_at: row.get("asked_at"),
                    entry_id: row.get("entry_id"),
                })
            })
            .collect()
    }

    /// Stores `text` as a learned question of `entry_id` and closes the misses it answers, in one
    /// transaction.
    pub async fn attach(
        &self,
        misses: &[i64],
        entry_id: &str,
        text: &str,
        lang: Lang,
        by: i64,
    ) -> Result<LearnedQuestion, StoreError> {
        let now = unix_now();
        let mut tx = self.pool.begin().await?;
        let id = sqlx::query(
            "INSERT INTO learned_questions (entry_id, text, lang, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(entry_id)
        .bind(text)
        .bind(lang.code())
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        for miss in misses {
            sqlx::query(
                "UPDATE unanswered_questions SET resolution = 'attached', resolved_by = ?, resolved_at = ?, learned_id = ?
                 WHERE id = ? AND resolution IS NULL",
            )
            .bind(by)
            .bind(now)
            .bind(id)
            .bind(miss)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(LearnedQuestion {
            id,
            entry_id: entry_id.to_string(),
            text: text.to_string(),
            lang,
            added_by: by,
            added_at: now,
            exported_at: None,
        })
    }

    /// Closes misses that need no entry (spam, off-topic). Returns how many were still open.
    pub async fn dismiss(&self, misses: &[i64], by: i64) -> Result<usize, StoreError> {
        let now = unix_now();
        let mut tx = self.pool.begin().await?;
        let mut closed = 0;
        for miss in misses {
            closed += sqlx::query(
                "UPDATE unanswered_questions SET resolution = 'dismissed', resolved_by = ?, resolved_at = ?
                 WHERE id = ? AND resolution IS NULL",
            )
            .bind(by)
            .bind(now)
            .bind(miss)
            .execute(&mut *tx)
            .await?
            .rows_affected() as usize;
        }
        tx.commit().await?;
        Ok(closed)
    }

    /// The learned questions in force, newest first.
    pub async fn learned(&self) -> Result<Vec<LearnedQuestion>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, entry_id, text, lang, added_by, added_at, exported_at FROM learned_questions
             WHERE removed_at IS NULL ORDER BY added_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(learned_question).collect()
    }

    /// One learned question in force, by id.
    pub async fn learned_question(&self, id: i64) -> Result<Option<LearnedQuestion>, StoreError> {
        let row = sqlx::query(
            "SELECT id, entry_id, text, lang, added_by, added_at, exported_at FROM learned_questions
             WHERE id = ? AND removed_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(learned_question).transpose()
    }

    /// Takes a learned question out of force and, with `reopen_misses`, reopens the misses it had
    /// closed, so they show in `/unanswered` again (not while the knowledge files still answer
    /// them). `None` when it was already undone or never existed.
    pub async fn undo(
        &self,
        learned: i64,
        by: i64,
        reopen_misses: bool,
    ) -> Result<Option<LearnedQuestion>, StoreError> {
        let now = unix_now();
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE learned_questions SET removed_by = ?, removed_at = ? WHERE id = ? AND removed_at IS NULL
             RETURNING id, entry_id, text, lang, added_by, added_at, exported_at",
        )
        .bind(by)
        .bind(now)
        .bind(learned)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let undone = learned_question(&row)?;
        if reopen_misses {
            sqlx::query(
                "UPDATE unanswered_questions SET resolution = NULL, resolved_by = NULL, resolved_at = NULL, learned_id = NULL
                 WHERE learned_id = ?",
            )
            .bind(learned)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(undone))
    }

    /// Records that `export-learned` wrote these questions into the knowledge files.
    pub async fn mark_exported(&self, learned: &[i64]) -> Result<(), StoreError> {
        let now = unix_now();
        let mut tx = self.pool.begin().await?;
        for id in learned {
            sqlx::query("UPDATE learned_questions SET exported_at = ? WHERE id = ?")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A `learned_questions` row.
fn learned_question(row: &SqliteRow) -> Result<LearnedQuestion, StoreError> {
    Ok(LearnedQuestion {
        id: row.get("id"),
        entry_id: row.get("entry_id"),
        text: row.get("text"),
        lang: decode(row, "lang")?,
        added_by: row.get("added_by"),
        added_at: row.get("added_at"),
        exported_at: row.get("exported_at"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    async fn curation() -> (Store, Curation) {
        let store = Store::in_memory().await.expect("store");
        let curation = Curation::new(store.pool().clone());
        (store, curation)
    }

    #[tokio::test]
    async fn unanswered_questions_are_logged_with_language_and_time() {
        let (_store, curation) = curation().await;
        curation
            .log_unanswered("metro hours", Lang::En)
            .await
            .expect("log");
        let logged = curation.open_misses(0).await.expect("read");
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].text, "metro hours");
        assert_eq!(logged[0].lang, Lang::En);
        assert_eq!(logged[0].reason, MissReason::Unknown);
        assert!(logged[0].asked_at > 0);
    }

    #[tokio::test]
    async fn offers_recorded_with_ids_from_memory_are_found_and_ids_never_go_back() {
        let (_store, curation) = curation().await;
        let first = curation
            .offer("metro hours", Lang::En)
            .await
            .expect("offer");
        assert_eq!(curation.last_offer_id().await.expect("last"), first);
        curation
            .record_offer(first + 1, "tram hours", Lang::En, unix_now())
            .await
            .expect("record");
        curation.reject_offer(first).await.expect("reject");
        curation.reject_offer(first + 1).await.expect("reject");
        assert_eq!(curation.last_offer_id().await.expect("last"), first + 1);
        assert_eq!(curation.open_misses(0).await.expect("misses").len(), 2);
    }

    #[tokio::test]
    async fn rejecting_an_offer_logs_one_miss_however_often_it_is_tapped() {
        let (_store, curation) = curation().await;
        let offer = curation
            .offer("metro hours", Lang::En)
            .await
            .expect("offer");
        let miss = curation.reject_offer(offer).await.expect("reject");
        assert_eq!(miss.map(|m| m.reason), Some(MissReason::NoneOfThese));
        assert_eq!(curation.reject_offer(offer).await.expect("again"), None);
        assert_eq!(curation.open_misses(0).await.expect("misses").len(), 1);
    }

    #[tokio::test]
    async fn attaching_closes_the_misses_and_undo_reopens_them() {
        let (_store, curation) = curation().await;
        curation
            .log_unanswered("pardis park size", Lang::En)
            .await
            .expect("log");
        let misses = curation.open_misses(0).await.expect("misses");
        let ids: Vec<i64> = misses.iter().map(|m| m.id).collect();
        let learned = curation
            .attach(
                &ids,
                "pardis-technology-park",
                "pardis park size",
                Lang::En,
                7,
            )
            .await
            .expect("attach");
        assert!(curation.open_misses(0).await.expect("misses").is_empty());
        assert_eq!(
            curation.learned().await.expect("learned"),
            vec![learned.clone()]
        );

        let undone = curation.undo(learned.id, 7, true).await.expect("undo");
        assert_eq!(undone.map(|l| l.id), Some(learned.id));
        assert!(curation.learned().await.expect("learned").is_empty());
        assert_eq!(curation.open_misses(0).await.expect("misses").len(), 1);
        assert_eq!(
            curation
                .undo(learned.id, 7, true)
                .await
                .expect("undo twice"),
            None
        );
    }

    #[tokio::test]
    async fn dismissing_closes_only_open_misses() {
        let (_store, curation) = curation().await;
        curation
            .log_unanswered("spam", Lang::En)
            .await
            .expect("log");
        let ids: Vec<i64> = curation
            .open_misses(0)
            .await
            .expect("misses")
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(curation.dismiss(&ids, 7).await.expect("dismiss"), 1);
        assert_eq!(curation.dismiss(&ids, 7).await.expect("dismiss again"), 0);
        assert!(curation.open_misses(0).await.expect("misses").is_empty());
    }
}
