"""Storing comments as batches and reading them back through ``commentary_current``.

A save is one batch of kind ``commentary``: a ``batches`` row (author, time, hash) and one
``batch_periods`` row per comment with the month as ``period`` and the key as ``part``. The
text in force for a month and key is the one of the latest batch that names them; earlier
texts stay stored, so history is kept and the texts as of any batch can be reconstructed by
redefining ``current_batch_periods``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from uppsikt.commentary._text import text_hash
from uppsikt.ingest._importer import current_user
from uppsikt.warehouse import insert_columns

__all__ = [
    "KIND",
    "Comment",
    "SaveResult",
    "comment_history",
    "current_comment",
    "current_comments",
    "list_comments",
    "save_comments",
]

KIND = "commentary"
# batch_periods.source of every commentary batch: comments have one source, the people.
SOURCE = "commentary"


@dataclass(frozen=True)
class Comment:
    """One stored text. ``in_force`` is False for a text a later save replaced."""

    period: date
    key: str
    markdown: str
    text_hash: str
    author: str
    written_at: datetime
    batch_id: int
    in_force: bool = True


@dataclass(frozen=True)
class SaveResult:
    """What a save did: ``status`` is 'saved', or 'unchanged' when every text was in force.

    ``saved`` and ``unchanged`` are keys; ``superseded`` the batches whose texts for those keys
    were in force before.
    """

    status: str
    period: date
    batch_id: int | None
    content_hash: str
    saved: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)


_COLUMNS = "period, key, markdown, text_hash, author, written_at, batch_id"


def _comments(rows: list[tuple], in_force: bool | None = None) -> list[Comment]:
    return [
        Comment(*r[:7], in_force=r[7] if in_force is None else in_force)  # type: ignore[misc]
        for r in rows
    ]


def content_hash(hashes: dict[str, str]) -> str:
    """The hash of a save: its one text's hash, or a hash over every key and text hash."""
    if len(hashes) == 1:
        return next(iter(hashes.values()))
    listing = "".join(f"{key} {hashes[key]}\n" for key in sorted(hashes))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def save_comments(
    con: duckdb.DuckDBPyConnection,
    period: date,
    texts: dict[str, str],
    *,
    file_name: str,
    author: str | None = None,
    written_at: datetime | None = None,
) -> SaveResult:
    """Store checked texts (key → Markdown) for ``period`` as one batch, in one transaction.

    Texts identical to the one in force are left out; when all are, nothing is stored.
    ``written_at`` defaults to now (give it when carrying over texts written earlier).
    """
    hashes = {key: text_hash(text) for key, text in texts.items()}
    digest = content_hash(hashes)
    con.execute("BEGIN TRANSACTION")
    try:
        in_force = dict(
            con.execute(
                "SELECT key, text_hash FROM commentary_current WHERE period = ?", [period]
            ).fetchall()
        )
        changed = sorted(k for k in texts if in_force.get(k) != hashes[k])
        unchanged = sorted(k for k in texts if k not in changed)
        if not changed:
            con.execute("ROLLBACK")
            batches = con.execute(
                "SELECT DISTINCT batch_id FROM commentary_current WHERE period = ? "
                "AND list_contains(?, key) ORDER BY 1",
                [period, unchanged],
            ).fetchall()
            return SaveResult(
                "unchanged",
                period,
                batches[-1][0] if len(batches) == 1 else None,
                digest,
                unchanged=unchanged,
            )
        result = _store(con, period, texts, hashes, changed, file_name, author, written_at)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SaveResult(
        "saved", period, result[0], digest, saved=changed, unchanged=unchanged, superseded=result[1]
    )


def _store(
    con: duckdb.DuckDBPyConnection,
    period: date,
    texts: dict[str, str],
    hashes: dict[str, str],
    changed: list[str],
    file_name: str,
    author: str | None,
    written_at: datetime | None,
) -> tuple[int, list[int]]:
    batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM batches").fetchone()[0]
    when = written_at or con.execute("SELECT current_timestamp::TIMESTAMP").fetchone()[0]
    who = author or current_user()
    superseded = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT batch_id FROM current_batch_periods WHERE kind = ? AND source = ? "
            "AND period = ? AND list_contains(?, part) ORDER BY 1",
            [KIND, SOURCE, period, changed],
        ).fetchall()
    ]
    count = len(changed)
    insert_columns(
        con,
        "commentary",
        batch_id=[batch_id] * count,
        period=[period] * count,
        key=changed,
        markdown=[texts[k] for k in changed],
        text_hash=[hashes[k] for k in changed],
        author=[who] * count,
        written_at=[when] * count,
    )
    insert_columns(
        con,
        "batch_periods",
        batch_id=[batch_id] * count,
        kind=[KIND] * count,
        source=[SOURCE] * count,
        period=[period] * count,
        part=changed,
    )
    con.execute(
        "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, [])",
        [
            batch_id,
            KIND,
            SOURCE,
            file_name,
            content_hash({k: hashes[k] for k in changed}),
            when,
            who,
            count,
            period,
            period,
        ],
    )
    return batch_id, superseded


def current_comments(con: duckdb.DuckDBPyConnection, period: date) -> list[Comment]:
    """The texts in force for ``period``, by key."""
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM commentary_current WHERE period = ? ORDER BY key", [period]
    ).fetchall()
    return _comments(rows, in_force=True)


def current_comment(con: duckdb.DuckDBPyConnection, period: date, key: str) -> Comment | None:
    """The text in force for ``period`` and ``key``, or None."""
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM commentary_current WHERE period = ? AND key = ?", [period, key]
    ).fetchall()
    found = _comments(rows, in_force=True)
    return found[0] if found else None


def list_comments(con: duckdb.DuckDBPyConnection, period: date | None = None) -> list[Comment]:
    """The texts in force for every period (or one), by period and key."""
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM commentary_current "
        "WHERE $period IS NULL OR period = $period ORDER BY period, key",
        {"period": period},
    ).fetchall()
    return _comments(rows, in_force=True)


def comment_history(con: duckdb.DuckDBPyConnection, period: date, key: str) -> list[Comment]:
    """Every text saved for ``period`` and ``key`` up to the batch in view, oldest first.

    Texts saved after the latest batch of ``current_batch_periods`` are left out, so the
    history as of an earlier batch ends at that batch.
    """
    rows = con.execute(
        """
        SELECT c.period, c.key, c.markdown, c.text_hash, c.author, c.written_at, c.batch_id,
               cur.batch_id IS NOT NULL AS in_force
        FROM commentary c
        LEFT JOIN commentary_current cur
          ON cur.batch_id = c.batch_id AND cur.period = c.period AND cur.key = c.key
        WHERE c.period = ? AND c.key = ?
          AND c.batch_id <= (SELECT coalesce(max(batch_id), 0) FROM current_batch_periods)
        ORDER BY c.batch_id
        """,
        [period, key],
    ).fetchall()
    return _comments(rows)
