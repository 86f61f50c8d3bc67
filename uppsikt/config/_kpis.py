"""KPI definitions (``kpis.yaml``): what each KPI is, its unit, direction, targets and privacy.

A KPI's observations are imported with ``uppsikt import FILE --kind kpi``; this catalog says
which KPIs exist, which breakdown columns each has and which values those columns may hold,
so that an import can be checked and a report block can label its rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from uppsikt.config._base import ID_PATTERN, Strict

KpiUnit = Literal["%", "kr", "count", "days", "number"]
Periodicity = Literal["month", "tertial", "half_year", "year"]

# Months between two periods of each periodicity, and the months that end a period.
PERIOD_MONTHS: dict[str, int] = {"month": 1, "tertial": 4, "half_year": 6, "year": 12}


class BreakdownDef(Strict):
    """A breakdown column of a KPI (e.g. duration band, gender, specialty, region).

    ``values`` maps each code a file may hold to the label the report prints, in report order.
    An empty cell in a file is the total over the breakdown. ``additive``: the values are
    parts of the total (the total can be summed from them, and reveals a suppressed part).
    """

    id: str = Field(pattern=ID_PATTERN)
    name: str
    values: dict[str, str] = Field(min_length=1)
    additive: bool = True

    def label(self, code: str | None, total_label: str = "Totalt") -> str:
        return total_label if code is None else self.values.get(code, code)


class TargetDef(Strict):
    """A target value for a year, optionally for one breakdown value (e.g. a normal weight)."""

    year: int = Field(ge=1900, le=2999)
    value: Decimal
    where: dict[str, str] = Field(default_factory=dict)


class KpiDef(Strict):
    """One KPI."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    unit: KpiUnit
    direction: Literal["higher", "lower"] = "higher"
    periodicity: Periodicity = "month"
    # Months the data lags the report: the July report shows sick leave of June (lag 1).
    lag: int = Field(default=0, ge=0, le=24)
    source: str = ""
    description: str = ""
    decimals: int = Field(default=1, ge=0, le=4)
    breakdowns: list[BreakdownDef] = Field(default_factory=list)
    targets: list[TargetDef] = Field(default_factory=list)
    # A cell whose group (employees, respondents) has at most this many members is suppressed.
    privacy_threshold: int | None = Field(default=None, ge=1)
    # How a total missing from the data is computed from the parts of additive breakdowns:
    # none (never), sum (of values) or ratio (sum of numerators / sum of denominators).
    aggregation: Literal["none", "sum", "ratio"] = "none"

    @property
    def step(self) -> int:
        """Months from one period of this KPI to the next."""
        return PERIOD_MONTHS[self.periodicity]

    def breakdown(self, breakdown_id: str) -> BreakdownDef:
        for item in self.breakdowns:
            if item.id == breakdown_id:
                return item
        raise KeyError(breakdown_id)

    @property
    def breakdown_ids(self) -> list[str]:
        return [b.id for b in self.breakdowns]

    def target(self, year: int, where: dict[str, str | None]) -> Decimal | None:
        """The target of ``year`` for the breakdown values ``where`` (None: no target)."""
        for target in self.targets:
            named = {k: v for k, v in where.items() if v is not None}
            if target.year == year and target.where == named:
                return target.value
        return None

    @model_validator(mode="after")
    def _consistent(self) -> KpiDef:
        ids = self.breakdown_ids
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"breakdown id(s) used twice: {', '.join(dupes)}")
        reserved = {"kpi", "period", "value", "numerator", "denominator", "group_size"}
        clash = sorted(set(ids) & reserved)
        if clash:
            raise ValueError(f"breakdown id(s) {', '.join(clash)} are input columns of every KPI")
        if self.aggregation == "ratio" and self.unit not in ("%", "number"):
            raise ValueError("aggregation 'ratio' needs unit '%' or 'number'")
        for number, target in enumerate(self.targets, start=1):
            for key, value in target.where.items():
                if key not in ids:
                    raise ValueError(f"target {number}: '{key}' is not a breakdown of the KPI")
                if value not in self.breakdown(key).values:
                    raise ValueError(f"target {number}: '{value}' is not a value of '{key}'")
        return self


class KpiCatalog(Strict):
    """Every KPI the workspace knows."""

    kpis: list[KpiDef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> KpiCatalog:
        ids = [k.id for k in self.kpis]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"KPI id(s) used twice: {', '.join(dupes)}")
        return self

    def get(self, kpi_id: str) -> KpiDef:
        for kpi in self.kpis:
            if kpi.id == kpi_id:
                return kpi
        raise KeyError(kpi_id)

    def __contains__(self, kpi_id: object) -> bool:
        return any(k.id == kpi_id for k in self.kpis)

    @property
    def breakdown_columns(self) -> list[str]:
        """Every breakdown column any KPI has, in first-seen order."""
        seen: dict[str, None] = {}
        for kpi in self.kpis:
            for breakdown in kpi.breakdowns:
                seen.setdefault(breakdown.id, None)
        return list(seen)
