"""Chart slides: native PowerPoint charts whose data the reader can open and edit.

python-pptx draws one chart type per chart. A combo chart (columns plus lines, lines on a
secondary value axis) is made by drawing every series as columns first, so the embedded
workbook holds them all, then moving the line series' ``c:ser`` elements into a
``c:lineChart`` of their own, with a hidden category axis and a right-hand value axis.
"""

from __future__ import annotations

import math
from decimal import Decimal

from lxml import etree
from pptx.chart.axis import ValueAxis
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.util import Pt

from uppsikt.fmt import scale, unit_short
from uppsikt.render._pptx_deck import Box
from uppsikt.render._pptx_style import RULE, RULE_DARK, TEXT, emu_to_pt, text_width
from uppsikt.render._svg import wheel_colour, wheel_lines
from uppsikt.report import ChartBlock, Series

AXIS_SIZE = 12
LEGEND_SIZE = 12
TARGET_LABEL = "Mål"
# Number formats. A format code's grouping comma and decimal point show as the viewer's
# locale's separators, so a Swedish PowerPoint prints "-1 031" and "6,4 %" from these.
AMOUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0%"
PERCENT_LABEL_FORMAT = "0.0%"
POINTS_FORMAT = "#,##0.0"
_ACCENTS = (
    MSO_THEME_COLOR.ACCENT_1,
    MSO_THEME_COLOR.ACCENT_2,
    MSO_THEME_COLOR.ACCENT_3,
    MSO_THEME_COLOR.ACCENT_4,
    MSO_THEME_COLOR.ACCENT_5,
    MSO_THEME_COLOR.ACCENT_6,
)
_MAX_LABELS = 12  # category labels shown at most
_SECONDARY_AXES = ("60000001", "60000002")  # catAx, valAx ids of the secondary axes


def series_kind(block: ChartBlock, series: Series) -> str:
    """How a series is drawn: its own kind, else the chart's (a combo defaults to columns)."""
    if block.kind == "bar":
        return "bar"
    if series.kind in ("line", "column"):
        return series.kind
    return "column" if block.kind == "combo" else block.kind


def chart_values(block: ChartBlock, series: Series) -> list[float | None]:
    """The values as drawn: amounts in the block's unit, percentages as ratios; None a gap."""
    unit = block.unit or "kr"
    out: list[float | None] = []
    for value in series.values:
        if value is None:
            out.append(None)
        elif series.value_kind == "amount":
            out.append(float(scale(value, unit)))
        else:
            out.append(float(value))
    return out


def number_format(value_kind: str, *, label: bool = False) -> str:
    if value_kind == "percent":
        return PERCENT_LABEL_FORMAT if label else PERCENT_FORMAT
    if value_kind == "pp":
        return POINTS_FORMAT
    return AMOUNT_FORMAT


def _target_values(block: ChartBlock) -> list[float] | None:
    """The target as a constant series on the primary axis, scaled like the primary series."""
    if block.target is None:
        return None
    primary = [s for s in block.series if s.axis == "primary"] or block.series
    kind = primary[0].value_kind if primary else "amount"
    value = Decimal(block.target)
    number = float(scale(value, block.unit or "kr")) if kind == "amount" else float(value)
    return [number] * len(block.categories)


def add_chart(slide, block: ChartBlock, box: Box):
    """Draw the block as a native chart filling ``box``; returns the chart."""
    if block.kind == "doughnut":
        return _add_doughnut(slide, block, box)
    data = CategoryChartData()
    data.categories = block.categories
    kinds: list[tuple[str, str, str]] = []  # (kind, axis, value kind) per series, in order
    for series in block.series:
        data.add_series(
            series.name,
            chart_values(block, series),
            number_format=number_format(series.value_kind, label=True),
        )
        kinds.append((series_kind(block, series), series.axis, series.value_kind))
    target = _target_values(block)
    if target is not None:
        primary_kind = next((k for k, a, _ in kinds if a == "primary"), "line")
        data.add_series(block.target_label or TARGET_LABEL, target)
        kinds.append(("target" if primary_kind != "bar" else "bar", "primary", "amount"))
    base = next((k for k, a, _ in kinds if a == "primary" and k != "target"), "line")
    chart_type = {
        "line": XL_CHART_TYPE.LINE_MARKERS,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    }[base]
    frame = slide.shapes.add_chart(chart_type, box.left, box.top, box.width, box.height, data)
    frame.name = "Diagram"
    # Alternative text for screen readers: the title and what the values are in.
    frame._element.nvGraphicFramePr.cNvPr.set("descr", _description(block))
    chart = frame.chart
    _regroup(chart, kinds, base)
    _style(chart, block, kinds, emu_to_pt(box.width))
    return chart


