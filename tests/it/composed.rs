//! Broadcasts as staff compose them, through teloxide_tests' MockBot: a reply to a photo, a
//! document or any message previews a copy of exactly that message; album parts from staff are
//! remembered; what Telegram could not deliver (a long text, a long caption, an album over ten, a
//! sticker) is refused at preview with the limit and nothing is queued; schedules (refused in the
//! past, listed with their time and zone, cancelled before they start); pause and resume; and
//! `/broadcasts N`, the report. The copy of an album (`copyMessages`, which MockBot does not
//! serve), progress edits and the final report are end to end, in `composed_e2e`.

use std::sync::Arc;

use coop_bot::bot::AppState;
use coop_bot::broadcast::{BroadcastStatus, Content, MediaKind, Outcome, Topic, Zone};
use coop_bot::config::KnowledgeLocation;
use coop_bot::knowledge::load_embedded;
use coop_bot::lang::Lang;
use coop_bot::store::{Store, unix_now};
use teloxide::types::{MediaGroupId, MessageEntity, MessageEntityKind};
use teloxide_tests::{
    MockCallbackQuery, MockMessageDocument, MockMessagePhoto, MockMessageSticker, MockMessageText,
};

use crate::support::mock::{Bot, STAFF, bot_over, from, last_buttons, sent_texts};

/// The bot with broadcast times in `zone` and two subscribers (chat 101: meetings in Russian, 102:
/// everything in English), nothing dispatched yet.
async fn bot_in(zone: Zone) -> (Bot, Arc<AppState>) {
    let store = Store::in_memory().await.expect("store");
    let kb = load_embedded().expect("the embedded knowledge base is valid");
    let state = Arc::new(
        AppState::new(kb, KnowledgeLocation::Embedded, store)
            .await
            .expect("state")
            .with_staff([STAFF])
            .with_broadcast_zone(zone),
    );
    for (chat, topic, lang) in [
        (101, Topic::Meetings, Lang::Ru),
        (102, Topic::All, Lang::En),
    ] {
        state
            .subscribers
            .subscribe(chat, topic, lang)
            .await
            .expect("subscribe");
    }
    (
        bot_over(MockMessageText::new().text("/start"), &state),
        state,
    )
}

/// `/broadcast ARGS` sent by staff as a reply to `message`.
fn reply_with(args: &str, message: teloxide::types::Message) -> MockMessageText {
    MockMessageText::new()
        .text(format!("/broadcast {args}").trim_end())
        .reply_to_message(Box::new(message))
}

async fn drafts(state: &AppState) -> usize {
    state.outbox.recent(100).await.expect("read").len()
}

#[tokio::test]
async fn a_photo_with_a_bold_caption_is_previewed_as_a_copy_that_keeps_caption_and_entities() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    let photo = MockMessagePhoto::new()
        .id(1001)
        .caption("Agenda of the fifth meeting")
        .caption_entities(vec![MessageEntity::new(MessageEntityKind::Bold, 0, 6)])
        .build();
    bot.update(reply_with("meetings", photo));
    bot.dispatch().await;

    let copied = bot.get_responses().copied_messages;
    assert_eq!(copied.len(), 1, "the preview is one copy");
    let request = &copied[0].bot_request;
    assert_eq!(request.message_id, 1001);
    assert!(
        request.caption.is_none() && request.caption_entities.is_none(),
        "nothing overrides the composed caption and its formatting: {request:?}"
    );
    assert!(
        sent_texts(&bot)[0].contains("Audience now: 2 (en 1, ru 1)"),
        "{:?}",
        sent_texts(&bot)
    );
    let draft = &state.outbox.recent(1).await.expect("read")[0];
    assert_eq!(
        draft.content,
        Content::Copy {
            chat: request.from_chat_id.id(),
            message: 1001,
            kind: MediaKind::Photo
        }
    );

    bot.update(MockCallbackQuery::new().data(last_buttons(&bot)[0].1.clone()));
    bot.dispatch().await;
    assert_eq!(
        state
            .outbox
            .counts(draft.id)
            .await
            .expect("counts")
            .remaining,
        2
    );
}

#[tokio::test]
async fn a_document_is_previewed_as_a_copy_of_itself() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    let document = MockMessageDocument::new()
        .id(1002)
        .caption("Programme (PDF)")
        .file_name("programme.pdf")
        .build();
    bot.update(reply_with("", document));
    bot.dispatch().await;
    let copied = bot.get_responses().copied_messages;
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0].bot_request.message_id, 1002);
    let draft = &state.outbox.recent(1).await.expect("read")[0];
    assert!(
        matches!(
            draft.content,
            Content::Copy {
                kind: MediaKind::Document,
                message: 1002,
                ..
            }
        ),
        "{:?}",
        draft.content
    );
}

