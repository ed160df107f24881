//! `/reload`: re-reads the knowledge base; if the new one is invalid, the old one keeps serving
//! and the staff member sees the validation errors.

use std::sync::Arc;

use crate::bot::context::ChatContext;
use crate::bot::context::HandlerResult;
use crate::bot::state::AppState;
use crate::i18n::{fill, texts};
use crate::knowledge::KnowledgeError;
use crate::live::ReloadError;

/// How much of the validation report a refused reload shows (a message holds 4,096 characters).
const PROBLEMS_SHOWN: usize = 3500;

/// `/reload`.
pub async fn on_reload(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let t = texts(here.lang);
    let text = match state.knowledge.reload().await {
        Ok(entries) => {
            tracing::info!(entries, "knowledge base reloaded");
            fill(t.reloaded, &[("n", &entries.to_string())])
        }
        Err(err) => {
            tracing::warn!(error = %err, "reload refused: the current knowledge base keeps serving");
            let problems = match err {
                ReloadError::Knowledge(KnowledgeError::Invalid(problems)) => problems.to_string(),
                other => other.to_string(),
            };
            let listed: String = problems.chars().take(PROBLEMS_SHOWN).collect();
            fill(t.reload_failed, &[("problems", &listed)])
        }
    };
    Ok(here.send_text(&text, None).await?)
}
