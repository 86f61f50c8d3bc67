"""Opening the workspace's DuckDB warehouse and bringing its schema up to date."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from uppsikt.errors import UppsiktError

SCHEMA_VERSION_TABLE = "schema_version"


def _migrations() -> list[tuple[int, str]]:
    """The packaged migrations as (version, SQL), in order."""
    folder = resources.files("uppsikt.warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.read_text(encoding="utf-8")))
    return sorted(found)


LATEST_VERSION = max(v for v, _ in _migrations())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open warehouse (0 for an empty database)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
        [SCHEMA_VERSION_TABLE],
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute(f"SELECT max(version) FROM {SCHEMA_VERSION_TABLE}").fetchone()[0] or 0


def _applied(con: duckdb.DuckDBPyConnection) -> set[int]:
    return {r[0] for r in con.execute(f"SELECT version FROM {SCHEMA_VERSION_TABLE}").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration the warehouse lacks, each in its own transaction."""
    current = schema_version(con)
    if current > LATEST_VERSION:
        raise UppsiktError(
            f"The warehouse has schema version {current}, newer than this uppsikt "
            f"understands ({LATEST_VERSION}).",
            hint="Upgrade uppsikt.",
        )
    applied = _applied(con) if current else set()
    for version, sql in _migrations():
        # Every migration not yet applied runs, also one numbered below the latest applied
        # (migrations written side by side may land in any order).
        if version in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                f"CREATE TABLE IF NOT EXISTS {SCHEMA_VERSION_TABLE} "
                "(version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
            )
            con.execute(sql)
            con.execute(
                f"INSERT INTO {SCHEMA_VERSION_TABLE} VALUES (?, current_timestamp::TIMESTAMP)",
                [version],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = max(current, version)
    return current


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse at ``path`` with an up-to-date schema."""
    if read_only and not path.exists():
        raise UppsiktError(
            f"No warehouse at {path}.", hint="Import data first with 'uppsikt import'."
        )
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise UppsiktError(
            f"Cannot open the warehouse {path}: {exc}",
            hint="Is another uppsikt command using this workspace right now?",
        ) from exc
    if not read_only:
        migrate(con)
    elif schema_version(con) != LATEST_VERSION:
        con.close()
        con = duckdb.connect(str(path))
        migrate(con)
    return con


def list_batches(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """Every import batch with its status: in force, partly replaced or replaced."""
    rows = con.execute(
        """
        WITH force AS (
            SELECT p.batch_id,
                   count(*) AS scopes,
                   count(*) FILTER (WHERE c.batch_id = p.batch_id) AS in_force
            FROM batch_periods p
            JOIN current_batch_periods c
              ON c.kind = p.kind AND c.source = p.source
             AND c.period IS NOT DISTINCT FROM p.period AND c.part IS NOT DISTINCT FROM p.part
            GROUP BY p.batch_id
        )
        SELECT b.batch_id, b.kind, b.source, b.file_name, b.file_hash, b.imported_at,
               b.imported_by, b.row_count, strftime(b.first_period, '%Y-%m') AS first_period,
               strftime(b.last_period, '%Y-%m') AS last_period, b.warnings,
               CASE WHEN f.in_force = f.scopes THEN 'in force'
                    WHEN f.in_force > 0 THEN 'partly replaced'
                    ELSE 'replaced' END AS status
        FROM batches b JOIN force f USING (batch_id)
        ORDER BY b.batch_id
        """
    )
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r, strict=True)) for r in rows.fetchall()]


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, **columns: list[object]) -> None:
    """Insert rows given column by column, in one statement (``executemany`` runs one
    statement per row, which costs more than the work on a few hundred rows)."""
    names = list(columns)
    selects = ", ".join(f"unnest(${name}) AS {name}" for name in names)
    con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {selects}", columns)
