"""Building the report's KPI blocks (tables, charts, tiles) from the KPI observations.

Privacy suppression happens here, so it reaches every output: a cell of a suppressed group,
or derived from one, has no value, prints ``..`` and carries the footnote mark ``*``
explained in the table's notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from uppsikt.config._kpi_blocks import (
    KpiChartBlockDef,
    KpiColumnDef,
    KpiTableBlockDef,
    KpiTilesBlockDef,
    Style,
)
from uppsikt.config._kpis import KpiDef
from uppsikt.errors import ConfigError
from uppsikt.fmt import format_number, format_percent, format_value, unit_caption
from uppsikt.metrics._kpi import (
    KpiCube,
    KpiMetrics,
    attainment,
    kpi_change,
    kpi_change_pct,
    latest_period,
    trend,
)
from uppsikt.periods import add_months, period_code
from uppsikt.report._context import BlockContext
from uppsikt.report._model import (
    Block,
    Cell,
    ChartBlock,
    Column,
    Row,
    Series,
    TableBlock,
    Tile,
    TilesBlock,
)

__all__ = ["build_kpi_block"]

SUPPRESSED_DISPLAY = ".."
SUPPRESSED_MARK = "*"
Where = dict[str, str | None]


@dataclass(frozen=True)
class _Figure:
    value: Decimal | None
    hidden: bool = False


def _base_kind(kpi: KpiDef) -> str:
    return {"%": "percent", "kr": "amount"}.get(kpi.unit, "count")


def _measure_kind(kpi: KpiDef, measure: str) -> str:
    base = _base_kind(kpi)
    if measure in ("change_pct_prior_period", "change_pct_prior_year", "attainment"):
        return "percent"
    if measure == "group_size":
        return "count"
    if measure in ("change_prior_period", "change_prior_year", "target_gap", "trend"):
        return "pp" if base == "percent" else base
    return base


def _model_value(value: Decimal | None, kind: str, measure: str) -> Decimal | None:
    """Percent cells of the model hold ratios: a KPI's points (and its target) / 100."""
    if value is None or kind != "percent" or measure.startswith(("change_pct", "attainment")):
        return value
    return value / 100


def _display(
    value: Decimal | None,
    kind: str,
    decimals: int,
    style: Style,
    plus: bool,
    unit: str,
    grouping: bool = True,
) -> str:
    if value is None:
        return ""
    if not grouping and kind in ("percent", "count"):
        points = value * 100 if kind == "percent" else value
        text = format_number(points, decimals, plus=plus, group=False)
        return text if kind == "count" or style == "number" else text + "%"
    if style == "number" and kind == "percent":
        return format_number(value * 100, decimals, plus=plus)
    if style == "number" and kind == "pp":
        return format_number(value, decimals, plus=plus)
    if style == "percent" and kind == "pp":
        return format_percent(value, decimals, ratio=False, plus=plus)
    return format_value(value, kind, unit=unit, decimals=decimals, plus=plus)


