//! The answers, votes and their misses in SQLite. Nothing here stores who asked: an answer keeps
//! the entries, the language and (for a week) the question's text; a vote keeps the voter's user id
//! only so that a second tap changes the vote instead of adding one.

use sqlx::{Row, SqlitePool};

use crate::dates::SECONDS_PER_DAY;
use crate::lang::Lang;
use crate::store::{StoreError, decode, decode_optional, unix_now};

use super::{Detail, Vote};

/// An answer's question text is kept this long, so a 👎 can log it; then only the entries stay.
const QUESTION_LIFETIME: i64 = 7 * SECONDS_PER_DAY;
/// Answers and their votes are kept this long: the longest `/stats` window, and a day.
const ANSWER_LIFETIME: i64 = 31 * SECONDS_PER_DAY;
/// How many entries `/stats` lists as the worst rated.
const WORST_SHOWN: usize = 5;

/// An answer the bot gave, as its buttons know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRecord {
    pub id: i64,
    /// The entries it answered with, the main one first.
    pub entries: Vec<String>,
    /// The question, while it is kept (a week), if there was one (an answer button has none).
    pub question: Option<String>,
    pub lang: Lang,
}

/// What a vote changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteOutcome {
    /// The answer voted on.
    pub answer: AnswerRecord,
    /// The miss a 👎 logged (or had logged), if the question could be logged.
    pub miss: Option<i64>,
}

/// One entry's votes over the last 7 and 30 days.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntryFeedback {
    pub entry: String,
    pub helpful_7d: usize,
    pub unhelpful_7d: usize,
    pub helpful_30d: usize,
    pub unhelpful_30d: usize,
}

impl EntryFeedback {
    /// The share of 👎 over 30 days, in [0, 1].
    pub fn unhelpful_ratio(&self) -> f64 {
        let total = self.helpful_30d + self.unhelpful_30d;
        if total == 0 {
            0.0
        } else {
            self.unhelpful_30d as f64 / total as f64
        }
    }
}

/// What `/stats` and `coop-bot stats` show of the feedback.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FeedbackStats {
    /// Every entry voted on in the last 30 days, by entry id.
    pub entries: Vec<EntryFeedback>,
    /// The (at most five) entries with a 👎 whose share of 👎 over 30 days is highest, worst
    /// first (more 👎 first among equal shares).
    pub worst: Vec<EntryFeedback>,
}

/// The feedback tables; cheap to clone.
#[derive(Debug, Clone)]
pub struct Feedback {
    pool: SqlitePool,
}

impl Feedback {
    /// Feedback over the bot's database (migrated by [`crate::store::Store`]).
    pub fn new(pool: SqlitePool) -> Feedback {
        Feedback { pool }
    }

