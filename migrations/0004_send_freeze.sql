-- Until when all sending is frozen after a 429 (unix milliseconds): one row at most, so a restart
-- during a freeze does not send early.
CREATE TABLE send_freeze (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    until_ms INTEGER NOT NULL
);
