-- Schema version 1: import batches and the five contract tables.
-- Every stored row carries the batch it came from; nothing is deleted by a later import.
-- Which rows are current is derived from the batches (see the views at the end).

CREATE TABLE batches (
    batch_id     INTEGER PRIMARY KEY,
    kind         VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    file_hash    VARCHAR NOT NULL,
    imported_at  TIMESTAMP NOT NULL,
    imported_by  VARCHAR NOT NULL,
    row_count    BIGINT NOT NULL,
    first_period DATE,
    last_period  DATE,
    warnings     VARCHAR[] NOT NULL
);

-- The periods a batch covers. For snapshot kinds (units, accounts) the period is NULL.
-- `part` splits a period further where a kind needs it: a budget's version, so that
-- importing version B2 does not replace B1.
CREATE TABLE batch_periods (
    batch_id INTEGER NOT NULL,
    kind     VARCHAR NOT NULL,
    source   VARCHAR NOT NULL,
    period   DATE,
    part     VARCHAR
);

CREATE TABLE units (
    batch_id   INTEGER NOT NULL,
    unit       VARCHAR,
    name       VARCHAR,
    parent     VARCHAR,
    level      VARCHAR,
    valid_from DATE,
    valid_to   DATE,
    sort_order INTEGER
);

CREATE TABLE accounts (
    batch_id INTEGER NOT NULL,
    account  VARCHAR,
    name     VARCHAR,
    line     VARCHAR
);

CREATE TABLE ledger (
    batch_id    INTEGER NOT NULL,
    period      DATE,
    unit        VARCHAR,
    account     VARCHAR,
    amount      DECIMAL(18, 2),
    counterpart VARCHAR,
    activity    VARCHAR,
    project     VARCHAR
);

CREATE TABLE budget (
    batch_id INTEGER NOT NULL,
    period   DATE,
    unit     VARCHAR,
    account  VARCHAR,
    amount   DECIMAL(18, 2),
    version  VARCHAR
);

CREATE TABLE forecast (
    batch_id INTEGER NOT NULL,
    made_in  DATE,
    year     INTEGER,
    unit     VARCHAR,
    line     VARCHAR,
    amount   DECIMAL(18, 2),
    version  VARCHAR
);

-- The batch in force for each kind, source and period: the latest one imported.
-- `upto` lets a caller see the warehouse as it was after a given batch.
CREATE MACRO active_batch_periods(upto) AS TABLE
    SELECT kind, source, period, part, max(batch_id) AS batch_id
    FROM batch_periods
    WHERE batch_id <= upto
    GROUP BY kind, source, period, part;

CREATE VIEW current_batch_periods AS
    SELECT * FROM active_batch_periods(2147483647);

CREATE VIEW units_current AS
    SELECT u.* FROM units u
    JOIN current_batch_periods a ON a.kind = 'units' AND a.batch_id = u.batch_id;

CREATE VIEW accounts_current AS
    SELECT x.* FROM accounts x
    JOIN current_batch_periods a ON a.kind = 'accounts' AND a.batch_id = x.batch_id;

CREATE VIEW ledger_current AS
    SELECT l.* FROM ledger l
    JOIN current_batch_periods a
      ON a.kind = 'ledger' AND a.batch_id = l.batch_id AND a.period = l.period;

CREATE VIEW budget_current AS
    SELECT b.* FROM budget b
    JOIN current_batch_periods a
      ON a.kind = 'budget' AND a.batch_id = b.batch_id AND a.period = b.period
     AND a.part = b.version;

CREATE VIEW forecast_current AS
    SELECT f.* FROM forecast f
    JOIN current_batch_periods a
      ON a.kind = 'forecast' AND a.batch_id = f.batch_id AND a.period = f.made_in;
