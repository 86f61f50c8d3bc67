"""Importing one input file as one batch: validate everything, then store all or nothing.

The whole import runs in one warehouse transaction, so a failure or a killed process leaves
the warehouse exactly as before. Rows are never deleted: a later import of the same source
for the same periods supersedes the earlier batch's rows there (see the ``*_current`` views).
"""

from __future__ import annotations

import getpass
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from uppsikt.config import LineCatalog
from uppsikt.config._kpis import KpiCatalog
from uppsikt.errors import InputError, InputErrors, Problem, UppsiktError
from uppsikt.ingest._checks import (
    Check,
    checks_for,
    duplicate_check,
    first_row_window,
    reference_columns,
    reference_joins,
)
from uppsikt.ingest._contract import KINDS, KindSpec
from uppsikt.ingest._files import (
    CSV_SUFFIXES,
    PARQUET_SUFFIXES,
    SourceFile,
    csv_problem,
    file_hash,
    fingerprint,
    open_source,
)
from uppsikt.ingest._parse import parse_expr, raw_expr, sql_literal, untrimmed_code
from uppsikt.warehouse import insert_columns

__all__ = ["ImportResult", "import_file"]

MAX_DETAILED = 50


@dataclass(frozen=True)
class ImportResult:
    """What an import did. ``status`` is 'imported' or 'unchanged' (same file already in force)."""

    status: str
    kind: str
    source: str
    file_name: str
    file_hash: str
    batch_id: int | None
    row_count: int
    periods: list[date] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)


def current_user() -> str:
    return os.environ.get("UPPSIKT_USER") or getpass.getuser()


def already_in_force(
    con: duckdb.DuckDBPyConnection, kind: str, source: str, digest: str
) -> tuple[int, int] | None:
    """(batch, rows) when a batch with this content is still the one in force everywhere."""
    row = con.execute(
        """
        SELECT b.batch_id, b.row_count FROM batches b
        WHERE b.kind = ? AND b.source = ? AND b.file_hash = ?
          AND NOT EXISTS (
              SELECT 1 FROM batch_periods p
              JOIN current_batch_periods c
                ON c.kind = p.kind AND c.source = p.source
               AND c.period IS NOT DISTINCT FROM p.period
               AND c.part IS NOT DISTINCT FROM p.part
              WHERE p.batch_id = b.batch_id AND c.batch_id <> b.batch_id)
        ORDER BY b.batch_id DESC LIMIT 1
        """,
        [kind, source, digest],
    ).fetchone()
    return (row[0], row[1]) if row else None


def missing_columns(spec: KindSpec, source: SourceFile) -> list[Problem]:
    """A problem for each required column of ``spec`` that the file lacks."""
    present = ", ".join(name for name, _ in source.columns.values()) or "(none)"
    return [
        Problem(
            str(source.path),
            1 if source.format != "parquet" else None,
            column.name,
            None,
            "missing_column",
            f"required column '{column.name}' is missing (the file has: {present})",
        )
        for column in spec.columns
        if column.required and column.name not in source.columns
    ]


def _header_problems(spec: KindSpec, source: SourceFile) -> tuple[list[Problem], list[str]]:
    problems, warnings = missing_columns(spec, source), []
    for key, (name, _) in source.columns.items():
        if key not in spec.names:
            warnings.append(f"column '{name}' is not part of the {spec.kind} contract; ignored")
    return problems, warnings


def _select_parsed(spec: KindSpec, source: SourceFile) -> str:
    """SELECT list: row number, raw text and parsed value of every contract column."""
    parts = [f"{source.row_expr} AS _row"]
    for column in spec.columns:
        name, dtype = source.columns.get(column.name, (None, None))
        parts.append(f"{raw_expr(name, dtype)} AS raw_{column.name}")
        parts.append(f"{parse_expr(column, name, dtype)} AS {column.name}")
    return f"SELECT {', '.join(parts)} FROM {source.relation}"


