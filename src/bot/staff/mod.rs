//! Staff commands and buttons, for the Telegram user ids in `STAFF_IDS`. Both pass through one
//! gate ([`gated`]): staff reach the routes below, everyone else gets a polite refusal, nothing
//! happens, and the attempt is logged with the user id. One file per job, like mini-redis's `cmd/`:
//! broadcasts, statistics, reloading the knowledge base, curation.

mod broadcast;
mod composed;
mod curation;
mod progress;
mod reload;
mod stats;

use std::sync::Arc;

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;

use crate::i18n::texts;

use super::callback::StaffAction;
use super::commands::StaffCommand;
use super::context::{BotError, HandlerResult};
use super::context::{ChatContext, unrouted};
use super::state::AppState;

pub use broadcast::{remember_album_part, staff_album_part};
pub use progress::watch_broadcasts;

/// The staff commands, routed once the sender has passed the gate.
pub fn commands() -> UpdateHandler<BotError> {
    gated(
        dptree::entry()
            .inspect(|command: StaffCommand, update: Update| {
                let user = update.from().map(|u| u.id.0);
                tracing::info!(command = command.name(), user, "staff command");
            })
            .branch(dptree::case![StaffCommand::Broadcast(text)].endpoint(broadcast::on_broadcast))
            .branch(dptree::case![StaffCommand::Broadcasts(id)].endpoint(broadcast::on_broadcasts))
            .branch(
                dptree::case![StaffCommand::CancelBroadcast(id)]
                    .endpoint(broadcast::on_cancel_broadcast),
            )
            .branch(dptree::case![StaffCommand::Stats].endpoint(stats::on_stats))
            .branch(dptree::case![StaffCommand::Reload].endpoint(reload::on_reload))
            .branch(dptree::case![StaffCommand::Why(question)].endpoint(curation::on_why))
            .branch(dptree::case![StaffCommand::Unanswered].endpoint(curation::on_unanswered))
            .branch(dptree::case![StaffCommand::Learned].endpoint(curation::on_learned))
            .branch(
                dptree::case![StaffCommand::PauseBroadcast(id)]
                    .endpoint(broadcast::on_pause_broadcast),
            )
            .branch(
                dptree::case![StaffCommand::ResumeBroadcast(id)]
                    .endpoint(broadcast::on_resume_broadcast),
            )
            .branch(dptree::case![StaffCommand::Tickets].endpoint(super::handoff::on_tickets))
            .branch(dptree::endpoint(unrouted)),
    )
}

/// The buttons under staff messages (broadcast previews, review cards, `/learned`), routed once
/// the tapper has passed the gate.
pub fn buttons() -> UpdateHandler<BotError> {
    gated(
        dptree::entry()
            .branch(
                dptree::case![StaffAction::ConfirmBroadcast { id }]
                    .endpoint(broadcast::on_confirm_button),
            )
            .branch(
                dptree::case![StaffAction::CancelBroadcast { id }]
                    .endpoint(broadcast::on_cancel_button),
            )
            .branch(
                dptree::case![StaffAction::Attach { miss, entry }]
                    .endpoint(curation::on_attach_button),
            )
            .branch(
                dptree::case![StaffAction::Dismiss { miss }].endpoint(curation::on_dismiss_button),
            )
            .branch(
                dptree::case![StaffAction::Pick { miss, kind }].endpoint(curation::on_pick_button),
            )
            .branch(dptree::case![StaffAction::Undo { learned }].endpoint(curation::on_undo_button))
            .branch(
                dptree::case![StaffAction::CloseTicket { ticket }]
                    .endpoint(super::handoff::on_close_button),
            )
            .branch(
                dptree::case![StaffAction::AttachTicket { ticket }]
                    .endpoint(curation::on_attach_ticket_button),
            )
            .branch(dptree::endpoint(unrouted)),
    )
}

/// The staff gate: staff go on to `routes`, anyone else to the refusal.
fn gated(routes: UpdateHandler<BotError>) -> UpdateHandler<BotError> {
    dptree::entry()
        .branch(dptree::filter(is_staff).chain(routes))
        .branch(dptree::endpoint(refuse))
}

fn is_staff(update: Update, state: Arc<AppState>) -> bool {
    update.from().is_some_and(|user| state.is_staff(user.id))
}

/// The one refusal, for staff commands and buttons alike: nothing is done, and the attempt is
/// logged with who made it. In the staff chat the refusal is silent (others there are ignored).
async fn refuse(here: ChatContext, update: Update, state: Arc<AppState>) -> HandlerResult {
    tracing::warn!(
        user = update.from().map(|u| u.id.0),
        "refused a staff command or button from a non-staff user"
    );
    if state.staff_chat() == Some(here.chat) {
        return Ok(());
    }
    Ok(here.send_text(texts(here.lang).staff_only, None).await?)
}
