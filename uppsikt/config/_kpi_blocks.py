"""Report-definition blocks that show KPIs (see config/_kpis.py for the KPI definitions).

Three block types: ``kpi_table`` (rows of periods, breakdown values or listed cells; columns of
measures), ``kpi_chart`` (series over periods or over a breakdown's values) and ``kpi_tiles``
(a value and its change). A cell is a KPI, a period and breakdown values (``where``); the
block, a row and a column each may name the KPI and add breakdown values, later ones winning.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from uppsikt.config._base import ID_PATTERN, Strict

AmountUnit = Literal["kr", "tkr", "mkr"]
# What a cell shows; see docs/kpis.md for each measure's formula and kind.
KpiMeasure = Literal[
    "value",
    "prior_period",
    "prior_year",
    "change_prior_period",
    "change_prior_year",
    "change_pct_prior_period",
    "change_pct_prior_year",
    "target",
    "target_gap",
    "attainment",
    "trend",
    "group_size",
    "difference",
]
# How a figure is printed: the column kind's default ("6,4%", "-8,2 %-enheter"), a bare number
# ("6,4" for a percentage, as the sick-leave table prints it) or with a % sign ("5,4%" for
# percentage points, as the pension table prints its differences).
Style = Literal["default", "number", "percent"]
Where = dict[str, str | None]


class KpiColumnDef(Strict):
    """A column: a measure of the row's KPI and breakdown values (plus the column's own)."""

    id: str = Field(pattern=ID_PATTERN)
    label: str
    group: str | None = None
    kpi: str | None = None
    where: Where = Field(default_factory=dict)
    measure: KpiMeasure = "value"
    # For `difference`: the ids of the two columns subtracted (first − second).
    of: list[str] = Field(default_factory=list)
    # For `trend`: the number of periods the slope is fitted over.
    periods: int = Field(default=13, ge=2, le=120)
    decimals: int | None = Field(default=None, ge=0, le=4)
    style: Style = "default"
    plus: bool = False
    # false: no space between thousands ("1297%", as the seed's comparison of regions prints).
    grouping: bool = True

    @model_validator(mode="after")
    def _difference(self) -> KpiColumnDef:
        if (self.measure == "difference") != bool(self.of):
            raise ValueError("'of' (two column ids) goes with measure 'difference' only")
        if self.of and len(self.of) != 2:
            raise ValueError("'of' names exactly two columns")
        return self


class KpiRowDef(Strict):
    """A listed row: its label, KPI and breakdown values."""

    label: str
    kpi: str | None = None
    where: Where = Field(default_factory=dict)
    level: int = Field(default=0, ge=0, le=5)
    emphasis: bool = False
    # Overrides the decimals of the row's columns that are not percentages.
    decimals: int | None = Field(default=None, ge=0, le=4)


class KpiTableBlockDef(Strict):
    type: Literal["kpi_table"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    subtitle: str | None = None
    unit: AmountUnit = "mkr"
    kpi: str | None = None
    where: Where = Field(default_factory=dict)
    # list: the rows below; period: one row per period; breakdown: one row per value.
    rows_by: Literal["list", "period", "breakdown"] = "list"
    rows: list[KpiRowDef] = Field(default_factory=list)
    periods: int = Field(default=13, ge=1, le=120)
    breakdown: str | None = None
    total_label: str | None = None
    order_by: str | None = None
    descending: bool = True
    limit: int | None = Field(default=None, ge=1)
    columns: list[KpiColumnDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> KpiTableBlockDef:
        ids = [c.id for c in self.columns]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"column id(s) used twice: {', '.join(dupes)}")
        for column in self.columns:
            unknown = [o for o in column.of if o not in ids]
            if unknown:
                raise ValueError(f"column '{column.id}': 'of' names no column '{unknown[0]}'")
        if (self.rows_by == "list") != bool(self.rows):
            raise ValueError("list 'rows' when rows_by is 'list' (the default), and only then")
        if (self.rows_by == "breakdown") != bool(self.breakdown):
            raise ValueError("'breakdown' names the rows' breakdown when rows_by is 'breakdown'")
        if self.order_by and self.order_by not in ids:
            raise ValueError(f"order_by names no column '{self.order_by}'")
        return self


class KpiSeriesDef(Strict):
    label: str
    kpi: str | None = None
    where: Where = Field(default_factory=dict)
    measure: Literal["value", "change_prior_period", "change_prior_year", "target"] = "value"
    kind: Literal["line", "column"] | None = None
    axis: Literal["primary", "secondary"] = "primary"


class KpiChartBlockDef(Strict):
    type: Literal["kpi_chart"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    kind: Literal["line", "column", "bar", "combo"] = "line"
    unit: AmountUnit = "mkr"
    kpi: str | None = None
    where: Where = Field(default_factory=dict)
    # period: the last `periods` periods; breakdown: the values of `breakdown` at the period.
    by: Literal["period", "breakdown"] = "period"
    periods: int = Field(default=13, ge=1, le=120)
    breakdown: str | None = None
    series: list[KpiSeriesDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> KpiChartBlockDef:
        if (self.by == "breakdown") != bool(self.breakdown):
            raise ValueError("'breakdown' names the categories when by is 'breakdown'")
        return self


class KpiTileDef(Strict):
    label: str
    kpi: str | None = None
    where: Where = Field(default_factory=dict)
    change: Literal["none", "prior_period", "prior_year"] = "prior_year"
    decimals: int | None = Field(default=None, ge=0, le=4)
    unit: AmountUnit = "mkr"


class KpiTilesBlockDef(Strict):
    type: Literal["kpi_tiles"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    kpi: str | None = None
    where: Where = Field(default_factory=dict)
    tiles: list[KpiTileDef] = Field(min_length=1)


# Every KPI block type: a union of the classes above (each with a Literal ``type``).
KpiBlockDefs = KpiTableBlockDef | KpiChartBlockDef | KpiTilesBlockDef
KPI_BLOCK_TYPES: frozenset[str] = frozenset({"kpi_table", "kpi_chart", "kpi_tiles"})
