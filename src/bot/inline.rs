//! Inline mode: `@bot question` in any chat offers up to five matching entries as articles whose
//! message is the sourced answer; an empty query lists one entry of each kind to start from.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{
    InlineQueryResult, InlineQueryResultArticle, InputMessageContent, InputMessageContentText,
    ParseMode,
};

use crate::dates::Date;
use crate::knowledge::{Entry, Kind};
use crate::lang::Lang;

use super::context::HandlerResult;
use super::send::Outbound;
use super::state::AppState;
use super::telegram_html::{MESSAGE_LIMIT, answer_html, split_message};

/// How many articles an inline query gets.
const RESULTS: usize = 5;

/// An inline query, answered in its script's language, else the user's client language.
pub async fn on_inline_query(bot: Bot, query: InlineQuery, state: Arc<AppState>) -> HandlerResult {
    let lang = Lang::detect(&query.query)
        .unwrap_or_else(|| Lang::from_language_code(query.from.language_code.as_deref()));
    let answerer = state.knowledge.answerer();
    let kb = answerer.knowledge();
    let entries: Vec<&Entry> = if query.query.trim().is_empty() {
        Kind::ALL
            .iter()
            .filter_map(|&kind| kb.entries_of(kind).next())
            .collect()
    } else {
        let floor = answerer.matcher().tuning().floor;
        let result = answerer.matcher().find(&query.query);
        result
            .candidates
            .iter()
            .filter(|c| c.score >= floor)
            .map(|c| &kb.entries()[c.entry])
            .collect()
    };
    tracing::info!(results = entries.len(), %lang, "inline query");
    let results: Vec<InlineQueryResult> = entries
        .iter()
        .take(RESULTS)
        .map(|entry| {
            let html = answer_html(entry, &answerer.citations(entry), lang, Date::today());
            let text = split_message(&html, MESSAGE_LIMIT).swap_remove(0);
            let content = InputMessageContent::Text(
                InputMessageContentText::new(text).parse_mode(ParseMode::Html),
            );
            let description: String = entry.answer.get(lang).chars().take(120).collect();
            let title = entry.title.get(lang).clone();
            InlineQueryResult::Article(
                InlineQueryResultArticle::new(entry.id.clone(), title, content)
                    .description(description),
            )
        })
        .collect();
    Ok(Outbound::of(bot, &state)
        .answer_inline(&query, results)
        .await?)
}