def _create_references(con: duckdb.DuckDBPyConnection, catalog: LineCatalog) -> None:
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _ref_units AS
        SELECT unit,
               CASE WHEN bool_or(valid_from IS NULL) THEN DATE '0001-01-01'
                    ELSE min(valid_from) END AS first,
               CASE WHEN bool_or(valid_to IS NULL) THEN DATE '9999-12-01'
                    ELSE max(valid_to) END AS last
        FROM units_current GROUP BY unit
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _ref_accounts AS "
        "SELECT DISTINCT account FROM accounts_current"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE _ref_lines (line VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE _ref_leaf_lines (line VARCHAR)")
    insert_columns(con, "_ref_lines", line=list(catalog.labels))
    insert_columns(con, "_ref_leaf_lines", line=[x.id for x in catalog.lines])


def _checked_relation(spec: KindSpec, parsed_sql: str) -> str:
    return (
        f"SELECT s.*{reference_columns(spec)}{first_row_window(spec, 's')} "
        f"FROM ({parsed_sql}) s {reference_joins(spec, 's')}"
    )


def _listing_sql(checks: list[Check], relation: str) -> str:
    selects = [
        f"SELECT _row, {order} AS _ord, {sql_literal(c.column)} AS col, "
        f"{'raw_' + c.column if c.column else 'NULL'} AS val, '{c.code}' AS code, "
        f"{c.reason} AS reason FROM {relation} WHERE {c.condition}"
        for order, c in enumerate(checks)
    ]
    return " UNION ALL ".join(selects)


def _collect(con: duckdb.DuckDBPyConnection, listing: str, file: str) -> tuple[list[Problem], int]:
    con.execute(f"CREATE OR REPLACE TEMP TABLE _problems AS {listing}")
    total = con.execute("SELECT count(*) FROM _problems").fetchone()[0]
    rows = con.execute(
        f"SELECT _row, col, val, code, reason FROM _problems ORDER BY _row, _ord "
        f"LIMIT {MAX_DETAILED}"
    ).fetchall()
    return [Problem(file, r[0], r[1], r[2], r[3], r[4]) for r in rows], total


def _units_structure(con: duckdb.DuckDBPyConnection) -> str:
    """Tree rules over the staged units file: one root, known parents, no loops."""
    return """
        SELECT _row, 100 AS _ord, 'parent' AS col, raw_parent AS val, 'unknown_parent' AS code,
               'parent ''' || parent || ''' is not a unit in this file' AS reason
        FROM _stage WHERE parent IS NOT NULL AND parent NOT IN (SELECT unit FROM _stage
                                                               WHERE unit IS NOT NULL)
        UNION ALL
        SELECT _row, 101, 'parent', NULL, 'second_root',
               'only one unit may have no parent; row ' || first_root || ' is the root already'
        FROM (SELECT _row, parent, min(_row) FILTER (WHERE parent IS NULL) OVER () AS first_root
              FROM _stage) WHERE parent IS NULL AND _row > first_root
        UNION ALL
        SELECT _row, 102, 'parent', raw_parent, 'parent_loop',
               'unit ''' || unit || ''' is not below the root: its parents form a loop'
        FROM _stage s
        WHERE s.parent IN (SELECT unit FROM _stage)
          AND s.unit NOT IN (
            WITH RECURSIVE reach(unit) AS (
                SELECT unit FROM _stage WHERE parent IS NULL AND unit IS NOT NULL
                UNION
                SELECT c.unit FROM _stage c JOIN reach r ON c.parent = r.unit
            ) SELECT unit FROM reach)
    """


def _in_use_problems(con: duckdb.DuckDBPyConnection, spec: KindSpec, file: str) -> list[Problem]:
    """Stored rows must still resolve after a new tree or mapping replaces the old one."""
    if spec.kind == "units":
        sql = """
            SELECT unit, count(*) FROM (
                SELECT unit FROM ledger_current UNION ALL SELECT unit FROM budget_current
                UNION ALL SELECT unit FROM forecast_current
                UNION ALL SELECT counterpart FROM ledger_current
                WHERE counterpart IS NOT NULL AND counterpart <> 'extern')
            WHERE unit NOT IN (SELECT unit FROM _stage WHERE unit IS NOT NULL)
            GROUP BY unit ORDER BY unit
        """
        what = "unit"
    else:
        sql = """
            SELECT account, count(*) FROM (
                SELECT account FROM ledger_current UNION ALL SELECT account FROM budget_current)
            WHERE account NOT IN (SELECT account FROM _stage WHERE account IS NOT NULL)
            GROUP BY account ORDER BY account
        """
        what = "account"
    return [
        Problem(
            file,
            None,
            what,
            code,
            f"{what}_in_use",
            f"{what} '{code}' is missing from this file but {count} stored row(s) use it",
        )
        for code, count in con.execute(sql).fetchall()
    ]


def _import_snapshot(
    con: duckdb.DuckDBPyConnection, spec: KindSpec, source: SourceFile, batch_id: int
) -> int:
    """Units and accounts: small files, staged and checked whole, then stored."""
    file = str(source.path)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _stage AS "
        f"{_checked_relation(spec, _select_parsed(spec, source))}"
    )
    if not con.execute("SELECT count(*) FROM _stage").fetchone()[0]:
        raise InputErrors(
            file, [Problem(file, None, None, None, "no_rows", "the file has no data rows")]
        )
    checks = [*checks_for(spec), duplicate_check(spec)]
    listing = _listing_sql(checks, "_stage")
    if spec.kind == "units":
        listing += " UNION ALL " + _units_structure(con)
    problems, total = _collect(con, listing, file)
    no_root = "SELECT count(*) = 0 FROM _stage WHERE parent IS NULL"
    if not problems and spec.kind == "units" and con.execute(no_root).fetchone()[0]:
        problems = [Problem(file, None, "parent", None, "no_root", "no unit lacks a parent")]
        total = 1
    if not problems:
        problems = _in_use_problems(con, spec, file)
        total = len(problems)
    if problems:
        raise InputErrors(file, problems, total)
    columns = ", ".join(spec.names)
    extra = ", sort_order" if spec.kind == "units" else ""
    extra_value = ", _row" if spec.kind == "units" else ""
    return con.execute(
        f"INSERT INTO {spec.table} (batch_id, {columns}{extra}) "
        f"SELECT {batch_id}, {columns}{extra_value} FROM _stage ORDER BY _row"
    ).fetchone()[0]


