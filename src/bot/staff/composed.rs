//! What staff composed for `/broadcast`, read from Telegram's messages: the command's arguments
//! (`at YYYY-MM-DD HH:MM`, topic, language, text), the inline text with its formatting, or the
//! message (or whole album) replied to — turned into the outbox's [`Content`] and the pieces the
//! limit checks (`broadcast::check`) measure.

use teloxide::types::{Message, MessageEntity, MessageEntityKind};

use crate::broadcast::{AlbumPart, Albums, Content, MediaKind, Piece, Topic, telegram_length};
use crate::lang::Lang;
use crate::store::StoreError;

/// The arguments of `/broadcast [at YYYY-MM-DD HH:MM] [topic] [lang] [TEXT]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arguments<'a> {
    /// The local date and time after `at`, as written.
    pub at: Option<String>,
    pub topic: Topic,
    pub lang: Option<Lang>,
    /// The text to send, trimmed; empty when the command replies to the message to send.
    pub text: &'a str,
    /// Where `text` starts in the arguments, in bytes.
    pub text_start: usize,
}

/// Reads the arguments of `/broadcast` (what follows the command word). `at` counts only when a
/// date follows it, so a text beginning "at the meeting…" stays text.
pub fn arguments(args: &str) -> Arguments<'_> {
    let mut rest = args;
    let mut at = None;
    let next_word = |text: &str| -> Option<(usize, usize)> {
        let start = text.len() - text.trim_start().len();
        let len = text[start..]
            .find(char::is_whitespace)
            .unwrap_or(text.len() - start);
        (len > 0).then_some((start, start + len))
    };
    if let Some((s, e)) = next_word(rest)
        && rest[s..e].eq_ignore_ascii_case("at")
        && let Some((ds, de)) = next_word(&rest[e..])
        && rest[e + ds..].starts_with(|c: char| c.is_ascii_digit())
    {
        let date = &rest[e + ds..e + de];
        let after_date = &rest[e + de..];
        match next_word(after_date) {
            Some((ts, te)) => {
                at = Some(format!("{date} {}", &after_date[ts..te]));
                rest = &after_date[te..];
            }
            None => {
                at = Some(date.to_string());
                rest = after_date;
            }
        }
    }
    let mut topic = Topic::All;
    let mut lang = None;
    if let Some((s, e)) = next_word(rest)
        && let Ok(parsed) = rest[s..e].parse::<Topic>()
    {
        topic = parsed;
        rest = &rest[e..];
    }
    // Only the two-letter codes: "English news…" must stay text.
    if let Some((s, e)) = next_word(rest)
        && e - s == 2
        && let Ok(parsed) = rest[s..e].parse::<Lang>()
    {
        lang = Some(parsed);
        rest = &rest[e..];
    }
    let text = rest.trim();
    let text_start = if text.is_empty() {
        args.len()
    } else {
        args.len() - rest.trim_start().len()
    };
    Arguments {
        at,
        topic,
        lang,
        text,
        text_start,
    }
}

/// The inline text of a `/broadcast` message whose full text is `full`, the text starting at byte
/// `start` of it: the text with its formatting (the message's entities that fall inside it, moved
/// to its start), and its piece for the checks.
pub fn inline_text(
    full: &str,
    start: usize,
    text: &str,
    entities: &[MessageEntity],
) -> (Content, Piece) {
    let from = telegram_length(&full[..start]);
    let to = from + telegram_length(text);
    let kept: Vec<MessageEntity> = entities
        .iter()
        .filter(|e| e.kind != MessageEntityKind::BotCommand)
        .filter_map(|e| {
            let begin = e.offset.max(from);
            let end = (e.offset + e.length).min(to);
            (end > begin).then(|| MessageEntity::new(e.kind.clone(), begin - from, end - begin))
        })
        .collect();
    let entities = serde_json::to_string(&kept).unwrap_or_else(|_| "[]".to_string());
    let piece = Piece {
        kind: Ok(MediaKind::Text),
        length: telegram_length(text),
    };
    (
        Content::Text {
            text: text.to_string(),
            entities,
        },
        piece,
    )
}

