"""What the register blocks compute, in SQL: programme sums and deviations, the investment
plan's totals, the budget bridge's running frame, risk values and the risk matrix, the share
of rows per value of a column and the annual wheel's activities.

Each function reads one register's rows in force for one reported month and returns a
report-sized answer; the report builder only formats it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb

__all__ = [
    "PROGRAM_MEASURES",
    "BridgeRow",
    "InvestmentPlan",
    "ProgramRow",
    "Share",
    "Shares",
    "budget_bridge",
    "goal_rows",
    "investment_plan",
    "program_rows",
    "risk_level",
    "risk_matrix",
    "risk_rows",
    "shares",
    "wheel_rows",
]

PROGRAM_MEASURES = (
    "budget",
    "forecast",
    "forecast_deviation",
    "actual_ytd",
    "actual_vs_budget",
    "actual_vs_forecast",
)

# A leaf row's deviations. A row without a budget shows no forecast deviation, but all its
# actual counts against the budget (the seed's "Omprioriterade linjeresurser": 2 and 2).
# A sum row adds its leaves' values and deviations; a value missing from any leaf leaves the
# sum empty (the seed's "Summa: FVIS-programmet" has no budget and no forecast deviation).
PROGRAM_SQL = """
WITH RECURSIVE lines AS (
    SELECT row_no, item, parent, budget, forecast, actual_ytd
    FROM register_programbudget_current WHERE period = $month AND program = $program
),
sums AS (SELECT DISTINCT parent AS item FROM lines WHERE parent IS NOT NULL),
leaves AS (
    SELECT item, budget, forecast, actual_ytd,
           budget - forecast AS forecast_deviation,
           actual_ytd - coalesce(budget, 0) AS actual_vs_budget,
           actual_ytd - forecast AS actual_vs_forecast
    FROM lines WHERE item NOT IN (SELECT item FROM sums)
),
reach(ancestor, item) AS (
    SELECT item, item FROM lines
    UNION
    SELECT l.parent, reach.item FROM reach JOIN lines l ON l.item = reach.ancestor
    WHERE l.parent IS NOT NULL
)
SELECT r.item, r.item IN (SELECT item FROM sums) AS is_sum, {aggregates}
FROM lines r
JOIN reach ON reach.ancestor = r.item
JOIN leaves l ON l.item = reach.item
GROUP BY r.item, r.row_no
ORDER BY r.row_no
"""


@dataclass(frozen=True)
class ProgramRow:
    item: str
    is_sum: bool
    values: dict[str, Decimal | None]


def program_rows(
    con: duckdb.DuckDBPyConnection, month: date, program: str
) -> tuple[list[ProgramRow], str | None]:
    """The programme's rows with computed deviations and sums, and its forecast version."""
    aggregates = ", ".join(
        f"CASE WHEN count(l.{m}) = count(*) THEN sum(l.{m}) END AS {m}" for m in PROGRAM_MEASURES
    )
    params = {"month": month, "program": program}
    rows = con.execute(PROGRAM_SQL.format(aggregates=aggregates), params).fetchall()
    version = con.execute(
        "SELECT min(forecast_version) FROM register_programbudget_current "
        "WHERE period = $month AND program = $program",
        params,
    ).fetchone()[0]
    result = [
        ProgramRow(r[0], bool(r[1]), dict(zip(PROGRAM_MEASURES, r[2:], strict=True))) for r in rows
    ]
    return result, version


@dataclass(frozen=True)
class InvestmentPlan:
    years: list[int]
    areas: list[str]
    amounts: dict[tuple[str | None, int | None], Decimal]  # (area, year); None = all


def investment_plan(con: duckdb.DuckDBPyConnection, month: date) -> InvestmentPlan:
    """Amounts per area and year with the totals per area, per year and overall."""
    rows = con.execute(
        """
        SELECT area, year, sum(amount), min(row_no)
        FROM register_investeringsplan_current WHERE period = ?
        GROUP BY GROUPING SETS ((area, year), (area), (year), ())
        """,
        [month],
    ).fetchall()
    years = sorted({r[1] for r in rows if r[1] is not None})
    first_row = {r[0]: r[3] for r in rows if r[0] is not None and r[1] is None}
    areas = sorted(first_row, key=lambda a: first_row[a])
    return InvestmentPlan(years, areas, {(r[0], r[1]): r[2] for r in rows})


@dataclass(frozen=True)
class BridgeRow:
    item: str
    type: str
    amount: Decimal
    frame: Decimal | None  # the frame after this row
    reason: str | None


