"""The SQL that parses cells: property tests against the contract's rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.ingest import KINDS
from uppsikt.ingest._parse import parse_expr

AMOUNT = KINDS["ledger"].column("amount")
PERIOD = KINDS["ledger"].column("period")
CON = duckdb.connect(":memory:")


def parse(spec, text: str | None):
    return CON.execute(
        f"SELECT {parse_expr(spec, 'x', 'VARCHAR')} FROM (SELECT ? AS x)", [text]
    ).fetchone()[0]


def swedish(value: Decimal) -> str:
    """1234567.5 → '1 234 567,50' (grouped with spaces, decimal comma)."""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{cents}"


amounts = st.decimals(min_value=-(10**13), max_value=10**13, places=2, allow_nan=False)


@settings(max_examples=200)
@given(amounts, st.sampled_from(["plain", "swedish", "nbsp", "unicode_minus", "short"]))
def test_amounts_in_every_accepted_style(value: Decimal, style: str) -> None:
    text = {
        "plain": f"{value:.2f}",
        "swedish": swedish(value),
        "nbsp": swedish(value).replace(" ", "\u00a0"),
        "unicode_minus": swedish(value).replace("-", "\u2212"),
        "short": format(value.normalize(), "f"),
    }[style]
    assert parse(AMOUNT, text) == value


@given(amounts, st.integers(1, 9))
def test_a_third_decimal_is_refused_not_rounded(value: Decimal, digit: int) -> None:
    assert parse(AMOUNT, f"{value:.2f}{digit}") is None


@pytest.mark.parametrize("text", ["1e5", "+5", "1,234.50", "1.234,50", "12.", "abc", "-", "1_000"])
def test_amounts_refused(text: str) -> None:
    assert parse(AMOUNT, text) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_periods(day: date) -> None:
    first = day.replace(day=1)
    assert parse(PERIOD, f"{day:%Y-%m}") == first
    assert parse(PERIOD, f"{day:%Y%m}") == first
    assert parse(PERIOD, f"{day:%Y-%m}-01") == first
    assert parse(PERIOD, f"{day:%Y-%m-%d}") == (first if day.day == 1 else None)


@pytest.mark.parametrize("text", ["2024-7", "2024-13", "24-07", "juli", "2024-07-15", ""])
def test_periods_refused(text: str) -> None:
    assert parse(PERIOD, text) is None
