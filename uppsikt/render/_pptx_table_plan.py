"""Planning a table for slides: its texts, font size, column widths, row heights and pages.

The font size, column widths and every row's height are estimated from the texts before
anything is drawn, so rows per slide follow from the slide's height and nothing overflows.
"""

from __future__ import annotations

from dataclasses import dataclass

from uppsikt.render._pptx_deck import Box
from uppsikt.render._pptx_style import (
    STATUS_SYMBOL,
    emu_to_pt,
    line_count,
    line_height,
    longest_word,
    text_width,
)
from uppsikt.report import StatusTableBlock, TableBlock

# Body sizes tried, largest first: 12 pt and up when the table allows, smaller only when
# the columns cannot fit the slide's width otherwise.
_READABLE_SIZES = (14, 13, 12)
_SMALL_SIZES = (11, 10, 9)
PAD_X = 5.0  # cell margin left and right, points
PAD_Y = 2.5  # cell margin top and bottom, points
INDENT = 12.0  # points per Row.level
_NUMERIC = {"amount", "percent", "pp", "count"}
_NUMBER_MAX = 144.0  # a number column grows no wider than this (pt) for looks
_TEXT_SLACK = 48.0  # nor a text column more than this beyond its widest text


@dataclass(frozen=True)
class GridColumn:
    label: str
    group: str | None
    numeric: bool


@dataclass(frozen=True)
class GridCell:
    text: str
    note: str | None = None
    status: str | None = None  # good/warning/bad/neutral: a traffic light before the text
    level: int = 0

    def width(self, size: float, bold: bool) -> float:
        text = self.text + (self.note or "")
        if self.status:
            text = f"{STATUS_SYMBOL} {text}"
        return text_width(text, size, bold=bold) + self.level * INDENT


@dataclass(frozen=True)
class GridRow:
    cells: tuple[GridCell, ...]
    emphasis: bool


@dataclass(frozen=True)
class Grid:
    """A table as texts, whatever block it came from."""

    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    caption: str | None  # unit caption, italic, in the top-left header cell (or above)
    notes: tuple[str, ...]
    label_column: bool

    @property
    def grouped(self) -> bool:
        return any(c.group for c in self.columns)


def grid_of(block: TableBlock | StatusTableBlock) -> Grid:
    """The table's texts; a label column comes first unless column 1 already holds the labels."""
    columns = list(block.columns)
    rows = block.rows
    label_column = not (
        columns
        and columns[0].kind == "text"
        and all(row.cells and row.cells[0].display == row.label for row in rows)
    )
    caption = block.unit_caption if isinstance(block, TableBlock) else None
    grid_columns = [GridColumn(c.label, c.group, c.kind in _NUMERIC) for c in columns]
    if label_column:
        grid_columns.insert(0, GridColumn(caption or "", None, False))
    # Rows with groups get a column before the labels: the group once per run of rows, and the
    # label of a row without a group ("Summa Primärvård"), as the seed's pivot tables print.
    grouped = label_column and any(row.group for row in rows)
    if grouped:
        grid_columns.insert(1, GridColumn("", None, False))
    grid_rows = []
    previous: str | None = None
    for row in rows:
        cells = [
            GridCell(
                cell.display,
                cell.note,
                str(cell.value) if column.kind == "status" and cell.value else None,
            )
            for column, cell in zip(columns, row.cells, strict=True)
        ]
        if grouped:
            first_of_run = row.group is not None and row.group != previous
            head = (row.group if first_of_run else "") if row.group else row.label
            cells[:0] = [GridCell(head or ""), GridCell(row.label if row.group else "")]
            previous = row.group
        elif label_column:
            cells.insert(0, GridCell(row.label))
        first = cells[0]
        cells[0] = GridCell(first.text, first.note, first.status, row.level)
        grid_rows.append(GridRow(tuple(cells), row.emphasis))
    notes = tuple(block.notes) if isinstance(block, TableBlock) else ()
    return Grid(tuple(grid_columns), tuple(grid_rows), caption, notes, label_column)


