"""Swedish formatting of figures and periods, shared by every renderer.

All functions are pure: values in, text out. Numbers use a no-break space between thousands,
a decimal comma and an ASCII hyphen as minus ("-1 031", "6,4%"), rounding half away from zero
and never printing "-0"; ``None`` formats as an empty cell.
"""

from __future__ import annotations

from uppsikt.fmt._dates import (
    Period,
    month_name,
    period_code,
    period_label,
    ytd_label,
    yymm,
)
from uppsikt.fmt._numbers import (
    DEFAULT_DECIMALS,
    KINDS,
    NBSP,
    UNITS,
    Number,
    format_amount,
    format_count,
    format_number,
    format_percent,
    format_pp,
    format_value,
    round_half_away,
    scale,
    unit_caption,
    unit_short,
)

__all__ = [
    "DEFAULT_DECIMALS",
    "KINDS",
    "NBSP",
    "UNITS",
    "Number",
    "Period",
    "format_amount",
    "format_count",
    "format_number",
    "format_percent",
    "format_pp",
    "format_value",
    "month_name",
    "period_code",
    "period_label",
    "round_half_away",
    "scale",
    "unit_caption",
    "unit_short",
    "ytd_label",
    "yymm",
]
