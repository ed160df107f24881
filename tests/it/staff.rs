//! Subscriptions and staff commands through teloxide_tests' MockBot: only staff can broadcast; a
//! broadcast is previewed exactly, queued only by Confirm, and never twice; plus /broadcasts,
//! /cancel_broadcast, /stats and /reload. Curation (/why, /unanswered, /learned) is in `curation`.

use std::sync::Arc;

use coop_bot::bot::{AppState, Callback, StaffAction};
use coop_bot::broadcast::{BroadcastStatus, Content, MediaKind, Topic};
use coop_bot::config::KnowledgeLocation;
use coop_bot::lang::Lang;
use coop_bot::store::Store;
use teloxide_tests::{MockCallbackQuery, MockMessageText};

use crate::support::knowledge_copy;
use crate::support::mock::{
    Bot, OUTSIDER, bot_over, bot_with, edited_text, from, last_buttons, sent_texts, state_over,
    text_message,
};

/// The bot with three subscribers (chat 101: meetings in Russian, 102: everything in English, 103:
/// universities in Persian), after it has handled `update`.
async fn with_subscribers(update: MockMessageText) -> (Bot, Arc<AppState>) {
    let (mut bot, state) = bot_with(update).await;
    let subscribers = [
        (101, Topic::Meetings, Lang::Ru),
        (102, Topic::All, Lang::En),
        (103, Topic::Universities, Lang::Fa),
    ];
    for (chat, topic, lang) in subscribers {
        state
            .subscribers
            .subscribe(chat, topic, lang)
            .await
            .expect("subscribe");
    }
    bot.dispatch().await;
    (bot, state)
}

#[tokio::test]
async fn subscribe_unsubscribe_and_list() {
    let (mut bot, state) = bot_with(text_message("/subscribe meetings")).await;
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("Subscribed to meetings"));
    let chat = MockMessageText::new().build().chat.id.0;
    assert_eq!(
        state.subscribers.topics(chat).await.expect("topics"),
        [Topic::Meetings]
    );

    bot.update(MockMessageText::new().text("/subscribe"));
    bot.dispatch().await;
    bot.update(MockMessageText::new().text("/subscriptions"));
    bot.dispatch().await;
    let listed = sent_texts(&bot).pop().expect("list");
    assert!(
        listed.contains("all announcements") && listed.contains("meetings"),
        "{listed}"
    );

    bot.update(MockMessageText::new().text("/unsubscribe meetings"));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("Unsubscribed from meetings"));
    bot.update(MockMessageText::new().text("/subscribe weather"));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].starts_with("Unknown topic"));
    bot.update(MockMessageText::new().text("/unsubscribe"));
    bot.dispatch().await;
    assert!(
        state
            .subscribers
            .topics(chat)
            .await
            .expect("topics")
            .is_empty()
    );
}

#[tokio::test]
async fn a_non_staff_user_cannot_broadcast_and_nothing_is_queued() {
    let message = MockMessageText::new()
        .text("/broadcast all Hello everyone")
        .from(from(OUTSIDER));
    let (mut bot, state) = with_subscribers(message).await;
    let replies = sent_texts(&bot);
    assert_eq!(replies.len(), 1);
    assert!(
        replies[0].contains("only for programme staff"),
        "{}",
        replies[0]
    );
    assert!(
        state.outbox.recent(10).await.expect("read").is_empty(),
        "not even a draft"
    );
    for command in [
        "/broadcasts",
        "/stats",
        "/unanswered",
        "/reload",
        "/cancel_broadcast 1",
        "/why pardis",
        "/learned",
    ] {
        bot.update(MockMessageText::new().text(command).from(from(OUTSIDER)));
        bot.dispatch().await;
        assert!(
            sent_texts(&bot)[0].contains("only for programme staff"),
            "{command}"
        );
    }
}

#[tokio::test]
async fn a_non_staff_confirm_tap_queues_nothing() {
    let (mut bot, state) = with_subscribers(text_message("/broadcast Hello")).await;
    let confirm = last_buttons(&bot)[0].1.clone();
    bot.update(MockCallbackQuery::new().data(confirm).from(from(OUTSIDER)));
    bot.dispatch().await;
    let broadcast = &state.outbox.recent(1).await.expect("read")[0];
    assert_eq!(broadcast.status, BroadcastStatus::Draft);
}

#[tokio::test]
async fn a_broadcast_is_previewed_exactly_then_queued_once_on_confirm() {
    let (mut bot, state) = with_subscribers(text_message(
        "/broadcast meetings The <fifth> meeting is on December 6",
    ))
    .await;
    let replies = sent_texts(&bot);
    assert_eq!(
        replies[0], "The <fifth> meeting is on December 6",
        "the preview is what recipients get: the text as typed"
    );
    assert!(
        replies[1].contains("Audience now: 2 (en 1, ru 1)"),
        "{}",
        replies[1]
    );
    let buttons = last_buttons(&bot);
    let draft = &state.outbox.recent(1).await.expect("read")[0];
    assert_eq!(draft.status, BroadcastStatus::Draft);
    assert_eq!(
        buttons[0].1,
        Callback::staff(Lang::En, StaffAction::ConfirmBroadcast { id: draft.id }).encode()
    );

    bot.update(MockCallbackQuery::new().data(buttons[0].1.clone()));
    bot.dispatch().await;
    let confirmed = edited_text(&bot);
    assert!(
        confirmed.contains(&format!("#{} is queued for 2 recipients", draft.id)),
        "{confirmed}"
    );

    bot.update(MockCallbackQuery::new().data(buttons[0].1.clone()));
    bot.dispatch().await;
    let again = edited_text(&bot);
    assert!(again.contains("already confirmed"), "{again}");
    let counts = state.outbox.counts(draft.id).await.expect("counts");
    assert_eq!(counts.remaining, 2, "a second tap queues nothing twice");
}

