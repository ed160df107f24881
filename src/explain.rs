//! Why a question got the reply it got: how the text was read (as written, on another keyboard
//! layout, as Latin-script Russian or Persian, and which other readings were tried), the words as
//! the matcher understood them (with typos, synonyms, reductions and misspelt stop words), the
//! evidence the decision weighed and where its thresholds lie, the top candidates with the phrase
//! that matched each, and what kind of reply came of it. Staff see it with `/why` and `coop-bot
//! why`, so a wrong answer can be fixed where it went wrong.

use std::fmt::Write;

use serde::Serialize;

use crate::answer::{Answerer, ReplyKind, Unsaid};
use crate::lang::Lang;
use crate::matcher::{Evidence, Via};

/// A question's explanation, ready to print or serialise.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub question: String,
    /// The reading the decision is about: `as_written`, or a rewrite.
    pub reading: &'static str,
    /// The text as read, when a rewrite changed it.
    pub rewritten_text: Option<String>,
    /// The other readings tried, with their confidence.
    pub other_readings: Vec<(&'static str, f32)>,
    /// The language read from the question's script; `None` when it has no letters to tell.
    pub detected_lang: Option<Lang>,
    /// The language the reply would be in.
    pub reply_lang: Lang,
    pub words: Vec<WordExplanation>,
    /// Words read as misspelt stop words, with the stop word each was taken for.
    pub function_words: Vec<(String, String)>,
    pub decision: &'static str,
    pub confidence: f32,
    pub evidence: Evidence,
    /// The decision model's version, thresholds included.
    pub model_version: u32,
    pub answer_threshold: f32,
    pub suggest_threshold: f32,
    /// A general-knowledge question about a topic the programme only touches: at most suggested.
    pub general: bool,
    /// A reported-speech question whose speaker's entry is first.
    pub speaker_first: bool,
    /// A question asking which thing of a kind whose entry of that kind was put first.
    pub kind_first: bool,
    /// A detail the question asks for that the answer does not give, said before it.
    pub unsaid: Option<Unsaid>,
    /// What the user gets: `answer`, `several`, `list`, `suggestions`, `in_programme`,
    /// `smalltalk` or `unknown`.
    pub reply: &'static str,
    /// The entries the reply answers with, for lists and several entries.
    pub reply_entries: Vec<String>,
    pub candidates: Vec<CandidateExplanation>,
}

