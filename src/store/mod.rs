//! The bot's database: SQLite through sqlx, migrated at start, in WAL mode so readers (statistics,
//! the broadcast sender) never block the handlers writing. This module opens it and keeps the
//! chats' languages and the question counts; the curation tables are `curation::store`'s, the
//! subscriptions and the outbox `broadcast`'s, each over the same pool.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use std::sync::{Arc, Mutex};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Row, SqlitePool};

use crate::lang::Lang;

mod writer;

pub use writer::{Record, Writer};

/// Why the database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the database folder {path}: {source}")]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The cause is said once, in its own words: sqlx's errors repeat their source in their
    /// message, so a chain printed whole said "file is not a database" three times.
    #[error("cannot open the database {path}: {cause}")]
    Open { path: PathBuf, cause: String },
    #[error("cannot migrate the database {path}: {cause}")]
    Migrate { path: PathBuf, cause: String },
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error(
        "the database holds `{value}` in a `{column}` column, which this version of coop-bot does not know"
    )]
    UnknownValue { column: &'static str, value: String },
}

/// The message of the deepest error in `err`'s chain: the cause itself, said once.
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut deepest = err;
    while let Some(source) = deepest.source() {
        deepest = source;
    }
    deepest.to_string()
}

/// Reads text column `column` as a `T` (a status, topic, language…), failing on a value this
/// version does not know rather than guessing one.
pub(crate) fn decode<T: FromStr>(row: &SqliteRow, column: &'static str) -> Result<T, StoreError> {
    decode_text(column, row.try_get::<String, _>(column)?)
}

/// [`decode`] for a value already read; `None` stays `None`.
pub(crate) fn decode_optional<T: FromStr>(
    row: &SqliteRow,
    column: &'static str,
) -> Result<Option<T>, StoreError> {
    row.try_get::<Option<String>, _>(column)?
        .map(|value| decode_text(column, value))
        .transpose()
}

fn decode_text<T: FromStr>(column: &'static str, value: String) -> Result<T, StoreError> {
    value
        .parse()
        .map_err(|_| StoreError::UnknownValue { column, value })
}

/// A handle on the database; cheap to clone (it is a connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    /// The database file (none in memory), watched by the writer in case it disappears.
    path: Option<PathBuf>,
    /// For an in-memory database, a connection outside the pool: the database lives only while
    /// one connection to it is open, and the pool may lose its own (a runtime that shuts down while
    /// a connection is on its way back, as each teloxide_tests dispatch does).
    _keep_alive: Option<Arc<Mutex<SqliteConnection>>>,
}

/// Seconds since the Unix epoch, the timestamp format of every table.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Milliseconds since the Unix epoch (the outbox's and the freeze's timestamps).
pub fn unix_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

