"""Building the report's register blocks from the warehouse.

Every block shows its register as last reported for a month up to the report month, so the
report of an earlier month shows the statuses of that month. Figures are computed in
``uppsikt.registers._figures``; this module only lays them out as model blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from uppsikt.config._register_blocks import (
    RegisterAnnualWheelBlockDef,
    RegisterBudgetBridgeBlockDef,
    RegisterGoalsBlockDef,
    RegisterInvestmentPlanBlockDef,
    RegisterProgramBlockDef,
    RegisterRiskMatrixBlockDef,
    RegisterRisksBlockDef,
    RegisterShareChartBlockDef,
    RegisterTableBlockDef,
)
from uppsikt.fmt import (
    NBSP,
    format_number,
    format_percent,
    format_value,
    month_name,
    period_label,
    unit_caption,
)
from uppsikt.registers._catalog import REGISTERS
from uppsikt.registers._figures import (
    budget_bridge,
    goal_rows,
    investment_plan,
    program_rows,
    risk_level,
    risk_matrix,
    risk_rows,
    shares,
    wheel_rows,
)
from uppsikt.registers._query import reported_month, rows_for
from uppsikt.registers._spec import STATUS_LABELS, STATUS_WORDS
from uppsikt.report._context import BlockContext
from uppsikt.report._model import (
    Block,
    Cell,
    ChartBlock,
    Column,
    Row,
    Series,
    StatusTableBlock,
    TableBlock,
    TextBlock,
)

__all__ = ["build_register_block", "status_cell"]

# The Swedish words of the risk levels (see risk_level) and of the 1-4 scales.
RISK_LABELS = {"good": "Låg", "warning": "Medel", "bad": "Hög"}
PROBABILITY_LABELS = {1: "Osannolik", 2: "Mindre sannolik", 3: "Sannolik", 4: "Mycket sannolik"}
CONSEQUENCE_LABELS = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig"}
# The register column kinds in the report model.
_KINDS = {
    "status": "status",
    "amount": "amount",
    "number": "count",
    "scale": "count",
    "integer": "count",
}


def status_cell(word: str | None) -> Cell:
    """A traffic light: ``neutral`` with an empty label when the register gives no status."""
    status = STATUS_WORDS.get(word or "")
    if status is None:
        return Cell(value="neutral", display="")
    return Cell(value=status, display=STATUS_LABELS[status])


def _text_cell(text: Any) -> Cell:
    value = None if text is None or text == "" else str(text)
    return Cell(value=value, display=value or "")


def _amount_cell(value: Decimal | None, unit: str) -> Cell:
    return Cell(value=value, display=format_value(value, "amount", unit=unit))


def _missing(
    context: BlockContext, block: Any, register: str, title: str | None = None
) -> TextBlock:
    name = REGISTERS[register].title
    return TextBlock(
        id=block.id,
        title=context.fill(title or block.title, f"block '{block.id}'"),
        markdown=f"*{name}: inget rapporterat till och med {period_label(context.period)}.*",
    )


def _month(context: BlockContext, register: str) -> date | None:
    return reported_month(context.con, register, context.period)


def _stale(context: BlockContext, month: date) -> list[str]:
    """A table's note when its register was last reported for an earlier month."""
    if month >= context.period:
        return []
    return [f"Senast rapporterat för {period_label(month)}."]


