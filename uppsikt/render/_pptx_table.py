"""Table slides: report tables and status tables, split across slides when they are long,
with the header rows repeated. Numbers are printed exactly as the model's ``display`` text.
"""

from __future__ import annotations

from collections.abc import Callable

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from uppsikt.render._pptx_deck import Box, Deck, plain_frame
from uppsikt.render._pptx_style import (
    ACCENT,
    NOTE_SIZE,
    RULE,
    RULE_DARK,
    STATUS_COLOURS,
    STATUS_SYMBOL,
    SUM_FILL,
    TEXT,
    add_run,
    cell_borders,
    emu_to_pt,
    line_count,
    line_height,
    pt_to_emu,
    superscript,
)
from uppsikt.render._pptx_table_plan import (
    INDENT,
    PAD_X,
    PAD_Y,
    Grid,
    GridRow,
    grid_of,
    group_spans,
    plan_table,
)
from uppsikt.report import StatusTableBlock, TableBlock

_NO_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # "No Style, No Grid"


def table_slides(
    block: TableBlock | StatusTableBlock, deck: Deck, notes: Callable[[int, int], str]
) -> int:
    """Draw the block on as many slides as it needs, header repeated; returns the count.

    ``notes(part, parts)`` gives each slide's speaker notes.
    """
    grid = grid_of(block)
    subtitle = block.subtitle if isinstance(block, TableBlock) else None
    caption = grid.caption if not grid.label_column else None
    box = deck.content_box()
    above, below = _reserved(grid, subtitle, caption, emu_to_pt(box.width))
    plan = plan_table(grid, box, above + below)
    parts = len(plan.pages)
    for part, (start, end) in enumerate(plan.pages, start=1):
        title = block.title if parts == 1 else f"{block.title} ({part} av {parts})"
        slide, box = deck.block_slide(title, notes(part, parts))
        _draw_page(slide, box, grid, plan, start, end, subtitle, caption, above, below)
    return parts


def _reserved(grid: Grid, subtitle: str | None, caption: str | None, width: float) -> tuple:
    """Points above the table (subtitle, caption) and below it (notes)."""
    above = 0.0
    if subtitle:
        above += line_count(subtitle, width, 16) * line_height(16) + 4
    if caption:
        above += line_height(NOTE_SIZE) + 4
    below = 0.0
    if grid.notes:
        text = "\n".join(grid.notes)
        below = line_count(text, width, NOTE_SIZE) * line_height(NOTE_SIZE) + 6
    return above, below


def _draw_page(slide, box, grid, plan, start, end, subtitle, caption, above, below) -> None:
    top = box.top
    if subtitle:
        top = _text_line(slide, box, top, subtitle, 16, italic=False)
    if caption:
        top = _text_line(slide, box, top, caption, NOTE_SIZE, italic=True)
    if above:
        top = box.top + pt_to_emu(above)
    rows = range(start, end)
    heights = [*plan.header_heights, *(plan.row_heights[i] for i in rows)]
    width = sum(pt_to_emu(w) for w in plan.widths)
    shape = slide.shapes.add_table(
        len(heights),
        len(grid.columns),
        box.left,
        top,
        width,
        sum(pt_to_emu(h) for h in heights),
    )
    shape.name = "Tabell"
    table = shape.table
    table._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}tableStyleId"
    ).text = _NO_STYLE
    table.first_row = True
    table.horz_banding = False
    for index, w in enumerate(plan.widths):
        table.columns[index].width = pt_to_emu(w)
    for index, h in enumerate(heights):
        table.rows[index].height = pt_to_emu(h)
    _draw_header(table, grid, plan.size)
    body = len(plan.header_heights)
    for offset, row_index in enumerate(rows):
        _draw_row(table, body + offset, grid.rows[row_index], grid, plan.size)
    if grid.notes:
        _notes(slide, box, grid.notes, below)


def _text_line(slide, box: Box, top: int, text: str, size: float, *, italic: bool) -> int:
    height = line_count(text, emu_to_pt(box.width), size) * line_height(size)
    shape = slide.shapes.add_textbox(box.left, top, box.width, pt_to_emu(height))
    frame = plain_frame(shape.text_frame)
    add_run(frame.paragraphs[0], text, size, italic=italic, colour=TEXT)
    return top + pt_to_emu(height + 4)


