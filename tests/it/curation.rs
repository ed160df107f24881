//! Staff curation through teloxide_tests' MockBot: `/why` explains a match, "None of these" logs a
//! miss, `/unanswered` groups misses with attach and dismiss buttons, an attached question is
//! answered at once (and after a restart), `/learned` undoes it, and none of it works for non-staff.

use coop_bot::bot::AppState;
use coop_bot::bot::{Action, Callback, StaffAction, UserAction};
use coop_bot::config::KnowledgeLocation;
use coop_bot::curation::{Miss, MissReason};
use coop_bot::store::Store;

use crate::support::mock::{
    Bot, OUTSIDER, STAFF, bot_over, bot_with, edited_actions, edited_text, find_button, say,
    sent_actions, sent_texts, state_over, tap, text_message,
};

/// A miss the knowledge base does not answer at first, whose right entry is a candidate.
const MISSED: &str = "Who heads the Iranian diplomatic mission in Russia?";
const PARAPHRASE: &str = "who heads iran's diplomatic mission in russia";
const RIGHT_ENTRY: &str = "kazem-jalali";

/// The attach button of the first review card for `entry`.
fn attach_button(cards: &[Vec<(Action, String)>], entry: &str) -> Option<String> {
    find_button(
        &cards.concat(),
        |action| matches!(action, Action::Staff(StaffAction::Attach { entry: e, .. }) if e == entry),
    )
}

/// Staff open `/unanswered` and tap the card's attach button for the right entry; returns the
/// button's data, to tap again.
async fn attach_the_miss(bot: &mut Bot) -> String {
    say(bot, "/unanswered", STAFF).await;
    let attach = attach_button(&sent_actions(bot), RIGHT_ENTRY)
        .expect("the right entry is one of the candidates");
    tap(bot, &attach, STAFF).await;
    attach
}

/// Staff tap the first button under the `message`-th message of the last dispatch whose action
/// `is` (`what` says which, if there is none); returns its data, to tap again.
async fn tap_staff_button(
    bot: &mut Bot,
    message: usize,
    what: &str,
    is: impl Fn(&Action) -> bool,
) -> String {
    let data = find_button(&sent_actions(bot)[message], is).expect(what);
    tap(bot, &data, STAFF).await;
    data
}

/// The misses open for review, once the writer has written what the answers recorded.
async fn open_misses(state: &AppState) -> Vec<Miss> {
    state.recorded().await;
    state.curation.open_misses(0).await.expect("misses")
}

fn is_answer_of(reply: &str, title: &str) -> bool {
    reply.contains("<b>Sources</b>") && reply.contains(title)
}

/// The decision's thresholds as `/why` prints them.
fn thresholds() -> String {
    use coop_bot::matcher::MODEL;
    format!(
        "answer ≥ {:.2}; did you mean ≥ {:.2}",
        MODEL.answer, MODEL.suggest
    )
}

#[tokio::test]
async fn why_shows_words_candidates_scores_and_thresholds() {
    let (mut bot, _) = bot_with(text_message("/why how big is pardis park")).await;
    bot.dispatch().await;
    let text = sent_texts(&bot).join("\n");
    assert!(text.contains("pardis → pardi"), "{text}");
    assert!(text.contains("1. pardis-technology-park"), "{text}");
    assert!(text.contains("via alias (en): Pardis park"), "{text}");
    assert!(text.contains(&thresholds()), "{text}");
    assert!(text.contains("Decision: answer"), "{text}");
}

#[tokio::test]
async fn why_without_a_question_explains_its_usage() {
    let (mut bot, _) = bot_with(text_message("/why")).await;
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].starts_with("Usage: /why"));
}

#[tokio::test]
async fn non_staff_cannot_use_why_unanswered_or_learned() {
    let (mut bot, _) = bot_with(text_message("hello")).await;
    for command in ["/why pardis", "/unanswered", "/learned"] {
        say(&mut bot, command, OUTSIDER).await;
        let replies = sent_texts(&bot);
        assert_eq!(replies.len(), 1, "{command}");
        assert!(replies[0].contains("only for programme staff"), "{command}");
    }
}

#[tokio::test]
async fn non_staff_taps_on_curation_buttons_change_nothing() {
    let (mut bot, state) = bot_with(text_message(MISSED)).await;
    bot.dispatch().await;
    say(&mut bot, "/unanswered", STAFF).await;
    let attach = attach_button(&sent_actions(&bot), RIGHT_ENTRY).expect("attach button");
    let miss = open_misses(&state).await[0].id;
    let dismiss = Callback::staff(coop_bot::lang::Lang::En, StaffAction::Dismiss { miss }).encode();
    for data in [attach, dismiss] {
        tap(&mut bot, &data, OUTSIDER).await;
        assert!(sent_texts(&bot)[0].contains("only for programme staff"));
    }
    assert!(state.curation.learned().await.expect("learned").is_empty());
    assert_eq!(open_misses(&state).await.len(), 1);
}

