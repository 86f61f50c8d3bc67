"""The Excel workbook: each table's and chart's figures as real numbers, with their sources.

A first sheet "Innehåll" links to one sheet per table, status table and chart (named from the
block id); a last sheet "Källor" lists the import batches and the SQL of every query, so each
figure can be traced. Amounts are scaled to the table's unit and carry standard format codes
(``#,##0``, ``0.0%``): the reader's locale decides the separators, so a Swedish Excel shows
"-1 031" and "6,4%". Tiles and text blocks have no sheet: their figures are in the tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from uppsikt.fmt import DEFAULT_DECIMALS, NBSP, scale, unit_caption
from uppsikt.render._naming import output_path, replace_atomically
from uppsikt.report import (
    Cell,
    ChartBlock,
    Column,
    Report,
    Row,
    StatusTableBlock,
    TableBlock,
)

__all__ = ["write_xlsx"]

CONTENTS_SHEET = "Innehåll"
SOURCES_SHEET = "Källor"

_MAX_SHEET_NAME = 31  # Excel's limit
_MAX_CELL_TEXT = 32_767  # Excel's limit
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_NUMERIC_KINDS = ("amount", "percent", "pp", "count")

# Excel's own "Good", "Neutral" and "Bad" cell styles: familiar, and dark text on a light fill
# keeps the contrast WCAG asks for. The label is always written too: colour is never the signal.
_STATUS_COLOURS = {
    "good": ("C6EFCE", "006100"),
    "warning": ("FFEB9C", "9C5700"),
    "bad": ("FFC7CE", "9C0006"),
    "neutral": ("EDEDED", "3A3A3A"),
}
_THIN = Side(style="thin")
_MONOSPACE = "Courier New"
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Grid:
    """What a table sheet shows, whether it comes from a table, status table or chart."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Row]
    unit: str | None = None
    subtitle: str | None = None
    caption: str | None = None
    notes: Sequence[str] = field(default_factory=tuple)


