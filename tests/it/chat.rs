//! The bot's handlers, driven through teloxide_tests' MockBot (a fake Bot API on loopback): every
//! command, questions in each language, suggestions, topic browsing, languages and groups.
//! Inline queries are not supported by MockBot; `serve` covers them end to end.

use coop_bot::bot::{Callback, UserAction};
use coop_bot::knowledge::Kind;
use coop_bot::lang::Lang;
use teloxide::types::ParseMode;
use teloxide_tests::{
    MockCallbackQuery, MockEditedMessage, MockGroupChat, MockMe, MockMessageSticker,
    MockMessageText, MockUser,
};

use crate::support::mock::{bot_with, buttons, last_sent, text_message};

fn user(language: &str) -> teloxide::types::User {
    MockUser::new().language_code(language).build()
}

#[tokio::test]
async fn start_welcomes_in_english_with_example_buttons() {
    let (mut bot, _) = bot_with(text_message("/start")).await;
    bot.dispatch().await;
    let sent = last_sent(&bot);
    assert!(
        sent.bot_request.text.starts_with("Hello!"),
        "{}",
        sent.bot_request.text
    );
    assert_eq!(sent.bot_request.parse_mode, Some(ParseMode::Html));
    let buttons = buttons(&sent.bot_request.reply_markup);
    assert_eq!(buttons.len(), 3);
    assert_eq!(buttons[0].0, "When is the Moscow meeting?");
}

#[tokio::test]
async fn start_welcomes_in_the_clients_language() {
    let (mut bot, _) = bot_with(text_message("/start").from(user("ru"))).await;
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.starts_with("Здравствуйте"));
    bot.update(text_message("/start").from(user("fa-IR")));
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.starts_with("سلام"));
}

#[tokio::test]
async fn help_lists_the_commands() {
    let (mut bot, _) = bot_with(text_message("/help")).await;
    bot.dispatch().await;
    let text = last_sent(&bot).bot_request.text;
    for command in ["/topics", "/lang", "/help"] {
        assert!(text.contains(command), "{text}");
    }
}

#[tokio::test]
async fn an_example_button_asks_its_question() {
    let example = Callback::user(Lang::En, UserAction::Example { index: 0 }).encode();
    let (mut bot, _) = bot_with(MockCallbackQuery::new().data(example)).await;
    bot.dispatch().await;
    let text = last_sent(&bot).bot_request.text;
    assert!(
        text.contains("Moscow") && text.contains("<b>Sources</b>"),
        "{text}"
    );
}

#[tokio::test]
async fn an_english_question_gets_a_sourced_html_answer_with_related_buttons() {
    let (mut bot, _) = bot_with(text_message("When is the Moscow meeting?")).await;
    bot.dispatch().await;
    let sent = last_sent(&bot);
    let text = &sent.bot_request.text;
    assert_eq!(sent.bot_request.parse_mode, Some(ParseMode::Html));
    assert!(text.contains("December"), "{text}");
    assert!(
        text.contains("<b>Sources</b>") && text.contains("<blockquote expandable>"),
        "{text}"
    );
    assert!(
        !buttons(&sent.bot_request.reply_markup).is_empty(),
        "related entries as buttons"
    );
}

#[tokio::test]
async fn a_russian_question_is_answered_in_russian() {
    let (mut bot, _) = bot_with(text_message("Кто такой Фурсенко?")).await;
    bot.dispatch().await;
    let text = last_sent(&bot).bot_request.text;
    assert!(
        text.contains("Фурсенко") && text.contains("<b>Источники</b>"),
        "{text}"
    );
}

#[tokio::test]
async fn an_answer_lacking_the_detail_asked_for_says_so_first() {
    let (mut bot, _) = bot_with(text_message("Нужна ли студентам виза для учёбы в филиале?")).await;
    bot.dispatch().await;
    let text = last_sent(&bot).bot_request.text;
    assert!(
        text.starts_with("<i>О визах в сообщении ничего не сказано."),
        "{text}"
    );
    assert!(text.contains("<b>Источники</b>"), "{text}");
}