# -- the doughnut (annual wheel) ---------------------------------------------------------

WHEEL_HOLE = 40  # % of the diameter: labels sit further out, where segments are wider
WHEEL_LABEL_SIZE = 9


def _add_doughnut(slide, block: ChartBlock, box: Box):
    """Rings of segments labelled with their category (bold) and display text, in a square
    frame centred in ``box``; no legend, the labels name every segment."""
    data = CategoryChartData()
    data.categories = block.categories
    for series in block.series:
        data.add_series(series.name, chart_values(block, series), number_format="0")
    side = min(box.width, box.height)
    left = box.left + (box.width - side) // 2
    frame = slide.shapes.add_chart(XL_CHART_TYPE.DOUGHNUT, left, box.top, side, side, data)
    frame.name = "Diagram"
    frame._element.nvGraphicFramePr.cNvPr.set("descr", _doughnut_description(block))
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = False
    group = chart._chartSpace.plotArea.find(qn("c:doughnutChart"))
    group.find(qn("c:holeSize")).set("val", str(WHEEL_HOLE))
    group.find(qn("c:firstSliceAng")).set("val", "0")
    count = len(block.categories)
    for series, drawn in zip(block.series, chart.plots[0].series, strict=True):
        for index, category in enumerate(block.categories):
            display = series.display[index] if index < len(series.display) else ""
            point = drawn.points[index]
            point.format.fill.solid()
            colour = wheel_colour(index, count, bool(display))
            point.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
            point.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            point.format.line.width = Pt(1.5)
            _wheel_label(point.data_label, wheel_lines(category, display))
    return chart


def _wheel_label(label, lines: list[str]) -> None:
    """The segment's label: the first line bold, one paragraph per line."""
    frame = label.text_frame
    frame.text = "\n".join(lines)
    for number, paragraph in enumerate(frame.paragraphs):
        for run in paragraph.runs:
            run.font.size = Pt(WHEEL_LABEL_SIZE)
            run.font.bold = number == 0
            run.font.color.theme_color = TEXT


def _doughnut_description(block: ChartBlock) -> str:
    """Alternative text: every segment with its text, so nothing is only in the picture."""
    parts = []
    for series in block.series:
        items = [
            f"{category}: {text}" if text else f"{category}: inget"
            for category, text in zip(block.categories, series.display, strict=False)
        ]
        name = f"{series.name}. " if len(block.series) > 1 else ""
        parts.append(name + "; ".join(items))
    return f"{block.title}. " + ". ".join(parts) + "."


# -- combining chart types ---------------------------------------------------------------


def _regroup(chart, kinds: list[tuple[str, str, str]], base: str) -> None:
    """Move series that differ from the base type or axis into chart groups of their own."""
    plot_area = chart._chartSpace.plotArea
    group = plot_area[_first_group_index(plot_area)]
    primary_axes = [ax.get("val") for ax in group.findall(qn("c:axId"))]
    serieses = group.findall(qn("c:ser"))
    moves: dict[tuple[str, str], list] = {}
    for ser, (kind, axis, _) in zip(serieses, kinds, strict=True):
        drawn = "line" if kind == "target" else kind
        if drawn == base and axis == "primary":
            continue
        moves.setdefault((drawn, axis), []).append(ser)
    insert_at = _first_group_index(plot_area) + 1
    for (kind, axis), members in moves.items():
        axes = primary_axes if axis == "primary" else list(_SECONDARY_AXES)
        new_group = _group_element(kind, members, axes)
        plot_area.insert(insert_at, new_group)
        insert_at += 1
    if any(axis == "secondary" for _, axis in moves):
        _add_secondary_axes(plot_area, primary_axes)


def _first_group_index(plot_area) -> int:
    for index, child in enumerate(plot_area):
        if child.tag.endswith("Chart"):
            return index
    raise ValueError("chart without a plot")


