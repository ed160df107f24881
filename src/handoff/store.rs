//! Tickets and their threads in SQLite, so a conversation between a user and staff survives
//! restarts.

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::dates::SECONDS_PER_DAY;
use crate::store::{StoreError, decode, unix_now};

use super::{HandoffError, HandoffRules, NewTicket, Ticket, TicketStatus};

/// The window of the per-user limit.
const HOUR: i64 = 60 * 60;

const COLUMNS: &str =
    "id, number, status, origin, user_id, chat_id, reply_to, lang, question, answered,
    detail, miss_id, shared_name, created_at, submitted_at, closed_by, relay_error";

/// A ticket just sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub ticket: Ticket,
}

/// A message of a ticket's thread, found by a reply to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadMessage {
    pub ticket: Ticket,
    /// Whether it is the ticket's card in the staff chat.
    pub is_card: bool,
    /// The message in the other chat it relays, if it relays one.
    pub origin_id: Option<i32>,
}

/// What `/forget_me` deleted of a user's tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgotten {
    /// How many tickets (drafts included) were deleted.
    pub tickets: usize,
    /// The cards in the staff chat of the tickets that were open, as (ticket number, chat,
    /// message), to mark deleted.
    pub open_cards: Vec<(i64, i64, i32)>,
}

/// The ticket tables; cheap to clone.
#[derive(Debug, Clone)]
pub struct Tickets {
    pool: SqlitePool,
    rules: HandoffRules,
}

impl Tickets {
    /// Tickets over the bot's database (migrated by [`crate::store::Store`]), under `rules`.
    pub fn new(pool: SqlitePool, rules: HandoffRules) -> Tickets {
        Tickets { pool, rules }
    }

    /// The rules in force.
    pub fn rules(&self) -> HandoffRules {
        self.rules
    }

    /// Refuses when `user` has already sent the hour's tickets, saying how long to wait.
    pub async fn check_limit(&self, user: i64) -> Result<(), HandoffError> {
        let now = unix_now();
        let sent: Vec<i64> = sqlx::query_scalar(
            "SELECT submitted_at FROM tickets WHERE user_id = ? AND submitted_at >= ? ORDER BY submitted_at",
        )
        .bind(user)
        .bind(now - HOUR)
        .fetch_all(&self.pool)
        .await?;
        let limit = self.rules.per_hour;
        if sent.len() >= limit as usize {
            let oldest = sent[sent.len() - limit as usize];
            return Err(HandoffError::TooMany {
                limit,
                wait_secs: (oldest + HOUR - now).max(1),
            });
        }
        Ok(())
    }

    /// A draft for the user to confirm, unless they have reached the hour's limit.
    pub async fn draft(&self, new: NewTicket) -> Result<Ticket, HandoffError> {
        self.check_limit(new.user_id).await?;
        let answered = serde_json::to_string(&new.answered).unwrap_or_else(|_| "[]".into());
        let id = sqlx::query(
            "INSERT INTO tickets (status, origin, user_id, chat_id, reply_to, lang, question, answered, detail, miss_id, created_at)
             VALUES ('draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(new.origin.as_str())
        .bind(new.user_id)
        .bind(new.chat_id)
        .bind(new.reply_to)
        .bind(new.lang.code())
        .bind(&new.question)
        .bind(answered)
        .bind(&new.detail)
        .bind(new.miss_id)
        .bind(unix_now())
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        self.get(id).await?.ok_or(HandoffError::NotADraft(id))
    }

    /// A ticket by id.
    pub async fn get(&self, id: i64) -> Result<Option<Ticket>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM tickets WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| ticket(&row)).transpose()
    }

    /// `user`'s draft, which only they may send, share their name on or cancel.
    pub async fn draft_of(&self, id: i64, user: i64) -> Result<Ticket, HandoffError> {
        match self.get(id).await? {
            Some(t) if t.status == TicketStatus::Draft && t.user_id == Some(user) => Ok(t),
            _ => Err(HandoffError::NotADraft(id)),
        }
    }

