"""How one figure was made: the rows behind it, by unit, account and import batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb

from uppsikt.periods import parse_period

_LEDGER_SQL = """
SELECT l.unit, l.account, a.name, a.line, l.batch_id, sum(l.amount) * s.report_sign AS amount,
       count(*) AS rows
FROM ledger_current l
JOIN accounts_current a ON a.account = l.account
JOIN _line_signs s ON s.line = a.line
JOIN _unit_closure uc ON uc.unit = l.unit AND uc.ancestor = $unit
JOIN _line_closure lc ON lc.member = a.line AND lc.grp = $line
WHERE l.period BETWEEN $first AND $last AND (NOT $external_only OR l.counterpart = 'extern')
GROUP BY l.unit, l.account, a.name, a.line, l.batch_id, s.report_sign
"""

_BUDGET_SQL = """
SELECT b.unit, b.account, a.name, a.line, b.batch_id, sum(b.amount) * s.report_sign AS amount,
       count(*) AS rows
FROM budget_current b
JOIN accounts_current a ON a.account = b.account
JOIN _line_signs s ON s.line = a.line
JOIN _unit_closure uc ON uc.unit = b.unit AND uc.ancestor = $unit
JOIN _line_closure lc ON lc.member = a.line AND lc.grp = $line
WHERE b.period BETWEEN $first AND $last AND b.version = $version
GROUP BY b.unit, b.account, a.name, a.line, b.batch_id, s.report_sign
"""

_FORECAST_SQL = """
SELECT f.unit, f.line AS account, strftime(f.made_in, '%Y-%m') || ' ' || f.version AS name,
       f.line, fc.batch_id, sum(f.amount) AS amount, count(*) AS rows
FROM _forecast f
JOIN forecast_current fc ON fc.unit = f.unit AND fc.line = f.line AND fc.made_in = f.made_in
                        AND fc.version = f.version AND fc.year = $year
JOIN _unit_closure uc ON uc.unit = f.unit AND uc.ancestor = $unit
JOIN _line_closure lc ON lc.member = f.line AND lc.grp = $line
GROUP BY f.unit, f.line, f.made_in, f.version, fc.batch_id
"""


@dataclass(frozen=True)
class Contribution:
    unit: str
    account: str
    account_name: str
    line: str
    batch_id: int
    amount: Decimal
    rows: int


def contributions(
    con: duckdb.DuckDBPyConnection, lineage: dict[str, object], period: date
) -> list[Contribution]:
    """The stored rows a base measure summed, grouped by unit, account and batch.

    Needs the temp tables of a :class:`FinanceMetrics` built for ``period``.
    """
    measure = str(lineage["measure"])
    params: dict[str, object] = {"unit": lineage["unit"], "line": lineage["line"]}
    if measure.startswith("forecast"):
        sql = _FORECAST_SQL
        params["year"] = period.year
    else:
        first, last = (parse_period(str(p)) for p in lineage["periods"])  # type: ignore[union-attr]
        params |= {"first": first, "last": last}
        if measure.startswith("budget"):
            sql = _BUDGET_SQL
            params["version"] = lineage.get("budget_version")
        else:
            sql = _LEDGER_SQL
            params["external_only"] = bool(lineage.get("external_only"))
    rows = con.execute(f"SELECT * FROM ({sql}) ORDER BY abs(amount) DESC, 1, 2", params).fetchall()
    return [Contribution(*r) for r in rows]


@dataclass(frozen=True)
class VoucherRow:
    series: str
    number: str
    voucher_date: date
    text: str | None
    unit: str
    account: str
    amount: Decimal
    line: int
    batch_id: int


def vouchers(
    con: duckdb.DuckDBPyConnection, lineage: dict[str, object], limit: int = 20
) -> list[VoucherRow]:
    """The voucher rows (kept from SIE imports) behind a ledger measure, largest first."""
    measure = str(lineage["measure"])
    if measure.startswith(("budget", "forecast")):
        return []
    first, last = (parse_period(str(p)) for p in lineage["periods"])  # type: ignore[union-attr]
    rows = con.execute(
        """
        SELECT t.series, t.number, t.voucher_date, t.voucher_text, t.unit, t.account,
               t.amount * s.report_sign AS amount, t.line, t.batch_id
        FROM transactions t
        JOIN (SELECT DISTINCT batch_id, period FROM current_batch_periods
              WHERE kind = 'ledger') b ON b.batch_id = t.batch_id AND b.period = t.period
        JOIN accounts_current a ON a.account = t.account
        JOIN _line_signs s ON s.line = a.line
        JOIN _unit_closure uc ON uc.unit = t.unit AND uc.ancestor = $unit
        JOIN _line_closure lc ON lc.member = a.line AND lc.grp = $line
        WHERE t.period BETWEEN $first AND $last
        ORDER BY abs(t.amount) DESC, t.series, t.number, t.line
        LIMIT $limit
        """,
        {
            "unit": lineage["unit"],
            "line": lineage["line"],
            "first": first,
            "last": last,
            "limit": limit,
        },
    ).fetchall()
    return [VoucherRow(*r) for r in rows]
