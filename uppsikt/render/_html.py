"""The report as one self-contained, accessible HTML file: inline CSS and SVG, no requests.

The page works offline (from a USB stick): nothing is fetched, no fonts, scripts or images
from elsewhere. Tables carry captions and header scopes, charts are inline SVG with a title and
a description, status cells show a symbol *and* a label, and a print stylesheet lays the report
out on A4 landscape. The PDF renderer draws the same HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from uppsikt.fmt import format_count, month_name, unit_caption
from uppsikt.render._markdown import Run, parse
from uppsikt.render._naming import output_path, replace_atomically
from uppsikt.render._svg import chart_svg
from uppsikt.report import (
    Block,
    ChartBlock,
    Column,
    Report,
    Row,
    StatusTableBlock,
    TableBlock,
    TextBlock,
    TilesBlock,
)

__all__ = ["markdown_html", "render_html", "stylesheet", "write_html"]

_NUMERIC = frozenset({"amount", "percent", "pp", "count"})
# A status is a coloured symbol of its own shape plus a text label: colour is never the only
# signal. Status-table cells carry their label in ``display``; tiles have none, so these words.
_SYMBOLS = {"good": "●", "warning": "▲", "bad": "■", "neutral": "○"}
_TILE_STATUS = {"good": "Bra", "warning": "Varning", "bad": "Dåligt", "neutral": "Neutral"}
_SOURCE_KINDS = {
    "units": "Organisation",
    "accounts": "Kontomappning",
    "ledger": "Huvudbok",
    "budget": "Budget",
    "forecast": "Prognos",
}
_LOCAL_TIME = "Europe/Stockholm"
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
# Row labels up to this length stay on one line; longer ones wrap rather than squeeze numbers.
_NOWRAP_LABEL = 34


@dataclass(frozen=True)
class HeaderCell:
    text: str
    scope: str | None  # "col", "colgroup" or None for the empty corner cell (a <td>)
    colspan: int = 1
    rowspan: int = 1
    classes: str = ""


@dataclass(frozen=True)
class BodyCell:
    text: str
    classes: str = ""
    is_header: bool = False
    scope: str = "row"  # of a header cell: "row", or "rowgroup" for a row group's cell
    rowspan: int = 1
    colspan: int = 1
    note_mark: str | None = None
    note_href: str | None = None
    status: str | None = None
    symbol: str | None = None


@dataclass(frozen=True)
class BodyRow:
    cells: list[BodyCell]
    classes: str = ""


@dataclass(frozen=True)
class ColumnGroup:
    span: int
    classes: str = ""


@dataclass
class TableView:
    anchor: str
    title: str
    subtitle: str | None
    unit_caption: str | None
    colgroups: list[ColumnGroup]
    header_rows: list[list[HeaderCell]]
    rows: list[BodyRow]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (id, text)


@dataclass
class BlockView:
    type: str
    anchor: str
    title: str
    table: TableView | None = None
    svg: Markup | None = None
    chart_table: TableView | None = None
    tiles: list[dict[str, str | None]] | None = None
    text: Markup | None = None


@dataclass
class SectionView:
    anchor: str
    title: str
    blocks: list[BlockView]


class _Anchors:
    """HTML ids made from model ids, unique within the page."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def __call__(self, prefix: str, ident: str) -> str:
        base = f"{prefix}-{_UNSAFE_ID.sub('-', ident).strip('-') or 'x'}"
        anchor, counter = base, 1
        while anchor in self._used:
            counter += 1
            anchor = f"{base}-{counter}"
        self._used.add(anchor)
        return anchor


def _column_classes(column: Column) -> str:
    if column.kind in _NUMERIC:
        return "num"
    return "status" if column.kind == "status" else "text"


