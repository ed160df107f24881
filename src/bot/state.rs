//! What every handler shares, injected by the dispatcher as `Arc<AppState>`.

use std::collections::HashSet;

use crate::broadcast::{Outbox, Subscribers};
use crate::config::{HandoffSettings, KnowledgeLocation};
use crate::curation::Curation;
use crate::feedback::Feedback;
use crate::handoff::Tickets;
use crate::knowledge::KnowledgeBase;
use crate::live::LiveKnowledge;
use crate::store::{Store, StoreError};

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
    /// Telegram user ids of programme staff.
    staff: HashSet<u64>,
}

impl AppState {
    /// State serving `kb` (which `/reload` re-reads from `location`) with the learned questions
    /// already in `store`, and no staff.
    pub async fn new(
        kb: KnowledgeBase,
        location: KnowledgeLocation,
        store: Store,
    ) -> Result<AppState, StoreError> {
        let curation = Curation::new(store.pool().clone());
        let handoff = HandoffSettings::default();
        Ok(AppState {
            feedback: Feedback::new(store.pool().clone()),
            tickets: Tickets::new(store.pool().clone(), handoff.rules),
            handoff,
            knowledge: LiveKnowledge::new(kb, location, Some(curation.clone())).await?,
            subscribers: Subscribers::new(store.pool().clone()),
            outbox: Outbox::new(store.pool().clone()),
            curation,
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

    /// Whether a user may use staff commands.
    pub fn is_staff(&self, user: teloxide::types::UserId) -> bool {
        self.staff.contains(&user.0)
    }
}
