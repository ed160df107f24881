//! Helpers for the handler tests that drive the bot through teloxide_tests' MockBot.

use coop_bot::bot::BotError;
use teloxide_tests::mock_bot::DistributionKey;
use teloxide_tests::{MockBot, MockUser};

/// The bot under test.
pub type Bot = MockBot<BotError, DistributionKey>;

/// The user the mocks send from by default, listed in `STAFF_IDS` by the staff tests.
pub const STAFF: u64 = MockUser::ID;

/// A user who is not staff.
pub const OUTSIDER: u64 = 999;

/// A Telegram user with this id.
pub fn from(user: u64) -> teloxide::types::User {
    MockUser::new().id(user).build()
}

/// The texts of the messages the last dispatch sent, in order.
pub fn sent_texts(bot: &Bot) -> Vec<String> {
    bot.get_responses()
        .sent_messages_text
        .iter()
        .map(|m| m.bot_request.text.clone())
        .collect()
}
