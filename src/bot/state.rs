//! What every handler shares, injected by the dispatcher as `Arc<AppState>`.

use std::collections::HashSet;

use crate::broadcast::{Albums, Outbox, Subscribers, Zone};
use crate::config::KnowledgeLocation;
use crate::curation::Curation;
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
    /// Album parts staff sent, so `/broadcast` can copy a whole album.
    pub albums: Albums,
    /// The time zone of scheduled broadcasts (`BROADCAST_TZ`).
    pub broadcast_zone: Zone,
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
        Ok(AppState {
            knowledge: LiveKnowledge::new(kb, location, Some(curation.clone())).await?,
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
