"""Opening an input file (CSV, XLSX or Parquet) as a DuckDB relation, with its dialect detected.

CSV may be UTF-8 (with or without BOM) or the Swedish Excel dialect: ``;`` separator, decimal
comma, CP1252. The encoding is detected from the bytes and a file that is neither valid UTF-8
nor valid CP1252 is refused, never guessed.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from uppsikt.errors import InputError, Problem
from uppsikt.ingest._parse import sql_literal

_CHUNK = 1 << 20
_DELIMITERS = (";", ",", "\t", "|")


@dataclass
class SourceFile:
    """An input file ready to be read by SQL.

    ``relation`` is a SQL table expression; ``row_expr`` gives the row number a person sees
    (a CSV's or sheet's line, header = 1; a Parquet record, first = 1). ``columns`` maps the
    contract's lower-case column name to the file's own column name and DuckDB type.
    """

    path: Path
    format: str
    relation: str
    row_expr: str
    columns: dict[str, tuple[str, str]]
    encoding: str | None = None
    delimiter: str | None = None
    temp_files: list[Path] = field(default_factory=list)
    # The same rows read more cheaply, for a first attempt that is repeated with ``relation``
    # when it fails: a CSV is read without padding short rows (DuckDB then raises on a short
    # row instead of padding it). Empty: the same as ``relation``.
    fast_relation: str = ""

    def close(self) -> None:
        for temp in self.temp_files:
            temp.unlink(missing_ok=True)


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, the identity of an import."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fingerprint(path: Path, *, utf8: bool) -> tuple[str, str | None]:
    """The file's SHA-256 and, with ``utf8``, its encoding if it is UTF-8 ('utf-8-sig' or
    'utf-8'; None when it is not valid UTF-8), in one pass over the bytes.

    Meant to run in a thread beside the import: ``hashlib`` releases the GIL on large
    chunks, and the UTF-8 check of a plain ASCII chunk is one fast call.
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if utf8 else None
    with path.open("rb") as handle:
        head = handle.read(3)
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if decoder is not None and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    decoder = None
                    utf8 = False
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if not utf8:
        return digest.hexdigest(), None
    return digest.hexdigest(), "utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"


def detect_encoding(path: Path) -> str:
    """'utf-8-sig', 'utf-8' or 'cp1252', from the whole file's bytes."""
    with path.open("rb") as handle:
        head = handle.read(3)
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(_CHUNK):
                # Plain ASCII is valid UTF-8; checking that is far cheaper than decoding.
                if not (chunk.isascii() and not decoder.getstate()[0]):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc
    offset = _first_bad_cp1252(path)
    if offset is None:
        return "cp1252"
    line = _line_of_offset(path, offset)
    raise InputError(
        Problem(
            str(path),
            line,
            None,
            None,
            "wrong_encoding",
            f"the file is neither UTF-8 ({utf8_error.reason}) nor Windows-1252 "
            f"(byte {offset} cannot be decoded)",
        ),
        hint="Save the file as UTF-8 (or 'CSV (semikolonavgränsad)' from Excel).",
    )


def _first_bad_cp1252(path: Path) -> int | None:
    undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            for index, byte in enumerate(chunk):
                if byte in undefined:
                    return offset + index
            offset += len(chunk)
    return None


def _line_of_offset(path: Path, offset: int) -> int:
    with path.open("rb") as handle:
        return handle.read(offset).count(b"\n") + 1


def _transcode(path: Path, encoding: str, temp_dir: Path) -> Path:
    """Write a UTF-8 copy of a CP1252 file (DuckDB reads UTF-8)."""
    fd, name = tempfile.mkstemp(suffix=".csv", dir=temp_dir)
    with (
        os.fdopen(fd, "w", encoding="utf-8", newline="") as out,
        path.open(encoding=encoding, newline="") as src,
    ):
        while chunk := src.read(_CHUNK):
            out.write(chunk)
    return Path(name)


