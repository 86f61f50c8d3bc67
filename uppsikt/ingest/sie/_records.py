"""Read the declaring records and the balance rows into plain values.

Declaring records name the company, the fiscal years, the accounts, dimensions and objects;
balance rows are #IB, #UB, #OIB, #OUB, #RES, #PSALDO and #PBUDGET.

:class:`RecordReader` holds what these records build; the line-by-line pass, the vouchers and
the checksum live in ``_reader``, which extends it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from uppsikt.errors import Problem
from uppsikt.ingest.sie._fields import Converter, FieldError
from uppsikt.ingest.sie._model import (
    Account,
    Balance,
    Dimension,
    MetaRecord,
    PeriodAmount,
    PeriodLayout,
    SieObject,
)
from uppsikt.ingest.sie._tokenize import Field

__all__ = ["TRANSACTION_TAGS", "RecordReader", "detect_layout", "first_field"]

TRANSACTION_TAGS = frozenset({"#TRANS", "#RTRANS", "#BTRANS"})

Handler = Callable[[list[Field], int], None]


class RecordReader:
    """Handlers for the declaring and balance records, and the values they build."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.convert = Converter()
        self.warnings: list[Problem] = []
        self.meta: dict[str, str | None] = {}
        self.gen_date: date | None = None
        self.fiscal_years: dict[int, tuple[date, date]] = {}
        # number -> [name, type, unit, sru, line, declared by #KONTO]
        self.accounts: dict[str, list] = {}
        self.dimensions: dict[int, Dimension] = {}
        self.objects: dict[tuple[int, str], SieObject] = {}
        self.balances: list[Balance] = []
        self.period_balances: list[PeriodAmount] = []
        self.period_budgets: list[PeriodAmount] = []
        self.metadata: list[MetaRecord] = []
        self.no_object_list: dict[str, list[int]] = {}

    def record_handlers(self) -> dict[str, Handler]:
        """The handler of each record type this class reads."""
        return {
            "#PSALDO": self._period_row,
            "#PBUDGET": self._period_row,
            "#IB": self._balance,
            "#UB": self._balance,
            "#RES": self._balance,
            "#OIB": self._object_balance,
            "#OUB": self._object_balance,
            "#KONTO": self._konto,
            "#KTYP": self._account_attribute,
            "#ENHET": self._account_attribute,
            "#SRU": self._account_attribute,
            "#DIM": self._dim,
            "#UNDERDIM": self._dim,
            "#OBJEKT": self._objekt,
            "#RAR": self._rar,
            "#GEN": self._gen,
            "#FLAGGA": self._single,
            "#FORMAT": self._single,
            "#SIETYP": self._single,
            "#FNAMN": self._single,
            "#KPTYP": self._single,
            "#VALUTA": self._single,
            "#PROGRAM": self._program,
        }

    def warn(self, line: int | None, tag: str | None, value: str | None, code: str, reason: str):
        self.warnings.append(Problem(self.file_name, line, tag, value, code, reason))

    def final_accounts(self) -> dict[str, Account]:
        return {
            number: Account(number, name, ktyp, unit, sru, line)
            for number, (name, ktyp, unit, sru, line, _declared) in self.accounts.items()
        }

    def _no_object_list(self, fields: list[Field], line_no: int) -> None:
        """Old writers leave out an empty object list; read the row as having none."""
        tag = fields[0].upper()  # type: ignore[union-attr]
        self.no_object_list.setdefault(tag, [line_no, 0])[1] += 1
        position = 2 if tag in TRANSACTION_TAGS else (4 if tag in ("#PSALDO", "#PBUDGET") else 3)
        fields.insert(position, ())

    # -- balances -------------------------------------------------------------------------

    def _balance(self, fields: list[Field], line_no: int) -> None:
        convert = self.convert
        if len(fields) < 4:
            raise FieldError("missing_field", "a balance needs year, account and amount")
        year = convert.integer(fields[1], "the year index")
        account = convert.name(fields[2], "the account")
        amount = convert.amount(fields[3])
        quantity = convert.optional_amount(fields[4]) if len(fields) > 4 else None
        kind = fields[0].upper()[1:]  # type: ignore[union-attr]
        self.balances.append(Balance(kind, year, account, (), amount, quantity, line_no))

    def _object_balance(self, fields: list[Field], line_no: int) -> None:
        convert = self.convert
        if len(fields) > 3 and not isinstance(fields[3], tuple):
            self._no_object_list(fields, line_no)
        if len(fields) < 5:
            raise FieldError("missing_field", "needs year, account, object and amount")
        year = convert.integer(fields[1], "the year index")
        account = convert.name(fields[2], "the account")
        objects = convert.objects(fields[3])
        amount = convert.amount(fields[4])
        quantity = convert.optional_amount(fields[5]) if len(fields) > 5 else None
        kind = fields[0].upper()[1:]  # type: ignore[union-attr]
        self.balances.append(Balance(kind, year, account, objects, amount, quantity, line_no))

    def _period_row(self, fields: list[Field], line_no: int) -> None:
        convert = self.convert
        if len(fields) > 4 and not isinstance(fields[4], tuple):
            self._no_object_list(fields, line_no)
        if len(fields) < 6:
            raise FieldError("missing_field", "needs year, period, account, object list and amount")
        year = convert.integer(fields[1], "the year index")
        period = convert.period(fields[2])
        account = convert.name(fields[3], "the account")
        objects = convert.objects(fields[4])
        amount = convert.amount(fields[5])
        quantity = convert.optional_amount(fields[6]) if len(fields) > 6 else None
        row = PeriodAmount(year, period, account, objects, amount, quantity, line_no)
        if fields[0].upper() == "#PSALDO":  # type: ignore[union-attr]
            self.period_balances.append(row)
        else:
            self.period_budgets.append(row)

    # -- declarations ---------------------------------------------------------------------

    def _konto(self, fields: list[Field], line_no: int) -> None:
        if len(fields) < 2:
            raise FieldError("missing_field", "an account needs a number")
        number = self.convert.name(fields[1], "the account number")
        name = self.convert.text(fields[2], "the account name") if len(fields) > 2 else ""
        entry = self.accounts.get(number)
        if entry is None:
            self.accounts[number] = [name, None, None, None, line_no, True]
        elif entry[5]:
            self.warn(
                line_no,
                "#KONTO",
                number,
                "duplicate_account",
                f"account {number} is declared again (first at line {entry[4]}); "
                "the last name is kept",
            )
            entry[0] = name
        else:
            entry[0], entry[4], entry[5] = name, line_no, True

    def _account_attribute(self, fields: list[Field], line_no: int) -> None:
        tag = fields[0].upper()  # type: ignore[union-attr]
        if len(fields) < 3:
            # Only describes an account: tolerated, like an unknown record.
            self.warn(line_no, tag, None, "missing_field", f"{tag} without a value ignored")
            return
        number = self.convert.name(fields[1], "the account number")
        value = self.convert.text(fields[2], "the value")
        entry = self.accounts.get(number)
        if entry is None:
            # Declared by #KTYP/#ENHET/#SRU before (or without) its #KONTO.
            entry = self.accounts[number] = ["", None, None, None, line_no, False]
        slot = {"#KTYP": 1, "#ENHET": 2, "#SRU": 3}[tag]
        entry[slot] = value.upper() if tag == "#KTYP" else value

    def _dim(self, fields: list[Field], line_no: int) -> None:
        tag = fields[0].upper()  # type: ignore[union-attr]
        if len(fields) < 3 or (tag == "#UNDERDIM" and len(fields) < 4):
            raise FieldError("missing_field", "a dimension needs a number and a name")
        number = self.convert.integer(fields[1], "the dimension number")
        name = self.convert.text(fields[2], "the dimension name")
        parent = None
        if tag == "#UNDERDIM":
            parent = self.convert.integer(fields[3], "the parent dimension")
        self.dimensions[number] = Dimension(number, name, parent, line_no)

    def _objekt(self, fields: list[Field], line_no: int) -> None:
        if len(fields) < 4:
            raise FieldError("missing_field", "an object needs dimension, code and name")
        dim = self.convert.integer(fields[1], "the dimension number")
        code = self.convert.name(fields[2], "the object code")
        name = self.convert.text(fields[3], "the object name")
        if (dim, code) in self.objects:
            self.warn(line_no, "#OBJEKT", code, "duplicate_object", "object declared twice")
        self.objects[(dim, code)] = SieObject(dim, code, name, line_no)

    def _rar(self, fields: list[Field], line_no: int) -> None:
        if len(fields) < 4:
            raise FieldError("missing_field", "a fiscal year needs index, start and end")
        index = self.convert.integer(fields[1], "the year index")
        start = self.convert.date(fields[2], "the start date")
        end = self.convert.date(fields[3], "the end date")
        if end < start:
            raise FieldError("bad_fiscal_year", "the fiscal year ends before it starts")
        if index in self.fiscal_years:
            raise FieldError("duplicate_fiscal_year", f"year index {index} is declared twice")
        self.fiscal_years[index] = (start, end)

    def _gen(self, fields: list[Field], line_no: int) -> None:
        if len(fields) > 1:
            self.gen_date = self.convert.date(fields[1], "the generation date")
        if len(fields) > 2:
            self.meta["#GEN sign"] = self.convert.text(fields[2], "the signature")

    def _single(self, fields: list[Field], line_no: int) -> None:
        tag = fields[0].upper()  # type: ignore[union-attr]
        self.meta[tag] = self.convert.text(fields[1], "the value") if len(fields) > 1 else ""

    def _program(self, fields: list[Field], line_no: int) -> None:
        self.meta["#PROGRAM"] = self.convert.text(fields[1], "the name") if len(fields) > 1 else ""
        if len(fields) > 2:
            self.meta["#PROGRAM version"] = self.convert.text(fields[2], "the version")


def first_field(records: list[MetaRecord], tag: str) -> str | None:
    """The first field of the first metadata record with ``tag``, e.g. #ORGNR's number."""
    for record in records:
        if record.tag == tag and record.fields and isinstance(record.fields[0], str):
            return record.fields[0]
    return None


def detect_layout(rows: list[PeriodAmount]) -> PeriodLayout:
    """Tell the specification's layout from the per-combination one (see :class:`PeriodLayout`).

    Rows listing several objects, or an account-month with object rows but no ``{}`` row, can
    only be the per-combination layout.
    """
    totals: set[tuple] = set()
    with_objects: set[tuple] = set()
    for row in rows:
        key = (row.year, row.period, row.account)
        if not row.objects:
            totals.add(key)
        elif len(row.objects) > 1:
            return PeriodLayout.PER_COMBINATION
        else:
            with_objects.add(key)
    if not with_objects:
        return PeriodLayout.TOTALS_ONLY
    if with_objects - totals:
        return PeriodLayout.PER_COMBINATION
    return PeriodLayout.PER_OBJECT
