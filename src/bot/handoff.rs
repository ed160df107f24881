//! The handoff to programme staff in Telegram: "Ask programme staff" (under "don't know", after a
//! 👎) and `/ask_staff` make a draft the user confirms (the question, its language, and their name
//! only if they share it); sending it posts a card (`#N`) in the staff chat; a staff member's reply
//! to any message of the ticket there is copied to the user, headed "Answer from programme staff";
//! the user's reply to a relayed message is copied back into the ticket's thread; Close ends it.
//! Only `STAFF_IDS` reply or close, also inside the staff chat. The domain is `crate::handoff`.

use std::sync::Arc;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, MessageId, UpdateKind, User};
use teloxide::utils::html;

use crate::feedback::Detail;
use crate::handoff::{HandoffError, NewTicket, ThreadMessage, Ticket, TicketOrigin, TicketStatus};
use crate::i18n::{fill, language_name, reply_time_text, texts};
use crate::lang::Lang;
use crate::store::unix_now;

use super::callback::AskAbout;
use super::context::{ChatContext, HandlerResult};
use super::keyboards;
use super::state::AppState;

/// `/ask_staff QUESTION`: the question as typed, to confirm.
pub async fn on_ask_staff_command(
    here: ChatContext,
    state: Arc<AppState>,
    msg: Message,
    question: String,
) -> HandlerResult {
    if let Some(refusal) = unavailable(&here, &state) {
        return Ok(here.send_text(refusal, None).await?);
    }
    let question = question.trim();
    if question.is_empty() {
        return Ok(here
            .send_text(texts(here.lang).ask_staff_usage, None)
            .await?);
    }
    let lang = Lang::detect(question).unwrap_or(here.lang);
    let new = NewTicket {
        origin: TicketOrigin::Command,
        user_id: here.user_id(),
        chat_id: here.chat.0,
        reply_to: Some(msg.id.0),
        lang,
        question: question.to_string(),
        answered: Vec::new(),
        detail: None,
        miss_id: None,
    };
    confirm(&here.in_lang(lang), &state, new).await
}

/// "Ask programme staff" under "don't know" or after a 👎: that question, to confirm.
pub async fn on_ask_staff_button(
    here: ChatContext,
    state: Arc<AppState>,
    about: AskAbout,
) -> HandlerResult {
    if let Some(refusal) = unavailable(&here, &state) {
        return Ok(here.send_text(refusal, None).await?);
    }
    // The offer or answer may still be on its way to the database.
    state.recorded().await;
    let user = here.user_id();
    let base = |origin, question: String, lang| NewTicket {
        origin,
        user_id: user,
        chat_id: here.chat.0,
        reply_to: None,
        lang,
        question,
        answered: Vec::new(),
        detail: None,
        miss_id: None,
    };
    let new = match about {
        AskAbout::Offer(offer) => state
            .curation
            .offered(offer)
            .await?
            .map(|(question, lang)| base(TicketOrigin::DontKnow, question, lang)),
        AskAbout::Answer(answer) => match state.feedback.answer(answer).await? {
            Some(record) => match record.question.clone() {
                Some(question) => Some(NewTicket {
                    answered: record.entries.clone(),
                    detail: state
                        .feedback
                        .detail_of(answer, user)
                        .await?
                        .map(|d| d.as_str().to_string()),
                    miss_id: state.feedback.miss_of(answer, user).await?,
                    ..base(TicketOrigin::Unhelpful, question, record.lang)
                }),
                None => None,
            },
            None => None,
        },
    };
    match new {
        Some(new) => {
            let lang = new.lang;
            confirm(&here.in_lang(lang), &state, new).await
        }
        None => Ok(here.send_text(texts(here.lang).handoff_gone, None).await?),
    }
}

/// "Share my name" / "Don't share my name" on a draft: the confirmation shows what will be sent.
pub async fn on_share_name(
    here: ChatContext,
    state: Arc<AppState>,
    query: CallbackQuery,
    (ticket, share): (i64, bool),
) -> HandlerResult {
    let name = share.then(|| display_name(&query.from));
    match state
        .tickets
        .share_name(ticket, here.user_id(), name.as_deref())
        .await
    {
        Ok(draft) => {
            let keyboard = keyboards::handoff_confirmation(draft.id, share, here.lang);
            Ok(here
                .show_html(&confirmation_html(&state, &draft), keyboard)
                .await?)
        }
        Err(HandoffError::NotADraft(_)) => gone(&here).await,
        Err(err) => Err(err.into()),
    }
}

