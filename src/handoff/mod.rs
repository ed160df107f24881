//! The handoff to programme staff, Telegram-free: a user's question becomes a draft ticket they
//! confirm, then an open ticket (`#N`) whose card sits in the staff chat; every message of its
//! thread, in either chat, is remembered so a reply to any of them reaches the other side; staff
//! close it; its texts are wiped some time after closing, or at once by `/forget_me`. The limits
//! (tickets per user per hour) and the retention are [`HandoffRules`]; what users are told of the
//! reply time is [`ReplyTime`].

mod store;

pub use store::{Forgotten, Submitted, ThreadMessage, Tickets};

use std::fmt;
use std::str::FromStr;

use crate::lang::Lang;
use crate::store::StoreError;

/// How the handoff behaves: where tickets go is the bot's business; these are the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandoffRules {
    /// New tickets one user may send per hour (`HANDOFF_PER_HOUR`).
    pub per_hour: u32,
    /// Days after closing when a ticket's texts are deleted (`TICKET_RETENTION_DAYS`).
    pub retention_days: u32,
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketStatus {
    /// Shown to the user to confirm; not sent.
    Draft,
    /// Sent to staff; replies are relayed.
    Open,
    /// Closed by staff; replies are refused.
    Closed,
    /// The user did not send it.
    Cancelled,
    /// Deleted at the user's request (`/forget_me`); replies are refused.
    Deleted,
}

impl TicketStatus {
    /// The status as the database stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Draft => "draft",
            TicketStatus::Open => "open",
            TicketStatus::Closed => "closed",
            TicketStatus::Cancelled => "cancelled",
            TicketStatus::Deleted => "deleted",
        }
    }
}

impl FromStr for TicketStatus {
    type Err = ();

    fn from_str(text: &str) -> Result<TicketStatus, ()> {
        [
            TicketStatus::Draft,
            TicketStatus::Open,
            TicketStatus::Closed,
            TicketStatus::Cancelled,
            TicketStatus::Deleted,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or(())
    }
}

/// What led the user to ask staff, which the card tells staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketOrigin {
    /// The bot said it did not know.
    DontKnow,
    /// The user marked the bot's answer unhelpful.
    Unhelpful,
    /// The user asked with `/ask_staff` directly.
    Command,
}

impl TicketOrigin {
    /// The origin as the database stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketOrigin::DontKnow => "dont_know",
            TicketOrigin::Unhelpful => "unhelpful",
            TicketOrigin::Command => "command",
        }
    }
}

impl FromStr for TicketOrigin {
    type Err = ();

    fn from_str(text: &str) -> Result<TicketOrigin, ()> {
        [
            TicketOrigin::DontKnow,
            TicketOrigin::Unhelpful,
            TicketOrigin::Command,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or(())
    }
}

impl fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A question for staff, as the database holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: i64,
    /// `#N`, once sent.
    pub number: Option<i64>,
    pub status: TicketStatus,
    pub origin: TicketOrigin,
    /// The asker; `None` once deleted.
    pub user_id: Option<i64>,
    /// The asker's chat; `None` once deleted.
    pub chat_id: Option<i64>,
    /// The user's message relayed answers reply to.
    pub reply_to: Option<i32>,
    /// The asker's language.
    pub lang: Lang,
    /// The question; `None` once its texts are deleted.
    pub question: Option<String>,
    /// The entries the bot answered with, if it answered.
    pub answered: Vec<String>,
    /// The 👎 follow-up the user chose (database form), if any.
    pub detail: Option<String>,
    /// The miss logged for the question, if any (for "Attach to entry…").
    pub miss_id: Option<i64>,
    /// Name and @username, only if the user chose to share them.
    pub shared_name: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub submitted_at: Option<i64>,
    /// The staff member who closed it.
    pub closed_by: Option<i64>,
    /// Why the last relay to the user failed, if it did.
    pub relay_error: Option<String>,
}

/// A question about to become a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    pub origin: TicketOrigin,
    pub user_id: i64,
    pub chat_id: i64,
    pub reply_to: Option<i32>,
    pub lang: Lang,
    pub question: String,
    pub answered: Vec<String>,
    pub detail: Option<String>,
    pub miss_id: Option<i64>,
}

/// Why a handoff step could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "the user has sent {limit} tickets in the last hour; the next is possible in {wait_secs} s"
    )]
    TooMany { limit: u32, wait_secs: i64 },
    #[error("ticket {0} is not a draft of this user")]
    NotADraft(i64),
}

impl From<sqlx::Error> for HandoffError {
    fn from(err: sqlx::Error) -> HandoffError {
        HandoffError::Store(err.into())
    }
}

/// When staff usually reply (`STAFF_REPLY_TIME`), told to the user before they send a question:
/// a number of hours, days or working days, so each language can say it in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyTime {
    Hours(u32),
    Days(u32),
    WorkingDays(u32),
}

impl Default for ReplyTime {
    fn default() -> ReplyTime {
        ReplyTime::WorkingDays(2)
    }
}

impl FromStr for ReplyTime {
    type Err = ();

    /// `24 hours`, `1 day`, `2 working days` (singular or plural, any case).
    fn from_str(text: &str) -> Result<ReplyTime, ()> {
        let text = text.trim().to_ascii_lowercase();
        let (number, unit) = text.split_once(char::is_whitespace).ok_or(())?;
        let n: u32 = number.parse().map_err(|_| ())?;
        if n == 0 {
            return Err(());
        }
        match unit
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "hour" | "hours" => Ok(ReplyTime::Hours(n)),
            "day" | "days" => Ok(ReplyTime::Days(n)),
            "working day" | "working days" => Ok(ReplyTime::WorkingDays(n)),
            _ => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_times_are_hours_days_or_working_days() {
        assert_eq!("2 working days".parse(), Ok(ReplyTime::WorkingDays(2)));
        assert_eq!(" 1 Hour ".parse(), Ok(ReplyTime::Hours(1)));
        assert_eq!("3 days".parse(), Ok(ReplyTime::Days(3)));
        assert_eq!("soon".parse::<ReplyTime>(), Err(()));
        assert_eq!("0 days".parse::<ReplyTime>(), Err(()));
    }
}
