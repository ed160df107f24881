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

/// An entry's words as the brute-force scorer sees them, read from the knowledge base's texts.
struct EntryWords {
    /// Every term of the entry with the weight of the best field it appears in.
    fields: std::collections::HashMap<coop_bot::matcher::TermId, f32>,
    /// Each title, alias and question as its distinct terms, sorted.
    phrases: Vec<Vec<coop_bot::matcher::TermId>>,
}

/// Tokenises every text of every entry once, for [`brute_force`].
fn entry_words(matcher: &Matcher, kb: &coop_bot::knowledge::KnowledgeBase) -> Vec<EntryWords> {
    use coop_bot::matcher::{Field, Tokenizer};
    let tokenizer = Tokenizer::default();
    let index = matcher.index();
    let term = |token: &coop_bot::matcher::Token| {
        let found = index.lookup(token);
        assert!(
            found.first().is_some_and(|m| m.similarity == 1.0),
            "every indexed word is in the vocabulary: {token:?}"
        );
        found[0].term
    };
    kb.entries()
        .iter()
        .map(|entry| {
            let mut texts: Vec<(Field, &str)> = Vec::new();
            texts.extend(entry.title.iter().map(|(_, t)| (Field::Title, t.as_str())));
            for (_, list) in entry.aliases.iter() {
                texts.extend(list.iter().map(|a| (Field::Alias, a.as_str())));
            }
            for (_, list) in entry.questions.iter() {
                texts.extend(list.iter().map(|q| (Field::Question, q.as_str())));
            }
            texts.extend(
                entry
                    .answer
                    .iter()
                    .map(|(_, a)| (Field::Answer, a.as_str())),
            );
            texts.extend(
                entry
                    .details
                    .free_texts()
                    .into_iter()
                    .map(|(_, d)| (Field::Detail, d)),
            );
            let mut words = EntryWords {
                fields: Default::default(),
                phrases: Vec::new(),
            };
            for (field, text) in texts {
                let mut terms: Vec<_> = tokenizer.tokens(text).iter().map(term).collect();
                for &t in &terms {
                    let best = words.fields.entry(t).or_insert(0.0);
                    *best = best.max(field.weight());
                }
                if matches!(field, Field::Title | Field::Alias | Field::Question)
                    && !terms.is_empty()
                {
                    terms.sort_unstable();
                    terms.dedup();
                    words.phrases.push(terms);
                }
            }
            words
        })
        .collect()
}

/// Every entry's score for a question computed the slow way, without the index's postings or any
/// pruning, best first (ties by position), with the matcher's understanding of the question.
fn brute_force(matcher: &Matcher, entries: &[EntryWords], question: &str) -> Vec<(usize, f32)> {
    let index = matcher.index();
    let tuning = matcher.tuning();
    let terms = matcher.find(question).terms;
    let total: f32 = terms.iter().map(|t| t.weight).sum();
    if terms.is_empty() || total <= 0.0 {
        return Vec::new();
    }
    // In a phrase, a question word counts a matched word's rarity up to its own weight.
    let mut similarity = std::collections::HashMap::new();
    for t in &terms {
        for m in &t.matches {
            let capped = m.similarity * (t.weight / index.idf(m.term)).min(1.0);
            let best = similarity.entry(m.term).or_insert(0.0f32);
            *best = best.max(capped);
        }
    }
    let mut scores: Vec<(usize, f32)> = entries
        .iter()
        .enumerate()
        .map(|(position, entry)| {
            let covered: f64 = terms
                .iter()
                .map(|t| {
                    let best = t
                        .matches
                        .iter()
                        .filter_map(|m| Some(t.weight * m.similarity * entry.fields.get(&m.term)?))
                        .fold(0.0f32, f32::max);
                    f64::from(best)
                })
                .sum();
            let question_coverage = (covered as f32 / total).min(1.0);
            let phrase_coverage = entry
                .phrases
                .iter()
                .map(|phrase| {
                    let weight: f32 = phrase.iter().map(|&t| index.idf(t)).sum();
                    let covered: f32 = phrase
                        .iter()
                        .filter_map(|t| Some(similarity.get(t)? * index.idf(*t)))
                        .sum();
                    covered / weight
                })
                .fold(0.0f32, f32::max);
            let share = tuning.question_share;
            let score =
                (question_coverage.powf(share) * phrase_coverage.powf(1.0 - share)).clamp(0.0, 1.0);
            (position, score)
        })
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scores
}

/// The matcher prunes its search (impact-ordered postings, a rising score floor); the candidates
/// that reach the floor, their order, and so the evidence the decision weighs, must be exactly
/// those of scoring every entry.
fn assert_same_as_brute_force(matcher: &Matcher, entries: &[EntryWords], questions: &[String]) {
    let tuning = matcher.tuning();
    for question in questions {
        let result = matcher.find(question);
        let expected: Vec<(usize, f32)> = brute_force(matcher, entries, question)
            .into_iter()
            .take_while(|&(_, score)| score >= tuning.floor)
            .take(5)
            .collect();
        let mut got: Vec<(usize, f32)> = result
            .candidates
            .iter()
            .filter(|c| c.score >= tuning.floor)
            .map(|c| (c.entry, c.score))
            .collect();
        // A reported-speech question puts its speaker first whatever his score; the ranking
        // before that is what pruning must not change.
        got.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(got, expected, "{question:?} under {tuning:?}");
        if let (Some(_), Some(first)) = (expected.first(), result.candidates.first()) {
            // The evidence is about the entry put first (the top one, or a reported speech's
            // speaker); its margin counts from the first rival (an entry not linked to it) or the
            // floor: one of the other exact scores.
            let top = first.score;
            assert_eq!(result.evidence.score, top, "{question:?}");
            let margin = result.evidence.margin;
            let from = expected
                .iter()
                .filter(|&&(entry, _)| entry != first.entry)
                .map(|&(_, s)| s)
                .chain([tuning.floor])
                .any(|s| margin == top - s.max(tuning.floor));
            assert!(from, "{question:?}: margin {margin}");
        } else {
            assert_eq!(result.decision, Decision::Unknown, "{question:?}");
        }
    }
}

#[test]
fn pruning_changes_no_result_on_the_labelled_questions() {
    use coop_bot::evaluation::read_labelled;
    use coop_bot::matcher::Tuning;
    let (mut matcher, kb) = matcher();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut questions: Vec<String> = Vec::new();
    for file in ["labelled.jsonl", "holdout.jsonl"] {
        let labelled = read_labelled(&dir.join(file)).expect("the labelled questions load");
        questions.extend(labelled.into_iter().map(|q| q.q));
    }
    let entries = entry_words(&matcher, &kb);
    let calibrated = matcher.tuning();
    for tuning in [
        calibrated,
        Tuning {
            floor: 0.25,
            question_share: 0.2,
            ..calibrated
        },
        Tuning {
            floor: 0.35,
            question_share: 0.7,
            unknown_word_share: 0.1,
        },
    ] {
        matcher.set_tuning(tuning);
        assert_same_as_brute_force(&matcher, &entries, &questions);
    }
}

#[path = "../../benches/support/mod.rs"]
mod support;

#[test]
fn pruning_changes_no_result_on_a_large_synthetic_base() {
    // Large enough that names repeat and common words reach thousands of entries.
    let kb = support::knowledge_base(3_000);
    let matcher = Matcher::new(&kb);
    let questions = support::question_mix(&kb, 300);
    let entries = entry_words(&matcher, &kb);
    assert_same_as_brute_force(&matcher, &entries, &questions);
}
