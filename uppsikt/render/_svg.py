"""Charts of the report model as accessible, self-contained inline SVG (via Vega-Lite).

The SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` that summarises the data in Swedish,
scales to its container (a ``viewBox``, no fixed size) and references nothing outside itself:
no fonts, no URLs, not even the SVG namespace (the HTML parser supplies it for inline SVG).
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from decimal import Decimal
from functools import cache
from html import escape
from typing import Any

import vl_convert

from uppsikt.fmt import unit_caption
from uppsikt.report import ChartBlock, Series

__all__ = ["chart_spec", "chart_svg", "wheel_colour", "wheel_lines"]

# Arial's metrics on every system (Liberation Sans is its metric-compatible free twin), so the
# label widths Vega measures here are the widths a browser or WeasyPrint draws elsewhere.
_FONT = "Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif"

# Series colours, each at least 3:1 against white (WCAG 2.1 non-text contrast).
_PALETTE = ("#1f4e8c", "#c2410c", "#0f766e", "#6b21a8", "#a16207", "#4b5563")
# Column series of a combo chart: the earlier series (prior year) lighter, as the seed does.
_COLUMN_PALETTE = ("#7b93b5", "#1f4e8c", "#0f766e", "#6b21a8")
_LINE_PALETTE = ("#c2410c", "#0f766e", "#6b21a8", "#a16207")
# Lines also differ by dash, so colour is never the only signal.
_DASHES = ([1, 0], [7, 3], [2, 2], [9, 3, 2, 3], [4, 4], [1, 3])
_TARGET_COLOUR = "#b91c1c"

_WIDTH = 780
_HEIGHT = 280

_UNIT_DIVISOR = {"kr": Decimal(1), "tkr": Decimal(1000), "mkr": Decimal(1_000_000)}
_KIND_NAMES = {
    "line": "Linjediagram",
    "column": "Stapeldiagram",
    "bar": "Liggande stapeldiagram",
    "combo": "Kombinerat stapel- och linjediagram",
    "doughnut": "Ringdiagram",
}
# d3-format specifiers for the axes, read with the Swedish locale below.
_AXIS_FORMAT = {"amount": ",.2~f", "count": ",.2~f", "percent": ".1~%", "pp": ",.1~f"}


@cache
def _format_locale() -> dict[str, Any]:
    """Swedish d3 number format (no-break space thousands, decimal comma) with the report's
    ASCII hyphen as minus, as every table prints it, instead of d3's U+2212."""
    locale = dict(vl_convert.get_format_locale("sv-SE"))
    locale["minus"] = "-"
    return locale


def _plot_value(value: Decimal | None, series: Series, unit: str | None) -> float | None:
    """A model value as drawn: amounts in the chart's unit; percent stays a ratio (the axis
    format prints it as a percentage)."""
    if value is None:
        return None
    if series.value_kind == "amount":
        return float(value / _UNIT_DIVISOR[unit or "kr"])
    return float(value)


def _series_mark(chart: ChartBlock, series: Series) -> str:
    if series.kind:
        return series.kind
    if chart.kind == "combo":
        return "line" if series.axis == "secondary" else "column"
    return chart.kind


def _axis_title(series: list[Series], unit: str | None) -> str | None:
    kinds = {s.value_kind for s in series}
    if kinds == {"amount"}:
        return unit or "kr"
    if kinds == {"pp"}:
        return "%-enheter"
    if kinds == {"percent"}:
        return "%" if len(series) > 1 else series[0].name
    return None


def _axis_format(series: list[Series]) -> str:
    kinds = {s.value_kind for s in series}
    return _AXIS_FORMAT[kinds.pop()] if len(kinds) == 1 and kinds <= set(_AXIS_FORMAT) else ",~f"


def _label_angle(categories: list[str]) -> int:
    """Horizontal category labels when they fit their band, else slanted."""
    longest = max((len(c) for c in categories), default=0)
    band = _WIDTH / max(len(categories), 1)
    return 0 if longest * 6.5 + 6 <= band else -45