    /// Shares (`Some`) or withdraws (`None`) the user's name on their draft.
    pub async fn share_name(
        &self,
        id: i64,
        user: i64,
        name: Option<&str>,
    ) -> Result<Ticket, HandoffError> {
        self.draft_of(id, user).await?;
        sqlx::query("UPDATE tickets SET shared_name = ? WHERE id = ?")
            .bind(name)
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.draft_of(id, user).await
    }

    /// Sends `user`'s draft: it gets its number and is open. Refused past the hour's limit.
    pub async fn submit(&self, id: i64, user: i64) -> Result<Submitted, HandoffError> {
        self.draft_of(id, user).await?;
        self.check_limit(user).await?;
        let mut tx = self.pool.begin().await?;
        let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM tickets")
            .fetch_one(&mut *tx)
            .await?;
        let changed = sqlx::query(
            "UPDATE tickets SET status = 'open', number = ?, submitted_at = ? WHERE id = ? AND status = 'draft'",
        )
        .bind(number)
        .bind(unix_now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if changed == 0 {
            return Err(HandoffError::NotADraft(id));
        }
        let ticket = self.get(id).await?.ok_or(HandoffError::NotADraft(id))?;
        Ok(Submitted { ticket })
    }

    /// Puts a sent ticket back to a draft (its card could not be posted), so it neither counts
    /// against the limit nor waits for replies.
    pub async fn unsubmit(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE tickets SET status = 'draft', number = NULL, submitted_at = NULL WHERE id = ? AND status = 'open'",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Sets the user's message relayed answers reply to (for a question asked with a button, the
    /// confirmation, which quotes it).
    pub async fn set_reply_to(&self, id: i64, message: i32) -> Result<(), StoreError> {
        sqlx::query("UPDATE tickets SET reply_to = ? WHERE id = ?")
            .bind(message)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Cancels `user`'s draft.
    pub async fn cancel(&self, id: i64, user: i64) -> Result<(), HandoffError> {
        self.draft_of(id, user).await?;
        sqlx::query("UPDATE tickets SET status = 'cancelled', question = NULL, shared_name = NULL WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Remembers a message of the ticket's thread (`origin_id`: the message it relays).
    pub async fn remember_message(
        &self,
        ticket: i64,
        chat: i64,
        message: i32,
        is_card: bool,
        origin_id: Option<i32>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT OR REPLACE INTO ticket_messages (chat_id, message_id, ticket_id, is_card, origin_id) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(chat)
        .bind(message)
        .bind(ticket)
        .bind(is_card)
        .bind(origin_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The ticket a message belongs to, if it is part of a thread.
    pub async fn by_message(
        &self,
        chat: i64,
        message: i32,
    ) -> Result<Option<ThreadMessage>, StoreError> {
        let row = sqlx::query(
            "SELECT ticket_id, is_card, origin_id FROM ticket_messages WHERE chat_id = ? AND message_id = ?",
        )
        .bind(chat)
        .bind(message)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let Some(ticket) = self.get(row.try_get("ticket_id")?).await? else {
            return Ok(None);
        };
        Ok(Some(ThreadMessage {
            ticket,
            is_card: row.try_get("is_card")?,
            origin_id: row.try_get("origin_id")?,
        }))
    }

    /// The card of a ticket in the staff chat, as (chat, message).
    pub async fn card(&self, ticket: i64) -> Result<Option<(i64, i32)>, StoreError> {
        let row = sqlx::query(
            "SELECT chat_id, message_id FROM ticket_messages WHERE ticket_id = ? AND is_card = 1",
        )
        .bind(ticket)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((row.try_get("chat_id")?, row.try_get("message_id")?)))
            .transpose()
    }

    /// Notes on the ticket why the last relay to the user failed (`None`: it worked again).
    pub async fn set_relay_error(
        &self,
        ticket: i64,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE tickets SET relay_error = ? WHERE id = ?")
            .bind(error)
            .bind(ticket)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes an open ticket; `None` when it was not open (closed already, or deleted).
    pub async fn close(&self, ticket: i64, by: i64) -> Result<Option<Ticket>, StoreError> {
        let changed = sqlx::query(
            "UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ? AND status = 'open'",
        )
        .bind(unix_now())
        .bind(by)
        .bind(ticket)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        self.get(ticket).await
    }

    /// Records the miss a ticket's question was logged as, for attaching it to an entry.
    pub async fn set_miss(&self, ticket: i64, miss: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE tickets SET miss_id = ? WHERE id = ?")
            .bind(miss)
            .bind(ticket)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The open tickets, oldest first.
    pub async fn open(&self) -> Result<Vec<Ticket>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE status = 'open' ORDER BY submitted_at, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket).collect()
    }

    /// Deletes every ticket of `user` (`/forget_me`): texts, name and the messages in their chat
    /// are gone; the rows stay as `deleted` so the cards' replies are refused, not answered.
    pub async fn forget_user(&self, user: i64) -> Result<Forgotten, StoreError> {
        let mut tx = self.pool.begin().await?;
        let rows = sqlx::query(
            "SELECT t.id, t.number, t.status, m.chat_id, m.message_id FROM tickets t
             LEFT JOIN ticket_messages m ON m.ticket_id = t.id AND m.is_card = 1
             WHERE t.user_id = ? AND t.status IN ('draft', 'open', 'closed', 'cancelled')",
        )
        .bind(user)
        .fetch_all(&mut *tx)
        .await?;
        let mut forgotten = Forgotten {
            tickets: 0,
            open_cards: Vec::new(),
        };
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let status: TicketStatus = decode(row, "status")?;
            if status != TicketStatus::Cancelled {
                forgotten.tickets += 1;
            }
            let card: (Option<i64>, Option<i32>) =
                (row.try_get("chat_id")?, row.try_get("message_id")?);
            if let (TicketStatus::Open, (Some(chat), Some(message)), Some(number)) =
                (status, card, row.try_get::<Option<i64>, _>("number")?)
            {
                forgotten.open_cards.push((number, chat, message));
            }
            sqlx::query(
                "UPDATE tickets SET status = 'deleted', user_id = NULL, chat_id = NULL, reply_to = NULL,
                     question = NULL, answered = '[]', detail = NULL, shared_name = NULL, relay_error = NULL
                 WHERE id = ?",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM ticket_messages WHERE ticket_id = ? AND chat_id = ?")
                .bind(id)
                .bind(user)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(forgotten)
    }

    /// Wipes the texts of the tickets closed more than the retention ago, and forgets drafts
    /// never sent after a day. Returns how many tickets were wiped.
    pub async fn purge(&self, now: i64) -> Result<usize, StoreError> {
        let before = now - i64::from(self.rules.retention_days) * SECONDS_PER_DAY;
        let wiped = sqlx::query(
            "UPDATE tickets SET question = NULL, shared_name = NULL, detail = NULL
             WHERE status = 'closed' AND closed_at < ? AND question IS NOT NULL",
        )
        .bind(before)
        .execute(&self.pool)
        .await?
        .rows_affected();
        sqlx::query(
            "UPDATE tickets SET status = 'cancelled', question = NULL, shared_name = NULL
             WHERE status = 'draft' AND created_at < ?",
        )
        .bind(now - SECONDS_PER_DAY)
        .execute(&self.pool)
        .await?;
        Ok(wiped as usize)
    }
}

fn ticket(row: &SqliteRow) -> Result<Ticket, StoreError> {
    let answered: Option<String> = row.try_get("answered")?;
    let answered = answered
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Ok(Ticket {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        status: decode(row, "status")?,
        origin: decode(row, "origin")?,
        user_id: row.try_get("user_id")?,
        chat_id: row.try_get("chat_id")?,
        reply_to: row.try_get("reply_to")?,
        lang: decode(row, "lang")?,
        question: row.try_get("question")?,
        answered,
        detail: row.try_get("detail")?,
        miss_id: row.try_get("miss_id")?,
        shared_name: row.try_get("shared_name")?,
        created_at: row.try_get("created_at")?,
        submitted_at: row.try_get("submitted_at")?,
        closed_by: row.try_get("closed_by")?,
        relay_error: row.try_get("relay_error")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::TicketOrigin;
    use crate::lang::Lang;
    use crate::store::Store;

    async fn tickets(per_hour: u32) -> (Store, Tickets) {
        let store = Store::in_memory().await.expect("store");
        let rules = HandoffRules {
            per_hour,
            retention_days: 90,
        };
        let tickets = Tickets::new(store.pool().clone(), rules);
        (store, tickets)
    }

    fn new(user: i64) -> NewTicket {
        NewTicket {
            origin: TicketOrigin::Command,
            user_id: user,
            chat_id: user,
            reply_to: Some(4),
            lang: Lang::Ru,
            question: "кому писать о поставках?".into(),
            answered: vec![],
            detail: None,
            miss_id: None,
        }
    }

    #[tokio::test]
    async fn a_sent_ticket_gets_the_next_number_and_its_thread_finds_it() {
        let (_store, tickets) = tickets(3).await;
        let draft = tickets.draft(new(7)).await.expect("draft");
        let sent = tickets.submit(draft.id, 7).await.expect("sent").ticket;
        assert_eq!((sent.number, sent.status), (Some(1), TicketStatus::Open));
        tickets
            .remember_message(sent.id, -100, 55, true, None)
            .await
            .expect("card");
        let found = tickets
            .by_message(-100, 55)
            .await
            .expect("find")
            .expect("thread");
        assert!(found.is_card);
        assert_eq!(found.ticket.id, sent.id);
        assert_eq!(tickets.card(sent.id).await.expect("card"), Some((-100, 55)));
    }

    #[tokio::test]
    async fn only_the_asker_can_send_their_draft() {
        let (_store, tickets) = tickets(3).await;
        let draft = tickets.draft(new(7)).await.expect("draft");
        assert!(matches!(
            tickets.submit(draft.id, 8).await,
            Err(HandoffError::NotADraft(_))
        ));
    }

    #[tokio::test]
    async fn past_the_hours_limit_a_new_ticket_is_refused_with_the_wait() {
        let (_store, tickets) = tickets(2).await;
        for _ in 0..2 {
            let draft = tickets.draft(new(7)).await.expect("draft");
            tickets.submit(draft.id, 7).await.expect("sent");
        }
        let refused = tickets.draft(new(7)).await;
        assert!(
            matches!(refused, Err(HandoffError::TooMany { limit: 2, wait_secs }) if wait_secs > 3000),
            "{refused:?}"
        );
        tickets
            .draft(new(8))
            .await
            .expect("another user is not limited");
    }

    #[tokio::test]
    async fn forgetting_a_user_deletes_their_tickets_and_lists_open_cards() {
        let (_store, tickets) = tickets(3).await;
        let draft = tickets.draft(new(7)).await.expect("draft");
        let sent = tickets.submit(draft.id, 7).await.expect("sent").ticket;
        tickets
            .remember_message(sent.id, -100, 55, true, None)
            .await
            .expect("card");
        tickets
            .remember_message(sent.id, 7, 60, false, Some(56))
            .await
            .expect("relayed");
        let forgotten = tickets.forget_user(7).await.expect("forget");
        assert_eq!(forgotten.tickets, 1);
        assert_eq!(forgotten.open_cards, vec![(1, -100, 55)]);
        let after = tickets.get(sent.id).await.expect("get").expect("row");
        assert_eq!(after.status, TicketStatus::Deleted);
        assert_eq!((after.question, after.user_id), (None, None));
        assert_eq!(tickets.by_message(7, 60).await.expect("find"), None);
        assert!(tickets.open().await.expect("open").is_empty());
    }

    #[tokio::test]
    async fn closed_tickets_lose_their_texts_after_the_retention() {
        let (_store, tickets) = tickets(3).await;
        let draft = tickets.draft(new(7)).await.expect("draft");
        let sent = tickets.submit(draft.id, 7).await.expect("sent").ticket;
        tickets
            .close(sent.id, 1)
            .await
            .expect("close")
            .expect("was open");
        assert_eq!(tickets.purge(unix_now()).await.expect("purge"), 0);
        let later = unix_now() + 91 * SECONDS_PER_DAY;
        assert_eq!(tickets.purge(later).await.expect("purge"), 1);
        let after = tickets.get(sent.id).await.expect("get").expect("row");
        assert_eq!(after.question, None);
        assert_eq!(tickets.close(sent.id, 1).await.expect("close"), None);
    }
}