def _table(block: RegisterTableBlockDef, context: BlockContext) -> Block:
    spec = REGISTERS[block.from_register]
    month = _month(context, spec.name)
    if month is None:
        return _missing(context, block, spec.name)
    where = f"block '{block.id}'"
    kinds = [
        _KINDS.get(spec.column(c.field).type, "text") if c.field else "text" for c in block.columns
    ]
    columns = [
        Column(id=c.field or f"column_{n}", label=context.fill(c.label, where), kind=kind)
        for n, (c, kind) in enumerate(zip(block.columns, kinds, strict=True), start=1)
    ]
    rows = []
    for record in rows_for(context.con, spec, month):
        cells = []
        for column, kind in zip(block.columns, kinds, strict=True):
            if column.template is not None:
                values = {k: "" if v is None else v for k, v in record.items()}
                cells.append(_text_cell(column.template.format_map(values)))
                continue
            value = record[column.field]
            if kind == "status":
                cells.append(status_cell(value))
            elif kind == "amount":
                cells.append(_amount_cell(value, block.unit))
            elif kind == "count":
                cells.append(Cell(value=value, display=format_value(value, "count")))
            else:
                cells.append(_text_cell(value))
        rows.append(Row(label=str(record[block.label] or ""), cells=cells))
    title = context.fill(block.title, where)
    if "status" in kinds:
        return StatusTableBlock(id=block.id, title=title, columns=columns, rows=rows)
    return TableBlock(
        id=block.id,
        title=title,
        unit=block.unit if "amount" in kinds else None,
        unit_caption=unit_caption(block.unit) if "amount" in kinds else None,
        columns=columns,
        rows=rows,
        notes=_stale(context, month),
    )


def _program(block: RegisterProgramBlockDef, context: BlockContext) -> Block:
    month = _month(context, "programbudget")
    if month is None:
        return _missing(context, block, "programbudget", _with_version(block.title, None))
    where = f"block '{block.id}'"
    lines, version = program_rows(context.con, month, block.program)
    columns = [
        Column(
            id=c.id,
            label=context.fill(_with_version(c.label, version), where).strip(),
            kind="amount",
        )
        for c in block.columns
    ]
    rows = [
        Row(
            label=line.item,
            emphasis=line.is_sum,
            line=block.program,
            cells=[_amount_cell(line.values[c.id], block.unit) for c in block.columns],
        )
        for line in lines
    ]
    return TableBlock(
        id=block.id,
        title=context.fill(_with_version(block.title, version), where),
        subtitle=context.fill(block.subtitle, where) if block.subtitle else None,
        unit=block.unit,
        unit_caption=unit_caption(block.unit),
        columns=columns,
        rows=rows,
        notes=_stale(context, month),
    )


def _with_version(template: str, version: str | None) -> str:
    """``{forecast_version}`` (a programme's forecast version, "P1") filled before the report's
    own placeholders; "–" when the register names none."""
    return template.replace("{forecast_version}", version or "–")


def _indicator_cell(value: Decimal | None, unit: str | None, decimals: int | None) -> Cell:
    places = decimals or 0
    if value is None:
        return Cell(value=None, display="")
    if unit == "%":
        display = format_percent(value, places, ratio=False)
    else:
        display = format_number(value, places) + (NBSP + unit if unit else "")
    return Cell(value=value, display=display)


def _goals(block: RegisterGoalsBlockDef, context: BlockContext) -> Block:
    month = _month(context, "indikatorer")
    if month is None:
        return _missing(context, block, "indikatorer")
    records = goal_rows(context.con, month)
    places = max((r["decimals"] or 0 for r in records), default=0)
    columns = [
        Column(id="base_year", label="Basår", kind="text"),
        Column(id="base_value", label="Utfall basår", kind="count", decimals=places),
        Column(id="target_year", label="Målår", kind="text"),
        Column(id="target_value", label="Målvärde", kind="count", decimals=places),
        Column(id="periodicity", label="Periodicitet", kind="text"),
        Column(id="latest_period", label="Senaste mätning", kind="text"),
        Column(id="latest_value", label="Senaste utfall", kind="count", decimals=places),
        Column(id="status", label="Status", kind="status"),
    ]
    empty = [Cell(value=None, display="")] * (len(columns) - 1) + [status_cell(None)]
    rows: list[Row] = []
    goal = sub_goal = None
    for r in records:
        if r["goal"] != goal:
            goal, sub_goal = r["goal"], None
            rows.append(Row(label=goal, level=0, emphasis=True, cells=empty))
        if r["sub_goal"] != sub_goal:
            sub_goal = r["sub_goal"]
            rows.append(Row(label=sub_goal, level=1, emphasis=True, cells=empty))
        value = [
            _indicator_cell(r[k], r["unit"], r["decimals"])
            for k in ("base_value", "target_value", "latest_value")
        ]
        cells = [
            _text_cell(r["base_year"]),
            value[0],
            _text_cell(r["target_year"]),
            value[1],
            _text_cell(r["periodicity"]),
            _text_cell(r["latest_period"]),
            value[2],
            status_cell(r["status"]),
        ]
        rows.append(Row(label=r["indicator"], level=2, cells=cells))
    return StatusTableBlock(
        id=block.id,
        title=context.fill(block.title, f"block '{block.id}'"),
        columns=columns,
        rows=rows,
    )


