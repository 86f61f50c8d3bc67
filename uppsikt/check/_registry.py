"""The checks per block type, and the check of a whole report definition for a month.

``CHECKS`` maps a block ``type`` to a function ``(context, section, block) -> [Finding]``.
KPI and register blocks have none yet: :func:`register_check` lets their modules add one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import duckdb

from uppsikt.check._commentary import check_commentary_block
from uppsikt.check._context import CheckContext
from uppsikt.check._finance import check_finance_block
from uppsikt.check._model import WORKSPACE_SECTION, Finding
from uppsikt.config import ReportDefinition, SectionDef

__all__ = ["CHECKS", "BlockCheck", "check_report", "register_check"]

BlockCheck = Callable[[CheckContext, SectionDef, object], list[Finding]]


def _static_text(ctx: CheckContext, section: SectionDef, block: object) -> list[Finding]:
    return [Finding(section.id, block.id, "ok", "text", "fixed text in report.yaml")]  # type: ignore[attr-defined]


CHECKS: dict[str, BlockCheck] = {
    "table": check_finance_block,
    "chart": check_finance_block,
    "text": _static_text,
    "commentary": check_commentary_block,
}


def register_check(block_type: str, check: BlockCheck) -> None:
    """Check blocks of ``block_type`` with ``check`` (replacing any earlier one)."""
    CHECKS[block_type] = check


def _not_checked(section: SectionDef, block: object) -> list[Finding]:
    kind = block.type  # type: ignore[attr-defined]
    return [
        Finding(
            section.id,
            block.id,  # type: ignore[attr-defined]
            "not_checked",
            kind,
            f"no readiness check for '{kind}' blocks yet",
        )
    ]


def _workspace(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    found = dict(
        con.execute(
            "SELECT kind, max(batch_id) FROM current_batch_periods "
            "WHERE kind IN ('units', 'accounts') GROUP BY kind"
        ).fetchall()
    )
    findings = []
    for kind, what, hint in (
        ("units", "organisation tree", "--kind units"),
        ("accounts", "account mapping", "--kind accounts"),
    ):
        if kind in found:
            detail = f"batch {found[kind]}"
            findings.append(Finding(WORKSPACE_SECTION, None, "ok", what, detail))
        else:
            detail = f"not imported; import it with 'uppsikt import FILE {hint}'"
            findings.append(Finding(WORKSPACE_SECTION, None, "missing", what, detail))
    return findings


def check_report(
    con: duckdb.DuckDBPyConnection, definition: ReportDefinition, period: date
) -> list[Finding]:
    """Every finding for ``period``: the workspace first, then each block in report order."""
    findings = _workspace(con)
    ctx = CheckContext.open(con, period, definition)
    for section in definition.sections:
        for block in section.blocks:
            check = CHECKS.get(block.type)
            findings += check(ctx, section, block) if check else _not_checked(section, block)
    return findings
