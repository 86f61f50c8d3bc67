"""The data contract: which columns each kind of input file has, and what they hold.

docs/data-contract.md describes the same contract for people; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

ValueType = Literal["period", "code", "text", "amount", "year", "number", "count"]


@dataclass(frozen=True)
class ColumnSpec:
    """A column of an input file.

    ``required``: the column must be present. ``nullable``: a cell may be empty.
    """

    name: str
    type: ValueType
    required: bool = True
    nullable: bool = False


@dataclass(frozen=True)
class KindSpec:
    """One kind of input file and the warehouse table it fills.

    ``scope`` is the column whose values a later import of the same source replaces
    (``None``: the whole table is a snapshot, replaced as a whole, and has one source).
    ``key`` lists the columns that identify a row; two rows with the same key are an error.
    """

    kind: str
    table: str
    columns: tuple[ColumnSpec, ...]
    scope: str | None
    key: tuple[str, ...] | None
    # A column that splits the scope further: a budget version replaces only itself.
    scope_part: str | None = None
    # Optional columns stored only for the files that have them: ``table`` lacks them, and a
    # file with any of them is also stored whole, with them, in ``sparse_table`` (writing an
    # all-NULL column costs DuckDB about as much as a real one).
    sparse: tuple[str, ...] = ()
    sparse_table: str | None = None

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def storage(self, present: Collection[str]) -> list[tuple[str, tuple[ColumnSpec, ...]]]:
        """The tables the rows of a file with the columns ``present`` are written to, each with
        the contract columns it has; the first holds every row and is the one checked."""
        if not self.sparse:
            return [(self.table, self.columns)]
        kept = tuple(c for c in self.columns if c.name not in self.sparse)
        tables = [(self.table, kept)]
        if self.sparse_table and any(name in present for name in self.sparse):
            tables.append((self.sparse_table, self.columns))
        return tables


KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            kind="units",
            table="units",
            columns=(
                ColumnSpec("unit", "code"),
                ColumnSpec("name", "text"),
                ColumnSpec("parent", "code", nullable=True),
                ColumnSpec("level", "text"),
                ColumnSpec("valid_from", "period", required=False, nullable=True),
                ColumnSpec("valid_to", "period", required=False, nullable=True),
            ),
            scope=None,
            key=("unit", "valid_from"),
        ),
        KindSpec(
            kind="accounts",
            table="accounts",
            columns=(
                ColumnSpec("account", "code"),
                ColumnSpec("name", "text"),
                ColumnSpec("line", "code"),
            ),
            scope=None,
            key=("account",),
        ),
        KindSpec(
            kind="ledger",
            table="ledger",
            columns=(
                ColumnSpec("period", "period"),
                ColumnSpec("unit", "code"),
                ColumnSpec("account", "code"),
                ColumnSpec("amount", "amount"),
                ColumnSpec("counterpart", "code", required=False, nullable=True),
                ColumnSpec("activity", "code", required=False, nullable=True),
                ColumnSpec("project", "code", required=False, nullable=True),
            ),
            scope="period",
            # Ledger rows are summed: an export at voucher grain repeats the same key.
            key=None,
            sparse=("activity", "project"),
            sparse_table="ledger_dimensions",
        ),
        KindSpec(
            kind="budget",
            table="budget",
            columns=(
                ColumnSpec("period", "period"),
                ColumnSpec("unit", "code"),
                ColumnSpec("account", "code"),
                ColumnSpec("amount", "amount"),
                ColumnSpec("version", "code"),
            ),
            scope="period",
            key=("period", "unit", "account", "version"),
            scope_part="version",
        ),
        KindSpec(
            kind="forecast",
            table="forecast",
            columns=(
                ColumnSpec("made_in", "period"),
                ColumnSpec("year", "year"),
                ColumnSpec("unit", "code"),
                ColumnSpec("line", "code"),
                ColumnSpec("amount", "amount"),
                ColumnSpec("version", "code"),
            ),
            scope="made_in",
            key=("made_in", "year", "unit", "line", "version"),
        ),
        # KPI observations: the fixed columns; each KPI adds its breakdown columns (kpis.yaml),
        # so the file is imported by ingest/_kpi_import.py rather than the generic importer.
        KindSpec(
            kind="kpi",
            table="kpi_observations",
            columns=(
                ColumnSpec("kpi", "code"),
                ColumnSpec("period", "period"),
                ColumnSpec("value", "number"),
                ColumnSpec("numerator", "number", required=False, nullable=True),
                ColumnSpec("denominator", "number", required=False, nullable=True),
                ColumnSpec("group_size", "count", required=False, nullable=True),
            ),
            scope="period",
            key=("kpi", "period", "breakdown"),
            scope_part="kpi",
        ),
    )
}

EXTERNAL_COUNTERPART = "extern"
