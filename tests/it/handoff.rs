//! The handoff to programme staff through teloxide_tests' MockBot: `/ask_staff` and the "Ask
//! programme staff" buttons make a confirmation (the name only when shared), sending posts a card
//! in the staff chat, a staff reply there is copied to the user under a heading, the user's reply
//! to it goes back into the thread (and is not answered), Close ends it; only staff can reply or
//! close, the hourly limit holds, `/tickets` lists what is open and `/forget_me` deletes it all.

use std::sync::Arc;

use coop_bot::bot::{Action, AppState, StaffAction, UserAction};
use coop_bot::config::HandoffSettings;
use coop_bot::handoff::{HandoffRules, ReplyTime, TicketStatus};
use teloxide::types::{Chat, Message, MessageId};
use teloxide_tests::{
    MockCallbackQuery, MockMessageText, MockPrivateChat, MockSupergroupChat, MockUser,
};

use crate::support::mock::{
    Bot, OUTSIDER, STAFF, actions, bot_over, find_button, sent_actions, sent_texts,
    state_with_handoff,
};

/// The staff group.
pub const STAFF_CHAT: i64 = -100_777;
/// A company representative asking.
pub const ASKER: u64 = 4242;
const QUESTION: &str = "Whom do I contact about supplying equipment?";

pub fn handoff(per_hour: u32) -> HandoffSettings {
    HandoffSettings {
        staff_chat: Some(STAFF_CHAT),
        reply_time: ReplyTime::WorkingDays(2),
        rules: HandoffRules {
            per_hour,
            retention_days: 90,
        },
    }
}

/// A bot with the handoff on and the staff group at [`STAFF_CHAT`].
pub async fn desk() -> (Bot, Arc<AppState>) {
    let state = state_with_handoff(handoff(3)).await;
    (bot_over(MockMessageText::new().text("hi"), &state), state)
}

pub fn private(user: u64) -> Chat {
    MockPrivateChat::new().id(user as i64).build()
}

pub fn staff_group() -> Chat {
    MockSupergroupChat::new().id(STAFF_CHAT).build()
}

pub fn user(id: u64) -> teloxide::types::User {
    MockUser::new()
        .id(id)
        .first_name("Sara")
        .last_name("Karimi")
        .username("sara_k")
        .build()
}

/// `from` writes `text` in `chat`, as a reply to `reply_to` if given.
pub async fn write(bot: &mut Bot, chat: Chat, from: u64, text: &str, reply_to: Option<Message>) {
    let mut message = MockMessageText::new()
        .text(text)
        .chat(chat)
        .from(user(from));
    if let Some(replied) = reply_to {
        message = message.reply_to_message(replied);
    }
    bot.update(message);
    bot.dispatch().await;
}

/// `from` taps `data` under `message` (by default a message in `from`'s private chat).
pub async fn press(bot: &mut Bot, from: u64, data: &str, message: Option<Message>) {
    let message =
        message.unwrap_or_else(|| MockMessageText::new().text("…").chat(private(from)).build());
    bot.update(
        MockCallbackQuery::new()
            .data(data)
            .from(user(from))
            .message(message),
    );
    bot.dispatch().await;
}

/// The messages the last dispatch sent to `chat`.
pub fn sent_to(bot: &Bot, chat: i64) -> Vec<Message> {
    bot.get_responses()
        .sent_messages_text
        .iter()
        .filter(|m| m.message.chat.id.0 == chat)
        .map(|m| m.message.clone())
        .collect()
}

fn text_of(message: &Message) -> String {
    message.text().unwrap_or_default().to_string()
}

/// The callback data of the first button of the last dispatch whose action `is`.
fn button(bot: &Bot, is: impl Fn(&Action) -> bool) -> String {
    find_button(&sent_actions(bot).concat(), is).expect("the button")
}

/// The asker sends `/ask_staff QUESTION` and confirms it: returns the card in the staff chat.
pub async fn ask_and_send(bot: &mut Bot, asker: u64, question: &str) -> Message {
    write(
        bot,
        private(asker),
        asker,
        &format!("/ask_staff {question}"),
        None,
    )
    .await;
    let send = button(bot, |a| {
        matches!(a, Action::User(UserAction::SendTicket { .. }))
    });
    press(bot, asker, &send, None).await;
    sent_to(bot, STAFF_CHAT)
        .pop()
        .expect("a card in the staff chat")
}

/// Staff reply `text` to `message` in the staff chat.
pub async fn staff_reply(bot: &mut Bot, from: u64, message: &Message, text: &str) {
    write(bot, staff_group(), from, text, Some(message.clone())).await;
}

