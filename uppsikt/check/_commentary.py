"""Readiness of commentary blocks: is there a text for the month, and is it recent?"""

from __future__ import annotations

from uppsikt.check._context import CheckContext
from uppsikt.check._model import Finding
from uppsikt.commentary import quoted_blocks
from uppsikt.config import SectionDef
from uppsikt.config._commentary_blocks import CommentaryBlockDef
from uppsikt.periods import period_code

__all__ = ["check_commentary_block"]


def check_commentary_block(ctx: CheckContext, section: SectionDef, block: object) -> list[Finding]:
    """One finding: the text is missing, stale (written before the month began), written
    before the month's latest ledger import (a warning), or ok."""
    assert isinstance(block, CommentaryBlockDef)
    key, month = block.comment_key, period_code(ctx.period)
    what = f"commentary '{key}'"
    row = ctx.con.execute(
        """
        SELECT c.author, c.written_at, c.batch_id, c.markdown,
               (SELECT max(b.batch_id) FROM batches b
                WHERE b.kind = 'ledger' AND b.imported_at > c.written_at
                  AND b.batch_id IN (SELECT batch_id FROM current_batch_periods
                                     WHERE kind = 'ledger' AND period = c.period)) AS newer
        FROM commentary_current c WHERE c.period = ? AND c.key = ?
        """,
        [ctx.period, key],
    ).fetchone()

    def finding(status: str, detail: str, **data: object) -> list[Finding]:
        return [Finding(section.id, block.id, status, what, detail, {"key": key, **data})]  # type: ignore[arg-type]

    if row is None:
        if block.required:
            return finding(
                "missing",
                f"no text for {month}; write it with 'uppsikt comment set {key} "
                f"--period {month} --file TEXT.md'",
            )
        if block.fallback is not None:
            return finding("ok", f"no text for {month}; the block's fallback is shown")
        return finding("warning", f"no text for {month}; the block shows a note")
    author, written_at, batch_id, markdown, newer = row
    data = {
        "author": author,
        "written_at": written_at.isoformat(timespec="seconds"),
        "batch_id": batch_id,
    }
    written = f"{written_at:%Y-%m-%d %H:%M} by {author} (batch {batch_id})"
    known = {b.id for s in ctx.definition.sections for b in s.blocks}
    unknown = sorted(quoted_blocks(markdown) - known)
    if unknown:
        return finding(
            "missing",
            f"written {written}, quotes {{{{{unknown[0]} | ...}}}}, but report.yaml has no "
            f"block '{unknown[0]}'; the build stops there",
            unknown_blocks=unknown,
            **data,
        )
    if written_at.date() < ctx.period:
        return finding("stale", f"written {written}, before {month} began", **data)
    if newer is not None:
        return finding(
            "warning",
            f"written {written}, before ledger batch {newer} for {month} was imported; "
            "check that the text still matches the figures",
            ledger_batch=newer,
            **data,
        )
    return finding("ok", f"written {written}", **data)