def _label_column(block: TableBlock | StatusTableBlock) -> bool:
    """Whether the first column already holds the row labels (a text column whose cells repeat
    each row's label): then it is the row-header column instead of an extra one."""
    if not block.columns or block.columns[0].kind != "text" or not block.rows:
        return False
    return all(row.cells and row.cells[0].display == row.label for row in block.rows)


def _groups(columns: list[Column]) -> list[tuple[str | None, list[int]]]:
    """Consecutive columns with the same group, as (group, indices)."""
    runs: list[tuple[str | None, list[int]]] = []
    for index, column in enumerate(columns):
        if runs and column.group is not None and runs[-1][0] == column.group:
            runs[-1][1].append(index)
        else:
            runs.append((column.group, [index]))
    return runs


def _note_ids(anchor: str, notes: list[str]) -> list[tuple[str, str]]:
    return [(f"{anchor}-not-{index + 1}", note) for index, note in enumerate(notes)]


def _note_href(mark: str, notes: list[tuple[str, str]]) -> str | None:
    """The note a footnote mark refers to: the one that starts with the mark as a word ("* ..."),
    else the first that starts with it at all."""
    for ident, text in notes:
        if text.split(maxsplit=1)[:1] == [mark]:
            return f"#{ident}"
    for ident, text in notes:
        if text.startswith(mark):
            return f"#{ident}"
    return None


def _table_view(block: TableBlock | StatusTableBlock, anchor: str) -> TableView:
    columns = list(block.columns)
    label_column = _label_column(block)
    data_columns = columns[1:] if label_column else columns
    runs = _groups(data_columns)
    grouped = any(group is not None for group, _ in runs)
    header_rows: list[list[HeaderCell]] = [[]] + ([[]] if grouped else [])
    rowspan = 2 if grouped else 1
    # Rows with groups (the care level of "Primärvård | Läkare") get a column before the labels.
    row_groups = not label_column and any(row.group for row in block.rows)
    heads = 2 if row_groups else 1
    if label_column:
        first = HeaderCell(columns[0].label, "col", rowspan=rowspan, classes="text row-head")
    else:
        first = HeaderCell("", None, colspan=heads, rowspan=rowspan, classes="corner")
    header_rows[0].append(first)
    colgroups = [ColumnGroup(heads, "row-heads")]
    group_start: set[int] = set()
    for run_index, (group, indices) in enumerate(runs):
        start = "group-start" if grouped and run_index else ""
        group_start.add(indices[0])
        if group is None:
            for index in indices:
                column = data_columns[index]
                classes = f"{_column_classes(column)} {start}".strip()
                header_rows[0].append(
                    HeaderCell(column.label, "col", rowspan=rowspan, classes=classes)
                )
                colgroups.append(ColumnGroup(1))
        else:
            header_rows[0].append(
                HeaderCell(
                    group, "colgroup", colspan=len(indices), classes=f"group {start}".strip()
                )
            )
            colgroups.append(ColumnGroup(len(indices), "group"))
            for position, index in enumerate(indices):
                column = data_columns[index]
                classes = _column_classes(column) + (f" {start}" if position == 0 and start else "")
                header_rows[1].append(HeaderCell(column.label, "col", classes=classes))
    notes = _note_ids(anchor, list(getattr(block, "notes", [])))
    rows = [
        _body_row(row, data_columns, label_column, group_start if grouped else set(), notes)
        for row in block.rows
    ]
    if row_groups:
        _add_row_groups(block.rows, rows)
    return TableView(
        anchor=anchor,
        title=block.title,
        subtitle=getattr(block, "subtitle", None),
        unit_caption=getattr(block, "unit_caption", None),
        colgroups=colgroups,
        header_rows=header_rows,
        rows=rows,
        notes=notes,
    )


