//! What every handler shares, injected by the dispatcher as `Arc<AppState>`.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::broadcast::{Albums, Outbox, Subscribers, Zone};
use crate::config::{HandoffSettings, KnowledgeLocation};
use crate::curation::Curation;
use crate::feedback::Feedback;
use crate::handoff::Tickets;
use crate::knowledge::KnowledgeBase;
use crate::live::LiveKnowledge;
use crate::sending::{Governor, Limits};
use crate::store::{Store, StoreError, Writer};

/// Everything handlers share: the knowledge in force, the database, and who the staff are.
pub struct AppState {
    /// The knowledge base in force, with the learned questions.
    pub knowledge: LiveKnowledge,
    /// Chat languages and question counts.
    pub store: Store,
    /// Who follows which announcements.
    pub subscribers: Subscribers,
    /// Broadcasts and their deliveries.
    pub outbox: Outbox,
    /// Misses, offers and learned questions.
    pub curation: Curation,
    /// Answers and the votes on them.
    pub feedback: Feedback,
    /// Questions sent to programme staff and their threads.
    pub tickets: Tickets,
    /// Where questions for staff go (none: the handoff is off) and what users are told.
    pub handoff: HandoffSettings,
    /// What answers record (question outcomes, misses, offers), written off the reply path.
    pub writer: Writer,
    /// The send governor every outgoing request asks first (shared with the broadcast sender).
    pub governor: Arc<Governor>,
    /// The last "did you mean" offer id handed out: ids come from memory so that a reply never
    /// waits on the database for one.
    last_offer: AtomicI64,
    /// Album parts staff sent, so `/broadcast` can copy a whole album.
    pub albums: Albums,
    /// The time zone of scheduled broadcasts (`BROADCAST_TZ`).
    pub broadcast_zone: Zone,
    /// The last answer id handed out, for the same reason.
    last_answer: AtomicI64,
    /// Telegram user ids of programme staff.
    staff: HashSet<u64>,
}

impl AppState {
    /// State serving `kb` (which `/reload` re-reads from `location`) with the learned questions
    /// already in `store`, no staff, and a governor with the default limits. Starts the database
    /// writer, so it must be called inside the Tokio runtime.
    pub async fn new(
        kb: KnowledgeBase,
        location: KnowledgeLocation,
        store: Store,
    ) -> Result<AppState, StoreError> {
        let curation = Curation::new(store.pool().clone());
        let handoff = HandoffSettings::default();
        let last_offer = AtomicI64::new(curation.last_offer_id().await?);
        let feedback = Feedback::new(store.pool().clone());
        let last_answer = AtomicI64::new(feedback.last_answer_id().await?);
        Ok(AppState {
            feedback,
            last_answer,
            tickets: Tickets::new(store.pool().clone(), handoff.rules),
            handoff,
            knowledge: LiveKnowledge::new(kb, location, Some(curation.clone())).await?,
            writer: Writer::spawn(store.clone()),
            governor: Arc::new(Governor::new(Limits::default())),
            last_offer,
            subscribers: Subscribers::new(store.pool().clone()),
            outbox: Outbox::new(store.pool().clone()),
            curation,
            albums: Albums::new(store.pool().clone()),
            broadcast_zone: Zone::utc(),
            store,
            staff: HashSet::new(),
        })
    }

    /// The Telegram user ids allowed to use staff commands.
    pub fn with_staff(mut self, staff: impl IntoIterator<Item = u64>) -> AppState {
        self.staff = staff.into_iter().collect();
        self
    }

    /// Sends questions for staff to `handoff.staff_chat` under its rules (off without one).
    pub fn with_handoff(mut self, handoff: HandoffSettings) -> AppState {
        self.tickets = Tickets::new(self.store.pool().clone(), handoff.rules);
        self.handoff = handoff;
        self
    }

    /// The staff chat, when the handoff is on.
    pub fn staff_chat(&self) -> Option<teloxide::types::ChatId> {
        self.handoff.staff_chat.map(teloxide::types::ChatId)
    }

    /// The same state, sending through `governor` (the one `App` shares with the broadcast
    /// sender).
    pub fn with_governor(mut self, governor: Arc<Governor>) -> AppState {
        self.governor = governor;
        self
    }

    /// A new answer id (for an answer's vote buttons), at once.
    pub fn next_answer_id(&self) -> i64 {
        self.last_answer.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A new "did you mean" offer id, at once.
    pub fn next_offer_id(&self) -> i64 {
        self.last_offer.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Waits (a little) until what answers recorded is in the database, before a staff command
    /// reads it; a database that cannot be written does not hold the command up for long.
    pub async fn recorded(&self) {
        if !self.writer.flush(std::time::Duration::from_secs(2)).await {
            tracing::warn!("the database writer is behind: showing what is written so far");
        }
    }

    /// The time zone staff give broadcast times in.
    pub fn with_broadcast_zone(mut self, zone: Zone) -> AppState {
        self.broadcast_zone = zone;
        self
    }

    /// Whether a user may use staff commands.
    pub fn is_staff(&self, user: teloxide::types::UserId) -> bool {
        self.staff.contains(&user.0)
    }
}
