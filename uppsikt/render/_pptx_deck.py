"""The deck: a presentation from python-pptx's default or a user's template, its layouts and
the frame every block slide shares (title, accent line, content area, footer, notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches, Pt

from uppsikt.render._pptx_style import (
    FOOTER_SIZE,
    MUTED,
    TEXT,
    TITLE_SIZES,
    add_run,
    emu_to_pt,
    fill_rect,
    fit_size,
)

WIDE = (Inches(13.333), Inches(7.5))
FONT = "Arial"
MARGIN = Inches(0.5)
FOOTER_HEIGHT = Inches(0.3)
FOOTER_GAP = Inches(0.5)  # from the content's bottom to the slide's bottom edge

# Layouts by role: names in English and Swedish PowerPoint, then the index in the default
# template's layout order as a fallback.
_LAYOUTS = {
    "title": (("title slide", "rubrikbild", "titelbild"), 0),
    "section": (("section header", "avsnittsrubrik"), 2),
    "title_only": (("title only", "endast rubrik"), 5),
    "content": (("title and content", "rubrik och innehåll"), 1),
}


@dataclass(frozen=True)
class Box:
    """A rectangle on a slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def below(self, height: int) -> Box:
        """What is left after taking ``height`` from the top."""
        return Box(self.left, self.top + height, self.width, max(self.height - height, 0))


class Deck:
    """A presentation being written, with its layouts looked up by role."""

    def __init__(self, template: Path | None, footer: str) -> None:
        self.templated = template is not None
        self.prs = Presentation(str(template)) if template else Presentation()
        self.footer = footer
        if self.templated:
            self._remove_slides()
        else:
            self._widen()
            self._theme_font(FONT)
        self.layouts = {role: self._find_layout(*spec) for role, spec in _LAYOUTS.items()}

    @property
    def width(self) -> int:
        return int(self.prs.slide_width)

    @property
    def height(self) -> int:
        return int(self.prs.slide_height)

    def _remove_slides(self) -> None:
        """Drop the template's own slides; their parts are then no longer saved."""
        slide_ids = self.prs.slides._sldIdLst
        for slide_id in list(slide_ids):
            slide_ids.remove(slide_id)
            self.prs.part.drop_rel(slide_id.rId)

    def _widen(self) -> None:
        """Make the default 4:3 deck 16:9 and stretch its master and layouts to match."""
        factor = WIDE[0] / self.prs.slide_width
        self.prs.slide_width, self.prs.slide_height = WIDE
        master = self.prs.slide_master
        for shapes in [master.shapes, *(layout.shapes for layout in master.slide_layouts)]:
            for shape in shapes:
                xfrm = shape._element.xfrm
                if xfrm is None or xfrm.off is None or xfrm.ext is None:
                    continue  # inherits its place from the master, already stretched
                xfrm.off.x = int(xfrm.off.x * factor)
                xfrm.ext.cx = int(xfrm.ext.cx * factor)

    def _theme_font(self, typeface: str) -> None:
        """Set the default theme's heading and body font (charts and tables follow the theme).

        Calibri, the default, is missing where LibreOffice renders the deck and is replaced
        by a much wider face; Arial has a metric twin everywhere.
        """
        theme = self.prs.slide_master.part.part_related_by(RT.THEME)
        theme.blob = theme.blob.replace(
            b'<a:latin typeface="Calibri"/>', f'<a:latin typeface="{typeface}"/>'.encode()
        )

    def _find_layout(self, names: tuple[str, ...], index: int):
        layouts = list(self.prs.slide_layouts)
        for layout in layouts:
            if layout.name.strip().lower() in names:
                return layout
        return layouts[min(index, len(layouts) - 1)]

    # -- slides ---------------------------------------------------------------------------

    def new_slide(self, role: str):
        """A slide on the role's layout, numbered in the footer."""
        return self.prs.slides.add_slide(self.layouts[role])

    def title_box(self, role: str = "title_only") -> Box:
        """Where a block slide's title goes: the template's title placeholder, or ours."""
        title = self.layouts[role].placeholders.get(idx=0)
        if self.templated and title is not None and title.width and title.height:
            box = Box(int(title.left), int(title.top), int(title.width), int(title.height))
            if box.bottom < self.height * 0.35:
                return box
        return Box(MARGIN, Inches(0.3), self.width - 2 * MARGIN, Inches(0.85))

    def content_box(self, role: str = "title_only") -> Box:
        """The room below a block slide's title and accent line, above the footer."""
        top = self.title_box(role).bottom + Inches(0.26)
        bottom = self.height - FOOTER_GAP
        return Box(MARGIN, top, self.width - 2 * MARGIN, bottom - top)

    def block_slide(self, title: str, notes: str, role: str = "title_only"):
        """A slide with the title, an accent line and the footer; returns it and its content box.

        Placeholders the block does not use are removed, so no empty prompt is left behind.
        """
        slide = self.new_slide(role)
        remove_placeholders(slide, {0, 1} if role == "content" else {0})
        box = self.title_box(role)
        set_title(slide, title, box)
        fill_rect(slide.shapes, box.left, box.bottom + Inches(0.04), box.width, Pt(2.5))
        self.finish(slide, notes)
        return slide, self.content_box(role)

    def finish(self, slide, notes: str, *, footer: bool = True) -> None:
        """Add the footer (report and slide number) and the speaker notes."""
        if footer:
            self._footer(slide)
        slide.notes_slide.notes_text_frame.text = notes

    def _footer(self, slide) -> None:
        number = len(self.prs.slides)
        top = self.height - FOOTER_GAP + Inches(0.12)
        width = self.width - 2 * MARGIN
        left_box = slide.shapes.add_textbox(MARGIN, top, width - Inches(1), FOOTER_HEIGHT)
        right_box = slide.shapes.add_textbox(
            MARGIN + width - Inches(1), top, Inches(1), FOOTER_HEIGHT
        )
        for shape, text, align in (
            (left_box, self.footer, PP_ALIGN.LEFT),
            (right_box, str(number), PP_ALIGN.RIGHT),
        ):
            shape.name = "Sidfot"
            frame = plain_frame(shape.text_frame)
            paragraph = frame.paragraphs[0]
            paragraph.alignment = align
            add_run(paragraph, text, FOOTER_SIZE, colour=MUTED)