/// The message replied to, as a copy of itself, or of its whole album (the parts seen in its chat,
/// itself included), with the pieces to check.
pub async fn replied(
    message: &Message,
    albums: &Albums,
) -> Result<(Content, Vec<Piece>), StoreError> {
    let chat = message.chat.id.0;
    if let Some(group) = message.media_group_id() {
        let mut parts = albums.parts(chat, &group.0).await?;
        if !parts.iter().any(|p| p.message_id == message.id.0) {
            parts.push(album_part(message));
            parts.sort_by_key(|p| p.message_id);
        }
        let pieces = parts.iter().map(AlbumPart::piece).collect();
        let messages = parts.iter().map(|p| p.message_id).collect();
        return Ok((Content::Album { chat, messages }, pieces));
    }
    let piece = piece(message);
    let content = Content::Copy {
        chat,
        message: message.id.0,
        kind: piece.kind.clone().unwrap_or(MediaKind::Text),
    };
    Ok((content, vec![piece]))
}

/// A message as one part of an album.
pub fn album_part(message: &Message) -> AlbumPart {
    let piece = piece(message);
    AlbumPart {
        message_id: message.id.0,
        kind: piece.kind,
        caption_length: piece.length,
    }
}

/// What a message is and how long its text or caption is.
pub fn piece(message: &Message) -> Piece {
    if let Some(text) = message.text() {
        return Piece {
            kind: Ok(MediaKind::Text),
            length: telegram_length(text),
        };
    }
    let length = message.caption().map_or(0, telegram_length);
    let kind = if message.photo().is_some() {
        Ok(MediaKind::Photo)
    } else if message.video().is_some() {
        Ok(MediaKind::Video)
    } else if message.document().is_some() {
        Ok(MediaKind::Document)
    } else if message.audio().is_some() {
        Ok(MediaKind::Audio)
    } else if message.voice().is_some() {
        Ok(MediaKind::Voice)
    } else if message.animation().is_some() {
        Ok(MediaKind::Animation)
    } else {
        Err(unsupported_kind(message).to_string())
    };
    Piece { kind, length }
}

/// The name of a kind of message a broadcast does not copy.
fn unsupported_kind(message: &Message) -> &'static str {
    if message.sticker().is_some() {
        "sticker"
    } else if message.poll().is_some() {
        "poll"
    } else if message.video_note().is_some() {
        "video note"
    } else if message.location().is_some() {
        "location"
    } else if message.contact().is_some() {
        "contact"
    } else {
        "message of this kind"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::MessageEntityKind;

    #[test]
    fn arguments_take_an_optional_time_topic_and_language() {
        let args = arguments(" at 2026-12-24 10:00 meetings ru Встреча переносится ");
        assert_eq!(args.at.as_deref(), Some("2026-12-24 10:00"));
        assert_eq!(args.topic, Topic::Meetings);
        assert_eq!(args.lang, Some(Lang::Ru));
        assert_eq!(args.text, "Встреча переносится");
        let plain = arguments(" New <dates> soon");
        assert_eq!(
            (plain.at, plain.topic, plain.lang),
            (None, Topic::All, None)
        );
        assert_eq!(plain.text, "New <dates> soon");
        assert_eq!(&" New <dates> soon"[plain.text_start..], "New <dates> soon");
    }

    #[test]
    fn at_followed_by_words_is_text_not_a_schedule() {
        let args = arguments(" at the meeting we agreed");
        assert_eq!(args.at, None);
        assert_eq!(args.text, "at the meeting we agreed");
    }

    #[test]
    fn a_reply_has_no_text() {
        let args = arguments(" at 2026-12-24 10:00 business fa");
        assert_eq!(args.text, "");
        assert_eq!(args.topic, Topic::Business);
        assert_eq!(args.lang, Some(Lang::Fa));
    }

    #[test]
    fn inline_text_keeps_its_formatting_moved_to_its_start() {
        let full = "/broadcast meetings The fifth meeting";
        let start = full.find("The").expect("text");
        let entities = [
            MessageEntity::new(MessageEntityKind::BotCommand, 0, 10),
            // "fifth", bold
            MessageEntity::new(MessageEntityKind::Bold, 24, 5),
            // "meetings The": starts before the text, clipped to "The"
            MessageEntity::new(MessageEntityKind::Italic, 11, 12),
        ];
        let (content, piece) = inline_text(full, start, "The fifth meeting", &entities);
        let Content::Text { text, entities } = content else {
            panic!("{content:?}")
        };
        assert_eq!(text, "The fifth meeting");
        let entities: Vec<MessageEntity> = serde_json::from_str(&entities).expect("json");
        assert_eq!(
            entities,
            [
                MessageEntity::new(MessageEntityKind::Bold, 4, 5),
                MessageEntity::new(MessageEntityKind::Italic, 0, 3),
            ]
        );
        assert_eq!(piece.length, 17);
    }
}
