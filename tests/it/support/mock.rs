//! The handlers driven through teloxide_tests' MockBot: one way to make the bot under test (the
//! real handler tree over an in-memory or given database, the embedded knowledge base, and
//! [`STAFF`] as its staff), to talk to it, and to read what it sent.

use std::sync::Arc;

use coop_bot::bot::{Action, AppState, BotError, Callback, handler_tree};
use coop_bot::config::KnowledgeLocation;
use coop_bot::knowledge::load_embedded;
use coop_bot::store::Store;
use teloxide::dptree::deps;
use teloxide::types::{InlineKeyboardButtonKind, ReplyMarkup};
use teloxide_tests::mock_bot::DistributionKey;
use teloxide_tests::server::responses::SentMessageText;
use teloxide_tests::{IntoUpdate, MockBot, MockCallbackQuery, MockMessageText, MockUser};

/// The bot under test.
pub type Bot = MockBot<BotError, DistributionKey>;

/// The user the mocks send from by default, and the bot's one staff member.
pub const STAFF: u64 = MockUser::ID;

/// A user who is not staff.
pub const OUTSIDER: u64 = 999;

/// State over `store`, with `/reload` reading `knowledge` and [`STAFF`] as staff.
pub async fn state_over(store: Store, knowledge: KnowledgeLocation) -> Arc<AppState> {
    let kb = load_embedded().expect("the embedded knowledge base is valid");
    Arc::new(
        AppState::new(kb, knowledge, store)
            .await
            .expect("state")
            .with_staff([STAFF]),
    )
}

/// State over an in-memory database with the handoff to programme staff set up as `handoff`.
pub async fn state_with_handoff(handoff: coop_bot::config::HandoffSettings) -> Arc<AppState> {
    let store = Store::in_memory().await.expect("store");
    let kb = load_embedded().expect("the embedded knowledge base is valid");
    Arc::new(
        AppState::new(kb, KnowledgeLocation::Embedded, store)
            .await
            .expect("state")
            .with_staff([STAFF])
            .with_handoff(handoff),
    )
}

/// The bot over `state`, with `update` queued.
pub fn bot_over<T: IntoUpdate>(update: T, state: &Arc<AppState>) -> Bot {
    let mut bot = MockBot::new(update, handler_tree());
    bot.dependencies(deps![state.clone()]);
    bot
}

/// A fresh bot (in-memory database, embedded knowledge base) with `update` queued.
pub async fn bot_with<T: IntoUpdate>(update: T) -> (Bot, Arc<AppState>) {
    let store = Store::in_memory().await.expect("store");
    let state = state_over(store, KnowledgeLocation::Embedded).await;
    (bot_over(update, &state), state)
}

/// A text message from the default user.
pub fn text_message(text: &str) -> MockMessageText {
    MockMessageText::new().text(text)
}

/// A Telegram user with this id.
pub fn from(user: u64) -> teloxide::types::User {
    MockUser::new().id(user).build()
}

/// `user` sends `text`.
pub async fn say(bot: &mut Bot, text: &str, user: u64) {
    bot.update(text_message(text).from(from(user)));
    bot.dispatch().await;
}

/// `user` taps the button carrying `data`.
pub async fn tap(bot: &mut Bot, data: &str, user: u64) {
    bot.update(MockCallbackQuery::new().data(data).from(from(user)));
    bot.dispatch().await;
}

/// The texts of the messages the last dispatch sent, in order.
pub fn sent_texts(bot: &Bot) -> Vec<String> {
    bot.get_responses()
        .sent_messages_text
        .iter()
        .map(|m| m.bot_request.text.clone())
        .collect()
}

/// The last message the last dispatch sent.
pub fn last_sent(bot: &Bot) -> SentMessageText {
    bot.get_responses()
        .sent_messages_text
        .last()
        .cloned()
        .expect("the bot replied")
}

/// The buttons under the last message the last dispatch sent, as (label, callback data).
pub fn last_buttons(bot: &Bot) -> Vec<(String, String)> {
    buttons(&last_sent(bot).bot_request.reply_markup)
}

/// The text of the last message edited in place by the last dispatch.
pub fn edited_text(bot: &Bot) -> String {
    bot.get_responses()
        .edited_messages_text
        .last()
        .expect("edited in place")
        .bot_request
        .text
        .clone()
}

/// The buttons of a keyboard, as (label, callback data), row by row.
pub fn buttons(markup: &Option<ReplyMarkup>) -> Vec<(String, String)> {
    let Some(ReplyMarkup::InlineKeyboard(keyboard)) = markup else {
        return Vec::new();
    };
    keyboard
        .inline_keyboard
        .iter()
        .flatten()
        .map(|b| {
            let data = match &b.kind {
                InlineKeyboardButtonKind::CallbackData(data) => data.clone(),
                _ => String::new(),
            };
            (b.text.clone(), data)
        })
        .collect()
}

/// The buttons of a keyboard, decoded: each one's action and its callback data.
pub fn actions(markup: &Option<ReplyMarkup>) -> Vec<(Action, String)> {
    buttons(markup)
        .into_iter()
        .filter_map(|(_, data)| Some((Callback::decode(&data)?.action, data)))
        .collect()
}

/// The decoded buttons of every message sent by the last dispatch, message by message.
pub fn sent_actions(bot: &Bot) -> Vec<Vec<(Action, String)>> {
    bot.get_responses()
        .sent_messages_text
        .iter()
        .map(|m| actions(&m.bot_request.reply_markup))
        .collect()
}

/// The decoded buttons of the last message edited in place.
pub fn edited_actions(bot: &Bot) -> Vec<(Action, String)> {
    let responses = bot.get_responses();
    let edited = responses.edited_messages_text.last().expect("edited");
    actions(&edited.bot_request.reply_markup)
}

/// The callback data of the first of `buttons` whose action `is`.
pub fn find_button(buttons: &[(Action, String)], is: impl Fn(&Action) -> bool) -> Option<String> {
    buttons
        .iter()
        .find(|(action, _)| is(action))
        .map(|(_, data)| data.clone())
}