/// The messages copied by the last dispatch, as (to chat, from chat, message id).
fn copies(bot: &Bot) -> Vec<(i64, i64, MessageId)> {
    bot.get_responses()
        .copied_messages
        .iter()
        .map(|c| {
            (
                c.bot_request.chat_id.id(),
                c.bot_request.from_chat_id.id(),
                c.message_id,
            )
        })
        .collect()
}

fn copied_message(bot: &Bot, id: MessageId) -> Message {
    bot.get_responses()
        .sent_messages
        .into_iter()
        .find(|m| m.id == id)
        .expect("the copy")
}

#[tokio::test]
async fn ask_staff_shows_what_will_be_sent_and_when_staff_reply() {
    let (mut bot, _) = desk().await;
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        &format!("/ask_staff {QUESTION}"),
        None,
    )
    .await;
    let confirmation = sent_texts(&bot).join("\n");
    assert!(confirmation.contains(QUESTION), "{confirmation}");
    assert!(confirmation.contains("Language: English"), "{confirmation}");
    assert!(
        confirmation.contains("within 2 working days"),
        "{confirmation}"
    );
    assert!(
        confirmation.contains("programme staff will read"),
        "{confirmation}"
    );
    assert!(confirmation.contains("not shared"), "{confirmation}");
    let buttons = sent_actions(&bot).concat();
    for wanted in ["share", "send", "cancel"] {
        assert!(
            buttons.iter().any(|(a, _)| matches!(
                (wanted, a),
                (
                    "share",
                    Action::User(UserAction::ShareName { share: true, .. })
                ) | ("send", Action::User(UserAction::SendTicket { .. }))
                    | ("cancel", Action::User(UserAction::CancelTicket { .. }))
            )),
            "{wanted}: {buttons:?}"
        );
    }
}

#[tokio::test]
async fn ask_staff_without_a_question_explains_its_usage() {
    let (mut bot, _) = desk().await;
    write(&mut bot, private(ASKER), ASKER, "/ask_staff", None).await;
    assert!(sent_texts(&bot)[0].contains("Write your question after the command"));
}

#[tokio::test]
async fn without_a_staff_chat_the_handoff_is_off() {
    let (mut bot, _) = crate::support::mock::bot_with(MockMessageText::new().text("hi")).await;
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        &format!("/ask_staff {QUESTION}"),
        None,
    )
    .await;
    assert!(sent_texts(&bot)[0].contains("not available"));
}

#[tokio::test]
async fn the_name_is_sent_only_after_share_my_name() {
    let (mut bot, _) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    assert!(text_of(&card).contains("did not share their name"));
    assert!(!text_of(&card).contains("Sara"));

    write(
        &mut bot,
        private(ASKER),
        ASKER,
        "/ask_staff Second question about equipment",
        None,
    )
    .await;
    let share = button(&bot, |a| {
        matches!(a, Action::User(UserAction::ShareName { share: true, .. }))
    });
    press(&mut bot, ASKER, &share, None).await;
    let edited = bot.get_responses().edited_messages_text;
    let shown = &edited.last().expect("confirmation edited").bot_request;
    assert!(
        shown.text.contains("Your name: Sara Karimi (@sara_k)"),
        "{}",
        shown.text
    );
    let send = find_button(&actions(&shown.reply_markup.clone()), |a| {
        matches!(a, Action::User(UserAction::SendTicket { .. }))
    })
    .expect("send");
    press(&mut bot, ASKER, &send, None).await;
    let card = sent_to(&bot, STAFF_CHAT).pop().expect("card");
    assert!(
        text_of(&card).contains("From: Sara Karimi (@sara_k)"),
        "{}",
        text_of(&card)
    );
}

#[tokio::test]
async fn a_sent_question_gets_a_numbered_card_with_close_and_attach() {
    let (mut bot, state) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    let text = text_of(&card);
    assert!(text.starts_with("🎫 #1 · English · open"), "{text}");
    assert!(
        text.contains(QUESTION) && text.contains("Asked directly"),
        "{text}"
    );
    let told = sent_texts(&bot).join("\n");
    let edited = bot.get_responses().edited_messages_text;
    let confirmation = &edited.last().expect("confirmation edited").bot_request.text;
    assert!(
        confirmation.contains("ticket #1"),
        "{confirmation} / {told}"
    );
    let buttons: Vec<Action> = actions(&card.reply_markup().cloned().map(Into::into))
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert!(buttons.contains(&Action::Staff(StaffAction::CloseTicket { ticket: 1 })));
    assert!(buttons.contains(&Action::Staff(StaffAction::AttachTicket { ticket: 1 })));
    assert_eq!(state.tickets.open().await.expect("open").len(), 1);
}

