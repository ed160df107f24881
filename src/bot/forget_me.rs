//! `/forget_me`, for anyone: deletes the user's subscriptions (of their private chat), votes and
//! tickets, says what was deleted, and marks their open cards in the staff chat deleted, so staff
//! replies to them are no longer relayed.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::MessageId;
use teloxide::utils::html;

use crate::i18n::{fill, texts};

use super::context::{ChatContext, HandlerResult};
use super::state::AppState;
use super::{handoff, keyboards};

/// `/forget_me`.
pub async fn on_forget_me(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let user = here.user_id();
    let t = texts(here.lang);
    if user == 0 {
        return Ok(here.send_text(t.forget_me_nothing, None).await?);
    }
    // Subscriptions belong to a chat: the user's own is their private chat, whose id is theirs.
    let topics = state.subscribers.forget(user).await?;
    let votes = state.feedback.forget_user(user).await?;
    let forgotten = state.tickets.forget_user(user).await?;
    tracing::info!(
        topics,
        votes,
        tickets = forgotten.tickets,
        open_cards = forgotten.open_cards.len(),
        "forget_me"
    );
    let staff_lang = handoff::staff_lang(&state).await;
    for (number, chat, message) in &forgotten.open_cards {
        let html = html::escape(&fill(
            texts(staff_lang).card_deleted,
            &[("n", &number.to_string())],
        ));
        let edited = here
            .out()
            .edit_html(ChatId(*chat), MessageId(*message), &html, keyboards::none())
            .await;
        if let Err(err) = edited {
            tracing::warn!(error = %err, ticket = number, "cannot mark a deleted ticket's card");
        }
    }
    if topics == 0 && votes == 0 && forgotten.tickets == 0 {
        return Ok(here.send_text(t.forget_me_nothing, None).await?);
    }
    let mut text = fill(
        t.forget_me_done,
        &[
            ("subscriptions", &topics.to_string()),
            ("votes", &votes.to_string()),
            ("tickets", &forgotten.tickets.to_string()),
        ],
    );
    if !forgotten.open_cards.is_empty() {
        text.push('\n');
        text.push_str(&fill(
            t.forget_me_cards,
            &[("n", &forgotten.open_cards.len().to_string())],
        ));
    }
    Ok(here.send_text(&text, None).await?)
}
