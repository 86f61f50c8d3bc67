"""The ``uppsikt register`` commands: import a register for a month, export it, list the
registers and the months they were reported for, and show a row's status history."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from uppsikt.audit import record
from uppsikt.cli._app import PeriodOption, WorkspaceOption, _period, app, console
from uppsikt.config import Workspace
from uppsikt.registers import REGISTERS

register_app = typer.Typer(
    help="Registers kept in the workspace (assignments, portfolios, goals, risks, plans), "
    "each imported for a month so earlier months' reports keep their statuses.",
    no_args_is_help=True,
)
app.add_typer(register_app, name="register")

RegisterName = StrEnum("RegisterName", {name: name for name in REGISTERS})  # type: ignore[misc]
RegisterOption = Annotated[
    RegisterName, typer.Option("--register", "-r", help="Which register.", show_choices=True)
]


@register_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file with the register's rows.")],
    register: RegisterOption,
    period: PeriodOption,
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Validate a register file and store it as the register's state for a month."""
    from uppsikt.registers import import_register

    month = _period(period)
    ws = Workspace.open(workspace)
    con = ws.connect()
    try:
        result = import_register(con, file, register.value, month, temp_dir=ws.temp_dir)
    finally:
        con.close()
    if result.status == "unchanged":
        console.print(
            f"{file.name}: already imported as batch {result.batch_id} for {period} and in "
            "force; nothing changed."
        )
    else:
        console.print(
            f"Imported {result.row_count:,} {result.register} rows for {result.period:%Y-%m} "
            f"as batch {result.batch_id}."
        )
        if result.superseded:
            console.print(
                f"Replaces batch(es) {', '.join(map(str, result.superseded))} for that month."
            )
        for warning in result.warnings:
            console.print(f"[yellow]warning:[/] {escape(warning)}")
    record(
        ws.root,
        "register",
        str(file.resolve()),
        content_hash=result.file_hash,
        details={
            "register": result.register,
            "period": f"{result.period:%Y-%m}",
            "status": result.status,
            "batch_id": result.batch_id,
            "rows": result.row_count,
        },
    )


@register_app.command()
def export(
    register: RegisterOption,
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (.csv or .xlsx).")],
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Write a register as in force for a month (last reported up to it) to CSV or XLSX."""
    from uppsikt.registers import export_register

    month = _period(period)
    ws = Workspace.open(workspace)
    con = ws.connect(read_only=True)
    try:
        reported, rows = export_register(con, REGISTERS[register.value], month, out)
    finally:
        con.close()
    console.print(
        f"Wrote {out}: {rows:,} rows of {register.value} as reported for {reported:%Y-%m}."
    )


@register_app.command("list")
def list_(
    workspace: WorkspaceOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the registers, their columns and the months each was reported for."""
    from uppsikt.registers import register_months

    ws = Workspace.open(workspace)
    con = ws.connect(read_only=True)
    try:
        months = register_months(con)
    finally:
        con.close()
    by_register: dict[str, list[str]] = {}
    for month in months:
        by_register.setdefault(month["register"], []).append(month["period"])
    if as_json:
        listing = [
            {
                "register": spec.name,
                "title": spec.title,
                "columns": spec.names,
                "key": list(spec.key),
                "months": by_register.get(spec.name, []),
            }
            for spec in REGISTERS.values()
        ]
        console.print_json(json.dumps(listing))
        return
    table = Table("register", "title", "columns (key first)", "months reported")
    for spec in REGISTERS.values():
        reported = by_register.get(spec.name, [])
        table.add_row(
            spec.name,
            escape(spec.title),
            ", ".join([*spec.key, *(n for n in spec.names if n not in spec.key)]),
            f"{reported[0]}..{reported[-1]} ({len(reported)})" if reported else "-",
        )
    console.print(table)


@register_app.command()
def history(
    register: RegisterOption,
    key: Annotated[
        str | None, typer.Option(help="Only the row with this key (its first key column).")
    ] = None,
    workspace: WorkspaceOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show each month's statuses of a register's rows, oldest month first."""
    from uppsikt.registers import status_history

    ws = Workspace.open(workspace)
    con = ws.connect(read_only=True)
    try:
        columns, rows = status_history(con, REGISTERS[register.value], key)
    finally:
        con.close()
    if as_json:
        console.print_json(
            json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str)
        )
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*(escape("" if v is None else str(v)) for v in row))
    console.print(table)
