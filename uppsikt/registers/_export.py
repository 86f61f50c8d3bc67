"""Writing a register as it was in force for a month back to CSV or XLSX.

The file has the register's columns in order and imports back to the same rows: amounts are
plain numbers with a decimal point (CSV) or numbers (XLSX), statuses and choices their words.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from uppsikt.errors import DataMissing, UppsiktError
from uppsikt.periods import period_code
from uppsikt.registers._query import reported_month, rows_for
from uppsikt.registers._spec import RegisterSpec

__all__ = ["export_register"]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def export_register(
    con: duckdb.DuckDBPyConnection, spec: RegisterSpec, period: date, out: Path
) -> tuple[date, int]:
    """Write the register in force for ``period`` to ``out`` (.csv or .xlsx).

    Returns the month the rows were reported for and the number of rows written.
    """
    month = reported_month(con, spec.name, period)
    if month is None:
        raise DataMissing(
            f"register '{spec.name}' has not been reported for any month up to "
            f"{period_code(period)}",
            hint=f"Import it with 'uppsikt register import FILE --register {spec.name} "
            "--period YYYY-MM'.",
        )
    rows = rows_for(con, spec, month)
    suffix = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(spec.names)
            writer.writerows([_text(row[name]) for name in spec.names] for row in rows)
    elif suffix == ".xlsx":
        _write_xlsx(spec, rows, out)
    else:
        raise UppsiktError(f"{out}: unknown file type '{suffix}'; use .csv or .xlsx")
    return month, len(rows)


def _write_xlsx(spec: RegisterSpec, rows: list[dict[str, object]], out: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = spec.name[:31]
    sheet.append(spec.names)
    for row in rows:
        values = []
        for name in spec.names:
            value = row[name]
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral() else float(value)
            values.append(value)
        sheet.append(values)
    book.save(out)
