//! What `/stats` and `coop-bot stats` show, gathered once from the database and said the same way
//! in both: active subscribers by topic and language, questions answered and unanswered in the last
//! day and week, and the 👍 / 👎 per entry over 7 and 30 days with the worst rated.

use crate::broadcast::{Subscribers, Topic};
use crate::dates::SECONDS_PER_DAY;
use crate::feedback::{Feedback, FeedbackStats, stats_text};
use crate::i18n::{fill, texts};
use crate::lang::Lang;
use crate::store::{Store, StoreError};

/// The statistics at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsReport {
    /// Active subscribers per topic and language (only the pairs that have some).
    pub subscribers: Vec<(Topic, Lang, usize)>,
    /// Questions (answered, unanswered) in the last day.
    pub day: (usize, usize),
    /// Questions (answered, unanswered) in the last week.
    pub week: (usize, usize),
    /// Votes on answers.
    pub feedback: FeedbackStats,
}

impl StatsReport {
    /// Reads the statistics at `now` (unix seconds) from the bot's database.
    pub async fn gather(store: &Store, now: i64) -> Result<StatsReport, StoreError> {
        let subscribers = Subscribers::new(store.pool().clone()).counts().await?;
        Ok(StatsReport {
            subscribers,
            day: store.question_counts(now - SECONDS_PER_DAY).await?,
            week: store.question_counts(now - 7 * SECONDS_PER_DAY).await?,
            feedback: Feedback::new(store.pool().clone()).stats(now).await?,
        })
    }

    /// The report in `lang`; `title` names an entry (its title, or its id without a knowledge base).
    pub fn to_text(&self, lang: Lang, title: &dyn Fn(&str) -> String) -> String {
        let subscribers: Vec<String> = Topic::ALL
            .iter()
            .map(|&topic| {
                let per_lang: Vec<String> = Lang::ALL
                    .iter()
                    .map(|&lang| format!("{lang} {}", self.subscribers_of(topic, lang)))
                    .collect();
                format!("• {}: {}", topic.code(), per_lang.join(", "))
            })
            .collect();
        let text = fill(
            texts(lang).stats,
            &[
                ("subscribers", &subscribers.join("\n")),
                ("day_answered", &self.day.0.to_string()),
                ("day_unanswered", &self.day.1.to_string()),
                ("week_answered", &self.week.0.to_string()),
                ("week_unanswered", &self.week.1.to_string()),
            ],
        );
        format!("{text}\n\n{}", stats_text(&self.feedback, lang, title))
    }

    /// The report as JSON, for `coop-bot stats --json`.
    pub fn to_json(&self) -> serde_json::Value {
        let subscribers: Vec<serde_json::Value> = self
            .subscribers
            .iter()
            .map(|(topic, lang, n)| {
                serde_json::json!({"topic": topic.code(), "lang": lang.code(), "subscribers": n})
            })
            .collect();
        serde_json::json!({
            "subscribers": subscribers,
            "questions": {
                "day": {"answered": self.day.0, "unanswered": self.day.1},
                "week": {"answered": self.week.0, "unanswered": self.week.1},
            },
            "feedback": self.feedback,
        })
    }

    fn subscribers_of(&self, topic: Topic, lang: Lang) -> usize {
        self.subscribers
            .iter()
            .find(|(t, l, _)| *t == topic && *l == lang)
            .map_or(0, |c| c.2)
    }
}
