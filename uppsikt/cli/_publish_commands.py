"""The ``uppsikt`` commands for publishing: publish, versions, show, rebuild, diff, audit.

A version is named by its period and number: ``2024-07/v1`` (``2024-07v1`` works too).
``diff`` also takes ``current``: the report as the workspace would build it now.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from uppsikt.cli._app import (
    Format,
    PeriodOption,
    WorkspaceOption,
    _period,
    app,
    console,
)
from uppsikt.config import Workspace

if TYPE_CHECKING:
    from uppsikt.publish import Diff

VersionArgument = Annotated[
    str, typer.Argument(help="A published version, e.g. 2024-07/v1 (or 2024-07v1).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("publish")
def publish_(
    period: PeriodOption,
    note: Annotated[
        str | None, typer.Option(help="Why this version was published, shown in 'versions'.")
    ] = None,
    format: Annotated[
        list[Format],
        typer.Option(
            "--format", "-f", help="Rendered files to store beside the model (default: all)."
        ),
    ] = [Format.all],  # noqa: B006 - Typer reads the default
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Freeze the month's report as the next version: model, files, inputs and configuration."""
    from uppsikt.publish import publish
    from uppsikt.render import FORMATS

    month = _period(period)
    ws = Workspace.open(workspace)
    names = list(FORMATS) if Format.all in format else [f.value for f in format]
    with console.status(f"Publishing {period} ..."):
        version = publish(ws, month, note=note, formats=names)
    manifest = version.manifest
    if as_json:
        console.print_json(manifest.model_dump_json())
        return
    console.print(
        f"Published {manifest.ident} in {version.path}: {len(manifest.files)} files, "
        f"report hash {manifest.report_hash[:12]}, batches up to {manifest.inputs.last_batch_id}."
    )


@app.command()
def versions(
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="Only this month, YYYY-MM.")
    ] = None,
    verify: Annotated[
        bool, typer.Option("--verify", help="Also check every stored file against its manifest.")
    ] = False,
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """List the published versions: when, by whom, why, and the hashes they were made from."""
    from uppsikt.periods import period_code
    from uppsikt.publish import list_versions, verify_versions

    code = period_code(_period(period)) if period else None
    ws = Workspace.open(workspace)
    found = list_versions(ws.root, code)
    problems = verify_versions(ws.root) if verify else []
    if as_json:
        data = [json.loads(v.manifest.model_dump_json()) for v in found]
        console.print_json(json.dumps({"versions": data, "problems": problems} if verify else data))
    else:
        table = Table("version", "published", "by", "note", "report hash", "batches", "config")
        for v in found:
            m = v.manifest
            config = ", ".join(
                f"{name.split('.')[0]} {digest[:8]}"
                for name, digest in m.inputs.config.items()
                if digest
            )
            table.add_row(
                m.ident,
                f"{m.published_at.astimezone():%Y-%m-%d %H:%M}",
                escape(m.published_by),
                escape(m.note or ""),
                m.report_hash[:12],
                f"{len(m.inputs.batches)} (up to {m.inputs.last_batch_id})",
                config,
            )
        console.print(table if found else "No published versions.")
        for problem in problems:
            console.print(f"[red]problem:[/] {escape(problem)}")
        if verify and not problems:
            console.print(f"{len(found)} version(s) intact.")
    if problems:
        raise typer.Exit(1)