#[tokio::test]
async fn an_inline_text_keeps_its_formatting() {
    let (mut bot, _) = bot_in(Zone::utc()).await;
    // "/broadcast meetings " is 20 UTF-16 units; "fifth" is bold.
    let text = "/broadcast meetings The fifth meeting";
    let bold = MessageEntity::new(MessageEntityKind::Bold, 24, 5);
    let command = MessageEntity::new(MessageEntityKind::BotCommand, 0, 10);
    bot.update(
        MockMessageText::new()
            .text(text)
            .entities(vec![command, bold]),
    );
    bot.dispatch().await;
    let preview = &bot.get_responses().sent_messages_text[0].bot_request;
    assert_eq!(preview.text, "The fifth meeting");
    assert_eq!(
        preview.entities.as_deref(),
        Some(&[MessageEntity::new(MessageEntityKind::Bold, 4, 5)][..])
    );
}

#[tokio::test]
async fn a_5000_character_text_is_refused_at_preview_naming_the_limit_and_nothing_is_queued() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    let long = "Announcement. ".repeat(400);
    let long = &long[..5000];
    bot.update(MockMessageText::new().text(format!("/broadcast {long}")));
    bot.dispatch().await;
    let replies = sent_texts(&bot);
    assert_eq!(replies.len(), 1, "a refusal, no preview: {replies:?}");
    assert!(
        replies[0].contains("5000 characters") && replies[0].contains("at most 4096"),
        "{}",
        replies[0]
    );

    let original = MockMessageText::new().id(1003).text(long).build();
    bot.update(reply_with("", original));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("at most 4096"));
    assert!(bot.get_responses().copied_messages.is_empty());
    assert_eq!(drafts(&state).await, 0, "nothing queued, not even a draft");
}

#[tokio::test]
async fn a_caption_over_1024_characters_is_refused_naming_the_limit() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    let photo = MockMessagePhoto::new()
        .id(1004)
        .caption("c".repeat(1500))
        .build();
    bot.update(reply_with("", photo));
    bot.dispatch().await;
    let refusal = sent_texts(&bot)[0].clone();
    assert!(
        refusal.contains("1500 characters") && refusal.contains("at most 1024"),
        "{refusal}"
    );
    assert!(bot.get_responses().copied_messages.is_empty());
    assert_eq!(drafts(&state).await, 0);
}

#[tokio::test]
async fn a_sticker_is_refused_as_a_kind_that_cannot_be_broadcast() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    bot.update(reply_with("", MockMessageSticker::new().id(1005).build()));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("a sticker cannot be broadcast"));
    assert_eq!(drafts(&state).await, 0);
}

/// Album `group`: `count` photos from staff with ids from `first`, the first with `caption`.
fn album(group: &str, first: i32, count: i32, caption: &str) -> Vec<MockMessagePhoto> {
    (0..count)
        .map(|i| {
            let part = MockMessagePhoto::new()
                .id(first + i)
                .media_group_id(MediaGroupId(group.to_string()))
                .from(from(STAFF));
            if i == 0 { part.caption(caption) } else { part }
        })
        .collect()
}

#[tokio::test]
async fn album_parts_from_staff_are_remembered_without_a_reply() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    bot.update(album("g-3", 2001, 3, "Pardis park"));
    bot.dispatch().await;
    assert!(sent_texts(&bot).is_empty(), "{:?}", sent_texts(&bot));
    let chat = MockMessagePhoto::new().build().chat.id.0;
    let parts = state.albums.parts(chat, "g-3").await.expect("parts");
    let ids: Vec<i32> = parts.iter().map(|p| p.message_id).collect();
    assert_eq!(ids, [2001, 2002, 2003]);
    assert_eq!(parts[0].caption_length, "Pardis park".len());
}

#[tokio::test]
async fn an_album_with_a_caption_over_the_limit_is_refused_whole() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    bot.update(album("g-long", 3001, 3, &"x".repeat(1100)));
    bot.dispatch().await;
    // Replying to the last part: the whole album is checked, the first part's caption included.
    let last = MockMessagePhoto::new()
        .id(3003)
        .media_group_id(MediaGroupId("g-long".into()))
        .build();
    bot.update(reply_with("", last));
    bot.dispatch().await;
    assert!(
        sent_texts(&bot)[0].contains("at most 1024"),
        "{:?}",
        sent_texts(&bot)
    );
    assert_eq!(drafts(&state).await, 0);
}

#[tokio::test]
async fn a_schedule_in_the_past_is_refused_and_nothing_is_queued() {
    let (mut bot, state) = bot_in(Zone::named("Asia/Tehran").expect("zone")).await;
    bot.update(MockMessageText::new().text("/broadcast at 2020-01-01 10:00 Hello"));
    bot.dispatch().await;
    let refusal = sent_texts(&bot)[0].clone();
    assert!(
        refusal.contains("2020-01-01 10:00 (Asia/Tehran) is in the past"),
        "{refusal}"
    );
    bot.update(MockMessageText::new().text("/broadcast at 2030-02-30 10:00 Hello"));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("is not a date and time"));
    assert_eq!(drafts(&state).await, 0);
}