#[tokio::test]
async fn a_persian_question_is_answered_in_persian() {
    let (mut bot, _) = bot_with(text_message("پارک فناوری پردیس چیست؟")).await;
    bot.dispatch().await;
    let text = last_sent(&bot).bot_request.text;
    assert!(
        text.contains("پردیس") && text.contains("<b>منابع</b>"),
        "{text}"
    );
}

#[tokio::test]
async fn an_ambiguous_question_offers_suggestions_that_answer_when_tapped() {
    let (mut bot, _) = bot_with(text_message("meeting")).await;
    bot.dispatch().await;
    let sent = last_sent(&bot);
    assert!(
        sent.bot_request.text.contains("Did you mean"),
        "{}",
        sent.bot_request.text
    );
    let mut suggestions = buttons(&sent.bot_request.reply_markup);
    let none_of_these = suggestions.pop().expect("buttons");
    assert_eq!(none_of_these.0, "None of these");
    assert!((1..=3).contains(&suggestions.len()));
    let (title, data) = suggestions[0].clone();
    bot.update(MockCallbackQuery::new().data(data));
    bot.dispatch().await;
    let answer = last_sent(&bot).bot_request.text;
    assert!(
        answer.contains("<b>Sources</b>"),
        "tapping {title} answers it: {answer}"
    );
}

#[tokio::test]
async fn an_unanswerable_question_is_declined_and_logged() {
    let (mut bot, state) = bot_with(text_message("Moscow metro opening hours")).await;
    bot.dispatch().await;
    let sent = last_sent(&bot);
    assert!(
        sent.bot_request.text.starts_with("I don't know"),
        "{}",
        sent.bot_request.text
    );
    assert_eq!(
        buttons(&sent.bot_request.reply_markup).len(),
        1,
        "a browse-topics button"
    );
    // The miss is written off the reply path: wait for the writer, as `/unanswered` does.
    state.recorded().await;
    let logged = state.curation.open_misses(0).await.expect("log");
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].text, "Moscow metro opening hours");
}

#[tokio::test]
async fn lang_offers_three_languages_and_remembers_the_choice() {
    let (mut bot, state) = bot_with(text_message("/lang")).await;
    bot.dispatch().await;
    let choices = buttons(&last_sent(&bot).bot_request.reply_markup);
    let labels: Vec<&str> = choices.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(labels, ["English", "Русский", "فارسی"]);
    bot.update(MockCallbackQuery::new().data(choices[2].1.clone()));
    bot.dispatch().await;
    let edited = bot.get_responses().edited_messages_text;
    assert!(
        edited
            .last()
            .expect("edited in place")
            .bot_request
            .text
            .contains("فارسی")
    );
    let chat = MockMessageText::new().build().chat.id.0;
    assert_eq!(
        state.store.chat_language(chat).await.expect("read"),
        Some(Lang::Fa)
    );
    // The chat's choice now decides where the text does not: commands, and script-less questions.
    bot.update(text_message("/help"));
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.starts_with("کافی است"));
}

#[tokio::test]
async fn topics_are_browsed_by_editing_one_message() {
    let (mut bot, _) = bot_with(text_message("/topics")).await;
    bot.dispatch().await;
    let kinds = buttons(&last_sent(&bot).bot_request.reply_markup);
    assert_eq!(kinds.len(), Kind::ALL.len());
    let meetings = Callback::user(
        Lang::En,
        UserAction::Kind {
            kind: Kind::Meeting,
        },
    )
    .encode();
    assert!(kinds.iter().any(|(_, data)| *data == meetings));

    bot.update(MockCallbackQuery::new().data(meetings));
    bot.dispatch().await;
    let responses = bot.get_responses();
    assert!(
        responses.sent_messages_text.is_empty(),
        "navigation edits, it does not send"
    );
    let listing = responses
        .edited_messages_text
        .last()
        .expect("edited")
        .clone();
    let entries = buttons(&listing.bot_request.reply_markup);
    assert!(entries.iter().any(|(title, _)| title.contains("Moscow")
        || title.contains("fifth")
        || title.contains("Fifth")));
    assert_eq!(entries.last().expect("back").0, "« Back");

    let open = entries[0].1.clone();
    bot.update(MockCallbackQuery::new().data(open));
    bot.dispatch().await;
    let entry = bot
        .get_responses()
        .edited_messages_text
        .last()
        .expect("edited")
        .clone();
    assert!(entry.bot_request.text.contains("<b>Sources</b>"));
    let back = buttons(&entry.bot_request.reply_markup)
        .last()
        .expect("back")
        .1
        .clone();
    assert_eq!(
        back,
        Callback::user(
            Lang::En,
            UserAction::Kind {
                kind: Kind::Meeting
            }
        )
        .encode()
    );
}