def _add_row_groups(model_rows: list[Row], rows: list[BodyRow]) -> None:
    """A row group's name as one header cell spanning its run of rows; a row without a group
    has its label span both head columns."""
    index = 0
    while index < len(rows):
        group = model_rows[index].group
        label = rows[index].cells[0]
        if group is None:
            rows[index].cells[0] = replace(label, colspan=2)
            index += 1
            continue
        end = index
        while end < len(rows) and model_rows[end].group == group:
            end += 1
        cell = BodyCell(group, "row-group", is_header=True, scope="rowgroup", rowspan=end - index)
        rows[index].cells.insert(0, cell)
        index = end


def _body_row(
    row: Row,
    columns: list[Column],
    label_column: bool,
    group_start: set[int],
    notes: list[tuple[str, str]],
) -> BodyRow:
    cells = list(row.cells)
    label_cell = cells.pop(0) if label_column else None
    level = min(max(row.level, 0), 6)
    head_mark = label_cell.note if label_cell else None
    out = [
        BodyCell(
            row.label,
            classes=f"row-head level-{level}"
            + (" nowrap" if len(row.label) <= _NOWRAP_LABEL else ""),
            is_header=True,
            note_mark=head_mark,
            note_href=_note_href(head_mark, notes) if head_mark else None,
        )
    ]
    for index, (column, cell) in enumerate(zip(columns, cells, strict=False)):
        classes = _column_classes(column) + (
            " group-start" if index in group_start and index else ""
        )
        status = None
        if column.kind == "status" and isinstance(cell.value, str) and cell.value in _SYMBOLS:
            status = cell.value
        out.append(
            BodyCell(
                cell.display,
                classes=classes,
                note_mark=cell.note,
                note_href=_note_href(cell.note, notes) if cell.note else None,
                status=status,
                symbol=_SYMBOLS.get(status) if status else None,
            )
        )
    return BodyRow(out, "sum" if row.emphasis else "")


def _chart_table(chart: ChartBlock, anchor: str) -> TableView:
    """The chart's values as a table: the same numbers for readers who can't see the chart
    (a doughnut's: its labels, text aligned as text)."""
    align = "" if chart.kind == "doughnut" else "num"
    header = [HeaderCell("", None, classes="corner")] + [
        HeaderCell(s.name, "col", classes=align) for s in chart.series
    ]
    rows = [
        BodyRow(
            [BodyCell(category, classes="row-head level-0", is_header=True)]
            + [
                BodyCell(s.display[index] if index < len(s.display) else "", classes=align)
                for s in chart.series
            ]
        )
        for index, category in enumerate(chart.categories)
    ]
    return TableView(
        anchor=f"{anchor}-data",
        title=f"Värden i diagrammet: {chart.title}",
        subtitle=None,
        unit_caption=unit_caption(chart.unit) if chart.unit else None,
        colgroups=[ColumnGroup(1, "row-heads"), ColumnGroup(len(chart.series))],
        header_rows=[header],
        rows=rows,
    )


def _runs_html(runs: tuple[Run, ...]) -> Markup:
    parts = []
    for run in runs:
        text = escape(run.text)
        if run.italic:
            text = Markup(f"<em>{text}</em>")
        if run.bold:
            text = Markup(f"<strong>{text}</strong>")
        parts.append(text)
    return Markup("").join(parts)


def markdown_html(markdown: str) -> Markup:
    """The commentary's Markdown subset as HTML paragraphs and nested lists, all text escaped."""
    out: list[str] = []
    depth = -1  # nesting of open <ul>, -1 for none

    def close_lists(to: int) -> None:
        nonlocal depth
        while depth > to:
            out.append("</li></ul>")
            depth -= 1

    for paragraph in parse(markdown):
        body = _runs_html(paragraph.runs)
        if paragraph.kind == "paragraph":
            close_lists(-1)
            out.append(f"<p>{body}</p>")
            continue
        level = min(paragraph.level, depth + 1)
        if level > depth:
            out.append(f"<ul><li>{body}")
            depth = level
        else:
            close_lists(level)
            out.append(f"</li><li>{body}")
    close_lists(-1)
    return Markup("".join(out))