def _import_periodic(
    con: duckdb.DuckDBPyConnection, spec: KindSpec, source: SourceFile, batch_id: int
) -> int:
    """Ledger, budget and forecast: stored in one pass, checked in the stored form, and
    only when something is wrong is the file read again to name every problem."""
    inserted, clean = _insert_periodic(con, spec, source, source.relation, batch_id, quick=False)
    if not clean:
        raise _diagnose(con, spec, source)
    return inserted


def _insert_periodic(
    con: duckdb.DuckDBPyConnection,
    spec: KindSpec,
    source: SourceFile,
    relation: str,
    batch_id: int,
    *,
    quick: bool,
) -> tuple[int, bool]:
    """Store the rows of ``relation`` under ``batch_id`` and check them in the stored form:
    (rows stored, whether every rule holds).

    ``quick``: codes that the checks look up among the stored units and accounts are stored
    untrimmed. Those references are trimmed and never empty, so a code found there needed no
    trimming, and one that did is not found: the check fails, and the caller must then let
    the full rules decide (see :func:`_import_fast`).
    """
    looked_up = _LOOKED_UP if quick else ()
    inserted = 0
    targets = spec.storage(source.columns)
    for index, (table, stored_columns) in enumerate(targets):
        columns = ", ".join(c.name for c in stored_columns)
        parsed = ", ".join(
            (
                untrimmed_code(source.columns[c.name][0])
                if c.name in looked_up and source.columns.get(c.name, (None, None))[1] == "VARCHAR"
                else parse_expr(c, *source.columns.get(c.name, (None, None)))
            )
            + f" AS {c.name}"
            for c in stored_columns
        )
        count = con.execute(
            f"INSERT INTO {table} (batch_id, {columns}) SELECT {batch_id}, {parsed} FROM {relation}"
        ).fetchone()[0]
        if index == 0:
            inserted = count
    stored = f"(SELECT * FROM {spec.table} WHERE batch_id = {batch_id})"
    typed = [c.typed for c in checks_for(spec) if c.typed]
    bad = con.execute(
        f"SELECT count(*) FROM (SELECT t.*{reference_columns(spec)} FROM {stored} t "
        f"{reference_joins(spec, 't')}) WHERE {' OR '.join(f'({c})' for c in typed)}"
    ).fetchone()[0]
    duplicates = 0
    if spec.key:
        keys = ", ".join(spec.key)
        duplicates = con.execute(
            f"SELECT count(*) FROM (SELECT {keys} FROM {stored} GROUP BY {keys} "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
    return inserted, not (bad or duplicates)


def _diagnose(con: duckdb.DuckDBPyConnection, spec: KindSpec, source: SourceFile) -> InputErrors:
    errors = _problems_in(con, spec, source)
    if errors is None:  # the two forms of the rules disagree: our bug, not the user's
        raise AssertionError(f"rows of {source.path} failed a check that names no row")
    return errors


def _problems_in(
    con: duckdb.DuckDBPyConnection, spec: KindSpec, source: SourceFile
) -> InputErrors | None:
    """Every problem of the file by the full rules (None: there is none)."""
    file = str(source.path)
    relation = f"({_checked_relation(spec, _select_parsed(spec, source))})"
    checks = checks_for(spec)
    dup = duplicate_check(spec)
    if dup:
        checks.append(dup)
    problems, total = _collect(con, _listing_sql(checks, relation), file)
    return InputErrors(file, problems, total) if problems else None


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    *,
    catalog: LineCatalog,
    temp_dir: Path,
    source: str | None = None,
    user: str | None = None,
    kpis: KpiCatalog | None = None,
) -> ImportResult:
    """Validate ``path`` as ``kind`` and store it as one batch, or raise and store nothing.

    ``kpis`` (the workspace's kpis.yaml) is needed for ``kind="kpi"``: it names the KPIs, their
    breakdown columns and the values those may hold.
    """
    if kind not in KINDS:
        raise UppsiktError(f"unknown kind '{kind}'; use one of: {', '.join(KINDS)}")
    spec = KINDS[kind]
    if spec.scope is None and source not in (None, kind):
        raise UppsiktError(
            f"--source does not apply to {kind}: the workspace has one {kind} file in force, "
            "and each import replaces it whole"
        )
    source_name = source or kind
    temp_dir.mkdir(parents=True, exist_ok=True)
    known: _Fingerprint | None = None
    suffix = path.suffix.lower()
    if spec.scope is not None and kind != "kpi" and suffix in _FAST_SUFFIXES and path.is_file():
        attempt = _import_fast(con, path, spec, source_name, user, catalog, temp_dir)
        if isinstance(attempt, ImportResult):
            return attempt
        known = attempt
    if known is not None and known.digest is not None:
        digest = known.digest
    else:
        digest = file_hash(path) if path.is_file() else ""
    in_force = already_in_force(con, kind, source_name, digest) if digest else None
    if in_force:
        return ImportResult(
            "unchanged", kind, source_name, path.name, digest, in_force[0], in_force[1]
        )
    encoding = known.encoding if known is not None else None
    opened = open_source(con, path, temp_dir, encoding=encoding)
    try:
        if kind == "kpi":
            from uppsikt.ingest._kpi_import import kpi_header_problems, store_kpi_batch

            problems, warnings = kpi_header_problems(spec, opened, kpis or KpiCatalog())
        else:
            problems, warnings = _header_problems(spec, opened)
        if problems:
            raise InputErrors(str(path), problems)
        con.execute("BEGIN TRANSACTION")
        try:
            if kind == "kpi":
                result = store_kpi_batch(
                    con, spec, opened, source_name, digest, user, warnings, kpis or KpiCatalog()
                )
            else:
                result = store_batch(
                    con, spec, opened, source_name, digest, user, warnings, catalog
                )
            con.execute("COMMIT")
        except duckdb.InvalidInputException as exc:
            # The file itself could not be read to the end (a CSV row with extra fields).
            con.execute("ROLLBACK")
            raise InputErrors(str(path), [csv_problem(path, exc)]) from None
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result
    finally:
        opened.close()