#[tokio::test]
async fn did_you_mean_offers_none_of_these_and_a_tap_logs_one_miss() {
    // One word two meetings share: the bot offers both.
    const AMBIGUOUS: &str = "meeting";
    let (mut bot, state) = bot_with(text_message(AMBIGUOUS)).await;
    bot.dispatch().await;
    let sent = sent_texts(&bot);
    assert!(sent[0].contains("Did you mean"), "{sent:?}");
    let buttons = sent_actions(&bot).remove(0);
    let none = find_button(&buttons, |action| {
        matches!(action, Action::User(UserAction::NoneOfThese { .. }))
    })
    .expect("a None of these button");
    assert!(
        matches!(
            buttons.last(),
            Some((Action::User(UserAction::NoneOfThese { .. }), _))
        ),
        "it comes last"
    );
    assert!(open_misses(&state).await.is_empty());

    tap(&mut bot, &none, 4242).await;
    assert!(edited_text(&bot).contains("passed your question on"));
    tap(&mut bot, &none, 4242).await;
    let misses = open_misses(&state).await;
    assert_eq!(misses.len(), 1, "a second tap logs nothing more");
    assert_eq!(misses[0].text, AMBIGUOUS);
    assert_eq!(misses[0].reason, MissReason::NoneOfThese);
}

#[tokio::test]
async fn unanswered_groups_near_identical_misses_newest_first_with_counts() {
    let (mut bot, _) = bot_with(text_message("Moscow metro opening hours")).await;
    bot.dispatch().await;
    say(&mut bot, "best pizza in Tehran", 5).await;
    say(&mut bot, "moscow metro  opening hours!", 6).await;
    say(&mut bot, "opening hours of the Moscow metro?", 7).await;
    say(&mut bot, "/unanswered", STAFF).await;
    let sent = sent_texts(&bot);
    assert!(sent[0].contains("2 of 2 groups (4 questions)"), "{sent:?}");
    assert!(
        sent[1].starts_with("3 × “opening hours of the Moscow metro?” (en, last asked "),
        "{sent:?}"
    );
    assert!(
        sent[1].contains("Also asked as: “moscow metro  opening hours!”"),
        "one wording per normalised form: {sent:?}"
    );
    assert!(
        sent[2].starts_with("1 × “best pizza in Tehran”"),
        "{sent:?}"
    );
    let cards = sent_actions(&bot);
    for card in &cards[1..] {
        assert!(
            matches!(
                card.last(),
                Some((Action::Staff(StaffAction::Dismiss { .. }), _))
            ),
            "every group can be dismissed: {card:?}"
        );
    }
}

#[tokio::test]
async fn attaching_a_miss_answers_it_and_a_paraphrase_for_the_next_user_at_once() {
    let (mut bot, state) = bot_with(text_message(MISSED)).await;
    bot.dispatch().await;
    assert!(sent_texts(&bot)[0].contains("I don't know that"));
    attach_the_miss(&mut bot).await;
    let confirmation = edited_text(&bot);
    assert!(
        confirmation.contains(
            "Attached “Who heads the Iranian diplomatic mission in Russia?” to “Kazem Jalali”"
        ),
        "{confirmation}"
    );
    assert!(matches!(
        edited_actions(&bot).as_slice(),
        [(Action::Staff(StaffAction::Undo { .. }), _)]
    ));
    assert!(open_misses(&state).await.is_empty());

    for question in [MISSED, PARAPHRASE] {
        say(&mut bot, question, 777).await;
        let reply = sent_texts(&bot).join("\n");
        assert!(is_answer_of(&reply, "ambassador"), "{question}: {reply}");
    }
    let learned = state.curation.learned().await.expect("learned");
    assert_eq!(learned.len(), 1);
    assert_eq!(learned[0].added_by, STAFF as i64);
    assert_eq!(learned[0].entry_id, RIGHT_ENTRY);
}