def _block_view(block: Block, anchor: str) -> BlockView:
    if isinstance(block, TableBlock | StatusTableBlock):
        return BlockView(block.type, anchor, block.title, table=_table_view(block, anchor))
    if isinstance(block, ChartBlock):
        return BlockView(
            "chart",
            anchor,
            block.title,
            svg=Markup(chart_svg(block, id_prefix=anchor)),
            chart_table=_chart_table(block, anchor),
        )
    if isinstance(block, TilesBlock):
        tiles = [
            {
                "label": tile.label,
                "display": tile.display,
                "change": tile.change_display,
                "status": tile.status,
                "symbol": _SYMBOLS.get(tile.status) if tile.status else None,
                "status_label": _TILE_STATUS.get(tile.status) if tile.status else None,
            }
            for tile in block.tiles
        ]
        return BlockView("tiles", anchor, block.title, tiles=tiles)
    if isinstance(block, TextBlock):
        return BlockView("text", anchor, block.title, text=markdown_html(block.markdown))
    raise TypeError(f"no HTML for block {block!r}")  # pragma: no cover - the union is closed


def _local_time(moment: datetime) -> str:
    """A timestamp as Swedish readers expect it: local time, minutes, ISO order."""
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    try:
        return moment.astimezone(ZoneInfo(_LOCAL_TIME)).strftime("%Y-%m-%d %H:%M")
    except ZoneInfoNotFoundError:  # pragma: no cover - a system without time-zone data
        return moment.strftime("%Y-%m-%d %H:%M UTC")


def _w3c_time(moment: datetime) -> str:
    """A machine-readable timestamp (``<time>``, PDF creation date): UTC when the zone is known."""
    if moment.tzinfo is None:
        return moment.isoformat(timespec="seconds")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sources(report: Report) -> list[dict[str, str]]:
    rows = []
    for source in report.sources:
        if source.first_period and source.last_period and source.first_period != source.last_period:
            periods = f"{source.first_period} – {source.last_period}"
        else:
            periods = source.first_period or source.last_period or ""
        rows.append(
            {
                "batch": str(source.batch_id),
                "kind": _SOURCE_KINDS.get(source.kind, source.kind),
                "source": source.source,
                "file": source.file_name,
                "periods": periods,
                "rows": format_count(source.row_count),
                "imported": f"{_local_time(source.imported_at)}, {source.imported_by}",
                "hash": source.file_hash,
            }
        )
    return rows


def _context(report: Report) -> dict[str, object]:
    anchors = _Anchors()
    sections = []
    for section in report.sections:
        section_anchor = anchors("avsnitt", section.id)
        blocks = [_block_view(block, anchors("block", block.id)) for block in section.blocks]
        sections.append(SectionView(section_anchor, section.title, blocks))
    month = month_name(int(report.period[5:7]))
    description = (
        f"{report.title} för {report.organisation}, {report.period_label} ({report.period}):"
        f" utfall t.o.m. {month}."
    )
    return {
        "report": report,
        "sections": sections,
        "month": month,
        "description": description,
        "generated": _local_time(report.generated_at),
        "generated_iso": _w3c_time(report.generated_at),
        "sources": _sources(report),
        "css": Markup(stylesheet("report.css")),
    }


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("uppsikt.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def stylesheet(name: str) -> str:
    """A stylesheet shipped in ``templates/`` ("report.css", "pdf.css")."""
    return (files("uppsikt.render") / "templates" / name).read_text(encoding="utf-8")


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document (Swedish, inline CSS and SVG)."""
    return _environment().get_template("report.html.j2").render(_context(report))


def write_html(report: Report, out_dir: Path) -> Path:
    """Write ``report-YYYY-MM.html`` into ``out_dir`` (created if needed)."""
    path = output_path(report, out_dir, "html")
    temp = path.with_suffix(".html.tmp")
    temp.write_text(render_html(report), encoding="utf-8")
    return replace_atomically(temp, path)
