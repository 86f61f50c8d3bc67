"""The PowerPoint deck: an editable 16:9 presentation of the report, like the one controllers
used to build by hand.

A title slide with the table of contents, a divider per section and a slide per block
(long tables continue on further slides with the header repeated). Charts are native, so a
reader can click one and edit its data. Every slide's speaker notes say which period and
which import batches the figures come from.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from uppsikt.render._naming import output_path, replace_atomically
from uppsikt.render._pptx_blocks import draw_text, draw_tiles
from uppsikt.render._pptx_chart import add_chart
from uppsikt.render._pptx_deck import Box, Deck, plain_frame, remove_placeholders, set_title
from uppsikt.render._pptx_style import (
    MUTED,
    RULE,
    TEXT,
    add_run,
    emu_to_pt,
    fill_rect,
    fit_size,
    line_count,
    line_height,
)
from uppsikt.render._pptx_table import table_slides
from uppsikt.report import (
    Block,
    ChartBlock,
    Report,
    Section,
    StatusTableBlock,
    TableBlock,
    TextBlock,
    TilesBlock,
)

__all__ = ["write_pptx"]

_HASH_LENGTH = 8


def write_pptx(report: Report, out_dir: Path, *, template: Path | None = None) -> Path:
    """Write ``report-YYYY-MM.pptx`` into ``out_dir``; ``template`` lends layouts and theme."""
    deck = Deck(template, footer=f"{report.organisation} · {report.title} · {report.period_label}")
    _title_slide(deck, report)
    for number, section in enumerate(report.sections, start=1):
        _divider(deck, report, section, number)
        for block in section.blocks:
            _block_slides(deck, report, block)
    path = output_path(report, out_dir, "pptx")
    temp = path.with_suffix(".pptx.tmp")
    deck.prs.save(str(temp))
    return replace_atomically(temp, path)


# -- notes -------------------------------------------------------------------------------


def speaker_notes(report: Report, detail: str | None = None) -> str:
    """Period, when the report was made, and the import batches behind it, one per line."""
    generated = report.generated_at
    if generated.tzinfo is not None:
        generated = generated.astimezone(UTC)
    stamp = generated.strftime("%Y-%m-%d %H:%M") + (" UTC" if generated.tzinfo else "")
    lines = [
        f"Period: {report.period_label} ({report.period})",
        f"Skapad: {stamp} med uppsikt {report.software_version}",
    ]
    if detail:
        lines.append(detail)
    lines.append("Källor (fil, typ, importbatch, hash):")
    lines.extend(
        f"{s.file_name}, {s.kind}, batch {s.batch_id}, {s.file_hash[:_HASH_LENGTH]}"
        for s in report.sources
    )
    if not report.sources:
        lines.append("inga importerade filer")
    return "\n".join(lines)


# -- title and dividers ------------------------------------------------------------------


def _title_slide(deck: Deck, report: Report) -> None:
    """Title, organisation and period on the left; the sections, numbered, on the right."""
    slide = deck.new_slide("title")
    remove_placeholders(slide, {0, 1})
    width, height = deck.width, deck.height
    fill_rect(slide.shapes, 0, 0, Inches(0.25), height)
    left = int(width * 0.07)
    text_width = int(width * 0.5)
    title_box = Box(left, int(height * 0.22), text_width, int(height * 0.32))
    set_title(slide, report.title, title_box, sizes=(40, 36, 32, 28, 24))
    fill_rect(slide.shapes, left, title_box.bottom + Inches(0.15), Inches(1.5), Pt(4))
    subtitle_box = Box(left, title_box.bottom + Inches(0.4), text_width, int(height * 0.2))
    subtitle = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
    if subtitle is None:
        subtitle = slide.shapes.add_textbox(0, 0, 0, 0)
    subtitle.left, subtitle.top = subtitle_box.left, subtitle_box.top
    subtitle.width, subtitle.height = subtitle_box.width, subtitle_box.height
    frame = plain_frame(subtitle.text_frame)
    frame.clear()
    add_run(frame.paragraphs[0], report.organisation, 24, colour=TEXT)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    period = frame.add_paragraph()
    period.alignment = PP_ALIGN.LEFT
    add_run(period, report.period_label, 20, colour=MUTED)
    _contents(slide, report, deck)
    deck.finish(slide, speaker_notes(report), footer=False)


def _contents(slide, report: Report, deck: Deck) -> None:
    """The table of contents: the section titles, numbered."""
    width, height = deck.width, deck.height
    box = Box(int(width * 0.62), int(height * 0.16), int(width * 0.34), int(height * 0.7))
    rule = fill_rect(slide.shapes, box.left - Inches(0.35), box.top, Pt(1), box.height, RULE)
    rule.name = "Avdelare"
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
    shape.name = "Innehåll"
    frame = plain_frame(shape.text_frame, anchor=MSO_ANCHOR.MIDDLE)
    entries = [f"{n}. {s.title}" for n, s in enumerate(report.sections, start=1)]
    size = 20.0
    for size in (20, 18, 16, 14, 12):
        lines = sum(line_count(e, emu_to_pt(box.width), size) for e in entries)
        needed = (lines + 2) * line_height(size) + len(entries) * size * 0.6
        if needed <= emu_to_pt(box.height):
            break
    heading = frame.paragraphs[0]
    add_run(heading, "Innehåll", size + 4, bold=True, colour=TEXT)
    heading.space_after = Pt(size * 0.8)
    for entry in entries:
        paragraph = frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.6)
        add_run(paragraph, entry, size, colour=TEXT)


def _divider(deck: Deck, report: Report, section: Section, number: int) -> None:
    slide = deck.new_slide("section")
    remove_placeholders(slide, {0, 1})
    if deck.templated and slide.shapes.title is not None:
        title = slide.shapes.title
        box = Box(int(title.left), int(title.top), int(title.width), int(title.height))
    else:
        box = Box(Inches(0.9), int(deck.height * 0.3), deck.width - Inches(1.8), Inches(1.6))
        fill_rect(slide.shapes, 0, 0, deck.width, Inches(0.12))
    set_title(slide, section.title, box, sizes=(40, 36, 32, 28, 24))
    if not deck.templated and slide.shapes.title is not None:
        for run in slide.shapes.title.text_frame.paragraphs[0].runs:
            run.font._rPr.set("cap", "none")  # the default layout shouts in capitals
    label = f"Avsnitt {number} av {len(report.sections)} · {report.period_label}"
    body = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
    if body is None or not deck.templated:
        if body is not None:
            body._element.getparent().remove(body._element)
        fill_rect(slide.shapes, box.left, box.bottom + Inches(0.2), Inches(1.5), Pt(4))
        body = slide.shapes.add_textbox(box.left, box.bottom + Inches(0.45), box.width, Inches(0.6))
    frame = plain_frame(body.text_frame)
    frame.clear()
    height = emu_to_pt(body.height) if body.height else 30
    size = fit_size(label, emu_to_pt(body.width or box.width), height, (20, 18, 16, 14, 12))
    add_run(frame.paragraphs[0], label, size, colour=MUTED)
    # A template's section layout is designed to the edge: leave its bottom alone.
    notes = speaker_notes(report, f"Avsnitt: {section.title}")
    deck.finish(slide, notes, footer=not deck.templated)


# -- blocks ------------------------------------------------------------------------------


def _block_slides(deck: Deck, report: Report, block: Block) -> None:
    detail = f"Block: {block.id}"
    if isinstance(block, TableBlock | StatusTableBlock):

        def notes(part: int, parts: int) -> str:
            return speaker_notes(
                report, detail if parts == 1 else f"{detail} (del {part} av {parts})"
            )

        table_slides(block, deck, notes)
        return
    role = "content" if isinstance(block, TextBlock) else "title_only"
    slide, box = deck.block_slide(block.title, speaker_notes(report, detail), role)
    if isinstance(block, ChartBlock):
        if block.series and block.categories:
            add_chart(slide, block, box)
        else:
            _message(slide, box, "Inga värden att visa för perioden.")
    elif isinstance(block, TilesBlock):
        draw_tiles(slide, block, box)
    elif isinstance(block, TextBlock):
        draw_text(slide, block, box)


def _message(slide, box: Box, text: str) -> None:
    shape = slide.shapes.add_textbox(box.left, box.top, box.width, Inches(0.6))
    add_run(plain_frame(shape.text_frame).paragraphs[0], text, 18, italic=True, colour=MUTED)