@dataclass(frozen=True)
class Plan:
    """How a grid is drawn: font size, column widths (pt), header and row heights (pt)."""

    size: float
    widths: tuple[float, ...]
    header_heights: tuple[float, ...]
    row_heights: tuple[float, ...]
    pages: tuple[tuple[int, int], ...]  # row ranges [start, end) per slide
    wrapped: int  # body rows that take more than one line


def _header_texts(grid: Grid) -> list[str]:
    texts = [c.label for c in grid.columns]
    if grid.label_column:
        texts[0] = ""  # the caption wraps freely in the widest column
    return texts


def _two_lines(text: str, size: float) -> float:
    """The narrowest width (pt) at which a bold header takes at most two lines."""
    words = text.split()
    if len(words) < 2:
        return text_width(text, size, bold=True)
    return min(
        max(
            text_width(" ".join(words[:k]), size, bold=True),
            text_width(" ".join(words[k:]), size, bold=True),
        )
        for k in range(1, len(words))
    )


def _column_bounds(grid: Grid, size: float) -> tuple[list[float], list[float], list[float]]:
    """Per column: the least width (widest word), a comfortable one and the most it may take.

    Numbers never wrap; a number column is comfortable when its header takes two lines at
    most. A text column is comfortable when nothing in it wraps.
    """
    pad = 2 * PAD_X
    headers = _header_texts(grid)
    least, comfy, most = [], [], []
    for index, column in enumerate(grid.columns):
        cells = [(row.cells[index], row.emphasis) for row in grid.rows]
        widest = max((c.width(size, bold) for c, bold in cells), default=0.0)
        header = headers[index]
        word = longest_word(header, size, bold=True)
        if column.numeric:
            low = max(widest, word) + pad
            good = max(low, _two_lines(header, size) + pad)
            top = max(good, min(text_width(header, size, bold=True) + pad, _NUMBER_MAX))
        else:
            words = [longest_word(c.text, size, bold=bold) + c.level * INDENT for c, bold in cells]
            low = max([word, *words]) + pad
            good = max(widest, text_width(header, size, bold=True)) + pad
            top = good + _TEXT_SLACK
        least.append(low)
        comfy.append(good)
        most.append(top)
    return least, comfy, most


def _widths(grid: Grid, size: float, available: float) -> tuple[float, ...] | None:
    """Column widths in points within ``available``, or None if the words cannot fit."""
    least, comfy, most = _column_bounds(grid, size)
    if sum(least) > available:
        return None
    if sum(comfy) > available:
        # Wrap: shrink every column from comfortable towards its least, in proportion.
        share = (available - sum(least)) / (sum(comfy) - sum(least))
        return tuple(lo + (c - lo) * share for lo, c in zip(least, comfy, strict=True))
    widths = list(comfy)
    numeric = [i for i, c in enumerate(grid.columns) if c.numeric]
    if numeric:  # number columns equally wide look tidy
        even = max(widths[i] for i in numeric)
        if sum(widths) + sum(even - widths[i] for i in numeric) <= available:
            for i in numeric:
                widths[i] = even
                most[i] = max(most[i], even)
    # The room left goes to every column in proportion, each up to its most.
    for _ in range(len(widths)):
        spare = available - sum(widths)
        growing = [i for i, w in enumerate(widths) if w < most[i] - 0.01]
        if spare < 0.5 or not growing:
            break
        total = sum(widths[i] for i in growing)
        for i in growing:
            widths[i] = min(most[i], widths[i] + spare * widths[i] / total)
    return tuple(widths)


def _cell_lines(cell: GridCell, width: float, size: float, bold: bool) -> int:
    text = cell.text + (cell.note or "")
    if cell.status:
        text = f"{STATUS_SYMBOL} {text}"
    return line_count(text, width - 2 * PAD_X - cell.level * INDENT, size, bold=bold)


