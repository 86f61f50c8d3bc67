"""The report definition (``report.yaml``): sections, blocks, rows and columns.

A controller edits this file to change the report; no Python is needed. Units are named
explicitly or as "the children of unit X" so one definition fits any region's tree.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from uppsikt.config._base import ID_PATTERN as _ID
from uppsikt.config._base import Strict as _Strict
from uppsikt.config._commentary_blocks import CommentaryBlockDefs
from uppsikt.config._kpi_blocks import KpiBlockDefs
from uppsikt.config._register_blocks import RegisterBlockDefs

AmountUnit = Literal["kr", "tkr", "mkr"]

# Measures a finance table column can show; see docs/report-definition.md.
FINANCE_MEASURES: dict[str, str] = {
    "actual_month": "amount",
    "budget_month": "amount",
    "deviation_month": "amount",
    "actual_ytd": "amount",
    "actual_ytd_prior": "amount",
    "budget_ytd": "amount",
    "deviation_ytd": "amount",
    "budget_year": "amount",
    "forecast_year": "amount",
    "forecast_deviation": "amount",
    "r12": "amount",
    "r12_prior": "amount",
    "r12_change_pct": "percent",
    "change_ytd": "amount",
    "change_ytd_pct": "percent",
    "difference_ytd": "amount",
    "plan_ytd": "amount",
    "deviation_plan_ytd": "amount",
    "deviation_plan_ytd_pct": "percent",
}

# Monthly series a chart can draw.
SERIES_MEASURES = ("actual", "actual_ytd", "budget", "budget_ytd", "r12", "r12_change_pct")


def _known_measure(measure: str) -> None:
    if measure not in FINANCE_MEASURES:
        known = ", ".join(FINANCE_MEASURES)
        raise ValueError(f"unknown measure '{measure}'; known measures: {known}")


class ColumnDef(_Strict):
    """A table column: a measure, its header label and an optional group header."""

    id: str = Field(pattern=_ID)
    measure: str | None = None
    label: str
    group: str | None = None
    decimals: int | None = Field(default=None, ge=0, le=4)
    budget_version: str | None = None

    @property
    def measure_id(self) -> str:
        return self.measure or self.id

    @model_validator(mode="after")
    def _known(self) -> ColumnDef:
        _known_measure(self.measure_id)
        return self


class RowDef(_Strict):
    """One row, or (with ``children_of``) one row per child unit in tree order."""

    unit: str | None = None
    children_of: str | None = None
    line: str | None = None
    label: str | None = None
    level: int = Field(default=0, ge=0, le=5)
    emphasis: bool = False
    external_only: bool = False
    decimals: int | None = Field(default=None, ge=0, le=4)
    # Compute the row as of an earlier month: `years_back` years before the report month,
    # in calendar month `month` (12: the full year). Budget and forecast are empty there.
    years_back: int = Field(default=0, ge=0, le=10)
    month: int | None = Field(default=None, ge=1, le=12)
    # Printed before the label in a column of its own, once per run of rows with the same group.
    group: str | None = None
    # A heading row: its label only, no figures (the seed's "Region Västerbotten" row).
    heading: bool = False

    @model_validator(mode="after")
    def _one_unit(self) -> RowDef:
        if self.heading and (self.unit or self.children_of or self.line):
            raise ValueError("a heading row has a label only (no unit, children_of or line)")
        if self.heading and not self.label:
            raise ValueError("a heading row needs a 'label'")
        if self.unit and self.children_of:
            raise ValueError("a row names either 'unit' or 'children_of', not both")
        if self.children_of and self.label:
            raise ValueError("'label' cannot be given with 'children_of' (each child has its name)")
        return self


class TableBlockDef(_Strict):
    type: Literal["table"]
    id: str = Field(pattern=_ID)
    title: str
    subtitle: str | None = None
    unit: AmountUnit = "mkr"
    default_unit: str | None = Field(default=None, description="unit for rows that name none")
    default_line: str | None = Field(default=None, description="line for rows that name none")
    budget_version: str | None = None
    # An assignment with a numeric target: the plan is the prior year's actual changed by
    # `plan_change` (-0.15: cut by 15 %); see the plan_ytd measures.
    plan_change: Decimal | None = Field(default=None, gt=-1, lt=10)
    # Show costs as positive amounts (and revenues negative), as assignment tables do.
    cost_positive: bool = False
    # A sentence under the table about its last sum row, e.g. "Totalt för regionen
    # {plan_pct} {plan_direction} kostnader än plan {year}"; see docs/report-definition.md.
    summary: str | None = None
    columns: list[ColumnDef] = Field(min_length=1)
    rows: list[RowDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> TableBlockDef:
        ids = [c.id for c in self.columns]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"column id(s) used twice: {', '.join(dupes)}")
        for number, row in enumerate(self.rows, start=1):
            if row.heading:
                continue
            if not (row.unit or row.children_of or self.default_unit):
                raise ValueError(f"row {number} names no unit and the table has no default_unit")
            if not (row.line or self.default_line):
                raise ValueError(f"row {number} names no line and the table has no default_line")
        return self


class SeriesDef(_Strict):
    """A chart series: a measure for a unit and line.

    Over months (``by: month``) the measure is a monthly one (SERIES_MEASURES), this year or
    ``years_back`` years earlier; over units or lines it is a table measure (FINANCE_MEASURES).
    """

    label: str
    measure: str
    unit: str | None = None
    line: str | None = None
    years_back: int = Field(default=0, ge=0, le=5)
    axis: Literal["primary", "secondary"] = "primary"
    kind: Literal["line", "column"] | None = None
    budget_version: str | None = None


class ChartBlockDef(_Strict):
    type: Literal["chart"]
    id: str = Field(pattern=_ID)
    title: str
    kind: Literal["line", "column", "bar", "combo"] = "line"
    unit: AmountUnit = "mkr"
    default_unit: str | None = None
    # What the categories are: months (see `months`), the child units of `children_of`, or
    # the lines and groups in `lines`.
    by: Literal["month", "unit", "line"] = "month"
    months: Literal["year", "r13", "r24"] = "year"
    children_of: str | None = None
    lines: list[str] = Field(default_factory=list)
    series: list[SeriesDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> ChartBlockDef:
        if self.by == "unit" and not self.children_of:
            raise ValueError("a chart by unit names the parent unit in 'children_of'")
        if self.by == "line" and not self.lines:
            raise ValueError("a chart by line lists its lines in 'lines'")
        measures = SERIES_MEASURES if self.by == "month" else tuple(FINANCE_MEASURES)
        for series in self.series:
            if series.measure not in measures:
                raise ValueError(
                    f"series '{series.label}': unknown measure '{series.measure}' for a chart "
                    f"by {self.by}; known: {', '.join(measures)}"
                )
            if self.by != "unit" and not (series.unit or self.default_unit):
                raise ValueError(f"series '{series.label}' names no unit and no default_unit")
            if self.by != "line" and not series.line:
                raise ValueError(f"series '{series.label}' names no line")
        return self


class FigureDef(_Strict):
    """A figure a text quotes: a finance measure of a unit and line, as a table cell has it."""

    measure: str
    line: str
    unit: str | None = None
    budget_version: str | None = None
    decimals: int | None = Field(default=None, ge=0, le=4)
    # Print a plus sign before a positive figure ("finansnetto +155 mkr").
    plus: bool = False

    @model_validator(mode="after")
    def _known(self) -> FigureDef:
        _known_measure(self.measure)
        return self


class TextBlockDef(_Strict):
    """Fixed Markdown; its {placeholders} may also name ``figures`` computed from the data."""

    type: Literal["text"]
    id: str = Field(pattern=_ID)
    title: str
    markdown: str
    unit: AmountUnit = "mkr"
    default_unit: str | None = None
    figures: dict[str, FigureDef] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _figures(self) -> TextBlockDef:
        for name, figure in self.figures.items():
            if not re.fullmatch(_ID, name):
                raise ValueError(f"figure name '{name}' must match {_ID}")
            if not (figure.unit or self.default_unit):
                raise ValueError(f"figure '{name}' names no unit and the text has no default_unit")
        return self


# Finance blocks are defined here; KPI, register and commentary blocks in their own modules.
BlockDef = Annotated[
    TableBlockDef
    | ChartBlockDef
    | TextBlockDef
    | KpiBlockDefs
    | RegisterBlockDefs
    | CommentaryBlockDefs,
    Field(discriminator="type"),
]


class SectionDef(_Strict):
    id: str = Field(pattern=_ID)
    title: str
    blocks: list[BlockDef] = Field(min_length=1)


class ReportDefinition(_Strict):
    """The whole report: title, organisation and sections in order."""

    title: str
    organisation: str | None = None
    budget_version: str | None = None
    sections: list[SectionDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> ReportDefinition:
        seen: set[str] = set()
        for section in self.sections:
            for block in section.blocks:
                if block.id in seen:
                    raise ValueError(f"block id '{block.id}' is used twice")
                seen.add(block.id)
        return self

    def block(self, block_id: str) -> tuple[SectionDef, BlockDef]:
        for section in self.sections:
            for block in section.blocks:
                if block.id == block_id:
                    return section, block
        raise KeyError(block_id)
