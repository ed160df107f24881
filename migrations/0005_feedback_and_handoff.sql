-- Feedback on answers and the handoff to programme staff (issue 14).

-- The misses again, for two more reasons (SQLite cannot change a CHECK in place): `unhelpful` (a 👎
-- on an answer: `entry_id` is the entry it got, `answer_id` the answer) and `asked_staff` (a
-- question sent to staff, which staff attach from its ticket). Still no user and no chat.
CREATE TABLE unanswered_questions_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    text        TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'fa')),
    asked_at    INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT 'unknown'
        CHECK (reason IN ('unknown', 'none_of_these', 'unhelpful', 'asked_staff')),
    resolution  TEXT CHECK (resolution IN ('attached', 'dismissed')),
    resolved_by INTEGER,
    resolved_at INTEGER,
    learned_id  INTEGER,
    entry_id    TEXT,
    answer_id   INTEGER
);
INSERT INTO unanswered_questions_new
    (id, text, lang, asked_at, reason, resolution, resolved_by, resolved_at, learned_id)
    SELECT id, text, lang, asked_at, reason, resolution, resolved_by, resolved_at, learned_id
    FROM unanswered_questions;
DROP TABLE unanswered_questions;
ALTER TABLE unanswered_questions_new RENAME TO unanswered_questions;
CREATE INDEX unanswered_questions_asked_at ON unanswered_questions (asked_at);

-- An answer the bot gave, so that its 👍 / 👎 buttons name it in a few bytes. No user, no chat:
-- the entries answered (a JSON array, the main one first), the language, and the question's text
-- only for a week (like a "did you mean" offer), so that a 👎 can log it as a miss.
CREATE TABLE answers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entries     TEXT NOT NULL,
    question    TEXT,
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'fa')),
    answered_at INTEGER NOT NULL
);
CREATE INDEX answers_answered_at ON answers (answered_at);

-- One vote per user and answer; a second tap changes it. `miss_id` is the miss a 👎 logged, removed
-- again when the vote turns to 👍. `/forget_me` deletes a user's votes.
CREATE TABLE votes (
    answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    helpful   INTEGER NOT NULL,
    detail    TEXT CHECK (detail IN ('wrong_topic', 'out_of_date', 'not_enough_detail')),
    miss_id   INTEGER,
    voted_at  INTEGER NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE INDEX votes_voted_at ON votes (voted_at);
CREATE INDEX votes_user ON votes (user_id);

-- A question for programme staff. A draft is what the user is shown to confirm; `number` (#N) is
-- given when it is sent. Texts (question, shared name) are wiped TICKET_RETENTION_DAYS after
-- closing, and at once by `/forget_me` (status `deleted`, the row kept so replies to its card are
-- refused rather than answered as questions).
CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    number       INTEGER UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'cancelled', 'deleted')),
    origin       TEXT NOT NULL CHECK (origin IN ('dont_know', 'unhelpful', 'command')),
    user_id      INTEGER,
    chat_id      INTEGER,
    reply_to     INTEGER,  -- the user's message that relayed answers reply to
    lang         TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'fa')),
    question     TEXT,
    answered     TEXT,     -- JSON array of the entries the bot answered with, if any
    detail       TEXT,     -- the 👎 follow-up the user chose, if any
    miss_id      INTEGER,
    shared_name  TEXT,     -- only when the user tapped "Share my name"
    created_at   INTEGER NOT NULL,
    submitted_at INTEGER,
    closed_at    INTEGER,
    closed_by    INTEGER,
    relay_error  TEXT      -- why the last relay to the user failed, shown on the card
);
CREATE INDEX tickets_user ON tickets (user_id, submitted_at);
CREATE INDEX tickets_status ON tickets (status, submitted_at);

-- Every message of a ticket's thread, in the staff chat (the card, staff replies, the user's
-- answers relayed) and in the user's chat (staff answers relayed): a reply to any of them belongs
-- to the ticket. `origin_id` is the message in the other chat this one relays.
CREATE TABLE ticket_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    is_card    INTEGER NOT NULL DEFAULT 0,
    origin_id  INTEGER,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id);
