-- Broadcasts as staff compose them (issue 13): any message copied as-is, scheduled, paused, with
-- live progress and a delivery report. Columns only are added, so broadcasts written before this
-- migration (HTML text in `html`, sent on confirm) read back and are delivered as before.

-- What is sent. `html` keeps the legacy HTML text ('html') or the inline text ('text', with its
-- `entities` as Bot API JSON); a copied message or album names its source chat and message ids
-- (a JSON array) and the media kind ('text', 'photo', …, 'album').
ALTER TABLE broadcasts ADD COLUMN content_kind TEXT NOT NULL DEFAULT 'html'
    CHECK (content_kind IN ('html', 'text', 'photo', 'video', 'document', 'audio', 'voice',
                            'animation', 'album'));
ALTER TABLE broadcasts ADD COLUMN entities TEXT;
ALTER TABLE broadcasts ADD COLUMN source_chat_id INTEGER;
ALTER TABLE broadcasts ADD COLUMN source_message_ids TEXT;

-- When it goes out: NULL sends on confirm; otherwise the deliveries are written (the audience is
-- counted) at `scheduled_at` (unix seconds), which `started_at` records. A paused broadcast keeps
-- its pending deliveries but none is sent until it is resumed.
ALTER TABLE broadcasts ADD COLUMN scheduled_at INTEGER;
ALTER TABLE broadcasts ADD COLUMN started_at INTEGER;
ALTER TABLE broadcasts ADD COLUMN paused_at INTEGER;

-- Who confirmed it, and the confirmation message edited with its progress (in `staff_lang`); the
-- delivery report goes to that staff member once, when `report_sent_at` is set.
ALTER TABLE broadcasts ADD COLUMN confirmed_by INTEGER;
ALTER TABLE broadcasts ADD COLUMN progress_chat_id INTEGER;
ALTER TABLE broadcasts ADD COLUMN progress_message_id INTEGER;
ALTER TABLE broadcasts ADD COLUMN staff_lang TEXT CHECK (staff_lang IN ('en', 'ru', 'fa'));
ALTER TABLE broadcasts ADD COLUMN report_sent_at INTEGER;
CREATE INDEX broadcasts_scheduled ON broadcasts (status, scheduled_at);

-- For the report: the recipient's language and the subscription that reached them, as they were
-- when the delivery was written (NULL for deliveries written before this migration).
ALTER TABLE deliveries ADD COLUMN lang TEXT;
ALTER TABLE deliveries ADD COLUMN topic TEXT;

-- The parts of albums staff sent to the bot, so that `/broadcast` as a reply to one part copies the
-- whole album (Telegram delivers an album as one message per part, sharing `media_group_id`).
-- Kept a few days.
CREATE TABLE album_parts (
    chat_id        INTEGER NOT NULL,
    media_group_id TEXT NOT NULL,
    message_id     INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    caption_length INTEGER NOT NULL,
    seen_at        INTEGER NOT NULL,
    PRIMARY KEY (chat_id, media_group_id, message_id)
);
CREATE INDEX album_parts_seen_at ON album_parts (seen_at);