#[tokio::test]
async fn plain_group_chatter_is_ignored() {
    let message = text_message("When is the Moscow meeting?").chat(MockGroupChat::new().build());
    let (mut bot, _) = bot_with(message).await;
    bot.dispatch().await;
    assert!(bot.get_responses().sent_messages.is_empty());
}

#[tokio::test]
async fn a_group_message_that_mentions_the_bot_is_answered() {
    let text = format!("@{} When is the Moscow meeting?", MockMe::USERNAME);
    let message = text_message(&text).chat(MockGroupChat::new().build());
    let (mut bot, _) = bot_with(message).await;
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.contains("December"));
}

#[tokio::test]
async fn a_group_reply_to_the_bot_is_answered() {
    let bot_user = MockUser::new().id(MockMe::ID).is_bot(true).build();
    let earlier = MockMessageText::new()
        .text("earlier answer")
        .from(bot_user)
        .build();
    let message = text_message("And who is Fursenko?")
        .chat(MockGroupChat::new().build())
        .reply_to_message(Box::new(earlier));
    let (mut bot, _) = bot_with(message).await;
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.contains("Fursenko"));
}

#[tokio::test]
async fn a_group_command_is_answered() {
    let message = text_message("/help").chat(MockGroupChat::new().build());
    let (mut bot, _) = bot_with(message).await;
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.contains("/topics"));
}

#[tokio::test]
async fn an_edited_question_is_answered_again() {
    let edited = MockEditedMessage::new(text_message("Who is Fursenko?").build());
    let (mut bot, _) = bot_with(edited).await;
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.contains("Fursenko"));
}

#[tokio::test]
async fn a_sticker_gets_a_hint() {
    let (mut bot, _) = bot_with(MockMessageSticker::new()).await;
    bot.dispatch().await;
    assert!(last_sent(&bot).bot_request.text.contains("only read text"));
}

#[tokio::test]
async fn odd_text_never_crashes_a_handler() {
    let long = "Fursenko ".repeat(450);
    let odd = [
        long.as_str(),
        "🙂🙂🙂",
        "\u{200F}\u{202E}پردیس\u{200C}\u{200D}",
        "\u{200B}\u{FEFF}",
        "<b>not html</b> & <script>",
    ];
    for text in odd {
        let (mut bot, _) = bot_with(text_message(text)).await;
        bot.dispatch().await;
        let sent = last_sent(&bot);
        assert!(sent.bot_request.text.chars().count() <= 4096, "{text:?}");
        assert!(
            !sent.bot_request.text.contains("<script>"),
            "user text is never echoed raw"
        );
    }
}

#[tokio::test]
async fn a_meeting_without_a_year_gives_day_and_month_and_says_the_year_was_not_given() {
    let (mut bot, _) = bot_with(text_message("When is the Moscow meeting?")).await;
    bot.dispatch().await;
    let answer = last_sent(&bot).bot_request.text;
    assert!(
        answer.contains("Date: 6–7 December; the report does not give the year."),
        "{answer}"
    );
    assert!(
        answer.contains("As reported in “Moscow Welcomes Iran-Russia Collaboration: Joint ICT Working Group Set to Launch”; the report is not dated."),
        "{answer}"
    );
}

#[tokio::test]
async fn a_failing_handler_apologises_in_the_users_language() {
    let (mut bot, state) = bot_with(text_message("/start").from(user("ru"))).await;
    state.store.pool().close().await;
    bot.dispatch().await;
    let apology = last_sent(&bot).bot_request.text;
    assert!(apology.starts_with("Извините"), "{apology}");
}
