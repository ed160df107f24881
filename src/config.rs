//! Configuration: every setting, where it comes from and its default, in one place. clap reads each
//! from its command-line option or, failing that, its environment variable (`.env` included, loaded
//! by `main` through dotenvy; each is documented in `.env.example`); [`Settings`] checks what
//! `serve` needs and says what is wrong in one line. Nothing else reads the environment.

use std::fmt;
use std::path::{Path, PathBuf};

use url::Url;

use crate::broadcast::Zone;
use crate::handoff::{HandoffRules, ReplyTime};
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
        self.check().result
    }

    /// Reads and validates the knowledge base, keeping the warnings `check` shows.
    pub fn check(&self) -> knowledge::Checked {
        match self {
            KnowledgeLocation::Dir(dir) => knowledge::check_dir(dir),
            KnowledgeLocation::Embedded => knowledge::check_embedded(),
        }
    }

    /// [`load`](Self::load) for a command that needs the knowledge base to start: its error lists
    /// every problem and says what to run after fixing them.
    pub fn load_to_serve(&self) -> Result<KnowledgeBase, UnusableKnowledge> {
        self.load().map_err(UnusableKnowledge)
    }
}

/// A knowledge base that cannot be served, said for the person about to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{0}{hint}", hint = next_step(.0))]
pub struct UnusableKnowledge(pub KnowledgeError);

/// After the list of problems, what to do about them.
fn next_step(err: &KnowledgeError) -> &'static str {
    match err {
        KnowledgeError::Invalid(_) => "run `coop-bot check` after fixing them",
        KnowledgeError::Unreadable { .. } => "",
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

/// Broadcast messages per second when `BROADCAST_RATE` is not set: under Telegram's ~30/s, leaving
/// room for answers.
pub const DEFAULT_BROADCAST_RATE: u32 = 25;

/// New tickets per user per hour when `HANDOFF_PER_HOUR` is not set.
pub const DEFAULT_HANDOFF_PER_HOUR: u32 = 3;

/// Days a closed ticket's texts are kept when `TICKET_RETENTION_DAYS` is not set.
pub const DEFAULT_TICKET_RETENTION_DAYS: u32 = 90;
/// Requests per second for the whole bot when `TELEGRAM_RATE` is not set: Telegram's documented
/// ~30 messages per second.
pub const DEFAULT_TELEGRAM_RATE: u32 = 30;

/// The bot's database, for `serve` and for the commands that read it (`why`, `export-learned`).
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct DatabaseArg {
    /// The bot's SQLite database
    #[arg(
        long = "database",
        env = "DATABASE_PATH",
        value_name = "PATH",
        default_value = DEFAULT_DATABASE_PATH
    )]
    database: std::ffi::OsString,
}

impl DatabaseArg {
    /// The database file; an empty `DATABASE_PATH` means the default.
    pub fn path(&self) -> PathBuf {
        if self.database.is_empty() {
            PathBuf::from(DEFAULT_DATABASE_PATH)
        } else {
            PathBuf::from(&self.database)
        }
    }
}

/// What `serve` reads, as given; [`Settings::new`] checks it.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The bot token from @BotFather (read from TELOXIDE_TOKEN; an option only for completeness)
    #[arg(long, env = "TELOXIDE_TOKEN", hide = true)]
    token: Option<String>,
    /// A Bot API server other than Telegram's.
    #[arg(
        long,
        env = "TELOXIDE_API_URL",
        value_name = "URL",
        help = "A Bot API server other than Telegram's [default: https://api.telegram.org]"
    )]
    api_url: Option<String>,
    /// An HTTP(S) proxy for reaching the Bot API
    #[arg(long, env = "TELOXIDE_PROXY", value_name = "URL")]
    proxy: Option<String>,
    /// Telegram user ids of programme staff, comma-separated [default: nobody]
    #[arg(long, env = "STAFF_IDS", value_name = "IDS")]
    staff_ids: Option<String>,
    /// Broadcast messages per second overall, at most TELEGRAM_RATE [default: 25]
    #[arg(long, env = "BROADCAST_RATE", value_name = "N")]
    broadcast_rate: Option<String>,
    /// The staff group or supergroup questions for staff go to [default: none, no handoff]
    #[arg(long, env = "STAFF_CHAT_ID", value_name = "CHAT_ID")]
    staff_chat_id: Option<String>,
    /// When staff usually reply, told to users: N hours, N days or N working days [default: 2 working days]
    #[arg(long, env = "STAFF_REPLY_TIME", value_name = "TIME")]
    staff_reply_time: Option<String>,
    /// New questions to staff one user may send per hour [default: 3]
    #[arg(long, env = "HANDOFF_PER_HOUR", value_name = "N")]
    handoff_per_hour: Option<String>,
    /// Days after closing when a ticket's texts are deleted [default: 90]
    #[arg(long, env = "TICKET_RETENTION_DAYS", value_name = "DAYS")]
    ticket_retention_days: Option<String>,
    /// Messages per second for the whole bot, replies and broadcasts together [default: 30]
    #[arg(long, env = "TELEGRAM_RATE", value_name = "N")]
    telegram_rate: Option<String>,
    #[command(flatten)]
    database: DatabaseArg,
    /// The time zone of `/broadcast at …` times, an IANA name such as Asia/Tehran [default: UTC]
    #[arg(long, env = "BROADCAST_TZ", value_name = "ZONE")]
    broadcast_tz: Option<String>,
}

