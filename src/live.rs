//! The knowledge in force: the knowledge base as loaded plus the questions staff attached to its
//! entries (learned questions, from the curation tables), indexed once and swapped whole on
//! `/reload` and on every attach or undo. Telegram-free: the bot answers from it and `coop-bot why`
//! explains with it, so both see the same matcher.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use crate::answer::Answerer;
use crate::config::KnowledgeLocation;
use crate::curation::{Curation, LearnedQuestion};
use crate::knowledge::{KnowledgeBase, KnowledgeError};
use crate::lang::Lang;
use crate::store::StoreError;

/// The knowledge base in force, with the learned questions applied.
pub struct LiveKnowledge {
    /// Where `reload` reads the knowledge base from.
    location: KnowledgeLocation,
    /// Where the learned questions come from; `None` when there are none to apply (the command
    /// line without a database).
    learned_from: Option<Curation>,
    /// The knowledge base as loaded, without the learned questions: what they are re-applied to,
    /// so an undo really removes one.
    loaded: RwLock<Arc<KnowledgeBase>>,
    answerer: RwLock<Arc<Answerer>>,
    learned_in_force: AtomicUsize,
    /// Serialises rebuilding the answerer, so the last rebuild always reflects the latest writes.
    rebuilding: tokio::sync::Mutex<()>,
}

/// Why `reload` kept the current knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("loading the knowledge base crashed: {0}")]
    Crashed(String),
}

impl LiveKnowledge {
    /// Serves `kb` (read from `location`) with the learned questions of `learned_from`.
    pub async fn new(
        kb: KnowledgeBase,
        location: KnowledgeLocation,
        learned_from: Option<Curation>,
    ) -> Result<LiveKnowledge, StoreError> {
        let learned = match &learned_from {
            Some(curation) => curation.learned().await?,
            None => Vec::new(),
        };
        Ok(LiveKnowledge {
            answerer: RwLock::new(Arc::new(with_learned(&kb, &learned))),
            learned_in_force: AtomicUsize::new(learned.len()),
            loaded: RwLock::new(Arc::new(kb)),
            rebuilding: tokio::sync::Mutex::new(()),
            location,
            learned_from,
        })
    }

    /// The knowledge in force. A handler keeps its `Arc` for the whole update, so a reload never
    /// changes the knowledge under a reply half-way.
    pub fn answerer(&self) -> Arc<Answerer> {
        read(&self.answerer).clone()
    }

    /// How many learned questions the knowledge in force includes.
    pub fn learned_in_force(&self) -> usize {
        self.learned_in_force.load(Ordering::Relaxed)
    }

    /// Re-reads the knowledge base; on success it serves (with the learned questions) from the
    /// next question on and its entry count is returned; on failure the current one keeps serving.
    pub async fn reload(&self) -> Result<usize, ReloadError> {
        let location = self.location.clone();
        let kb = tokio::task::spawn_blocking(move || location.load())
            .await
            .map_err(|err| ReloadError::Crashed(err.to_string()))??;
        let entries = kb.len();
        *write(&self.loaded) = Arc::new(kb);
        self.apply_learned().await?;
        Ok(entries)
    }

    /// Whether the knowledge files (as loaded, or as they are on disk now, since `export-learned`
    /// may have written them after the last load) have `question` among `entry`'s questions.
    pub async fn files_have_question(&self, entry: &str, lang: Lang, question: &str) -> bool {
        let has = |kb: &KnowledgeBase| {
            kb.entry(entry).is_some_and(|e| {
                e.questions
                    .get(lang)
                    .iter()
                    .any(|q| q.trim() == question.trim())
            })
        };
        if has(&read(&self.loaded)) {
            return true;
        }
        let location = self.location.clone();
        match tokio::task::spawn_blocking(move || location.load()).await {
            Ok(Ok(kb)) => has(&kb),
            // Unreadable files answer nothing new; the loaded ones were checked above.
            _ => false,
        }
    }

    /// Rebuilds the answerer from the loaded knowledge base and the learned questions in the
    /// database, and puts it in force: called after every attach and undo, so the very next
    /// question is matched against them, with no restart or reload. Returns how many apply.
    pub async fn apply_learned(&self) -> Result<usize, StoreError> {
        let _one_at_a_time = self.rebuilding.lock().await;
        let learned = match &self.learned_from {
            Some(curation) => curation.learned().await?,
            None => Vec::new(),
        };
        let loaded = read(&self.loaded).clone();
        let count = learned.len();
        let answerer = tokio::task::spawn_blocking(move || with_learned(&loaded, &learned)).await;
        match answerer {
            Ok(answerer) => {
                *write(&self.answerer) = Arc::new(answerer);
                self.learned_in_force.store(count, Ordering::Relaxed);
            }
            // Indexing does not panic on validated knowledge; if it ever did, keep serving.
            Err(err) => tracing::error!(error = %err, "rebuilding the matcher failed"),
        }
        Ok(count)
    }
}

/// An answerer for `kb` with the learned questions added to their entries.
fn with_learned(kb: &KnowledgeBase, learned: &[LearnedQuestion]) -> Answerer {
    Answerer::new(
        kb.with_learned(
            learned
                .iter()
                .map(|l| (l.entry_id.as_str(), l.lang, l.text.as_str())),
        ),
    )
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