/// One content word of the question.
#[derive(Debug, Clone, Serialize)]
pub struct WordExplanation {
    /// The word after normalisation.
    pub word: String,
    pub stem: String,
    /// The vocabulary terms it matched, with similarity (1 exact, less for a typo) and how.
    pub matches: Vec<(String, f32, Via)>,
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
    /// Explains how `answerer` would treat `question`, replying in `fallback` when neither the
    /// reading nor the script tells the language.
    pub fn new(answerer: &Answerer, question: &str, fallback: Lang) -> Explanation {
        let detected_lang = Lang::detect(question);
        let reply = answerer.reply(question, None, fallback);
        let reply_lang = reply.lang;
        let result = &reply.result;
        let matcher = answerer.matcher();
        let index = matcher.index();
        let kb = answerer.knowledge();
        let model = matcher.model();
        let words = result
            .terms
            .iter()
            .map(|term| WordExplanation {
                word: term.token.word.clone(),
                stem: term.token.stem.clone(),
                matches: term
                    .matches
                    .iter()
                    .map(|m| (index.term_text(m.term).to_string(), m.similarity, m.via))
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
        let reply_kind = match &reply.kind {
            ReplyKind::Answer { .. } => "answer",
            ReplyKind::Several(_) => "several",
            ReplyKind::List(_) => "list",
            ReplyKind::Suggestions(_) => "suggestions",
            ReplyKind::InProgramme(_) => "in_programme",
            ReplyKind::SmallTalk(_) => "smalltalk",
            ReplyKind::Unknown => "unknown",
        };
        Explanation {
            question: question.to_string(),
            reading: result.rewrite.as_str(),
            rewritten_text: result.rewritten_text.clone(),
            other_readings: result
                .other_readings
                .iter()
                .map(|(r, c)| (r.as_str(), *c))
                .collect(),
            detected_lang,
            reply_lang,
            words,
            function_words: result
                .function_words
                .iter()
                .map(|f| (f.word.clone(), f.read_as.clone()))
                .collect(),
            decision: result.decision.as_str(),
            confidence: result.confidence,
            evidence: result.evidence,
            model_version: model.version,
            answer_threshold: model.answer,
            suggest_threshold: model.suggest,
            general: result.general,
            speaker_first: result.speaker_first,
            kind_first: result.kind_first,
            unsaid: reply.unsaid,
            reply: reply_kind,
            reply_entries: reply.entries().iter().map(|e| e.id.clone()).collect(),
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
        match &self.rewritten_text {
            Some(text) => writeln!(out, "Reading: {} → {text}", describe(self.reading))?,
            None => writeln!(out, "Reading: {}", describe(self.reading))?,
        }
        for (reading, confidence) in &self.other_readings {
            writeln!(
                out,
                "  also tried: {} (confidence {confidence:.2})",
                describe(reading)
            )?;
        }
        match self.detected_lang {
            Some(lang) if lang == self.reply_lang => {
                writeln!(out, "Language: {lang} (from the script)")?
            }
            Some(lang) => writeln!(
                out,
                "Language: {} (from the reading; the script says {lang})",
                self.reply_lang
            )?,
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
                    .map(|(term, similarity, via)| match via {
                        Via::Exact => format!("{term} {similarity:.2}"),
                        other => format!("{term} {similarity:.2} ({})", via_name(*other)),
                    })
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
        for (word, stop) in &self.function_words {
            writeln!(
                out,
                "  {word}: read as the stop word “{stop}”, weighs nothing"
            )?;
        }
        writeln!(
            out,
            "Decision: {} (confidence {:.2}, decision model v{})",
            self.decision, self.confidence, self.model_version
        )?;
        let e = &self.evidence;
        writeln!(
            out,
            "Evidence: score {:.2}, question covered {:.2}, phrase covered {:.2}, margin {:.2}, unmatched {:.0}%, rarest word {}, loose matches {:.0}%",
            e.score,
            e.question_coverage,
            e.phrase_coverage,
            e.margin,
            e.unmatched * 100.0,
            if e.heaviest_covered > 0.0 {
                "covered"
            } else {
                "not covered"
            },
            e.loose * 100.0
        )?;
        writeln!(
            out,
            "Thresholds: answer ≥ {:.2}; did you mean ≥ {:.2}; below that, don't know",
            self.answer_threshold, self.suggest_threshold
        )?;
        if self.general {
            writeln!(
                out,
                "General question: a definition or identity the report does not give; offered, never answered"
            )?;
        }
        if self.speaker_first {
            writeln!(out, "Reported speech: the speaker's entry goes first")?;
        }
        if self.kind_first {
            writeln!(
                out,
                "Asks which of a kind (\"which fair\", \"что за бумагу\"): the linked entry of that kind goes first"
            )?;
        }
        if let Some(detail) = self.unsaid {
            writeln!(
                out,
                "Asks for a detail the answer does not give ({}): the reply says the report does not give it",
                detail.as_str()
            )?;
        }
        match self.reply {
            "answer" | "suggestions" | "unknown" => {}
            kind => writeln!(
                out,
                "Reply: {kind} {}",
                if self.reply_entries.is_empty() {
                    String::new()
                } else {
                    format!("({})", self.reply_entries.join(", "))
                }
            )?,
        }
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

/// A reading's name as staff read it.
fn describe(reading: &str) -> &'static str {
    crate::matcher::Rewrite::describe_name(reading)
}

fn via_name(via: Via) -> &'static str {
    match via {
        Via::Exact => "exact",
        Via::Typo => "typo",
        Via::Reduced => "spoken form",
        Via::Compound => "compound",
        Via::Synonym => "thesaurus",
        Via::Translit => "transliteration",
    }
}
