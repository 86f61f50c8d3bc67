"""The ``uppsikt comment`` commands: write, read and trace the month's commentary texts.

Every save is one batch of kind ``commentary`` and one ``commentary`` entry in the audit log.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from uppsikt.audit import record
from uppsikt.cli._app import PeriodOption, WorkspaceOption, _period, app, console
from uppsikt.commentary import (
    Comment,
    SaveResult,
    comment_history,
    current_comment,
    current_comments,
    key_problem,
    list_comments,
    normalise_text,
    read_comment_folder,
    read_text_file,
    save_comments,
    write_comment_folder,
)
from uppsikt.config import Workspace
from uppsikt.errors import ConfigError, UppsiktError
from uppsikt.periods import period_code

comment_app = typer.Typer(
    name="comment",
    help="Write, show and trace the commentary texts of a month (Markdown, one per key).",
    no_args_is_help=True,
)
app.add_typer(comment_app, name="comment")

KeyArgument = Annotated[
    str, typer.Argument(help="The comment's key: a commentary block's key or id, e.g. rs_analys.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _as_dict(comment: Comment) -> dict[str, object]:
    return {
        "period": period_code(comment.period),
        "key": comment.key,
        "author": comment.author,
        "written_at": comment.written_at.isoformat(timespec="seconds"),
        "batch_id": comment.batch_id,
        "in_force": comment.in_force,
        "text_hash": comment.text_hash,
        "markdown": comment.markdown,
    }


def _block_keys(ws: Workspace) -> set[str] | None:
    """Keys the workspace's report definition uses (None when it cannot be read)."""
    from uppsikt.config import COMMENTARY_BLOCK_TYPES

    try:
        definition = ws.report_definition()
    except (ConfigError, UppsiktError):
        return None
    return {
        block.comment_key  # type: ignore[union-attr]
        for section in definition.sections
        for block in section.blocks
        if block.type in COMMENTARY_BLOCK_TYPES
    }


def _save(ws: Workspace, month: date, texts: dict[str, str], file_name: str) -> SaveResult:
    con = ws.connect()
    try:
        result = save_comments(con, month, texts, file_name=file_name)
    finally:
        con.close()
    if result.status == "unchanged":
        where = f" (batch {result.batch_id})" if result.batch_id else ""
        console.print(
            f"{period_code(month)}: {', '.join(result.unchanged)} already in force{where}; "
            "nothing changed."
        )
    else:
        console.print(
            f"Saved {len(result.saved)} comment(s) for {period_code(month)} as batch "
            f"{result.batch_id}: {', '.join(result.saved)}."
        )
        if result.unchanged:
            console.print(f"Unchanged: {', '.join(result.unchanged)}.")
        if result.superseded:
            console.print(
                f"Replaces the text(s) of batch(es) {', '.join(map(str, result.superseded))}."
            )
    known = _block_keys(ws)
    unused = sorted(set(texts) - known) if known is not None else []
    for key in unused:
        console.print(
            f"[yellow]warning:[/] no commentary block in report.yaml uses the key '{key}'"
        )
    record(
        ws.root,
        "commentary",
        f"{period_code(month)} {', '.join(sorted(texts))}",
        content_hash=result.content_hash,
        details={
            "period": period_code(month),
            "file": file_name,
            "status": result.status,
            "batch_id": result.batch_id,
            "saved": result.saved,
            "unchanged": result.unchanged,
        },
    )
    return result