def write_xlsx(report: Report, out_dir: Path) -> Path:
    """Write ``report-YYYY-MM.xlsx`` into ``out_dir`` (created if needed)."""
    path = output_path(report, out_dir, "xlsx")
    temp = path.with_suffix(".xlsx.tmp")
    try:
        _workbook(report).save(temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return replace_atomically(temp, path)


@dataclass(frozen=True)
class _Sheet:
    """A block that gets a sheet, the title of its section and its sheet name."""

    block: TableBlock | StatusTableBlock | ChartBlock
    section_title: str
    name: str


def _sheet_plan(report: Report) -> list[_Sheet]:
    """The sheets after "Innehåll", in report order (block ids need not be unique)."""
    placed = [
        (block, section.title)
        for section in report.sections
        for block in section.blocks
        if isinstance(block, TableBlock | StatusTableBlock | ChartBlock)
    ]
    names = _unique_sheet_names(
        [block.id for block, _ in placed], reserved=(CONTENTS_SHEET, SOURCES_SHEET)
    )
    return [_Sheet(b, title, name) for (b, title), name in zip(placed, names, strict=True)]


def _unique_sheet_names(idents: Sequence[str], reserved: Sequence[str]) -> list[str]:
    """Valid, case-insensitively unique Excel sheet names for ``idents``.

    Excel forbids ``[]:*?/\\``, a leading or trailing apostrophe, the name "History" and more
    than 31 characters; a clash gets a "~2", "~3", ... suffix within the limit.
    """
    used = {name.casefold() for name in reserved}
    names = []
    for ident in idents:
        base = _FORBIDDEN_IN_SHEET_NAME.sub("_", ILLEGAL_CHARACTERS_RE.sub("", ident))
        base = base.strip("'") or "Blad"
        if base.casefold() == "history":
            base += "_"
        name = base[:_MAX_SHEET_NAME].rstrip("'")
        counter = 2
        while name.casefold() in used:
            suffix = f"~{counter}"
            name = base[: _MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix
            counter += 1
        used.add(name.casefold())
        names.append(name)
    return names


def _workbook(report: Report) -> Workbook:
    workbook = Workbook()
    properties = workbook.properties
    properties.title = report.title
    properties.creator = report.organisation
    properties.subject = report.period_label
    properties.description = f"Skapad av uppsikt {report.software_version}"
    properties.created = _excel_datetime(report.generated_at)[0]

    contents = workbook.active
    assert contents is not None  # a new workbook has one sheet
    contents.title = CONTENTS_SHEET
    plan = _sheet_plan(report)
    for entry in plan:
        block = entry.block
        grid = _chart_grid(block) if isinstance(block, ChartBlock) else _table_grid(block)
        sheet = workbook.create_sheet(entry.name)
        _write_grid(sheet, grid)
        if isinstance(block, ChartBlock) and block.target is not None:
            _write_target(sheet, block, grid)
    _write_sources(workbook.create_sheet(SOURCES_SHEET), report)
    _write_contents(contents, report, plan)
    return workbook


# --- from the model to a grid ----------------------------------------------------------------


def _table_grid(block: TableBlock | StatusTableBlock) -> _Grid:
    if isinstance(block, StatusTableBlock):
        return _Grid(title=block.title, columns=block.columns, rows=block.rows)
    caption = block.unit_caption or (unit_caption(block.unit) if block.unit else None)
    columns, rows = block.columns, block.rows
    if any(row.group for row in rows):
        # The group (care level) first, on every row so the sheet filters and pivots; a row
        # without a group ("Summa Primärvård") keeps its label there and leaves the next empty.
        columns = [Column(id="label", label="", kind="text"), *columns]
        blank = Cell(value=None, display="")
        rows = [
            row.model_copy(
                update={
                    "label": row.group or row.label,
                    "cells": [
                        Cell(value=row.label, display=row.label) if row.group else blank,
                        *row.cells,
                    ],
                }
            )
            for row in rows
        ]
    return _Grid(
        title=block.title,
        subtitle=block.subtitle,
        caption=caption,
        unit=block.unit,
        columns=columns,
        rows=rows,
        notes=block.notes,
    )


def _chart_grid(block: ChartBlock) -> _Grid:
    """The chart's data as a table: categories as rows, series as columns. A doughnut's
    segments say what they mean in their labels (an annual wheel's activities): the sheet
    holds the labels' text."""
    text = block.kind == "doughnut"
    columns = [
        Column(
            id=f"series_{index}",
            label=series.name,
            kind="text" if text else series.value_kind,
            decimals=0 if text else DEFAULT_DECIMALS.get(series.value_kind, 0),
        )
        for index, series in enumerate(block.series)
    ]
    rows = [
        Row(
            label=category,
            cells=[
                Cell(
                    value=(_at(series.display, index) or None)
                    if text
                    else _at(series.values, index),
                    display=_at(series.display, index) or "",
                )
                for series in block.series
            ],
        )
        for index, category in enumerate(block.categories)
    ]
    has_amounts = any(s.value_kind == "amount" for s in block.series)
    caption = unit_caption(block.unit) if block.unit and has_amounts else None
    return _Grid(title=block.title, caption=caption, unit=block.unit, columns=columns, rows=rows)


def _at(values: Sequence[_T], index: int) -> _T | None:
    return values[index] if index < len(values) else None


def _label_is_first_column(grid: _Grid) -> bool:
    """Whether the first column already holds the row labels (so they are not written twice)."""
    if not grid.columns or grid.columns[0].kind != "text" or not grid.rows:
        return False
    return all(row.cells and row.cells[0].value == row.label for row in grid.rows)


# --- table sheets ----------------------------------------------------------------------------


def _write_grid(sheet: Worksheet, grid: _Grid) -> None:
    """Title area, group headers, header, rows and notes; the header frozen."""
    _text(sheet.cell(1, 1), grid.title).font = Font(bold=True, size=14)
    row = 2
    for line in (grid.subtitle, grid.caption):
        if line:
            _text(sheet.cell(row, 1), line).font = Font(italic=True)
            row += 1
    row += 1  # a blank row between the title area and the table
    table_top = row

    first = 1 if _label_is_first_column(grid) else 2  # sheet column of the first model column
    positions = [first + index for index in range(len(grid.columns))]
    if any(column.group for column in grid.columns):
        _write_groups(sheet, row, grid.columns, positions)
        row += 1
    header_row = row
    for column, position in zip(grid.columns, positions, strict=True):
        cell = _text(sheet.cell(header_row, position), column.label)
        numeric = column.kind in _NUMERIC_KINDS
        cell.alignment = Alignment(
            horizontal="right" if numeric else "left", vertical="bottom", wrap_text=True
        )
    last_column = positions[-1] if positions else 1
    for position in range(1, last_column + 1):
        cell = sheet.cell(header_row, position)
        cell.font = Font(bold=True)
        cell.border = Border(bottom=_THIN)

    for index, model_row in enumerate(grid.rows):
        _write_row(sheet, header_row + 1 + index, model_row, grid, positions, first)
    last_row = header_row + len(grid.rows)

    sheet.freeze_panes = sheet.cell(header_row + 1, 2)
    sheet.print_title_rows = f"{table_top}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    row = last_row + 2
    for note in grid.notes:
        _text(sheet.cell(row, 1), note)
        row += 1
    _set_widths(sheet, grid, positions, first)


def _write_groups(
    sheet: Worksheet, row: int, columns: Sequence[Column], positions: Sequence[int]
) -> None:
    """Each run of adjacent columns with the same group gets one merged header over it."""
    start = 0
    while start < len(columns):
        end = start
        while end + 1 < len(columns) and columns[end + 1].group == columns[start].group:
            end += 1
        group = columns[start].group
        if group:
            cell = _text(sheet.cell(row, positions[start]), group)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            for position in range(positions[start], positions[end] + 1):
                sheet.cell(row, position).border = Border(bottom=_THIN)
            if end > start:
                sheet.merge_cells(
                    start_row=row,
                    start_column=positions[start],
                    end_row=row,
                    end_column=positions[end],
                )
        start = end + 1


def _write_row(
    sheet: Worksheet, row: int, model_row: Row, grid: _Grid, positions: Sequence[int], first: int
) -> None:
    if first == 2:
        _text(sheet.cell(row, 1), model_row.label)
    for column, position, cell in zip(grid.columns, positions, model_row.cells, strict=False):
        _write_value(sheet.cell(row, position), cell, column, grid.unit)
    label = sheet.cell(row, 1)
    if model_row.level:
        label.alignment = Alignment(indent=model_row.level)
    if model_row.emphasis:
        for position in range(1, positions[-1] + 1 if positions else 2):
            target = sheet.cell(row, position)
            font = copy(target.font)
            font.bold = True
            target.font = font
            target.border = Border(top=_THIN)


def _write_value(target: SheetCell, cell: Cell, column: Column, unit: str | None) -> None:
    """A number with its format, or text; a footnote mark follows the figure."""
    mark = cell.note
    if column.kind == "status":
        label = cell.display or (str(cell.value) if cell.value is not None else "")
        _text(target, _with_mark(label, mark))
        colours = _STATUS_COLOURS.get(str(cell.value))
        if colours:
            target.fill = PatternFill("solid", fgColor=colours[0])
            target.font = Font(color=colours[1])
        return
    if column.kind == "text" or isinstance(cell.value, str):
        text = cell.value if isinstance(cell.value, str) else cell.display
        _text(target, _with_mark(text, mark))
        if column.kind != "text":
            target.alignment = Alignment(horizontal="right")
        return
    if cell.value is None:
        if mark:  # e.g. a figure suppressed for privacy: show its ".." and the mark
            _text(target, _with_mark(cell.display, mark))
            target.alignment = Alignment(horizontal="right")
        return
    number = scale(cell.value, unit or "kr") if column.kind == "amount" else cell.value
    target.value = _excel_number(number)
    number_format = _number_format(column.kind, column.decimals)
    if mark:
        number_format += '" ' + mark.replace('"', "'") + '"'
    target.number_format = number_format


def _excel_number(number: Decimal) -> int | float:
    """The exact Decimal as Excel's number: an int when whole, else the nearest float."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _number_format(kind: str, decimals: int) -> str:
    """A standard format code; Excel's locale turns "," and "." into Swedish separators."""
    places = "." + "0" * decimals if decimals > 0 else ""
    if kind == "percent":
        return f"0{places}%"
    if kind == "pp":
        return f'#,##0{places}"{NBSP}%-enheter"'
    if kind == "count":
        return "#,##0"
    return f"#,##0{places}"


def _with_mark(text: str, mark: str | None) -> str:
    return f"{text} {mark}".strip() if mark else text


def _write_target(sheet: Worksheet, block: ChartBlock, grid: _Grid) -> None:
    """The chart's target value below its data, formatted like the first series."""
    row = sheet.max_row + 2
    _text(sheet.cell(row, 1), block.target_label or "Mål")
    column = grid.columns[0] if grid.columns else Column(id="target", label="", kind="amount")
    _write_value(sheet.cell(row, 2), Cell(value=block.target, display=""), column, grid.unit)


def _set_widths(sheet: Worksheet, grid: _Grid, positions: Sequence[int], first: int) -> None:
    """Wide enough for the figures and the longest word of each header, within limits."""
    if first == 2:
        labels = [len(r.label) + 2 * r.level for r in grid.rows]
        sheet.column_dimensions["A"].width = min(max([12, *labels]) + 2, 60)
    for index, (column, position) in enumerate(zip(grid.columns, positions, strict=True)):
        shown = [
            len(_with_mark(r.cells[index].display, r.cells[index].note))
            + (2 * r.level if position == 1 else 0)
            for r in grid.rows
            if index < len(r.cells)
        ]
        words = [len(word) for word in column.label.split()]
        widest = max([8, *shown, *words]) + 2
        limit = 60 if position == 1 else 40
        sheet.column_dimensions[get_column_letter(position)].width = min(widest, limit)


# --- contents and sources --------------------------------------------------------------------


def _write_contents(sheet: Worksheet, report: Report, plan: Sequence[_Sheet]) -> None:
    _text(sheet.cell(1, 1), report.title).font = Font(bold=True, size=14)
    facts: list[tuple[str, str | datetime]] = [
        ("Organisation", report.organisation),
        ("Period", f"{report.period_label} ({report.period})"),
        ("Skapad", report.generated_at),
        ("Programversion", f"uppsikt {report.software_version}"),
    ]
    for row, (label, value) in enumerate(facts, start=3):
        _text(sheet.cell(row, 1), label).font = Font(bold=True)
        if isinstance(value, datetime):
            _put_datetime(sheet.cell(row, 2), value)
            sheet.cell(row, 2).alignment = Alignment(horizontal="left")
        else:
            _text(sheet.cell(row, 2), value)

    row = len(facts) + 4
    for position, heading in enumerate(("Blad", "Avsnitt", "Rubrik"), start=1):
        cell = _text(sheet.cell(row, position), heading)
        cell.font = Font(bold=True)
        cell.border = Border(bottom=_THIN)
    entries = [(entry.name, entry.section_title, entry.block.title) for entry in plan]
    entries.append((SOURCES_SHEET, "", "Importerade filer och frågor bakom siffrorna"))
    for offset, (name, section_title, title) in enumerate(entries, start=1):
        link = sheet.cell(row + offset, 1)
        _text(link, name)
        link.hyperlink = Hyperlink(ref="", location=f"{_quote_sheet(name)}!A1", display=name)
        link.style = "Hyperlink"
        _text(sheet.cell(row + offset, 2), section_title)
        _text(sheet.cell(row + offset, 3), title)
    widths = {"A": max([16, *(len(e[0]) + 2 for e in entries)]), "B": 30, "C": 70}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = min(width, 70)


def _quote_sheet(name: str) -> str:
    """A sheet name as a formula or link refers to it: quoted, apostrophes doubled."""
    return "'" + name.replace("'", "''") + "'"


_SOURCE_HEADINGS = (
    ("Batch", 8),
    ("Typ", 12),
    ("Källa", 14),
    ("Fil", 28),
    ("SHA-256", 68),
    ("Importerad", 22),
    ("Importerad av", 16),
    ("Rader", 10),
    ("Första period", 14),
    ("Sista period", 14),
)


def _write_sources(sheet: Worksheet, report: Report) -> None:
    """The import batches the report was computed from, then the SQL of each named query."""
    _text(sheet.cell(1, 1), "Källor").font = Font(bold=True, size=14)
    _text(sheet.cell(2, 1), "Importerade filer som rapportens siffror är beräknade från.")
    header = 4
    for position, (heading, width) in enumerate(_SOURCE_HEADINGS, start=1):
        cell = _text(sheet.cell(header, position), heading)
        cell.font = Font(bold=True)
        cell.border = Border(bottom=_THIN)
        sheet.column_dimensions[get_column_letter(position)].width = width
    for row, source in enumerate(report.sources, start=header + 1):
        sheet.cell(row, 1, source.batch_id)
        for position, text in (
            (2, source.kind),
            (3, source.source),
            (4, source.file_name),
            (5, source.file_hash),
            (7, source.imported_by),
            (9, source.first_period or ""),
            (10, source.last_period or ""),
        ):
            _text(sheet.cell(row, position), text)
        sheet.cell(row, 5).font = Font(name=_MONOSPACE)
        _put_datetime(sheet.cell(row, 6), source.imported_at)
        sheet.cell(row, 8, source.row_count).number_format = "#,##0"
    sheet.freeze_panes = sheet.cell(header + 1, 1)

    row = header + len(report.sources) + 3
    _text(sheet.cell(row, 1), "Frågor").font = Font(bold=True, size=12)
    _text(sheet.cell(row + 1, 1), "SQL för varje fråga som cellernas härkomst hänvisar till.")
    row += 3
    for position, heading in ((1, "Fråga"), (2, "SQL")):
        cell = _text(sheet.cell(row, position), heading)
        cell.font = Font(bold=True)
        cell.border = Border(bottom=_THIN)
    # One SQL line a row: readable without wrapping, and no cell near Excel's length limit.
    for name, sql in report.queries.items():
        lines = sql.strip("\n").splitlines() or [""]
        row += 1
        _text(sheet.cell(row, 1), name).font = Font(bold=True)
        for offset, line in enumerate(lines):
            _text(sheet.cell(row + offset, 2), line.rstrip()).font = Font(name=_MONOSPACE)
        row += len(lines)


# --- cells -----------------------------------------------------------------------------------


def _text(cell: SheetCell, text: str) -> SheetCell:
    """Put text in a cell as text: never read as a formula, within Excel's rules; "" is empty."""
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", text)[:_MAX_CELL_TEXT]
    cell.value = cleaned or None
    if cleaned:
        cell.data_type = "s"  # text starting with "=" stays text
    return cell


def _put_datetime(cell: SheetCell, moment: datetime) -> None:
    cell.value, cell.number_format = _excel_datetime(moment)


def _excel_datetime(moment: datetime) -> tuple[datetime, str]:
    """Excel has no time zones: an aware time is written in UTC and its format says so."""
    if moment.tzinfo is None:
        return moment, "yyyy-mm-dd hh:mm:ss"
    return moment.astimezone(UTC).replace(tzinfo=None), 'yyyy-mm-dd hh:mm:ss "UTC"'