/// Where questions for staff go and what users are told about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandoffSettings {
    /// The staff group (`STAFF_CHAT_ID`); `None` turns the handoff off.
    pub staff_chat: Option<i64>,
    /// When staff usually reply (`STAFF_REPLY_TIME`).
    pub reply_time: ReplyTime,
    /// The per-user limit and the retention.
    pub rules: HandoffRules,
}

impl Default for HandoffSettings {
    fn default() -> HandoffSettings {
        HandoffSettings {
            staff_chat: None,
            reply_time: ReplyTime::default(),
            rules: HandoffRules {
                per_hour: DEFAULT_HANDOFF_PER_HOUR,
                retention_days: DEFAULT_TICKET_RETENTION_DAYS,
            },
        }
    }
}

/// Everything the bot needs to run, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The bot token.
    pub token: Token,
    /// `TELOXIDE_API_URL`, when the bot talks to a Bot API server other than Telegram's.
    pub api_url: Option<Url>,
    /// `TELOXIDE_PROXY`, when the Bot API is reached through a proxy.
    pub proxy: Option<Url>,
    /// SQLite file (`DATABASE_PATH`); its folder is created on start.
    pub database_path: PathBuf,
    /// Telegram user ids allowed to use staff commands (`STAFF_IDS`).
    pub staff_ids: Vec<u64>,
    /// Broadcast messages per second overall (`BROADCAST_RATE`), at most `telegram_rate`.
    pub broadcast_rate: u32,
    /// Requests per second for the whole bot (`TELEGRAM_RATE`), replies and broadcasts together.
    pub telegram_rate: u32,
    /// Where the knowledge base is read from (and re-read by `/reload`).
    pub knowledge: KnowledgeLocation,
    /// The time zone staff schedule broadcasts in (`BROADCAST_TZ`).
    pub broadcast_zone: Zone,
    /// The handoff to programme staff.
    pub handoff: HandoffSettings,
}

/// A bot token, kept out of `Debug` output and logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(pub String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// A setting that makes `serve` impossible, said in one line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "TELOXIDE_TOKEN is not set: put the bot token from @BotFather in the environment or in .env (see .env.example)"
    )]
    MissingToken,
    #[error("{name} `{value}` is not a valid URL: {reason}")]
    InvalidUrl {
        name: &'static str,
        value: String,
        reason: String,
    },
    #[error("STAFF_IDS must be Telegram user ids separated by commas; `{0}` is not one")]
    InvalidStaffId(String),
    #[error(
        "BROADCAST_RATE must be a whole number of messages per second from 1 to 1000, not `{0}`"
    )]
    InvalidBroadcastRate(String),
    #[error("BROADCAST_TZ: {0}")]
    InvalidBroadcastZone(#[from] crate::broadcast::UnknownZone),
    #[error("STAFF_CHAT_ID must be the id of a group or supergroup (a negative number), not `{0}`")]
    InvalidStaffChat(String),
    #[error(
        "STAFF_REPLY_TIME must be a number of hours, days or working days, such as `2 working days`, not `{0}`"
    )]
    InvalidReplyTime(String),
    #[error("{name} must be a whole number from 1 to {max}, not `{value}`")]
    InvalidNumber {
        name: &'static str,
        max: u32,
        value: String,
    },
    #[error(
        "TELEGRAM_RATE must be a whole number of messages per second from 1 to 1000, not `{0}`"
    )]
    InvalidTelegramRate(String),
    #[error(
        "BROADCAST_RATE ({broadcast}) is more than TELEGRAM_RATE ({telegram}): broadcasts are a share of the bot's overall rate; lower BROADCAST_RATE or raise TELEGRAM_RATE"
    )]
    BroadcastAboveTelegramRate { broadcast: u32, telegram: u32 },
}