/// "Send to staff": the ticket gets its number and its card in the staff chat.
pub async fn on_send_ticket(here: ChatContext, state: Arc<AppState>, ticket: i64) -> HandlerResult {
    let t = texts(here.lang);
    let Some(staff_chat) = state.staff_chat() else {
        return Ok(here.show_text(t.handoff_off, keyboards::none()).await?);
    };
    let sent = match state.tickets.submit(ticket, here.user_id()).await {
        Ok(sent) => sent.ticket,
        Err(HandoffError::TooMany { limit, wait_secs }) => {
            return Ok(here
                .show_text(&too_many(here.lang, limit, wait_secs), keyboards::none())
                .await?);
        }
        Err(HandoffError::NotADraft(_)) => return gone(&here).await,
        Err(err) => return Err(err.into()),
    };
    let staff_lang = staff_lang(&state).await;
    let card = card_html(&state, &sent, staff_lang);
    let keyboard = keyboards::ticket_card(sent.id, true, staff_lang);
    match here
        .out()
        .send_html_reply(staff_chat, &card, Some(keyboard), None)
        .await
    {
        Ok(card) => {
            state
                .tickets
                .remember_message(sent.id, staff_chat.0, card.0, true, None)
                .await?;
        }
        Err(err) => {
            tracing::error!(error = %err, ticket = sent.id, "cannot post a ticket's card in the staff chat");
            state.tickets.unsubmit(sent.id).await?;
            let keyboard =
                keyboards::handoff_confirmation(sent.id, sent.shared_name.is_some(), here.lang);
            return Ok(here.show_text(t.handoff_failed, keyboard).await?);
        }
    }
    let number = sent.number.unwrap_or_default();
    tracing::info!(
        ticket = number,
        origin = sent.origin.as_str(),
        "question sent to staff"
    );
    purge(&state).await;
    let text = fill(
        t.handoff_sent,
        &[
            ("n", &number.to_string()),
            (
                "reply_time",
                &reply_time_text(here.lang, state.handoff.reply_time),
            ),
        ],
    );
    Ok(here.show_text(&text, keyboards::none()).await?)
}

/// "Cancel" on a draft: nothing is sent.
pub async fn on_cancel_ticket(
    here: ChatContext,
    state: Arc<AppState>,
    ticket: i64,
) -> HandlerResult {
    match state.tickets.cancel(ticket, here.user_id()).await {
        Ok(()) => Ok(here
            .show_text(texts(here.lang).handoff_not_sent, keyboards::none())
            .await?),
        Err(HandoffError::NotADraft(_)) => gone(&here).await,
        Err(err) => Err(err.into()),
    }
}

/// "Close" on a card (staff only, through the staff gate): the user is told, the card shows it.
pub async fn on_close_button(
    here: ChatContext,
    state: Arc<AppState>,
    ticket: i64,
) -> HandlerResult {
    let Some(closed) = state.tickets.close(ticket, here.user_id()).await? else {
        return refresh_card(&here, &state, ticket).await;
    };
    let number = closed.number.unwrap_or_default();
    tracing::info!(ticket = number, by = here.user_id(), "ticket closed");
    if let Some(chat) = closed.chat_id {
        let text = fill(
            texts(closed.lang).ticket_closed_user,
            &[("n", &number.to_string())],
        );
        let reply_to = closed.reply_to.map(MessageId);
        match here
            .out()
            .send_html_reply(ChatId(chat), &html::escape(&text), None, reply_to)
            .await
        {
            Ok(told) => {
                state
                    .tickets
                    .remember_message(closed.id, chat, told.0, false, None)
                    .await?;
            }
            Err(err) => relay_failed(&state, closed.id, &err).await?,
        }
    }
    purge(&state).await;
    refresh_card(&here, &state, ticket).await
}

