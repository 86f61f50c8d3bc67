"""Turn SIE field strings into values: dates, periods, amounts, integers and object lists.

Each conversion raises :class:`FieldError` with a reason code and a sentence a person can act
on. A :class:`Converter` caches the values that repeat across a file (dates, account numbers,
object lists) so a million-row file costs little memory and time.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from uppsikt.ingest.sie._tokenize import Field

__all__ = ["Converter", "FieldError"]

_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")


class FieldError(ValueError):
    """A field that cannot be read; ``code`` is a stable reason code."""

    def __init__(self, code: str, reason: str, value: Field | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.value = value


def _show(field: Field) -> str:
    """The field as it would appear in the file, for messages."""
    if isinstance(field, tuple):
        return "{" + " ".join(field) + "}"
    return field


class Converter:
    """Field conversions with per-file caches."""

    def __init__(self) -> None:
        self._dates: dict[str, date] = {}
        self._periods: dict[str, date] = {}
        self._names: dict[str, str] = {}
        self._objects: dict[tuple[str, ...], tuple[tuple[int, str], ...]] = {(): ()}

    def text(self, field: Field, what: str, *, shared: bool = True) -> str:
        """A text field; an object list in its place is an error.

        Texts repeat (the rows of a voucher often share one), so by default equal texts share
        one string; ``shared=False`` is for values that rarely repeat, like voucher numbers.
        """
        if isinstance(field, tuple):
            raise FieldError("unexpected_object_list", f"{what} expected, found an object list")
        return self._names.setdefault(field, field) if shared else field

    def name(self, field: Field, what: str) -> str:
        """A short code repeated on many rows (account, object code), interned to save memory."""
        if isinstance(field, tuple):
            raise FieldError("unexpected_object_list", f"{what} expected, found an object list")
        if not field:
            raise FieldError("missing_field", f"{what} is empty")
        return self._names.setdefault(field, field)

    def integer(self, field: Field, what: str) -> int:
        """A small integer such as a year index (0, -1) or a dimension number."""
        if isinstance(field, str) and _INTEGER.fullmatch(field):
            return int(field)
        raise FieldError("bad_integer", f"{what} is not a whole number", _show(field))

    def amount(self, field: Field, what: str = "the amount") -> Decimal:
        """An amount with a decimal point, e.g. ``-1234.50``."""
        if isinstance(field, str) and _AMOUNT.fullmatch(field):
            return Decimal(field)
        raise FieldError("bad_amount", f"{what} is not a number with a decimal point", _show(field))

    def optional_amount(self, field: Field, what: str = "the quantity") -> Decimal | None:
        """An amount that may be empty (``""``)."""
        if field == "":
            return None
        return self.amount(field, what)

    def date(self, field: Field, what: str = "the date") -> date:
        """A date written YYYYMMDD."""
        if isinstance(field, str):
            cached = self._dates.get(field)
            if cached is not None:
                return cached
            if len(field) == 8 and field.isascii() and field.isdigit():
                try:
                    value = date(int(field[:4]), int(field[4:6]), int(field[6:]))
                except ValueError:
                    pass
                else:
                    self._dates[field] = value
                    return value
        raise FieldError("bad_date", f"{what} is not a date written YYYYMMDD", _show(field))

    def optional_date(self, field: Field, what: str = "the date") -> date | None:
        """A date that may be empty."""
        if field == "":
            return None
        return self.date(field, what)

    def period(self, field: Field) -> date:
        """A month written YYYYMM, as the first day of that month."""
        if isinstance(field, str):
            cached = self._periods.get(field)
            if cached is not None:
                return cached
            if len(field) == 6 and field.isascii() and field.isdigit():
                year, month = int(field[:4]), int(field[4:])
                if year >= 1 and 1 <= month <= 12:
                    value = date(year, month, 1)
                    self._periods[field] = value
                    return value
        raise FieldError("bad_period", "the period is not a month written YYYYMM", _show(field))

    def objects(self, field: Field) -> tuple[tuple[int, str], ...]:
        """An object list ``{dim code dim code ...}`` as ((dim, code), ...) pairs."""
        if not isinstance(field, tuple):
            raise FieldError("bad_object_list", "an object list {...} expected", field)
        cached = self._objects.get(field)
        if cached is not None:
            return cached
        if len(field) % 2:
            raise FieldError(
                "bad_object_list",
                "an object list needs pairs of dimension number and object code",
                _show(field),
            )
        pairs = []
        for index in range(0, len(field), 2):
            dim, code = field[index], field[index + 1]
            if not (dim.isascii() and dim.isdigit() and len(dim) <= 9):
                raise FieldError(
                    "bad_object_list", f"dimension '{dim}' is not a number", _show(field)
                )
            pairs.append((int(dim), self._names.setdefault(code, code)))
        value = tuple(pairs)
        self._objects[field] = value
        return value