_FAST_SUFFIXES = (*CSV_SUFFIXES, *PARQUET_SUFFIXES)
# Codes of the periodic kinds that the checks look up in _ref_units / _ref_accounts (built
# from the stored units and accounts, which the import trimmed).
_LOOKED_UP = ("unit", "account", "counterpart")


class _Fingerprint(threading.Thread):
    """The file's SHA-256, and for a CSV whether it is UTF-8, computed in a thread beside the
    import (``hashlib`` releases the GIL). When the digest shows that the file is the batch
    in force already, a statement run inside :meth:`interruptible` is interrupted."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, path: Path, kind: str, source: str, utf8: bool
    ) -> None:
        super().__init__(name="uppsikt-fingerprint", daemon=True)
        self._con = con
        self._cursor = con.cursor()  # a connection of its own: it reads while ``con`` works
        self._path, self._kind, self._source, self._utf8 = path, kind, source, utf8
        self._lock = threading.Lock()
        self._busy = False
        self.digest: str | None = None
        self.encoding: str | None = None
        self.in_force = False

    def run(self) -> None:
        try:
            digest, self.encoding = fingerprint(self._path, utf8=self._utf8)
            in_force = already_in_force(self._cursor, self._kind, self._source, digest)
        except Exception:
            return  # the full import computes it again and says what is wrong
        with self._lock:
            self.digest, self.in_force = digest, in_force is not None
            if self.in_force and self._busy:
                self._con.interrupt()

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """Run the block's statement unless the file is known to be in force already; stop it
        (``duckdb.InterruptException``) when that becomes known meanwhile."""
        with self._lock:
            if self.in_force:
                raise _InForce
            self._busy = True
        try:
            yield
        finally:
            with self._lock:
                self._busy = False

    def finish(self) -> _Fingerprint:
        """Wait for the thread; the fingerprint's fields are final then."""
        self.join()
        self._cursor.close()
        return self


