//! The database writer: answers never wait on the database. What a reply only records — question
//! outcomes for `/stats`, misses, "did you mean" offers, a 429's freeze — goes into a bounded
//! channel ([`Writer::record`] never waits) to ONE task that writes it. When a write cannot be
//! made (the database locked by another process, the disk full…) the cause is logged once, the
//! records are kept in order and written when the database is back, and that is logged too. The
//! task also watches the database file and its folder, and says so at once if either disappears
//! (SQLite would go on writing into a deleted file, losing everything in silence).

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::curation::Curation;
use crate::lang::Lang;

use super::{Store, StoreError};

/// Records waiting in the channel before [`Writer::record`] starts dropping them (a reply never
/// waits for room).
const CHANNEL_CAPACITY: usize = 4096;
/// Records kept in memory while the database cannot be written; beyond, the oldest are dropped
/// (and counted in the log).
const MAX_PENDING: usize = 50_000;
/// How long the writer waits before trying a failed write again.
const RETRY_INTERVAL: Duration = Duration::from_secs(1);
/// How often the writer looks for the database file and its folder.
const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// Something a reply records without waiting for it to be written. Each carries its own time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A question was asked, answered or not (unix seconds).
    QuestionOutcome {
        lang: Lang,
        answered: bool,
        asked_at: i64,
    },
    /// A question the bot could not answer, for curation.
    Miss {
        text: String,
        lang: Lang,
        asked_at: i64,
    },
    /// A "did you mean" offer, under an id allocated in memory.
    Offer {
        id: i64,
        text: String,
        lang: Lang,
        asked_at: i64,
    },
    /// Until when sending is frozen after a 429 (unix milliseconds).
    Freeze { until_ms: i64 },
    /// An answer, under an id allocated in memory, for its 👍 / 👎 buttons.
    Answer {
        id: i64,
        entries: Vec<String>,
        question: Option<String>,
        lang: Lang,
        answered_at: i64,
    },
}

enum Job {
    Record(Record),
    /// Answered once everything recorded before it has been written, or has failed to be.
    Flush(oneshot::Sender<()>),
}

/// The handle every handler holds; cheap to clone. The task ends when every handle is dropped,
/// after writing what it still can.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
    dropped: Arc<AtomicU64>,
}

impl Writer {
    /// Starts the writer task over `store` (must be called inside the Tokio runtime).
    pub fn spawn(store: Store) -> Writer {
        let (jobs, queue) = mpsc::channel(CHANNEL_CAPACITY);
        let task = Task {
            curation: Curation::new(store.pool().clone()),
            watched: store.path().map(|path| Watched::new(path.to_path_buf())),
            store,
            pending: VecDeque::new(),
            failing: None,
            dropped: 0,
        };
        tokio::spawn(task.run(queue));
        Writer {
            jobs,
            dropped: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Queues `record` for writing, never waiting: with the queue full (the writer far behind),
    /// the record is dropped and counted in the log.
    pub fn record(&self, record: Record) {
        if self.jobs.try_send(Job::Record(record)).is_err() {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            if dropped.is_power_of_two() {
                tracing::error!(
                    dropped,
                    "the database writer is far behind: records dropped"
                );
            }
        }
    }

    /// Waits until everything recorded so far has been written (or has failed to be), at most
    /// `timeout`: for a staff command about to read what answers recorded. `false` on timeout.
    pub async fn flush(&self, timeout: Duration) -> bool {
        let (done, written) = oneshot::channel();
        let flushed =
            async { self.jobs.send(Job::Flush(done)).await.is_ok() && written.await.is_ok() };
        tokio::time::timeout(timeout, flushed)
            .await
            .unwrap_or(false)
    }
}

struct Task {
    store: Store,
    curation: Curation,
    watched: Option<Watched>,
    pending: VecDeque<Record>,
    /// The cause of the current outage, logged once when it starts.
    failing: Option<String>,
    dropped: u64,
}

impl Task {
    async fn run(mut self, mut queue: mpsc::Receiver<Job>) {
        let mut watch = tokio::time::interval(WATCH_INTERVAL);
        watch.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let retry = !self.pending.is_empty();
            tokio::select! {
                job = queue.recv() => match job {
                    Some(Job::Record(record)) => {
                        self.keep(record);
                        // Whatever else is already queued goes in the same round.
                        while let Ok(job) = queue.try_recv() {
                            match job {
                                Job::Record(record) => self.keep(record),
                                Job::Flush(done) => {
                                    self.write_pending().await;
                                    let _ = done.send(());
                                }
                            }
                        }
                        self.write_pending().await;
                    }
                    Some(Job::Flush(done)) => {
                        self.write_pending().await;
                        let _ = done.send(());
                    }
                    None => {
                        self.write_pending().await;
                        if !self.pending.is_empty() {
                            tracing::error!(lost = self.pending.len(), "stopping with records the database never took");
                        }
                        return;
                    }
                },
                _ = tokio::time::sleep(RETRY_INTERVAL), if retry => self.write_pending().await,
                _ = watch.tick() => {
                    if let Some(watched) = &mut self.watched {
                        watched.look();
                    }
                }
            }
        }
    }

    fn keep(&mut self, record: Record) {
        if self.pending.len() >= MAX_PENDING {
            self.pending.pop_front();
            self.dropped += 1;
            if self.dropped.is_power_of_two() {
                tracing::error!(
                    dropped = self.dropped,
                    "the database has been unwritable too long: oldest records dropped"
                );
            }
        }
        self.pending.push_back(record);
    }

    /// Writes the pending records in order, stopping at the first that fails (kept for the next
    /// round).
    async fn write_pending(&mut self) {
        while let Some(record) = self.pending.front() {
            match self.write(record).await {
                Ok(()) => {
                    self.pending.pop_front();
                    if let Some(cause) = self.failing.take() {
                        tracing::warn!(%cause, "the database is writable again: catching up");
                    }
                    if self.pending.is_empty() && self.dropped > 0 {
                        self.dropped = 0;
                    }
                }
                Err(err) => {
                    let cause = err.to_string();
                    if self.failing.as_deref() != Some(cause.as_str()) {
                        tracing::error!(
                            %cause,
                            waiting = self.pending.len(),
                            "cannot write to the database: keeping the records to write when it is back"
                        );
                        self.failing = Some(cause);
                    }
                    return;
                }
            }
        }
    }

    async fn write(&self, record: &Record) -> Result<(), StoreError> {
        match record {
            Record::QuestionOutcome {
                lang,
                answered,
                asked_at,
            } => {
                self.store
                    .log_question_outcome_at(*lang, *answered, *asked_at)
                    .await
            }
            Record::Miss {
                text,
                lang,
                asked_at,
            } => {
                self.curation
                    .log_unanswered_at(text, *lang, *asked_at)
                    .await
            }
            Record::Offer {
                id,
                text,
                lang,
                asked_at,
            } => {
                self.curation
                    .record_offer(*id, text, *lang, *asked_at)
                    .await
            }
            Record::Freeze { until_ms } => self.store.save_freeze(*until_ms).await,
            Record::Answer {
                id,
                entries,
                question,
                lang,
                answered_at,
            } => {
                crate::feedback::Feedback::new(self.store.pool().clone())
                    .record_answer(*id, question.as_deref(), *lang, entries, *answered_at)
                    .await
            }
        }
    }
}

/// The database file and its folder, and whether each was there at the last look.
struct Watched {
    file: PathBuf,
    file_there: bool,
    folder_there: bool,
}

impl Watched {
    fn new(file: PathBuf) -> Watched {
        Watched {
            file_there: file.exists(),
            folder_there: folder_of(&file).exists(),
            file,
        }
    }

