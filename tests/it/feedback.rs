//! Feedback on answers through teloxide_tests' MockBot: every answer carries 👍 / 👎 in the chat's
//! language; a 👎 logs the question as a miss that `/unanswered` shows with the entry it got and
//! edits the keyboard in place to offer follow-ups; 👍 takes it back; `/stats` and `coop-bot stats`
//! count the votes per entry.

use coop_bot::bot::{Action, AskAbout, UserAction};
use coop_bot::curation::MissReason;
use coop_bot::feedback::{Feedback, Vote};
use coop_bot::lang::Lang;
use coop_bot::store::Store;
use teloxide_tests::MockMessageText;

use crate::handoff::{ASKER, desk, press, private, write};
use crate::support::mock::{
    STAFF, actions, bot_with, find_button, say, sent_actions, sent_texts, tap,
};
use crate::support::{coop_bot, text};

const ANSWERED: &str = "Who is Fursenko?";

fn vote_button(buttons: &[(Action, String)], vote: Vote) -> Option<String> {
    find_button(
        buttons,
        |a| matches!(a, Action::User(UserAction::Vote { vote: v, .. }) if *v == vote),
    )
}

/// The keyboard of the last answer edited in place (its buttons only).
fn edited_keyboard(bot: &crate::support::mock::Bot) -> Vec<(Action, String)> {
    let edits = bot.get_responses().edited_messages_reply_markup;
    let last = edits.last().expect("keyboard edited in place");
    actions(&last.bot_request.reply_markup)
}

#[tokio::test]
async fn every_answer_carries_helpful_and_not_helpful_in_the_chats_language() {
    let (mut bot, _) = bot_with(MockMessageText::new().text(ANSWERED)).await;
    bot.dispatch().await;
    let buttons = crate::support::mock::last_buttons(&bot);
    assert!(
        buttons
            .iter()
            .any(|(label, data)| label == "👍 Helpful" && data.ends_with(":+"))
    );
    assert!(
        buttons
            .iter()
            .any(|(label, data)| label == "👎 Not helpful" && data.ends_with(":-"))
    );
    say(&mut bot, "Кто такой Фурсенко?", 77).await;
    let buttons = crate::support::mock::last_buttons(&bot);
    assert!(
        buttons.iter().any(|(label, _)| label == "👍 Полезно"),
        "{buttons:?}"
    );
    say(&mut bot, "فورسنکو کیست؟", 77).await;
    let buttons = crate::support::mock::last_buttons(&bot);
    assert!(
        buttons.iter().any(|(label, _)| label == "👎 مفید نبود"),
        "{buttons:?}"
    );
}

#[tokio::test]
async fn an_answer_button_also_carries_the_vote_buttons() {
    let (mut bot, _) = bot_with(MockMessageText::new().text(ANSWERED)).await;
    bot.dispatch().await;
    let related = find_button(&sent_actions(&bot).concat(), |a| {
        matches!(a, Action::User(UserAction::Answer { .. }))
    })
    .expect("a related entry");
    tap(&mut bot, &related, 5).await;
    assert!(vote_button(&sent_actions(&bot).concat(), Vote::Helpful).is_some());
}

#[tokio::test]
async fn thumbs_down_shows_in_unanswered_with_the_entry_it_got() {
    let (mut bot, state) = bot_with(MockMessageText::new().text(ANSWERED)).await;
    bot.dispatch().await;
    let down = vote_button(&sent_actions(&bot).concat(), Vote::Unhelpful).expect("👎");
    tap(&mut bot, &down, 5).await;
    let misses = state.curation.open_misses(0).await.expect("misses");
    assert_eq!(misses.len(), 1);
    assert_eq!(misses[0].reason, MissReason::Unhelpful);
    assert_eq!(misses[0].text, ANSWERED);

    say(&mut bot, "/unanswered", STAFF).await;
    let cards = sent_texts(&bot).join("\n");
    assert!(
        cards.contains("Answered with “Andrei Fursenko”, marked unhelpful (1×)."),
        "{cards}"
    );
}

#[tokio::test]
async fn thumbs_down_edits_the_keyboard_in_place_with_the_follow_ups() {
    let (mut bot, _) = bot_with(MockMessageText::new().text(ANSWERED)).await;
    bot.dispatch().await;
    let down = vote_button(&sent_actions(&bot).concat(), Vote::Unhelpful).expect("👎");
    tap(&mut bot, &down, 5).await;
    assert!(
        bot.get_responses().edited_messages_text.is_empty(),
        "the text stays"
    );
    let keyboard = edited_keyboard(&bot);
    let details = keyboard
        .iter()
        .filter(|(a, _)| matches!(a, Action::User(UserAction::Detail { .. })))
        .count();
    assert_eq!(details, 3, "{keyboard:?}");
    let labels = crate::support::mock::buttons(
        &bot.get_responses().edited_messages_reply_markup[0]
            .bot_request
            .reply_markup,
    );
    assert!(
        labels.iter().any(|(l, _)| l == "✓ 👎 Not helpful"),
        "{labels:?}"
    );
    assert!(labels.iter().any(|(l, _)| l == "Out of date"), "{labels:?}");
}

