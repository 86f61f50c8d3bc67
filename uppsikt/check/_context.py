"""What every block check gets: the warehouse, the month, the definition and the unit tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from uppsikt.config import ReportDefinition
from uppsikt.metrics import UnitTree
from uppsikt.periods import year_start

__all__ = ["CheckContext"]


@dataclass
class CheckContext:
    """``tree`` is None when the warehouse has no organisation tree (then finance blocks
    cannot be checked). ``ledger_months`` are the months some ledger batch is in force for."""

    con: duckdb.DuckDBPyConnection
    period: date
    definition: ReportDefinition
    tree: UnitTree | None
    ledger_months: set[date] = field(default_factory=set)

    @classmethod
    def open(
        cls, con: duckdb.DuckDBPyConnection, period: date, definition: ReportDefinition
    ) -> CheckContext:
        """Build the context and the temp tables the finance checks share."""
        has_units = con.execute(
            "SELECT count(*) FROM current_batch_periods WHERE kind = 'units'"
        ).fetchone()[0]
        tree = UnitTree(con, period) if has_units else None
        months = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT period FROM current_batch_periods "
                "WHERE kind = 'ledger' AND period <= ?",
                [period],
            ).fetchall()
        }
        # Which units have ledger rows in which month of the report year: the grain every
        # presence check needs, aggregated once.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _check_ledger AS "
            "SELECT unit, period FROM ledger_current WHERE period BETWEEN ? AND ? GROUP BY ALL",
            [year_start(period), period],
        )
        return cls(con, period, definition, tree, months)

    def unit_label(self, unit: str) -> str:
        """ "Enhet A2 (A2)": a unit's name and code, for a person to recognise."""
        if self.tree is None:
            return unit
        return f"{self.tree.unit(unit).name} ({unit})"