def _heights(grid: Grid, size: float, widths: tuple[float, ...]) -> tuple[list, list]:
    unit = line_height(size)
    pad = 2 * PAD_Y
    rows = []
    for row in grid.rows:
        lines = max(
            _cell_lines(c, w, size, row.emphasis) for c, w in zip(row.cells, widths, strict=True)
        )
        rows.append(lines * unit + pad)
    headers = _header_texts(grid)
    label_lines = [
        line_count(h, w - 2 * PAD_X, size, bold=True) for h, w in zip(headers, widths, strict=True)
    ]
    if grid.label_column and grid.caption:
        label_lines[0] = line_count(grid.caption, widths[0] - 2 * PAD_X, size)
    if not grid.grouped:
        return [max(label_lines) * unit + pad], rows
    group_lines = 1
    for start, end, group in group_spans(grid):
        if group:
            span = sum(widths[start:end]) - 2 * PAD_X
            group_lines = max(group_lines, line_count(group, span, size, bold=True))
    grouped_lines = max(
        (n for n, c in zip(label_lines, grid.columns, strict=True) if c.group), default=1
    )
    spanning = max(
        (n for n, c in zip(label_lines, grid.columns, strict=True) if not c.group), default=1
    )
    second = max(grouped_lines, spanning - group_lines)
    return [group_lines * unit + pad, second * unit + pad], rows


def group_spans(grid: Grid) -> list[tuple[int, int, str | None]]:
    """Runs of adjacent columns with the same group: (start, end, group)."""
    spans: list[tuple[int, int, str | None]] = []
    for index, column in enumerate(grid.columns):
        if spans and column.group and spans[-1][2] == column.group:
            spans[-1] = (spans[-1][0], index + 1, column.group)
        else:
            spans.append((index, index + 1, column.group))
    return spans


def _paginate(heights: list[float], room: float) -> list[tuple[int, int]] | None:
    """Row ranges per slide, balanced so the last slide is not a lone row or two."""
    pages: list[tuple[int, int]] = []
    start = 0
    while start < len(heights):
        end, used = start, 0.0
        while end < len(heights) and used + heights[end] <= room:
            used += heights[end]
            end += 1
        if end == start:
            return None  # one row taller than the slide
        pages.append((start, end))
        start = end
    if len(pages) > 1:
        per_page = -(-len(heights) // len(pages))
        balanced = [(i, min(i + per_page, len(heights))) for i in range(0, len(heights), per_page)]
        if len(balanced) == len(pages) and all(sum(heights[a:b]) <= room for a, b in balanced):
            return balanced
    return pages or [(0, 0)]


def plan_table(grid: Grid, box: Box, reserved: float) -> Plan:
    """Pick the font size, widths and pages.

    Sizes below 12 pt are tried only when the columns do not fit the slide at 12 pt.
    """
    width = emu_to_pt(box.width)
    room = emu_to_pt(box.height) - reserved
    plans = []
    for size in (*_READABLE_SIZES, *_SMALL_SIZES):
        if plans and size < _READABLE_SIZES[-1] and any(p.size >= 12 for p in plans):
            break
        widths = _widths(grid, size, width)
        if widths is None:
            continue
        headers, rows = _heights(grid, size, widths)
        pages = _paginate(rows, room - sum(headers))
        if pages is not None:
            single = line_height(size) + 2 * PAD_Y + 0.01
            wrapped = sum(1 for h in rows if h > single)
            plans.append(Plan(size, widths, tuple(headers), tuple(rows), tuple(pages), wrapped))
    if not plans:
        return _squeezed(grid, width, room)
    return min(plans, key=_preference)


def _squeezed(grid: Grid, width: float, room: float) -> Plan:
    """The last resort for a table too wide for the slide: the smallest size, every column
    cut down in proportion (long words break), as many slides as it takes.
    """
    size = _SMALL_SIZES[-1]
    least, _, _ = _column_bounds(grid, size)
    widths = tuple(w * width / sum(least) for w in least)
    headers, rows = _heights(grid, size, widths)
    pages = _paginate(rows, room - sum(headers)) or [(i, i + 1) for i in range(len(rows))]
    return Plan(size, widths, tuple(headers), tuple(rows), tuple(pages), len(rows))


def _preference(plan: Plan) -> tuple:
    """Fewest slides; then, at 12 pt and up, fewest wrapped rows; then the largest size."""
    small = plan.size < _READABLE_SIZES[-1]
    return (len(plan.pages), -plan.size if small else 0, plan.wrapped, -plan.size)


__all__ = [
    "INDENT",
    "PAD_X",
    "PAD_Y",
    "Grid",
    "GridRow",
    "Plan",
    "grid_of",
    "group_spans",
    "plan_table",
]
