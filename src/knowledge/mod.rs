//! The curated knowledge base: its schema, loading and validation, and the source documents every
//! quote is checked against. It knows nothing of Telegram or of matching; it only guarantees that
//! what the bot says is complete, translated and sourced verbatim.

mod coverage;
mod entries;
pub(crate) mod json_text;
mod lines;
mod load;
mod loader;
mod model;
mod problem;
mod quotes;
mod references;
mod skeleton;
mod source_records;
mod source_text;
mod synonyms;

pub use coverage::{CitedPassage, Coverage, UncitedParagraph};
pub use load::{
    Checked, KnowledgeFile, SOURCES_DIR, SOURCES_FILE, check_dir, check_embedded, check_files,
    embedded_files, load_dir, load_embedded, load_files, read_dir_files,
};
pub use model::*;
pub use problem::{KnowledgeError, Location, Problem, Problems};
pub use skeleton::{NewEntry, SkeletonError, new_entry, skeleton};
pub use source_text::{Closest, Paragraph, SourceText, sentences};
pub use synonyms::SYNONYMS_FILE;
