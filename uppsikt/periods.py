"""Pure period arithmetic: a period is a calendar month, written ``YYYY-MM``.

Periods are represented as :class:`datetime.date` on the first day of the month, the same
value the warehouse stores, so no conversion is needed between Python and SQL.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "add_months",
    "month_range",
    "parse_period",
    "period_code",
    "prior_year",
    "r12_start",
    "year_start",
]

_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")


def parse_period(text: str) -> date:
    """Parse ``YYYY-MM`` (or ``YYYYMM``) into the first day of that month.

    Raises ``ValueError`` with a message a person can act on.
    """
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a period; write it as YYYY-MM, e.g. 2024-07")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' is not a period: month {month} is not 01-12")
    if not 1900 <= year <= 2999:
        raise ValueError(f"'{text}' is not a period: year {year} is out of range")
    return date(year, month, 1)


def period_code(period: date) -> str:
    """The period as ``YYYY-MM``."""
    return f"{period.year:04d}-{period.month:02d}"


def add_months(period: date, months: int) -> date:
    """The period ``months`` later (or earlier when negative)."""
    index = period.year * 12 + period.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_start(period: date) -> date:
    """January of the period's (calendar, i.e. fiscal) year."""
    return date(period.year, 1, 1)


def prior_year(period: date) -> date:
    """The same month one year earlier."""
    return add_months(period, -12)


def r12_start(period: date) -> date:
    """First month of the rolling twelve months ending at ``period``."""
    return add_months(period, -11)


def month_range(first: date, last: date) -> list[date]:
    """Every period from ``first`` to ``last`` inclusive (empty if ``first`` is later)."""
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months
