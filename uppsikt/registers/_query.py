"""Reading registers back: the rows in force for a report month, the months reported, history.

The report for month M shows a register as last reported for a month up to M. Everything is
read through the ``register_*_current`` views, which follow ``current_batch_periods``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from uppsikt.registers._spec import RegisterSpec

__all__ = ["register_months", "reported_month", "rows_for", "status_history"]


def reported_month(con: duckdb.DuckDBPyConnection, register: str, period: date) -> date | None:
    """The latest month up to ``period`` the register was reported for (None: never)."""
    return con.execute(
        "SELECT max(period) FROM register_months WHERE register = ? AND period <= ?",
        [register, period],
    ).fetchone()[0]


def rows_for(
    con: duckdb.DuckDBPyConnection, spec: RegisterSpec, month: date
) -> list[dict[str, Any]]:
    """The rows in force for ``month`` (a month it was reported for), in file order."""
    result = con.execute(
        f"SELECT {', '.join(spec.names)} FROM {spec.view} WHERE period = ? ORDER BY row_no",
        [month],
    )
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def register_months(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every register month in force: register, month, batch, file, rows, imported at/by."""
    result = con.execute(
        """
        SELECT m.register, strftime(m.period, '%Y-%m') AS period, m.batch_id, b.file_name,
               b.row_count, b.imported_at, b.imported_by
        FROM register_months m JOIN batches b USING (batch_id)
        ORDER BY m.register, m.period
        """
    )
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def status_history(
    con: duckdb.DuckDBPyConnection, spec: RegisterSpec, key: str | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(columns, rows): each month's key, label and status columns, oldest month first.

    ``key`` selects rows whose (first) key column equals it. Without status columns, every
    column of the register is shown.
    """
    shown = spec.status_columns or [c for c in spec.names if c not in spec.key]
    keys = ", ".join(spec.key)
    where = f"WHERE {spec.key[0]} = ?" if key is not None else ""
    result = con.execute(
        f"SELECT strftime(period, '%Y-%m') AS period, batch_id, {keys}, {', '.join(shown)} "
        f"FROM {spec.view} {where} ORDER BY {keys}, period",
        [key] if key is not None else [],
    )
    return [d[0] for d in result.description], result.fetchall()