def _colours(chart: ChartBlock) -> dict[str, str]:
    """A colour per series name, columns and lines from their own ramps in a combo chart."""
    colours: dict[str, str] = {}
    if chart.kind == "combo":
        columns = [s for s in chart.series if _series_mark(chart, s) != "line"]
        lines = [s for s in chart.series if _series_mark(chart, s) == "line"]
        for index, s in enumerate(columns):
            colours.setdefault(s.name, _COLUMN_PALETTE[index % len(_COLUMN_PALETTE)])
        for index, s in enumerate(lines):
            colours.setdefault(s.name, _LINE_PALETTE[index % len(_LINE_PALETTE)])
    else:
        for index, s in enumerate(chart.series):
            colours.setdefault(s.name, _PALETTE[index % len(_PALETTE)])
    return colours


def _layer(
    chart: ChartBlock, series: list[Series], mark: str, y_scale: dict[str, Any], axis: dict | None
) -> dict[str, Any]:
    """One Vega-Lite layer drawing ``series`` with ``mark`` against one value axis."""
    names = [s.name for s in series]
    rows = [
        {"category": category, "series": s.name, "value": _plot_value(value, s, chart.unit)}
        for s in series
        for category, value in zip(chart.categories, s.values, strict=False)
    ]
    value = {
        "field": "value",
        "type": "quantitative",
        "scale": y_scale,
        "axis": axis,
    }
    category = {
        "field": "category",
        "type": "ordinal",
        "sort": chart.categories,
        "scale": {"domain": chart.categories},
        "title": None,
    }
    colours = _colours(chart)
    legend_names = [s.name for s in _unique(chart.series)]
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": legend_names, "range": [colours[n] for n in legend_names]},
    }
    horizontal = mark == "bar"
    if mark in ("column", "bar"):
        encoding: dict[str, Any] = {
            "x": value if horizontal else category,
            "y": category if horizontal else value,
            "color": colour,
        }
        if len(series) > 1:
            encoding["yOffset" if horizontal else "xOffset"] = {
                "field": "series",
                "type": "nominal",
                "sort": names,
            }
        return {
            "data": {"values": rows},
            "mark": {"type": "bar", "invalid": "filter"},
            "encoding": encoding,
        }
    encoding = {"x": category, "y": value, "color": colour}
    if len(series) > 1 and chart.kind != "combo":
        encoding["strokeDash"] = {
            "field": "series",
            "type": "nominal",
            "scale": {"domain": legend_names, "range": [list(d) for d in _DASHES]},
        }
    return {
        "data": {"values": rows},
        # Missing values (before the data starts, after the report month) break the line.
        "mark": {
            "type": "line",
            "invalid": "break-paths-filter-domains",
            "strokeWidth": 2.25,
            "point": {"filled": True, "size": 28},
        },
        "encoding": encoding,
    }


def _target_layers(chart: ChartBlock, primary: list[Series]) -> list[dict[str, Any]]:
    if chart.target is None:
        return []
    kind = primary[0].value_kind if primary else "amount"
    probe = Series(name="", values=[], display=[], value_kind=kind)
    target = _plot_value(chart.target, probe, chart.unit)
    label = chart.target_label or "Mål"
    channel = "x" if chart.kind == "bar" else "y"
    field = {"datum": target, "type": "quantitative"}
    # One datum each: a layer without data of its own draws nothing.
    rule = {
        "data": {"values": [{}]},
        "mark": {
            "type": "rule",
            "color": _TARGET_COLOUR,
            "strokeWidth": 1.75,
            "strokeDash": [5, 3],
        },
        "encoding": {channel: field},
    }
    text_mark: dict[str, Any] = {
        "type": "text",
        "color": _TARGET_COLOUR,
        "fontWeight": "bold",
        "align": "right",
        "baseline": "bottom",
        "dy": -3,
    }
    if channel == "y":
        text_mark.update({"x": "width", "dx": -2})
    else:
        text_mark.update({"y": 0, "align": "left", "baseline": "top", "dx": 3, "dy": 2})
    text = {
        "data": {"values": [{}]},
        "mark": text_mark,
        "encoding": {channel: field, "text": {"value": label}},
    }
    return [rule, text]


def _legend_symbols(chart: ChartBlock) -> str | dict[str, str]:
    """A stroke in the legend for a line, a square for columns and bars."""
    lines = sorted({s.name for s in chart.series if _series_mark(chart, s) == "line"})
    if not lines:
        return "square"
    if len(lines) == len({s.name for s in chart.series}):
        return "stroke"
    return {"expr": f"indexof({json.dumps(lines)}, datum.value) >= 0 ? 'stroke' : 'square'"}


