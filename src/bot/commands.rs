//! The bot's commands, parsed by teloxide's `BotCommands` derive, and their menus in three languages,
//! registered with Telegram at start.

use teloxide::prelude::*;
use teloxide::types::BotCommand;
use teloxide::utils::command::BotCommands;

use crate::i18n::texts;
use crate::lang::Lang;

use super::send::Outbound;

/// Commands everyone can use.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// Start and see examples.
    Start,
    /// How to ask, and examples.
    Help,
    /// Choose the answer language.
    Lang,
    /// Browse all topics.
    Topics,
    /// Get announcements on a topic (all by default).
    Subscribe(String),
    /// Stop announcements on a topic, or all of them.
    Unsubscribe(String),
    /// The topics this chat follows.
    Subscriptions,
    /// Ask programme staff: `/ask_staff QUESTION`.
    #[command(rename = "ask_staff")]
    AskStaff(String),
    /// Delete what the bot keeps about you.
    #[command(rename = "forget_me")]
    ForgetMe,
}

/// Commands for programme staff (`STAFF_IDS`); everyone else is politely refused.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "snake_case")]
pub enum StaffCommand {
    /// Preview and send an announcement: `/broadcast [at YYYY-MM-DD HH:MM] [topic] [lang] TEXT`,
    /// or as a reply to the message to copy.
    Broadcast(String),
    /// Recent and scheduled broadcasts with their progress; `/broadcasts N`: the report of one.
    Broadcasts(String),
    /// Stop what has not been sent of a broadcast: `/cancel_broadcast N`.
    CancelBroadcast(String),
    /// Subscribers and questions.
    Stats,
    /// Unanswered questions grouped, with buttons to attach each group to an entry or dismiss it.
    Unanswered,
    /// Reload the knowledge base from disk.
    Reload,
    /// How a question is read and scored: `/why QUESTION`.
    Why(String),
    /// The questions staff attached to entries, with undo buttons.
    Learned,
    /// Pause a broadcast: `/pause_broadcast N`.
    PauseBroadcast(String),
    /// Resume a paused broadcast: `/resume_broadcast N`.
    ResumeBroadcast(String),
    /// Open questions from users, oldest first.
    Tickets,
}

impl Command {
    /// The command's name, for the log (its argument may be message text, which is never logged
    /// at info).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Help => "help",
            Command::Lang => "lang",
            Command::Topics => "topics",
            Command::Subscribe(_) => "subscribe",
            Command::Unsubscribe(_) => "unsubscribe",
            Command::Subscriptions => "subscriptions",
            Command::AskStaff(_) => "ask_staff",
            Command::ForgetMe => "forget_me",
        }
    }

    /// The command's line in the menu, in `lang`.
    pub fn description(&self, lang: Lang) -> &'static str {
        let t = texts(lang);
        match self {
            Command::Start => t.menu_start,
            Command::Help => t.menu_help,
            Command::Lang => t.menu_lang,
            Command::Topics => t.menu_topics,
            Command::Subscribe(_) => t.menu_subscribe,
            Command::Unsubscribe(_) => t.menu_unsubscribe,
            Command::Subscriptions => t.menu_subscriptions,
            Command::AskStaff(_) => t.menu_ask_staff,
            Command::ForgetMe => t.menu_forget_me,
        }
    }
}

impl StaffCommand {
    /// The command's name, for the log (`/why` and `/broadcast` carry message text, which is never
    /// logged at info).
    pub fn name(&self) -> &'static str {
        match self {
            StaffCommand::Broadcast(_) => "broadcast",
            StaffCommand::Broadcasts(_) => "broadcasts",
            StaffCommand::CancelBroadcast(_) => "cancel_broadcast",
            StaffCommand::Stats => "stats",
            StaffCommand::Unanswered => "unanswered",
            StaffCommand::Reload => "reload",
            StaffCommand::Why(_) => "why",
            StaffCommand::Learned => "learned",
            StaffCommand::PauseBroadcast(_) => "pause_broadcast",
            StaffCommand::ResumeBroadcast(_) => "resume_broadcast",
            StaffCommand::Tickets => "tickets",
        }
    }

    /// The command's line in the staff menu, in `lang`.
    pub fn description(&self, lang: Lang) -> &'static str {
        let t = texts(lang);
        match self {
            StaffCommand::Broadcast(_) => t.menu_broadcast,
            StaffCommand::Broadcasts(_) => t.menu_broadcasts,
            StaffCommand::CancelBroadcast(_) => t.menu_cancel_broadcast,
            StaffCommand::Stats => t.menu_stats,
            StaffCommand::Unanswered => t.menu_unanswered,
            StaffCommand::Reload => t.menu_reload,
            StaffCommand::Why(_) => t.menu_why,
            StaffCommand::Learned => t.menu_learned,
            StaffCommand::PauseBroadcast(_) => t.menu_pause_broadcast,
            StaffCommand::ResumeBroadcast(_) => t.menu_resume_broadcast,
            StaffCommand::Tickets => t.menu_tickets,
        }
    }
}