#[tokio::test]
async fn a_staff_reply_to_the_card_is_copied_to_the_user_under_a_heading() {
    let (mut bot, _) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    staff_reply(&mut bot, STAFF, &card, "Write to the trade office.").await;
    let heading = sent_to(&bot, ASKER as i64);
    assert_eq!(heading.len(), 1);
    assert!(text_of(&heading[0]).starts_with("Answer from programme staff (ticket #1)"));
    let copied = copies(&bot);
    assert_eq!(copied.len(), 1);
    assert_eq!((copied[0].0, copied[0].1), (ASKER as i64, STAFF_CHAT));
    let request = &bot.get_responses().copied_messages[0].bot_request;
    assert_eq!(request.chat_id.id(), ASKER as i64);
}

#[tokio::test]
async fn the_users_reply_to_a_relayed_answer_goes_to_the_staff_thread_and_is_not_answered() {
    let (mut bot, _) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    staff_reply(&mut bot, STAFF, &card, "Write to the trade office.").await;
    let relayed = copied_message(&bot, copies(&bot)[0].2);
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        "Thanks, which address?",
        Some(relayed),
    )
    .await;
    assert!(
        sent_to(&bot, ASKER as i64).is_empty(),
        "not answered as a question"
    );
    let copied = copies(&bot);
    assert_eq!(copied.len(), 1);
    assert_eq!((copied[0].0, copied[0].1), (STAFF_CHAT, ASKER as i64));

    // And staff answering that relayed message reaches the user again.
    let back = copied_message(&bot, copied[0].2);
    staff_reply(&mut bot, STAFF, &back, "Tehran, Valiasr St.").await;
    assert_eq!(copies(&bot).first().map(|c| c.0), Some(ASKER as i64));
}

#[tokio::test]
async fn a_plain_new_message_from_the_user_is_still_a_question() {
    let (mut bot, _) = desk().await;
    ask_and_send(&mut bot, ASKER, QUESTION).await;
    write(&mut bot, private(ASKER), ASKER, "Who is Fursenko?", None).await;
    assert!(sent_texts(&bot)[0].contains("Fursenko"));
    assert!(copies(&bot).is_empty());
}

#[tokio::test]
async fn a_non_staff_member_of_the_staff_chat_cannot_reply_or_close_through_the_bot() {
    let (mut bot, state) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    staff_reply(&mut bot, OUTSIDER, &card, "I am not staff").await;
    assert!(copies(&bot).is_empty());
    assert!(sent_texts(&bot).is_empty(), "ignored, not answered either");

    let close = find_button(
        &actions(&card.reply_markup().cloned().map(Into::into)),
        |a| matches!(a, Action::Staff(StaffAction::CloseTicket { .. })),
    )
    .expect("close");
    press(&mut bot, OUTSIDER, &close, Some(card.clone())).await;
    assert!(
        sent_texts(&bot).is_empty(),
        "silently ignored in the staff chat"
    );
    assert_eq!(state.tickets.open().await.expect("open").len(), 1);
    // Elsewhere the usual refusal.
    press(&mut bot, OUTSIDER, &close, None).await;
    assert!(sent_texts(&bot)[0].contains("only for programme staff"));
    assert_eq!(state.tickets.open().await.expect("open").len(), 1);
}

#[tokio::test]
async fn closing_tells_the_user_and_later_staff_replies_are_refused() {
    let (mut bot, state) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    let close = find_button(
        &actions(&card.reply_markup().cloned().map(Into::into)),
        |a| matches!(a, Action::Staff(StaffAction::CloseTicket { .. })),
    )
    .expect("close");
    press(&mut bot, STAFF, &close, Some(card.clone())).await;
    let told = sent_to(&bot, ASKER as i64);
    assert!(text_of(&told[0]).contains("closed ticket #1"), "{told:?}");
    let edited = bot.get_responses().edited_messages_text;
    let card_now = &edited.last().expect("card edited").bot_request;
    assert!(card_now.text.contains("closed by"), "{}", card_now.text);
    let tickets = state.tickets.get(1).await.expect("get").expect("ticket");
    assert_eq!(tickets.status, TicketStatus::Closed);

    staff_reply(&mut bot, STAFF, &card, "One more thing").await;
    assert!(copies(&bot).is_empty(), "not relayed");
    assert!(sent_texts(&bot)[0].contains("Ticket #1 is closed"));
}