/// `/tickets` (staff): the open tickets, oldest first, in a private chat or the staff chat.
pub async fn on_tickets(here: ChatContext, state: Arc<AppState>) -> HandlerResult {
    let t = texts(here.lang);
    if !here.is_private() && state.staff_chat() != Some(here.chat) {
        return Ok(here.send_text(t.tickets_where, None).await?);
    }
    let open = state.tickets.open().await?;
    if open.is_empty() {
        return Ok(here.send_text(t.tickets_none, None).await?);
    }
    let now = unix_now();
    let mut lines = vec![fill(t.tickets_heading, &[("n", &open.len().to_string())])];
    for ticket in &open {
        let hours = (now - ticket.submitted_at.unwrap_or(now)) / 3600;
        lines.push(fill(
            t.ticket_line,
            &[
                ("n", &ticket.number.unwrap_or_default().to_string()),
                ("hours", &hours.to_string()),
                ("language", language_name(here.lang, ticket.lang)),
            ],
        ));
    }
    Ok(here.send_text(&lines.join("\n"), None).await?)
}

/// A reply to a message of a ticket's thread, in the staff chat or in the user's chat.
#[derive(Debug, Clone)]
pub struct ThreadReply {
    thread: ThreadMessage,
    edited: bool,
}

impl ThreadReply {
    /// The thread a message replies into, if it replies to one of a ticket's messages.
    pub async fn of_message(
        msg: Message,
        update: Update,
        state: Arc<AppState>,
    ) -> Option<ThreadReply> {
        let replied = msg.reply_to_message()?;
        match state.tickets.by_message(msg.chat.id.0, replied.id.0).await {
            Ok(thread) => thread.map(|thread| ThreadReply {
                thread,
                edited: matches!(update.kind, UpdateKind::EditedMessage(_)),
            }),
            Err(err) => {
                tracing::error!(error = %err, "cannot look up a ticket thread; treating the message as usual");
                None
            }
        }
    }
}

/// A reply into a ticket's thread: from staff in the staff chat, relayed to the user; from the
/// user, relayed to the staff chat (and not answered as a question).
pub async fn on_thread_reply(
    here: ChatContext,
    state: Arc<AppState>,
    msg: Message,
    reply: ThreadReply,
) -> HandlerResult {
    if reply.edited {
        tracing::info!("an edited message in a ticket thread: not relayed again");
        return Ok(());
    }
    match state.staff_chat() {
        Some(staff_chat) if staff_chat == here.chat => {
            staff_reply(&here, &state, &msg, &reply.thread).await
        }
        Some(staff_chat) => user_reply(&here, &state, &msg, &reply.thread, staff_chat).await,
        None => {
            tracing::warn!("a reply to a ticket while the handoff is off: ignored");
            Ok(())
        }
    }
}

async fn staff_reply(
    here: &ChatContext,
    state: &AppState,
    msg: &Message,
    thread: &ThreadMessage,
) -> HandlerResult {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    if !state.is_staff(from.id) {
        tracing::warn!(
            user = from.id.0,
            "a non-staff member replied to a ticket: ignored"
        );
        return Ok(());
    }
    let ticket = &thread.ticket;
    let number = ticket.number.unwrap_or_default().to_string();
    let t = texts(here.lang);
    let refusal = match ticket.status {
        TicketStatus::Open => None,
        TicketStatus::Deleted => Some(t.ticket_deleted_staff),
        _ => Some(t.ticket_closed_staff),
    };
    if let Some(refusal) = refusal {
        tracing::info!(ticket = %number, "a staff reply to a ticket that is not open: not relayed");
        let text = html::escape(&fill(refusal, &[("n", &number)]));
        here.send_html_reply(&text, None, Some(msg.id)).await?;
        return Ok(());
    }
    let Some(user_chat) = ticket.chat_id.map(ChatId) else {
        return Ok(());
    };
    state
        .tickets
        .remember_message(ticket.id, here.chat.0, msg.id.0, false, None)
        .await?;
    let reply_to = thread.origin_id.or(ticket.reply_to).map(MessageId);
    let heading = fill(texts(ticket.lang).staff_answer_heading, &[("n", &number)]);
    let relayed: Result<[MessageId; 2], RequestError> = async {
        let heading = here
            .out()
            .send_html_reply(user_chat, &html::escape(&heading), None, reply_to)
            .await?;
        let copy = here
            .out()
            .copy_to(user_chat, here.chat, msg.id, reply_to)
            .await?;
        Ok([heading, copy])
    }
    .await;
    match relayed {
        Ok(sent) => {
            for message in sent {
                state
                    .tickets
                    .remember_message(ticket.id, user_chat.0, message.0, false, Some(msg.id.0))
                    .await?;
            }
            tracing::info!(ticket = %number, by = from.id.0, "staff reply relayed to the user");
            if ticket.relay_error.is_some() {
                state.tickets.set_relay_error(ticket.id, None).await?;
                refresh_card(here, state, ticket.id).await?;
            }
            Ok(())
        }
        Err(err) => {
            relay_failed(state, ticket.id, &err).await?;
            refresh_card(here, state, ticket.id).await
        }
    }
}

