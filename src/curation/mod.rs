//! Curation: what staff do about the questions the bot could not answer, Telegram-free. The misses
//! and offers logged while answering, grouped for review ([`review`]); the questions staff attach to
//! entries (learned questions) and what they undo ([`store`]); and `export-learned`, which writes the
//! learned questions into the knowledge files ([`export`]). The bot's staff commands
//! (`bot::staff::curation`) and the command line (`coop-bot why`, `export-learned`) sit on top.

pub mod export;
pub mod review;
pub mod store;

pub use export::{Additions, ExportError, FileExport, FolderExport, add_learned, export_to_folder};
pub use review::{MissGroup, group_misses};
pub use store::{Curation, LearnedQuestion, Miss, MissReason};