class _Kpis:
    """The KPI cubes a block reads, fetched once per KPI, and the cells computed from them."""

    def __init__(self, context: BlockContext, where: str) -> None:
        self.context = context
        self.where = where
        self.metrics = KpiMetrics(context.con)
        self.cubes: dict[str, KpiCube] = {}

    def kpi(self, kpi_id: str | None) -> KpiDef:
        if not kpi_id:
            raise ConfigError(f"{self.where}: names no KPI (give 'kpi' on the block or the cell)")
        if kpi_id not in self.context.kpis:
            known = ", ".join(k.id for k in self.context.kpis.kpis) or "(none: no kpis.yaml)"
            raise ConfigError(f"{self.where}: unknown KPI '{kpi_id}'; known: {known}")
        return self.context.kpis.get(kpi_id)

    def check_where(self, kpi: KpiDef, where: Where) -> None:
        for name, code in where.items():
            if name not in kpi.breakdown_ids:
                raise ConfigError(f"{self.where}: KPI '{kpi.id}' has no breakdown '{name}'")
            if code is not None and code not in kpi.breakdown(name).values:
                raise ConfigError(
                    f"{self.where}: '{code}' is not a value of breakdown '{name}' of KPI '{kpi.id}'"
                )

    def latest(self, kpi: KpiDef) -> date:
        return latest_period(kpi, self.context.period)

    def cube(self, kpi: KpiDef, back: int = 40) -> KpiCube:
        if kpi.id not in self.cubes:
            latest = self.latest(kpi)
            periods = [add_months(latest, -kpi.step * i) for i in range(back)]
            periods += [add_months(p, -12) for p in periods]
            self.cubes[kpi.id] = self.metrics.cube(kpi, periods)
        return self.cubes[kpi.id]

    def figure(self, kpi: KpiDef, period: date, where: Where) -> _Figure:
        cube = self.cube(kpi)
        key = cube.key(where)
        if cube.is_hidden(period, key):
            return _Figure(None, True)
        return _Figure(cube.value(period, key))

    def measure(
        self, kpi: KpiDef, period: date, where: Where, measure: str, periods: int = 13
    ) -> _Figure:
        """One measure of a cell; hidden when any figure it is computed from is hidden."""
        current = self.figure(kpi, period, where)
        if measure == "value":
            return current
        if measure == "group_size":
            found = self.cube(kpi).get(period, self.cube(kpi).key(where))
            size = found.group_size if found else None
            return _Figure(Decimal(size) if size is not None else None)
        if measure in ("target", "target_gap", "attainment"):
            target = kpi.target(period.year, where)
            if measure == "target":
                return _Figure(target)
            if measure == "target_gap":
                gap = None if current.value is None or target is None else current.value - target
                return _Figure(gap, current.hidden)
            return _Figure(attainment(current.value, target, kpi.direction), current.hidden)
        if measure == "trend":
            series = [
                self.figure(kpi, add_months(period, -kpi.step * i), where)
                for i in reversed(range(periods))
            ]
            hidden = any(f.hidden for f in series)
            return _Figure(None if hidden else trend([f.value for f in series]), hidden)
        months = kpi.step if measure.endswith("prior_period") else 12
        prior = self.figure(kpi, add_months(period, -months), where)
        hidden = current.hidden or prior.hidden
        if hidden:
            return _Figure(None, True)
        if measure in ("prior_period", "prior_year"):
            return prior
        if measure.startswith("change_pct"):
            return _Figure(kpi_change_pct(current.value, prior.value))
        return _Figure(kpi_change(current.value, prior.value, kpi.unit))


def _merge(*wheres: Where) -> Where:
    merged: Where = {}
    for where in wheres:
        merged.update(where)
    return merged


@dataclass(frozen=True)
class _RowSpec:
    label: str
    kpi: str | None
    where: Where
    period: date | None = None
    level: int = 0
    emphasis: bool = False
    decimals: int | None = None


def _row_specs(block: KpiTableBlockDef, kpis: _Kpis, fill: str) -> list[_RowSpec]:
    if block.rows_by == "list":
        return [
            _RowSpec(
                kpis.context.fill(r.label, fill),
                r.kpi or block.kpi,
                _merge(block.where, r.where),
                None,
                r.level,
                r.emphasis,
                r.decimals,
            )
            for r in block.rows
        ]
    kpi = kpis.kpi(block.kpi or next((c.kpi for c in block.columns if c.kpi), None))
    if block.rows_by == "period":
        latest = kpis.latest(kpi)
        periods = [add_months(latest, -kpi.step * i) for i in reversed(range(block.periods))]
        return [_RowSpec(period_code(p), None, dict(block.where), p) for p in periods]
    assert block.breakdown is not None
    if block.breakdown not in kpi.breakdown_ids:
        raise ConfigError(f"{fill}: KPI '{kpi.id}' has no breakdown '{block.breakdown}'")
    values = kpi.breakdown(block.breakdown).values
    specs = [
        _RowSpec(label, None, _merge(block.where, {block.breakdown: code}))
        for code, label in values.items()
    ]
    return specs