def _group_element(kind: str, members: list, axes: list[str]):
    """A ``c:lineChart`` or ``c:barChart`` holding ``members``, moved from the base group."""
    if kind == "line":
        group = etree.Element(qn("c:lineChart"))
        etree.SubElement(group, qn("c:grouping"), val="standard")
    else:
        group = etree.Element(qn("c:barChart"))
        etree.SubElement(group, qn("c:barDir"), val="bar" if kind == "bar" else "col")
        etree.SubElement(group, qn("c:grouping"), val="clustered")
    etree.SubElement(group, qn("c:varyColors"), val="0")
    for ser in members:
        if kind == "line":
            for tag in ("c:invertIfNegative", "c:shape"):
                for child in ser.findall(qn(tag)):
                    ser.remove(child)
            etree.SubElement(ser, qn("c:smooth"), val="0")
        group.append(ser)
    if kind == "line":
        etree.SubElement(group, qn("c:marker"), val="1")
    else:
        etree.SubElement(group, qn("c:gapWidth"), val="80")
    for axis in axes:
        etree.SubElement(group, qn("c:axId"), val=axis)
    return group


def _add_secondary_axes(plot_area, primary_axes: list[str]) -> None:
    """A hidden category axis and a value axis on the right for the secondary groups."""
    cat_id, val_id = _SECONDARY_AXES
    cat = etree.Element(qn("c:catAx"))
    for tag, attrs in (
        ("c:axId", {"val": cat_id}),
        ("c:scaling", {}),
        ("c:delete", {"val": "1"}),
        ("c:axPos", {"val": "b"}),
        ("c:majorTickMark", {"val": "none"}),
        ("c:minorTickMark", {"val": "none"}),
        ("c:tickLblPos", {"val": "nextTo"}),
        ("c:crossAx", {"val": val_id}),
        ("c:crosses", {"val": "autoZero"}),
        ("c:auto", {"val": "1"}),
        ("c:lblAlgn", {"val": "ctr"}),
        ("c:lblOffset", {"val": "100"}),
        ("c:noMultiLvlLbl", {"val": "0"}),
    ):
        etree.SubElement(cat, qn(tag), **attrs)
    etree.SubElement(cat.find(qn("c:scaling")), qn("c:orientation"), val="minMax")
    val = etree.Element(qn("c:valAx"))
    for tag, attrs in (
        ("c:axId", {"val": val_id}),
        ("c:scaling", {}),
        ("c:delete", {"val": "0"}),
        ("c:axPos", {"val": "r"}),
        ("c:numFmt", {"formatCode": PERCENT_FORMAT, "sourceLinked": "0"}),
        ("c:majorTickMark", {"val": "out"}),
        ("c:minorTickMark", {"val": "none"}),
        ("c:tickLblPos", {"val": "nextTo"}),
        ("c:crossAx", {"val": cat_id}),
        ("c:crosses", {"val": "max"}),
        ("c:crossBetween", {"val": "between"}),
    ):
        etree.SubElement(val, qn(tag), **attrs)
    etree.SubElement(val.find(qn("c:scaling")), qn("c:orientation"), val="minMax")
    axes = [c for c in plot_area if c.tag in (qn("c:catAx"), qn("c:valAx"))]
    last = axes[-1]
    last.addnext(cat)
    cat.addnext(val)


def value_axes(chart) -> tuple[ValueAxis, ValueAxis | None]:
    """The primary value axis and the secondary one, if any.

    python-pptx's ``chart.value_axis`` takes the second ``c:valAx`` when there are two (as
    in a scatter chart), which here is the secondary axis: look them up by id instead.
    """
    primary, secondary = None, None
    for val in chart._chartSpace.plotArea.findall(qn("c:valAx")):
        if val.find(qn("c:axId")).get("val") == _SECONDARY_AXES[1]:
            secondary = ValueAxis(val)
        elif primary is None:
            primary = ValueAxis(val)
    assert primary is not None
    return primary, secondary


# -- look --------------------------------------------------------------------------------