/// The menu entries of a command set: each command the derive lists, parsed back into its variant
/// so its description is the variant's own, whatever the order of the variants.
fn localized<C: BotCommands>(
    lang: Lang,
    describe: impl Fn(&C, Lang) -> &'static str,
) -> Vec<BotCommand> {
    C::bot_commands()
        .into_iter()
        .filter_map(|listed| {
            let variant = C::parse(&listed.command, "").ok()?;
            Some(BotCommand::new(
                listed.command.trim_start_matches('/'),
                describe(&variant, lang),
            ))
        })
        .collect()
}

/// The public command menu for `lang`, registered with `setMyCommands`.
pub fn menu(lang: Lang) -> Vec<BotCommand> {
    localized(lang, Command::description)
}

/// The menu staff see in their private chats: the public commands and theirs.
pub fn staff_menu(lang: Lang) -> Vec<BotCommand> {
    let mut commands = menu(lang);
    commands.extend(localized(lang, StaffCommand::description));
    commands
}

/// Registers the command menu in English (the default) and in Russian and Persian, and the staff
/// menu in each staff member's private chat.
pub async fn register_commands(
    out: &Outbound,
    staff: &[u64],
) -> Result<(), teloxide::RequestError> {
    let bot = out.bot();
    out.set_commands(bot.set_my_commands(menu(Lang::En)))
        .await?;
    for lang in [Lang::Ru, Lang::Fa] {
        out.set_commands(bot.set_my_commands(menu(lang)).language_code(lang.code()))
            .await?;
    }
    for &user in staff {
        let scope = teloxide::types::BotCommandScope::Chat {
            chat_id: teloxide::types::Recipient::Id(ChatId(user as i64)),
        };
        // A staff member who has never opened the bot has no chat yet: not an error worth stopping for.
        if let Err(err) = out
            .set_commands(bot.set_my_commands(staff_menu(Lang::En)).scope(scope))
            .await
        {
            tracing::warn!(user, error = %err, "cannot set the staff command menu");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_description_in_every_language() {
        for lang in Lang::ALL {
            assert_eq!(menu(lang).len(), Command::bot_commands().len(), "{lang}");
            assert_eq!(
                staff_menu(lang).len(),
                Command::bot_commands().len() + StaffCommand::bot_commands().len(),
                "{lang}"
            );
            assert!(
                staff_menu(lang)
                    .iter()
                    .all(|c| !c.description.is_empty() && !c.command.starts_with('/'))
            );
        }
    }

    #[test]
    fn each_command_is_described_by_its_own_variant() {
        let help = menu(Lang::En)
            .into_iter()
            .find(|c| c.command == "help")
            .expect("help");
        assert_eq!(help.description, texts(Lang::En).menu_help);
        let why = staff_menu(Lang::Fa)
            .into_iter()
            .find(|c| c.command == "why")
            .expect("why");
        assert_eq!(why.description, texts(Lang::Fa).menu_why);
    }

    #[test]
    fn every_command_logs_under_its_own_name() {
        for listed in Command::bot_commands() {
            let command = Command::parse(&listed.command, "").expect("parses back");
            assert_eq!(format!("/{}", command.name()), listed.command);
        }
        for listed in StaffCommand::bot_commands() {
            let command = StaffCommand::parse(&listed.command, "").expect("parses back");
            assert_eq!(format!("/{}", command.name()), listed.command);
        }
    }

    #[test]
    fn staff_commands_are_snake_case() {
        let names: Vec<String> = StaffCommand::bot_commands()
            .into_iter()
            .map(|c| c.command)
            .collect();
        assert!(
            names.contains(&"/cancel_broadcast".to_string()),
            "{names:?}"
        );
    }
}
