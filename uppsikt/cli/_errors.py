"""Rendering a user's mistake once, readably, without a traceback."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from uppsikt.errors import InputError, InputErrors, UppsiktError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def report_error(error: UppsiktError) -> None:
    if isinstance(error, InputError):
        err_console.print(f"[bold red]error:[/] {escape(str(error.problem))}")
    elif isinstance(error, InputErrors):
        err_console.print(f"[bold red]error:[/] {escape(str(error).splitlines()[0])}")
        for problem in error.problems[:50]:
            err_console.print(f"  {escape(str(problem))}")
        hidden = error.total - min(len(error.problems), 50)
        if hidden > 0:
            err_console.print(f"  ... and {hidden} more problem(s).")
    else:
        err_console.print(f"[bold red]error:[/] {escape(str(error))}")
    if error.hint:
        err_console.print(f"[yellow]hint:[/] {escape(error.hint)}")
