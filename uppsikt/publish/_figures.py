"""A report as a flat list of figures, so two reports can be compared cell by cell.

A figure is identified by its block, its row (a table row's unit and line, else its label; a
chart's series; a tile's label) and its column (a column id; a chart's category). Two figures
are the same when their value and their printed text are; when the report was generated is not
a figure. Values are compared as they are stored in the JSON model (a JSON number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from uppsikt.report import (
    ChartBlock,
    Report,
    StatusTableBlock,
    TableBlock,
    TextBlock,
    TilesBlock,
)

__all__ = ["Figure", "figures"]

# Report-level texts that are compared too.
_HEADER = ("title", "organisation", "period_label")


@dataclass(frozen=True)
class Figure:
    """One value of the report. ``key`` identifies it; the labels say it to a person."""

    key: tuple[str, str, str]
    block_type: str
    block_title: str
    row_label: str
    column_label: str
    value: float | str | None
    display: str
    lineage: dict[str, Any] | None = field(default=None, compare=False)

    def same_as(self, other: Figure) -> bool:
        return self.value == other.value and self.display == other.display

    @property
    def ident(self) -> str:
        return " / ".join(self.key)


def _value(value: Decimal | str | None) -> float | str | None:
    return float(value) if isinstance(value, Decimal) else value


def _unique(key: str, seen: dict[str, int]) -> str:
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def _table(block: TableBlock | StatusTableBlock) -> list[Figure]:
    found, seen = [], {}
    for row in block.rows:
        unit, line = getattr(row, "unit", None), getattr(row, "line", None)
        row_key = _unique(f"{unit}:{line}" if unit and line else row.label, seen)
        for column, cell in zip(block.columns, row.cells, strict=True):
            found.append(
                Figure(
                    (block.id, row_key, column.id),
                    block.type,
                    block.title,
                    row.label,
                    column.label,
                    _value(cell.value),
                    cell.display,
                    cell.lineage,
                )
            )
    return found


def _chart(block: ChartBlock) -> list[Figure]:
    found, seen = [], {}
    for series in block.series:
        series_key = _unique(series.name, seen)
        for category, value, display in zip(
            block.categories, series.values, series.display, strict=True
        ):
            found.append(
                Figure(
                    (block.id, series_key, category),
                    block.type,
                    block.title,
                    series.name,
                    category,
                    _value(value),
                    display,
                )
            )
    return found


def _tiles(block: TilesBlock) -> list[Figure]:
    found, seen = [], {}
    for tile in block.tiles:
        key = _unique(tile.label, seen)
        text = " ".join(x for x in (tile.display, tile.change_display, tile.status) if x)
        found.append(
            Figure(
                (block.id, key, "value"),
                block.type,
                block.title,
                tile.label,
                "value",
                _value(tile.value),
                text,
            )
        )
    return found


def figures(report: Report) -> dict[tuple[str, str, str], Figure]:
    """Every figure and text of ``report`` by key, in report order."""
    found: list[Figure] = [
        Figure(("report", n, "text"), "report", "Rapport", n, "text", None, getattr(report, n))
        for n in _HEADER
    ]
    for block in report.blocks():
        if isinstance(block, TableBlock | StatusTableBlock):
            found.extend(_table(block))
        elif isinstance(block, ChartBlock):
            found.extend(_chart(block))
        elif isinstance(block, TilesBlock):
            found.extend(_tiles(block))
        elif isinstance(block, TextBlock):
            found.append(
                Figure(
                    (block.id, "text", "markdown"),
                    block.type,
                    block.title,
                    "text",
                    "markdown",
                    None,
                    block.markdown,
                )
            )
        title = block.title
        key = (block.id, "title", "text")
        found.append(Figure(key, block.type, title, "title", "text", None, title))
    return {f.key: f for f in found}
