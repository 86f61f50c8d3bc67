from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uppsikt.periods import add_months, month_range, parse_period, period_code, r12_start

CASES = [
    ("2024-07", date(2024, 7, 1)),
    ("202407", date(2024, 7, 1)),
    (" 2024-12 ", date(2024, 12, 1)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_period(text: str, expected: date) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-13", "'2024-13' is not a period: month 13 is not 01-12"),
        ("24-07", "'24-07' is not a period; write it as YYYY-MM, e.g. 2024-07"),
        ("juli", "'juli' is not a period; write it as YYYY-MM, e.g. 2024-07"),
    ],
)
def test_parse_period_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    assert str(caught.value) == message


def test_r12_start_and_range() -> None:
    assert r12_start(date(2024, 7, 1)) == date(2023, 8, 1)
    assert len(month_range(date(2023, 8, 1), date(2024, 7, 1))) == 12
    assert month_range(date(2024, 2, 1), date(2024, 1, 1)) == []


months = st.dates(min_value=date(1950, 1, 1), max_value=date(2500, 12, 1)).map(
    lambda d: d.replace(day=1)
)


@given(months, st.integers(-600, 600))
def test_add_months_inverse(period: date, n: int) -> None:
    assert add_months(add_months(period, n), -n) == period
    later = add_months(period, n)
    assert (later.year * 12 + later.month) - (period.year * 12 + period.month) == n


@given(months)
def test_period_code_round_trip(period: date) -> None:
    assert parse_period(period_code(period)) == period
