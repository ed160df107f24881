//! `/start`, `/help` and `/lang`: the welcome with example questions, and the answer language a
//! chat chooses.

use std::sync::Arc;

use crate::i18n::texts;

use super::context::ChatContext;
use super::context::HandlerResult;
use super::keyboards;
use super::state::AppState;

/// `/start`: the welcome with example questions. A subscriber who had blocked the bot and comes
/// back gets announcements again.
pub async fn on_start(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    state.subscribers.reactivate(here.chat.0).await?;
    let keyboard = keyboards::examples(here.lang);
    Ok(here
        .send_text(texts(here.lang).welcome, Some(keyboard))
        .await?)
}

/// `/help`: how to ask, with example questions.
pub async fn on_help(here: ChatContext) -> HandlerResult {
    let keyboard = keyboards::examples(here.lang);
    Ok(here
        .send_text(texts(here.lang).help, Some(keyboard))
        .await?)
}

/// `/lang`: the three languages as buttons.
pub async fn on_lang(here: ChatContext) -> HandlerResult {
    let prompt = texts(here.lang).lang_prompt;
    Ok(here.send_text(prompt, Some(keyboards::languages())).await?)
}

/// A language button: remembered for the chat (and its subscription), said in that language.
pub async fn on_language_button(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    state
        .store
        .set_chat_language(here.chat.0, here.lang)
        .await?;
    state
        .subscribers
        .set_language(here.chat.0, here.lang)
        .await?;
    let done = texts(here.lang).chat_language_set;
    here.show_text(done, keyboards::none()).await?;
    Ok(())
}