    /// Remembers an answer for its vote buttons; returns its id. Also forgets the question texts
    /// older than a week and the answers older than a month.
    pub async fn remember_answer(
        &self,
        question: Option<&str>,
        lang: Lang,
        entries: &[&str],
    ) -> Result<i64, StoreError> {
        let now = unix_now();
        self.prune(now).await?;
        let entries = serde_json::to_string(entries).unwrap_or_else(|_| "[]".into());
        let id = sqlx::query(
            "INSERT INTO answers (entries, question, lang, answered_at) VALUES (?, ?, ?, ?)",
        )
        .bind(entries)
        .bind(question)
        .bind(lang.code())
        .bind(now)
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// The highest answer id ever handed out, so that ids allocated in memory (for a reply that
    /// must not wait on the database) never reuse one whose buttons may still be in a chat.
    pub async fn last_answer_id(&self) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "SELECT MAX(COALESCE((SELECT MAX(id) FROM answers), 0),
                        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'answers'), 0))",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// Stores an answer whose id was allocated in memory (after
    /// [`last_answer_id`](Self::last_answer_id)), forgetting what is past its time like
    /// [`remember_answer`](Self::remember_answer); a second write of the same id changes nothing.
    pub async fn record_answer(
        &self,
        id: i64,
        question: Option<&str>,
        lang: Lang,
        entries: &[String],
        answered_at: i64,
    ) -> Result<(), StoreError> {
        self.prune(answered_at).await?;
        let entries = serde_json::to_string(entries).unwrap_or_else(|_| "[]".into());
        sqlx::query(
            "INSERT OR IGNORE INTO answers (id, entries, question, lang, answered_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(entries)
        .bind(question)
        .bind(lang.code())
        .bind(answered_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn prune(&self, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE answers SET question = NULL WHERE answered_at < ? AND question IS NOT NULL",
        )
        .bind(now - QUESTION_LIFETIME)
        .execute(&self.pool)
        .await?;
        sqlx::query("DELETE FROM answers WHERE answered_at < ?")
            .bind(now - ANSWER_LIFETIME)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// An answer by id; `None` once it is forgotten.
    pub async fn answer(&self, id: i64) -> Result<Option<AnswerRecord>, StoreError> {
        let row = sqlx::query("SELECT id, entries, question, lang FROM answers WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| answer_record(&row)).transpose()
    }

    /// Records `user`'s vote on an answer (replacing an earlier one). A 👎 logs the question as a
    /// miss with reason `unhelpful` and the entry it got, once; turning it into 👍 removes that
    /// miss unless staff already dealt with it. `None` when the answer is forgotten.
    pub async fn vote(
        &self,
        answer: i64,
        user: i64,
        vote: Vote,
    ) -> Result<Option<VoteOutcome>, StoreError> {
        let now = unix_now();
        let mut tx = self.pool.begin().await?;
        let Some(row) = sqlx::query("SELECT id, entries, question, lang FROM answers WHERE id = ?")
            .bind(answer)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let record = answer_record(&row)?;
        let earlier = sqlx::query("SELECT miss_id FROM votes WHERE answer_id = ? AND user_id = ?")
            .bind(answer)
            .bind(user)
            .fetch_optional(&mut *tx)
            .await?;
        let earlier_miss: Option<i64> = earlier.as_ref().and_then(|row| row.get("miss_id"));
        let miss = match vote {
            Vote::Unhelpful => match (earlier_miss, &record.question) {
                (Some(miss), _) => Some(miss),
                (None, Some(question)) => Some(
                    sqlx::query(
                        "INSERT INTO unanswered_questions (text, lang, asked_at, reason, entry_id, answer_id)
                         VALUES (?, ?, ?, 'unhelpful', ?, ?)",
                    )
                    .bind(question)
                    .bind(record.lang.code())
                    .bind(now)
                    .bind(record.entries.first())
                    .bind(answer)
                    .execute(&mut *tx)
                    .await?
                    .last_insert_rowid(),
                ),
                (None, None) => None,
            },
            Vote::Helpful => {
                if let Some(miss) = earlier_miss {
                    sqlx::query("DELETE FROM unanswered_questions WHERE id = ? AND resolution IS NULL")
                        .bind(miss)
                        .execute(&mut *tx)
                        .await?;
                }
                None
            }
        };
        sqlx::query(
            "INSERT INTO votes (answer_id, user_id, helpful, detail, miss_id, voted_at) VALUES (?, ?, ?, NULL, ?, ?)
             ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful,
                 detail = NULL, miss_id = excluded.miss_id, voted_at = excluded.voted_at",
        )
        .bind(answer)
        .bind(user)
        .bind(vote == Vote::Helpful)
        .bind(miss)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(VoteOutcome {
            answer: record,
            miss,
        }))
    }

    /// Adds what was wrong to `user`'s 👎 on an answer; `false` when there is no such 👎.
    pub async fn detail(&self, answer: i64, user: i64, detail: Detail) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE votes SET detail = ? WHERE answer_id = ? AND user_id = ? AND helpful = 0",
        )
        .bind(detail.as_str())
        .bind(answer)
        .bind(user)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    /// The follow-up `user` chose for their 👎 on an answer, if any.
    pub async fn detail_of(&self, answer: i64, user: i64) -> Result<Option<Detail>, StoreError> {
        let row = sqlx::query("SELECT detail FROM votes WHERE answer_id = ? AND user_id = ?")
            .bind(answer)
            .bind(user)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => decode_optional(&row, "detail"),
            None => Ok(None),
        }
    }

    /// The miss `user`'s 👎 on an answer logged, if any.
    pub async fn miss_of(&self, answer: i64, user: i64) -> Result<Option<i64>, StoreError> {
        let miss: Option<Option<i64>> =
            sqlx::query_scalar("SELECT miss_id FROM votes WHERE answer_id = ? AND user_id = ?")
                .bind(answer)
                .bind(user)
                .fetch_optional(&self.pool)
                .await?;
        Ok(miss.flatten())
    }

    /// Deletes every vote of `user` (`/forget_me`); returns how many. The misses their 👎 logged
    /// stay: like every miss they name no one.
    pub async fn forget_user(&self, user: i64) -> Result<usize, StoreError> {
        let deleted = sqlx::query("DELETE FROM votes WHERE user_id = ?")
            .bind(user)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted as usize)
    }

    /// Helpful and unhelpful votes per entry over the 7 and 30 days before `now` (unix seconds),
    /// and the worst rated. A vote on an answer of several entries counts for each.
    pub async fn stats(&self, now: i64) -> Result<FeedbackStats, StoreError> {
        let rows = sqlx::query(
            "SELECT e.value AS entry,
                    SUM(v.helpful = 1 AND v.voted_at >= ?1) AS h7,
                    SUM(v.helpful = 0 AND v.voted_at >= ?1) AS u7,
                    SUM(v.helpful = 1) AS h30,
                    SUM(v.helpful = 0) AS u30
             FROM votes v JOIN answers a ON a.id = v.answer_id, json_each(a.entries) e
             WHERE v.voted_at >= ?2
             GROUP BY e.value ORDER BY e.value",
        )
        .bind(now - 7 * SECONDS_PER_DAY)
        .bind(now - 30 * SECONDS_PER_DAY)
        .fetch_all(&self.pool)
        .await?;
        let count = |row: &sqlx::sqlite::SqliteRow, column: &str| -> Result<usize, StoreError> {
            Ok(row.try_get::<i64, _>(column)? as usize)
        };
        let entries = rows
            .iter()
            .map(|row| {
                Ok(EntryFeedback {
                    entry: row.try_get("entry")?,
                    helpful_7d: count(row, "h7")?,
                    unhelpful_7d: count(row, "u7")?,
                    helpful_30d: count(row, "h30")?,
                    unhelpful_30d: count(row, "u30")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut worst: Vec<EntryFeedback> = entries
            .iter()
            .filter(|e| e.unhelpful_30d > 0)
            .cloned()
            .collect();
        worst.sort_by(|a, b| {
            b.unhelpful_ratio()
                .total_cmp(&a.unhelpful_ratio())
                .then(b.unhelpful_30d.cmp(&a.unhelpful_30d))
                .then(a.entry.cmp(&b.entry))
        });
        worst.truncate(WORST_SHOWN);
        Ok(FeedbackStats { entries, worst })
    }
}

fn answer_record(row: &sqlx::sqlite::SqliteRow) -> Result<AnswerRecord, StoreError> {
    let entries: String = row.try_get("entries")?;
    let entries: Vec<String> =
        serde_json::from_str(&entries).map_err(|_| StoreError::UnknownValue {
            column: "entries",
            value: entries.clone(),
        })?;
    Ok(AnswerRecord {
        id: row.try_get("id")?,
        entries,
        question: row.try_get("question")?,
        lang: decode(row, "lang")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curation::{Curation, MissReason};
    use crate::store::Store;

    async fn feedback() -> (Store, Feedback, Curation) {
        let store = Store::in_memory().await.expect("store");
        let feedback = Feedback::new(store.pool().clone());
        let curation = Curation::new(store.pool().clone());
        (store, feedback, curation)
    }

    #[tokio::test]
    async fn an_unhelpful_vote_logs_the_question_once_with_the_entry_it_got() {
        let (_store, feedback, curation) = feedback().await;
        let answer = feedback
            .remember_answer(Some("who heads the embassy"), Lang::En, &["kazem-jalali"])
            .await
            .expect("answer");
        for _ in 0..2 {
            feedback
                .vote(answer, 7, Vote::Unhelpful)
                .await
                .expect("vote");
        }
        let misses = curation.open_misses(0).await.expect("misses");
        assert_eq!(misses.len(), 1);
        assert_eq!(misses[0].reason, MissReason::Unhelpful);
        assert_eq!(misses[0].entry_id.as_deref(), Some("kazem-jalali"));
        assert_eq!(misses[0].text, "who heads the embassy");
    }

    #[tokio::test]
    async fn turning_a_vote_helpful_removes_its_miss() {
        let (_store, feedback, curation) = feedback().await;
        let answer = feedback
            .remember_answer(Some("q"), Lang::Ru, &["brics"])
            .await
            .expect("answer");
        feedback
            .vote(answer, 7, Vote::Unhelpful)
            .await
            .expect("vote");
        feedback.vote(answer, 7, Vote::Helpful).await.expect("vote");
        assert!(curation.open_misses(0).await.expect("misses").is_empty());
        let stats = feedback.stats(unix_now()).await.expect("stats");
        assert_eq!(stats.entries[0].helpful_30d, 1);
        assert_eq!(stats.entries[0].unhelpful_30d, 0, "one vote per user");
    }

    #[tokio::test]
    async fn stats_count_per_entry_and_rank_the_worst_ratio_first() {
        let (_store, feedback, _) = feedback().await;
        let good = feedback
            .remember_answer(Some("a"), Lang::En, &["good"])
            .await
            .expect("answer");
        let bad = feedback
            .remember_answer(Some("b"), Lang::En, &["bad", "good"])
            .await
            .expect("answer");
        feedback.vote(good, 1, Vote::Helpful).await.expect("vote");
        feedback.vote(good, 2, Vote::Helpful).await.expect("vote");
        feedback.vote(bad, 1, Vote::Unhelpful).await.expect("vote");
        let stats = feedback.stats(unix_now()).await.expect("stats");
        let entries: Vec<(&str, usize, usize)> = stats
            .entries
            .iter()
            .map(|e| (e.entry.as_str(), e.helpful_7d, e.unhelpful_7d))
            .collect();
        assert_eq!(entries, [("bad", 0, 1), ("good", 2, 1)]);
        let worst: Vec<&str> = stats.worst.iter().map(|e| e.entry.as_str()).collect();
        assert_eq!(worst, ["bad", "good"]);
    }

    #[tokio::test]
    async fn a_vote_without_a_question_logs_no_miss() {
        let (_store, feedback, curation) = feedback().await;
        let answer = feedback
            .remember_answer(None, Lang::Fa, &["brics"])
            .await
            .expect("answer");
        let outcome = feedback
            .vote(answer, 3, Vote::Unhelpful)
            .await
            .expect("vote")
            .expect("answer known");
        assert_eq!(outcome.miss, None);
        assert!(curation.open_misses(0).await.expect("misses").is_empty());
        assert!(
            feedback
                .detail(answer, 3, Detail::OutOfDate)
                .await
                .expect("detail")
        );
        assert_eq!(
            feedback.detail_of(answer, 3).await.expect("detail"),
            Some(Detail::OutOfDate)
        );
        assert_eq!(feedback.forget_user(3).await.expect("forget"), 1);
    }
}
