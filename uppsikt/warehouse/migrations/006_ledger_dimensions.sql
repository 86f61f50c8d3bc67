-- Schema version 6: the optional ledger columns activity and project are stored only for the
-- files that have them. DuckDB spends about as much writing an all-NULL column as a real one
-- (two of them cost a fifth of a large import), and most ledgers have neither column.
--
-- `ledger` keeps every ledger row, now without activity and project. A file that has either
-- column is stored a second time, whole and with both columns, in ledger_dimensions (so are
-- the batches stored before this version that have a value in either column).
-- ledger_dimensions_current holds those rows in force; ledger_current keeps its columns, with
-- activity and project empty.
CREATE TABLE ledger_dimensions AS
    SELECT batch_id, period, unit, account, amount, counterpart, activity, project
    FROM ledger
    WHERE batch_id IN (SELECT batch_id FROM ledger
                       WHERE activity IS NOT NULL OR project IS NOT NULL);

ALTER TABLE ledger DROP COLUMN activity;
ALTER TABLE ledger DROP COLUMN project;

CREATE OR REPLACE VIEW ledger_current AS
    SELECT l.*, CAST(NULL AS VARCHAR) AS activity, CAST(NULL AS VARCHAR) AS project
    FROM ledger l
    JOIN current_batch_periods a
      ON a.kind = 'ledger' AND a.batch_id = l.batch_id AND a.period = l.period;

CREATE VIEW ledger_dimensions_current AS
    SELECT d.* FROM ledger_dimensions d
    JOIN current_batch_periods a
      ON a.kind = 'ledger' AND a.batch_id = d.batch_id AND a.period = d.period;