#[tokio::test]
async fn a_broadcast_can_target_a_language() {
    let (bot, _) = with_subscribers(text_message("/broadcast all fa اطلاعیه")).await;
    assert!(
        sent_texts(&bot)[1].contains("Audience now: 1 (fa 1)"),
        "{}",
        sent_texts(&bot)[1]
    );
}

#[tokio::test]
async fn a_broadcast_without_text_shows_usage() {
    let (mut bot, _) = bot_with(text_message("/broadcast meetings")).await;
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].starts_with("Usage: /broadcast"));
}

#[tokio::test]
async fn a_broadcast_sent_as_a_reply_previews_a_copy_of_the_message() {
    let original = MockMessageText::new().text("Meeting moved").build();
    let message = MockMessageText::new()
        .text("/broadcast meetings")
        .reply_to_message(Box::new(original));
    let (mut bot, state) = bot_with(message).await;
    bot.dispatch().await;
    let copied = bot.get_responses().copied_messages;
    assert_eq!(copied.len(), 1, "the preview is a copy");
    let draft = &state.outbox.recent(1).await.expect("read")[0];
    assert!(
        matches!(draft.content, Content::Copy { message, kind: MediaKind::Text, .. }
            if message == copied[0].bot_request.message_id),
        "{:?}",
        draft.content
    );
    assert!(sent_texts(&bot)[0].starts_with("Above is broadcast #1"));
}

#[tokio::test]
async fn cancel_button_and_cancel_broadcast_stop_a_broadcast() {
    let (mut bot, state) = with_subscribers(text_message("/broadcast First")).await;
    let cancel = last_buttons(&bot)[1].1.clone();
    bot.update(MockCallbackQuery::new().data(cancel));
    bot.dispatch().await;
    let first = &state.outbox.recent(1).await.expect("read")[0];
    assert_eq!(first.status, BroadcastStatus::Cancelled);

    bot.update(MockMessageText::new().text("/broadcast Second"));
    bot.dispatch().await;
    let confirm = last_buttons(&bot)[0].1.clone();
    bot.update(MockCallbackQuery::new().data(confirm));
    bot.dispatch().await;
    let second = state.outbox.recent(1).await.expect("read")[0].id;
    bot.update(MockMessageText::new().text(format!("/cancel_broadcast {second}")));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("is cancelled"));
    let counts = state.outbox.counts(second).await.expect("counts");
    assert_eq!((counts.remaining, counts.cancelled), (0, 3));
    bot.update(MockMessageText::new().text(format!("/cancel_broadcast {second}")));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("cannot be cancelled"));

    bot.update(MockMessageText::new().text("/broadcasts"));
    bot.dispatch().await;
    let listing = sent_texts(&bot)[0].clone();
    assert!(
        listing.contains(&format!("#{second} cancelled")),
        "{listing}"
    );
}

#[tokio::test]
async fn stats_count_subscribers_and_questions() {
    let (mut bot, _) = with_subscribers(text_message("When is the Moscow meeting?")).await;
    bot.update(MockMessageText::new().text("Moscow metro opening hours"));
    bot.dispatch().await;
    bot.update(MockMessageText::new().text("/stats"));
    bot.dispatch().await;
    let stats = sent_texts(&bot)[0].clone();
    assert!(stats.contains("• meetings: en 0, ru 1, fa 0"), "{stats}");
    assert!(
        stats.contains("last day: 1 answered, 1 unanswered"),
        "{stats}"
    );
}

#[tokio::test]
async fn a_bad_reload_keeps_the_old_knowledge_serving() {
    let dir = knowledge_copy();
    let location = KnowledgeLocation::Dir(dir.path().to_path_buf());
    let state = state_over(Store::in_memory().await.expect("store"), location).await;
    let mut bot = bot_over(text_message("/reload"), &state);
    bot.dispatch().await;
    let entries = state.knowledge.answerer().knowledge().len();
    assert!(
        sent_texts(&bot)[0].contains(&format!("reloaded: {entries} entries")),
        "{:?}",
        sent_texts(&bot)
    );

    std::fs::write(dir.path().join("meetings.json"), "[ { \"id\": ").expect("break");
    bot.update(MockMessageText::new().text("/reload"));
    bot.dispatch().await;
    let refusal = sent_texts(&bot)[0].clone();
    assert!(
        refusal.contains("keeps serving") && refusal.contains("meetings.json:1:"),
        "{refusal}"
    );
    assert!(
        state
            .knowledge
            .answerer()
            .knowledge()
            .entry("fifth-ict-working-group-meeting")
            .is_some()
    );
    bot.update(MockMessageText::new().text("When is the Moscow meeting?"));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("December"));
}
