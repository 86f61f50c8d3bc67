"""``uppsikt check``: is the data for a month complete and current, before building?"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from uppsikt.cli._app import PeriodOption, WorkspaceOption, _period, app, console
from uppsikt.config import Workspace
from uppsikt.periods import period_code

# Exit codes (docs/check.md): 0 ready, 1 something required is missing (with --strict also
# stale). Errors such as "not a workspace" also exit with 1 and print an error.
EXIT_NOT_READY = 1

_STYLE = {
    "ok": "green",
    "missing": "bold red",
    "stale": "yellow",
    "warning": "yellow",
    "not_checked": "dim",
}


def _title(template: str, values: dict[str, str]) -> str:
    """A section title with its placeholders filled (as written when one is unknown)."""
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError):
        return template


@app.command()
def check(
    period: PeriodOption,
    definition: Annotated[
        Path | None, typer.Option(help="Report definition (default: report.yaml in the workspace).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also exit non-zero when something is stale.")
    ] = False,
    workspace: WorkspaceOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List per section and block which data is present, missing or stale for a month.

    Exits with 1 when something a block requires is missing (with --strict, also stale).
    """
    from uppsikt.check import STATUSES, check_report

    month = _period(period)
    ws = Workspace.open(workspace)
    report_def = ws.report_definition(definition)
    con = ws.connect()
    try:
        findings = check_report(con, report_def, month)
    finally:
        con.close()
    counts = Counter(f.status for f in findings)
    failing = {"missing", "stale"} if strict else {"missing"}
    ready = not any(counts[s] for s in failing)
    if as_json:
        payload = {
            "period": period_code(month),
            "ready": ready,
            "counts": {s: counts[s] for s in STATUSES},
            "findings": [f.as_dict() for f in findings],
        }
        console.print_json(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        from uppsikt.report import placeholders

        values = placeholders(month, report_def.organisation or ws.settings().organisation)
        titles = {s.id: _title(s.title, values) for s in report_def.sections}
        for section in dict.fromkeys(f.section for f in findings):
            table = Table("block", "status", "what", "detail", title_justify="left")
            table.title = escape(titles.get(section, section))
            for f in (f for f in findings if f.section == section):
                style = _STYLE[f.status]
                table.add_row(
                    f.block or "",
                    f"[{style}]{f.status}[/]",
                    escape(f.what),
                    escape(f.detail),
                )
            console.print(table)
        summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
        verdict = "ready to build" if ready else "not ready"
        console.print(f"{period_code(month)}: {summary}: {verdict}.")
    if not ready:
        raise typer.Exit(EXIT_NOT_READY)