#[tokio::test]
async fn dont_know_offers_ask_staff_and_the_card_says_the_bot_did_not_know() {
    let (mut bot, _) = desk().await;
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        "Moscow metro opening hours",
        None,
    )
    .await;
    assert!(sent_texts(&bot)[0].starts_with("I don't know"));
    let ask = button(&bot, |a| {
        matches!(a, Action::User(UserAction::AskStaff { .. }))
    });
    press(&mut bot, ASKER, &ask, None).await;
    assert!(sent_texts(&bot)[0].contains("Moscow metro opening hours"));
    let send = button(&bot, |a| {
        matches!(a, Action::User(UserAction::SendTicket { .. }))
    });
    press(&mut bot, ASKER, &send, None).await;
    let card = sent_to(&bot, STAFF_CHAT).pop().expect("card");
    assert!(text_of(&card).contains("The bot said it did not know"));
}

#[tokio::test]
async fn in_a_group_dont_know_has_no_ask_staff_button() {
    let (mut bot, _) = desk().await;
    let group = MockSupergroupChat::new().id(-5).build();
    write(
        &mut bot,
        group,
        ASKER,
        "@test_bot Moscow metro opening hours",
        None,
    )
    .await;
    let buttons = sent_actions(&bot).concat();
    assert!(
        !buttons
            .iter()
            .any(|(a, _)| matches!(a, Action::User(UserAction::AskStaff { .. }))),
        "{buttons:?}"
    );
}

#[tokio::test]
async fn cancel_sends_nothing_and_a_second_tap_finds_the_draft_gone() {
    let (mut bot, state) = desk().await;
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        &format!("/ask_staff {QUESTION}"),
        None,
    )
    .await;
    let cancel = button(&bot, |a| {
        matches!(a, Action::User(UserAction::CancelTicket { .. }))
    });
    let send = button(&bot, |a| {
        matches!(a, Action::User(UserAction::SendTicket { .. }))
    });
    press(&mut bot, ASKER, &cancel, None).await;
    press(&mut bot, ASKER, &send, None).await;
    assert!(sent_to(&bot, STAFF_CHAT).is_empty());
    let edited = bot.get_responses().edited_messages_text;
    assert!(
        edited[0]
            .bot_request
            .text
            .contains("already been sent, cancelled")
    );
    assert!(state.tickets.open().await.expect("open").is_empty());
}

#[tokio::test]
async fn only_the_asker_can_send_their_draft() {
    let (mut bot, _) = desk().await;
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        &format!("/ask_staff {QUESTION}"),
        None,
    )
    .await;
    let send = button(&bot, |a| {
        matches!(a, Action::User(UserAction::SendTicket { .. }))
    });
    press(&mut bot, OUTSIDER, &send, None).await;
    assert!(sent_to(&bot, STAFF_CHAT).is_empty());
}

#[tokio::test]
async fn past_the_hourly_limit_the_user_is_told_when_they_can_ask_again() {
    let state = state_with_handoff(handoff(1)).await;
    let mut bot = bot_over(MockMessageText::new().text("hi"), &state);
    ask_and_send(&mut bot, ASKER, QUESTION).await;
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        "/ask_staff And another one",
        None,
    )
    .await;
    let refusal = sent_texts(&bot).join("\n");
    assert!(
        refusal.contains("You have sent 1 questions to staff in the last hour")
            && refusal.contains("in 60 min"),
        "{refusal}"
    );
    assert!(sent_actions(&bot).concat().is_empty(), "nothing to confirm");
    // Someone else may still ask.
    ask_and_send(&mut bot, OUTSIDER, QUESTION).await;
}

#[tokio::test]
async fn tickets_lists_open_tickets_oldest_first_for_staff_only() {
    let (mut bot, _) = desk().await;
    ask_and_send(&mut bot, ASKER, QUESTION).await;
    write(
        &mut bot,
        private(OUTSIDER),
        OUTSIDER,
        "/ask_staff Как открыть офис в Пардисе?",
        None,
    )
    .await;
    let send = button(&bot, |a| {
        matches!(a, Action::User(UserAction::SendTicket { .. }))
    });
    press(&mut bot, OUTSIDER, &send, None).await;
    write(&mut bot, staff_group(), STAFF, "/tickets", None).await;
    let list = sent_texts(&bot).join("\n");
    assert!(list.contains("Open tickets, oldest first (2)"), "{list}");
    let first = list.find("#1 · 0 h · English").expect("#1");
    let second = list.find("#2 · 0 h · Russian").expect("#2");
    assert!(first < second, "{list}");

    write(&mut bot, private(OUTSIDER), OUTSIDER, "/tickets", None).await;
    assert!(sent_texts(&bot)[0].contains("only for programme staff"));
}

