//! What a broadcast sends, and whether Telegram can deliver it. Staff compose an announcement as
//! any message (text, photo, file, album…) and each recipient gets a copy of exactly that message,
//! so the outbox keeps where to copy it from, not a rendering of it. Telegram's limits are checked
//! here, before the preview: what cannot be delivered as composed is refused with the limit it
//! breaks, and nothing is ever split or cut at delivery.

use std::fmt;
use std::str::FromStr;

/// Characters in one text message (`sendMessage`, `copyMessage` of a text).
pub const TEXT_LIMIT: usize = 4096;
/// Characters in the caption of a photo, video, file, audio or voice message.
pub const CAPTION_LIMIT: usize = 1024;
/// Items in one album (`copyMessages` keeps at most this many together).
pub const ALBUM_LIMIT: usize = 10;

/// The kinds of message a broadcast can copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaKind {
    Text,
    Photo,
    Video,
    Document,
    Audio,
    Voice,
    /// A GIF or silent video.
    Animation,
}

impl MediaKind {
    /// Every kind, in the order named to staff.
    pub const ALL: [MediaKind; 7] = [
        MediaKind::Text,
        MediaKind::Photo,
        MediaKind::Video,
        MediaKind::Document,
        MediaKind::Audio,
        MediaKind::Voice,
        MediaKind::Animation,
    ];

    /// The kind's name in the database and in messages to staff.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Text => "text",
            MediaKind::Photo => "photo",
            MediaKind::Video => "video",
            MediaKind::Document => "document",
            MediaKind::Audio => "audio",
            MediaKind::Voice => "voice",
            MediaKind::Animation => "animation",
        }
    }
}

impl fmt::Display for MediaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not a media kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown media kind `{0}`")]
pub struct UnknownMediaKind(pub String);

impl FromStr for MediaKind {
    type Err = UnknownMediaKind;

    fn from_str(text: &str) -> Result<MediaKind, UnknownMediaKind> {
        MediaKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| UnknownMediaKind(text.to_string()))
    }
}

/// What one delivery of a broadcast sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// HTML text (parse mode HTML): broadcasts written before composed messages existed.
    Html(String),
    /// Text typed after the command, with its formatting as Bot API entities (a JSON array).
    Text { text: String, entities: String },
    /// One message in a staff chat, copied as it is (`copyMessage`).
    Copy {
        chat: i64,
        message: i32,
        kind: MediaKind,
    },
    /// An album in a staff chat, copied as one album (`copyMessages`), its parts in order.
    Album { chat: i64, messages: Vec<i32> },
}

impl Content {
    /// How many messages a recipient gets from one delivery (an album's parts; else one): what
    /// the delivery counts against Telegram's overall rate.
    pub fn message_count(&self) -> u32 {
        match self {
            Content::Album { messages, .. } => u32::try_from(messages.len()).unwrap_or(u32::MAX),
            _ => 1,
        }
    }

    /// The kind's name in the database (`content_kind`) and in `/broadcasts`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Content::Html(_) => "html",
            Content::Text { .. } => "text",
            Content::Copy { kind, .. } => kind.as_str(),
            Content::Album { .. } => "album",
        }
    }
}

/// What the checks need to know of a composed message, or of one part of an album.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// What it is; `Err` names a kind a broadcast cannot copy (a sticker, a poll…).
    pub kind: Result<MediaKind, String>,
    /// The length of its text or caption, in the UTF-16 code units Telegram counts.
    pub length: usize,
}

/// Why a composed message cannot be broadcast as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the text is {length} characters; a message holds at most {limit}")]
    TextTooLong { length: usize, limit: usize },
    #[error("the caption is {length} characters; a caption holds at most {limit}")]
    CaptionTooLong { length: usize, limit: usize },
    #[error("the album has {items} items; an album holds at most {limit}")]
    AlbumTooLarge { items: usize, limit: usize },
    #[error("a {kind} cannot be broadcast")]
    Unsupported { kind: String },
    #[error("there is nothing to send")]
    Empty,
}

/// Checks a composed message (one piece) or an album (its pieces, in order) against Telegram's
/// limits: what passes is delivered to every recipient exactly as the preview shows it.
pub fn check(pieces: &[Piece]) -> Result<(), Refusal> {
    if pieces.is_empty() {
        return Err(Refusal::Empty);
    }
    if pieces.len() > ALBUM_LIMIT {
        return Err(Refusal::AlbumTooLarge {
            items: pieces.len(),
            limit: ALBUM_LIMIT,
        });
    }
    for piece in pieces {
        match &piece.kind {
            Err(kind) => {
                return Err(Refusal::Unsupported { kind: kind.clone() });
            }
            Ok(MediaKind::Text) if piece.length == 0 => return Err(Refusal::Empty),
            Ok(MediaKind::Text) if piece.length > TEXT_LIMIT => {
                return Err(Refusal::TextTooLong {
                    length: piece.length,
                    limit: TEXT_LIMIT,
                });
            }
            Ok(MediaKind::Text) => {}
            Ok(_) if piece.length > CAPTION_LIMIT => {
                return Err(Refusal::CaptionTooLong {
                    length: piece.length,
                    limit: CAPTION_LIMIT,
                });
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// The length of `text` as Telegram counts it (UTF-16 code units, as entity offsets are).
pub fn telegram_length(text: &str) -> usize {
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(kind: MediaKind, length: usize) -> Piece {
        Piece {
            kind: Ok(kind),
            length,
        }
    }

    #[test]
    fn a_text_at_the_limit_passes_and_one_over_is_refused_with_the_limit() {
        assert_eq!(check(&[piece(MediaKind::Text, 4096)]), Ok(()));
        assert_eq!(
            check(&[piece(MediaKind::Text, 4097)]),
            Err(Refusal::TextTooLong {
                length: 4097,
                limit: 4096
            })
        );
    }

    #[test]
    fn a_caption_over_1024_is_refused_though_a_text_that_long_would_pass() {
        assert_eq!(check(&[piece(MediaKind::Photo, 1024)]), Ok(()));
        assert_eq!(
            check(&[piece(MediaKind::Document, 2000)]),
            Err(Refusal::CaptionTooLong {
                length: 2000,
                limit: 1024
            })
        );
    }

    #[test]
    fn an_album_of_eleven_is_refused_and_one_of_ten_passes() {
        let ten = vec![piece(MediaKind::Photo, 0); 10];
        assert_eq!(check(&ten), Ok(()));
        let eleven = vec![piece(MediaKind::Photo, 0); 11];
        assert_eq!(
            check(&eleven),
            Err(Refusal::AlbumTooLarge {
                items: 11,
                limit: 10
            })
        );
    }

    #[test]
    fn an_unsupported_kind_is_refused_by_name() {
        let sticker = Piece {
            kind: Err("sticker".into()),
            length: 0,
        };
        assert_eq!(
            check(&[sticker]),
            Err(Refusal::Unsupported {
                kind: "sticker".into()
            })
        );
    }

    #[test]
    fn an_empty_text_is_refused() {
        assert_eq!(check(&[piece(MediaKind::Text, 0)]), Err(Refusal::Empty));
        assert_eq!(check(&[]), Err(Refusal::Empty));
    }

    #[test]
    fn length_counts_utf16_units_like_telegram() {
        assert_eq!(telegram_length("привет"), 6);
        assert_eq!(telegram_length("سلام"), 4);
        assert_eq!(telegram_length("👍"), 2);
    }

    #[test]
    fn every_media_kind_reads_back_as_itself() {
        for kind in MediaKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
        }
    }
}