@comment_app.command("set")
def set_(
    key: KeyArgument,
    period: PeriodOption,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Markdown file (UTF-8) with the text.")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="The text itself.")] = None,
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Save the text of one comment for a month (a new version; earlier ones are kept)."""
    month = _period(period)
    if (file is None) == (text is None):
        raise typer.BadParameter("give the text with either --file or --text", param_hint="--file")
    source = str(file) if file is not None else "--text"
    if key_problem(key, source):
        raise UppsiktError(
            f"'{key}' is not a comment key: use lower-case letters a-z, digits and "
            "underscores, e.g. rs_analys"
        )
    markdown = read_text_file(file) if file is not None else normalise_text(text or "", source)
    ws = Workspace.open(workspace)
    _save(ws, month, {key: markdown}, file.name if file is not None else "--text")


@comment_app.command("import")
def import_(
    folder: Annotated[Path, typer.Argument(help="Folder with one KEY.md file per comment.")],
    period: PeriodOption,
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Save every KEY.md of a folder as the month's comments, in one batch (all or none)."""
    month = _period(period)
    texts = read_comment_folder(folder)
    ws = Workspace.open(workspace)
    _save(ws, month, texts, folder.name or str(folder))


@comment_app.command("export")
def export(
    period: PeriodOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write KEY.md files to.")],
    workspace: WorkspaceOption = Path("."),
) -> None:
    """Write the month's comments in force as KEY.md files (the form 'comment import' reads)."""
    month = _period(period)
    ws = Workspace.open(workspace)
    con = ws.connect()
    try:
        comments = current_comments(con, month)
    finally:
        con.close()
    paths = write_comment_folder(comments, out)
    console.print(f"Wrote {len(paths)} comment(s) for {period_code(month)} to {out}.")


@comment_app.command()
def show(
    period: PeriodOption,
    key: Annotated[str | None, typer.Argument(help="One key (default: every comment).")] = None,
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Print the month's comments in force (or one), with author and time."""
    month = _period(period)
    ws = Workspace.open(workspace)
    con = ws.connect()
    try:
        if key is None:
            comments = current_comments(con, month)
        else:
            found = current_comment(con, month, key)
            comments = [found] if found else []
    finally:
        con.close()
    if key is not None and not comments:
        raise UppsiktError(
            f"no comment '{key}' for {period_code(month)}",
            hint=f"Write it with 'uppsikt comment set {key} --period {period_code(month)} "
            "--file TEXT.md'.",
        )
    if as_json:
        console.print_json(json.dumps([_as_dict(c) for c in comments], ensure_ascii=False))
        return
    if not comments:
        console.print(f"No comments for {period_code(month)}.")
    for comment in comments:
        console.rule(
            f"{escape(comment.key)} · {comment.author} · "
            f"{comment.written_at:%Y-%m-%d %H:%M} · batch {comment.batch_id}"
        )
        console.print(comment.markdown, markup=False)


@comment_app.command("list")
def list_(
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="Only this month, YYYY-MM.")
    ] = None,
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """List the comments in force: month, key, author, time, batch and length."""
    month = _period(period) if period else None
    ws = Workspace.open(workspace)
    con = ws.connect()
    try:
        comments = list_comments(con, month)
    finally:
        con.close()
    if as_json:
        rows = [{k: v for k, v in _as_dict(c).items() if k != "markdown"} for c in comments]
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("period", "key", "author", "written", "batch", "characters", "sha256")
    for c in comments:
        table.add_row(
            period_code(c.period),
            c.key,
            escape(c.author),
            f"{c.written_at:%Y-%m-%d %H:%M}",
            str(c.batch_id),
            str(len(c.markdown)),
            c.text_hash[:12],
        )
    console.print(table)


@comment_app.command()
def history(
    key: KeyArgument,
    period: PeriodOption,
    workspace: WorkspaceOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Every version of one comment for a month, oldest first, and which is in force."""
    month = _period(period)
    ws = Workspace.open(workspace)
    con = ws.connect()
    try:
        versions = comment_history(con, month, key)
    finally:
        con.close()
    if as_json:
        console.print_json(json.dumps([_as_dict(c) for c in versions], ensure_ascii=False))
        return
    if not versions:
        console.print(f"No comment '{escape(key)}' has been saved for {period_code(month)}.")
        return
    for version in versions:
        status = "in force" if version.in_force else "replaced"
        console.rule(
            f"batch {version.batch_id} · {version.author} · "
            f"{version.written_at:%Y-%m-%d %H:%M} · {status}"
        )
        console.print(version.markdown, markup=False)