def _style(chart, block: ChartBlock, kinds: list[tuple[str, str, str]], width: float) -> None:
    chart.font.size = Pt(AXIS_SIZE)
    # The slide's title is the chart's title: drawn once, above the chart.
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(LEGEND_SIZE)
    category_axis = chart.category_axis
    category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    category_axis.major_tick_mark = XL_TICK_MARK.NONE
    category_axis.format.line.color.rgb = RULE
    category_axis.tick_labels.font.size = Pt(AXIS_SIZE)
    if block.kind == "bar":
        # Labels of a bar chart stand one above the other: they never need slanting.
        category_axis.reverse_order = True  # first category at the top, as in a table
    else:
        _fit_labels(category_axis, block.categories, width)
    primary_kind = next((v for _, a, v in kinds if a == "primary"), "amount")
    primary, secondary = value_axes(chart)
    _value_axis(primary, primary_kind, _unit_title(block, primary_kind))
    if block.kind == "bar":
        # With the categories reversed the value axis would move to the top, away from its
        # title: it crosses the category axis at its last category, the bottom.
        primary._element.find(qn("c:crosses")).set("val", "max")
    if secondary is not None:
        kind = next((v for _, a, v in kinds if a == "secondary"), "percent")
        _value_axis(secondary, kind, _unit_title(block, kind), gridlines=False)
        if not any(v is not None for s in block.series if s.axis == "secondary" for v in s.values):
            # no values yet: a fixed 0-10 % scale instead of a meaningless automatic one
            secondary.minimum_scale, secondary.maximum_scale = 0, 0.1
    for plot in chart.plots:
        for series in plot.series:
            if series.index >= len(block.series):
                _target_style(series)
                continue
            colour = _ACCENTS[series.index % len(_ACCENTS)]
            if kinds[series.index][0] == "line":
                series.format.line.width = Pt(2.5)
                series.format.line.color.theme_color = colour
                series.marker.style = XL_MARKER_STYLE.CIRCLE
                series.marker.size = 6
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.theme_color = colour
                series.marker.format.line.color.theme_color = colour
                series.smooth = False
            else:
                series.format.fill.solid()
                series.format.fill.fore_color.theme_color = colour
                series.invert_if_negative = False


def _fit_labels(axis, categories: list[str], width: float) -> None:
    """Slant the category labels when they do not fit side by side, so none wraps; label
    every n-th category when there are very many (PowerPoint honours that, LibreOffice not).
    """
    widest = max((text_width(c, AXIS_SIZE) for c in categories), default=0.0) + 8
    if widest * len(categories) > width * 0.85:
        axis._element.find(qn("c:txPr")).find(qn("a:bodyPr")).set("rot", "-2700000")
    count = len(categories)
    if count <= 2 * _MAX_LABELS:
        return
    skip = etree.Element(qn("c:tickLblSkip"), val=str(math.ceil(count / _MAX_LABELS)))
    following = axis._element.find(qn("c:tickMarkSkip"))
    if following is None:
        following = axis._element.find(qn("c:noMultiLvlLbl"))
    if following is None:
        axis._element.append(skip)
    else:
        following.addprevious(skip)


def _description(block: ChartBlock) -> str:
    names = ", ".join(s.name for s in block.series)
    unit = f" ({unit_short(block.unit)})" if block.unit else ""
    span = f"{block.categories[0]}–{block.categories[-1]}" if block.categories else ""
    return f"{block.title}{unit}. Serier: {names}. Kategorier: {span}."


def _unit_title(block: ChartBlock, value_kind: str) -> str:
    if value_kind == "percent":
        return "%"
    if value_kind == "pp":
        return "%-enheter"
    if value_kind == "count":
        return "antal"
    return unit_short(block.unit or "kr")


def _value_axis(axis, value_kind: str, title: str, *, gridlines: bool = True) -> None:
    axis.tick_labels.number_format = number_format(value_kind)
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(AXIS_SIZE)
    axis.major_tick_mark = XL_TICK_MARK.NONE
    axis.format.line.fill.background()
    axis.has_major_gridlines = gridlines
    if gridlines:
        axis.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
        axis.major_gridlines.format.line.width = Pt(0.75)
    axis.has_title = True
    frame = axis.axis_title.text_frame
    frame.text = title
    font = frame.paragraphs[0].runs[0].font
    font.size = Pt(AXIS_SIZE)
    font.bold = False
    font.color.theme_color = TEXT


def _target_style(series) -> None:
    """The target: a dashed dark line (or a grey bar in a bar chart)."""
    if hasattr(series, "marker"):
        line = series.format.line
        line.width = Pt(2)
        line.color.rgb = RULE_DARK
        line.dash_style = MSO_LINE_DASH_STYLE.DASH
        series.marker.style = XL_MARKER_STYLE.NONE
        series.smooth = False
    else:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RULE


__all__ = ["add_chart", "chart_values", "number_format", "series_kind", "value_axes"]