#[tokio::test]
async fn attach_to_entry_shows_the_ticket_question_as_a_review_card() {
    let (mut bot, _) = desk().await;
    let card = ask_and_send(
        &mut bot,
        ASKER,
        "Who heads the Iranian diplomatic mission in Russia?",
    )
    .await;
    let attach = find_button(
        &actions(&card.reply_markup().cloned().map(Into::into)),
        |a| matches!(a, Action::Staff(StaffAction::AttachTicket { .. })),
    )
    .expect("attach");
    press(&mut bot, STAFF, &attach, Some(card.clone())).await;
    let review = sent_to(&bot, STAFF_CHAT);
    assert!(text_of(&review[0]).contains("Who heads the Iranian diplomatic mission"));
    let buttons = actions(&review[0].reply_markup().cloned().map(Into::into));
    assert!(buttons.iter().any(|(a, _)| matches!(
        a,
        Action::Staff(StaffAction::Attach { entry, .. }) if entry == "kazem-jalali"
    )));
}

#[tokio::test]
async fn forget_me_deletes_subscriptions_votes_and_tickets_and_marks_open_cards() {
    let (mut bot, state) = desk().await;
    write(&mut bot, private(ASKER), ASKER, "/subscribe business", None).await;
    write(&mut bot, private(ASKER), ASKER, "Who is Fursenko?", None).await;
    let down = button(&bot, |a| matches!(a, Action::User(UserAction::Vote { .. })));
    press(&mut bot, ASKER, &down, None).await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;

    write(&mut bot, private(ASKER), ASKER, "/forget_me", None).await;
    let said = sent_texts(&bot).join("\n");
    assert!(
        said.contains(
            "Deleted: 1 announcement topics, 1 votes on answers and 1 questions to staff"
        ),
        "{said}"
    );
    assert!(
        said.contains("1 open questions in the staff chat are marked deleted"),
        "{said}"
    );
    let edited = bot.get_responses().edited_messages_text;
    assert!(
        edited[0]
            .bot_request
            .text
            .contains("deleted at the user's request")
    );
    assert!(
        state
            .subscribers
            .topics(ASKER as i64)
            .await
            .expect("topics")
            .is_empty()
    );
    assert!(state.tickets.open().await.expect("open").is_empty());

    staff_reply(&mut bot, STAFF, &card, "Too late").await;
    assert!(
        copies(&bot).is_empty(),
        "replies to a deleted card are not relayed"
    );
    assert!(sent_texts(&bot)[0].contains("deleted at the user's request"));

    write(&mut bot, private(ASKER), ASKER, "/forget_me", None).await;
    assert!(sent_texts(&bot)[0].starts_with("I had nothing about you to delete"));
}

#[tokio::test]
async fn after_closing_the_users_reply_is_not_relayed_and_they_are_told() {
    let (mut bot, _) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    staff_reply(&mut bot, STAFF, &card, "Write to the trade office.").await;
    let relayed = copied_message(&bot, copies(&bot)[0].2);
    let close = find_button(
        &actions(&card.reply_markup().cloned().map(Into::into)),
        |a| matches!(a, Action::Staff(StaffAction::CloseTicket { .. })),
    )
    .expect("close");
    press(&mut bot, STAFF, &close, Some(card.clone())).await;
    write(
        &mut bot,
        private(ASKER),
        ASKER,
        "One more question",
        Some(relayed),
    )
    .await;
    assert!(copies(&bot).is_empty());
    assert!(sent_texts(&bot)[0].starts_with("Ticket #1 is closed, so this did not go to staff"));
}

#[tokio::test]
async fn a_staff_photo_reply_is_copied_to_the_user_too() {
    let (mut bot, _) = desk().await;
    let card = ask_and_send(&mut bot, ASKER, QUESTION).await;
    bot.update(
        teloxide_tests::MockMessagePhoto::new()
            .chat(staff_group())
            .from(user(STAFF))
            .reply_to_message(card),
    );
    bot.dispatch().await;
    let copied = copies(&bot);
    assert_eq!(copied.len(), 1);
    assert_eq!((copied[0].0, copied[0].1), (ASKER as i64, STAFF_CHAT));
    assert!(text_of(&sent_to(&bot, ASKER as i64)[0]).starts_with("Answer from programme staff"));
}
