"""Building the report model from the report definition and the warehouse's figures."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import duckdb

from uppsikt import __version__
from uppsikt.commentary import QUOTE
from uppsikt.config import (
    COMMENTARY_BLOCK_TYPES,
    FINANCE_MEASURES,
    KPI_BLOCK_TYPES,
    REGISTER_BLOCK_TYPES,
    BlockDef,
    ChartBlockDef,
    KpiCatalog,
    LineCatalog,
    ReportDefinition,
    RowDef,
    SeriesDef,
    TableBlockDef,
    TextBlockDef,
    Workspace,
)
from uppsikt.errors import ConfigError
from uppsikt.fmt import (
    DEFAULT_DECIMALS,
    format_value,
    month_name,
    period_label,
    unit_caption,
    yymm,
)
from uppsikt.metrics import QUERIES, FigureRequest, Figures, FinanceMetrics, UnitTree
from uppsikt.periods import add_months, month_range, period_code, year_start
from uppsikt.report._commentary_blocks import build_commentary_block
from uppsikt.report._context import BlockContext
from uppsikt.report._kpi_blocks import build_kpi_block
from uppsikt.report._model import (
    Block,
    Cell,
    ChartBlock,
    Column,
    Report,
    Row,
    Section,
    Series,
    Source,
    TableBlock,
    TextBlock,
)
from uppsikt.report._references import quote_figures
from uppsikt.report._register_blocks import build_register_block

__all__ = ["build_report", "build_workspace_report", "placeholders"]


def placeholders(period: date, organisation: str) -> dict[str, str]:
    """Values of the placeholders a title or label may use."""
    prior = add_months(period, -12)
    return {
        "organisation": organisation,
        "year": str(period.year),
        "prior_year": str(prior.year),
        "next_year": str(period.year + 1),
        "month": month_name(period.month),
        "Month": month_name(period.month).capitalize(),
        "yymm": yymm(period),
        "prior_yymm": yymm(prior),
        "period": period_code(period),
    }


def _fill(template: str, values: dict[str, str], where: str) -> str:
    names = [field for _, field, _, _ in string.Formatter().parse(template) if field]
    unknown = [n for n in names if n not in values]
    if unknown:
        raise ConfigError(
            f"{where}: unknown placeholder {{{unknown[0]}}} in '{template}'; "
            f"known: {', '.join('{' + k + '}' for k in values)}"
        )
    return template.format_map(values)


def _fill_around_quotes(template: str, values: dict[str, str], where: str) -> str:
    """Fill placeholders but keep quotes of other blocks' figures (``{{table | row | column}}``,
    always with a ``|``) for quote_figures; elsewhere ``{{`` still prints a brace."""
    pieces, last = [], 0
    for match in QUOTE.finditer(template):
        pieces += [_fill(template[last : match.start()], values, where), match.group(0)]
        last = match.end()
    return "".join([*pieces, _fill(template[last:], values, where)])


def _table_requests(
    block: TableBlockDef, measured: list[_TableRow]
) -> dict[tuple[str, date], list[FigureRequest]]:
    """A finance table's figure requests per (budget version, month computed as of)."""
    requests: dict[tuple[str, date], list[FigureRequest]] = {}
    for column in block.columns:
        version = column.budget_version or block.budget_version or ""
        for at in sorted({r.at for r in measured}):
            requests.setdefault(
                (version, at),
                [
                    FigureRequest(
                        r.unit, r.line, r.row.external_only, version or None, block.plan_change
                    )
                    for r in measured
                ],
            )
    return requests


def _text_requests(block: TextBlockDef) -> list[FigureRequest]:
    return [
        FigureRequest(
            figure.unit or block.default_unit or "",
            figure.line,
            budget_version=figure.budget_version,
        )
        for figure in block.figures.values()
    ]


@dataclass(frozen=True)
class _TableRow:
    """A row of a finance table once ``children_of`` is expanded."""

    row: RowDef
    label: str
    unit: str
    line: str
    at: date


class _Builder:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        definition: ReportDefinition,
        catalog: LineCatalog,
        organisation: str,
        period: date,
        kpis: KpiCatalog,
    ) -> None:
        self.con, self.definition, self.catalog = con, definition, catalog
        self.period = period
        self.values = placeholders(period, definition.organisation or organisation)
        self.tree = UnitTree(con, period)
        # Rows computed years back (a table of annual changes) need the ledger from January
        # of the year before their year.
        years_back = max(
            (
                row.years_back
                for section in definition.sections
                for block in section.blocks
                if isinstance(block, TableBlockDef)
                for row in block.rows
            ),
            default=0,
        )
        self.metrics = FinanceMetrics(
            con,
            period,
            catalog,
            self.tree,
            default_budget_version=definition.budget_version,
            history_months=max(36, (years_back + 1) * 12 + period.month),
        )
        self._figures: dict[tuple[date, FigureRequest], Figures] = {}
        self._expanded: dict[str, list[_TableRow]] = {}
        self.context = BlockContext(
            con=con,
            period=period,
            organisation=self.values["organisation"],
            catalog=catalog,
            kpis=kpis,
            tree=self.tree,
            fill=self.fill,
        )

    def fill(self, template: str, where: str) -> str:
        return _fill(template, self.values, where)

    def figures(self, requests: list[FigureRequest], at: date | None = None) -> list[Figures]:
        """Figures for the requests as of ``at`` (default: the report month), each computed
        once per build: what is not known yet is computed in one call of the metrics."""
        at = at or self.period
        missing = list(dict.fromkeys(r for r in requests if (at, r) not in self._figures))
        if missing:
            for request, result in zip(missing, self.metrics.figures(missing, at=at), strict=True):
                self._figures[(at, request)] = result
        return [self._figures[(at, r)] for r in requests]

    def prefetch(self, blocks: list[BlockDef]) -> None:
        """Compute the figures of every finance table and text block in one call per month
        instead of one per block (a few queries instead of dozens). Best effort: a block
        whose definition is wrong is left to build, which reports it in the usual order."""
        wanted: dict[date, list[FigureRequest]] = {}
        for block in blocks:
            try:
                if isinstance(block, TableBlockDef):
                    where = f"block '{block.id}'"
                    measured = [r for r in self._expand(block, where) if not r.row.heading]
                    for (_, at), requests in _table_requests(block, measured).items():
                        wanted.setdefault(at, []).extend(requests)
                elif isinstance(block, TextBlockDef) and block.figures:
                    wanted.setdefault(self.period, []).extend(_text_requests(block))
            except ConfigError:
                continue
        for at, requests in sorted(wanted.items()):
            try:
                self.figures(requests, at=at)
            except ConfigError:
                continue

    def _expand(self, block: TableBlockDef, where: str) -> list[_TableRow]:
        """The table's rows, with ``children_of`` expanded to one row per child unit (once per
        block: prefetch and the table itself both need them)."""
        if block.id not in self._expanded:
            self._expanded[block.id] = self._expand_rows(block, where)
        return self._expanded[block.id]

    def _expand_rows(self, block: TableBlockDef, where: str) -> list[_TableRow]:
        rows: list[_TableRow] = []
        for row in block.rows:
            if row.heading:
                label = self.fill(row.label or "", where)
                rows.append(_TableRow(row=row, label=label, unit="", line="", at=self.period))
                continue
            line = row.line or block.default_line
            assert line is not None  # the definition's validator guarantees it
            at = self.period
            if row.years_back or row.month:
                at = add_months(self.period, -12 * row.years_back)
                at = at.replace(month=row.month or at.month)
            values = {**self.values, **placeholders(at, self.values["organisation"])}
            common = {"row": row, "line": line, "at": at}
            if row.children_of:
                rows += [
                    _TableRow(label=child.name, unit=child.unit, **common)
                    for child in self.tree.children(row.children_of)
                ]
            else:
                unit = self.tree.resolve(row.unit or block.default_unit or "")
                label = row.label or (
                    self.catalog.labels[line] if row.unit is None else self.tree.unit(unit).name
                )
                rows.append(_TableRow(label=_fill(label, values, where), unit=unit, **common))
        return rows

    def table(self, block: TableBlockDef) -> TableBlock:
        where = f"block '{block.id}'"
        expanded = self._expand(block, where)
        measured = [r for r in expanded if not r.row.heading]
        figures = {
            key: self.figures(requests, at=key[1])
            for key, requests in _table_requests(block, measured).items()
        }
        columns = [
            Column(
                id=c.id,
                label=self.fill(c.label, where),
                kind=FINANCE_MEASURES[c.measure_id],  # type: ignore[arg-type]
                group=self.fill(c.group, where) if c.group else None,
                decimals=c.decimals
                if c.decimals is not None
                else DEFAULT_DECIMALS[FINANCE_MEASURES[c.measure_id]],
            )
            for c in block.columns
        ]
        sign = Decimal(-1) if block.cost_positive else Decimal(1)
        rows = []
        index = -1  # the row's position among the measured rows
        for row in expanded:
            group = self.fill(row.row.group, where) if row.row.group else None
            if row.row.heading:
                blank = [Cell(value=None, display="") for _ in columns]
                rows.append(Row(label=row.label, level=row.row.level, cells=blank, group=group))
                continue
            index += 1
            cells = []
            for column_def, column in zip(block.columns, columns, strict=True):
                version = column_def.budget_version or block.budget_version or ""
                result = figures[(version, row.at)][index]
                value = result.values[column_def.measure_id]
                if value is not None and column.kind == "amount":
                    value = value * sign
                decimals = column.decimals
                if row.row.decimals is not None and column.kind == "amount":
                    decimals = row.row.decimals
                cells.append(
                    Cell(
                        value=value,
                        display=format_value(
                            value, column.kind, unit=block.unit, decimals=decimals
                        ),
                        lineage=result.lineage[column_def.measure_id],
                    )
                )
            rows.append(
                Row(
                    label=row.label,
                    level=row.row.level,
                    emphasis=row.row.emphasis,
                    cells=cells,
                    unit=row.unit,
                    line=row.line,
                    group=group,
                )
            )
        notes = []
        if block.summary:
            # The last sum row (the region's total); its figures are computed above already.
            total = max((i for i, r in enumerate(measured) if r.row.emphasis), default=-1)
            total_at = measured[total].at
            computed = next(f for (_, at), f in figures.items() if at == total_at)
            notes.append(self._summary(block.summary, computed[total].values, where))
        return TableBlock(
            id=block.id,
            title=self.fill(block.title, where),
            subtitle=self.fill(block.subtitle, where) if block.subtitle else None,
            unit=block.unit,
            unit_caption=unit_caption(block.unit),
            columns=columns,
            rows=rows,
            notes=notes,
        )

    def _summary(self, template: str, figures: dict[str, Decimal | None], where: str) -> str:
        """A table's sentence about its total, from the total row's figures."""
        values = dict(self.values)
        # Costs are negative in the report sign: a growing cost is a negative change ratio
        # of the amounts but "higher costs" in words; the ratio is the same for both signs.
        for name, measure, decimals in (
            ("plan", "deviation_plan_ytd_pct", 0),
            ("prior", "change_ytd_pct", 1),
        ):
            ratio = figures[measure]
            values[f"{name}_pct"] = (
                format_value(abs(ratio), "percent", decimals=decimals).removesuffix("%")
                if ratio is not None
                else "–"
            )
            values[f"{name}_direction"] = "högre" if ratio is not None and ratio > 0 else "lägre"
        return _fill(template, values, where)

    def chart(self, block: ChartBlockDef) -> ChartBlock:
        where = f"block '{block.id}'"
        if block.by == "month":
            categories, series = self._monthly_series(block, where)
        else:
            categories, series = self._category_series(block, where)
        return ChartBlock(
            id=block.id,
            title=self.fill(block.title, where),
            kind=block.kind,
            unit=block.unit,
            categories=categories,
            series=series,
        )

    def _series(
        self, definition: SeriesDef, values: list, kind: str, name: str, unit: str
    ) -> Series:
        return Series(
            name=name,
            values=values,
            display=[format_value(v, kind, unit=unit) for v in values],
            kind=definition.kind,
            axis=definition.axis,
            value_kind=kind,  # type: ignore[arg-type]
        )

    def _monthly_series(self, block: ChartBlockDef, where: str) -> tuple[list[str], list[Series]]:
        if block.months == "year":
            months = month_range(year_start(self.period), add_months(year_start(self.period), 11))
            categories = [month_name(m.month)[:3].capitalize() for m in months]
        else:
            count = 13 if block.months == "r13" else 24
            months = month_range(add_months(self.period, -(count - 1)), self.period)
            categories = [period_code(m) for m in months]
        series = []
        for definition in block.series:
            shifted = [add_months(m, -12 * definition.years_back) for m in months]
            request = FigureRequest(
                definition.unit or block.default_unit or "",
                definition.line or "",
                budget_version=definition.budget_version,
            )
            values = self.metrics.monthly(request, definition.measure, shifted)
            kind = "percent" if definition.measure == "r12_change_pct" else "amount"
            year = str(self.period.year - definition.years_back)
            name = _fill(definition.label, {**self.values, "year": year}, where)
            series.append(self._series(definition, values, kind, name, block.unit))
        return categories, series

    def _category_series(self, block: ChartBlockDef, where: str) -> tuple[list[str], list[Series]]:
        """Series over child units (``by: unit``) or over lines (``by: line``)."""
        if block.by == "unit":
            units = self.tree.children(block.children_of or "")
            categories = [u.name for u in units]
        else:
            categories = [self.catalog.labels[line] for line in block.lines]
        series = []
        for definition in block.series:
            if block.by == "unit":
                requests = [
                    FigureRequest(
                        u.unit, definition.line or "", budget_version=definition.budget_version
                    )
                    for u in units
                ]
            else:
                unit = definition.unit or block.default_unit or ""
                requests = [
                    FigureRequest(unit, line, budget_version=definition.budget_version)
                    for line in block.lines
                ]
            figures = self.figures(requests)
            values = [f.values[definition.measure] for f in figures]
            kind = FINANCE_MEASURES[definition.measure]
            name = self.fill(definition.label, where)
            series.append(self._series(definition, values, kind, name, block.unit))
        return categories, series

    def text(self, block: TextBlockDef) -> TextBlock:
        where = f"block '{block.id}'"
        figures = self._text_figures(block)
        taken = sorted(set(figures) & set(self.values))
        if taken:
            raise ConfigError(
                f"{where}: figure '{taken[0]}' has the name of a placeholder; rename it"
            )
        values = {name: cell.display for name, cell in figures.items()}
        return TextBlock(
            id=block.id,
            title=self.fill(block.title, where),
            markdown=_fill_around_quotes(block.markdown, {**self.values, **values}, where),
            figures=figures,
        )

    def _text_figures(self, block: TextBlockDef) -> dict[str, Cell]:
        """The figures a text quotes, computed as a table's cells are."""
        if not block.figures:
            return {}
        names = list(block.figures)
        results = self.figures(_text_requests(block))
        cells = {}
        for name, figure, result in zip(names, block.figures.values(), results, strict=True):
            kind = FINANCE_MEASURES[figure.measure]
            value = result.values[figure.measure]
            cells[name] = Cell(
                value=value,
                display=format_value(
                    value, kind, unit=block.unit, decimals=figure.decimals, plus=figure.plus
                ),
                lineage=result.lineage[figure.measure],
            )
        return cells

    def block(self, block: BlockDef) -> Block:
        if block.type in KPI_BLOCK_TYPES:
            return build_kpi_block(self.context, block)
        if block.type in REGISTER_BLOCK_TYPES:
            return build_register_block(self.context, block)
        if block.type in COMMENTARY_BLOCK_TYPES:
            return build_commentary_block(self.context, block)
        if isinstance(block, TableBlockDef):
            return self.table(block)
        if isinstance(block, ChartBlockDef):
            return self.chart(block)
        assert isinstance(block, TextBlockDef)
        return self.text(block)

    def sources(self) -> list[Source]:
        rows = self.con.execute(
            """
            SELECT b.batch_id, b.kind, b.source, b.file_name, b.file_hash, b.imported_at,
                   b.imported_by, b.row_count, strftime(b.first_period, '%Y-%m'),
                   strftime(b.last_period, '%Y-%m')
            FROM batches b
            WHERE b.batch_id IN (SELECT batch_id FROM current_batch_periods)
            ORDER BY b.batch_id
            """
        ).fetchall()
        fields = list(Source.model_fields)
        return [Source(**dict(zip(fields, r, strict=True))) for r in rows]


def build_report(
    con: duckdb.DuckDBPyConnection,
    *,
    definition: ReportDefinition,
    catalog: LineCatalog,
    organisation: str,
    period: date,
    kpis: KpiCatalog | None = None,
    only_blocks: set[str] | None = None,
) -> Report:
    """Compute every block of ``definition`` for ``period`` (or only the named blocks)."""
    builder = _Builder(con, definition, catalog, organisation, period, kpis or KpiCatalog())
    builder.prefetch(
        [
            b
            for s in definition.sections
            for b in s.blocks
            if only_blocks is None or b.id in only_blocks
        ]
    )
    built: dict[str, Block] = {}
    sections = []
    for section in definition.sections:
        for block in section.blocks:
            if only_blocks is None or block.id in only_blocks:
                built[block.id] = builder.block(block)
        blocks = [built[b.id] for b in section.blocks if b.id in built]
        if blocks:
            sections.append(
                Section(
                    id=section.id,
                    title=builder.fill(section.title, f"section '{section.id}'"),
                    blocks=blocks,
                )
            )

    def lookup(block_id: str) -> Block | None:
        # A text may quote a block that was not asked for (only_blocks): build it on the side.
        if block_id not in built:
            try:
                _, definition_block = definition.block(block_id)
            except KeyError:
                return None
            built[block_id] = builder.block(definition_block)
        return built[block_id]

    sections = [
        section.model_copy(
            update={
                "blocks": [
                    quote_figures(b, lookup) if isinstance(b, TextBlock) else b
                    for b in section.blocks
                ]
            }
        )
        for section in sections
    ]
    return Report(
        title=builder.fill(definition.title, "title"),
        organisation=builder.values["organisation"],
        period=period_code(period),
        period_label=period_label(period),
        generated_at=datetime.now(UTC),
        software_version=__version__,
        sections=sections,
        sources=builder.sources(),
        queries=dict(QUERIES),
    )


def build_workspace_report(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    period: date,
    *,
    definition: ReportDefinition | None = None,
    only_blocks: set[str] | None = None,
) -> Report:
    """:func:`build_report` with a workspace's own definition, lines and organisation."""
    return build_report(
        con,
        definition=definition or workspace.report_definition(),
        catalog=workspace.lines(),
        organisation=workspace.settings().organisation,
        period=period,
        kpis=workspace.kpis(),
        only_blocks=only_blocks,
    )
