//! The handler tree: where every update goes. Messages are commands, staff commands (through the
//! staff gate) or questions; button taps are decoded once and routed by their action; inline
//! queries have their own endpoint. To see where something is handled, start here.

use std::sync::Arc;

use teloxide::dispatching::{DefaultKey, UpdateHandler};
use teloxide::dptree::case;
use teloxide::prelude::*;

use super::callback::{Action, Callback, UserAction};
use super::commands::{Command, StaffCommand};
use super::context::{self, BotError};
use super::handoff::{self, ThreadReply};
use super::questions::{self, Question};
use super::state::AppState;
use super::{feedback, forget_me, inline, send, staff, subscriptions, topics, welcome};

/// The whole bot as a dptree handler. Needs `Arc<AppState>` in the dependencies (`Me`, `Bot` and
/// the `Update` come from the dispatcher), so tests drive it with teloxide_tests' MockBot.
pub fn handler_tree() -> UpdateHandler<BotError> {
    dptree::entry()
        .branch(Update::filter_message().chain(messages()))
        // An edited question is answered again.
        .branch(Update::filter_edited_message().chain(messages()))
        .branch(Update::filter_callback_query().chain(buttons()))
        .branch(
            Update::filter_inline_query().chain(context::for_inline(dptree::endpoint(
                inline::on_inline_query,
            ))),
        )
}

/// A message: a command, a staff command, a reply into a ticket's thread (relayed, not answered),
/// or else a question (if it is addressed to the bot).
fn messages() -> UpdateHandler<BotError> {
    dptree::entry()
        .branch(
            dptree::entry()
                .filter_command::<Command>()
                .chain(context::for_message(commands())),
        )
        .branch(
            dptree::entry()
                .filter_command::<StaffCommand>()
                .chain(context::for_message(staff::commands())),
        )
        // An album part from staff is remembered for `/broadcast`, not answered.
        .branch(
            dptree::filter_map(staff::staff_album_part).chain(context::for_message(
                dptree::endpoint(staff::remember_album_part),
            )),
        )
        .branch(
            dptree::filter_map_async(ThreadReply::of_message).chain(context::for_message(
                dptree::endpoint(handoff::on_thread_reply),
            )),
        )
        .branch(
            dptree::filter_map(Question::of_message).chain(context::for_message(dptree::endpoint(
                questions::on_question,
            ))),
        )
}

/// Everyone's commands.
fn commands() -> UpdateHandler<BotError> {
    dptree::entry()
        .inspect(|command: Command| tracing::info!(command = command.name(), "command"))
        .branch(case![Command::Start].endpoint(welcome::on_start))
        .branch(case![Command::Help].endpoint(welcome::on_help))
        .branch(case![Command::Lang].endpoint(welcome::on_lang))
        .branch(case![Command::Topics].endpoint(topics::on_topics))
        .branch(case![Command::Subscribe(topic)].endpoint(subscriptions::on_subscribe))
        .branch(case![Command::Unsubscribe(topic)].endpoint(subscriptions::on_unsubscribe))
        .branch(case![Command::Subscriptions].endpoint(subscriptions::on_subscriptions))
        .branch(case![Command::AskStaff(question)].endpoint(handoff::on_ask_staff_command))
        .branch(case![Command::ForgetMe].endpoint(forget_me::on_forget_me))
        .branch(dptree::endpoint(context::unrouted))
}

/// A button tap: its spinner stopped, its data decoded once, then everyone's buttons to their
/// endpoints and staff buttons through the staff gate. Data this version did not produce does
/// nothing more.
fn buttons() -> UpdateHandler<BotError> {
    dptree::entry()
        .inspect_async(send::stop_spinner)
        .filter_map(Callback::of_query)
        .chain(context::for_button(
            dptree::entry()
                .inspect(|callback: Callback| {
                    tracing::info!(data = callback.encode(), "button");
                })
                .map(|callback: Callback| callback.action)
                .branch(case![Action::User(action)].chain(user_buttons()))
                .branch(case![Action::Staff(action)].chain(staff::buttons())),
        ))
}

/// Everyone's buttons.
fn user_buttons() -> UpdateHandler<BotError> {
    dptree::entry()
        .branch(case![UserAction::Answer { entry }].endpoint(questions::on_answer_button))
        .branch(case![UserAction::Example { index }].endpoint(questions::on_example_button))
        .branch(case![UserAction::NoneOfThese { offer }].endpoint(questions::on_none_of_these))
        .branch(case![UserAction::Topics].endpoint(topics::on_root_button))
        .branch(case![UserAction::Kind { kind }].endpoint(topics::on_kind_button))
        .branch(case![UserAction::Entry { entry }].endpoint(topics::on_entry_button))
        .branch(case![UserAction::SetLang].endpoint(welcome::on_language_button))
        .branch(case![UserAction::Vote { answer, vote }].endpoint(feedback::on_vote))
        .branch(case![UserAction::Detail { answer, detail }].endpoint(feedback::on_detail))
        .branch(case![UserAction::AskStaff { about }].endpoint(handoff::on_ask_staff_button))
        .branch(case![UserAction::ShareName { ticket, share }].endpoint(handoff::on_share_name))
        .branch(case![UserAction::SendTicket { ticket }].endpoint(handoff::on_send_ticket))
        .branch(case![UserAction::CancelTicket { ticket }].endpoint(handoff::on_cancel_ticket))
        .branch(dptree::endpoint(context::unrouted))
}

/// The dispatcher running the tree over long polling, with `state` for the handlers. Updates from
/// one chat are handled in order, different chats concurrently.
pub fn dispatcher(bot: Bot, state: Arc<AppState>) -> Dispatcher<Bot, BotError, DefaultKey> {
    Dispatcher::builder(bot, handler_tree())
        .dependencies(dptree::deps![state])
        .default_handler(|update| async move {
            tracing::debug!(update = update.id.0, "update with no handler");
        })
        // Endpoint failures are handled inside the tree (`context`); this only sees bugs there.
        .error_handler(LoggingErrorHandler::with_custom_text(
            "an update handler failed",
        ))
        .build()
}
