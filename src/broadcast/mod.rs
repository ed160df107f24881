//! Announcements to subscribers: who subscribed to what, what a broadcast sends (a copy of the
//! message staff composed, checked against Telegram's limits before the preview), the outbox that
//! records every recipient of a confirmed broadcast before anything is sent, schedules, progress and
//! reports, and the sender that works through it at Telegram's pace and picks up where it stopped
//! after a crash.

mod albums;
mod content;
mod outbox;
mod progress;
mod schedule;
mod sender;
mod subscribers;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::lang::Lang;

pub use albums::{AlbumPart, Albums};
pub use content::{
    ALBUM_LIMIT, CAPTION_LIMIT, Content, MediaKind, Piece, Refusal, TEXT_LIMIT, check,
    telegram_length,
};
pub use outbox::{
    Breakdown, Broadcast, BroadcastStatus, Confirmation, Confirmer, DeliveryCounts, DueDelivery,
    NewBroadcast, Outbox, Outcome, Watched,
};
pub use progress::{Progress, Report, bar, clock};
pub use schedule::{ScheduleError, UnknownZone, Zone, run_schedules};
pub use sender::{Sender, SenderConfig};
pub use subscribers::{Audience, Subscribers};

/// What a subscriber can follow. `All` receives every broadcast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    All,
    Meetings,
    /// Markets, equipment supply, e-commerce, technology zones.
    Business,
    Universities,
    Research,
}

impl Topic {
    /// Every topic, in the order shown to users.
    pub const ALL: [Topic; 5] = [
        Topic::All,
        Topic::Meetings,
        Topic::Business,
        Topic::Universities,
        Topic::Research,
    ];

    /// The code used in commands and the database.
    pub fn code(self) -> &'static str {
        match self {
            Topic::All => "all",
            Topic::Meetings => "meetings",
            Topic::Business => "business",
            Topic::Universities => "universities",
            Topic::Research => "research",
        }
    }

    /// The topic's name for users.
    pub fn name(self, lang: Lang) -> &'static str {
        let names = match self {
            Topic::All => ["all announcements", "все объявления", "همه اطلاعیه‌ها"],
            Topic::Meetings => ["meetings", "встречи", "نشست‌ها"],
            Topic::Business => [
                "business (markets, equipment, e-commerce, technology zones)",
                "бизнес (рынки, оборудование, электронная торговля, технологические зоны)",
                "کسب‌وکار (بازارها، تجهیزات، تجارت الکترونیک، مناطق فناوری)",
            ],
            Topic::Universities => ["universities", "университеты", "دانشگاه‌ها"],
            Topic::Research => ["research", "исследования", "پژوهش"],
        };
        match lang {
            Lang::En => names[0],
            Lang::Ru => names[1],
            Lang::Fa => names[2],
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A word that is not a topic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown topic `{0}`: expected all, meetings, business, universities or research")]
pub struct UnknownTopic(pub String);

impl FromStr for Topic {
    type Err = UnknownTopic;

    fn from_str(s: &str) -> Result<Topic, UnknownTopic> {
        let word = s.trim().to_lowercase();
        Topic::ALL
            .into_iter()
            .find(|t| t.code() == word || Lang::ALL.iter().any(|&l| t.name(l) == word))
            .ok_or(UnknownTopic(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_parse_from_codes_and_names() {
        assert_eq!("Meetings".parse::<Topic>(), Ok(Topic::Meetings));
        assert_eq!("встречи".parse::<Topic>(), Ok(Topic::Meetings));
        assert_eq!("دانشگاه‌ها".parse::<Topic>(), Ok(Topic::Universities));
        assert!("weather".parse::<Topic>().is_err());
    }
}