def _header_line(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as handle:
        return handle.readline()


def detect_delimiter(header: str, path: Path) -> str:
    """The separator that splits the header into the most columns."""
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        if header.strip():
            return ","  # a single column
        raise InputError(Problem(str(path), 1, None, None, "empty_file", "the file is empty"))
    return best


def _describe(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]


def _map_columns(path: Path, described: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    columns: dict[str, tuple[str, str]] = {}
    for name, dtype in described:
        key = name.strip().lstrip("\ufeff").lower()
        if key in columns:
            raise InputError(
                Problem(str(path), 1, name, None, "duplicate_column", "the column appears twice")
            )
        columns[key] = (name, dtype)
    return columns


def _header_names(header: str, delimiter: str, path: Path) -> list[str]:
    """The header's column names, read by the csv module (DuckDB would rename duplicates)."""
    names = next(csv.reader([header], delimiter=delimiter), [])
    seen: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        key = name.strip().lstrip("\ufeff").lower()
        if not key:
            raise InputError(
                Problem(
                    str(path),
                    1,
                    None,
                    None,
                    "empty_column_name",
                    f"column {index} of the header has no name",
                )
            )
        if key in seen:
            raise InputError(
                Problem(
                    str(path),
                    1,
                    name.strip(),
                    None,
                    "duplicate_column",
                    f"the column appears twice (columns {seen[key]} and {index})",
                )
            )
        seen[key] = index
    return [n.strip().lstrip("\ufeff") for n in names]


def open_csv(
    con: duckdb.DuckDBPyConnection, path: Path, temp_dir: Path, *, encoding: str | None = None
) -> SourceFile:
    """Open a CSV file; ``encoding`` ('utf-8' or 'utf-8-sig') when it is known already,
    otherwise it is detected from the bytes."""
    encoding = encoding or detect_encoding(path)
    read_path, temps = path, []
    if encoding == "cp1252":
        read_path = _transcode(path, encoding, temp_dir)
        temps.append(read_path)
    header = _header_line(read_path, "utf-8-sig")
    delimiter = detect_delimiter(header, path)
    names = _header_names(header.rstrip("\r\n"), delimiter, path)
    # The header is read here, not sniffed: DuckDB is told the names and skips line 1.
    # Short rows are padded with NULL, so a missing cell is reported as a missing value.
    columns = ", ".join(f"{sql_literal(name)}: 'VARCHAR'" for name in names)

    def reader(padding: str) -> str:
        return (
            f"read_csv({sql_literal(str(read_path))}, delim={sql_literal(delimiter)}, "
            "header=false, skip=1, auto_detect=false, quote='\"', escape='\"', "
            f"{padding}columns={{{columns}}})"
        )

    relation = reader("null_padding=true, ")
    try:
        described = _describe(con, relation)
    except duckdb.Error as exc:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise InputError(csv_problem(path, exc)) from None
    return SourceFile(
        path=path,
        format="csv",
        relation=relation,
        row_expr="(row_number() OVER () + 1)",
        columns=_map_columns(path, described),
        encoding=encoding,
        delimiter=delimiter,
        temp_files=temps,
        # Padding short rows costs DuckDB about a tenth of the read; without it a short row
        # is an error, and the importer reads the file again with ``relation``.
        fast_relation=reader(""),
    )


def csv_problem(path: Path, error: Exception) -> Problem:
    """A DuckDB CSV reading error as a problem a person can act on."""
    text = str(error)
    line = re.search(r"[Ll]ine:? (\d+)", text)
    found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if found:
        reason = f"the row has {found.group(2)} fields; the header has {found.group(1)}"
    else:
        reason = "cannot read as CSV: " + text.splitlines()[0]
    return Problem(
        str(path), int(line.group(1)) if line else None, None, None, "bad_csv_row", reason
    )


def open_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> SourceFile:
    relation = f"read_parquet({sql_literal(str(path))}, file_row_number=true)"
    try:
        described = [d for d in _describe(con, relation) if d[0] != "file_row_number"]
    except duckdb.Error as exc:
        raise InputError(
            Problem(str(path), None, None, None, "unreadable_parquet", f"not a Parquet file: {exc}")
        ) from None
    return SourceFile(
        path=path,
        format="parquet",
        relation=relation,
        row_expr="(file_row_number + 1)",
        columns=_map_columns(path, described),
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}" + (
            "" if value.day == 1 else f"-{value.day:02d}"
        )
    if isinstance(value, float):
        # Excel stores numbers as binary floats; 1234.56 may read as 1234.5600000000002.
        exact = Decimal(repr(value))
        cents = exact.quantize(Decimal("0.01"))
        if abs(exact - cents) < Decimal("0.000001"):
            exact = cents
        text = format(exact.normalize(), "f")
        return text
    return str(value)


def open_xlsx(con: duckdb.DuckDBPyConnection, path: Path, temp_dir: Path) -> SourceFile:
    """Read the first sheet with openpyxl into a UTF-8 CSV, then read that."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(
            Problem(str(path), None, None, None, "unreadable_xlsx", f"not an XLSX workbook: {exc}")
        ) from None
    fd, name = tempfile.mkstemp(suffix=".csv", dir=temp_dir)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            sheet = book.worksheets[0]
            for row in sheet.iter_rows(values_only=True):
                writer.writerow([_cell_text(v) for v in row])
    finally:
        book.close()
    source = open_csv(con, temp, temp_dir)
    source.path, source.format, source.encoding = path, "xlsx", None
    source.temp_files.append(temp)
    return source


CSV_SUFFIXES = (".csv", ".txt", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")


def open_source(
    con: duckdb.DuckDBPyConnection, path: Path, temp_dir: Path, *, encoding: str | None = None
) -> SourceFile:
    """Open ``path`` by its extension (.csv/.txt, .xlsx, .parquet); ``encoding``: a CSV's
    encoding when it is known already (see :func:`open_csv`)."""
    if not path.is_file():
        raise InputError(Problem(str(path), None, None, None, "no_file", "file not found"))
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return open_csv(con, path, temp_dir, encoding=encoding)
    if suffix in PARQUET_SUFFIXES:
        return open_parquet(con, path)
    if suffix in (".xlsx", ".xlsm"):
        return open_xlsx(con, path, temp_dir)
    raise InputError(
        Problem(
            str(path),
            None,
            None,
            suffix,
            "unknown_format",
            "unknown file type; use .csv, .xlsx or .parquet",
        )
    )
