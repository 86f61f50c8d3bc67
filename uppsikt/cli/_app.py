"""The ``uppsikt`` command line."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from uppsikt import __version__
from uppsikt.audit import record
from uppsikt.config import Workspace, init_workspace
from uppsikt.errors import UppsiktError
from uppsikt.periods import parse_period

if TYPE_CHECKING:
    from uppsikt.ingest import ImportResult
    from uppsikt.report import Report

app = typer.Typer(
    name="uppsikt",
    help="Build a Swedish region's monthly follow-up report from its raw data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False, soft_wrap=True)

WorkspaceOption = Annotated[
    Path,
    typer.Option("--workspace", "-w", help="Workspace folder (default: the current directory)."),
]
PeriodOption = Annotated[str, typer.Option("--period", "-p", help="Report month, YYYY-MM.")]


class Kind(StrEnum):
    units = "units"
    accounts = "accounts"
    ledger = "ledger"
    budget = "budget"
    forecast = "forecast"
    kpi = "kpi"
    sie = "sie"


class Format(StrEnum):
    pptx = "pptx"
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"
    json = "json"
    all = "all"


def _period(text: str) -> date:
    try:
        return parse_period(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period") from None


def _version(value: bool) -> None:
    if value:
        console.print(f"uppsikt {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Build a Swedish region's monthly follow-up report from its raw data."""


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    organisation: Annotated[
        str | None, typer.Option(help="Name printed on the report, e.g. 'Region Exempel'.")
    ] = None,
) -> None:
    """Create a workspace with commented example configuration."""
    workspace = init_workspace(directory, organisation=organisation)
    console.print(f"Created workspace {workspace.root}")
    console.print(
        "Next: import data/units.csv (--kind units) and data/accounts.csv "
        "(--kind accounts), then the ledger, budget and forecast."
    )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX or Parquet file to import.")],
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="What the file holds.")],
    source: Annotated[
        str | None,
        typer.Option(
            help="Name of the source system; a later import of the same source "
            "replaces its rows for the same periods (default: the kind)."
        ),
    ] = None,
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Validate a file and store it as one import batch (all rows or none)."""
    from uppsikt.ingest import import_file, import_sie

    ws = Workspace.open(workspace)
    con = ws.connect()
    try:
        with console.status(f"Importing {file.name} ..."):
            if kind == Kind.sie:
                results = import_sie(
                    con,
                    file,
                    catalog=ws.lines(),
                    temp_dir=ws.temp_dir,
                    settings=ws.settings().sie,
                    source=source,
                )
            else:
                results = [
                    import_file(
                        con,
                        file,
                        kind.value,
                        catalog=ws.lines(),
                        temp_dir=ws.temp_dir,
                        source=source,
                        kpis=ws.kpis() if kind == Kind.kpi else None,
                    )
                ]
    finally:
        con.close()
    for result in results:
        _print_import(file, result)
        record(
            ws.root,
            "import",
            str(file.resolve()),
            content_hash=result.file_hash,
            details={
                "kind": result.kind,
                "source": result.source,
                "status": result.status,
                "batch_id": result.batch_id,
                "rows": result.row_count,
            },
        )


def _print_import(file: Path, result: ImportResult) -> None:
    if result.status == "unchanged":
        console.print(
            f"{file.name}: already imported as batch {result.batch_id} and in force; "
            "nothing changed."
        )
        return
    periods = (
        f" for {result.periods[0]:%Y-%m}..{result.periods[-1]:%Y-%m}" if result.periods else ""
    )
    console.print(
        f"Imported {result.row_count:,} {result.kind} rows{periods} as batch {result.batch_id}."
    )
    if result.superseded:
        console.print(
            f"Replaces the rows of batch(es) {', '.join(map(str, result.superseded))} "
            "for those periods."
        )
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")


@app.command()
def imports(
    workspace: WorkspaceOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the import batches, newest last, and whether they are in force."""
    from uppsikt.warehouse import list_batches

    ws = Workspace.open(workspace)
    con = ws.connect()
    batches = list_batches(con)
    con.close()
    if as_json:
        console.print_json(json.dumps(batches, default=str))
        return
    table = Table(
        "batch", "kind", "source", "file", "rows", "periods", "imported", "by", "status", "sha256"
    )
    for b in batches:
        periods = f"{b['first_period'] or ''}..{b['last_period'] or ''}".strip(".")
        table.add_row(
            str(b["batch_id"]),
            b["kind"],
            b["source"],
            escape(b["file_name"]),
            f"{b['row_count']:,}",
            periods,
            f"{b['imported_at']:%Y-%m-%d %H:%M}",
            b["imported_by"],
            b["status"],
            b["file_hash"][:12],
        )
    console.print(table)


TemplateOption = Annotated[
    Path | None,
    typer.Option(help="The region's own .pptx template: slide layouts and theme come from it."),
]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Folder to write the report to.")]
FormatOption = Annotated[
    list[Format], typer.Option("--format", "-f", help="Output format (repeat for several).")
]