def _risk_status(value: int) -> Cell:
    level = risk_level(value)
    return Cell(value=level, display=RISK_LABELS[level])


def _risks(block: RegisterRisksBlockDef, context: BlockContext) -> Block:
    month = _month(context, "risker")
    if month is None:
        return _missing(context, block, "risker")
    columns = [
        Column(id="id", label="Id", kind="text"),
        Column(id="probability", label="Sannolikhet", kind="count"),
        Column(id="consequence", label="Konsekvens", kind="count"),
        Column(id="value", label="Riskvärde", kind="count"),
        Column(id="level", label="Risknivå", kind="status"),
        Column(id="owner", label="Ägare", kind="text"),
        Column(id="measures", label="Åtgärder", kind="text"),
    ]
    rows = [
        Row(
            label=r["risk"],
            cells=[
                _text_cell(r["id"]),
                Cell(value=r["probability"], display=format_value(r["probability"], "count")),
                Cell(value=r["consequence"], display=format_value(r["consequence"], "count")),
                Cell(value=r["value"], display=format_value(r["value"], "count")),
                _risk_status(r["value"]),
                _text_cell(r["owner"]),
                _text_cell(r["measures"]),
            ],
        )
        for r in risk_rows(context.con, month)
    ]
    return StatusTableBlock(
        id=block.id,
        title=context.fill(block.title, f"block '{block.id}'"),
        columns=columns,
        rows=rows,
    )


def _risk_matrix(block: RegisterRiskMatrixBlockDef, context: BlockContext) -> Block:
    month = _month(context, "risker")
    if month is None:
        return _missing(context, block, "risker")
    columns = [
        Column(
            id=f"consequence_{c}",
            label=f"{c} {CONSEQUENCE_LABELS[c]}",
            kind="status",
            group="Konsekvens",
        )
        for c in range(1, 5)
    ]
    cells: dict[int, list[Cell]] = {}
    for probability, consequence, ids, _ in risk_matrix(context.con, month):
        level = risk_level(probability * consequence)
        cells.setdefault(probability, []).append(Cell(value=level, display=ids))
    rows = [
        Row(label=f"Sannolikhet {p} {PROBABILITY_LABELS[p]}", cells=cells[p])
        for p in range(4, 0, -1)
    ]
    return StatusTableBlock(
        id=block.id,
        title=context.fill(block.title, f"block '{block.id}'"),
        columns=columns,
        rows=rows,
    )


def _investment_plan(block: RegisterInvestmentPlanBlockDef, context: BlockContext) -> Block:
    month = _month(context, "investeringsplan")
    if month is None:
        return _missing(context, block, "investeringsplan")
    plan = investment_plan(context.con, month)
    years: list[int | None] = [*plan.years, None]
    columns = [Column(id=f"y{y}", label=str(y), kind="amount") for y in plan.years]
    if plan.years:
        label = f"Summa {plan.years[0]}–{plan.years[-1]}"
        columns.append(Column(id="total", label=label, kind="amount"))
    rows = [
        Row(
            label=area or "Summa",
            emphasis=area is None,
            cells=[_amount_cell(plan.amounts.get((area, y)), block.unit) for y in years],
        )
        for area in [*plan.areas, None]
    ]
    where = f"block '{block.id}'"
    return TableBlock(
        id=block.id,
        title=context.fill(block.title, where),
        subtitle=context.fill(block.subtitle, where) if block.subtitle else None,
        unit=block.unit,
        unit_caption=unit_caption(block.unit),
        columns=columns,
        rows=rows,
        notes=_stale(context, month),
    )


