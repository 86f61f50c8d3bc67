"""Deterministic synthetic input files for the foundation benchmark.

A region of 60 units (the default tree plus extra enhet units under the förvaltningar), about
800 accounts (the default accounts plus sub-accounts that start with a default account's code,
so they keep its prefix and line), and ledgers of N rows over the 36 months ending 2024-07,
written by DuckDB itself from ``range(N)`` so that even 50M rows take seconds. Every value is
derived from ``hash(row number, salt)``: the same DuckDB version writes the same files.

The ledger is sorted by period (as a month-by-month export would be), spread over the leaf
units and the accounts, with amounts in kronor and öre, and a counterpart that is 'extern'
nine times in ten and otherwise a unit code. A 2024 budget and two forecast rounds are small
files that let the report build run every block.

Files are cached under ``benchmarks/data/foundation-v<GENERATOR_VERSION>/``; bump the version
when the generated ledger changes. The small set-up files are rewritten whenever they differ
from what the current default configuration gives. Each file is written under a temporary
name and renamed, so an interrupted run never leaves a half-written file in the cache.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import uppsikt

if TYPE_CHECKING:
    import duckdb

GENERATOR_VERSION = 1
DATA_DIR = Path(__file__).parent / "data" / f"foundation-v{GENERATOR_VERSION}"
DEFAULTS = Path(uppsikt.__file__).parent / "config" / "defaults"

LAST_MONTH = date(2024, 7, 1)
MONTHS = 36
FIRST_MONTH = date(2021, 8, 1)  # LAST_MONTH minus 35 months
BUDGET_YEAR = 2024

# Extra enhet units per förvaltning: with the default tree's 26 units, 60 in all.
EXTRA_UNITS = {
    "HSF": ("Hälso- och sjukvårdsområde", 14),
    "RF": ("Regionförvaltningen enhet", 6),
    "RUF": ("Regional utveckling enhet", 5),
    "FHF": ("Folkhögskola", 4),
    "PNF": ("Patientnämnden enhet", 2),
    "FIN": ("Finansförvaltning enhet", 3),
}
SUB_ACCOUNTS = 17  # per default account: 44 × (1 + 17) = 792 accounts
INTERNAL_SHARE = 10  # one row in INTERNAL_SHARE has a unit as counterpart
REVERSAL_SHARE = 20  # one row in REVERSAL_SHARE has the opposite of its account's usual sign
# Accounts whose balance is usually a credit (negative in the ledger): revenue, tax, grants,
# financial income. Everything else is usually booked positive.
CREDIT_PREFIXES = ("3", "80", "82", "83", "84")

FORECAST_LINES = (
    "nettokostnader",
    "skatter_och_statsbidrag",
    "finansnetto",
    "inv_fastighet",
    "inv_mt",
    "inv_it",
)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")


def parse_size(text: str) -> int:
    """'1M' → 1_000_000, '500k' → 500_000, '2500' → 2500."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"not a row count: {text!r} (write e.g. 1M, 500k or 250000)")
    number, suffix = match.groups()
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[suffix.lower()]
    rows = round(float(number) * factor)
    if rows <= 0:
        raise ValueError(f"a ledger needs at least one row: {text!r}")
    return rows


def size_label(rows: int) -> str:
    """1_000_000 → '1M', 500_000 → '500k', 2500 → '2500'."""
    for factor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if rows % factor == 0:
            return f"{rows // factor}{suffix}"
    return str(rows)


@dataclass(frozen=True)
class SetupFiles:
    """The files every size shares, imported before the ledger: tree, mapping, plans."""

    units: Path
    accounts: Path
    budget: Path
    forecast: Path

    @classmethod
    def in_folder(cls, folder: Path) -> SetupFiles:
        return cls(
            units=folder / "units.csv",
            accounts=folder / "accounts.csv",
            budget=folder / f"budget-{BUDGET_YEAR}.csv",
            forecast=folder / f"forecast-{BUDGET_YEAR}.csv",
        )


@dataclass(frozen=True)
class SyntheticFiles:
    """The input files of one benchmark size."""

    rows: int
    setup: SetupFiles
    ledger_parquet: Path
    ledger_csv: Path


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Write the file unless it holds exactly these rows already (so its time stamp and the
    cache stay as they are when nothing changed)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    temp = path.with_name(path.name + ".partial")
    temp.write_text(text, encoding="utf-8", newline="")
    os.replace(temp, path)


def units() -> list[dict[str, str]]:
    """The default tree plus the extra enhet units, in tree order."""
    result = []
    for row in _read_csv(DEFAULTS / "units.csv"):
        result.append(row)
        if row["unit"] in EXTRA_UNITS:
            name, count = EXTRA_UNITS[row["unit"]]
            result += [
                {
                    "unit": f"{row['unit']}{n:02d}",
                    "name": f"{name} {n}",
                    "parent": row["unit"],
                    "level": "enhet",
                }
                for n in range(1, count + 1)
            ]
    return result


def leaf_units() -> list[str]:
    """The units that carry ledger rows: those with no unit below them."""
    tree = units()
    parents = {u["parent"] for u in tree}
    return [u["unit"] for u in tree if u["unit"] not in parents]


