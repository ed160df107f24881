//! `/start`, `/help` and `/lang`: the welcome with example questions, and the answer language a
//! chat chooses.

use std::sync::Arc;

use teloxide::prelude::*;

use crate::i18n::texts;

use super::context::ChatContext;
use super::context::HandlerResult;
use super::keyboards;
use super::send::{send_text, show_text_in_place};
use super::state::AppState;

/// `/start`: the welcome with example questions. A subscriber who had blocked the bot and comes
/// back gets announcements again.
pub async fn on_start(bot: Bot, here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    state.subscribers.reactivate(here.chat.0).await?;
    let keyboard = keyboards::examples(here.lang);
    Ok(send_text(&bot, here.chat, texts(here.lang).welcome, Some(keyboard)).await?)
}

/// `/help`: how to ask, with example questions.
pub async fn on_help(bot: Bot, here: ChatContext) -> HandlerResult {
    let keyboard = keyboards::examples(here.lang);
    Ok(send_text(&bot, here.chat, texts(here.lang).help, Some(keyboard)).await?)
}

/// `/lang`: the three languages as buttons.
pub async fn on_lang(bot: Bot, here: ChatContext) -> HandlerResult {
    let prompt = texts(here.lang).lang_prompt;
    Ok(send_text(&bot, here.chat, prompt, Some(keyboards::languages())).await?)
}

/// A language button: remembered for the chat (and its subscription), said in that language.
pub async fn on_language_button(
    bot: Bot,
    here: ChatContext,
    query: CallbackQuery,
    state: Arc<AppState>,
) -> HandlerResult {
    state
        .store
        .set_chat_language(here.chat.0, here.lang)
        .await?;
    state
        .subscribers
        .set_language(here.chat.0, here.lang)
        .await?;
    let done = texts(here.lang).chat_language_set;
    show_text_in_place(&bot, &query, here.chat, done, keyboards::none()).await?;
    Ok(())
}