class _InForce(Exception):
    """The file being imported is the batch in force already."""


def _import_fast(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: KindSpec,
    source_name: str,
    user: str | None,
    catalog: LineCatalog,
    temp_dir: Path,
) -> ImportResult | _Fingerprint:
    """A first attempt at importing a periodic CSV or Parquet file the quick way, for the
    usual case: a valid file in UTF-8 (or Parquet) not imported before.

    It differs from the full import in three ways only: the SHA-256 and the UTF-8 check run
    in a thread beside the insert instead of before it; the file is opened as UTF-8 without
    looking at its bytes first; and a CSV is read without padding short rows. Whenever one
    of those assumptions fails, or anything else goes wrong, the attempt is rolled back and
    the fingerprint returned, and the caller runs the full import, which then gives exactly
    the answer (rows, problems, messages) it always gives. Problems in a readable UTF-8 file
    are named here already, by the same diagnosis the full import uses.
    """
    is_csv = path.suffix.lower() in CSV_SUFFIXES
    prints = _Fingerprint(con, path, spec.kind, source_name, utf8=is_csv)
    prints.start()
    try:
        opened = open_source(con, path, temp_dir, encoding="utf-8" if is_csv else None)
    except (InputError, UnicodeDecodeError, duckdb.Error):
        return prints.finish()
    try:
        problems, warnings = _header_problems(spec, opened)
        if problems:
            return prints.finish()
        con.execute("BEGIN TRANSACTION")
        try:
            _create_references(con, catalog)
            batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM batches").fetchone()[
                0
            ]
            with prints.interruptible():
                rows, clean = _insert_periodic(
                    con, spec, opened, opened.fast_relation or opened.relation, batch_id, quick=True
                )
            prints.finish()
            if prints.in_force or prints.digest is None or (is_csv and prints.encoding is None):
                con.execute("ROLLBACK")
                return prints
            if not clean:
                # The full rules name the problems; when they find none, the quick form
                # rejected a code that only needed trimming, and the full import stores it.
                errors = _problems_in(con, spec, opened)
                if errors is not None:
                    raise errors
                con.execute("ROLLBACK")
                return prints
            if rows == 0:
                con.execute("ROLLBACK")
                return prints
            result = record_batch(
                con, spec, batch_id, opened, source_name, prints.digest, user, rows, warnings
            )
            con.execute("COMMIT")
            return result
        except (_InForce, duckdb.Error):
            # An interrupt, or a CSV row DuckDB could not read without padding, or a file
            # that is not UTF-8 after all: the full import decides.
            con.execute("ROLLBACK")
            return prints.finish()
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        opened.close()