def _table(context: BlockContext, block: KpiTableBlockDef) -> TableBlock:
    where_text = f"block '{block.id}'"
    kpis = _Kpis(context, where_text)
    specs = _row_specs(block, kpis, where_text)
    total_spec = None
    if block.rows_by == "breakdown" and block.total_label:
        total_spec = _RowSpec(
            context.fill(block.total_label, where_text),
            None,
            _merge(block.where, {block.breakdown or "": None}),
            emphasis=True,
        )
    built: list[tuple[_RowSpec, list[Cell], list[_Figure]]] = []
    columns: list[Column] = []
    any_hidden = False
    for spec in [*specs, *([total_spec] if total_spec else [])]:
        cells, figures = [], []
        by_id: dict[str, tuple[_Figure, str]] = {}
        for column in block.columns:
            kpi = kpis.kpi(column.kpi or spec.kpi or block.kpi)
            where = _merge(spec.where, column.where)
            kpis.check_where(kpi, where)
            period = spec.period or kpis.latest(kpi)
            figure, kind = _column_figure(kpis, kpi, period, where, column, by_id)
            by_id[column.id] = (figure, kind)
            decimals = _decimals(column, kind, kpi, spec)
            value = _model_value(figure.value, kind, column.measure)
            if figure.hidden:
                any_hidden = True
                cells.append(Cell(value=None, display=SUPPRESSED_DISPLAY, note=SUPPRESSED_MARK))
            else:
                cells.append(
                    Cell(
                        value=value,
                        display=_display(
                            value,
                            kind,
                            decimals,
                            column.style,
                            column.plus,
                            block.unit,
                            column.grouping,
                        ),
                        lineage={
                            "query": "kpi_observations",
                            "kpi": kpi.id,
                            "period": period_code(period),
                            "measure": column.measure,
                            "where": {k: v for k, v in where.items() if v is not None},
                        },
                    )
                )
            figures.append(figure)
            if len(columns) < len(block.columns):
                columns.append(
                    Column(
                        id=column.id,
                        label=context.fill(column.label, where_text),
                        kind=kind,  # type: ignore[arg-type]
                        group=context.fill(column.group, where_text) if column.group else None,
                        decimals=_decimals(column, kind, kpi, None),
                    )
                )
        built.append((spec, cells, figures))
    if block.order_by:
        index = [c.id for c in block.columns].index(block.order_by)
        body = [b for b in built if b[0] is not total_spec]
        present = [b for b in body if b[2][index].value is not None]
        present.sort(key=lambda b: b[2][index].value, reverse=block.descending)  # type: ignore[arg-type, return-value]
        if block.limit:
            present = present[: block.limit]
        built = present + [b for b in built if b[0] is total_spec]
    elif block.limit:
        built = built[: block.limit]
    rows = [
        Row(label=spec.label, level=spec.level, emphasis=spec.emphasis, cells=cells)
        for spec, cells, _ in built
    ]
    notes = []
    if any_hidden:
        notes.append(_privacy_note(kpis))
    amounts = any(c.kind == "amount" for c in columns)
    return TableBlock(
        id=block.id,
        title=context.fill(block.title, where_text),
        subtitle=context.fill(block.subtitle, where_text) if block.subtitle else None,
        unit=block.unit if amounts else None,
        unit_caption=unit_caption(block.unit) if amounts else None,
        columns=columns,
        rows=rows,
        notes=notes,
    )


def _privacy_note(kpis: _Kpis) -> str:
    thresholds = sorted({c.kpi.privacy_threshold for c in kpis.cubes.values() if c.hidden})
    limit = " eller ".join(str(t) for t in thresholds if t is not None)
    return (
        f"{SUPPRESSED_MARK} Uppgiften redovisas inte av sekretesskäl: gruppen har högst {limit} "
        "personer, eller uppgiften skulle kunna räknas fram ur en summa."
    )


def _column_figure(
    kpis: _Kpis,
    kpi: KpiDef,
    period: date,
    where: Where,
    column: KpiColumnDef,
    by_id: dict[str, tuple[_Figure, str]],
) -> tuple[_Figure, str]:
    if column.measure != "difference":
        figure = kpis.measure(kpi, period, where, column.measure, column.periods)
        return figure, _measure_kind(kpi, column.measure)
    first, second = (by_id.get(i) for i in column.of)
    if first is None or second is None:
        raise ConfigError(
            f"{kpis.where}: column '{column.id}' subtracts columns that come after it"
        )
    hidden = first[0].hidden or second[0].hidden
    value = None
    if not hidden and first[0].value is not None and second[0].value is not None:
        value = first[0].value - second[0].value
    kind = "pp" if first[1] == "percent" else first[1]
    return _Figure(value, hidden), kind


