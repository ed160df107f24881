//! Feedback on answers, Telegram-free: each answer the bot gives is remembered under a short id (so
//! its 👍 / 👎 buttons fit Telegram's 64 bytes), one vote per user and answer, a 👎 logged at once
//! as a miss with the entry it got (and taken back when the vote turns to 👍), an optional
//! follow-up saying what was wrong, and the counts `/stats` and `coop-bot stats` show.

mod store;

pub use store::{AnswerRecord, EntryFeedback, Feedback, FeedbackStats, VoteOutcome};

use std::fmt;
use std::str::FromStr;

/// What a user says about an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    /// 👍
    Helpful,
    /// 👎
    Unhelpful,
}

/// The optional follow-up to a 👎: what was wrong with the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// It answered another question.
    WrongTopic,
    /// Its facts are outdated.
    OutOfDate,
    /// Right topic, but too little.
    NotEnoughDetail,
}

impl Detail {
    /// Every follow-up, in the order the buttons show them.
    pub const ALL: [Detail; 3] = [
        Detail::WrongTopic,
        Detail::OutOfDate,
        Detail::NotEnoughDetail,
    ];

    /// The detail as the database stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Detail::WrongTopic => "wrong_topic",
            Detail::OutOfDate => "out_of_date",
            Detail::NotEnoughDetail => "not_enough_detail",
        }
    }

    /// One letter, for a button's callback data.
    pub fn code(self) -> &'static str {
        match self {
            Detail::WrongTopic => "w",
            Detail::OutOfDate => "o",
            Detail::NotEnoughDetail => "d",
        }
    }

    /// Reads [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Detail> {
        Detail::ALL.into_iter().find(|d| d.code() == code)
    }
}

impl FromStr for Detail {
    type Err = ();

    fn from_str(text: &str) -> Result<Detail, ()> {
        Detail::ALL
            .into_iter()
            .find(|d| d.as_str() == text)
            .ok_or(())
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
