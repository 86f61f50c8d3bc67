"""Month amounts per account and unit, the shape the ledger and budget tables take.

A unit is an object of one dimension (by default 1, the cost centre / "resultatenhet"). The part
of an account's month not booked on any object of that dimension goes to the unit ``""``, so
the units of an account always add up to its total and nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from uppsikt.ingest.sie._model import MonthAmount, PeriodAmount, PeriodLayout, SieFile

__all__ = ["budget_months", "ledger_months"]

_ZERO = Decimal(0)
NO_UNIT = ""

_Key = tuple[date, str, str]


def ledger_months(sie: SieFile, year_index: int = 0, dimension: int = 1) -> list[MonthAmount]:
    """Booked month amounts of fiscal year ``year_index``.

    Taken from the #PSALDO rows of that year when there are any, otherwise summed from the
    vouchers' rows (#TRANS and #RTRANS, never #BTRANS) dated in that fiscal year.
    """
    rows = [row for row in sie.period_balances if row.year == year_index]
    if rows:
        return _from_period_rows(rows, sie.period_balance_layout, dimension)
    return _from_vouchers(sie, year_index, dimension)


def budget_months(sie: SieFile, year_index: int = 0, dimension: int = 1) -> list[MonthAmount]:
    """Budgeted month amounts of fiscal year ``year_index`` from the #PBUDGET rows."""
    rows = [row for row in sie.period_budgets if row.year == year_index]
    return _from_period_rows(rows, sie.period_budget_layout, dimension)


def _unit(objects: tuple[tuple[int, str], ...], dimension: int) -> str | None:
    """The code of the object of ``dimension`` in an object list, if any."""
    for dim, code in objects:
        if dim == dimension:
            return code
    return None


def _from_period_rows(
    rows: list[PeriodAmount], layout: PeriodLayout, dimension: int
) -> list[MonthAmount]:
    sums: dict[_Key, Decimal] = {}
    if layout is PeriodLayout.PER_COMBINATION:
        # The rows partition the account: each goes to the unit its object list names.
        for row in rows:
            unit = _unit(row.objects, dimension)
            _add(sums, (row.period, row.account, NO_UNIT if unit is None else unit), row.amount)
        return _result(sums)
    # The specification's layout: the {} row is the total, a one-object row a part of it.
    totals: dict[tuple[date, str], Decimal] = {}
    for row in rows:
        key = (row.period, row.account)
        if not row.objects:
            totals[key] = totals.get(key, _ZERO) + row.amount
        elif len(row.objects) == 1 and row.objects[0][0] == dimension:
            _add(sums, (row.period, row.account, row.objects[0][1]), row.amount)
    covered: dict[tuple[date, str], Decimal] = {}
    for (period, account, _unit_code), amount in sums.items():
        covered[(period, account)] = covered.get((period, account), _ZERO) + amount
    for key, total in totals.items():
        _add(sums, (*key, NO_UNIT), total - covered.get(key, _ZERO))
    return _result(sums)


def _from_vouchers(sie: SieFile, year_index: int, dimension: int) -> list[MonthAmount]:
    year = sie.fiscal_years.get(year_index)
    if year is None:
        return []
    start, end = year
    sums: dict[_Key, Decimal] = {}
    for voucher in sie.vouchers:
        for row in voucher.transactions:
            when = row.effective_date
            if row.kind == "BTRANS" or not start <= when <= end:
                continue
            unit = _unit(row.objects, dimension)
            key = (when.replace(day=1), row.account, NO_UNIT if unit is None else unit)
            _add(sums, key, row.amount)
    return _result(sums)


def _add(sums: dict[_Key, Decimal], key: _Key, amount: Decimal) -> None:
    sums[key] = sums.get(key, _ZERO) + amount


def _result(sums: dict[_Key, Decimal]) -> list[MonthAmount]:
    """Sorted month amounts, leaving out the ones that are zero."""
    items: Iterable[tuple[_Key, Decimal]] = sorted(sums.items())
    return [MonthAmount(*key, amount) for key, amount in items if amount]
