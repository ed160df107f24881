//! Measuring the bot against labelled questions: the accuracy test, the calibration and staff checking
//! a change to the knowledge base all count the same way.
//!
//! Two views: [`evaluate`] looks at the matcher alone (is the top entry right, is an unrelated
//! question left alone), [`evaluate_replies`] at the whole reply a user gets (lists, several
//! entries, small talk, the reply's language), per category and language of the labelled set.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::answer::{Answerer, ReplyKind};
use crate::knowledge::KnowledgeBase;
use crate::lang::Lang;
use crate::matcher::{Decision, Matcher};
use crate::smalltalk::SmallTalk;

/// One labelled question: the entries that answer it correctly, or none for an unrelated question.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledQuestion {
    pub q: String,
    pub lang: Lang,
    /// Entries any one of which answers the question on its own.
    pub expect: Vec<String>,
    /// What kind of question it is; sets written before categories were used have none.
    #[serde(default)]
    pub category: Option<Category>,
    /// For lists and questions asking several things: one group per item or part, each holding
    /// the entries that give it. A reply answers such a question when it gives most of the items.
    #[serde(default)]
    pub all_of: Vec<Vec<String>>,
    /// For small talk: which kind it is.
    #[serde(default)]
    pub smalltalk: Option<SmallTalk>,
    /// The labeller's remark, for reading.
    #[serde(default)]
    pub note: Option<String>,
}

/// The kinds of question a labelled set is made of, as written by someone who saw only the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Well-formed questions about the report.
    Plain,
    /// The same with typos in names, content and question words.
    Typo,
    /// Indirect, colloquial or synonym wording; script variants.
    Paraphrase,
    /// Latin-script Russian and Persian; text typed on the wrong keyboard layout.
    Translit,
    /// Asking for what the report does not give: the reply must say so.
    NotInReport,
    /// Overviews and questions asking two or three things at once.
    List,
    /// Not about the programme: must not be answered.
    Unrelated,
    /// Greetings, thanks, goodbyes, "who are you".
    Smalltalk,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 8] = [
        Category::Plain,
        Category::Typo,
        Category::Paraphrase,
        Category::Translit,
        Category::NotInReport,
        Category::List,
        Category::Unrelated,
        Category::Smalltalk,
    ];

    /// The name used in the labelled sets.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Plain => "plain",
            Category::Typo => "typo",
            Category::Paraphrase => "paraphrase",
            Category::Translit => "translit",
            Category::NotInReport => "not_in_report",
            Category::List => "list",
            Category::Unrelated => "unrelated",
            Category::Smalltalk => "smalltalk",
        }
    }

    /// Whether the programme's knowledge should answer it (everything but unrelated and small talk).
    pub fn in_scope(self) -> bool {
        !matches!(self, Category::Unrelated | Category::Smalltalk)
    }
}

/// Why a labelled set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LabelledSetError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {source}")]
    Json {
        path: String,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
}

