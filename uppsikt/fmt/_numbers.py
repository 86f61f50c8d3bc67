"""Swedish number formatting: exact Decimal rounding, no-break-space grouping, decimal comma.

The output is deterministic and locale-free on purpose: Babel's Swedish locale prints the minus
as U+2212, while the seed report prints an ASCII hyphen, and one rendering is used everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import TypeAlias

__all__ = [
    "DEFAULT_DECIMALS",
    "KINDS",
    "NBSP",
    "UNITS",
    "Number",
    "format_amount",
    "format_count",
    "format_number",
    "format_percent",
    "format_pp",
    "format_value",
    "round_half_away",
    "scale",
    "unit_caption",
    "unit_short",
]

Number: TypeAlias = Decimal | int | float

NBSP = "\u00a0"

# Power of ten each unit divides kronor by, and the caption printed above a table.
_UNIT_SHIFT = {"kr": 0, "tkr": 3, "mkr": 6}
_UNIT_CAPTION = {
    "kr": "Belopp i kronor",
    "tkr": "Belopp i tusentals kronor",
    "mkr": "Belopp i miljoner kronor",
}
UNITS: tuple[str, ...] = tuple(_UNIT_SHIFT)

DEFAULT_DECIMALS: dict[str, int] = {"amount": 0, "percent": 1, "pp": 1, "count": 0}
KINDS: tuple[str, ...] = ("amount", "percent", "pp", "count", "text", "status")

_PP_SUFFIX = NBSP + "%-enheter"


def _allowed(values: tuple[str, ...]) -> str:
    """The allowed values as a quoted, comma-separated list for an error message."""
    return ", ".join(repr(v) for v in values)


def _check_unit(unit: str) -> str:
    """Return ``unit`` if it is a known unit, else raise ``ValueError`` naming the allowed ones."""
    if unit not in _UNIT_SHIFT:
        raise ValueError(f"unknown unit {unit!r}; use one of {_allowed(UNITS)}")
    return unit


def _check_decimals(decimals: int) -> int:
    """Return ``decimals`` if it is a non-negative int, else raise ``ValueError``."""
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a whole number >= 0, not {decimals!r}")
    return decimals


def _to_decimal(value: Number) -> Decimal:
    """Convert a number to a finite Decimal, floats through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise TypeError(f"expected a number, not the bool {value!r}")
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        raise TypeError(f"expected a Decimal, int or float, not {type(value).__name__}")
    if not number.is_finite():
        raise ValueError(f"cannot format the non-finite value {value!r}")
    return number


def _shift(number: Decimal, places: int) -> Decimal:
    """Multiply by ``10**places`` exactly, whatever the Decimal context's precision."""
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite, checked by _to_decimal
    return Decimal((sign, digits, exponent + places))


def scale(value: Number, unit: str) -> Decimal:
    """An amount in kronor expressed in ``unit`` ("kr", "tkr" or "mkr"), exactly."""
    return _shift(_to_decimal(value), -_UNIT_SHIFT[_check_unit(unit)])


def round_half_away(value: Number, decimals: int = 0) -> Decimal:
    """Round to ``decimals`` places, halves away from zero as Excel does, never to -0."""
    number = _to_decimal(value)
    quantum = Decimal((0, (1,), -_check_decimals(decimals)))
    # A private context: enough precision for any magnitude, independent of the caller's.
    context = Context(
        prec=max(28, number.adjusted() + decimals + 2),
        rounding=ROUND_HALF_UP,
        traps=[InvalidOperation],
    )
    rounded = number.quantize(quantum, context=context)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _group(digits: str) -> str:
    """Separate a string of digits into groups of three with no-break spaces."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(groups)


def format_number(
    value: Number | None,
    decimals: int = 0,
    *,
    minus: str = "-",
    plus: bool = False,
    group: bool = True,
) -> str:
    """Format a number the Swedish way ("-1 031", "6,4"); ``None`` gives an empty cell."""
    if value is None:
        return ""
    rounded = round_half_away(value, decimals)
    integer, _, fraction = format(rounded.copy_abs(), "f").partition(".")
    body = _group(integer) if group else integer
    if fraction:
        body += "," + fraction
    if rounded < 0:
        return minus + body
    if plus and rounded > 0:
        return "+" + body
    return body


def format_amount(
    value: Number | None,
    unit: str = "mkr",
    decimals: int = 0,
    *,
    minus: str = "-",
    plus: bool = False,
) -> str:
    """Format an amount in kronor in ``unit``: -1 031 400 000 kr → "-1 031" mkr."""
    _check_unit(unit)
    if value is None:
        return ""
    return format_number(scale(value, unit), decimals, minus=minus, plus=plus)


def format_percent(
    value: Number | None,
    decimals: int = 1,
    *,
    ratio: bool = True,
    space: bool = False,
    minus: str = "-",
    plus: bool = False,
) -> str:
    """Format a percentage: the ratio 0.064 → "6,4%" (or "6,4 %" with ``space``)."""
    if value is None:
        return ""
    number = _to_decimal(value)
    if ratio:
        number = _shift(number, 2)
    sign = NBSP + "%" if space else "%"
    return format_number(number, decimals, minus=minus, plus=plus) + sign


def format_pp(
    value: Number | None,
    decimals: int = 1,
    *,
    minus: str = "-",
    plus: bool = False,
) -> str:
    """Format percentage points, given in points: -7.1 → "-7,1 %-enheter"."""
    if value is None:
        return ""
    return format_number(value, decimals, minus=minus, plus=plus) + _PP_SUFFIX


def format_count(value: Number | None, *, minus: str = "-", plus: bool = False) -> str:
    """Format a count as a grouped whole number ("14 972"), rounding half away from zero."""
    return format_number(value, 0, minus=minus, plus=plus)


def format_value(
    value: Number | str | None,
    kind: str,
    *,
    unit: str = "mkr",
    decimals: int | None = None,
    minus: str = "-",
    plus: bool = False,
) -> str:
    """Format a cell of the report model by its column kind (see ``KINDS``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {_allowed(KINDS)}")
    if value is None:
        return ""
    if kind in ("text", "status"):
        return str(value)
    if isinstance(value, str):
        raise TypeError(f"a {kind!r} cell needs a number, not the text {value!r}")
    places = DEFAULT_DECIMALS[kind] if decimals is None else decimals
    if kind == "amount":
        return format_amount(value, unit, places, minus=minus, plus=plus)
    if kind == "percent":
        return format_percent(value, places, minus=minus, plus=plus)
    if kind == "pp":
        return format_pp(value, places, minus=minus, plus=plus)
    return format_number(value, places, minus=minus, plus=plus)


def unit_caption(unit: str) -> str:
    """The caption printed above a table of amounts: "Belopp i miljoner kronor"."""
    return _UNIT_CAPTION[_check_unit(unit)]


def unit_short(unit: str) -> str:
    """The short unit printed after a figure or in a header: "kr", "tkr" or "mkr"."""
    return _check_unit(unit)
