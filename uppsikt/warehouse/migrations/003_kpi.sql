-- Schema version 3: KPI observations (uppsikt import FILE --kind kpi).
-- A batch covers (period, kpi) pairs: batch_periods.part is the KPI id, so files of different
-- KPIs never replace each other, and a new file for a KPI replaces only the periods it holds.
-- `breakdown` holds the non-empty breakdown cells (column -> value code); a breakdown missing
-- from the map is the total over that breakdown. `breakdown_key` is its canonical text form
-- ("kon=kvinnor;langd=1-14", sorted by column), the identity of an observation with kpi/period.
CREATE TABLE kpi_observations (
    batch_id      INTEGER NOT NULL,
    kpi           VARCHAR NOT NULL,
    period        DATE NOT NULL,
    breakdown     MAP(VARCHAR, VARCHAR) NOT NULL,
    breakdown_key VARCHAR NOT NULL,
    value         DECIMAL(24, 6) NOT NULL,
    numerator     DECIMAL(24, 6),
    denominator   DECIMAL(24, 6),
    group_size    BIGINT,
    row_number    BIGINT NOT NULL
);

CREATE VIEW kpi_observations_current AS
    SELECT o.* FROM kpi_observations o
    JOIN current_batch_periods a
      ON a.kind = 'kpi' AND a.batch_id = o.batch_id AND a.period = o.period AND a.part = o.kpi;