async fn user_reply(
    here: &ChatContext,
    state: &AppState,
    msg: &Message,
    thread: &ThreadMessage,
    staff_chat: ChatId,
) -> HandlerResult {
    let ticket = &thread.ticket;
    let number = ticket.number.unwrap_or_default().to_string();
    let lang = ticket.lang;
    if ticket.status != TicketStatus::Open {
        let text = fill(texts(lang).ticket_closed_reply_user, &[("n", &number)]);
        return Ok(here.in_lang(lang).send_text(&text, None).await?);
    }
    let card = state.tickets.card(ticket.id).await?.map(|(_, m)| m);
    let reply_to = thread.origin_id.or(card).map(MessageId);
    match here
        .out()
        .copy_to(staff_chat, here.chat, msg.id, reply_to)
        .await
    {
        Ok(copied) => {
            state
                .tickets
                .remember_message(ticket.id, staff_chat.0, copied.0, false, Some(msg.id.0))
                .await?;
            tracing::info!(ticket = %number, "user's answer relayed to the staff chat");
            Ok(())
        }
        Err(err) => {
            tracing::error!(error = %err, ticket = %number, "cannot relay a user's answer to the staff chat");
            let text = texts(lang).relay_failed_user;
            Ok(here.in_lang(lang).send_text(text, None).await?)
        }
    }
}

/// Notes on the ticket that a relay to its user failed, for its card.
async fn relay_failed(state: &AppState, ticket: i64, err: &RequestError) -> HandlerResult {
    tracing::warn!(error = %err, ticket, "cannot relay to the user");
    let reason = match err {
        RequestError::Api(api) => api.to_string(),
        other => other.to_string(),
    };
    Ok(state.tickets.set_relay_error(ticket, Some(&reason)).await?)
}

/// Redraws a ticket's card in the staff chat from the database: status, relay failures, buttons.
pub async fn refresh_card(here: &ChatContext, state: &AppState, ticket: i64) -> HandlerResult {
    let (Some(ticket), Some((chat, message))) = (
        state.tickets.get(ticket).await?,
        state.tickets.card(ticket).await?,
    ) else {
        return Ok(());
    };
    let lang = staff_lang(state).await;
    let keyboard = match ticket.status {
        TicketStatus::Deleted => keyboards::none(),
        status => keyboards::ticket_card(ticket.id, status == TicketStatus::Open, lang),
    };
    let html = card_html(state, &ticket, lang);
    here.out()
        .edit_html(ChatId(chat), MessageId(message), &html, keyboard)
        .await?;
    Ok(())
}

/// Makes the draft and shows it to confirm, or says when the user can ask again.
async fn confirm(here: &ChatContext, state: &AppState, new: NewTicket) -> HandlerResult {
    let draft = match state.tickets.draft(new).await {
        Ok(draft) => draft,
        Err(HandoffError::TooMany { limit, wait_secs }) => {
            tracing::info!(user = here.user_id(), "handoff limit reached");
            let text = too_many(here.lang, limit, wait_secs);
            return Ok(here.send_text(&text, None).await?);
        }
        Err(err) => return Err(err.into()),
    };
    let keyboard = keyboards::handoff_confirmation(draft.id, false, here.lang);
    let html = confirmation_html(state, &draft);
    let sent = here.send_html_reply(&html, Some(keyboard), None).await?;
    if draft.reply_to.is_none() {
        state.tickets.set_reply_to(draft.id, sent.0).await?;
    }
    Ok(())
}

/// What the user is asked to confirm: the question, its language, the name if shared, and when
/// staff usually reply.
fn confirmation_html(state: &AppState, draft: &Ticket) -> String {
    let t = texts(draft.lang);
    let name = match &draft.shared_name {
        Some(name) => fill(t.handoff_name_shared, &[("name", name)]),
        None => t.handoff_name_hidden.to_string(),
    };
    html::escape(&fill(
        t.handoff_confirm,
        &[
            ("question", draft.question.as_deref().unwrap_or_default()),
            ("language", language_name(draft.lang, draft.lang)),
            ("name", &name),
            (
                "reply_time",
                &reply_time_text(draft.lang, state.handoff.reply_time),
            ),
        ],
    ))
}

