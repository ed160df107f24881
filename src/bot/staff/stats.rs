//! `/stats`: active subscribers by topic and language, and the questions answered and unanswered
//! in the last day and week.

use std::sync::Arc;

use crate::bot::context::ChatContext;
use crate::bot::context::HandlerResult;
use crate::bot::state::AppState;
use crate::broadcast::Topic;
use crate::dates::SECONDS_PER_DAY;
use crate::i18n::{fill, texts};
use crate::lang::Lang;
use crate::store::unix_now;

/// `/stats`.
pub async fn on_stats(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let counts = state.subscribers.counts().await?;
    let subscribers: Vec<String> = Topic::ALL
        .iter()
        .map(|&topic| {
            let per_lang: Vec<String> = Lang::ALL
                .iter()
                .map(|&lang| {
                    let n = counts
                        .iter()
                        .find(|(t, l, _)| *t == topic && *l == lang)
                        .map_or(0, |c| c.2);
                    format!("{lang} {n}")
                })
                .collect();
            format!("• {}: {}", topic.code(), per_lang.join(", "))
        })
        .collect();
    state.recorded().await;
    let now = unix_now();
    let (day_answered, day_unanswered) = state.store.question_counts(now - SECONDS_PER_DAY).await?;
    let (week_answered, week_unanswered) = state
        .store
        .question_counts(now - 7 * SECONDS_PER_DAY)
        .await?;
    let text = fill(
        texts(here.lang).stats,
        &[
            ("subscribers", &subscribers.join("\n")),
            ("day_answered", &day_answered.to_string()),
            ("day_unanswered", &day_unanswered.to_string()),
            ("week_answered", &week_answered.to_string()),
            ("week_unanswered", &week_unanswered.to_string()),
        ],
    );
    Ok(here.send_text(&text, None).await?)
}
