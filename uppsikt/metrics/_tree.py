"""The organisation tree as it stood in a report month, as temp tables in the warehouse.

Each unit code takes the row of the current units file valid in the month; a unit closed
before the month keeps its last row (so its history rolls up under its old parent), and a
unit not yet opened its first row. Figures of earlier years are shown in today's tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from uppsikt.errors import ConfigError, DataMissing

ROOT = "@root"


@dataclass(frozen=True)
class Unit:
    unit: str
    name: str
    parent: str | None
    level: str
    active: bool


class UnitTree:
    """The tree for ``period``; builds ``_tree`` and ``_unit_closure`` temp tables."""

    def __init__(self, con: duckdb.DuckDBPyConnection, period: date) -> None:
        self.period = period
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _tree AS
            SELECT unit, name, parent, level, sort_order,
                   (coalesce(valid_from, DATE '0001-01-01') <= $m
                    AND coalesce(valid_to, DATE '9999-12-01') >= $m) AS active
            FROM units_current
            QUALIFY row_number() OVER (
                PARTITION BY unit
                ORDER BY (coalesce(valid_from, DATE '0001-01-01') <= $m
                          AND coalesce(valid_to, DATE '9999-12-01') >= $m) DESC,
                         (coalesce(valid_from, DATE '0001-01-01') <= $m) DESC,
                         valid_from DESC NULLS LAST) = 1
            """,
            {"m": period},
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _unit_closure AS
            WITH RECURSIVE closure(ancestor, unit) AS (
                SELECT unit, unit FROM _tree
                UNION
                SELECT c.ancestor, t.unit FROM closure c JOIN _tree t ON t.parent = c.unit
            ) SELECT * FROM closure
            """
        )
        rows = con.execute(
            "SELECT unit, name, parent, level, active FROM _tree ORDER BY sort_order"
        ).fetchall()
        if not rows:
            raise DataMissing(
                "No organisation tree in the warehouse.",
                hint="Import it with 'uppsikt import units.csv --kind units'.",
            )
        self._units = {r[0]: Unit(*r) for r in rows}
        self._order = [r[0] for r in rows]

    @property
    def root(self) -> str:
        return next(u for u in self._order if self._units[u].parent is None)

    def resolve(self, code: str) -> str:
        """A unit code as written in the report definition (``@root`` allowed)."""
        if code == ROOT:
            return self.root
        if code not in self._units:
            raise ConfigError(
                f"the report definition names unit '{code}', which is not in the organisation tree",
                hint="Check report.yaml against the imported units file.",
            )
        return code

    def unit(self, code: str) -> Unit:
        return self._units[self.resolve(code)]

    def children(self, code: str) -> list[Unit]:
        """Active child units in display order."""
        parent = self.resolve(code)
        return [
            self._units[u]
            for u in self._order
            if self._units[u].parent == parent and self._units[u].active
        ]