def _value_scale(by_mark: dict[str, list[Series]]) -> dict[str, Any]:
    """Columns and bars start at zero; an axis of lines only fits its data (R12 lines)."""
    return {"zero": set(by_mark) != {"line"}, "nice": True}


# The doughnut: a square drawing, each segment tinted by the quarter of the year it falls in
# when the category count is 12 (an annual wheel), months of a quarter alternating light and
# darker; a segment without a label is pale. Dark text on every tint (contrast above 10:1).
_WHEEL_SIZE = 560
_WHEEL_HOLE = 0.28
_WHEEL_TINTS = (
    ("#d6e2f0", "#c3d4ea"),
    ("#d3ebe3", "#bfe1d6"),
    ("#fbe6cc", "#f7d6ae"),
    ("#e5dbf0", "#d6c7e8"),
)
_WHEEL_PALE = "#f3f4f6"
_WHEEL_TEXT = "#1f2937"
_WHEEL_FONT = 11
_WHEEL_LINE = 13
_WHEEL_WRAP = 18  # characters per label line


def wheel_colour(index: int, count: int, labelled: bool) -> str:
    """The fill of segment ``index`` of ``count``: by quarter in a 12-segment wheel, else
    cycling through the tints; pale when the segment has no label."""
    if not labelled:
        return _WHEEL_PALE
    light, dark = _WHEEL_TINTS[(index * 4 // count if count == 12 else index) % 4]
    return dark if index % 2 else light


def wheel_lines(category: str, display: str) -> list[str]:
    """A segment's label as lines: the category, then each "; "-separated item wrapped."""
    lines = [category]
    for item in (part.strip() for part in display.split(";")):
        if item:
            lines.extend(textwrap.wrap(item, _WHEEL_WRAP, break_long_words=False) or [item])
    return lines


def _doughnut_spec(chart: ChartBlock) -> dict[str, Any]:
    """Rings of equal-width segments, the first series innermost, each segment labelled
    with its category (bold) and display text; angles are computed here, clockwise from
    twelve o'clock."""
    outer = _WHEEL_SIZE / 2 - 6
    inner = outer * _WHEEL_HOLE
    rings = max(len(chart.series), 1)
    width = (outer - inner) / rings
    layers: list[dict[str, Any]] = []
    for ring, series in enumerate(chart.series):
        values = [max(float(v or 0), 0.0) for v in series.values]
        total = sum(values) or 1.0
        rows, start = [], 0.0
        for index, (category, value) in enumerate(zip(chart.categories, values, strict=False)):
            display = series.display[index] if index < len(series.display) else ""
            lines = wheel_lines(category, display)
            end = start + value / total * 2 * math.pi
            rows.append(
                {
                    "start": start,
                    "end": end,
                    "mid": (start + end) / 2,
                    "fill": wheel_colour(index, len(chart.categories), bool(display)),
                    # Two texts of equal line count drawn on one anchor: the category in bold
                    # on the first line, the items in regular weight below it.
                    "head": "\n".join([category] + [" "] * (len(lines) - 1)),
                    "body": "\n".join([" ", *lines[1:]]),
                }
            )
            start = end
        radius = {"innerRadius": inner + ring * width, "outerRadius": inner + (ring + 1) * width}
        angle = {"type": "quantitative", "scale": None}
        layers.append(
            {
                "data": {"values": rows},
                "mark": {"type": "arc", "stroke": "white", "strokeWidth": 2, **radius},
                "encoding": {
                    "theta": {"field": "start", **angle},
                    "theta2": {"field": "end"},
                    "fill": {"field": "fill", "type": "nominal", "scale": None},
                },
            }
        )
        for field, weight in (("head", "bold"), ("body", "normal")):
            layers.append(
                {
                    "data": {"values": rows},
                    "mark": {
                        "type": "text",
                        "radius": inner + (ring + 0.5) * width,
                        "fontSize": _WHEEL_FONT,
                        "fontWeight": weight,
                        "lineHeight": _WHEEL_LINE,
                        "lineBreak": "\n",
                        "color": _WHEEL_TEXT,
                        "align": "center",
                        "baseline": "middle",
                    },
                    "encoding": {
                        "theta": {"field": "mid", **angle},
                        "text": {"field": field, "type": "nominal"},
                    },
                }
            )
    return {
        "layer": layers,
        "width": _WHEEL_SIZE,
        "height": _WHEEL_SIZE,
        "background": "white",
        "padding": 4,
        "config": {"aria": False, "font": _FONT, "view": {"stroke": None}},
    }


def chart_spec(chart: ChartBlock) -> dict[str, Any]:
    """The Vega-Lite specification that draws ``chart``."""
    if chart.kind == "doughnut":
        return _doughnut_spec(chart)
    horizontal = chart.kind == "bar"
    primary = [s for s in chart.series if s.axis == "primary" or horizontal]
    secondary = [s for s in chart.series if not (s.axis == "primary" or horizontal)]
    if not primary:  # a lone right-hand axis is simply the axis
        primary, secondary = secondary, []

    def axis(series: list[Series], orient: str) -> dict[str, Any]:
        return {
            "title": _axis_title(series, chart.unit),
            "format": _axis_format(series),
            "orient": orient,
            "grid": orient in ("left", "bottom"),
        }

    primary_axis = axis(primary, "bottom" if horizontal else "left")
    layers: list[dict[str, Any]] = []
    by_mark: dict[str, list[Series]] = {}
    for s in primary:
        by_mark.setdefault(_series_mark(chart, s), []).append(s)
    if not by_mark:  # no series: the axes alone
        by_mark[chart.kind if chart.kind != "combo" else "column"] = []
    # Columns first, so lines and the target are drawn on top of them.
    for mark in sorted(by_mark, key=lambda m: m == "line"):
        layers.append(_layer(chart, by_mark[mark], mark, _value_scale(by_mark), primary_axis))
    layers.extend(_target_layers(chart, primary))
    main = {"layer": layers} if len(layers) > 1 else layers[0]
    spec: dict[str, Any]
    if secondary:
        by_mark = {}
        for s in secondary:
            by_mark.setdefault(_series_mark(chart, s), []).append(s)
        second_axis = axis(secondary, "right")
        second = [
            _layer(chart, items, mark, _value_scale(by_mark), second_axis)
            for mark, items in sorted(by_mark.items(), key=lambda item: item[0] == "line")
        ]
        spec = {
            "layer": [main, *second],
            "resolve": {"scale": {"y": "independent"}, "axis": {"y": "independent"}},
        }
    else:
        spec = main
    spec.update(
        {
            "width": _WIDTH,
            "height": _HEIGHT if not horizontal else max(_HEIGHT, 26 * len(chart.categories)),
            "background": "white",
            "padding": {"left": 4, "right": 4, "top": 8, "bottom": 4},
        }
    )
    spec["config"] = {
        "aria": False,
        "font": _FONT,
        "view": {"stroke": None},
        "scale": {"bandPaddingInner": 0.25, "bandPaddingOuter": 0.15},
        "axis": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "labelColor": "#1f2937",
            "titleColor": "#1f2937",
            "domainColor": "#6b7280",
            "tickColor": "#6b7280",
            "gridColor": "#e5e7eb",
            "labelFlush": False,
        },
        "axisX" if not horizontal else "axisY": {
            "labelAngle": 0 if horizontal else _label_angle(chart.categories),
            "labelAlign": None if horizontal or _label_angle(chart.categories) == 0 else "right",
            "grid": False,
        },
        "legend": {
            "orient": "bottom",
            "direction": "horizontal",
            "title": None,
            "labelFontSize": 12,
            "labelColor": "#1f2937",
            "symbolStrokeWidth": 2.5,
            "symbolSize": 140,
            "columnPadding": 18,
            "labelLimit": 360,
            "symbolType": _legend_symbols(chart),
        },
    }
    return spec


def _unique(series: list[Series]) -> list[Series]:
    """The series with distinct names, first occurrence kept: one legend entry each."""
    by_name: dict[str, Series] = {}
    for s in series:
        by_name.setdefault(s.name, s)
    return list(by_name.values())


def _describe(chart: ChartBlock) -> str:
    """A Swedish summary of the chart for screen readers: kind, span, and per series the first,
    last, lowest and highest value, as printed in the report."""
    parts = [_KIND_NAMES[chart.kind]]
    if chart.kind == "doughnut":
        return _describe_doughnut(chart)
    if chart.categories:
        parts[0] += (
            f" med {len(chart.categories)} kategorier, {chart.categories[0]}–{chart.categories[-1]}"
        )
    if chart.unit and any(s.value_kind == "amount" for s in chart.series):
        parts[0] += f". {unit_caption(chart.unit)}"
    parts[0] += "."
    for s in chart.series:
        axis = " (höger axel)" if s.axis == "secondary" and chart.kind != "bar" else ""
        points = [
            (category, value, text)
            for category, value, text in zip(chart.categories, s.values, s.display, strict=False)
            if value is not None
        ]
        if not points:
            parts.append(f"{s.name}{axis}: inga värden.")
            continue
        low = min(points, key=lambda p: p[1])
        high = max(points, key=lambda p: p[1])
        first, last = points[0], points[-1]
        parts.append(
            f"{s.name}{axis}: {len(points)} värden från {first[0]} ({first[2]}) till {last[0]}"
            f" ({last[2]}); lägst {low[2]} ({low[0]}), högst {high[2]} ({high[0]})."
        )
    if chart.target is not None:
        parts.append(f"Mållinje: {chart.target_label or 'mål'}.")
    return " ".join(parts)


def _describe_doughnut(chart: ChartBlock) -> str:
    """Every segment's label, ring by ring: the text is what the wheel says."""
    parts = [f"{_KIND_NAMES['doughnut']} med {len(chart.categories)} segment."]
    for s in chart.series:
        items = [
            f"{category}: {text.replace('; ', ', ') if text else 'inget'}"
            for category, text in zip(chart.categories, s.display, strict=False)
        ]
        name = f"{s.name}: " if len(chart.series) > 1 else ""
        parts.append(name + "; ".join(items) + ".")
    return " ".join(parts)


_ID = re.compile(r'\bid="([^"]+)"')
_ROOT = re.compile(r"<svg\b[^>]*>")


def _own_ids(svg: str, prefix: str) -> str:
    """Prefix every id (clip paths, gradients) so several inline charts don't collide."""
    for ident in set(_ID.findall(svg)):
        svg = svg.replace(f'id="{ident}"', f'id="{prefix}{ident}"')
        svg = svg.replace(f"url(#{ident})", f"url(#{prefix}{ident})")
        svg = svg.replace(f'href="#{ident}"', f'href="#{prefix}{ident}"')
    return svg


def chart_svg(chart: ChartBlock, *, id_prefix: str | None = None) -> str:
    """``chart`` as an inline SVG element: ``role="img"``, ``<title>`` and ``<desc>``, scaling
    to its container. ``id_prefix`` makes its ids unique within a page (default: chart id)."""
    svg = vl_convert.vegalite_to_svg(
        chart_spec(chart),
        format_locale=_format_locale(),
        time_format_locale="sv-SE",
    )
    prefix = f"{id_prefix or 'chart-' + chart.id}-"
    svg = _own_ids(svg, prefix)
    root = _ROOT.search(svg)
    if root is None:  # pragma: no cover - vl-convert always returns an <svg> element
        raise ValueError(f"chart {chart.id!r}: vl-convert returned no <svg> element")
    view_box = re.search(r'viewBox="([^"]+)"', root.group(0))
    width = re.search(r'\bwidth="([\d.]+)"', root.group(0))
    height = re.search(r'\bheight="([\d.]+)"', root.group(0))
    box = view_box.group(1) if view_box else f"0 0 {width.group(1)} {height.group(1)}"  # type: ignore[union-attr]
    title_id, desc_id = f"{prefix}title", f"{prefix}desc"
    # A wheel is square: as wide as a bar chart it would be taller than a screen.
    size = ' style="max-width: 36rem; margin: 0 auto"' if chart.kind == "doughnut" else ""
    opening = (
        f'<svg class="chart"{size} viewBox="{box}" role="img" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        f'preserveAspectRatio="xMidYMid meet" focusable="false">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{escape(_describe(chart))}</desc>'
    )
    return opening + svg[root.end() :]
