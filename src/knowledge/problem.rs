//! Validation problems: each one names the file and, where it can, the line, column or entry, so a
//! curator can go straight to the mistake.

use std::fmt;

/// Where in a knowledge file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (missing, unreadable, unexpected).
    File,
    /// A position from the JSON parser.
    Position { line: usize, column: usize },
    /// A line, for records that have no id (the thesaurus's groups and references).
    Line { line: usize },
    /// An entry, with the line its `"id"` is on (or the line of the field at fault, such as a
    /// quote) when it can be found.
    Record { id: String, line: Option<usize> },
    /// A record of `sources.json`, with the line its `"id"` is on when it can be found.
    Source { id: String, line: Option<usize> },
}

/// One thing wrong with the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (`knowledge/meetings.json`), or the embedded copy's name.
    pub file: String,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::File => write!(f, "{}: {}", self.file, self.message),
            Location::Position { line, column } => {
                write!(f, "{}:{}:{}: {}", self.file, line, column, self.message)
            }
            Location::Line { line } => write!(f, "{}:{}: {}", self.file, line, self.message),
            Location::Record {
                id,
                line: Some(line),
            } => {
                write!(
                    f,
                    "{}:{}: entry `{}`: {}",
                    self.file, line, id, self.message
                )
            }
            Location::Record { id, line: None } => {
                write!(f, "{}: entry `{}`: {}", self.file, id, self.message)
            }
            Location::Source {
                id,
                line: Some(line),
            } => write!(f, "{}:{line}: source `{id}`: {}", self.file, self.message),
            Location::Source { id, line: None } => {
                write!(f, "{}: source `{id}`: {}", self.file, self.message)
            }
        }
    }
}

/// Every problem found in one pass, so `check` can report them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    pub(crate) fn push(&mut self, file: &str, location: Location, message: impl Into<String>) {
        self.0.push(Problem {
            file: file.to_string(),
            location,
            message: message.into(),
        });
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "the knowledge base has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.0 {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

/// Why a knowledge base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("cannot read the knowledge folder {path}: {source}")]
    Unreadable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Problems),
}
