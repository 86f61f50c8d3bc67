"""Writing a workspace's ledger and budget as a SIE 4 file, so data can round-trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from uppsikt.errors import DataMissing
from uppsikt.ingest.sie import write_sie

_MONTHS = """
SELECT period, account, unit, sum(amount) FROM {table}
WHERE year(period) = $year {version}
GROUP BY period, account, unit ORDER BY period, account, unit
"""


def export_sie(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    year: int,
    company: str,
    dimension: int = 1,
    budget_version: str | None = None,
) -> tuple[int, int]:
    """Write accounts, units (as objects of ``dimension``), the year's month amounts (#PSALDO)
    and budget (#PBUDGET, one version) to ``path``. Returns (ledger rows, budget rows)."""
    ledger = con.execute(
        _MONTHS.format(table="ledger_current", version=""), {"year": year}
    ).fetchall()
    if not ledger:
        raise DataMissing(f"The ledger has no rows for {year}; there is nothing to export.")
    budget = []
    if budget_version is not None:
        budget = con.execute(
            _MONTHS.format(table="budget_current", version="AND version = $version"),
            {"year": year, "version": budget_version},
        ).fetchall()
        if not budget:
            raise DataMissing(f"The budget has no rows of version '{budget_version}' in {year}.")
    accounts = con.execute(
        "SELECT DISTINCT account, name FROM accounts_current ORDER BY account"
    ).fetchall()
    units = con.execute(
        "SELECT unit, any_value(name ORDER BY valid_from DESC NULLS FIRST) FROM units_current "
        "GROUP BY unit ORDER BY unit"
    ).fetchall()
    write_sie(
        path,
        company=company,
        fiscal_year=(date(year, 1, 1), date(year, 12, 31)),
        accounts=accounts,
        dimension=(dimension, "Enhet"),
        objects=units,
        period_balances=ledger,
        period_budgets=budget,
    )
    return len(ledger), len(budget)