    /// Logs each change: gone (an error: what is written from now on is lost), or back.
    fn look(&mut self) {
        let folder = folder_of(&self.file);
        let (file_there, folder_there) = (self.file.exists(), folder.exists());
        if folder_there != self.folder_there {
            if folder_there {
                tracing::warn!(folder = %folder.display(), "the database folder is back");
            } else {
                tracing::error!(
                    folder = %folder.display(),
                    "the database folder has disappeared: nothing written from now on will be kept; restore it and restart the bot"
                );
            }
        }
        if file_there != self.file_there {
            if file_there {
                tracing::warn!(database = %self.file.display(), "the database file is back");
            } else {
                tracing::error!(
                    database = %self.file.display(),
                    "the database file has disappeared (deleted or moved): nothing written from now on will be kept; restore it and restart the bot"
                );
            }
        }
        (self.file_there, self.folder_there) = (file_there, folder_there);
    }
}

fn folder_of(file: &std::path::Path) -> PathBuf {
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::unix_now;

    #[tokio::test]
    async fn records_are_written_in_the_background_and_a_flush_waits_for_them() {
        let store = Store::in_memory().await.expect("store");
        let writer = Writer::spawn(store.clone());
        for answered in [true, true, false] {
            writer.record(Record::QuestionOutcome {
                lang: Lang::En,
                answered,
                asked_at: unix_now(),
            });
        }
        writer.record(Record::Miss {
            text: "metro hours".into(),
            lang: Lang::En,
            asked_at: unix_now(),
        });
        assert!(writer.flush(Duration::from_secs(5)).await);
        assert_eq!(store.question_counts(0).await.expect("counts"), (2, 1));
        let misses = Curation::new(store.pool().clone())
            .open_misses(0)
            .await
            .expect("misses");
        assert_eq!(misses.len(), 1);
    }

    #[tokio::test]
    async fn a_write_that_fails_is_kept_and_made_when_the_database_is_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("bot.sqlite");
        let store = Store::open(&path).await.expect("store");
        // Another process holds the write lock.
        let mut other = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .busy_timeout(Duration::from_millis(10));
        other = other.journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
        let mut locker = sqlx::ConnectOptions::connect(&other)
            .await
            .expect("connect");
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut locker)
            .await
            .expect("lock");
        let writer = Writer::spawn(store.clone());
        writer.record(Record::QuestionOutcome {
            lang: Lang::Ru,
            answered: true,
            asked_at: unix_now(),
        });
        assert!(writer.flush(Duration::from_secs(20)).await);
        assert_eq!(store.question_counts(0).await.expect("counts"), (0, 0));
        sqlx::query("COMMIT")
            .execute(&mut locker)
            .await
            .expect("unlock");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while store.question_counts(0).await.expect("counts") != (1, 0) {
            assert!(tokio::time::Instant::now() < deadline, "never caught up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
