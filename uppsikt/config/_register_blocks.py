"""Report-definition blocks that show registers (assignments, portfolios, goals, risks, ...).

Each block reads the register as last reported for a month up to the report month; see
docs/registers.md for what each block type shows and how its figures are computed.
"""

from __future__ import annotations

import string
from typing import Literal

from pydantic import Field, model_validator

from uppsikt.config._base import ID_PATTERN, Strict
from uppsikt.registers._catalog import REGISTERS

AmountUnit = Literal["kr", "tkr", "mkr"]
ProgramColumn = Literal[
    "budget",
    "forecast",
    "forecast_deviation",
    "actual_ytd",
    "actual_vs_budget",
    "actual_vs_forecast",
]


class RegisterColumnDef(Strict):
    """A column of a register table: one register column (``field``), or a ``template``
    whose {column} placeholders are filled from the row."""

    label: str
    field: str | None = None
    template: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> RegisterColumnDef:
        if (self.field is None) == (self.template is None):
            raise ValueError("a column names either 'field' or 'template'")
        return self

    def fields(self) -> list[str]:
        if self.field is not None:
            return [self.field]
        return [name for _, name, _, _ in string.Formatter().parse(self.template or "") if name]


class RegisterTableBlockDef(Strict):
    """Any register as a table: one row per register row, in the order of the file."""

    type: Literal["register_table"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    from_register: str = Field(description="the register's name, e.g. fullmaktigeuppdrag")
    label: str = Field(description="the register column printed as each row's label")
    columns: list[RegisterColumnDef] = Field(min_length=1)
    unit: AmountUnit = "mkr"

    @model_validator(mode="after")
    def _known(self) -> RegisterTableBlockDef:
        if self.from_register not in REGISTERS:
            raise ValueError(
                f"unknown register '{self.from_register}'; known: {', '.join(REGISTERS)}"
            )
        names = REGISTERS[self.from_register].names
        for name in [self.label, *(f for c in self.columns for f in c.fields())]:
            if name not in names:
                raise ValueError(
                    f"register '{self.from_register}' has no column '{name}'; "
                    f"its columns: {', '.join(names)}"
                )
        return self


class ProgramColumnDef(Strict):
    id: ProgramColumn
    label: str


# The seed report's columns; {forecast_version} is the register's forecast version.
PROGRAM_COLUMNS: tuple[tuple[ProgramColumn, str], ...] = (
    ("budget", "Budget"),
    ("forecast", "Prognos {forecast_version}"),
    ("forecast_deviation", "Diff prognos mot budget"),
    ("actual_ytd", "Utfall ack {month}"),
    ("actual_vs_budget", "Ack utfall jämfört budget"),
    ("actual_vs_forecast", "Ack utfall jämfört prognos"),
)


class RegisterProgramBlockDef(Strict):
    """A programme's budget, forecast and actual with computed deviations and sum rows."""

    type: Literal["register_program"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    subtitle: str | None = None
    program: str
    unit: AmountUnit = "mkr"
    columns: list[ProgramColumnDef] = Field(
        default_factory=lambda: [ProgramColumnDef(id=i, label=x) for i, x in PROGRAM_COLUMNS]
    )


class RegisterGoalsBlockDef(Strict):
    """Goals, sub-goals and their indicators as one indented status table."""

    type: Literal["register_goals"]
    id: str = Field(pattern=ID_PATTERN)
    title: str


class RegisterRisksBlockDef(Strict):
    """The risks, highest risk value first, with probability, consequence and level."""

    type: Literal["register_risks"]
    id: str = Field(pattern=ID_PATTERN)
    title: str


class RegisterRiskMatrixBlockDef(Strict):
    """The 4 x 4 risk matrix: probability (rows) by consequence (columns), risk ids in cells."""

    type: Literal["register_risk_matrix"]
    id: str = Field(pattern=ID_PATTERN)
    title: str


class RegisterInvestmentPlanBlockDef(Strict):
    """The multi-year investment plan: areas by year with totals."""

    type: Literal["register_investment_plan"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    subtitle: str | None = None
    unit: AmountUnit = "mkr"


class RegisterBudgetBridgeBlockDef(Strict):
    """Next year's budget bridge: start frame, changes with reasons, computed end frame."""

    type: Literal["register_budget_bridge"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    subtitle: str | None = None
    unit: AmountUnit = "mkr"


class RegisterShareChartBlockDef(Strict):
    """A register as a chart: the share (%) of its rows, or of its distinct objects, per
    value of one column. ``{objects}`` and ``{rows}`` in the title count them."""

    type: Literal["register_share_chart"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    from_register: str = Field(description="the register's name, e.g. objektforvaltning")
    by: str = Field(description="the register column whose values are the chart's categories")
    objects: str | None = Field(
        default=None, description="the register column naming the object a row belongs to"
    )
    share_of: Literal["rows", "objects"] = "rows"
    series_label: str = Field(default="Andel (%)", description="the bars' name (legend, axis)")
    kind: Literal["bar", "column"] = "bar"
    order: Literal["share", "file"] = "share"

    @model_validator(mode="after")
    def _known(self) -> RegisterShareChartBlockDef:
        if self.from_register not in REGISTERS:
            raise ValueError(
                f"unknown register '{self.from_register}'; known: {', '.join(REGISTERS)}"
            )
        names = REGISTERS[self.from_register].names
        for name in [self.by, *([self.objects] if self.objects else [])]:
            if name not in names:
                raise ValueError(
                    f"register '{self.from_register}' has no column '{name}'; "
                    f"its columns: {', '.join(names)}"
                )
        if self.share_of == "objects" and self.objects is None:
            raise ValueError("share_of: objects needs the 'objects' column")
        return self


class RegisterAnnualWheelBlockDef(Strict):
    """The annual wheel (årshjul): twelve month segments labelled with their activities."""

    type: Literal["register_annual_wheel"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    template: str = Field(
        default="{activity}",
        description="how each activity is printed, with {column} placeholders of arshjul",
    )

    @model_validator(mode="after")
    def _known(self) -> RegisterAnnualWheelBlockDef:
        names = REGISTERS["arshjul"].names
        for _, name, _, _ in string.Formatter().parse(self.template):
            if name and name not in names:
                raise ValueError(
                    f"register 'arshjul' has no column '{name}'; its columns: {', '.join(names)}"
                )
        return self


# Every register block type: a union of the classes above (each with a Literal ``type``).
RegisterBlockDefs = (
    RegisterTableBlockDef
    | RegisterProgramBlockDef
    | RegisterGoalsBlockDef
    | RegisterRisksBlockDef
    | RegisterRiskMatrixBlockDef
    | RegisterInvestmentPlanBlockDef
    | RegisterBudgetBridgeBlockDef
    | RegisterShareChartBlockDef
    | RegisterAnnualWheelBlockDef
)
REGISTER_BLOCK_TYPES: frozenset[str] = frozenset(
    {
        "register_table",
        "register_program",
        "register_goals",
        "register_risks",
        "register_risk_matrix",
        "register_investment_plan",
        "register_budget_bridge",
        "register_share_chart",
        "register_annual_wheel",
    }
)
