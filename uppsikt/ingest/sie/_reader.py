"""Read a SIE 4 file (types 1 to 4, 4E and 4I) into a :class:`SieFile`.

The reader accepts what the format allows (tabs, optional quotes, unknown record types, extra
fields) and rejects what it cannot read without guessing (a bad date or amount, an unclosed
quote or brace, a voucher without its ``{ }`` block): those raise :class:`InputErrors` naming
every line. Checks on the content (balance, dates, declarations) live in ``_checks``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from uppsikt.errors import InputError, InputErrors, Problem
from uppsikt.ingest.sie._crc import crc_update
from uppsikt.ingest.sie._decode import decode_sie
from uppsikt.ingest.sie._fields import FieldError
from uppsikt.ingest.sie._model import (
    Checksum,
    MetaRecord,
    SieFile,
    Transaction,
    Voucher,
    fast_factory,
)
from uppsikt.ingest.sie._records import (
    TRANSACTION_TAGS,
    RecordReader,
    detect_layout,
    first_field,
)
from uppsikt.ingest.sie._tokenize import Field, TokenError, tokenize_line

__all__ = ["parse_sie", "read_sie"]

MAX_DETAILED_ERRORS = 200

_new_transaction = fast_factory(Transaction)
_new_voucher = fast_factory(Voucher)

# Records kept as metadata only; any other unknown tag is skipped with a warning.
_METADATA_TAGS = frozenset(
    {"#ADRESS", "#BKOD", "#FTYP", "#FNR", "#OMFATTN", "#ORGNR", "#PROSA", "#TAXAR"}
)
# Field positions holding free text, where a missing closing quote can be read to line end.
_TEXT_POSITIONS: dict[str, tuple[int, ...]] = {
    "#ADRESS": (1, 2, 3, 4),
    "#BTRANS": (5, 7),
    "#DIM": (2,),
    "#ENHET": (2,),
    "#FNAMN": (1,),
    "#GEN": (2,),
    "#KONTO": (2,),
    "#OBJEKT": (3,),
    "#PROGRAM": (1, 2),
    "#PROSA": (1,),
    "#RTRANS": (5, 7),
    "#TRANS": (5, 7),
    "#UNDERDIM": (2,),
    "#VER": (4, 6),
}


def read_sie(path: Path) -> SieFile:
    """Read the SIE file at ``path``; problems name the file by its name."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = f"the file cannot be read: {exc.strerror or exc}"
        raise InputError(Problem(path.name, None, None, None, "unreadable_file", reason)) from exc
    text, encoding = decode_sie(data)
    del data  # a large file need not be held twice while it is read
    with gc_paused():
        return _Reader(path.name).read(text, encoding)


def parse_sie(data: bytes, file_name: str) -> SieFile:
    """Read SIE file content; raises :class:`InputErrors` for syntax errors."""
    text, encoding = decode_sie(data)
    with gc_paused():
        return _Reader(file_name).read(text, encoding)


