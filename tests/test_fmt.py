"""Tests of uppsikt.fmt: Swedish number and period formatting, cases taken from the seed report."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Context, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import uppsikt.fmt as fmt
from uppsikt.fmt import (
    DEFAULT_DECIMALS,
    format_amount,
    format_count,
    format_number,
    format_percent,
    format_pp,
    format_value,
    month_name,
    period_code,
    period_label,
    round_half_away,
    scale,
    unit_caption,
    unit_short,
    ytd_label,
    yymm,
)

NBSP = "\u00a0"
D = Decimal
WIDE = Context(prec=200)  # exact arithmetic on the long decimals hypothesis generates


def nb(text: str) -> str:
    """Expected output written with ordinary spaces, each standing for a no-break space."""
    return text.replace(" ", NBSP)


def exact(value: fmt.Number) -> Decimal:
    """The value as the Decimal the formatter sees (floats through str)."""
    return D(str(value)) if isinstance(value, float) else D(value)


def times(value: Decimal, power: int) -> Decimal:
    """``value * 10**power``, exactly."""
    return value.scaleb(power, context=WIDE)


def parse(text: str) -> Decimal:
    """Read a formatted Swedish number back: drop no-break spaces, decimal comma to point."""
    return Decimal(text.replace(NBSP, "").replace(",", ".").replace("\u2212", "-"))


def test_public_api_is_the_approved_list() -> None:
    approved = {
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
    }
    assert set(fmt.__all__) == approved
    assert all(hasattr(fmt, name) for name in fmt.__all__)


# --- numbers -------------------------------------------------------------------------------------

NUMBER_CASES = [
    # (value, decimals, expected) - figures printed in the seed report
    (D("-1031.4"), 0, "-1 031"),
    (D("-2233"), 0, "-2 233"),
    (D("4654"), 0, "4 654"),
    (D("-0.4"), 0, "0"),
    (D("-68.8"), 1, "-68,8"),
    (D("-2.6"), 1, "-2,6"),
    (D("5"), 1, "5,0"),
    (D("26320"), 0, "26 320"),
    (D("-1176"), 0, "-1 176"),
    (D("31605"), 0, "31 605"),
    (D("1121212"), 0, "1 121 212"),
    (14972, 0, "14 972"),
    (-5, 0, "-5"),
    (0, 0, "0"),
    (0, 1, "0,0"),
    # rounding half away from zero, never "-0"
    (D("0.5"), 0, "1"),
    (D("-0.5"), 0, "-1"),
    (D("1.5"), 0, "2"),
    (D("2.5"), 0, "3"),
    (D("-2.5"), 0, "-3"),
    (D("0.49"), 0, "0"),
    (D("-0.49"), 0, "0"),
    (D("-0.04"), 1, "0,0"),
    (D("-0.05"), 1, "-0,1"),
    (D("0.05"), 1, "0,1"),
    (D("-0"), 0, "0"),
    (D("-0.000"), 2, "0,00"),
    (D("999.5"), 0, "1 000"),
    (D("-999999.95"), 1, "-1 000 000,0"),
    # floats go through str(), so they round as written, not as stored in binary
    (1.005, 2, "1,01"),
    (2.675, 2, "2,68"),
    (0.1 + 0.2, 1, "0,3"),
    (-68.8, 1, "-68,8"),
    (1e16, 0, "10 000 000 000 000 000"),
    # huge and tiny values keep every digit
    (10**30, 0, "1 000 000 000 000 000 000 000 000 000 000"),
    (D("123456789012345678901234567890.5"), 0, "123 456 789 012 345 678 901 234 567 891"),
    (D("-1E+6"), 0, "-1 000 000"),
    (D("1E-30"), 2, "0,00"),
    (D("12345.6789"), 3, "12 345,679"),
]


@pytest.mark.parametrize(("value", "decimals", "expected"), NUMBER_CASES)
def test_format_number(value: fmt.Number, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == nb(expected)


def test_format_number_none_is_empty_cell() -> None:
    assert format_number(None) == ""
    assert format_amount(None) == ""
    assert format_percent(None) == ""
    assert format_pp(None) == ""
    assert format_count(None) == ""


def test_format_number_options() -> None:
    assert format_number(D("-1031"), minus="\u2212") == nb("\u22121 031")
    assert format_number(D("-0.2"), minus="\u2212") == "0"
    assert format_number(D("-1031.44"), 1, group=False) == "-1031,4"
    assert " " not in format_number(D("-123456789.5"), 1)


def test_format_number_does_not_depend_on_decimal_context() -> None:
    import decimal

    with decimal.localcontext() as context:
        context.prec = 3
        context.rounding = decimal.ROUND_HALF_EVEN
        assert format_number(D("123456.5")) == nb("123 457")
        assert format_amount(D("-1031400000")) == nb("-1 031")


SIGNED_CASES = [
    # change figures with an explicit sign, from the seed's waiting-list slide
    (833, "+833"),
    (220, "+220"),
    (1465, "+1 465"),
    (1172, "+1 172"),
    (-5, "-5"),
    (-23, "-23"),
    (0, "0"),
    (D("0.4"), "0"),
    (D("-0.4"), "0"),
]


@pytest.mark.parametrize(("value", "expected"), SIGNED_CASES)
def test_plus_sign(value: fmt.Number, expected: str) -> None:
    assert format_number(value, plus=True) == nb(expected)
    assert format_count(value, plus=True) == nb(expected)


def test_plus_sign_on_percent_amount_and_pp() -> None:
    assert format_percent(D("0.09"), 0, plus=True) == "+9%"
    assert format_pp(D("-8.2"), plus=True) == nb("-8,2 %-enheter")
    assert format_pp(D("3"), plus=True) == nb("+3,0 %-enheter")
    assert format_amount(D("100000000"), plus=True) == "+100"


# --- amounts and units ---------------------------------------------------------------------------

AMOUNT_CASES = [
    # (kronor, unit, decimals, expected)
    (D("-1031400000"), "mkr", 0, "-1 031"),
    (D("-2233000000"), "mkr", 0, "-2 233"),
    (D("6186000000"), "mkr", 0, "6 186"),
    (D("-400000"), "mkr", 0, "0"),
    (D("-500000"), "mkr", 0, "-1"),
    (D("-68800000"), "mkr", 1, "-68,8"),
    (D("13800000"), "mkr", 1, "13,8"),
    (D("26320000"), "tkr", 0, "26 320"),
    (D("-1176000"), "tkr", 0, "-1 176"),
    (D("2945499.99"), "tkr", 0, "2 945"),
    (D("1465"), "kr", 0, "1 465"),
    (D("-1234.565"), "kr", 2, "-1 234,57"),
    (-3_890_000_000, "mkr", 0, "-3 890"),
    (1.5e9, "mkr", 0, "1 500"),
]


@pytest.mark.parametrize(("value", "unit", "decimals", "expected"), AMOUNT_CASES)
def test_format_amount(value: fmt.Number, unit: str, decimals: int, expected: str) -> None:
    assert format_amount(value, unit, decimals) == nb(expected)


def test_format_amount_defaults_to_whole_mkr() -> None:
    assert format_amount(D("-1031400000")) == nb("-1 031")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (D("-1031400000"), "mkr", D("-1031.4")),
        (D("-1031400000"), "tkr", D("-1031400")),
        (D("-1031400000"), "kr", D("-1031400000")),
        (1, "mkr", D("0.000001")),
        (0.1, "tkr", D("0.0001")),
        (D("123456789012345678901234567890123"), "mkr", D("123456789012345678901234567.890123")),
    ],
)
def test_scale(value: fmt.Number, unit: str, expected: Decimal) -> None:
    result = scale(value, unit)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize(
    ("unit", "caption", "short"),
    [
        ("kr", "Belopp i kronor", "kr"),
        ("tkr", "Belopp i tusentals kronor", "tkr"),
        ("mkr", "Belopp i miljoner kronor", "mkr"),
    ],
)
def test_unit_texts(unit: str, caption: str, short: str) -> None:
    assert unit_caption(unit) == caption
    assert unit_short(unit) == short


# --- percent and percentage points ---------------------------------------------------------------

PERCENT_CASES = [
    # (value, decimals, ratio, space, expected)
    (D("0.064"), 1, True, False, "6,4%"),
    (0.064, 1, True, False, "6,4%"),
    (D("0.139"), 1, True, False, "13,9%"),
    (D("0.654"), 1, True, False, "65,4%"),
    (D("-0.002"), 1, True, False, "-0,2%"),
    (D("-0.2"), 1, True, False, "-20,0%"),
    (D("-0.0004"), 1, True, False, "0,0%"),
    (0, 1, True, False, "0,0%"),
    (D("0.09"), 0, True, False, "9%"),
    (D("-0.25"), 0, True, False, "-25%"),
    (D("12.97"), 0, True, False, "1 297%"),
    (D("0.0645"), 1, True, False, "6,5%"),
    (0.0645, 1, True, False, "6,5%"),
    (D("59.5"), 1, False, True, "59,5 %"),
    (D("1.06"), 2, False, True, "1,06 %"),
    (D("-0.76"), 2, False, True, "-0,76 %"),
    (D("13"), 0, False, True, "13 %"),
    (D("10.7"), 1, False, False, "10,7%"),
]


@pytest.mark.parametrize(("value", "decimals", "ratio", "space", "expected"), PERCENT_CASES)
def test_format_percent(
    value: fmt.Number, decimals: int, ratio: bool, space: bool, expected: str
) -> None:
    assert format_percent(value, decimals, ratio=ratio, space=space) == nb(expected)


def test_format_percent_defaults() -> None:
    assert format_percent(D("0.064")) == "6,4%"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (D("-7.1"), 1, "-7,1 %-enheter"),
        (-8.2, 1, "-8,2 %-enheter"),
        (D("-0.04"), 1, "0,0 %-enheter"),
        (D("2"), 0, "2 %-enheter"),
    ],
)
def test_format_pp(value: fmt.Number, decimals: int, expected: str) -> None:
    assert format_pp(value, decimals) == nb(expected)


# --- counts and format_value ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(14972, "14 972"), (1135, "1 135"), (17000, "17 000"), (0, "0"), (D("9970.0"), "9 970")],
)
def test_format_count(value: fmt.Number, expected: str) -> None:
    assert format_count(value) == nb(expected)


VALUE_CASES = [
    # (value, kind, options, expected)
    (D("-1031400000"), "amount", {}, "-1 031"),
    (D("-1031400000"), "amount", {"unit": "tkr"}, "-1 031 400"),
    (D("-68800000"), "amount", {"decimals": 1}, "-68,8"),
    (D("0.064"), "percent", {}, "6,4%"),
    (D("-0.03"), "percent", {"decimals": 0}, "-3%"),
    (D("-7.1"), "pp", {}, "-7,1 %-enheter"),
    (14972, "count", {}, "14 972"),
    (D("5.55"), "count", {"decimals": 1}, "5,6"),
    (833, "count", {"plus": True}, "+833"),
    ("Pågår", "text", {}, "Pågår"),
    ("Enligt plan", "status", {}, "Enligt plan"),
    (2024, "text", {}, "2024"),
    (None, "amount", {}, ""),
    (None, "text", {}, ""),
]


@pytest.mark.parametrize(("value", "kind", "options", "expected"), VALUE_CASES)
def test_format_value(value: object, kind: str, options: dict[str, object], expected: str) -> None:
    want = expected if kind in ("text", "status") else nb(expected)  # text passes through as is
    assert format_value(value, kind, **options) == want  # type: ignore[arg-type]


def test_default_decimals() -> None:
    assert DEFAULT_DECIMALS == {"amount": 0, "percent": 1, "pp": 1, "count": 0}
    assert set(DEFAULT_DECIMALS) <= set(fmt.KINDS)


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: scale(1, "Mkr"),
        lambda: format_amount(1, "sek"),
        lambda: format_amount(None, "sek"),
        lambda: unit_caption("mdkr"),
        lambda: unit_short(""),
        lambda: format_value(1, "amount", unit="kkr"),
    ],
)
def test_unknown_unit_names_the_allowed_units(call: object) -> None:
    with pytest.raises(ValueError, match=r"unknown unit .*'kr', 'tkr', 'mkr'"):
        call()  # type: ignore[operator]


@pytest.mark.parametrize("kind", ["money", "Amount", "", "percentage"])
def test_unknown_kind_names_the_allowed_kinds(kind: str) -> None:
    allowed = "'amount', 'percent', 'pp', 'count', 'text', 'status'"
    with pytest.raises(ValueError, match=f"unknown kind .*{re.escape(allowed)}"):
        format_value(1, kind)
    with pytest.raises(ValueError, match="unknown kind"):
        format_value(None, kind)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (D("-Infinity"), ValueError),
        (D("NaN"), ValueError),
        ("12", TypeError),
        (True, TypeError),
    ],
)
def test_rejects_values_that_are_not_finite_numbers(value: object, error: type) -> None:
    with pytest.raises(error):
        format_number(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("decimals", [-1, 1.0, True])
def test_rejects_bad_decimals(decimals: object) -> None:
    with pytest.raises(ValueError, match="decimals"):
        format_number(1, decimals)  # type: ignore[arg-type]


def test_format_value_rejects_text_in_a_number_column() -> None:
    with pytest.raises(TypeError, match="'amount'"):
        format_value("12", "amount")


# --- periods -------------------------------------------------------------------------------------

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


@pytest.mark.parametrize(("month", "name"), list(enumerate(MONTHS, start=1)))
def test_month_name(month: int, name: str) -> None:
    assert month_name(month) == name


@pytest.mark.parametrize("month", [0, 13, -1, True, 7.0])
def test_month_name_rejects_bad_month(month: object) -> None:
    with pytest.raises(ValueError, match="1 to 12"):
        month_name(month)  # type: ignore[arg-type]


PERIOD_CASES = [
    # (period, label, code, yymm, ytd)
    (date(2024, 7, 1), "juli 2024", "2024-07", "2407", "ack juli"),
    ("2024-07", "juli 2024", "2024-07", "2407", "ack juli"),
    ("202307", "juli 2023", "2023-07", "2307", "ack juli"),
    (date(2024, 1, 1), "januari 2024", "2024-01", "2401", "ack januari"),
    ("2023-12", "december 2023", "2023-12", "2312", "ack december"),
    (date(2024, 8, 27), "augusti 2024", "2024-08", "2408", "ack augusti"),
    (datetime(2000, 3, 1, 12, 30), "mars 2000", "2000-03", "0003", "ack mars"),
]


@pytest.mark.parametrize(("period", "label", "code", "short", "ytd"), PERIOD_CASES)
def test_period_texts(period: fmt.Period, label: str, code: str, short: str, ytd: str) -> None:
    assert period_label(period) == label
    assert period_code(period) == code
    assert yymm(period) == short
    assert ytd_label(period) == ytd


@pytest.mark.parametrize(
    ("period", "error"), [("2024-13", ValueError), ("juli", ValueError), (202407, TypeError)]
)
def test_period_texts_reject_bad_periods(period: object, error: type) -> None:
    with pytest.raises(error):
        period_label(period)  # type: ignore[arg-type]


# --- properties ----------------------------------------------------------------------------------

decimals_values = st.decimals(
    min_value=D("-1e15"), max_value=D("1e15"), allow_nan=False, allow_infinity=False, places=None
)
float_values = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)
numbers = st.one_of(decimals_values, float_values, st.integers(-(10**20), 10**20))
places = st.integers(min_value=0, max_value=4)
units = st.sampled_from(["kr", "tkr", "mkr"])
GROUPED = re.compile(r"[-+]?\d{1,3}(\u00a0\d{3})*(,\d+)?")


@given(numbers, places)
def test_output_parses_back_to_the_rounded_value(value: fmt.Number, decimals: int) -> None:
    text = format_number(value, decimals)
    rounded = round_half_away(value, decimals)
    assert parse(text) == rounded
    assert len(text.partition(",")[2]) == decimals


@given(numbers, places)
def test_minus_sign_only_for_negative_rounded_values(value: fmt.Number, decimals: int) -> None:
    text = format_number(value, decimals)
    assert text.startswith("-") == (round_half_away(value, decimals) < 0)
    assert not re.fullmatch(r"-0(,0*)?", text)


@given(numbers, places, st.booleans())
def test_digits_are_grouped_in_threes(value: fmt.Number, decimals: int, plus: bool) -> None:
    text = format_number(value, decimals, plus=plus)
    assert GROUPED.fullmatch(text), text
    assert " " not in text


@given(numbers, places)
def test_plus_only_adds_a_sign_to_positive_values(value: fmt.Number, decimals: int) -> None:
    plain = format_number(value, decimals)
    signed = format_number(value, decimals, plus=True)
    positive = round_half_away(value, decimals) > 0
    assert signed == ("+" + plain if positive else plain)


@given(numbers, places)
def test_round_half_away_is_within_half_a_unit_and_symmetric(
    value: fmt.Number, decimals: int
) -> None:
    number = exact(value)
    rounded = round_half_away(value, decimals)
    half = D(5).scaleb(-decimals - 1)
    assert WIDE.subtract(rounded, number).copy_abs() <= half
    assert rounded.as_tuple().exponent == -decimals
    assert round_half_away(-number, decimals) == -rounded
    assert round_half_away(rounded, decimals) == rounded
    assert not (rounded.is_zero() and rounded.is_signed())


@given(decimals_values, places)
def test_half_rounds_away_from_zero(value: Decimal, decimals: int) -> None:
    # value truncated to `decimals` places, plus exactly half a unit further from zero
    unit = D(1).scaleb(-decimals)
    base = round_half_away(value, decimals).copy_abs()
    half = base + unit / 2
    assert round_half_away(half, decimals) == base + unit
    assert round_half_away(-half, decimals) == -(base + unit)


@given(numbers, places)
def test_scale_then_format_is_consistent_across_units(value: fmt.Number, decimals: int) -> None:
    number = exact(value)
    in_kr = format_amount(number, "kr", decimals)
    assert format_amount(times(number, 3), "tkr", decimals) == in_kr
    assert format_amount(times(number, 6), "mkr", decimals) == in_kr
    assert format_amount(times(number, 3), "mkr", decimals) == format_amount(
        number, "tkr", decimals
    )


@given(numbers, units)
def test_scale_is_exact(value: fmt.Number, unit: str) -> None:
    power = {"kr": 0, "tkr": 3, "mkr": 6}[unit]
    assert times(scale(value, unit), power) == exact(value)
    assert format_amount(value, unit, 2) == format_number(scale(value, unit), 2)


@given(decimals_values, places)
def test_ratio_percent_equals_percent_of_hundredfold(value: Decimal, decimals: int) -> None:
    as_ratio = format_percent(value, decimals)
    assert as_ratio == format_percent(times(value, 2), decimals, ratio=False)
    assert as_ratio.endswith("%")
    assert parse(as_ratio[:-1]) == round_half_away(times(value, 2), decimals)
