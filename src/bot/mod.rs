//! The Telegram bot. Where things are:
//!
//! - `tree`: where every update goes (commands, staff commands, questions, button taps decoded
//!   once into a [`Callback`], inline queries), each to its endpoint;
//! - `context`: each update's chat and language, and the one error handler that logs a failure
//!   and apologises;
//! - everyone's endpoints: `questions`, `topics`, `welcome` (`/start`, `/help`, `/lang`),
//!   `subscriptions`, `inline`, `feedback` (👍 / 👎 under answers), `handoff` (questions to
//!   programme staff, their cards and relayed replies), `forget_me`;
//! - `staff`: the staff gate, and one file per staff job (broadcast, stats, reload, curation);
//! - `keyboards` builds every keyboard, `callback` is the button data, `commands` the command
//!   sets and menus, `telegram_html` renders replies, `send` is where every outgoing request
//!   goes through (a permit from the send governor, then retries), `transport` makes the one Bot
//!   API call (without teloxide's sleep after a 5xx), and `state` is what the handlers share.
//!
//! The wording of every reply is in `crate::i18n`.

mod callback;
mod commands;
mod context;
mod feedback;
mod forget_me;
mod handoff;
mod inline;
mod keyboards;
mod questions;
pub(crate) mod send;
mod staff;
mod state;
mod subscriptions;
mod telegram_html;
mod topics;
pub(crate) mod transport;
mod tree;
mod welcome;

pub use callback::{Action, AskAbout, CALLBACK_DATA_LIMIT, Callback, StaffAction, UserAction};
pub use commands::{Command, StaffCommand, menu, register_commands, staff_menu};
pub use context::{BotError, ChatContext, HandlerResult};
pub use send::Outbound;
pub use staff::watch_broadcasts;
pub use state::AppState;
pub use telegram_html::{MESSAGE_LIMIT, split_message};
pub use tree::{dispatcher, handler_tree};