def accounts() -> list[dict[str, str]]:
    """Every default account and its sub-accounts (default code + two digits), same line."""
    result = []
    for row in _read_csv(DEFAULTS / "accounts.csv"):
        result.append(row)
        result += [
            {
                "account": f"{row['account']}{n:02d}",
                "name": f"{row['name']} {n}",
                "line": row["line"],
            }
            for n in range(1, SUB_ACCOUNTS + 1)
        ]
    return result


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _ledger_sql(rows: int) -> str:
    """SELECT of the synthetic ledger: period, unit, account, amount, counterpart."""
    leaves, all_units = leaf_units(), [u["unit"] for u in units()]
    codes = [a["account"] for a in accounts()]
    credit = " OR ".join(f"starts_with(account, '{p}')" for p in CREDIT_PREFIXES)
    return f"""
        SELECT period, unit, account,
               CAST((CASE WHEN {credit} THEN -1 ELSE 1 END)
                    * (CASE WHEN hash(i, 'reversal') % {REVERSAL_SHARE} = 0 THEN -1 ELSE 1 END)
                    * cents / 100 AS DECIMAL(18, 2)) AS amount,
               counterpart
        FROM (
            SELECT i,
                   CAST(DATE '{FIRST_MONTH}' + to_months(CAST(i * {MONTHS} // {rows} AS INTEGER))
                        AS DATE) AS period,
                   {_sql_list(leaves)}[1 + CAST(hash(i, 'unit') % {len(leaves)} AS INTEGER)]
                       AS unit,
                   {_sql_list(codes)}[1 + CAST(hash(i, 'account') % {len(codes)} AS INTEGER)]
                       AS account,
                   1 + CAST(hash(i, 'amount') % 10000000 AS BIGINT) AS cents,
                   CASE WHEN hash(i, 'internal') % {INTERNAL_SHARE} = 0
                        THEN {_sql_list(all_units)}[
                            1 + CAST(hash(i, 'counterpart') % {len(all_units)} AS INTEGER)]
                        ELSE 'extern' END AS counterpart
            FROM range({rows}) r(i)
        )
    """


def _copy(con: duckdb.DuckDBPyConnection, select: str, path: Path, options: str) -> None:
    temp = path.with_name(path.name + ".partial")
    temp.unlink(missing_ok=True)
    con.execute(f"COPY ({select}) TO '{temp}' ({options})")
    os.replace(temp, path)


def _budget_rows() -> list[list[object]]:
    """Each leaf unit budgets the 44 main accounts every month of 2024: version B1 and the
    revised budget B2 (B1 plus 2 %; the default report measures the forecast against B2)."""
    main = _read_csv(DEFAULTS / "accounts.csv")
    rows = []
    for version in ("B1", "B2"):
        for month in range(1, 13):
            for u_index, unit in enumerate(leaf_units()):
                for a_index, account in enumerate(main):
                    kronor = 100_000 + (u_index * 7919 + a_index * 104_729 + month * 613) % 900_000
                    if version == "B2":
                        kronor += kronor // 50
                    sign = -1 if account["account"].startswith(CREDIT_PREFIXES) else 1
                    rows.append(
                        [
                            f"{BUDGET_YEAR}-{month:02d}",
                            unit,
                            account["account"],
                            f"{sign * kronor}.00",
                            version,
                        ]
                    )
    return rows


def _forecast_rows() -> list[list[object]]:
    """Two forecast rounds (April and June) of a few lines and groups per leaf unit."""
    rows = []
    for made_in, version in (("2024-04", "P4"), ("2024-06", "P6")):
        for u_index, unit in enumerate(leaf_units()):
            for l_index, line in enumerate(FORECAST_LINES):
                amount = 1_000_000 + (u_index * 31 + l_index * 17 + int(made_in[-1])) * 10_000
                rows.append([made_in, BUDGET_YEAR, unit, line, f"{amount}.00", version])
    return rows


def ensure_files(rows: int, folder: Path = DATA_DIR) -> SyntheticFiles:
    """The input files for a ledger of ``rows`` rows, generated unless already cached."""
    folder.mkdir(parents=True, exist_ok=True)
    label = size_label(rows)
    files = SyntheticFiles(
        rows=rows,
        setup=SetupFiles.in_folder(folder),
        ledger_parquet=folder / f"ledger-{label}.parquet",
        ledger_csv=folder / f"ledger-{label}.csv",
    )
    # The small set-up files follow the current default configuration (its tree, accounts and
    # lines change as the project grows), so they are written anew whenever they differ.
    setup = files.setup
    _write_csv(
        setup.units,
        ["unit", "name", "parent", "level"],
        [[u["unit"], u["name"], u["parent"], u["level"]] for u in units()],
    )
    _write_csv(
        setup.accounts,
        ["account", "name", "line"],
        [[a["account"], a["name"], a["line"]] for a in accounts()],
    )
    _write_csv(setup.budget, ["period", "unit", "account", "amount", "version"], _budget_rows())
    _write_csv(
        setup.forecast,
        ["made_in", "year", "unit", "line", "amount", "version"],
        _forecast_rows(),
    )
    if files.ledger_parquet.exists() and files.ledger_csv.exists():
        return files
    import duckdb  # here, not at the top: the benchmark's parent process must stay small

    con = duckdb.connect()
    try:
        if not files.ledger_parquet.exists():
            _copy(con, _ledger_sql(rows), files.ledger_parquet, "FORMAT parquet")
        if not files.ledger_csv.exists():
            # The same rows as the Parquet file, with periods written as YYYY-MM.
            _copy(
                con,
                "SELECT strftime(period, '%Y-%m') AS period, unit, account, amount, counterpart "
                f"FROM read_parquet('{files.ledger_parquet}')",
                files.ledger_csv,
                "FORMAT csv, HEADER true, DELIMITER ','",
            )
    finally:
        con.close()
    return files


if __name__ == "__main__":
    import sys

    for arg in sys.argv[1:] or ["1M"]:
        generated = ensure_files(parse_size(arg))
        print(generated.ledger_parquet, generated.ledger_csv)
