-- Schema version 6: the optional ledger columns activity and project are stored only for the
-- files that have them. DuckDB spends about as much writing an all-NULL column as a real one
-- (two of them cost a fifth of a large import), and most ledgers have neither column.
--
-- A file without activity and project goes to ledger_plain, which lacks those columns; any
-- other file goes to ledger_detailed, the former ledger table with every row stored before
-- this version. `ledger` is a view of both, with the same columns as the table it replaces,
-- so every reader (ledger_current among them) sees one ledger as before.
ALTER TABLE ledger RENAME TO ledger_detailed;

CREATE TABLE ledger_plain (
    batch_id    INTEGER NOT NULL,
    period      DATE,
    unit        VARCHAR,
    account     VARCHAR,
    amount      DECIMAL(18, 2),
    counterpart VARCHAR
);

CREATE VIEW ledger AS
    SELECT batch_id, period, unit, account, amount, counterpart,
           CAST(NULL AS VARCHAR) AS activity, CAST(NULL AS VARCHAR) AS project
    FROM ledger_plain
    UNION ALL
    SELECT batch_id, period, unit, account, amount, counterpart, activity, project
    FROM ledger_detailed;

-- The rows in force, as before; joined per table, which DuckDB runs faster than the join over
-- the view of both (measured on the report's aggregation of 10M rows).
CREATE OR REPLACE VIEW ledger_current AS
    SELECT l.*, CAST(NULL AS VARCHAR) AS activity, CAST(NULL AS VARCHAR) AS project
    FROM ledger_plain l
    JOIN current_batch_periods a
      ON a.kind = 'ledger' AND a.batch_id = l.batch_id AND a.period = l.period
    UNION ALL
    SELECT l.* FROM ledger_detailed l
    JOIN current_batch_periods a
      ON a.kind = 'ledger' AND a.batch_id = l.batch_id AND a.period = l.period;
