"""Importing a register file for a month: validated, stored as one batch, all or nothing.

The batch has kind ``register``, source and part the register's name and the month as its
period, so a later import for the same register and month supersedes it there while every
other month keeps its own rows: the report of an earlier month shows that month's statuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from uppsikt.errors import InputErrors, Problem, UppsiktError
from uppsikt.ingest._files import csv_problem, file_hash, open_source
from uppsikt.ingest._importer import current_user
from uppsikt.registers._catalog import REGISTERS
from uppsikt.registers._spec import RegisterSpec
from uppsikt.registers._validate import STAGE, header_problems, stage, stage_problems

__all__ = ["KIND", "RegisterImportResult", "import_register", "register_spec"]

KIND = "register"


@dataclass(frozen=True)
class RegisterImportResult:
    """What an import did: ``status`` is 'imported' or 'unchanged' (this file is in force)."""

    status: str
    register: str
    period: date
    file_name: str
    file_hash: str
    batch_id: int
    row_count: int
    warnings: list[str] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)


def register_spec(name: str) -> RegisterSpec:
    """The register called ``name``, or an error listing the registers there are."""
    if name not in REGISTERS:
        raise UppsiktError(
            f"unknown register '{name}'; use one of: {', '.join(REGISTERS)}",
            hint="'uppsikt register list' shows the registers and their columns.",
        )
    return REGISTERS[name]


def _in_force(
    con: duckdb.DuckDBPyConnection, register: str, period: date, digest: str
) -> tuple[int, int] | None:
    """(batch, rows) when the batch in force for this register and month has this content."""
    row = con.execute(
        """
        SELECT b.batch_id, b.row_count FROM current_batch_periods c
        JOIN batches b USING (batch_id)
        WHERE c.kind = ? AND c.part = ? AND c.period = ? AND b.file_hash = ?
        """,
        [KIND, register, period, digest],
    ).fetchone()
    return (row[0], row[1]) if row else None


def import_register(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    register: str,
    period: date,
    *,
    temp_dir: Path,
    user: str | None = None,
) -> RegisterImportResult:
    """Validate ``path`` as ``register`` for the month ``period`` and store it as one batch."""
    spec = register_spec(register)
    period = period.replace(day=1)
    digest = file_hash(path) if path.is_file() else ""
    in_force = _in_force(con, register, period, digest) if digest else None
    if in_force:
        return RegisterImportResult(
            "unchanged", register, period, path.name, digest, in_force[0], in_force[1]
        )
    temp_dir.mkdir(parents=True, exist_ok=True)
    opened = open_source(con, path, temp_dir)
    file = str(path)
    try:
        problems, warnings = header_problems(spec, opened)
        if problems:
            raise InputErrors(file, problems)
        con.execute("BEGIN TRANSACTION")
        try:
            rows = stage(con, spec, opened)
            if rows == 0:
                raise InputErrors(
                    file, [Problem(file, None, None, None, "no_rows", "the file has no data rows")]
                )
            errors = stage_problems(con, spec, file)
            if errors:
                raise errors
            result = _store(con, spec, period, path.name, digest, user, warnings)
            con.execute("COMMIT")
        except duckdb.InvalidInputException as exc:
            con.execute("ROLLBACK")
            raise InputErrors(file, [csv_problem(path, exc)]) from None
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result
    finally:
        opened.close()


def _store(
    con: duckdb.DuckDBPyConnection,
    spec: RegisterSpec,
    period: date,
    file_name: str,
    digest: str,
    user: str | None,
    warnings: list[str],
) -> RegisterImportResult:
    """Insert the staged rows and the batch, inside the caller's transaction."""
    batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM batches").fetchone()[0]
    columns = ", ".join(spec.names)
    rows = con.execute(
        f"INSERT INTO {spec.table} (batch_id, period, row_no, {columns}) "
        f"SELECT ?, ?, _row, {columns} FROM {STAGE} ORDER BY _row",
        [batch_id, period],
    ).fetchone()[0]
    superseded = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT batch_id FROM batch_periods "
            "WHERE kind = ? AND source = ? AND period = ? AND part = ? ORDER BY 1",
            [KIND, spec.name, period, spec.name],
        ).fetchall()
    ]
    con.execute(
        "INSERT INTO batch_periods VALUES (?, ?, ?, ?, ?)",
        [batch_id, KIND, spec.name, period, spec.name],
    )
    con.execute(
        "INSERT INTO batches VALUES (?, ?, ?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?)",
        [
            batch_id,
            KIND,
            spec.name,
            file_name,
            digest,
            user or current_user(),
            rows,
            period,
            period,
            warnings,
        ],
    )
    return RegisterImportResult(
        "imported", spec.name, period, file_name, digest, batch_id, rows, warnings, superseded
    )
