//! `/stats`: active subscribers by topic and language, the questions answered and unanswered in
//! the last day and week, and the 👍 / 👎 per entry over 7 and 30 days with the worst rated (the
//! same report as `coop-bot stats`, `crate::report`).

use std::sync::Arc;

use crate::bot::context::ChatContext;
use crate::bot::context::HandlerResult;
use crate::bot::state::AppState;
use crate::report::StatsReport;
use crate::store::unix_now;

/// `/stats`.
pub async fn on_stats(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    state.recorded().await;
    let report = StatsReport::gather(&state.store, unix_now()).await?;
    let answerer = state.knowledge.answerer();
    let title = |id: &str| {
        answerer
            .knowledge()
            .entry(id)
            .map_or(id.to_string(), |e| e.title.get(here.lang).clone())
    };
    Ok(here
        .send_text(&report.to_text(here.lang, &title), None)
        .await?)
}
