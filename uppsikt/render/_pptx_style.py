"""The PowerPoint deck's look: colours, sizes, text measurement and small drawing helpers.

Text is measured with a table of character widths close to Arial's, which is wider than
Calibri (the default theme font), so an estimate made here errs towards room to spare: a
table row or a title sized from it does not overflow in PowerPoint or LibreOffice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from uppsikt.render._markdown import Run

# Colours. Text and accents come from the theme, so a user's template restyles them; the
# traffic lights are fixed and each has at least 3:1 contrast on white and on light fills.
ACCENT = MSO_THEME_COLOR.ACCENT_1
TEXT = MSO_THEME_COLOR.TEXT_1
MUTED = RGBColor(0x59, 0x59, 0x59)
RULE = RGBColor(0xBF, 0xBF, 0xBF)
RULE_DARK = RGBColor(0x40, 0x40, 0x40)
SUM_FILL = RGBColor(0xF2, 0xF2, 0xF2)
STATUS_COLOURS = {
    "good": RGBColor(0x1E, 0x7B, 0x34),
    "warning": RGBColor(0xB3, 0x6B, 0x00),
    "bad": RGBColor(0xC0, 0x00, 0x00),
    "neutral": RGBColor(0x6E, 0x6E, 0x6E),
}
STATUS_SYMBOL = "●"

# Sizes in points.
TITLE_SIZES = (28, 26, 24, 22, 20, 18, 16)
FOOTER_SIZE = 10
NOTE_SIZE = 12
LINE_SPACING = 1.22  # line height as a multiple of the font size, with room to spare

# Widths of characters in em, close to Arial; anything unlisted counts as 0.6 em.
_NARROW = dict.fromkeys("ijl'|!.,:;", 0.26) | dict.fromkeys("ft()[]/", 0.3) | {"r": 0.34}
_WIDE = {"m": 0.84, "w": 0.73, "M": 0.84, "W": 0.95, "%": 0.89, "●": 0.8, "–": 0.56, "—": 1.0}
_CHAR_WIDTHS: dict[str, float] = (
    dict.fromkeys("0123456789", 0.556)
    | dict.fromkeys(" \u00a0", 0.278)
    | dict.fromkeys("abcdeghknopqsuvxyzåäöéü", 0.556)
    | dict.fromkeys("ABCDEFGHKLNOPQRSTUVXYZÅÄÖÉ", 0.7)
    | {"I": 0.28, "J": 0.5, "-": 0.333, "+": 0.584, "*": 0.39, "=": 0.584}
    | _NARROW
    | _WIDE
)
_BOLD_FACTOR = 1.08


def emu_to_pt(value: int) -> float:
    return value / 12700


def pt_to_emu(value: float) -> Emu:
    return Emu(round(value * 12700))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in points of one line of ``text`` at ``size`` points."""
    em = sum(_CHAR_WIDTHS.get(char, 0.6) for char in text)
    return em * size * (_BOLD_FACTOR if bold else 1.0)


def longest_word(text: str, size: float, *, bold: bool = False) -> float:
    """Width in points of the widest word, the narrowest a wrapping text box can be."""
    return max((text_width(w, size, bold=bold) for w in text.split()), default=0.0)


