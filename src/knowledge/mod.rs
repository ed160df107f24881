//! The curated knowledge base: its schema, loading and validation. It knows nothing of Telegram or of
//! matching; it only guarantees that what the bot says is complete, translated and sourced.

mod load;
mod model;
mod problem;
mod synonyms;

pub use load::{
    KnowledgeFile, SOURCES_FILE, embedded_files, load_dir, load_embedded, load_files,
    read_dir_files,
};
pub use model::*;
pub use problem::{KnowledgeError, Location, Problem, Problems};
pub use synonyms::SYNONYMS_FILE;