def _decimals(column: KpiColumnDef, kind: str, kpi: KpiDef, spec: _RowSpec | None) -> int:
    if spec is not None and spec.decimals is not None and kind != "percent":
        return spec.decimals
    if column.decimals is not None:
        return column.decimals
    if kind == "percent" and column.measure.startswith(("change_pct", "attainment")):
        return 0
    return kpi.decimals


def _chart(context: BlockContext, block: KpiChartBlockDef) -> ChartBlock:
    where_text = f"block '{block.id}'"
    kpis = _Kpis(context, where_text)
    first = kpis.kpi(block.kpi or block.series[0].kpi)
    latest = kpis.latest(first)
    if block.by == "period":
        points = [
            (period_code(p), p, {})
            for p in (add_months(latest, -first.step * i) for i in reversed(range(block.periods)))
        ]
    else:
        assert block.breakdown is not None
        if block.breakdown not in first.breakdown_ids:
            raise ConfigError(
                f"{where_text}: KPI '{first.id}' has no breakdown '{block.breakdown}'"
            )
        points = [
            (label, latest, {block.breakdown: code})
            for code, label in first.breakdown(block.breakdown).values.items()
        ]
    series = []
    for definition in block.series:
        kpi = kpis.kpi(definition.kpi or block.kpi)
        kind = _measure_kind(kpi, definition.measure)
        values, displays = [], []
        for _, period, extra in points:
            where = _merge(block.where, definition.where, extra)
            kpis.check_where(kpi, where)
            figure = kpis.measure(kpi, period, where, definition.measure)
            value = _model_value(figure.value, kind, definition.measure)
            values.append(value)
            displays.append(
                SUPPRESSED_DISPLAY
                if figure.hidden
                else _display(value, kind, kpi.decimals, "default", False, block.unit)
            )
        series.append(
            Series(
                name=context.fill(definition.label, where_text),
                values=values,
                display=displays,
                kind=definition.kind,
                axis=definition.axis,
                value_kind=kind,  # type: ignore[arg-type]
            )
        )
    return ChartBlock(
        id=block.id,
        title=context.fill(block.title, where_text),
        kind=block.kind,
        unit=block.unit if any(s.value_kind == "amount" for s in series) else None,
        categories=[label for label, _, _ in points],
        series=series,
    )


def _tiles(context: BlockContext, block: KpiTilesBlockDef) -> TilesBlock:
    where_text = f"block '{block.id}'"
    kpis = _Kpis(context, where_text)
    tiles = []
    for tile in block.tiles:
        kpi = kpis.kpi(tile.kpi or block.kpi)
        where = _merge(block.where, tile.where)
        kpis.check_where(kpi, where)
        period = kpis.latest(kpi)
        kind = _base_kind(kpi)
        decimals = tile.decimals if tile.decimals is not None else kpi.decimals
        figure = kpis.measure(kpi, period, where, "value")
        value = _model_value(figure.value, kind, "value")
        change_display, status = None, None
        if tile.change != "none":
            measure = f"change_{tile.change}"
            delta = kpis.measure(kpi, period, where, measure)
            delta_kind = _measure_kind(kpi, measure)
            if delta.hidden:
                change_display = SUPPRESSED_DISPLAY
            elif delta.value is not None:
                shown = _model_value(delta.value, delta_kind, measure)
                change_display = _display(shown, delta_kind, decimals, "default", True, tile.unit)
                better = delta.value > 0 if kpi.direction == "higher" else delta.value < 0
                status = "neutral" if delta.value == 0 else ("good" if better else "bad")
        tiles.append(
            Tile(
                label=context.fill(tile.label, where_text),
                value=value,
                display=SUPPRESSED_DISPLAY
                if figure.hidden
                else _display(value, kind, decimals, "default", False, tile.unit),
                change_display=change_display,
                status=status,  # type: ignore[arg-type]
            )
        )
    return TilesBlock(id=block.id, title=context.fill(block.title, where_text), tiles=tiles)


def build_kpi_block(context: BlockContext, block: object) -> Block:
    """The model block for one KPI block of the report definition."""
    if isinstance(block, KpiTableBlockDef):
        return _table(context, block)
    if isinstance(block, KpiChartBlockDef):
        return _chart(context, block)
    if isinstance(block, KpiTilesBlockDef):
        return _tiles(context, block)
    raise TypeError(f"not a KPI block: {block!r}")
