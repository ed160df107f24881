//! The matcher's behaviours on the shipped knowledge base: typos, inflections, scripts, and declining
//! what is not about the programme.

use coop_bot::knowledge::load_embedded;
use coop_bot::matcher::{Decision, Matcher};

fn matcher() -> (Matcher, coop_bot::knowledge::KnowledgeBase) {
    let kb = load_embedded().expect("the embedded knowledge base is valid");
    (Matcher::new(&kb), kb)
}

fn answered(question: &str) -> Option<String> {
    let (matcher, kb) = matcher();
    matcher
        .find(question)
        .answer()
        .map(|c| kb.entries()[c.entry].id.clone())
}

#[test]
fn an_english_typo_still_finds_the_ambassador() {
    assert_eq!(
        answered("who is the iranian ambasador to russia").as_deref(),
        Some("kazem-jalali")
    );
}

#[test]
fn a_misspelt_city_still_finds_the_university() {
    assert_eq!(
        answered("st petersberg university branch").as_deref(),
        Some("st-petersburg-university")
    );
}

#[test]
fn a_russian_typo_still_finds_the_research_area() {
    assert_eq!(
        answered("совместные исследования искусственный интелект").as_deref(),
        Some("new-technologies-joint-research")
    );
}

#[test]
fn names_match_in_every_script() {
    for name in ["Fursenko", "Фурсенко", "فورسنکو"] {
        assert_eq!(answered(name).as_deref(), Some("andrei-fursenko"), "{name}");
    }
}

#[test]
fn russian_inflection_does_not_matter() {
    assert_eq!(
        answered("встреча в Москве").as_deref(),
        answered("встреча Москва").as_deref()
    );
}

#[test]
fn persian_written_with_arabic_letters_and_without_zwnj_matches() {
    let persian = answered("شعبه دانشگاه‌های روسی در ایران");
    assert!(persian.is_some());
    assert_eq!(answered("شعبه دانشگاههاي روسي در ايران"), persian);
}

#[test]
fn invisible_characters_do_not_change_the_answer() {
    assert_eq!(
        answered("\u{200F}Who is \u{200B}Fursenko?\u{FEFF}").as_deref(),
        Some("andrei-fursenko")
    );
}

#[test]
fn unrelated_questions_that_share_a_word_are_not_answered() {
    let (matcher, _) = matcher();
    for question in [
        "Moscow metro opening hours",
        "best restaurant in Tehran",
        "погода в Москве завтра",
        "قیمت بلیط هواپیما تهران مسکو",
    ] {
        assert_ne!(
            matcher.find(question).decision,
            Decision::Answer,
            "{question}"
        );
    }
}

#[test]
fn greetings_and_empty_text_are_not_questions() {
    let (matcher, _) = matcher();
    for text in ["", "   ", "hello", "привет", "سلام", "🙂🙂", "?!"] {
        let result = matcher.find(text);
        assert_eq!(result.decision, Decision::Unknown, "{text:?}");
        assert!(result.candidates.is_empty(), "{text:?}");
    }
}

#[test]
fn confidence_stays_within_zero_and_one() {
    let (matcher, _) = matcher();
    for question in [
        "Fursenko Fursenko Fursenko",
        "MOU",
        "x",
        "Pardis Technology Park offices",
    ] {
        let confidence = matcher.find(question).confidence;
        assert!(
            (0.0..=1.0).contains(&confidence),
            "{question}: {confidence}"
        );
    }
}

#[test]
fn a_very_long_message_is_handled() {
    let (matcher, _) = matcher();
    let many_words = (0..2000)
        .map(|i| format!("word{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(matcher.find(&many_words).terms.len() <= 24);
    // One 4,000-letter "word" (keyboard mashing) is matched exactly or not at all, not fuzzily.
    let result = matcher.find(&"ы".repeat(4000));
    assert_eq!(result.decision, Decision::Unknown);
    assert!(result.terms[0].matches.is_empty());
}

#[test]
fn rarer_words_outweigh_common_ones() {
    let (matcher, _) = matcher();
    let index = matcher.index();
    let weight = |word: &str| {
        let result = matcher.find(word);
        result.terms.first().map(|t| t.weight).unwrap_or_default()
    };
    // "Bezrukov" names one entry; "Russia" is in nearly all of them.
    assert!(
        weight("Bezrukov") > 2.0 * weight("Russia"),
        "vocabulary of {}",
        index.vocabulary_size()
    );
}

#[test]
fn a_middle_confidence_question_gets_at_most_three_suggestions() {
    let (matcher, _) = matcher();
    let result = matcher.find("association");
    if result.decision == Decision::Suggest {
        assert!(!result.suggestions().is_empty() && result.suggestions().len() <= 3);
    }
    assert!(result.candidates.len() <= 5);
}
