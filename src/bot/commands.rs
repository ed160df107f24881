//! The bot's commands, parsed by teloxide's `BotCommands` derive, and their menus in three languages.

use teloxide::types::BotCommand;
use teloxide::utils::command::BotCommands;

use crate::i18n::texts;
use crate::lang::Lang;

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
}

/// Commands for programme staff (`STAFF_IDS`); everyone else is politely refused.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "snake_case")]
pub enum StaffCommand {
    /// Preview and send an announcement: `/broadcast [topic] [lang] TEXT`, or as a reply.
    Broadcast(String),
    /// Recent broadcasts with their progress.
    Broadcasts,
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
}

fn localized(commands: Vec<BotCommand>, descriptions: &[&str]) -> Vec<BotCommand> {
    commands
        .into_iter()
        .zip(descriptions)
        .map(|(command, description)| {
            BotCommand::new(command.command.trim_start_matches('/'), *description)
        })
        .collect()
}

/// The public command menu for `lang`, registered with `setMyCommands`.
pub fn menu(lang: Lang) -> Vec<BotCommand> {
    localized(Command::bot_commands(), &texts(lang).command_descriptions)
}

/// The menu staff see in their private chats: the public commands and theirs.
pub fn staff_menu(lang: Lang) -> Vec<BotCommand> {
    let mut commands = menu(lang);
    commands.extend(localized(
        StaffCommand::bot_commands(),
        &texts(lang).staff_command_descriptions,
    ));
    commands
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