@app.command()
def show(
    version: VersionArgument,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Re-render the version into this folder.")
    ] = None,
    format: Annotated[
        list[Format], typer.Option("--format", "-f", help="Output format (repeat for several).")
    ] = [Format.all],  # noqa: B006 - Typer reads the default
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Show a published version, or re-render it from its stored model with --out."""
    from uppsikt.publish import PUBLISH_PDF_VARIANT, find_version
    from uppsikt.publish._store import pdf_metadata
    from uppsikt.render import FORMATS, render

    ws = Workspace.open(workspace)
    stored = find_version(ws.root, version)
    m = stored.manifest
    report = stored.report()
    if out is not None:
        names = list(FORMATS) if Format.all in format else [f.value for f in format]
        for name in dict.fromkeys(names):
            options: dict[str, object] = {}
            if name == "pdf":
                metadata = pdf_metadata(m.ident, m.period, m.report_hash, m.inputs)
                options = {"variant": PUBLISH_PDF_VARIANT, "metadata": metadata}
            with console.status(f"Writing {name} ..."):
                path = render(report, name, out, **options)
            console.print(f"Wrote {path}")
        return
    if as_json:
        console.print_json(m.model_dump_json())
        return
    console.print(f"[bold]{m.ident}[/]  {escape(report.title)}, {escape(report.period_label)}")
    when = f"{m.published_at.astimezone():%Y-%m-%d %H:%M}"
    console.print(f"Published {when} by {escape(m.published_by)}")
    if m.note:
        console.print(f"Note: {escape(m.note)}")
    console.print(f"Software {m.software_version}; report hash {m.report_hash}")
    table = Table("batch", "kind", "source", "file", "rows", "sha256", title="Inputs in force")
    for b in m.inputs.batches:
        table.add_row(
            str(b.batch_id), b.kind, b.source, escape(b.file_name), f"{b.row_count:,}", b.file_hash
        )
    console.print(table)
    for name, digest in m.inputs.config.items():
        console.print(f"{name}: {digest or '(absent)'}")
    console.print(f"Stored in {stored.path}: {', '.join(sorted(m.files))}")


@app.command()
def rebuild(
    version: VersionArgument,
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Recompute a version from the warehouse and configuration it recorded; prove it equal."""
    from uppsikt.publish import rebuild as rebuild_version

    ws = Workspace.open(workspace)
    with console.status(f"Rebuilding {version} ..."):
        result = rebuild_version(ws, version)
    if as_json:
        console.print_json(json.dumps(result.to_json(), default=str))
    else:
        for problem in result.problems:
            console.print(f"[red]problem:[/] {escape(problem)}")
        if result.identical:
            console.print(
                f"Rebuilt {result.version}: every figure is identical to the published one "
                f"({len(result.diff.changes)} differences"
                f"{'; the whole model hashes the same' if result.same_model else ''})."
            )
        else:
            console.print(
                f"[red]Rebuilt {result.version}: {len(result.diff.changes)} figure(s) differ "
                "from the published ones.[/]"
            )
            _print_diff(result.diff)
    if not result.identical or result.problems:
        raise typer.Exit(1)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def diff(
    a: Annotated[str, typer.Argument(help="A published version, e.g. 2024-07/v1.")],
    b: Annotated[
        str, typer.Argument(help="Another version, or 'current' for the report built now.")
    ],
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text (terminal), json or html.")
    ] = DiffFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """List every figure that differs between two versions, or a version and 'current'.

    Each with old and new value and the import, configuration or commentary change behind it.
    """
    from uppsikt.errors import UppsiktError
    from uppsikt.publish import CURRENT, parse_version
    from uppsikt.publish import diff as diff_reports
    from uppsikt.publish._diff_html import diff_html
    from uppsikt.publish._rebuild import side

    ws = Workspace.open(workspace)
    refs = [x for x in (a, b) if x.strip().lower() != CURRENT]
    if not refs:
        raise UppsiktError("diff needs at least one published version, e.g. 2024-07/v1 current")
    period = parse_version(refs[0]).period
    name_a, old, old_inputs = side(ws, a, period)
    name_b, new, new_inputs = side(ws, b, period)
    result = diff_reports(old, new, old_inputs, new_inputs, a=name_a, b=name_b)
    kind = DiffFormat.json if as_json else format
    if kind == DiffFormat.text and out is None:
        _print_diff(result)
        return
    if kind == DiffFormat.html:
        text = diff_html(result)
    elif kind == DiffFormat.json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = "\n".join(_diff_lines(result)) + "\n"
    if out is None:
        print(text, end="")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(f"Wrote {out}")


def _diff_lines(result: Diff) -> list[str]:
    lines = [f"{result.a} → {result.b}: {len(result.changes)} figure(s) differ"]
    lines += [f"input: {c.description}" for c in result.inputs]
    for c in result.changes:
        lines.append(
            f"{c.block_title} | {c.row_label} | {c.column_label}: "
            f"{c.old_display if c.old_display is not None else '-'} → "
            f"{c.new_display if c.new_display is not None else '-'}  ({'; '.join(c.causes)})"
        )
    return lines


def _print_diff(result: Diff) -> None:
    if not result.changes:
        console.print(f"{result.a} and {result.b}: no figure differs.")
    for change in result.inputs:
        console.print(f"input: {escape(change.description)}")
    if not result.changes:
        return
    table = Table(
        "block",
        "row",
        "column",
        result.a,
        result.b,
        "cause",
        title=f"{len(result.changes)} figure(s) differ",
    )
    for c in result.changes:
        table.add_row(
            escape(c.block_title),
            escape(c.row_label),
            escape(c.column_label),
            escape(c.old_display if c.old_display is not None else "–"),
            escape(c.new_display if c.new_display is not None else "–"),
            escape("; ".join(c.causes)),
        )
    console.print(table)


audit_app = typer.Typer(
    name="audit", help="The workspace's hash-chained audit log.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Check the audit log's chain and every published version; name each problem."""
    from uppsikt.audit import read_log, verify
    from uppsikt.publish import list_versions, verify_versions

    ws = Workspace.open(workspace)
    problems = verify(ws.root) + verify_versions(ws.root)
    if as_json:
        console.print_json(json.dumps({"intact": not problems, "problems": problems}))
    elif problems:
        for problem in problems:
            console.print(f"[red]problem:[/] {escape(problem)}")
    else:
        try:
            entries = len(read_log(ws.root))
        except Exception:
            entries = 0
        console.print(
            f"Audit log intact: {entries} entries; "
            f"{len(list_versions(ws.root))} published version(s) intact."
        )
    if problems:
        raise typer.Exit(1)


@audit_app.command("log")
def audit_log(
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """List the audit log's entries, oldest first."""
    from dataclasses import asdict

    from uppsikt.audit import read_log

    ws = Workspace.open(workspace)
    entries = read_log(ws.root)
    if as_json:
        console.print_json(json.dumps([asdict(e) for e in entries], ensure_ascii=False))
        return
    table = Table("seq", "time", "user", "action", "subject", "content", "hash")
    for e in entries:
        table.add_row(
            str(e.seq),
            e.time[:19].replace("T", " "),
            escape(e.user),
            e.action,
            escape(e.subject),
            (e.content_hash or "")[:12],
            e.hash[:12],
        )
    console.print(table)