impl Store {
    /// Opens (creating the file and its folder if needed) and migrates the database at `path`.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::CreateFolder {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        Store::connect(options, path).await
    }

    /// An in-memory database, for tests.
    pub async fn in_memory() -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?;
        let keep_alive = options.connect().await?;
        let mut store = Store::connect(options, Path::new(":memory:")).await?;
        store._keep_alive = Some(Arc::new(Mutex::new(keep_alive)));
        Ok(store)
    }

    async fn connect(options: SqliteConnectOptions, path: &Path) -> Result<Store, StoreError> {
        let pool = SqlitePoolOptions::new()
            // An in-memory database is shared through SQLite's shared cache, whose table locks make
            // concurrent connections fail rather than wait: one connection is enough for tests.
            .max_connections(if path == Path::new(":memory:") { 1 } else { 4 })
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                cause: innermost(&source),
            })?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|source| StoreError::Migrate {
                path: path.to_path_buf(),
                cause: innermost(&source),
            })?;
        Ok(Store {
            pool,
            path: (path != Path::new(":memory:")).then(|| path.to_path_buf()),
            _keep_alive: None,
        })
    }

    /// The database file, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Stores until when all sending is frozen (unix milliseconds), replacing what was stored.
    pub async fn save_freeze(&self, until_ms: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO send_freeze (id, until_ms) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET until_ms = MAX(until_ms, excluded.until_ms)",
        )
        .bind(until_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Until when sending was frozen when the bot last stopped (unix milliseconds), if stored.
    pub async fn stored_freeze(&self) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT until_ms FROM send_freeze WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The pool, for modules that keep their own tables.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The language a chat chose with /lang, if any.
    pub async fn chat_language(&self, chat_id: i64) -> Result<Option<Lang>, StoreError> {
        let row = sqlx::query("SELECT lang FROM chats WHERE chat_id = ?")
            .bind(chat_id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => decode_optional(&row, "lang"),
            None => Ok(None),
        }
    }

    /// Remembers a chat's language choice.
    pub async fn set_chat_language(&self, chat_id: i64, lang: Lang) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO chats (chat_id, lang, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at",
        )
        .bind(chat_id)
        .bind(lang.code())
        .bind(unix_now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records that a question was asked and whether it was answered, for /stats (no text, no user).
    pub async fn log_question_outcome(&self, lang: Lang, answered: bool) -> Result<(), StoreError> {
        self.log_question_outcome_at(lang, answered, unix_now())
            .await
    }

    /// [`log_question_outcome`](Self::log_question_outcome) for a question asked at `asked_at`
    /// (unix seconds), as the database writer records it after the reply.
    pub async fn log_question_outcome_at(
        &self,
        lang: Lang,
        answered: bool,
        asked_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO question_outcomes (asked_at, lang, answered) VALUES (?, ?, ?)")
            .bind(asked_at)
            .bind(lang.code())
            .bind(answered)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Questions answered and not answered since `since` (unix seconds).
    pub async fn question_counts(&self, since: i64) -> Result<(usize, usize), StoreError> {
        let (answered, unanswered): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(answered), 0), COALESCE(SUM(1 - answered), 0) FROM question_outcomes WHERE asked_at >= ?",
        )
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((answered as usize, unanswered as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_chat_language_is_remembered_and_can_change() {
        let store = Store::in_memory().await.expect("store");
        assert_eq!(store.chat_language(42).await.expect("read"), None);
        store.set_chat_language(42, Lang::Fa).await.expect("write");
        store.set_chat_language(42, Lang::Ru).await.expect("write");
        assert_eq!(store.chat_language(42).await.expect("read"), Some(Lang::Ru));
    }

    #[tokio::test]
    async fn question_outcomes_are_counted_by_answer() {
        let store = Store::in_memory().await.expect("store");
        store
            .log_question_outcome(Lang::En, true)
            .await
            .expect("log");
        store
            .log_question_outcome(Lang::Fa, true)
            .await
            .expect("log");
        store
            .log_question_outcome(Lang::Ru, false)
            .await
            .expect("log");
        assert_eq!(store.question_counts(0).await.expect("count"), (2, 1));
        assert_eq!(
            store.question_counts(unix_now() + 10).await.expect("count"),
            (0, 0)
        );
    }

    #[tokio::test]
    async fn an_unknown_value_in_the_database_is_an_error_not_a_guess() {
        let store = Store::in_memory().await.expect("store");
        let row = sqlx::query("SELECT 'meteors' AS topic, NULL AS lang")
            .fetch_one(store.pool())
            .await
            .expect("row");
        let topic = decode::<crate::broadcast::Topic>(&row, "topic");
        assert!(
            matches!(&topic, Err(StoreError::UnknownValue { column: "topic", value }) if value == "meteors"),
            "{topic:?}"
        );
        assert_eq!(decode_optional::<Lang>(&row, "lang").expect("null"), None);
    }

    #[tokio::test]
    async fn a_stored_freeze_is_read_back_and_never_shortened() {
        let store = Store::in_memory().await.expect("store");
        assert_eq!(store.stored_freeze().await.expect("read"), None);
        store.save_freeze(5_000).await.expect("save");
        store.save_freeze(3_000).await.expect("save");
        assert_eq!(store.stored_freeze().await.expect("read"), Some(5_000));
        store.save_freeze(9_000).await.expect("save");
        assert_eq!(store.stored_freeze().await.expect("read"), Some(9_000));
    }

    #[tokio::test]
    async fn opening_creates_the_folder_and_uses_wal() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nested/coop-bot.sqlite");
        let store = Store::open(&path).await.expect("open");
        assert!(path.exists());
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(store.pool())
            .await
            .expect("pragma");
        assert_eq!(mode, "wal");
    }
}
