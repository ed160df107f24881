//! The bot's commands, parsed by teloxide's `BotCommands` derive, and their menu in three languages.

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
}

/// The command menu for `lang`, registered with `setMyCommands`.
pub fn menu(lang: Lang) -> Vec<BotCommand> {
    Command::bot_commands()
        .into_iter()
        .zip(texts(lang).command_descriptions)
        .map(|(command, description)| {
            BotCommand::new(command.command.trim_start_matches('/'), description)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_description_in_every_language() {
        for lang in Lang::ALL {
            let menu = menu(lang);
            assert_eq!(menu.len(), Command::bot_commands().len(), "{lang}");
            assert!(
                menu.iter()
                    .all(|c| !c.description.is_empty() && !c.command.starts_with('/'))
            );
        }
    }
}