def line_count(text: str, width: float, size: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped at spaces into ``width`` points (at least 1)."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        space = text_width(" ", size, bold=bold)
        for word in paragraph.split(" "):
            w = text_width(word, size, bold=bold)
            if used and used + space + w > width:
                lines += 1
                used = 0.0
            if w > width:  # a word wider than the box breaks across lines
                extra = math.ceil(w / width) - 1
                lines += extra
                used = w - extra * width
            else:
                used += (space if used else 0.0) + w
    return max(lines, 1)


def line_height(size: float) -> float:
    return size * LINE_SPACING


def fit_size(
    text: str,
    width: float,
    height: float,
    sizes: Iterable[float],
    *,
    bold: bool = False,
) -> float:
    """The largest of ``sizes`` (largest first) at which ``text`` fits the box, else the last."""
    size = 0.0
    for size in sizes:
        if line_count(text, width, size, bold=bold) * line_height(size) <= height:
            return size
    return size


def add_run(paragraph, text: str, size: float, *, bold=False, italic=False, colour=None):
    """Append a run with an explicit size, weight and colour (theme or RGB)."""
    run = paragraph.add_run()
    run.text = text
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    if isinstance(colour, RGBColor):
        font.color.rgb = colour
    elif colour is not None:
        font.color.theme_color = colour
    return run


def add_markdown_runs(paragraph, runs: Iterable[Run], size: float, colour=TEXT) -> None:
    """Append the runs of a parsed Markdown paragraph, keeping bold and italic."""
    for run in runs:
        add_run(paragraph, run.text, size, bold=run.bold, italic=run.italic, colour=colour)


def superscript(run) -> None:
    """Raise a run as a footnote mark."""
    run.font._rPr.set("baseline", "30000")


def set_bullet(paragraph, level: int, size: float, *, bullet: bool = True) -> None:
    """Indent a paragraph and give it a bullet (or explicitly none), whatever the template."""
    p_pr = paragraph._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buFont"):
        for child in p_pr.findall(qn(tag)):
            p_pr.remove(child)
    indent = pt_to_emu(size * 1.1)
    if bullet:
        p_pr.set("marL", str(int(indent * (level + 1))))
        p_pr.set("indent", str(-int(indent)))
        etree.SubElement(p_pr, qn("a:buFont"), typeface="Arial")
        etree.SubElement(p_pr, qn("a:buChar"), char="–" if level else "•")
    else:
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
        etree.SubElement(p_pr, qn("a:buNone"))


def space_after(paragraph, points: float) -> None:
    paragraph.space_after = Pt(points)


def fill_rect(shapes, left, top, width, height, colour=ACCENT):
    """A borderless filled rectangle: the accent line and bands."""
    from pptx.enum.shapes import MSO_SHAPE

    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.fill.solid()
    if isinstance(colour, RGBColor):
        shape.fill.fore_color.rgb = colour
    else:
        shape.fill.fore_color.theme_color = colour
    shape.line.fill.background()
    shape.shadow.inherit = False
    shape.name = "Dekor"
    return shape


_BORDER_ORDER = ("a:lnL", "a:lnR", "a:lnT", "a:lnB")


def cell_borders(cell, **sides: tuple[float, RGBColor] | None) -> None:
    """Set a table cell's borders, e.g. ``bottom=(0.75, RULE)``; other sides get none.

    python-pptx has no border API; ``a:ln*`` must come first in ``a:tcPr``, in L, R, T, B order.
    """
    tc_pr = cell._tc.get_or_add_tcPr()
    for tag in _BORDER_ORDER:
        for child in tc_pr.findall(qn(tag)):
            tc_pr.remove(child)
    names = {"a:lnL": "left", "a:lnR": "right", "a:lnT": "top", "a:lnB": "bottom"}
    for position, tag in enumerate(_BORDER_ORDER):
        spec = sides.get(names[tag])
        line = etree.Element(qn(tag))
        if spec is None:
            line.set("w", "0")
            etree.SubElement(line, qn("a:noFill"))
        else:
            width, colour = spec
            line.set("w", str(int(width * 12700)))
            fill = etree.SubElement(line, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr"), val=str(colour))
        tc_pr.insert(position, line)


__all__ = [
    "ACCENT",
    "FOOTER_SIZE",
    "LINE_SPACING",
    "MUTED",
    "NOTE_SIZE",
    "RULE",
    "RULE_DARK",
    "STATUS_COLOURS",
    "STATUS_SYMBOL",
    "SUM_FILL",
    "TEXT",
    "TITLE_SIZES",
    "add_markdown_runs",
    "add_run",
    "cell_borders",
    "emu_to_pt",
    "fill_rect",
    "fit_size",
    "line_count",
    "line_height",
    "longest_word",
    "pt_to_emu",
    "set_bullet",
    "space_after",
    "superscript",
    "text_width",
]
