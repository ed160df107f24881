-- Each chat's chosen answer language (NULL until the chat picks one with /lang).
CREATE TABLE chats (
    chat_id    INTEGER PRIMARY KEY,
    lang       TEXT CHECK (lang IN ('en', 'ru', 'fa')),
    updated_at INTEGER NOT NULL -- unix seconds
);

-- Questions the bot could not answer, for curating the knowledge base. Deliberately no user id,
-- chat id or name: only what was asked, in which language, and when.
CREATE TABLE unanswered_questions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    text     TEXT NOT NULL,
    lang     TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'fa')),
    asked_at INTEGER NOT NULL -- unix seconds
);
CREATE INDEX unanswered_questions_asked_at ON unanswered_questions (asked_at);