def _write(report: Report, formats: list[Format], out: Path, template: Path | None) -> list[Path]:
    from uppsikt.render import FORMATS, render

    names = (
        list(FORMATS) if Format.all in formats else list(dict.fromkeys(f.value for f in formats))
    )
    if template is not None and not template.is_file():
        raise UppsiktError(f"{template}: template file not found")
    paths: list[Path] = []
    for name in names:
        with console.status(f"Writing {name} ..."):
            options = {"template": template} if name == "pptx" and template else {}
            path = render(report, name, out, **options)
        console.print(f"Wrote {path}")
        paths.append(path)
    return paths


@app.command()
def build(
    period: PeriodOption,
    out: OutOption,
    format: FormatOption = [Format.json],  # noqa: B006 - Typer reads the default
    definition: Annotated[
        Path | None, typer.Option(help="Report definition (default: report.yaml in the workspace).")
    ] = None,
    template: TemplateOption = None,
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Compute the report for a month and write it (JSON, PPTX, HTML, PDF, XLSX or all)."""
    month = _period(period)
    ws = Workspace.open(workspace)
    report = build_for(ws, month, definition)
    paths = _write(report, format, out, template)
    record(
        ws.root,
        "build",
        report.period,
        content_hash=report_hash(report),
        details={"files": [str(p) for p in paths], "batches": [s.batch_id for s in report.sources]},
    )


def report_hash(report: Report) -> str:
    """SHA-256 of a report's figures and texts (everything but the time it was generated)."""
    import hashlib

    text = report.model_dump_json(exclude={"generated_at"})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@app.command()
def render(
    report_file: Annotated[Path, typer.Argument(help="A report model written by build (JSON).")],
    out: OutOption,
    format: FormatOption = [Format.all],  # noqa: B006 - Typer reads the default
    template: TemplateOption = None,
) -> None:
    """Re-render a stored report model; figures come from the file, not the warehouse."""
    from pydantic import ValidationError

    from uppsikt.render import read_json

    try:
        report = read_json(report_file)
    except FileNotFoundError:
        raise UppsiktError(f"{report_file}: file not found") from None
    except ValidationError as exc:
        raise UppsiktError(
            f"{report_file}: not a report model ({exc.error_count()} problem(s), first: "
            f"{exc.errors()[0]['msg']} at {'.'.join(map(str, exc.errors()[0]['loc']))})"
        ) from None
    _write(report, format, out, template)


def build_for(ws: Workspace, month: date, definition: Path | None = None) -> Report:
    """Build the report of ``month`` from the workspace's warehouse and configuration."""
    from uppsikt.report import build_workspace_report

    report_def = ws.report_definition(definition)
    con = ws.connect()
    try:
        with console.status("Computing the report ..."):
            return build_workspace_report(con, ws, month, definition=report_def)
    finally:
        con.close()


@app.command()
def explain(
    period: PeriodOption,
    table: Annotated[str, typer.Argument(help="Table id, e.g. rs_resultat.")],
    row: Annotated[
        str, typer.Argument(help="Row label, unit code, group/label or 1-based row number.")
    ],
    column: Annotated[str, typer.Argument(help="Column id or label.")],
    workspace: WorkspaceOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show how one figure of the report was made, down to units, accounts and batches."""
    from uppsikt.cli._explain import explain_figure

    month = _period(period)
    ws = Workspace.open(workspace)
    explain_figure(ws, month, table, row, column, as_json=as_json, console=console)


class ExportFormat(StrEnum):
    sie = "sie"


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    year: Annotated[int, typer.Option(help="The fiscal (calendar) year to export.")],
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Export format.")
    ] = ExportFormat.sie,
    budget_version: Annotated[
        str | None, typer.Option(help="Budget version to include as #PBUDGET (default: none).")
    ] = None,
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Write the workspace's ledger (and a budget version) for a year as a SIE 4 file."""
    from uppsikt.export import export_sie

    ws = Workspace.open(workspace)
    settings = ws.settings()
    con = ws.connect()
    try:
        ledger_rows, budget_rows = export_sie(
            con,
            out,
            year=year,
            company=settings.organisation,
            dimension=settings.sie.dimension,
            budget_version=budget_version,
        )
    finally:
        con.close()
    console.print(f"Wrote {out}: {ledger_rows:,} month amounts and {budget_rows:,} budget amounts.")


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of the report model."""
    from uppsikt.report import report_json_schema

    text = json.dumps(report_json_schema(), indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        console.print(f"Wrote {out}")
    else:
        print(text)


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Folder to create the demo workspace in.")],
) -> None:
    """Create a demo workspace with a fictitious region's data, imported and ready to build."""
    from uppsikt.demo import create_demo

    with console.status("Generating and importing the demo region ..."):
        ws = create_demo(directory)
    console.print(f"Demo workspace ready in {ws.root}")


def main() -> None:
    """Entry point: run the CLI, rendering user errors without a traceback."""
    from uppsikt.cli._errors import report_error

    try:
        app()
    except UppsiktError as error:
        report_error(error)
        raise SystemExit(1) from None