/// A ticket's card in the staff chat, in `lang`.
fn card_html(state: &AppState, ticket: &Ticket, lang: Lang) -> String {
    let t = texts(lang);
    let number = ticket.number.unwrap_or_default().to_string();
    if ticket.status == TicketStatus::Deleted {
        return html::escape(&fill(t.card_deleted, &[("n", &number)]));
    }
    let status = match ticket.status {
        TicketStatus::Closed => fill(
            t.card_closed,
            &[("by", &ticket.closed_by.unwrap_or_default().to_string())],
        ),
        _ => t.card_open.to_string(),
    };
    let answered = match ticket.origin {
        TicketOrigin::DontKnow => t.card_dont_know.to_string(),
        TicketOrigin::Command => t.card_command.to_string(),
        TicketOrigin::Unhelpful => {
            let answerer = state.knowledge.answerer();
            let titles: Vec<String> = ticket
                .answered
                .iter()
                .map(|id| match answerer.knowledge().entry(id) {
                    Some(entry) => format!("“{}”", entry.title.get(lang)),
                    None => format!("“{id}”"),
                })
                .collect();
            let titles = titles.join(", ");
            let detail = ticket
                .detail
                .as_deref()
                .and_then(|d| d.parse::<Detail>().ok())
                .and_then(|d| Detail::ALL.iter().position(|&x| x == d))
                .map(|at| t.details[at]);
            match detail {
                Some(detail) => fill(
                    t.card_unhelpful_detail,
                    &[("titles", &titles), ("detail", detail)],
                ),
                None => fill(t.card_unhelpful, &[("titles", &titles)]),
            }
        }
    };
    let from = match &ticket.shared_name {
        Some(name) => fill(t.card_from, &[("name", name)]),
        None => t.card_anonymous.to_string(),
    };
    let mut text = fill(
        t.card,
        &[
            ("n", &number),
            ("language", language_name(lang, ticket.lang)),
            ("status", &status),
            ("question", ticket.question.as_deref().unwrap_or("—")),
            ("answered", &answered),
            ("from", &from),
        ],
    );
    if let Some(error) = &ticket.relay_error {
        text.push_str("\n\n");
        text.push_str(&fill(t.card_relay_failed, &[("error", error)]));
    }
    html::escape(&text)
}

/// The staff chat's language: its `/lang`, else English.
pub async fn staff_lang(state: &AppState) -> Lang {
    let Some(chat) = state.handoff.staff_chat else {
        return Lang::En;
    };
    match state.store.chat_language(chat).await {
        Ok(lang) => lang.unwrap_or(Lang::En),
        Err(err) => {
            tracing::warn!(error = %err, "cannot read the staff chat's language; using English");
            Lang::En
        }
    }
}

/// Why the handoff cannot be used here, if it cannot: it is off, or this is not a private chat.
fn unavailable(here: &ChatContext, state: &AppState) -> Option<&'static str> {
    let t = texts(here.lang);
    if state.handoff.staff_chat.is_none() {
        Some(t.handoff_off)
    } else if !here.is_private() {
        Some(t.handoff_private_only)
    } else {
        None
    }
}

fn too_many(lang: Lang, limit: u32, wait_secs: i64) -> String {
    let minutes = (wait_secs + 59) / 60;
    fill(
        texts(lang).handoff_too_many,
        &[
            ("limit", &limit.to_string()),
            ("minutes", &minutes.to_string()),
        ],
    )
}

async fn gone(here: &ChatContext) -> HandlerResult {
    Ok(here
        .show_text(texts(here.lang).handoff_gone, keyboards::none())
        .await?)
}

/// Wipes the texts of tickets closed longer ago than the retention (on every send and close).
async fn purge(state: &AppState) {
    match state.tickets.purge(unix_now()).await {
        Ok(0) => {}
        Ok(wiped) => tracing::info!(wiped, "closed tickets past their retention wiped"),
        Err(err) => tracing::error!(error = %err, "cannot wipe old tickets"),
    }
}

/// The name and @username a user shares with staff.
fn display_name(user: &User) -> String {
    let mut name = user.full_name();
    if let Some(username) = &user.username {
        name.push_str(&format!(" (@{username})"));
    }
    name
}
