-- Staff curation (issue 6).

-- How a logged miss came about, and what staff did with it. A miss is open until a staff member
-- attaches it to an entry (as a learned question) or dismisses it; undoing the attachment reopens it.
ALTER TABLE unanswered_questions ADD COLUMN reason TEXT NOT NULL DEFAULT 'unknown'
    CHECK (reason IN ('unknown', 'none_of_these'));
ALTER TABLE unanswered_questions ADD COLUMN resolution TEXT
    CHECK (resolution IN ('attached', 'dismissed'));
ALTER TABLE unanswered_questions ADD COLUMN resolved_by INTEGER;
ALTER TABLE unanswered_questions ADD COLUMN resolved_at INTEGER;
ALTER TABLE unanswered_questions ADD COLUMN learned_id INTEGER;

-- A question answered with "did you mean", kept only so that a "None of these" tap can log it as a
-- miss; like the misses, no user or chat. Rows older than a week are pruned.
CREATE TABLE suggestion_offers (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    text     TEXT NOT NULL,
    lang     TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'fa')),
    asked_at INTEGER NOT NULL
);
CREATE INDEX suggestion_offers_asked_at ON suggestion_offers (asked_at);

-- A question staff attached to an entry: the matcher treats it as one of the entry's questions from
-- the moment it is written. Undo keeps the row (who and when) and sets `removed_*`.
CREATE TABLE learned_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id    TEXT NOT NULL,
    text        TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'fa')),
    added_by    INTEGER NOT NULL,
    added_at    INTEGER NOT NULL,
    removed_by  INTEGER,
    removed_at  INTEGER,
    exported_at INTEGER
);
CREATE INDEX learned_questions_active ON learned_questions (removed_at, entry_id);
