"""KPI metrics: observations (stored, or totals computed from their parts) and what is derived
from them (changes in units and percentage points, target attainment, trend), plus privacy
suppression of small groups.

The warehouse does the selecting and aggregating (:class:`KpiMetrics`); the derived figures
are pure functions on exact decimals, so they can be tested against hand-computed values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import combinations

import duckdb

from uppsikt.config._kpis import PERIOD_MONTHS, KpiDef
from uppsikt.metrics._arithmetic import change, change_pct
from uppsikt.periods import add_months

__all__ = [
    "KPI_QUERY",
    "KpiCube",
    "KpiMetrics",
    "Observation",
    "attainment",
    "kpi_change",
    "latest_period",
    "secondary_suppression",
    "trend",
]

Value = Decimal | None
# A breakdown key: one value code per breakdown of the KPI, in its order; None is the total.
Key = tuple[str | None, ...]

KPI_QUERY = "kpi_observations"


@dataclass(frozen=True)
class Observation:
    """A KPI's value for a period and breakdown key; ``computed``: summed from its parts."""

    value: Decimal
    numerator: Value = None
    denominator: Value = None
    group_size: int | None = None
    computed: bool = False


# -- pure arithmetic ----------------------------------------------------------------------


def kpi_change(current: Value, prior: Value, unit: str) -> Value:
    """Change vs a prior value: percentage points for a % KPI (current − prior), otherwise
    the change in the size of the value (a cost of −62,9 vs −57,9 grew by +5,0)."""
    if current is None or prior is None:
        return None
    if unit == "%":
        return current - prior
    return change(current, prior)


def kpi_change_pct(current: Value, prior: Value) -> Value:
    """Relative change on signed values, as a ratio (−66,8 vs −68,8 → −0,029)."""
    return change_pct(current, prior)


def attainment(value: Value, target: Value, direction: str) -> Value:
    """Target attainment as a ratio, 1 when the target is just met: value / target when
    higher is better, target / value when lower is better (None without a target or at 0)."""
    if value is None or target is None:
        return None
    numerator, denominator = (value, target) if direction == "higher" else (target, value)
    if denominator == 0:
        return None
    return numerator / denominator


def trend(values: Sequence[Value]) -> Value:
    """Least-squares slope per period of a series (oldest first); None with fewer than two
    values or any gap."""
    if len(values) < 2 or any(v is None for v in values):
        return None
    points = [Decimal(v) for v in values if v is not None]
    count = len(points)
    # x = 0..n-1 doubled around the mean to stay in integers: x' = 2x − (n − 1).
    xs = [2 * x - (count - 1) for x in range(count)]
    mean = sum(points, Decimal(0)) / count
    numerator = sum((Decimal(x) * (y - mean) for x, y in zip(xs, points, strict=True)), Decimal(0))
    denominator = Decimal(sum(x * x for x in xs))
    return numerator * 2 / denominator


def latest_period(kpi: KpiDef, report_period: date) -> date:
    """The KPI's period a report month shows: the last period end at or before the month
    less the KPI's lag (June for the July report of a monthly KPI with lag 1)."""
    month = add_months(report_period, -kpi.lag)
    step = PERIOD_MONTHS[kpi.periodicity]
    return add_months(month, -((month.month % step) if step > 1 else 0))


def secondary_suppression(
    suppressed: set[Key],
    group_sizes: dict[Key, int | None],
    additive: Sequence[int],
) -> set[Key]:
    """Cells to suppress so that no suppressed cell can be recomputed from a visible total.

    For every additive breakdown position ``d`` and every slice of keys that differ only in
    ``d``: when the slice's total (``d`` = None) is visible and exactly one of its parts is
    suppressed, the smallest other part is suppressed too. Repeats until nothing changes.
    """
    hidden = set(suppressed)
    changed = True
    while changed:
        changed = False
        for position in additive:
            slices: dict[Key, list[Key]] = {}
            for key in group_sizes:
                if key[position] is not None:
                    rest = (*key[:position], None, *key[position + 1 :])
                    slices.setdefault(rest, []).append(key)
            for total, parts in slices.items():
                if total not in group_sizes or total in hidden:
                    continue
                hidden_parts = [p for p in parts if p in hidden]
                visible = [p for p in parts if p not in hidden]
                if len(hidden_parts) == 1 and visible:
                    smallest = min(visible, key=lambda p: (group_sizes[p] or 0, p))
                    hidden.add(smallest)
                    changed = True
    return hidden


