//! Feedback on answers, Telegram-free: each answer the bot gives is remembered under a short id (so
//! its 👍 / 👎 buttons fit Telegram's 64 bytes), one vote per user and answer, a 👎 logged at once
//! as a miss with the entry it got (and taken back when the vote turns to 👍), an optional
//! follow-up saying what was wrong, and the counts `/stats` and `coop-bot stats` show.

mod store;

pub use store::{AnswerRecord, EntryFeedback, Feedback, FeedbackStats, VoteOutcome};

use std::fmt;
use std::str::FromStr;

use crate::i18n::{fill, texts};
use crate::lang::Lang;

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

/// The feedback part of `/stats` (and of `coop-bot stats`): each entry's 👍 / 👎 over 7 and 30
/// days, then the worst rated. `title` names an entry.
pub fn stats_text(stats: &FeedbackStats, lang: Lang, title: &dyn Fn(&str) -> String) -> String {
    let t = texts(lang);
    if stats.entries.is_empty() {
        return t.feedback_none.to_string();
    }
    let mut lines = vec![t.feedback_heading.to_string()];
    for entry in &stats.entries {
        lines.push(fill(
            t.feedback_line,
            &[
                ("title", &title(&entry.entry)),
                ("h7", &entry.helpful_7d.to_string()),
                ("u7", &entry.unhelpful_7d.to_string()),
                ("h30", &entry.helpful_30d.to_string()),
                ("u30", &entry.unhelpful_30d.to_string()),
            ],
        ));
    }
    if !stats.worst.is_empty() {
        lines.push(String::new());
        lines.push(t.feedback_worst.to_string());
        for entry in &stats.worst {
            let votes = entry.helpful_30d + entry.unhelpful_30d;
            let percent = (entry.unhelpful_ratio() * 100.0).round() as u32;
            lines.push(fill(
                t.feedback_worst_line,
                &[
                    ("title", &title(&entry.entry)),
                    ("percent", &percent.to_string()),
                    ("votes", &votes.to_string()),
                ],
            ));
        }
    }
    lines.join("\n")
}
