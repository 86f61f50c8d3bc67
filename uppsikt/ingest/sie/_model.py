"""The plain, immutable data a SIE 4 file is read into.

Amounts are :class:`~decimal.Decimal` in the ledger sign (debit positive, credit negative).
Every record keeps ``line``, its 1-based line number in the file. Object lists are tuples of
``(dimension, object code)`` pairs; an empty tuple means "no object", which on a period row
(#PSALDO, #PBUDGET) is the account's total row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from uppsikt.errors import Problem

__all__ = [
    "Account",
    "Balance",
    "Checksum",
    "Dimension",
    "MetaRecord",
    "MonthAmount",
    "ObjectRef",
    "PeriodAmount",
    "PeriodLayout",
    "SieFile",
    "SieObject",
    "Transaction",
    "Voucher",
]

ObjectRef = tuple[int, str]
"""One object reference: (dimension number, object code)."""


class PeriodLayout(StrEnum):
    """How a file's #PSALDO/#PBUDGET rows with objects relate to the account total.

    ``PER_OBJECT`` is the specification's layout: the ``{}`` row is the account total and each
    object row is the part of it booked on that one object (rows overlap across dimensions).
    ``PER_COMBINATION`` is written by some programs: one row per object list as it occurs on the
    transactions, ``{}`` being the part without objects; the rows add up to the total.
    """

    TOTALS_ONLY = "totals_only"
    PER_OBJECT = "per_object"
    PER_COMBINATION = "per_combination"


@dataclass(frozen=True, slots=True)
class Account:
    """An account from #KONTO, with its #KTYP type, #ENHET unit and #SRU code when given."""

    number: str
    name: str
    type: str | None
    unit: str | None
    sru: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension from #DIM, or from #UNDERDIM with the parent dimension it belongs to."""

    number: int
    name: str
    parent: int | None
    line: int


@dataclass(frozen=True, slots=True)
class SieObject:
    """An object (e.g. a unit or project) of a dimension, from #OBJEKT."""

    dimension: int
    code: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Balance:
    """An #IB, #UB, #OIB, #OUB or #RES row for the year with index ``year`` (0, -1, ...)."""

    kind: str
    year: int
    account: str
    objects: tuple[ObjectRef, ...]
    amount: Decimal
    quantity: Decimal | None
    line: int


@dataclass(frozen=True, slots=True)
class PeriodAmount:
    """A month's movement from #PSALDO or #PBUDGET; ``period`` is the first day of the month."""

    year: int
    period: date
    account: str
    objects: tuple[ObjectRef, ...]
    amount: Decimal
    quantity: Decimal | None
    line: int

    @property
    def is_total(self) -> bool:
        """True for the row with an empty object list."""
        return not self.objects


@dataclass(frozen=True, slots=True)
class Transaction:
    """A #TRANS, #RTRANS or #BTRANS row of a voucher.

    ``date`` is the transaction date as written (``None`` when absent); ``effective_date`` is
    the date the row counts on: its own date, or the voucher date when it has none. An #RTRANS
    row counts once: the identical #TRANS that follows it for backward compatibility is not kept
    (its line is ``mirror_line``) and lends the #RTRANS its booking date. #BTRANS rows are
    history (removed rows) and never count.
    """

    kind: str
    account: str
    objects: tuple[ObjectRef, ...]
    amount: Decimal
    date: date | None
    text: str | None
    quantity: Decimal | None
    sign: str | None
    line: int
    effective_date: date
    mirror_line: int | None = None

    @property
    def counts(self) -> bool:
        """True when the row is part of the voucher's amounts (not a removed #BTRANS row)."""
        return self.kind != "BTRANS"


@dataclass(frozen=True, slots=True)
class Voucher:
    """A #VER voucher with its transaction rows."""

    series: str
    number: str
    date: date
    text: str | None
    reg_date: date | None
    sign: str | None
    line: int
    transactions: tuple[Transaction, ...]

    @property
    def label(self) -> str:
        """Series and number as a person refers to the voucher, e.g. ``A 12``."""
        return f"{self.series} {self.number}".strip()


@dataclass(frozen=True, slots=True)
class MetaRecord:
    """A record kept as metadata only (#ADRESS, #PROSA, #TAXAR, ...), with its raw fields."""

    tag: str
    fields: tuple[str | tuple[str, ...], ...]
    line: int


@dataclass(frozen=True, slots=True)
class Checksum:
    """The #KSUMMA pair: where it opens and closes, the declared and the computed CRC-32."""

    open_line: int
    close_line: int | None
    declared: int | None
    computed: int | None

    @property
    def ok(self) -> bool:
        """True when the file was closed with a checksum equal to the computed one."""
        return self.declared is not None and self.declared == self.computed


@dataclass(frozen=True)
class SieFile:
    """Everything read from one SIE file; ``warnings`` lists what was tolerated."""

    file_name: str
    encoding: str
    flagga: str | None
    format: str | None
    sietyp: str | None
    program: str | None
    program_version: str | None
    gen_date: date | None
    gen_sign: str | None
    company_name: str | None
    company_code: str | None
    orgnr: str | None
    kptyp: str | None
    valuta: str | None
    fiscal_years: dict[int, tuple[date, date]]
    accounts: dict[str, Account]
    dimensions: dict[int, Dimension]
    objects: dict[ObjectRef, SieObject]
    balances: list[Balance]
    period_balances: list[PeriodAmount]
    period_budgets: list[PeriodAmount]
    vouchers: list[Voucher]
    metadata: list[MetaRecord]
    checksum: Checksum | None
    period_balance_layout: PeriodLayout
    period_budget_layout: PeriodLayout
    warnings: list[Problem]

    @property
    def transaction_count(self) -> int:
        """Number of transaction rows that count (#TRANS and #RTRANS, not #BTRANS)."""
        return sum(1 for v in self.vouchers for t in v.transactions if t.kind != "BTRANS")


class MonthAmount(NamedTuple):
    """A month's amount for one account and unit (object code of the chosen dimension).

    ``unit`` is ``""`` for the part of the account not booked on any object of the dimension.
    """

    period: date
    account: str
    unit: str
    amount: Decimal


_T = TypeVar("_T")


def fast_factory(cls: type[_T]) -> Callable[..., _T]:
    """A faster constructor for the frozen slots dataclass ``cls`` (positional fields only).

    A frozen dataclass sets each field through ``object.__setattr__``, which costs more than
    all the rest of reading a transaction row. This builds a mutable twin with the same slots
    and makes it a ``cls``: the result is an ordinary ``cls``, immutable like any other.
    """
    specs = fields(cls)  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"__annotations__": {spec.name: Any for spec in specs}}
    namespace.update({spec.name: spec.default for spec in specs if spec.default is not MISSING})
    twin = dataclass(slots=True)(type(f"_{cls.__name__}Builder", (), namespace))

    def build(*values: Any) -> _T:
        instance = twin(*values)
        instance.__class__ = cls  # same slots in the same order, so the layout matches
        return instance  # type: ignore[return-value]

    return build
