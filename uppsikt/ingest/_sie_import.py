"""Importing a SIE 4 file: month amounts into the ledger and budget, vouchers as transactions.

The file is read and checked by :mod:`uppsikt.ingest.sie`; its month amounts (from #PSALDO, or
summed from the vouchers) and budgets (#PBUDGET) then go through the same validated import as
any ledger or budget file, all in one transaction with the voucher rows.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import duckdb

from uppsikt.config import LineCatalog, SieSettings
from uppsikt.errors import InputErrors, Problem
from uppsikt.ingest._contract import KINDS
from uppsikt.ingest._files import file_hash, open_source
from uppsikt.ingest._importer import ImportResult, already_in_force, store_batch
from uppsikt.ingest.sie import SieFile, budget_months, ledger_months, load_sie

__all__ = ["import_sie"]

DEFAULT_SOURCE = "sie"


def _units_of(sie: SieFile, dimension: int) -> dict[str, int]:
    """Object codes of the dimension, with the line that declares (or first uses) each."""
    return {o.code: o.line for o in sie.objects.values() if o.dimension == dimension}


def _reference_problems(
    con: duckdb.DuckDBPyConnection,
    sie: SieFile,
    accounts: set[str],
    units: set[str],
    settings: SieSettings,
    file: str,
) -> list[Problem]:
    """Accounts and units the file uses that the workspace does not know, named by line."""
    known_accounts = {r[0] for r in con.execute("SELECT account FROM accounts_current").fetchall()}
    known_units = {r[0] for r in con.execute("SELECT unit FROM units_current").fetchall()}
    declared_units = _units_of(sie, settings.dimension)
    problems = [
        Problem(
            file,
            sie.accounts[a].line if a in sie.accounts else None,
            "#KONTO",
            a,
            "unknown_account",
            f"account '{a}' is not in the account mapping (add it to the accounts file and "
            "import that first)",
        )
        for a in sorted(accounts - known_accounts)
    ]
    for unit in sorted(units - known_units):
        if unit == "":
            if settings.unallocated_unit is None:
                problems.append(
                    Problem(
                        file,
                        None,
                        f"dimension {settings.dimension}",
                        None,
                        "unallocated_amounts",
                        f"some amounts are booked on no object of dimension "
                        f"{settings.dimension}; name the unit that takes them with "
                        "sie.unallocated_unit in uppsikt.yaml",
                    )
                )
            continue
        problems.append(
            Problem(
                file,
                declared_units.get(unit),
                "#OBJEKT",
                unit,
                "unknown_unit",
                f"object '{unit}' of dimension {settings.dimension} is not a unit of the "
                "organisation tree (import it with --kind units first)",
            )
        )
    return problems


def _write_rows(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _temp_csv(temp_dir: Path) -> Path:
    fd, name = tempfile.mkstemp(suffix=".csv", dir=temp_dir)
    os.close(fd)
    return Path(name)


def _transactions(sie: SieFile, dimension: int, unallocated: str) -> list[tuple]:
    rows = []
    for voucher in sie.vouchers:
        for trans in voucher.transactions:
            if not trans.counts:  # #BTRANS: a removed row, history only
                continue
            unit = next((code for dim, code in trans.objects if dim == dimension), unallocated)
            rows.append(
                (
                    voucher.series,
                    voucher.number,
                    voucher.date,
                    voucher.text,
                    trans.kind,
                    trans.account,
                    unit,
                    trans.effective_date.replace(day=1),
                    trans.amount,
                    trans.text,
                    trans.line,
                )
            )
    return rows


def import_sie(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    catalog: LineCatalog,
    temp_dir: Path,
    settings: SieSettings,
    source: str | None = None,
    user: str | None = None,
) -> list[ImportResult]:
    """Store a SIE 4 file's month amounts, budgets and vouchers, or raise and store nothing.

    Returns one result per kind stored (ledger, and budget when the file has #PBUDGET).
    """
    source_name = source or DEFAULT_SOURCE
    digest = file_hash(path) if path.is_file() else ""
    in_force = already_in_force(con, "ledger", source_name, digest) if digest else None
    if in_force:
        return [ImportResult("unchanged", "ledger", source_name, path.name, digest, *in_force)]
    sie = load_sie(path)  # raises InputErrors naming lines for an invalid file
    file = str(path)
    unallocated = settings.unallocated_unit or ""
    # Every fiscal year the file covers goes to the ledger (a month outside its year is
    # warned about by the checks and left out); the budget is the current year's (#RAR 0).
    ledger = [
        row
        for year, (start, end) in sorted(sie.fiscal_years.items())
        for row in ledger_months(sie, year, settings.dimension)
        if start <= row.period <= end
    ]
    budget = budget_months(sie, 0, settings.dimension) if 0 in sie.fiscal_years else []
    ledger = [r for r in ledger if r.amount != 0]
    budget = [r for r in budget if r.amount != 0]
    if not ledger:
        raise InputErrors(
            file, [Problem(file, None, None, None, "no_rows", "the file has no booked amounts")]
        )
    problems = _reference_problems(
        con,
        sie,
        {r.account for r in ledger + budget},
        {r.unit for r in ledger + budget},
        settings,
        file,
    )
    if problems:
        raise InputErrors(file, problems)
    warnings = [str(w) for w in sie.warnings]
    temp_dir.mkdir(parents=True, exist_ok=True)
    ledger_csv, budget_csv = _temp_csv(temp_dir), _temp_csv(temp_dir)
    try:
        _write_rows(
            ledger_csv,
            ["period", "unit", "account", "amount"],
            [[f"{r.period:%Y-%m}", r.unit or unallocated, r.account, r.amount] for r in ledger],
        )
        _write_rows(
            budget_csv,
            ["period", "unit", "account", "amount", "version"],
            [
                [
                    f"{r.period:%Y-%m}",
                    r.unit or unallocated,
                    r.account,
                    r.amount,
                    settings.budget_version,
                ]
                for r in budget
            ],
        )
        return _store_all(
            con,
            path,
            digest,
            source_name,
            user,
            warnings,
            catalog,
            temp_dir,
            ledger_csv,
            budget_csv if budget else None,
            _transactions(sie, settings.dimension, unallocated),
        )
    finally:
        ledger_csv.unlink(missing_ok=True)
        budget_csv.unlink(missing_ok=True)


def _store_all(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    source_name: str,
    user: str | None,
    warnings: list[str],
    catalog: LineCatalog,
    temp_dir: Path,
    ledger_csv: Path,
    budget_csv: Path | None,
    transactions: list[tuple],
) -> list[ImportResult]:
    results = []
    con.execute("BEGIN TRANSACTION")
    try:
        for kind, derived in (("ledger", ledger_csv), ("budget", budget_csv)):
            if derived is None:
                continue
            opened = open_source(con, derived, temp_dir)
            try:
                # Batches are named after the SIE file; the derived CSV is an implementation detail.
                opened.path = path
                results.append(
                    store_batch(
                        con, KINDS[kind], opened, source_name, digest, user, warnings, catalog
                    )
                )
            finally:
                opened.path = derived
                opened.close()
        ledger_batch = results[0].batch_id
        if transactions:
            con.executemany(
                "INSERT INTO transactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(ledger_batch, *row) for row in transactions],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results
