"""Swedish month names and period labels ("juli 2024", "ack juli", "2407")."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TypeAlias

from babel.dates import get_month_names

from uppsikt.periods import parse_period

__all__ = [
    "Period",
    "month_name",
    "period_code",
    "period_label",
    "ytd_label",
    "yymm",
]

Period: TypeAlias = date | str


@cache
def _month_names() -> tuple[str, ...]:
    """The twelve Swedish month names, lower case as Swedish writes them, from CLDR via Babel."""
    names = get_month_names("wide", context="format", locale="sv_SE")
    return tuple(names[month].lower() for month in range(1, 13))


def _as_month(period: Period) -> date:
    """The first day of the period's month, from a date or a "YYYY-MM" string."""
    if isinstance(period, str):
        return parse_period(period)
    if isinstance(period, date):
        return date(period.year, period.month, 1)
    raise TypeError(f"a period is a date or a 'YYYY-MM' string, not {type(period).__name__}")


def month_name(month: int) -> str:
    """The Swedish name of month 1-12: 7 → "juli"."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"month must be a whole number from 1 to 12, not {month!r}")
    return _month_names()[month - 1]


def period_label(period: Period) -> str:
    """The period as Swedish text: "juli 2024"."""
    month = _as_month(period)
    return f"{month_name(month.month)} {month.year}"


def period_code(period: Period) -> str:
    """The period in ISO form: "2024-07"."""
    month = _as_month(period)
    return f"{month.year:04d}-{month.month:02d}"


def yymm(period: Period) -> str:
    """The period as the seed's column headers write it ("Utfall 2407"): "2407"."""
    month = _as_month(period)
    return f"{month.year % 100:02d}{month.month:02d}"


def ytd_label(period: Period) -> str:
    """The year-to-date label for the period: "ack juli"."""
    return f"ack {month_name(_as_month(period).month)}"