def budget_bridge(con: duckdb.DuckDBPyConnection, month: date) -> list[BridgeRow]:
    """Start frame, each change with the frame after it, and the end frame they sum to.

    The end frame is computed (start + changes); a typed end row only lends its label (the
    import refuses one that does not add up).
    """
    rows = con.execute(
        """
        WITH lines AS (
            SELECT * FROM register_budgetbrygga_current WHERE period = ?
        ),
        steps AS (
            SELECT item, type, amount, reason, row_no,
                   sum(amount) OVER (ORDER BY (type = 'förändring'), row_no) AS frame
            FROM lines WHERE type <> 'utgående ram'
        )
        SELECT item, type, amount, frame, reason, row_no FROM steps
        UNION ALL
        SELECT coalesce((SELECT min(item) FROM lines WHERE type = 'utgående ram'),
                        'Utgående ram'),
               'utgående ram', sum(amount), NULL, NULL, NULL
        FROM steps HAVING count(*) > 0
        ORDER BY (type = 'utgående ram'), (type = 'förändring'), row_no
        """,
        [month],
    ).fetchall()
    return [BridgeRow(*r[:5]) for r in rows]


def risk_level(value: int) -> str:
    """The traffic light of a risk value (probability × consequence, 1-16):
    1-3 low (good), 4-6 medium (warning), 8-16 high (bad)."""
    if value >= 8:
        return "bad"
    if value >= 4:
        return "warning"
    return "good"


def risk_rows(con: duckdb.DuckDBPyConnection, month: date) -> list[dict[str, Any]]:
    """The risks with their value, highest first (then in file order)."""
    result = con.execute(
        """
        SELECT id, risk, probability, consequence, probability * consequence AS value,
               owner, measures
        FROM register_risker_current WHERE period = ?
        ORDER BY value DESC, row_no
        """,
        [month],
    )
    names = [d[0] for d in result.description]
    return [dict(zip(names, r, strict=True)) for r in result.fetchall()]


def risk_matrix(con: duckdb.DuckDBPyConnection, month: date) -> list[tuple[int, int, str, int]]:
    """Every cell of the 4 × 4 matrix: (probability, consequence, risk ids, count), highest
    probability first."""
    return con.execute(
        """
        SELECT p, c, coalesce(string_agg(r.id, ', ' ORDER BY r.row_no), ''), count(r.id)
        FROM range(1, 5) ps(p) CROSS JOIN range(1, 5) cs(c)
        LEFT JOIN (SELECT * FROM register_risker_current WHERE period = ?) r
          ON r.probability = p AND r.consequence = c
        GROUP BY p, c ORDER BY p DESC, c
        """,
        [month],
    ).fetchall()


def goal_rows(con: duckdb.DuckDBPyConnection, month: date) -> list[dict[str, Any]]:
    """Indicators grouped by goal and sub-goal, each group where it first appears."""
    result = con.execute(
        """
        SELECT * FROM register_indikatorer_current WHERE period = ?
        ORDER BY min(row_no) OVER (PARTITION BY goal),
                 min(row_no) OVER (PARTITION BY goal, sub_goal), row_no
        """,
        [month],
    )
    names = [d[0] for d in result.description]
    return [dict(zip(names, r, strict=True)) for r in result.fetchall()]


@dataclass(frozen=True)
class Share:
    """One value of the charted column: how many rows (or distinct objects) have it, and
    their share of all rows (or of all objects)."""

    value: str | None
    count: int
    share: Decimal


@dataclass(frozen=True)
class Shares:
    values: list[Share]
    rows: int  # rows of the register in force
    objects: int  # distinct non-empty values of the object column (rows without one)


def shares(
    con: duckdb.DuckDBPyConnection,
    view: str,
    month: date,
    by: str,
    objects: str | None = None,
    *,
    per_object: bool = False,
    order: str = "share",
) -> Shares:
    """Each value of column ``by`` with its count and share: of the rows, or with
    ``per_object`` of the distinct ``objects`` (an object with two rows of one value counts
    once, so the shares may add up to more than 100 %). Largest share first (ties in file
    order), or with ``order="file"`` in the order the values first appear.

    ``view``, ``by`` and ``objects`` are identifiers checked against the register catalog
    when the report definition is loaded.
    """
    objects_expr = objects or "row_no"
    counted = "count(DISTINCT object)" if per_object else "count(*)"
    result = con.execute(
        f"""
        WITH lines AS (
            SELECT {by} AS value, {objects_expr} AS object, row_no
            FROM {view} WHERE period = ?
        )
        SELECT value, {counted} AS n, min(row_no) AS first_row,
               (SELECT count(*) FROM lines) AS rows,
               (SELECT count(DISTINCT object) FROM lines) AS objects
        FROM lines GROUP BY value
        """,
        [month],
    ).fetchall()
    if not result:
        return Shares([], 0, 0)
    rows, distinct = result[0][3], result[0][4]
    total = distinct if per_object else rows
    ranked = sorted(result, key=lambda r: (-r[1], r[2]) if order == "share" else (r[2],))
    values = [Share(r[0], r[1], Decimal(r[1]) / Decimal(total)) for r in ranked]
    return Shares(values, rows, distinct)


def wheel_rows(con: duckdb.DuckDBPyConnection, month: date) -> list[dict[str, Any]]:
    """The annual wheel's activities by month of the year, each month in file order."""
    result = con.execute(
        "SELECT * FROM register_arshjul_current WHERE period = ? ORDER BY month, row_no",
        [month],
    )
    names = [d[0] for d in result.description]
    return [dict(zip(names, r, strict=True)) for r in result.fetchall()]