#[tokio::test]
async fn switching_to_thumbs_up_removes_the_miss_and_counts_one_vote() {
    let (mut bot, state) = bot_with(MockMessageText::new().text(ANSWERED)).await;
    bot.dispatch().await;
    let buttons = sent_actions(&bot).concat();
    let down = vote_button(&buttons, Vote::Unhelpful).expect("👎");
    let up = vote_button(&buttons, Vote::Helpful).expect("👍");
    tap(&mut bot, &down, 5).await;
    tap(&mut bot, &up, 5).await;
    assert!(
        state
            .curation
            .open_misses(0)
            .await
            .expect("misses")
            .is_empty()
    );
    let stats = state
        .feedback
        .stats(coop_bot::store::unix_now())
        .await
        .expect("stats");
    let fursenko = &stats.entries[0];
    assert_eq!(
        (
            fursenko.entry.as_str(),
            fursenko.helpful_7d,
            fursenko.unhelpful_7d
        ),
        ("andrei-fursenko", 1, 0)
    );
}

#[tokio::test]
async fn a_follow_up_is_recorded_and_leaves_ask_staff_in_a_private_chat() {
    let (mut bot, state) = desk().await;
    write(&mut bot, private(ASKER), ASKER, ANSWERED, None).await;
    let down = vote_button(&sent_actions(&bot).concat(), Vote::Unhelpful).expect("👎");
    press(&mut bot, ASKER, &down, None).await;
    let keyboard = edited_keyboard(&bot);
    let detail = find_button(&keyboard, |a| {
        matches!(a, Action::User(UserAction::Detail { .. }))
    })
    .expect("a follow-up");
    press(&mut bot, ASKER, &detail, None).await;
    let keyboard = edited_keyboard(&bot);
    assert!(
        !keyboard
            .iter()
            .any(|(a, _)| matches!(a, Action::User(UserAction::Detail { .. })))
    );
    let ask = find_button(&keyboard, |a| {
        matches!(
            a,
            Action::User(UserAction::AskStaff {
                about: AskAbout::Answer(_)
            })
        )
    })
    .expect("ask staff stays");
    // Asking staff from there names the answer on the card.
    press(&mut bot, ASKER, &ask, None).await;
    let send = find_button(&sent_actions(&bot).concat(), |a| {
        matches!(a, Action::User(UserAction::SendTicket { .. }))
    })
    .expect("send");
    press(&mut bot, ASKER, &send, None).await;
    let card = crate::handoff::sent_to(&bot, crate::handoff::STAFF_CHAT)
        .pop()
        .expect("card");
    let card = card.text().unwrap_or_default().to_string();
    assert!(
        card.contains(
            "The bot answered with “Andrei Fursenko”; the user marked it unhelpful: Wrong topic."
        ),
        "{card}"
    );
    assert_eq!(state.tickets.open().await.expect("open").len(), 1);
}

#[tokio::test]
async fn stats_show_votes_per_entry_and_the_worst_rated() {
    let (mut bot, _) = bot_with(MockMessageText::new().text(ANSWERED)).await;
    bot.dispatch().await;
    let down = vote_button(&sent_actions(&bot).concat(), Vote::Unhelpful).expect("👎");
    tap(&mut bot, &down, 5).await;
    say(&mut bot, "/stats", STAFF).await;
    let stats = sent_texts(&bot).join("\n");
    assert!(
        stats.contains("• Andrei Fursenko: 0 / 1 in 7 days · 0 / 1 in 30 days"),
        "{stats}"
    );
    assert!(stats.contains("Worst rated"), "{stats}");
    assert!(stats.contains("• Andrei Fursenko: 100% of 1"), "{stats}");
}

#[tokio::test]
async fn coop_bot_stats_prints_the_feedback_from_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bot.sqlite");
    let store = Store::open(&path).await.expect("database");
    let feedback = Feedback::new(store.pool().clone());
    let answer = feedback
        .remember_answer(Some("who is fursenko"), Lang::En, &["andrei-fursenko"])
        .await
        .expect("answer");
    feedback.vote(answer, 1, Vote::Helpful).await.expect("vote");
    feedback
        .vote(answer, 2, Vote::Unhelpful)
        .await
        .expect("vote");
    store.pool().close().await;
    let database = path.to_str().expect("utf-8");

    let plain = coop_bot(&["stats", "--database", database], "");
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    assert!(
        text(&plain.stdout).contains("• Andrei Fursenko: 1 / 1 in 7 days · 1 / 1 in 30 days"),
        "{}",
        text(&plain.stdout)
    );
    let json = coop_bot(&["stats", "--json", "--database", database], "");
    assert!(json.status.success(), "{}", text(&json.stderr));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["feedback"]["entries"][0]["entry"], "andrei-fursenko");
    assert_eq!(value["feedback"]["entries"][0]["unhelpful_30d"], 1);
    assert_eq!(value["feedback"]["worst"][0]["entry"], "andrei-fursenko");
}

#[tokio::test]
async fn coop_bot_stats_without_a_database_says_so() {
    let missing = coop_bot(&["stats", "--database", "/nonexistent/bot.sqlite"], "");
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("no database"));
}