def _notes(slide, box: Box, notes: tuple[str, ...], height: float) -> None:
    top = box.bottom - pt_to_emu(height - 6)
    shape = slide.shapes.add_textbox(box.left, top, box.width, pt_to_emu(height - 6))
    shape.name = "Fotnoter"
    frame = plain_frame(shape.text_frame, anchor=MSO_ANCHOR.BOTTOM)
    for index, note in enumerate(notes):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        add_run(paragraph, note, NOTE_SIZE, italic=True, colour=TEXT)


def _prepare(cell, size: float, *, align, anchor=MSO_ANCHOR.MIDDLE, level: int = 0):
    cell.margin_left = pt_to_emu(PAD_X + level * INDENT)
    cell.margin_right = pt_to_emu(PAD_X)
    cell.margin_top = cell.margin_bottom = pt_to_emu(PAD_Y)
    cell.vertical_anchor = anchor
    frame = cell.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    # An empty cell's height follows its end-of-paragraph size (18 pt by default): set it.
    paragraph._p.get_or_add_endParaRPr().set("sz", str(round(size * 100)))
    paragraph.font.size = Pt(size)
    return paragraph


def _draw_header(table, grid: Grid, size: float) -> None:
    rows = 2 if grid.grouped else 1
    last = rows - 1
    for index, column in enumerate(grid.columns):
        align = PP_ALIGN.RIGHT if column.numeric else PP_ALIGN.LEFT
        if rows == 2 and not column.group:
            table.cell(0, index).merge(table.cell(1, index))
        cell = table.cell(0 if not column.group else last, index)
        paragraph = _prepare(cell, size, align=align, anchor=MSO_ANCHOR.BOTTOM)
        if index == 0 and grid.label_column:
            if grid.caption:
                add_run(paragraph, grid.caption, size, italic=True, colour=TEXT)
        else:
            add_run(paragraph, column.label, size, bold=True, colour=TEXT)
    if rows == 2:
        for start, end, group in group_spans(grid):
            if not group:
                continue
            if end - start > 1:
                table.cell(0, start).merge(table.cell(0, end - 1))
            paragraph = _prepare(table.cell(0, start), size, align=PP_ALIGN.CENTER)
            add_run(paragraph, group, size, bold=True, colour=TEXT)
            for index in range(start, end):
                cell_borders(table.cell(0, index), bottom=(0.75, RULE))
    for r in range(rows):
        for index in range(len(grid.columns)):
            cell = table.cell(r, index)
            cell.fill.solid()
            cell.fill.fore_color.theme_color = ACCENT
            cell.fill.fore_color.brightness = 0.8
            cell.text_frame.paragraphs[0]._p.get_or_add_endParaRPr().set(
                "sz", str(round(size * 100))
            )
            if r == last or (rows == 2 and not grid.columns[index].group):
                cell_borders(cell, bottom=(1.5, RULE_DARK))


def _draw_row(table, r: int, row: GridRow, grid: Grid, size: float) -> None:
    for index, (column, item) in enumerate(zip(grid.columns, row.cells, strict=True)):
        cell = table.cell(r, index)
        align = PP_ALIGN.RIGHT if column.numeric else PP_ALIGN.LEFT
        paragraph = _prepare(cell, size, align=align, level=item.level)
        if item.status:
            colour = STATUS_COLOURS.get(item.status, STATUS_COLOURS["neutral"])
            add_run(paragraph, STATUS_SYMBOL, size, colour=colour)
            add_run(paragraph, " ", size, colour=TEXT)
        if item.text:
            add_run(paragraph, item.text, size, bold=row.emphasis, colour=TEXT)
        if item.note:
            superscript(add_run(paragraph, item.note, size, bold=row.emphasis, colour=TEXT))
        if row.emphasis:
            cell.fill.solid()
            cell.fill.fore_color.rgb = SUM_FILL
            cell_borders(cell, top=(1.0, RULE_DARK), bottom=(0.75, RULE))
        else:
            cell.fill.background()
            cell_borders(cell, bottom=(0.5, RULE))


__all__ = ["table_slides"]