/// Reads a JSON Lines file of `{"q", "lang", "expect"}` objects (with the optional `category`,
/// `all_of`, `smalltalk` and `note`); blank lines are skipped.
pub fn read_labelled(path: &Path) -> Result<Vec<LabelledQuestion>, LabelledSetError> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LabelledSetError::Io {
        path: display.clone(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|source| LabelledSetError::Json {
                path: display.clone(),
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// How a matcher did on a labelled set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    /// Questions about the programme.
    pub related: usize,
    /// Related questions answered with a correct entry.
    pub answered_correctly: usize,
    /// Related questions not answered but with a correct entry among the suggestions.
    pub suggested_correctly: usize,
    /// Related questions answered with a wrong entry.
    pub answered_wrongly: usize,
    /// Questions not about the programme.
    pub unrelated: usize,
    /// Unrelated questions that got an answer.
    pub unrelated_answered: usize,
    /// Unrelated questions that got "did you mean" suggestions rather than an honest "don't know".
    pub unrelated_suggested: usize,
    /// The questions that went wrong, with what happened, for reading.
    pub failures: Vec<String>,
}

impl Metrics {
    /// Share of related questions answered with a correct entry (top-1 accuracy).
    pub fn accuracy(&self) -> f64 {
        ratio(self.answered_correctly, self.related)
    }

    /// Share of unrelated questions that were answered.
    pub fn unrelated_answer_rate(&self) -> f64 {
        ratio(self.unrelated_answered, self.unrelated)
    }
}

impl std::fmt::Display for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "top-1 {}/{} = {:.1}% (wrong {}, in suggestions {}), unrelated answered {}/{} = {:.1}% (suggested {})",
            self.answered_correctly,
            self.related,
            100.0 * self.accuracy(),
            self.answered_wrongly,
            self.suggested_correctly,
            self.unrelated_answered,
            self.unrelated,
            100.0 * self.unrelated_answer_rate(),
            self.unrelated_suggested
        )
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Runs every question through the matcher and counts the outcomes: the matcher's own view, for the
/// sets whose questions each have one right entry (lists and small talk are the reply's business).
pub fn evaluate(matcher: &Matcher, kb: &KnowledgeBase, questions: &[LabelledQuestion]) -> Metrics {
    let mut metrics = Metrics::default();
    let id = |position: usize| kb.entries()[position].id.as_str();
    for question in questions {
        let result = matcher.find(&question.q);
        let top = result.candidates.first().map(|c| id(c.entry));
        if question.expect.is_empty() {
            metrics.unrelated += 1;
            if result.decision == Decision::Suggest {
                metrics.unrelated_suggested += 1;
            }
            if result.decision == Decision::Answer {
                metrics.unrelated_answered += 1;
                metrics.failures.push(format!(
                    "answered unrelated {:?} with {} ({:.2})",
                    question.q,
                    top.unwrap_or_default(),
                    result.confidence
                ));
            }
            continue;
        }
        metrics.related += 1;
        let expected = |entry: &str| question.expect.iter().any(|e| e == entry);
        match result.decision {
            Decision::Answer if top.is_some_and(expected) => metrics.answered_correctly += 1,
            decision => {
                let suggested = decision == Decision::Suggest
                    && result.suggestions().iter().any(|c| expected(id(c.entry)));
                if decision == Decision::Answer {
                    metrics.answered_wrongly += 1;
                }
                if suggested {
                    metrics.suggested_correctly += 1;
                }
                let got: Vec<String> = result
                    .candidates
                    .iter()
                    .take(3)
                    .map(|c| format!("{} {:.2}", id(c.entry), c.score))
                    .collect();
                metrics.failures.push(format!(
                    "{:?} {:?}: expected {}, got {:?} [{}]",
                    decision,
                    question.q,
                    question.expect.join("|"),
                    got,
                    question.lang
                ));
            }
        }
    }
    metrics
}

/// What a user got for a question, reduced to what the labels can judge.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The entries the reply answers with, first the main one (empty for no answer).
    pub answered: Vec<String>,
    /// The entries offered as suggestions.
    pub suggested: Vec<String>,
    pub smalltalk: Option<SmallTalk>,
    /// A detail the reply says the report does not give.
    pub unsaid: Option<crate::answer::Unsaid>,
    pub lang: Lang,
}

impl Outcome {
    /// What `answerer` replies to `question` (in English when the question does not tell).
    pub fn of(answerer: &Answerer, question: &str) -> Outcome {
        let reply = answerer.reply(question, None, Lang::En);
        let mut outcome = Outcome {
            answered: Vec::new(),
            suggested: Vec::new(),
            smalltalk: None,
            unsaid: reply.unsaid,
            lang: reply.lang,
        };
        match &reply.kind {
            ReplyKind::Answer { entry, .. } => outcome.answered.push(entry.id.clone()),
            ReplyKind::Several(parts) => {
                outcome.answered = parts.iter().map(|p| p.entry.id.clone()).collect()
            }
            ReplyKind::List(list) => {
                outcome.answered = list.items.iter().map(|e| e.id.clone()).collect()
            }
            ReplyKind::Suggestions(entries) | ReplyKind::InProgramme(entries) => {
                outcome.suggested = entries.iter().map(|e| e.id.clone()).collect()
            }
            ReplyKind::SmallTalk(kind) => outcome.smalltalk = Some(*kind),
            ReplyKind::Unknown => {}
        }
        outcome
    }

