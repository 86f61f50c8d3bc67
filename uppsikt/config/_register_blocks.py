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


# Every register block type: a union of the classes above (each with a Literal ``type``).
RegisterBlockDefs = (
    RegisterTableBlockDef
    | RegisterProgramBlockDef
    | RegisterGoalsBlockDef
    | RegisterRisksBlockDef
    | RegisterRiskMatrixBlockDef
    | RegisterInvestmentPlanBlockDef
    | RegisterBudgetBridgeBlockDef
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
    }
)
