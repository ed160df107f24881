//! Why a question got the reply it got: the words as the matcher read them, the top candidates with
//! their scores and the phrase that matched each, and where the thresholds lie. Staff see it with
//! `/why` and `coop-bot why`, so a wrong answer can be fixed where it went wrong.

use std::fmt::Write;

use serde::Serialize;

use crate::answer::Answerer;
use crate::lang::Lang;
use crate::matcher::Decision;

/// A question's explanation, ready to print or serialise.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub question: String,
    /// The language read from the question's script; `None` when it has no letters to tell.
    pub detected_lang: Option<Lang>,
    /// The language the reply would be in.
    pub reply_lang: Lang,
    pub words: Vec<WordExplanation>,
    pub decision: &'static str,
    pub confidence: f32,
    pub answer_threshold: f32,
    pub suggest_threshold: f32,
    pub candidates: Vec<CandidateExplanation>,
}

/// One content word of the question.
#[derive(Debug, Clone, Serialize)]
pub struct WordExplanation {
    /// The word after normalisation.
    pub word: String,
    pub stem: String,
    /// The vocabulary terms it matched, with similarity (1 exact, less for a typo).
    pub matches: Vec<(String, f32)>,
    /// Its share of the question's information.
    pub weight: f32,
}

/// One candidate entry.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateExplanation {
    pub entry: String,
    pub title: String,
    pub score: f32,
    pub question_coverage: f32,
    pub phrase_coverage: f32,
    /// The field that matched best (`title`, `alias`, `question`), its language and text.
    pub matched_field: Option<&'static str>,
    pub matched_lang: Option<Lang>,
    pub matched_text: Option<String>,
}

impl Explanation {
    /// Explains how `answerer` would treat `question`, replying in `fallback` when the script does
    /// not tell the language.
    pub fn new(answerer: &Answerer, question: &str, fallback: Lang) -> Explanation {
        let detected_lang = Lang::detect(question);
        let reply_lang = detected_lang.unwrap_or(fallback);
        let matcher = answerer.matcher();
        let index = matcher.index();
        let kb = answerer.knowledge();
        let result = matcher.find(question);
        let tuning = matcher.tuning();
        let words = result
            .terms
            .iter()
            .map(|term| WordExplanation {
                word: term.token.word.clone(),
                stem: term.token.stem.clone(),
                matches: term
                    .matches
                    .iter()
                    .map(|m| (index.term_text(m.term).to_string(), m.similarity))
                    .collect(),
                weight: term.weight,
            })
            .collect();
        let candidates = result
            .candidates
            .iter()
            .map(|c| {
                let entry = &kb.entries()[c.entry];
                let phrase = c.best_phrase;
                CandidateExplanation {
                    entry: entry.id.clone(),
                    title: entry.title.get(reply_lang).clone(),
                    score: c.score,
                    question_coverage: c.question_coverage,
                    phrase_coverage: c.phrase_coverage,
                    matched_field: phrase.map(|p| p.field.as_str()),
                    matched_lang: phrase.map(|p| p.lang),
                    matched_text: phrase.and_then(|p| p.text(entry)).map(str::to_string),
                }
            })
            .collect();
        Explanation {
            question: question.to_string(),
            detected_lang,
            reply_lang,
            words,
            decision: match result.decision {
                Decision::Answer => "answer",
                Decision::Suggest => "did you mean",
                Decision::Unknown => "don't know",
            },
            confidence: result.confidence,
            answer_threshold: tuning.answer,
            suggest_threshold: tuning.suggest,
            candidates,
        }
    }

    /// The explanation as plain text, the same on the console and in Telegram.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) -> std::fmt::Result {
        writeln!(out, "Question: {}", self.question)?;
        match self.detected_lang {
            Some(lang) => writeln!(out, "Language: {lang} (from the script)")?,
            None => writeln!(
                out,
                "Language: not told by the script; replying in {}",
                self.reply_lang
            )?,
        }
        let total: f32 = self.words.iter().map(|w| w.weight).sum();
        if self.words.is_empty() {
            writeln!(out, "Words: none left after normalisation and stop words")?;
        } else {
            writeln!(
                out,
                "Words (normalised → stem: matches; share of the question):"
            )?;
        }
        for word in &self.words {
            let matches = if word.matches.is_empty() {
                "not in the vocabulary".to_string()
            } else {
                word.matches
                    .iter()
                    .map(|(term, similarity)| format!("{term} {similarity:.2}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let share = if total > 0.0 {
                word.weight / total
            } else {
                0.0
            };
            writeln!(
                out,
                "  {} → {}: {matches}; {:.0}%",
                word.word,
                word.stem,
                share * 100.0
            )?;
        }
        writeln!(
            out,
            "Decision: {} (confidence {:.2})",
            self.decision, self.confidence
        )?;
        writeln!(
            out,
            "Thresholds: answer ≥ {:.2}; did you mean ≥ {:.2}; below that, don't know",
            self.answer_threshold, self.suggest_threshold
        )?;
        if self.candidates.is_empty() {
            writeln!(out, "Candidates: none")?;
        } else {
            writeln!(
                out,
                "Candidates (score = question covered^share × phrase covered^(1 − share)):"
            )?;
        }
        for (i, c) in self.candidates.iter().enumerate() {
            writeln!(
                out,
                "{}. {} — {}: {:.2} (question {:.2}, phrase {:.2})",
                i + 1,
                c.entry,
                c.title,
                c.score,
                c.question_coverage,
                c.phrase_coverage
            )?;
            match (&c.matched_field, &c.matched_lang, &c.matched_text) {
                (Some(field), Some(lang), Some(text)) => {
                    writeln!(out, "   via {field} ({lang}): {text}")?
                }
                _ => writeln!(
                    out,
                    "   no title, alias or question matched: only its answer or details"
                )?,
            }
        }
        Ok(())
    }
}
