-- Schema version 5: commentary, the Markdown text a responsible person writes per period and key
-- (a section or block id). Each save is a batch of kind 'commentary' whose batch_periods rows
-- name the month (period) and the key (part), so a new text supersedes the old one for that
-- key only; every earlier text is kept and the text as of any batch can be reconstructed.
CREATE TABLE commentary (
    batch_id   INTEGER NOT NULL,
    period     DATE NOT NULL,       -- first of the month the text comments on
    key        VARCHAR NOT NULL,    -- the comment's key, e.g. a block id
    markdown   VARCHAR NOT NULL,    -- the text as saved (UTF-8, LF line endings)
    text_hash  VARCHAR NOT NULL,    -- SHA-256 of the UTF-8 bytes of markdown
    author     VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL
);

CREATE VIEW commentary_current AS
    SELECT c.* FROM commentary c
    JOIN current_batch_periods a
      ON a.kind = 'commentary' AND a.batch_id = c.batch_id AND a.period = c.period
     AND a.part = c.key;
