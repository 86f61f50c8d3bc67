"""The warehouse as it was after a given import batch.

Every ``*_current`` view joins ``current_batch_periods`` (the latest batch per kind, source,
period and part). Within :func:`as_of` a TEMP view of that name, defined as
``active_batch_periods(N)``, shadows the stored one for this connection only: DuckDB looks up
the names inside a view when the view is used, and the temp catalog comes first on the search
path. So every view, and every query built on them, sees the warehouse as it stood right after
batch ``N`` was imported, with nothing copied. Later batches are still stored; they are just
not in force.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from uppsikt.errors import UppsiktError

__all__ = ["as_of", "last_batch_id"]


def last_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The newest import batch of the warehouse (0 when nothing was imported)."""
    return con.execute("SELECT coalesce(max(batch_id), 0) FROM batches").fetchone()[0]


@contextmanager
def as_of(con: duckdb.DuckDBPyConnection, batch_id: int) -> Iterator[duckdb.DuckDBPyConnection]:
    """Within the block, ``con`` sees the warehouse as it was right after ``batch_id``.

    Not reentrant; the stored view is in force again when the block ends, also on error.
    """
    if batch_id < 0:
        raise UppsiktError(f"batch {batch_id}: a batch id is 0 or more")
    exists = con.execute(
        "SELECT count(*) FROM duckdb_views() "
        "WHERE temporary AND view_name = 'current_batch_periods'"
    ).fetchone()[0]
    if exists:
        raise UppsiktError("as_of: this connection is already looking at an earlier state")
    con.execute(
        "CREATE TEMP VIEW current_batch_periods AS "
        f"SELECT * FROM active_batch_periods({int(batch_id)})"
    )
    try:
        yield con
    finally:
        con.execute("DROP VIEW IF EXISTS temp.main.current_batch_periods")
