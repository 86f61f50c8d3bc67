"""Tile slides (key figures with change and status) and text slides (Markdown commentary)."""

from __future__ import annotations

import math

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from uppsikt.render._markdown import parse
from uppsikt.render._pptx_deck import Box, plain_frame
from uppsikt.render._pptx_style import (
    ACCENT,
    MUTED,
    RULE,
    STATUS_COLOURS,
    STATUS_SYMBOL,
    TEXT,
    add_markdown_runs,
    add_run,
    emu_to_pt,
    fill_rect,
    line_count,
    line_height,
    set_bullet,
    space_after,
    text_width,
)
from uppsikt.report import TextBlock, Tile, TilesBlock

# A tile's status is a traffic light plus words, so colour is never the only signal. The
# model gives tiles no label of their own (status cells in tables carry theirs).
TILE_STATUS_LABELS = {
    "good": "Målet uppnått",
    "warning": "Delvis uppnått",
    "bad": "Ej uppnått",
    "neutral": "Ingen bedömning",
}
_GAP = Inches(0.3)
_PAD = Inches(0.25)
_STRIPE = Inches(0.09)
_TILE_MAX_HEIGHT = Inches(3.2)
_TEXT_SIZES = (20, 18, 16, 14, 12)


def tiles_grid(count: int) -> tuple[int, int]:
    """Columns and rows: one row up to four tiles, then rows of at most four."""
    columns = count if count <= 4 else min(4, math.ceil(count / 2))
    return columns, math.ceil(count / columns)


def draw_tiles(slide, block: TilesBlock, box: Box) -> None:
    if not block.tiles:
        return
    columns, rows = tiles_grid(len(block.tiles))
    width = (box.width - _GAP * (columns - 1)) // columns
    height = min((box.height - _GAP * (rows - 1)) // rows, _TILE_MAX_HEIGHT)
    inner_width = emu_to_pt(width - 2 * _PAD - _STRIPE)
    inner_height = emu_to_pt(height - 2 * _PAD)
    # One size for all tiles, so that the figures compare at a glance.
    sizes = [_tile_sizes(tile, inner_width, inner_height) for tile in block.tiles]
    value_size, text_size = min(v for v, _ in sizes), min(t for _, t in sizes)
    for index, tile in enumerate(block.tiles):
        row, column = divmod(index, columns)
        left = box.left + column * (width + _GAP)
        top = box.top + row * (height + _GAP)
        _draw_tile(slide, tile, Box(left, top, width, height), value_size, text_size)


def _tile_sizes(tile: Tile, inner_width: float, inner_height: float) -> tuple[float, float]:
    """Big-number size and text size that fit the tile."""
    for scale_ in (1.0, 0.85, 0.7, 0.55, 0.45):
        value_size = 48 * scale_
        text_size = max(12.0, 18 * scale_)
        while value_size > 16 and text_width(tile.display, value_size, bold=True) > inner_width:
            value_size -= 2
        lines = line_count(tile.label, inner_width, text_size, bold=True)
        total = lines * line_height(text_size) + line_height(value_size)
        for extra in (tile.change_display, _status_text(tile)):
            if extra:
                total += line_count(extra, inner_width, text_size) * line_height(text_size)
        if total + 12 <= inner_height:
            return value_size, text_size
    return value_size, text_size


def _status_text(tile: Tile) -> str | None:
    if tile.status is None:
        return None
    return f"{STATUS_SYMBOL} {TILE_STATUS_LABELS[tile.status]}"


def _draw_tile(slide, tile: Tile, box: Box, value_size: float, text_size: float) -> None:
    card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, box.left, box.top, box.width, box.height)
    card.name = f"Ruta {tile.label}"
    card.fill.solid()
    card.fill.fore_color.theme_color = ACCENT
    card.fill.fore_color.brightness = 0.9
    card.line.color.rgb = RULE
    card.line.width = Pt(0.75)
    card.shadow.inherit = False
    stripe = STATUS_COLOURS[tile.status] if tile.status else ACCENT
    fill_rect(slide.shapes, box.left, box.top, _STRIPE, box.height, stripe)
    frame = plain_frame(card.text_frame, anchor=MSO_ANCHOR.MIDDLE, margin=_PAD)
    frame.margin_left = _PAD + _STRIPE
    label = frame.paragraphs[0]
    add_run(label, tile.label, text_size, bold=True, colour=TEXT)
    value = frame.add_paragraph()
    add_run(value, tile.display, value_size, bold=True, colour=TEXT)
    if tile.change_display:
        add_run(frame.add_paragraph(), tile.change_display, text_size, colour=MUTED)
    if tile.status:
        paragraph = frame.add_paragraph()
        add_run(paragraph, STATUS_SYMBOL + " ", text_size, colour=STATUS_COLOURS[tile.status])
        add_run(paragraph, TILE_STATUS_LABELS[tile.status], text_size, colour=TEXT)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        set_bullet(paragraph, 0, text_size, bullet=False)


def text_size(block: TextBlock, box: Box) -> tuple[float, bool]:
    """The largest text size at which the commentary fits the content box, and whether it fits
    at all (if not, the smallest size and PowerPoint's shrink-to-fit).
    """
    paragraphs = parse(block.markdown)
    width = emu_to_pt(box.width)
    for size in _TEXT_SIZES:
        total = 0.0
        for paragraph in paragraphs:
            indent = size * 1.1 * (paragraph.level + 1) if paragraph.kind == "bullet" else 0
            lines = line_count(paragraph.text, width - indent, size)
            total += lines * line_height(size) + size * 0.5
        if total <= emu_to_pt(box.height):
            return size, True
    return _TEXT_SIZES[-1], False


def draw_text(slide, block: TextBlock, box: Box) -> None:
    """Paragraphs and bullets of the Markdown in the layout's body placeholder (or a box)."""
    body = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
    if body is None:
        body = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    else:
        body.left, body.top, body.width, body.height = box.left, box.top, box.width, box.height
    body.name = "Text"
    frame = plain_frame(body.text_frame)
    frame.clear()
    size, fits = text_size(block, box)
    if not fits:
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for index, paragraph in enumerate(parse(block.markdown)):
        target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        set_bullet(target, paragraph.level, size, bullet=paragraph.kind == "bullet")
        space_after(target, size * 0.5)
        nested = size - 2 if paragraph.level and size > _TEXT_SIZES[-1] else size
        add_markdown_runs(target, paragraph.runs, nested)


__all__ = ["TILE_STATUS_LABELS", "draw_text", "draw_tiles", "text_size", "tiles_grid"]
