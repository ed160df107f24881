//! How replies cite their sources, in Telegram (through MockBot) and on the console: each source
//! named once, with its date, above the passages quoted from it; in Telegram all of it in one
//! expandable blockquote after the answer; and the direct answer, when the entry has one, first.

use crate::support::mock::{bot_with, last_sent, text_message};
use crate::support::*;

const TITLE: &str =
    "Moscow Welcomes Iran-Russia Collaboration: Joint ICT Working Group Set to Launch";

/// The reply the bot sends to `question`, as Telegram HTML.
async fn bot_reply(question: &str) -> String {
    let (mut bot, _) = bot_with(text_message(question)).await;
    bot.dispatch().await;
    last_sent(&bot).bot_request.text
}

/// The reply `coop-bot ask` prints for `question`.
fn console_reply(question: &str) -> String {
    let output = coop_bot(&["ask", question], "");
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
}

/// The quotes of `entry`, as the knowledge base has them.
fn quotes_of(entry: &str) -> Vec<String> {
    let kb = coop_bot::knowledge::load_embedded().expect("valid");
    let entry = kb.entry(entry).expect("entry");
    entry.sources.iter().map(|r| r.quote.clone()).collect()
}

#[tokio::test]
async fn an_entry_citing_three_passages_of_one_report_names_the_report_once_in_telegram() {
    let quotes = quotes_of("andrei-fursenko");
    assert_eq!(quotes.len(), 3);
    let reply = bot_reply("Who is Fursenko?").await;
    assert_eq!(reply.matches(TITLE).count(), 1, "{reply}");
    for quote in &quotes {
        assert!(reply.contains(&format!("\n“{quote}”")), "{quote}: {reply}");
    }
}

#[tokio::test]
async fn the_sources_are_one_expandable_blockquote_after_the_answer() {
    let reply = bot_reply("Who is Fursenko?").await;
    assert_eq!(reply.matches("<blockquote").count(), 1, "{reply}");
    let (answer, sources) = reply
        .split_once("\n\n<blockquote expandable><b>Sources</b>\n")
        .expect("the sources block after the answer");
    assert!(answer.contains("Presidential Aide"), "{answer}");
    assert!(
        sources.starts_with(&format!(
            "As reported in “{TITLE}”; the report is not dated.\n“"
        )),
        "the report's line opens the block, then its quotes: {sources}"
    );
    assert!(sources.ends_with("”</blockquote>"), "{sources}");
}

#[tokio::test]
async fn the_direct_answer_comes_first_in_bold() {
    let reply = bot_reply("When is the Moscow meeting?").await;
    assert!(
        reply.starts_with(
            "<b>6–7 December, in Moscow (the report does not give the year)</b>\nThe report announces"
        ),
        "{reply}"
    );
}

#[tokio::test]
async fn a_reply_of_several_entries_names_their_common_report_once() {
    let reply = bot_reply("Who is Fursenko? Who is Jalali?").await;
    assert_eq!(reply.matches(TITLE).count(), 1, "{reply}");
    assert_eq!(
        reply.matches("<blockquote expandable>").count(),
        1,
        "{reply}"
    );
    let answers = &reply[..reply.find("<blockquote").expect("sources")];
    assert!(
        answers.contains("Kazem Jalali is") && answers.contains("Andrei Fursenko is"),
        "both answers come before the sources: {reply}"
    );
}

#[tokio::test]
async fn a_list_names_its_report_once_above_the_items_quotes() {
    let reply = bot_reply("Which people does the report name?").await;
    assert!(reply.contains("People named in the report"), "{reply}");
    assert_eq!(reply.matches(TITLE).count(), 1, "{reply}");
    assert_eq!(
        reply.matches("<blockquote expandable>").count(),
        1,
        "{reply}"
    );
    assert!(
        reply.contains("“Focusing on already established technologies will not be beneficial for the two countries.”"),
        "{reply}"
    );
}

#[test]
fn on_the_console_the_report_is_named_once_above_its_quotes() {
    let reply = console_reply("Who is Fursenko?");
    assert_eq!(reply.matches(TITLE).count(), 1, "{reply}");
    let sources = reply.split("Sources:\n").nth(1).expect("sources");
    let mut lines = sources.lines();
    assert_eq!(
        lines.next(),
        Some(format!("  As reported in “{TITLE}”; the report is not dated.").as_str())
    );
    for quote in quotes_of("andrei-fursenko") {
        assert_eq!(lines.next(), Some(format!("    “{quote}”").as_str()));
    }
    assert!(!reply.contains("<"), "plain text: {reply}");
}

#[test]
fn on_the_console_the_direct_answer_is_the_first_line() {
    let reply = console_reply("When is the Moscow meeting?");
    assert_eq!(
        reply.lines().next(),
        Some("6–7 December, in Moscow (the report does not give the year)")
    );
}

#[test]
fn on_the_console_several_entries_share_one_sources_block() {
    let reply = console_reply("Who is Fursenko? Who is Jalali?");
    assert_eq!(reply.matches("Sources:").count(), 1, "{reply}");
    assert_eq!(reply.matches(TITLE).count(), 1, "{reply}");
}