#[tokio::test]
async fn an_attached_question_is_still_answered_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bot.sqlite");
    {
        let state = state_over(
            Store::open(&path).await.expect("open"),
            KnowledgeLocation::Embedded,
        )
        .await;
        let mut bot = bot_over(text_message(MISSED), &state);
        bot.dispatch().await;
        attach_the_miss(&mut bot).await;
        state.store.pool().close().await;
    }
    let state = state_over(
        Store::open(&path).await.expect("reopen"),
        KnowledgeLocation::Embedded,
    )
    .await;
    let mut bot = bot_over(text_message(PARAPHRASE), &state);
    bot.dispatch().await;
    let reply = sent_texts(&bot).join("\n");
    assert!(is_answer_of(&reply, "ambassador"), "{reply}");
}

#[tokio::test]
async fn undo_from_learned_forgets_the_question_and_reopens_its_misses() {
    let (mut bot, state) = bot_with(text_message(MISSED)).await;
    bot.dispatch().await;
    attach_the_miss(&mut bot).await;

    say(&mut bot, "/learned", STAFF).await;
    let listing = sent_texts(&bot)[0].clone();
    assert!(
        listing.contains(
            "“Who heads the Iranian diplomatic mission in Russia?” → Kazem Jalali (en; by"
        ),
        "{listing}"
    );
    let undo = tap_staff_button(&mut bot, 0, "an undo button", |action| {
        matches!(action, Action::Staff(StaffAction::Undo { .. }))
    })
    .await;
    assert!(
        edited_text(&bot).starts_with("Undone #"),
        "{}",
        edited_text(&bot)
    );

    say(&mut bot, MISSED, 777).await;
    assert!(sent_texts(&bot)[0].contains("I don't know that"));
    let open = open_misses(&state).await;
    assert_eq!(open.len(), 2, "the attached miss is back, with the new one");
    tap(&mut bot, &undo, STAFF).await;
    assert!(edited_text(&bot).contains("already undone"));
    say(&mut bot, "/learned", STAFF).await;
    assert!(sent_texts(&bot)[0].starts_with("No learned questions yet"));
}

#[tokio::test]
async fn dismissing_a_group_closes_all_its_misses_once() {
    let (mut bot, state) = bot_with(text_message("best pizza in Tehran")).await;
    bot.dispatch().await;
    say(&mut bot, "Best pizza in Tehran?", 8).await;
    say(&mut bot, "/unanswered", STAFF).await;
    let dismiss = tap_staff_button(&mut bot, 1, "dismiss", |action| {
        matches!(action, Action::Staff(StaffAction::Dismiss { .. }))
    })
    .await;
    assert!(
        edited_text(&bot).contains("(2 questions)"),
        "{}",
        edited_text(&bot)
    );
    assert!(open_misses(&state).await.is_empty());
    tap(&mut bot, &dismiss, STAFF).await;
    assert!(edited_text(&bot).contains("already been dealt with"));
    say(&mut bot, "/unanswered", STAFF).await;
    assert!(sent_texts(&bot)[0].starts_with("No unanswered questions"));
}

#[tokio::test]
async fn a_second_attach_tap_reports_the_group_was_dealt_with() {
    let (mut bot, state) = bot_with(text_message(MISSED)).await;
    bot.dispatch().await;
    let attach = attach_the_miss(&mut bot).await;
    tap(&mut bot, &attach, STAFF).await;
    assert!(edited_text(&bot).contains("already been dealt with"));
    assert_eq!(state.curation.learned().await.expect("learned").len(), 1);
}

#[tokio::test]
async fn staff_can_pick_any_entry_by_kind_when_the_candidates_miss_it() {
    let (mut bot, state) = bot_with(text_message(MISSED)).await;
    bot.dispatch().await;
    say(&mut bot, "/unanswered", STAFF).await;
    tap_staff_button(&mut bot, 1, "an Another entry button", |action| {
        matches!(action, Action::Staff(StaffAction::Pick { kind: None, .. }))
    })
    .await;
    assert!(edited_text(&bot).starts_with("Attach “Who heads"));
    let contacts = find_button(&edited_actions(&bot), |action| {
        matches!(
            action,
            Action::Staff(StaffAction::Pick {
                kind: Some(coop_bot::knowledge::Kind::Contact),
                ..
            })
        )
    })
    .expect("a Contacts button");
    tap(&mut bot, &contacts, STAFF).await;
    let entries = edited_actions(&bot);
    assert!(matches!(
        entries.last(),
        Some((Action::Staff(StaffAction::Pick { kind: None, .. }), _))
    ));
    let jalali = find_button(&entries, |action| {
        matches!(action, Action::Staff(StaffAction::Attach { entry, .. }) if entry == RIGHT_ENTRY)
    })
    .expect("the ambassador among the contacts");
    tap(&mut bot, &jalali, STAFF).await;
    assert!(edited_text(&bot).starts_with("Attached"));
    assert_eq!(state.curation.learned().await.expect("learned").len(), 1);
}