def remove_placeholders(slide, keep: set[int]) -> None:
    """Delete the slide's placeholders whose idx is not in ``keep``."""
    for placeholder in list(slide.placeholders):
        if placeholder.placeholder_format.idx not in keep:
            placeholder._element.getparent().remove(placeholder._element)


def plain_frame(frame, *, wrap: bool = True, anchor=MSO_ANCHOR.TOP, margin: int = 0):
    """A text frame with no autofit and known margins, so estimates match the drawing."""
    frame.word_wrap = wrap
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Emu(margin)
    frame.margin_top = frame.margin_bottom = Emu(margin)
    return frame


def set_title(slide, text: str, box: Box, sizes=TITLE_SIZES, *, bold: bool = True) -> None:
    """Put ``text`` in the slide's title placeholder (or a text box) at a size that fits."""
    shape = slide.shapes.title
    if shape is None:
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        shape.name = "Rubrik"
    else:
        shape.left, shape.top, shape.width, shape.height = (
            box.left,
            box.top,
            box.width,
            box.height,
        )
    frame = plain_frame(shape.text_frame, anchor=MSO_ANCHOR.BOTTOM)
    frame.clear()
    size = fit_size(text, emu_to_pt(box.width), emu_to_pt(box.height), sizes, bold=bold)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    add_run(paragraph, text, size, bold=bold, colour=TEXT)


__all__ = ["MARGIN", "Box", "Deck", "plain_frame", "remove_placeholders", "set_title"]
