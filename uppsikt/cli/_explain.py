"""``uppsikt explain``: one figure, its formula, filters and the rows behind it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from uppsikt.config import Workspace
from uppsikt.errors import UppsiktError
from uppsikt.fmt import format_number
from uppsikt.metrics import contributions, vouchers
from uppsikt.report import TableBlock, build_workspace_report
from uppsikt.warehouse import list_batches

MAX_LISTED = 25


def explain_figure(
    ws: Workspace,
    month: date,
    table_id: str,
    row_id: str,
    column_id: str,
    *,
    as_json: bool,
    console: Console,
) -> None:
    definition = ws.report_definition()
    try:
        definition.block(table_id)
    except KeyError:
        tables = [b.id for s in definition.sections for b in s.blocks if b.type == "table"]
        raise UppsiktError(
            f"no table '{table_id}' in the report definition; tables: {', '.join(tables)}"
        ) from None
    con = ws.connect()
    try:
        report = build_workspace_report(
            con, ws, month, definition=definition, only_blocks={table_id}
        )
        block = report.table(table_id)
        row, column = _locate(block, row_id, column_id)
        cell = block.rows[row].cells[column]
        lineage = cell.lineage or {}
        component_lineage = lineage.get("components") or {lineage.get("measure"): lineage}
        details = {
            part: contributions(con, lin, month) for part, lin in component_lineage.items() if lin
        }
        voucher_rows = {part: vouchers(con, lin) for part, lin in component_lineage.items() if lin}
        batches = {b["batch_id"]: b for b in list_batches(con)}
    finally:
        con.close()
    if as_json:
        payload = {
            "table": table_id,
            "row": block.rows[row].label,
            "column": block.columns[column].id,
            "value": None if cell.value is None else str(cell.value),
            "display": cell.display,
            "lineage": lineage,
            "components": {
                part: [{**c.__dict__, "amount": str(c.amount)} for c in rows]
                for part, rows in details.items()
            },
            "vouchers": {
                part: [{**v.__dict__, "amount": str(v.amount)} for v in rows]
                for part, rows in voucher_rows.items()
                if rows
            },
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    console.print(
        f"[bold]{escape(block.title)}[/] · {escape(block.rows[row].label)} · "
        f"{escape(block.columns[column].label)} = [bold]{escape(cell.display)}[/] "
        f"({block.unit or ''}; unrounded {cell.value})"
    )
    console.print(f"formula: {escape(str(lineage.get('formula')))}")
    filters = {k: v for k, v in lineage.items() if k not in ("formula", "measure", "query")}
    console.print(f"filters: {escape(json.dumps(filters, ensure_ascii=False))}")
    for part, rows in details.items():
        total = sum((c.amount for c in rows), Decimal(0))
        console.print(
            f"\n[bold]{part}[/]: {format_number(total, 2)} kr from {sum(c.rows for c in rows):,} "
            f"stored row(s)"
        )
        table = Table("unit", "account", "name", "line", "batch", "amount (kr)", "rows")
        for c in rows[:MAX_LISTED]:
            table.add_row(
                c.unit,
                c.account,
                escape(c.account_name),
                c.line,
                str(c.batch_id),
                format_number(c.amount, 2),
                str(c.rows),
            )
        if len(rows) > MAX_LISTED:
            table.add_row("...", f"{len(rows) - MAX_LISTED} more", "", "", "", "", "")
        console.print(table)
        if voucher_rows.get(part):
            listed = Table("voucher", "date", "text", "unit", "account", "amount (kr)", "SIE line")
            for v in voucher_rows[part]:
                listed.add_row(
                    f"{v.series} {v.number}",
                    f"{v.voucher_date}",
                    escape(v.text or ""),
                    v.unit,
                    v.account,
                    format_number(v.amount, 2),
                    str(v.line),
                )
            console.print(f"largest vouchers behind {part}:")
            console.print(listed)
        used = sorted({c.batch_id for c in rows})
        for batch_id in used:
            b = batches[batch_id]
            console.print(
                f"  batch {batch_id}: {escape(b['file_name'])} ({b['kind']}, "
                f"imported {b['imported_at']:%Y-%m-%d %H:%M} by {b['imported_by']}, "
                f"sha256 {b['file_hash'][:12]})"
            )


def _locate(block: TableBlock, row_id: str, column_id: str) -> tuple[int, int]:
    try:
        row = block.row_index(row_id)
    except KeyError:
        rows = ", ".join(f"'{r.label}'" for r in block.rows)
        raise UppsiktError(f"no row '{row_id}' in table '{block.id}'; rows: {rows}") from None
    try:
        column = block.column_index(column_id)
    except KeyError:
        columns = ", ".join(c.id for c in block.columns)
        raise UppsiktError(
            f"no column '{column_id}' in table '{block.id}'; columns: {columns}"
        ) from None
    return row, column
