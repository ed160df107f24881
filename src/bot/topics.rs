//! `/topics`: the kinds, then one kind's entries, then an entry's answer, browsed by editing one
//! message so browsing does not flood the chat.

use std::sync::Arc;

use teloxide::utils::html;

use crate::dates::Date;
use crate::i18n::texts;
use crate::knowledge::Kind;

use super::context::ChatContext;
use super::context::HandlerResult;
use super::keyboards;
use super::state::AppState;
use super::telegram_html::answer_html;

/// `/topics`: the topic root as a new message.
pub async fn on_topics(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let answerer = state.knowledge.answerer();
    let keyboard = keyboards::topics(answerer.knowledge(), here.lang);
    let prompt = texts(here.lang).topics_prompt;
    Ok(here.send_text(prompt, Some(keyboard)).await?)
}

/// Back to the topic root, in place.
pub async fn on_root_button(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let answerer = state.knowledge.answerer();
    let prompt = html::escape(texts(here.lang).topics_prompt);
    let keyboard = keyboards::topics(answerer.knowledge(), here.lang);
    Ok(here.show_html(&prompt, keyboard).await?)
}

/// One kind's entries, in place.
pub async fn on_kind_button(here: ChatContext, state: Arc<AppState>, kind: Kind) -> HandlerResult {
    let answerer = state.knowledge.answerer();
    let heading = html::bold(&html::escape(texts(here.lang).kind(kind)));
    let keyboard = keyboards::kind(answerer.knowledge(), kind, here.lang);
    Ok(here.show_html(&heading, keyboard).await?)
}

/// An entry's answer in place, with its related entries and a way back to its kind; an entry
/// removed by a reload since shows the root instead.
pub async fn on_entry_button(
    here: ChatContext,
    state: Arc<AppState>,
    entry: String,
) -> HandlerResult {
    let answerer = state.knowledge.answerer();
    let Some(entry) = answerer.knowledge().entry(&entry) else {
        return on_root_button(here, state).await;
    };
    let related = answerer.related(entry);
    let html = answer_html(entry, &answerer.citations(entry), here.lang, Date::today());
    let keyboard = keyboards::entry_in_topics(&related, entry.kind, here.lang);
    Ok(here.show_html(&html, keyboard).await?)
}