# -- the warehouse ------------------------------------------------------------------------


@dataclass
class KpiCube:
    """A KPI's observations for some periods, with the keys suppressed for privacy."""

    kpi: KpiDef
    cells: dict[tuple[date, Key], Observation]
    hidden: set[tuple[date, Key]] = field(default_factory=set)

    def key(self, where: dict[str, str | None]) -> Key:
        return tuple(where.get(b) for b in self.kpi.breakdown_ids)

    def get(self, period: date, key: Key) -> Observation | None:
        return self.cells.get((period, key))

    def is_hidden(self, period: date, key: Key) -> bool:
        return (period, key) in self.hidden

    def value(self, period: date, key: Key) -> Value:
        """The value, or None when missing or suppressed."""
        if self.is_hidden(period, key):
            return None
        found = self.cells.get((period, key))
        return found.value if found else None


class KpiMetrics:
    """Reads KPI observations in force (``kpi_observations_current``) for report blocks."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def cube(self, kpi: KpiDef, periods: Iterable[date]) -> KpiCube:
        """Every stored observation of ``kpi`` in ``periods``, and the totals its aggregation
        computes from the parts of additive breakdowns; small groups suppressed."""
        wanted = sorted(set(periods))
        names = kpi.breakdown_ids
        dims = "".join(f", breakdown['{b}'] AS b_{b}" for b in names)
        cols = "".join(f", b_{b}" for b in names)
        stored = (
            f"SELECT period{dims}, value, numerator, denominator, group_size, false AS computed "
            "FROM kpi_observations_current WHERE kpi = $kpi AND list_contains($periods, period)"
        )
        sql = stored
        additive = [b.id for b in kpi.breakdowns if b.additive]
        if kpi.aggregation != "none" and additive:
            fixed = [b for b in names if b not in additive]
            sets = [
                "("
                + ", ".join(["period", *[f"b_{b}" for b in fixed], *[f"b_{b}" for b in s]])
                + ")"
                for size in range(len(additive) + 1)
                for s in combinations(additive, size)
            ]
            scale = "100" if kpi.unit == "%" else "1"
            aggregate = (
                "sum(value)"
                if kpi.aggregation == "sum"
                else f"CAST(sum(numerator) * {scale} / sum(denominator) AS DECIMAL(24, 6))"
            )
            leaves = " AND ".join(f"b_{b} IS NOT NULL" for b in names)
            match = " AND ".join(f"s.b_{b} IS NOT DISTINCT FROM c.b_{b}" for b in names)
            sql = f"""
                WITH s AS ({stored}),
                c AS (
                    SELECT period{cols}, {aggregate} AS value, sum(numerator) AS numerator,
                           sum(denominator) AS denominator,
                           CASE WHEN count(group_size) = count(*) THEN sum(group_size) END
                               AS group_size,
                           true AS computed
                    FROM s WHERE {leaves}
                    GROUP BY GROUPING SETS ({", ".join(sets)})
                )
                SELECT * FROM s
                UNION ALL
                SELECT * FROM c WHERE NOT EXISTS
                    (SELECT 1 FROM s WHERE s.period = c.period AND {match})
            """
        rows = self.con.execute(sql, {"kpi": kpi.id, "periods": wanted}).fetchall()
        cells: dict[tuple[date, Key], Observation] = {}
        count = len(names)
        for row in rows:
            key: Key = tuple(row[1 : 1 + count])
            value, numerator, denominator, group_size, computed = row[1 + count :]
            if value is None:
                continue
            cells[(row[0], key)] = Observation(
                value, numerator, denominator, group_size, bool(computed)
            )
        return KpiCube(kpi, cells, _hidden(kpi, cells))


def _hidden(kpi: KpiDef, cells: dict[tuple[date, Key], Observation]) -> set[tuple[date, Key]]:
    """Primary suppression (group at or below the threshold), then secondary per period."""
    threshold = kpi.privacy_threshold
    if threshold is None:
        return set()
    additive = [i for i, b in enumerate(kpi.breakdowns) if b.additive]
    hidden: set[tuple[date, Key]] = set()
    for period in {p for p, _ in cells}:
        sizes = {k: o.group_size for (p, k), o in cells.items() if p == period}
        primary = {k for k, size in sizes.items() if size is None or size <= threshold}
        hidden |= {(period, k) for k in secondary_suppression(primary, sizes, additive)}
    return hidden