#[tokio::test]
async fn a_scheduled_broadcast_shows_its_time_and_zone_is_listed_and_cancels_before_it_starts() {
    let zone = Zone::named("Asia/Tehran").expect("zone");
    let (mut bot, state) = bot_in(zone.clone()).await;
    let local = zone.format(unix_now() + 2 * 86_400);
    bot.update(MockMessageText::new().text(format!("/broadcast at {local} meetings Hello")));
    bot.dispatch().await;
    let replies = sent_texts(&bot);
    assert_eq!(replies[0], "Hello", "the preview is the delivery");
    assert!(
        replies[1].contains(&format!("Scheduled for {local} Asia/Tehran (UTC+03:30)")),
        "{}",
        replies[1]
    );
    bot.update(MockCallbackQuery::new().data(last_buttons(&bot)[0].1.clone()));
    bot.dispatch().await;
    let id = state.outbox.recent(1).await.expect("read")[0].id;
    let scheduled = state.outbox.get(id).await.expect("read").expect("exists");
    assert_eq!(scheduled.status, BroadcastStatus::Scheduled);
    assert_eq!(
        scheduled.counts.total(),
        0,
        "no audience counted before it starts"
    );

    bot.update(MockMessageText::new().text("/broadcasts"));
    bot.dispatch().await;
    let listing = sent_texts(&bot)[0].clone();
    assert!(
        listing.starts_with(&format!("Scheduled:\n#{id} at {local} Asia/Tehran")),
        "{listing}"
    );

    bot.update(MockMessageText::new().text(format!("/cancel_broadcast {id}")));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("is cancelled"));
    let at = scheduled.scheduled_at.expect("time");
    assert!(state.outbox.start_due(at).await.expect("start").is_empty());
    assert_eq!(state.outbox.counts(id).await.expect("counts").total(), 0);
}

#[tokio::test]
async fn a_broadcast_is_paused_and_resumed() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    bot.update(MockMessageText::new().text("/broadcast Hello"));
    bot.dispatch().await;
    bot.update(MockCallbackQuery::new().data(last_buttons(&bot)[0].1.clone()));
    bot.dispatch().await;
    let id = state.outbox.recent(1).await.expect("read")[0].id;
    bot.update(MockMessageText::new().text(format!("/pause_broadcast {id}")));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("is paused"));
    assert!(
        state
            .outbox
            .due(i64::MAX, 10)
            .await
            .expect("due")
            .is_empty()
    );
    bot.update(MockMessageText::new().text("/broadcasts"));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains(&format!("#{id} paused")));
    bot.update(MockMessageText::new().text(format!("/resume_broadcast {id}")));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("is resumed"));
    assert_eq!(state.outbox.due(i64::MAX, 10).await.expect("due").len(), 2);
    bot.update(MockMessageText::new().text(format!("/resume_broadcast {id}")));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("is not paused"));
}

#[tokio::test]
async fn broadcasts_n_reports_outcomes_by_language_topic_and_failure() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    bot.update(MockMessageText::new().text("/broadcast Hello"));
    bot.dispatch().await;
    bot.update(MockCallbackQuery::new().data(last_buttons(&bot)[0].1.clone()));
    bot.dispatch().await;
    let id = state.outbox.recent(1).await.expect("read")[0].id;
    let blocked = Outcome::Blocked {
        error: "Forbidden: bot was blocked by the user".into(),
    };
    state
        .outbox
        .record(id, 101, &blocked)
        .await
        .expect("record");
    state
        .outbox
        .record(id, 102, &Outcome::Sent)
        .await
        .expect("record");
    state.outbox.finish_completed().await.expect("finish");

    bot.update(MockMessageText::new().text(format!("/broadcasts {id}")));
    bot.dispatch().await;
    let report = sent_texts(&bot)[0].clone();
    for expected in [
        format!("Delivery report of broadcast #{id} (done)"),
        "Sent (accepted by Telegram): 1".to_string(),
        "Blocked the bot or gone: 1".to_string(),
        "• en: sent 1, failed 0, blocked 0".to_string(),
        "• ru: sent 0, failed 0, blocked 1".to_string(),
        "• all: sent 1".to_string(),
        "• meetings: sent 0, failed 0, blocked 1".to_string(),
        "• 1 deliveries: Forbidden: bot was blocked by the user".to_string(),
    ] {
        assert!(report.contains(&expected), "{expected:?} in {report}");
    }
    bot.update(MockMessageText::new().text("/broadcasts 999"));
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("There is no broadcast #999"));
}

#[tokio::test]
async fn the_confirmation_message_is_where_progress_will_be_shown() {
    let (mut bot, state) = bot_in(Zone::utc()).await;
    bot.update(MockMessageText::new().text("/broadcast Hello"));
    bot.dispatch().await;
    let confirm = last_buttons(&bot)[0].1.clone();
    let carrying = MockMessageText::new().id(4242).text("preview").build();
    bot.update(MockCallbackQuery::new().data(confirm).message(carrying));
    bot.dispatch().await;
    let watched = state.outbox.watched().await.expect("watched");
    assert_eq!(watched.len(), 1);
    assert_eq!(watched[0].message, Some(4242));
    assert_eq!(watched[0].broadcast.confirmed_by, Some(STAFF as i64));
}
