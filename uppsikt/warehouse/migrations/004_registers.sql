-- Schema version 4: registers kept in the workspace, each with its monthly history.
-- A register file is imported for a month: one batch with kind 'register', source and part
-- the register's name, and the month as its period. A later import for the same register and
-- month supersedes it there; the `*_current` views read only the batches in force through
-- `current_batch_periods`, so the warehouse as of any earlier batch can be rebuilt.
-- `row_no` is the row of the file (header = 1): registers keep the order they were typed in.

CREATE TABLE register_fullmaktigeuppdrag (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    id               VARCHAR,
    responsible      VARCHAR,
    assignment       VARCHAR,
    status           VARCHAR,
    comment          VARCHAR
);

CREATE VIEW register_fullmaktigeuppdrag_current AS
    SELECT r.* FROM register_fullmaktigeuppdrag r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'fullmaktigeuppdrag'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_clg_fokusomraden (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    id               VARCHAR,
    responsible      VARCHAR,
    area             VARCHAR,
    sub_goal         VARCHAR,
    activity         VARCHAR,
    status           VARCHAR
);

CREATE VIEW register_clg_fokusomraden_current AS
    SELECT r.* FROM register_clg_fokusomraden r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'clg_fokusomraden'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_utvecklingsportfolj (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    initiative       VARCHAR,
    time             VARCHAR,
    cost             VARCHAR,
    result           VARCHAR,
    resources        VARCHAR,
    project_manager  VARCHAR,
    orderer          VARCHAR
);

CREATE VIEW register_utvecklingsportfolj_current AS
    SELECT r.* FROM register_utvecklingsportfolj r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'utvecklingsportfolj'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_programbudget (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    program          VARCHAR,
    item             VARCHAR,
    parent           VARCHAR,
    budget           DECIMAL(18, 2),
    forecast         DECIMAL(18, 2),
    actual_ytd       DECIMAL(18, 2),
    forecast_version VARCHAR
);

CREATE VIEW register_programbudget_current AS
    SELECT r.* FROM register_programbudget r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'programbudget'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_fastighetsportfolj (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    project_number   VARCHAR,
    project          VARCHAR,
    project_manager  VARCHAR,
    phase            VARCHAR,
    time             VARCHAR,
    budget           VARCHAR,
    resources        VARCHAR
);

CREATE VIEW register_fastighetsportfolj_current AS
    SELECT r.* FROM register_fastighetsportfolj r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'fastighetsportfolj'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_indikatorer (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    id               VARCHAR,
    goal             VARCHAR,
    sub_goal         VARCHAR,
    indicator        VARCHAR,
    unit             VARCHAR,
    decimals         INTEGER,
    base_year        INTEGER,
    base_value       DECIMAL(18, 2),
    target_year      INTEGER,
    target_value     DECIMAL(18, 2),
    periodicity      VARCHAR,
    latest_period    VARCHAR,
    latest_value     DECIMAL(18, 2),
    status           VARCHAR
);

CREATE VIEW register_indikatorer_current AS
    SELECT r.* FROM register_indikatorer r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'indikatorer'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_risker (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    id               VARCHAR,
    risk             VARCHAR,
    probability      INTEGER,
    consequence      INTEGER,
    owner            VARCHAR,
    measures         VARCHAR
);

CREATE VIEW register_risker_current AS
    SELECT r.* FROM register_risker r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'risker'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_investeringsplan (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    area             VARCHAR,
    year             INTEGER,
    amount           DECIMAL(18, 2)
);

CREATE VIEW register_investeringsplan_current AS
    SELECT r.* FROM register_investeringsplan r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'investeringsplan'
     AND a.batch_id = r.batch_id AND a.period = r.period;

CREATE TABLE register_budgetbrygga (
    batch_id         INTEGER NOT NULL,
    period           DATE NOT NULL,
    row_no           INTEGER NOT NULL,
    item             VARCHAR,
    type             VARCHAR,
    amount           DECIMAL(18, 2),
    reason           VARCHAR
);

CREATE VIEW register_budgetbrygga_current AS
    SELECT r.* FROM register_budgetbrygga r
    JOIN current_batch_periods a
      ON a.kind = 'register' AND a.part = 'budgetbrygga'
     AND a.batch_id = r.batch_id AND a.period = r.period;

-- The months each register has been reported for, and the batch in force for each.
CREATE VIEW register_months AS
    SELECT part AS register, period, batch_id
    FROM current_batch_periods
    WHERE kind = 'register';
