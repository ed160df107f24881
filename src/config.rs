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

/// Where the bot keeps its database when `DATABASE_PATH` is not set.
pub const DEFAULT_DATABASE_PATH: &str = "data/coop-bot.sqlite";

/// What `serve` needs beyond the knowledge base, read from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotConfig {
    /// SQLite file (`DATABASE_PATH`); its folder is created on start.
    pub database_path: PathBuf,
    /// `TELOXIDE_API_URL`, when the bot talks to a Bot API server other than Telegram's.
    pub api_url: Option<String>,
    /// Telegram user ids allowed to use staff commands (`STAFF_IDS`, comma-separated).
    pub staff_ids: Vec<u64>,
    /// Broadcast messages per second overall (`BROADCAST_RATE`).
    pub broadcast_rate: u32,
}

/// Broadcast messages per second when `BROADCAST_RATE` is not set: under Telegram's ~30/s, leaving
/// room for answers.
pub const DEFAULT_BROADCAST_RATE: u32 = 25;

/// A setting that makes `serve` impossible, said in one line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "TELOXIDE_TOKEN is not set: put the bot token from @BotFather in the environment or in .env (see .env.example)"
    )]
    MissingToken,
    #[error("TELOXIDE_API_URL `{value}` is not a valid URL: {reason}")]
    InvalidApiUrl { value: String, reason: String },
    #[error("STAFF_IDS must be Telegram user ids separated by commas; `{0}` is not one")]
    InvalidStaffId(String),
    #[error(
        "BROADCAST_RATE must be a whole number of messages per second from 1 to 1000, not `{0}`"
    )]
    InvalidBroadcastRate(String),
}

/// Parses `STAFF_IDS`: user ids separated by commas (spaces allowed, empty items ignored).
pub fn parse_staff_ids(text: &str) -> Result<Vec<u64>, ConfigError> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<u64>()
                .map_err(|_| ConfigError::InvalidStaffId(item.to_string()))
        })
        .collect()
}

impl BotConfig {
    /// Reads and checks the bot's settings. The token itself stays in the environment, where
    /// teloxide's `Bot::from_env` reads it; checking here first turns its panics into messages.
    pub fn from_env() -> Result<BotConfig, ConfigError> {
        let token = std::env::var("TELOXIDE_TOKEN").unwrap_or_default();
        if token.trim().is_empty() {
            return Err(ConfigError::MissingToken);
        }
        let api_url = match std::env::var("TELOXIDE_API_URL") {
            Ok(value) if !value.trim().is_empty() => {
                let parsed = url::Url::parse(value.trim_end_matches('/')).map_err(|err| {
                    ConfigError::InvalidApiUrl {
                        value: value.clone(),
                        reason: err.to_string(),
                    }
                })?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(ConfigError::InvalidApiUrl {
                        value,
                        reason: "expected http:// or https://".into(),
                    });
                }
                Some(value)
            }
            _ => None,
        };
        let database_path = std::env::var("DATABASE_PATH")
            .ok()
            .filter(|p| !p.trim().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATABASE_PATH));
        let staff_ids = parse_staff_ids(&std::env::var("STAFF_IDS").unwrap_or_default())?;
        let broadcast_rate = match std::env::var("BROADCAST_RATE") {
            Ok(value) if !value.trim().is_empty() => value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|rate| (1..=1000).contains(rate))
                .ok_or(ConfigError::InvalidBroadcastRate(value))?,
            _ => DEFAULT_BROADCAST_RATE,
        };
        Ok(BotConfig {
            database_path,
            api_url,
            staff_ids,
            broadcast_rate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_ids_are_comma_separated_user_ids() {
        assert_eq!(parse_staff_ids(" 12, 345 ,,").expect("ids"), vec![12, 345]);
        assert_eq!(parse_staff_ids("").expect("none"), Vec::<u64>::new());
        assert!(
            matches!(parse_staff_ids("12,@admin"), Err(ConfigError::InvalidStaffId(id)) if id == "@admin")
        );
    }
}
