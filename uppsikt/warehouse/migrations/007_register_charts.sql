-- Schema version 7: two more registers (see 004_registers.sql for how registers keep their
-- monthly history): the managed objects' effects towards the regional goals, charted as the
-- share of effects per goal, and the annual wheel of strategic planning activities.

CREATE TABLE register_objektforvaltning (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    object           VARCHAR,
    effect           VARCHAR,
    regional_goal    VARCHAR,
    area             VARCHAR,
    owner            VARCHAR
);

CREATE VIEW register_objektforvaltning_current AS
    SELECT r.* FROM register_objektforvaltning r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'objektforvaltning'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_arshjul (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    month            INTEGER,
    area             VARCHAR,
    activity         VARCHAR,
    responsible      VARCHAR
);

CREATE VIEW register_arshjul_current AS
    SELECT r.* FROM register_arshjul r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'arshjul'
     AND a.batch_id = r.batch_id AND a.period = r.period;