    /// Whether this outcome is a right reply to `question`.
    pub fn is_right_for(&self, question: &LabelledQuestion) -> bool {
        let category = question.category.unwrap_or(if question.expect.is_empty() {
            Category::Unrelated
        } else {
            Category::Plain
        });
        let first_expected = self
            .answered
            .first()
            .is_some_and(|top| question.expect.contains(top));
        match category {
            Category::Smalltalk => {
                self.answered.is_empty()
                    && self.smalltalk.is_some()
                    && question
                        .smalltalk
                        .is_none_or(|kind| self.smalltalk == Some(kind))
            }
            Category::Unrelated => self.answered.is_empty(),
            // Nothing in the knowledge base says the report is silent on it: an honest "don't
            // know" is the right reply, or an answer that says first the report does not give
            // the detail asked for.
            Category::NotInReport if question.expect.is_empty() => {
                self.answered.is_empty() || (self.unsaid.is_some() && self.lang == question.lang)
            }
            Category::List => {
                let language = self.lang == question.lang;
                let groups = &question.all_of;
                let given = groups
                    .iter()
                    .filter(|group| group.iter().any(|id| self.answered.contains(id)))
                    .count();
                language
                    && (first_expected
                        || (!groups.is_empty() && given as f64 >= 0.8 * groups.len() as f64))
            }
            _ => first_expected && self.lang == question.lang,
        }
    }
}

/// Right replies out of questions, for one slice of a labelled set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub right: usize,
    pub total: usize,
}

impl Tally {
    /// The share right, 0 for an empty slice.
    pub fn rate(&self) -> f64 {
        ratio(self.right, self.total)
    }

    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{} = {:.1}%",
            self.right,
            self.total,
            100.0 * self.rate()
        )
    }
}

/// How the whole bot did on a labelled set, per category and language.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub by_category: BTreeMap<Category, Tally>,
    pub by_lang: BTreeMap<Lang, Tally>,
    /// In-scope questions (every category but unrelated and small talk).
    pub in_scope: Tally,
    /// Unrelated questions that were answered (as `right` of all unrelated).
    pub unrelated_answered: Tally,
    /// The questions that went wrong, with what they got, for reading.
    pub failures: Vec<String>,
}

impl Report {
    /// The tally of one category (empty if the set has none).
    pub fn category(&self, category: Category) -> Tally {
        self.by_category.get(&category).copied().unwrap_or_default()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "in scope {}", self.in_scope)?;
        writeln!(f, "unrelated answered {}", self.unrelated_answered)?;
        for (category, tally) in &self.by_category {
            writeln!(f, "  {:<14} {tally}", category.as_str())?;
        }
        for (lang, tally) in &self.by_lang {
            writeln!(f, "  {lang:<14} {tally}")?;
        }
        Ok(())
    }
}

/// Runs every question through the answerer as a user would ask it and judges each reply.
pub fn evaluate_replies(answerer: &Answerer, questions: &[LabelledQuestion]) -> Report {
    let mut report = Report::default();
    for question in questions {
        let outcome = Outcome::of(answerer, &question.q);
        let right = outcome.is_right_for(question);
        let category = question.category.unwrap_or(if question.expect.is_empty() {
            Category::Unrelated
        } else {
            Category::Plain
        });
        report.by_category.entry(category).or_default().add(right);
        report.by_lang.entry(question.lang).or_default().add(right);
        if category.in_scope() {
            report.in_scope.add(right);
        }
        if category == Category::Unrelated {
            report.unrelated_answered.add(!outcome.answered.is_empty());
        }
        if !right {
            report.failures.push(format!(
                "[{} {}] {:?}: expected {} {}, got answer {:?} suggestions {:?} smalltalk {:?} in {}",
                category.as_str(),
                question.lang,
                question.q,
                question.expect.join("|"),
                if question.all_of.is_empty() {
                    String::new()
                } else {
                    format!("all of {:?}", question.all_of)
                },
                outcome.answered,
                outcome.suggested,
                outcome.smalltalk,
                outcome.lang,
            ));
        }
    }
    report
}