def store_batch(
    con: duckdb.DuckDBPyConnection,
    spec: KindSpec,
    opened: SourceFile,
    source_name: str,
    digest: str,
    user: str | None,
    warnings: list[str],
    catalog: LineCatalog,
) -> ImportResult:
    """Validate and store one opened file as a batch, inside the caller's transaction."""
    _create_references(con, catalog)
    batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM batches").fetchone()[0]
    if spec.scope is None:
        rows = _import_snapshot(con, spec, opened, batch_id)
    else:
        rows = _import_periodic(con, spec, opened, batch_id)
    return record_batch(con, spec, batch_id, opened, source_name, digest, user, rows, warnings)


def record_batch(
    con: duckdb.DuckDBPyConnection,
    spec: KindSpec,
    batch_id: int,
    opened: SourceFile,
    source_name: str,
    digest: str,
    user: str | None,
    rows: int,
    warnings: list[str],
) -> ImportResult:
    """Record the rows just stored under ``batch_id`` as a batch and the scopes it covers."""
    if rows == 0:
        raise InputErrors(
            str(opened.path),
            [Problem(str(opened.path), None, None, None, "no_rows", "the file has no data rows")],
        )
    if spec.scope is None:
        periods: list[date] = []
        con.execute(
            "INSERT INTO batch_periods VALUES (?, ?, ?, NULL, NULL)",
            [batch_id, spec.kind, source_name],
        )
    else:
        part = spec.scope_part or "NULL"
        scopes = con.execute(
            f"SELECT DISTINCT {spec.scope}, {part} FROM {spec.table} WHERE batch_id = ? "
            "ORDER BY 1, 2",
            [batch_id],
        ).fetchall()
        con.executemany(
            "INSERT INTO batch_periods VALUES (?, ?, ?, ?, ?)",
            [[batch_id, spec.kind, source_name, p, x] for p, x in scopes],
        )
        periods = sorted({p for p, _ in scopes})
    superseded = [
        r[0]
        for r in con.execute(
            """
            SELECT DISTINCT p.batch_id FROM batch_periods p
            JOIN batch_periods n ON n.batch_id = ? AND n.kind = p.kind AND n.source = p.source
             AND n.period IS NOT DISTINCT FROM p.period AND n.part IS NOT DISTINCT FROM p.part
            WHERE p.batch_id < ? ORDER BY 1
            """,
            [batch_id, batch_id],
        ).fetchall()
    ]
    con.execute(
        "INSERT INTO batches VALUES (?, ?, ?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?)",
        [
            batch_id,
            spec.kind,
            source_name,
            opened.path.name,
            digest,
            user or current_user(),
            rows,
            periods[0] if periods else None,
            periods[-1] if periods else None,
            warnings,
        ],
    )
    return ImportResult(
        "imported",
        spec.kind,
        source_name,
        opened.path.name,
        digest,
        batch_id,
        rows,
        periods,
        warnings,
        superseded,
    )