impl Settings {
    /// Checks what `serve` was given; an unset or empty value takes its default.
    pub fn new(args: ServeArgs, knowledge: KnowledgeLocation) -> Result<Settings, ConfigError> {
        let given = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
        let token = given(args.token).ok_or(ConfigError::MissingToken)?;
        let rate =
            |value: Option<String>, default: u32, invalid: fn(String) -> ConfigError| match given(
                value,
            ) {
                Some(value) => value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|rate| (1..=1000).contains(rate))
                    .ok_or_else(|| invalid(value)),
                None => Ok(default),
            };
        let broadcast_rate = rate(
            args.broadcast_rate,
            DEFAULT_BROADCAST_RATE,
            ConfigError::InvalidBroadcastRate,
        )?;
        let telegram_rate = rate(
            args.telegram_rate,
            DEFAULT_TELEGRAM_RATE,
            ConfigError::InvalidTelegramRate,
        )?;
        if broadcast_rate > telegram_rate {
            return Err(ConfigError::BroadcastAboveTelegramRate {
                broadcast: broadcast_rate,
                telegram: telegram_rate,
            });
        }
        let number = |name, value: Option<String>, max, default| match given(value) {
            Some(value) => value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or(ConfigError::InvalidNumber { name, max, value }),
            None => Ok(default),
        };
        let handoff = HandoffSettings {
            staff_chat: given(args.staff_chat_id)
                .map(|value| {
                    value
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|id| *id < 0)
                        .ok_or(ConfigError::InvalidStaffChat(value))
                })
                .transpose()?,
            reply_time: given(args.staff_reply_time)
                .map(|value| {
                    value
                        .parse()
                        .map_err(|_| ConfigError::InvalidReplyTime(value))
                })
                .transpose()?
                .unwrap_or_default(),
            rules: HandoffRules {
                per_hour: number(
                    "HANDOFF_PER_HOUR",
                    args.handoff_per_hour,
                    1000,
                    DEFAULT_HANDOFF_PER_HOUR,
                )?,
                retention_days: number(
                    "TICKET_RETENTION_DAYS",
                    args.ticket_retention_days,
                    36_500,
                    DEFAULT_TICKET_RETENTION_DAYS,
                )?,
            },
        };
        Ok(Settings {
            handoff,
            token: Token(token.trim().to_string()),
            api_url: given(args.api_url)
                .map(|url| http_url("TELOXIDE_API_URL", url))
                .transpose()?,
            proxy: given(args.proxy)
                .map(|url| http_url("TELOXIDE_PROXY", url))
                .transpose()?,
            database_path: args.database.path(),
            staff_ids: parse_staff_ids(&args.staff_ids.unwrap_or_default())?,
            broadcast_rate,
            telegram_rate,
            knowledge,
            broadcast_zone: given(args.broadcast_tz)
                .map(|name| Zone::named(&name))
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

/// An http:// or https:// URL, without a trailing slash.
fn http_url(name: &'static str, value: String) -> Result<Url, ConfigError> {
    let invalid = |reason: String| ConfigError::InvalidUrl {
        name,
        value: value.clone(),
        reason,
    };
    let url =
        Url::parse(value.trim().trim_end_matches('/')).map_err(|err| invalid(err.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("expected http:// or https://".into()));
    }
    Ok(url)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> ServeArgs {
        #[derive(clap::Parser)]
        struct Serve {
            #[command(flatten)]
            args: ServeArgs,
        }
        let mut argv = vec!["serve".to_string()];
        for (option, value) in pairs {
            argv.push(format!("--{option}={value}"));
        }
        <Serve as clap::Parser>::parse_from(argv).args
    }

    #[test]
    fn a_missing_or_empty_token_is_said_in_one_line() {
        // Explicit values, so that a TELOXIDE_TOKEN in the environment does not count.
        for token in ["", " "] {
            let refused = Settings::new(args(&[("token", token)]), KnowledgeLocation::Embedded);
            assert!(
                matches!(refused, Err(ConfigError::MissingToken)),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn empty_settings_take_their_defaults() {
        let empty = [
            ("token", "1:A"),
            ("api-url", ""),
            ("proxy", ""),
            ("staff-ids", ""),
            ("broadcast-rate", ""),
            ("telegram-rate", ""),
            ("database", ""),
            ("staff-chat-id", ""),
            ("staff-reply-time", ""),
            ("handoff-per-hour", ""),
            ("ticket-retention-days", ""),
        ];
        let settings = Settings::new(args(&empty), KnowledgeLocation::Embedded).expect("settings");
        assert_eq!(settings.broadcast_rate, DEFAULT_BROADCAST_RATE);
        assert_eq!(settings.telegram_rate, DEFAULT_TELEGRAM_RATE);
        assert_eq!(settings.database_path, PathBuf::from(DEFAULT_DATABASE_PATH));
        assert_eq!((settings.api_url, settings.proxy), (None, None));
        assert!(settings.staff_ids.is_empty());
        assert_eq!(settings.handoff, HandoffSettings::default());
    }

    #[test]
    fn handoff_settings_are_read_and_checked() {
        let settings = Settings::new(
            args(&[
                ("token", "1:A"),
                ("staff-chat-id", "-1001234"),
                ("staff-reply-time", "24 hours"),
                ("handoff-per-hour", "5"),
                ("ticket-retention-days", "30"),
            ]),
            KnowledgeLocation::Embedded,
        )
        .expect("settings");
        assert_eq!(settings.handoff.staff_chat, Some(-1_001_234));
        assert_eq!(settings.handoff.reply_time, ReplyTime::Hours(24));
        assert_eq!(settings.handoff.rules.per_hour, 5);
        assert_eq!(settings.handoff.rules.retention_days, 30);
        let private = Settings::new(
            args(&[("token", "1:A"), ("staff-chat-id", "12345")]),
            KnowledgeLocation::Embedded,
        );
        assert!(matches!(private, Err(ConfigError::InvalidStaffChat(v)) if v == "12345"));
        let limit = Settings::new(
            args(&[("token", "1:A"), ("handoff-per-hour", "0")]),
            KnowledgeLocation::Embedded,
        );
        assert!(matches!(
            limit,
            Err(ConfigError::InvalidNumber {
                name: "HANDOFF_PER_HOUR",
                ..
            })
        ));
    }

    #[test]
    fn a_bad_rate_or_url_is_refused_with_its_value() {
        let rate = Settings::new(
            args(&[("token", "1:A"), ("broadcast-rate", "5000")]),
            KnowledgeLocation::Embedded,
        );
        assert!(matches!(rate, Err(ConfigError::InvalidBroadcastRate(v)) if v == "5000"));
        let url = Settings::new(
            args(&[("token", "1:A"), ("api-url", "ftp://example.org")]),
            KnowledgeLocation::Embedded,
        );
        assert!(
            matches!(
                &url,
                Err(ConfigError::InvalidUrl {
                    name: "TELOXIDE_API_URL",
                    ..
                })
            ),
            "{url:?}"
        );
    }

    #[test]
    fn a_broadcast_rate_above_the_telegram_rate_is_refused_saying_both() {
        let refused = Settings::new(
            args(&[
                ("token", "1:A"),
                ("broadcast-rate", "40"),
                ("telegram-rate", "30"),
            ]),
            KnowledgeLocation::Embedded,
        );
        let err = refused.expect_err("refused");
        assert!(matches!(
            err,
            ConfigError::BroadcastAboveTelegramRate {
                broadcast: 40,
                telegram: 30
            }
        ));
        let said = err.to_string();
        assert!(said.contains("BROADCAST_RATE (40)") && said.contains("TELEGRAM_RATE (30)"));
        let equal = Settings::new(
            args(&[
                ("token", "1:A"),
                ("broadcast-rate", "30"),
                ("telegram-rate", "30"),
            ]),
            KnowledgeLocation::Embedded,
        );
        assert!(equal.is_ok());
    }

    #[test]
    fn the_broadcast_time_zone_is_an_iana_name_defaulting_to_utc() {
        let tehran = Settings::new(
            args(&[("token", "1:A"), ("broadcast-tz", "Asia/Tehran")]),
            KnowledgeLocation::Embedded,
        )
        .expect("settings");
        assert_eq!(tehran.broadcast_zone.name(), "Asia/Tehran");
        let utc = Settings::new(
            args(&[("token", "1:A"), ("broadcast-tz", "")]),
            KnowledgeLocation::Embedded,
        )
        .expect("settings");
        assert_eq!(utc.broadcast_zone.name(), "UTC");
        let wrong = Settings::new(
            args(&[("token", "1:A"), ("broadcast-tz", "Tehran")]),
            KnowledgeLocation::Embedded,
        );
        assert!(
            matches!(&wrong, Err(ConfigError::InvalidBroadcastZone(_))),
            "{wrong:?}"
        );
    }

    #[test]
    fn the_token_stays_out_of_debug_output() {
        let settings = Settings::new(
            args(&[("token", "123:SECRET")]),
            KnowledgeLocation::Embedded,
        )
        .expect("settings");
        assert!(!format!("{settings:?}").contains("SECRET"));
    }

    #[test]
    fn staff_ids_are_comma_separated_user_ids() {
        assert_eq!(parse_staff_ids(" 12, 345 ,,").expect("ids"), vec![12, 345]);
        assert_eq!(parse_staff_ids("").expect("none"), Vec::<u64>::new());
        assert!(
            matches!(parse_staff_ids("12,@admin"), Err(ConfigError::InvalidStaffId(id)) if id == "@admin")
        );
    }
}
