//! Configuration from the environment (and `.env`, read by `main` through dotenvy). Every variable is
//! documented in `.env.example`; this is the only place that reads them.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::knowledge::{self, KnowledgeBase, KnowledgeError};

/// The folder the knowledge base is read from when nothing else is said.
pub const DEFAULT_KNOWLEDGE_DIR: &str = "knowledge";

/// Where the knowledge base comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KnowledgeLocation {
    /// A folder of JSON files, which staff edit and `/reload` re-reads.
    Dir(PathBuf),
    /// The copy compiled into the binary, used when no folder is given and `./knowledge` is absent,
    /// so the binary answers out of the box wherever it runs.
    Embedded,
}

impl KnowledgeLocation {
    /// `--knowledge DIR` or `KNOWLEDGE_DIR` when given (clap folds both into `explicit`); else
    /// `./knowledge` when it exists; else the embedded copy.
    pub fn resolve(explicit: Option<PathBuf>) -> KnowledgeLocation {
        match explicit {
            Some(dir) => KnowledgeLocation::Dir(dir),
            None if Path::new(DEFAULT_KNOWLEDGE_DIR).is_dir() => {
                KnowledgeLocation::Dir(PathBuf::from(DEFAULT_KNOWLEDGE_DIR))
            }
            None => KnowledgeLocation::Embedded,
        }
    }

    /// Reads and validates the knowledge base.
    pub fn load(&self) -> Result<KnowledgeBase, KnowledgeError> {
        match self {
            KnowledgeLocation::Dir(dir) => knowledge::load_dir(dir),
            KnowledgeLocation::Embedded => knowledge::load_embedded(),
        }
    }
}

impl fmt::Display for KnowledgeLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KnowledgeLocation::Dir(dir) => write!(f, "{}", dir.display()),
            KnowledgeLocation::Embedded => f.write_str("the embedded knowledge base"),
        }
    }
}
