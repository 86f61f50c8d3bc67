"""Write month balances and budgets per account and unit as a SIE 4 file.

The file follows the specification's layout: for every account and month a #PSALDO/#PBUDGET
row with an empty object list holding the account total, and one row per unit (object of the
one dimension written). Text is CP437 ("#FORMAT PC8") with CRLF line ends, and a #KSUMMA
checksum guards the content.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import uppsikt
from uppsikt.errors import UppsiktError
from uppsikt.ingest.sie._crc import crc_update
from uppsikt.ingest.sie._tokenize import Field

__all__ = ["write_sie"]

_ENCODING = "cp437"
_CENT = Decimal("0.01")

PeriodRow = tuple[date, str, str | None, Decimal | int]
"""(period, account, object code or None for no unit, amount)."""


def write_sie(
    path: Path,
    *,
    company: str,
    fiscal_year: tuple[date, date],
    accounts: Sequence[tuple[str, str]],
    dimension: tuple[int, str],
    objects: Sequence[tuple[str, str]],
    period_balances: Iterable[PeriodRow],
    period_budgets: Iterable[PeriodRow],
    generated: date | None = None,
) -> None:
    """Write a SIE 4 file with #PSALDO and #PBUDGET rows for fiscal year 0.

    Rows with the same period, account and unit are added together; a row whose unit is
    ``None`` counts only towards the account total. Amounts must be :class:`Decimal` or
    ``int`` with at most two decimals (SIE has no more). Raises :class:`ValueError` for an
    account, unit or period the file would not declare, and :class:`UppsiktError` for text
    that CP437 cannot hold.
    """
    start, end = fiscal_year
    if end < start:
        raise ValueError(f"the fiscal year ends ({end}) before it starts ({start})")
    dim_number, dim_name = dimension
    account_numbers = {number for number, _name in accounts}
    codes = {code for code, _name in objects}
    if "" in account_numbers or "" in codes:
        raise ValueError("an account number or object code is empty")
    records: list[list[Field]] = [
        ["#FORMAT", "PC8"],
        ["#SIETYP", "4"],
        ["#PROGRAM", "uppsikt", getattr(uppsikt, "__version__", "")],
        ["#GEN", f"{generated or date.today():%Y%m%d}"],
        ["#FNAMN", company],
        ["#RAR", "0", f"{start:%Y%m%d}", f"{end:%Y%m%d}"],
    ]
    records += [["#KONTO", number, name] for number, name in accounts]
    records.append(["#DIM", str(dim_number), dim_name])
    records += [["#OBJEKT", str(dim_number), code, name] for code, name in objects]
    for tag, rows in (("#PSALDO", period_balances), ("#PBUDGET", period_budgets)):
        sums = _sum_rows(rows, fiscal_year, account_numbers, codes)
        for (period, account), (total, units) in sorted(sums.items()):
            month = f"{period:%Y%m}"
            records.append([tag, "0", month, account, (), _amount(total)])
            for code, amount in sorted(units.items()):
                records.append([tag, "0", month, account, (str(dim_number), code), _amount(amount)])
    crc = 0
    for record in records:
        crc = crc_update(crc, record[0], record[1:], _ENCODING)  # type: ignore[arg-type]
    lines = ["#FLAGGA 0", "#KSUMMA", *(_format(record) for record in records), f"#KSUMMA {crc}"]
    text = "\r\n".join(lines) + "\r\n"
    try:
        data = text.encode(_ENCODING)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        raise UppsiktError(
            f"cannot write {Path(path).name}: {bad!r} has no place in the SIE character set "
            "(CP437); replace it in the name"
        ) from exc
    # Write beside the target and rename, so a failed write never leaves half a file.
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _sum_rows(
    rows: Iterable[PeriodRow],
    fiscal_year: tuple[date, date],
    accounts: set[str],
    codes: set[str],
) -> dict[tuple[date, str], tuple[Decimal, dict[str, Decimal]]]:
    """Per (month, account): the total and the amount of each unit."""
    start, end = fiscal_year
    sums: dict[tuple[date, str], tuple[Decimal, dict[str, Decimal]]] = {}
    for period, account, code, amount in rows:
        month = period.replace(day=1)
        if not start.replace(day=1) <= month <= end:
            raise ValueError(f"period {month:%Y-%m} is outside the fiscal year {start}–{end}")
        if account not in accounts:
            raise ValueError(f"account {account} is not among the accounts to write")
        if code is not None and code not in codes:
            raise ValueError(f"unit {code} is not among the objects to write")
        value = _decimal(amount)
        total, units = sums.get((month, account), (Decimal(0), {}))
        if code is not None:
            units[code] = units.get(code, Decimal(0)) + value
        sums[(month, account)] = (total + value, units)
    return sums


def _decimal(amount: Decimal | int) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"amounts must be Decimal or int, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite() or value != value.quantize(_CENT):
        raise ValueError(f"amount {amount} has more than two decimals")
    return value


def _amount(value: Decimal) -> str:
    return f"{value.quantize(_CENT):f}"


def _format(record: list[Field]) -> str:
    """One record as a line: the tag, then each field, quoted where it needs to be."""
    parts: list[str] = [record[0]]  # type: ignore[list-item]
    for field in record[1:]:
        if isinstance(field, tuple):
            parts.append("{" + " ".join(_quote(item) for item in field) + "}")
        else:
            parts.append(_quote(field))
    return " ".join(parts)


def _quote(text: str) -> str:
    """Quote text that is empty or holds spaces, quotes, braces or backslashes."""
    if "\n" in text or "\r" in text:
        raise ValueError(f"{text!r}: a SIE field cannot hold a line break")
    if text and not any(char in text for char in ' \t"{}\\'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