def _budget_bridge(block: RegisterBudgetBridgeBlockDef, context: BlockContext) -> Block:
    month = _month(context, "budgetbrygga")
    if month is None:
        return _missing(context, block, "budgetbrygga")
    columns = [
        Column(id="amount", label="Belopp", kind="amount"),
        Column(id="frame", label="Ram efter förändring", kind="amount"),
        Column(id="reason", label="Motivering", kind="text"),
    ]
    rows = [
        Row(
            label=step.item,
            level=1 if step.type == "förändring" else 0,
            emphasis=step.type != "förändring",
            cells=[
                _amount_cell(step.amount, block.unit),
                _amount_cell(step.frame, block.unit),
                _text_cell(step.reason),
            ],
        )
        for step in budget_bridge(context.con, month)
    ]
    where = f"block '{block.id}'"
    return TableBlock(
        id=block.id,
        title=context.fill(block.title, where),
        subtitle=context.fill(block.subtitle, where) if block.subtitle else None,
        unit=block.unit,
        unit_caption=unit_caption(block.unit),
        columns=columns,
        rows=rows,
        notes=_stale(context, month),
    )


# A value of the charted column left empty in the register.
NO_VALUE = "Ej angivet"
# The annual wheel's ring: one segment per month, all the same size.
WHEEL_SERIES = "Aktiviteter"


def _counted(title: str, objects: str, rows: str) -> str:
    """The title with its counts filled in, before the report's placeholders (which reject
    names they do not know)."""
    return title.replace("{objects}", objects).replace("{rows}", rows)


def _share_chart(block: RegisterShareChartBlockDef, context: BlockContext) -> Block:
    spec = REGISTERS[block.from_register]
    month = _month(context, spec.name)
    if month is None:
        return _missing(context, block, spec.name, _counted(block.title, "–", "–"))
    where = f"block '{block.id}'"
    result = shares(
        context.con,
        spec.view,
        month,
        block.by,
        block.objects,
        per_object=block.share_of == "objects",
        order=block.order,
    )
    title = _counted(block.title, str(result.objects), str(result.rows))
    series = Series(
        name=context.fill(block.series_label, where),
        values=[s.share for s in result.values],
        display=[format_percent(s.share, 1) for s in result.values],
        value_kind="percent",
    )
    return ChartBlock(
        id=block.id,
        title=context.fill(title, where),
        kind=block.kind,
        categories=[NO_VALUE if s.value is None else str(s.value) for s in result.values],
        series=[series],
    )


def _annual_wheel(block: RegisterAnnualWheelBlockDef, context: BlockContext) -> Block:
    month = _month(context, "arshjul")
    if month is None:
        return _missing(context, block, "arshjul")
    activities: dict[int, list[str]] = {m: [] for m in range(1, 13)}
    for record in wheel_rows(context.con, month):
        values = {k: "" if v is None else v for k, v in record.items()}
        activities[record["month"]].append(block.template.format_map(values).strip())
    series = Series(
        name=WHEEL_SERIES,
        values=[Decimal(1)] * 12,
        display=["; ".join(a for a in activities[m] if a) for m in range(1, 13)],
        value_kind="count",
    )
    return ChartBlock(
        id=block.id,
        title=context.fill(block.title, f"block '{block.id}'"),
        kind="doughnut",
        categories=[month_name(m).capitalize() for m in range(1, 13)],
        series=[series],
    )


_BUILDERS: dict[str, Callable[[Any, BlockContext], Block]] = {
    "register_table": _table,
    "register_program": _program,
    "register_goals": _goals,
    "register_risks": _risks,
    "register_risk_matrix": _risk_matrix,
    "register_investment_plan": _investment_plan,
    "register_budget_bridge": _budget_bridge,
    "register_share_chart": _share_chart,
    "register_annual_wheel": _annual_wheel,
}


def build_register_block(context: BlockContext, block: object) -> Block:
    """The model block for one register block of the report definition."""
    kind = getattr(block, "type", None)
    if kind not in _BUILDERS:
        raise TypeError(f"not a register block: {block!r}")
    return _BUILDERS[kind](block, context)
