-- Chats that subscribed to announcements. `active` goes to 0 when Telegram says the chat blocked
-- the bot or no longer exists, and back to 1 on the chat's next /start or /subscribe.
CREATE TABLE subscribers (
    chat_id      INTEGER PRIMARY KEY,
    lang         TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'fa')),
    active       INTEGER NOT NULL DEFAULT 1,
    inactive_why TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE subscriptions (
    chat_id INTEGER NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE,
    topic   TEXT NOT NULL CHECK (topic IN ('all', 'meetings', 'business', 'universities', 'research')),
    PRIMARY KEY (chat_id, topic)
);

-- An announcement. A draft becomes queued only by a staff member's Confirm, in the same
-- transaction that writes one delivery row per recipient (the outbox).
CREATE TABLE broadcasts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by   INTEGER NOT NULL, -- the staff member's Telegram user id
    topic        TEXT NOT NULL,
    lang         TEXT CHECK (lang IN ('en', 'ru', 'fa')),
    html         TEXT NOT NULL,    -- exactly what recipients see (parse mode HTML)
    status       TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'sending', 'done', 'cancelled')),
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER,
    finished_at  INTEGER
);

CREATE TABLE deliveries (
    broadcast_id    INTEGER NOT NULL REFERENCES broadcasts (id),
    chat_id         INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0, -- unix milliseconds; backoff after 5xx and network errors
    last_error      TEXT,
    sent_at         INTEGER,
    PRIMARY KEY (broadcast_id, chat_id)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at, broadcast_id);

-- Every question's outcome for /stats: no text, no user.
CREATE TABLE question_outcomes (
    asked_at INTEGER NOT NULL,
    lang     TEXT NOT NULL,
    answered INTEGER NOT NULL
);
CREATE INDEX question_outcomes_asked_at ON question_outcomes (asked_at);
