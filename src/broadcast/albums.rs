//! The album parts staff sent to the bot. Telegram delivers an album as one message per part,
//! sharing a `media_group_id`, and a reply names only the part replied to; to broadcast the whole
//! album the bot must have seen the others. They are kept in the database (a few days), so an
//! album sent before a restart can still be broadcast after it.

use sqlx::{Row, SqlitePool};

use crate::store::{StoreError, unix_now};

use super::content::{MediaKind, Piece};

/// How long album parts are kept: long enough to compose, preview and schedule an announcement.
const KEPT_SECS: i64 = 3 * 24 * 3600;

/// One part of an album, as the checks and the copy need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlbumPart {
    pub message_id: i32,
    /// What the part is; `Err` names a kind a broadcast cannot copy.
    pub kind: Result<MediaKind, String>,
    /// Its caption's length, in UTF-16 code units.
    pub caption_length: usize,
}

impl AlbumPart {
    /// The part as the limit checks see it.
    pub fn piece(&self) -> Piece {
        Piece {
            kind: self.kind.clone(),
            length: self.caption_length,
        }
    }
}

/// Album parts seen in staff chats.
#[derive(Debug, Clone)]
pub struct Albums {
    pool: SqlitePool,
}

impl Albums {
    /// The album parts in `pool` (the store's).
    pub fn new(pool: SqlitePool) -> Albums {
        Albums { pool }
    }

    /// Remembers a part of album `group` in `chat` (again, when it is edited), and forgets parts
    /// older than a few days.
    pub async fn remember(
        &self,
        chat: i64,
        group: &str,
        part: &AlbumPart,
    ) -> Result<(), StoreError> {
        let now = unix_now();
        let kind = match &part.kind {
            Ok(kind) => kind.as_str().to_string(),
            Err(other) => other.clone(),
        };
        sqlx::query(
            "INSERT INTO album_parts (chat_id, media_group_id, message_id, kind, caption_length, seen_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (chat_id, media_group_id, message_id)
             DO UPDATE SET kind = excluded.kind, caption_length = excluded.caption_length, seen_at = excluded.seen_at",
        )
        .bind(chat)
        .bind(group)
        .bind(part.message_id)
        .bind(kind)
        .bind(part.caption_length as i64)
        .bind(now)
        .execute(&self.pool)
        .await?;
        sqlx::query("DELETE FROM album_parts WHERE seen_at < ?")
            .bind(now - KEPT_SECS)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The parts of album `group` in `chat` seen so far, in the album's order.
    pub async fn parts(&self, chat: i64, group: &str) -> Result<Vec<AlbumPart>, StoreError> {
        let rows = sqlx::query(
            "SELECT message_id, kind, caption_length FROM album_parts
             WHERE chat_id = ? AND media_group_id = ? ORDER BY message_id",
        )
        .bind(chat)
        .bind(group)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| {
                let kind: String = row.get("kind");
                AlbumPart {
                    message_id: row.get("message_id"),
                    kind: kind.parse::<MediaKind>().map_err(|_| kind.clone()),
                    caption_length: row.get::<i64, _>("caption_length") as usize,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn part(message_id: i32, kind: MediaKind, caption_length: usize) -> AlbumPart {
        AlbumPart {
            message_id,
            kind: Ok(kind),
            caption_length,
        }
    }

    #[tokio::test]
    async fn parts_come_back_in_album_order_per_chat_and_group() {
        let store = Store::in_memory().await.expect("store");
        let albums = Albums::new(store.pool().clone());
        for p in [part(12, MediaKind::Photo, 0), part(11, MediaKind::Photo, 5)] {
            albums.remember(1, "g1", &p).await.expect("remember");
        }
        albums
            .remember(2, "g1", &part(13, MediaKind::Video, 0))
            .await
            .expect("remember");
        let parts = albums.parts(1, "g1").await.expect("parts");
        assert_eq!(
            parts,
            [part(11, MediaKind::Photo, 5), part(12, MediaKind::Photo, 0)]
        );
    }

    #[tokio::test]
    async fn an_edited_part_replaces_what_was_seen() {
        let store = Store::in_memory().await.expect("store");
        let albums = Albums::new(store.pool().clone());
        albums
            .remember(1, "g", &part(5, MediaKind::Photo, 10))
            .await
            .expect("remember");
        albums
            .remember(1, "g", &part(5, MediaKind::Photo, 2000))
            .await
            .expect("remember");
        assert_eq!(
            albums.parts(1, "g").await.expect("parts"),
            [part(5, MediaKind::Photo, 2000)]
        );
    }
}
