"""What data a finance block needs: units, ledger months, budget years and the forecast.

Pure functions of the report definition and the month, so the rules can be read and tested
without a warehouse. A measure's months follow its definition in metrics/_finance.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from uppsikt.config import ChartBlockDef, ReportDefinition, TableBlockDef
from uppsikt.periods import add_months, month_range, year_start

__all__ = ["Needs", "chart_needs", "measure_months", "table_needs"]

# Measures that compare with a budget, and those that use the full-year forecast.
BUDGET_MEASURES = frozenset(
    {
        "budget_month",
        "deviation_month",
        "budget_ytd",
        "deviation_ytd",
        "budget_year",
        "forecast_deviation",
        "budget",
    }
)
FORECAST_MEASURES = frozenset({"forecast_year", "forecast_deviation"})
# Measures computed from the ledger, by how far back from the month they reach:
# (first month relative to the month, or "ytd" for January of the month's year).
_LEDGER_SPAN: dict[str, tuple[str | int, int]] = {
    "actual_month": (0, 0),
    "deviation_month": (0, 0),
    "actual": (0, 0),
    "actual_ytd": ("ytd", 0),
    "deviation_ytd": ("ytd", 0),
    "r12": (-11, 0),
    "r12_prior": (-23, -12),
    "r12_change_pct": (-23, 0),
}
# Year-to-date this year and the same months a year earlier.
_YTD_AND_PRIOR = frozenset({"actual_ytd_prior", "change_ytd", "change_ytd_pct"})


def measure_months(measure: str, month: date) -> list[date]:
    """The ledger months a measure needs for ``month`` (empty for budget and forecast)."""
    if measure in _YTD_AND_PRIOR:
        prior = add_months(month, -12)
        months = month_range(year_start(prior), prior) + month_range(year_start(month), month)
        return months if measure != "actual_ytd_prior" else month_range(year_start(prior), prior)
    if measure not in _LEDGER_SPAN:
        return []
    first, last = _LEDGER_SPAN[measure]
    start = year_start(month) if first == "ytd" else add_months(month, int(first))
    return month_range(start, add_months(month, last))


@dataclass
class Needs:
    """What one block needs. ``units`` are unit codes whose subtrees the block shows;
    ``budgets`` (year, version) pairs, version None meaning "the year's only version"."""

    units: list[str] = field(default_factory=list)
    months: set[date] = field(default_factory=set)
    budgets: set[tuple[int, str | None]] = field(default_factory=set)
    forecast: bool = False

    def add_measure(self, measure: str, month: date, version: str | None) -> None:
        self.months.update(measure_months(measure, month))
        if measure in BUDGET_MEASURES:
            self.budgets.add((month.year, version))
        if measure in FORECAST_MEASURES:
            self.forecast = True

    def add_unit(self, unit: str) -> None:
        if unit not in self.units:
            self.units.append(unit)


def table_needs(
    block: TableBlockDef, definition: ReportDefinition, period: date, children: dict[str, list]
) -> Needs:
    """A table's needs; ``children`` maps a unit to its child units (for ``children_of``)."""
    needs = Needs()
    for row in block.rows:
        if row.children_of:
            for child in children[row.children_of]:
                needs.add_unit(child)
        else:
            needs.add_unit(row.unit or block.default_unit or "")
    for column in block.columns:
        version = column.budget_version or block.budget_version or definition.budget_version
        needs.add_measure(column.measure_id, period, version)
    return needs


def chart_needs(
    block: ChartBlockDef, definition: ReportDefinition, period: date, children: dict[str, list]
) -> Needs:
    """A chart's needs: by month, every month it draws up to ``period``; else the period."""
    needs = Needs()
    if block.by == "unit":
        for child in children[block.children_of or ""]:
            needs.add_unit(child)
    for series in block.series:
        if block.by != "unit":
            needs.add_unit(series.unit or block.default_unit or "")
        version = series.budget_version or definition.budget_version
        if block.by != "month":
            needs.add_measure(series.measure, period, version)
            continue
        if block.months == "year":
            months = month_range(year_start(period), add_months(year_start(period), 11))
        else:
            count = 13 if block.months == "r13" else 24
            months = month_range(add_months(period, -(count - 1)), period)
        for month in months:
            shifted = add_months(month, -12 * series.years_back)
            if shifted <= period:
                needs.add_measure(series.measure, shifted, version)
    return needs