def _lines(text: str, chunk: int = 1 << 22) -> Iterator[str]:
    """The lines of ``text`` split at LF, a few megabytes at a time to bound memory."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + chunk)
        if end < 0:
            end = size
        yield from text[start:end].split("\n")
        start = end + 1


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that form no cycles.

    With a million rows alive, its repeated full passes would cost as much as the reading.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Reader(RecordReader):
    """One pass over the lines of a file, building the records and collecting problems."""

    def __init__(self, file_name: str) -> None:
        super().__init__(file_name)
        self.errors: list[Problem] = []
        self.error_total = 0
        self.vouchers: list[Voucher] = []
        self.unknown: dict[str, list[int]] = {}
        self.unclosed_quotes: dict[str, list[int]] = {}
        # Voucher state: header fields while a #VER waits for "{" or is open, and its rows.
        self.voucher: tuple | None = None
        self.voucher_open = False
        self.rows: list[Transaction] = []
        self.pending_rtrans: Transaction | None = None
        # #KSUMMA state.
        self.crc: int | None = None
        self.crc_open_line: int | None = None
        self.checksum: Checksum | None = None
        self.encoding = "ascii"
        self.handlers = self.record_handlers()
        self.handlers.update(
            {
                "#TRANS": self._trans,
                "#RTRANS": self._trans,
                "#BTRANS": self._trans,
                "#VER": self._ver,
                "#KSUMMA": self._ksumma,
            }
        )

    # -- problems -------------------------------------------------------------------------

    def error(self, line: int | None, tag: str | None, value: str | None, code: str, reason: str):
        self.error_total += 1
        if value is not None and len(value) > 60:
            value = value[:57] + "..."
        if len(self.errors) < MAX_DETAILED_ERRORS:
            self.errors.append(Problem(self.file_name, line, tag, value, code, reason))

    # -- the pass -------------------------------------------------------------------------

    def read(self, text: str, encoding: str) -> SieFile:
        self.encoding = encoding
        if "\n" not in text and "\r" in text:
            text = text.replace("\r", "\n")  # classic Mac line ends
        self._check_text(text)
        handlers = self.handlers
        line_no = 0
        for raw in _lines(text):
            line_no += 1
            line = raw.strip(" \t\r\x1a")
            if not line:
                continue
            if line[0] != "#":
                self._bracket(line, line_no)
                continue
            try:
                fields = tokenize_line(line)
            except TokenError as exc:
                fields = self._recover_quote(line, line_no, exc)
                if fields is None:
                    continue
            written_tag = fields[0]
            tag = written_tag.upper()  # type: ignore[union-attr]
            if self.crc is not None and tag != "#KSUMMA":
                self.crc = crc_update(self.crc, written_tag, fields[1:], self.encoding)  # type: ignore[arg-type]
            if self.pending_rtrans is not None and tag != "#TRANS":
                self._flush_rtrans()
            handler = handlers.get(tag)
            try:
                if handler is not None:
                    if self.voucher is not None and tag not in TRANSACTION_TAGS:
                        self._voucher_interrupted(tag, line_no)
                    handler(fields, line_no)
                elif tag in _METADATA_TAGS:
                    self.metadata.append(MetaRecord(tag, tuple(fields[1:]), line_no))
                else:
                    self.unknown.setdefault(tag, [line_no, 0])[1] += 1
            except FieldError as exc:
                value = exc.value if isinstance(exc.value, str) else None
                self.error(line_no, tag, value, exc.code, exc.reason)
        self._end_of_file(line_no)
        return self._result()

    def _recover_quote(self, line: str, line_no: int, exc: TokenError) -> list[Field] | None:
        """Read a text field whose closing quote is missing to the end of the line.

        Some programs cut long texts at a fixed width, closing quote included. That is only
        accepted when the open field is a free text (a name, a voucher text, a signature);
        anywhere else the quote may have swallowed fields and the line is an error.
        """
        tag = line.split(None, 1)[0].upper()
        if exc.code == "unterminated_quote":
            try:
                fields = tokenize_line(line + '"')
            except TokenError:
                fields = None
            last = len(fields) - 1 if fields else -1
            if fields and isinstance(fields[last], str) and last in _TEXT_POSITIONS.get(tag, ()):
                self.unclosed_quotes.setdefault(tag, [line_no, 0])[1] += 1
                return fields
        self.error(line_no, tag, None, exc.code, exc.reason)
        return None

    def _check_text(self, text: str) -> None:
        bad = text.find("\ufffd")
        if bad >= 0:
            self.warn(
                text.count("\n", 0, bad) + 1,
                None,
                None,
                "replacement_characters",
                "the text contains '\ufffd' where letters were lost before the file was "
                "written; names may be garbled",
            )

    def _bracket(self, line: str, line_no: int) -> None:
        """A line that is not a record: the braces around a voucher's rows, or an error."""
        if line == "{":
            if self.voucher is not None and not self.voucher_open:
                self.voucher_open = True
            else:
                self.error(line_no, None, "{", "unbalanced_brace", "'{' does not follow a #VER")
        elif line == "}":
            if self.pending_rtrans is not None:
                self._flush_rtrans()
            if self.voucher_open:
                self._close_voucher()
            else:
                self.error(line_no, None, "}", "unbalanced_brace", "'}' closes no voucher")
        else:
            value = line[:40]
            self.error(line_no, None, value, "not_a_record", "the line is not a #record")

    def _end_of_file(self, line_no: int) -> None:
        if self.pending_rtrans is not None:
            self._flush_rtrans()
        if self.voucher is not None:
            where = self.voucher[6]
            if self.voucher_open:
                reason = f"the voucher opened at line {where} is not closed with '}}'"
            else:
                reason = f"the #VER at line {where} is not followed by '{{'"
            self.error(where, "#VER", None, "unbalanced_brace", reason)
            self.voucher = None
        if self.crc is not None:
            self.checksum = Checksum(self.crc_open_line or 0, None, None, None)
        for tag, (first, count) in self.unknown.items():
            self.warn(
                first,
                tag,
                None,
                "unknown_record",
                f"unknown record type {tag} skipped ({count} line(s))",
            )
        for tag, (first, count) in self.unclosed_quotes.items():
            self.warn(
                first,
                tag,
                None,
                "unclosed_quote",
                f"a quoted text is not closed; read to the end of the line ({count} line(s))",
            )
        for tag, (first, count) in self.no_object_list.items():
            self.warn(
                first,
                tag,
                None,
                "missing_object_list",
                f"{tag} without an object list read as having none ({count} line(s))",
            )
        fmt = (self.meta.get("#FORMAT") or "").upper()
        if fmt == "PC8" and self.encoding not in ("cp437", "ascii"):
            self.warn(
                None,
                "#FORMAT",
                "PC8",
                "encoding_mismatch",
                f"#FORMAT says PC8 (CP437) but the text is {self.encoding}; read as such",
            )

    # -- vouchers -------------------------------------------------------------------------

    def _ver(self, fields: list[Field], line_no: int) -> None:
        convert = self.convert
        if len(fields) < 4:
            raise FieldError("missing_field", "a voucher needs series, number and date")
        series = convert.text(fields[1], "the series")
        number = convert.text(fields[2], "the voucher number", shared=False)
        voucher_date = convert.date(fields[3], "the voucher date")
        size = len(fields)
        text = convert.text(fields[4], "the text") if size > 4 else None
        reg_date = convert.optional_date(fields[5], "the registration date") if size > 5 else None
        sign = convert.text(fields[6], "the signature") if size > 6 else None
        self.voucher = (series, number, voucher_date, text, reg_date, sign, line_no)
        self.voucher_open = False
        self.rows = []

    def _voucher_interrupted(self, tag: str, line_no: int) -> None:
        """Another record while a #VER waits for '{' or its block is still open."""
        where = self.voucher[6]  # type: ignore[index]
        if self.voucher_open:
            reason = f"the voucher opened at line {where} is not closed with '}}' before {tag}"
        else:
            reason = f"the #VER at line {where} is not followed by '{{'"
        self.error(where, "#VER", None, "unbalanced_brace", reason)
        self.voucher = None
        self.voucher_open = False

    def _close_voucher(self) -> None:
        self.vouchers.append(_new_voucher(*self.voucher, tuple(self.rows)))  # type: ignore[misc]
        self.voucher = None
        self.voucher_open = False
        self.rows = []

    def _trans(self, fields: list[Field], line_no: int) -> None:
        kind = fields[0].upper()[1:]  # type: ignore[union-attr]
        if not self.voucher_open:
            if self.voucher is not None:
                self._voucher_interrupted(fields[0], line_no)  # type: ignore[arg-type]
            raise FieldError("outside_voucher", "a transaction row outside a #VER { } block")
        convert = self.convert
        size = len(fields)
        if size > 2 and not isinstance(fields[2], tuple):
            self._no_object_list(fields, line_no)
            size = len(fields)
        if size < 4:
            raise FieldError("missing_field", "a transaction needs account, object list and amount")
        account = convert.name(fields[1], "the account")
        objects = convert.objects(fields[2])
        amount = convert.amount(fields[3])
        own_date = convert.optional_date(fields[4], "the transaction date") if size > 4 else None
        text = convert.text(fields[5], "the text") if size > 5 else None
        quantity = convert.optional_amount(fields[6]) if size > 6 else None
        sign = convert.text(fields[7], "the signature") if size > 7 else None
        effective = own_date or self.voucher[2]  # type: ignore[index]
        row = _new_transaction(
            kind, account, objects, amount, own_date, text, quantity, sign, line_no, effective
        )
        pending = self.pending_rtrans
        if pending is not None:
            self.pending_rtrans = None
            if (
                kind == "TRANS"
                and pending.account == account
                and pending.objects == objects
                and pending.amount == amount
            ):
                # The #TRANS repeating an #RTRANS for old readers: keep the #RTRANS only,
                # booked on the date the #TRANS gives.
                self.rows.append(
                    _new_transaction(
                        "RTRANS",
                        pending.account,
                        pending.objects,
                        pending.amount,
                        pending.date,
                        pending.text,
                        pending.quantity,
                        pending.sign,
                        pending.line,
                        effective,
                        line_no,
                    )
                )
                return
            self.rows.append(pending)
        if kind == "RTRANS":
            self.pending_rtrans = row
        else:
            self.rows.append(row)

    def _flush_rtrans(self) -> None:
        self.rows.append(self.pending_rtrans)  # type: ignore[arg-type]
        self.pending_rtrans = None

    # -- the checksum -------------------------------------------------------------------------

    def _ksumma(self, fields: list[Field], line_no: int) -> None:
        value = fields[1] if len(fields) > 1 else ""
        if self.checksum is not None:
            raise FieldError("ksumma_twice", "the checksum is already closed")
        if self.crc is None:
            if value != "":
                raise FieldError(
                    "ksumma_not_opened", "a closing #KSUMMA without an opening one", value
                )
            self.crc = 0
            self.crc_open_line = line_no
            return
        if value == "":
            raise FieldError("ksumma_twice", "#KSUMMA opened twice")
        if not (isinstance(value, str) and value.isascii() and value.isdigit()):
            raise FieldError("bad_checksum", "the checksum is not a whole number")
        if len(value) > 10:
            raise FieldError("bad_checksum", "the checksum is too long for a CRC-32", value)
        self.checksum = Checksum(self.crc_open_line or 0, line_no, int(value), self.crc)
        self.crc = None

    # -- the result -----------------------------------------------------------------------

    def _result(self) -> SieFile:
        if self.error_total:
            self.errors.sort(key=lambda problem: problem.row or 0)
            raise InputErrors(self.file_name, self.errors, self.error_total)
        meta = self.meta
        return SieFile(
            file_name=self.file_name,
            encoding=self.encoding,
            flagga=meta.get("#FLAGGA"),
            format=meta.get("#FORMAT"),
            sietyp=meta.get("#SIETYP"),
            program=meta.get("#PROGRAM"),
            program_version=meta.get("#PROGRAM version"),
            gen_date=self.gen_date,
            gen_sign=meta.get("#GEN sign"),
            company_name=meta.get("#FNAMN"),
            company_code=first_field(self.metadata, "#FNR"),
            orgnr=first_field(self.metadata, "#ORGNR"),
            kptyp=meta.get("#KPTYP"),
            valuta=meta.get("#VALUTA"),
            fiscal_years=self.fiscal_years,
            accounts=self.final_accounts(),
            dimensions=self.dimensions,
            objects=self.objects,
            balances=self.balances,
            period_balances=self.period_balances,
            period_budgets=self.period_budgets,
            vouchers=self.vouchers,
            metadata=self.metadata,
            checksum=self.checksum,
            period_balance_layout=detect_layout(self.period_balances),
            period_budget_layout=detect_layout(self.period_budgets),
            warnings=self.warnings,
        )
