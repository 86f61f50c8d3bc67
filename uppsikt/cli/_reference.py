"""The CLI reference (docs/cli.md), generated from the commands themselves."""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

from uppsikt.cli._app import app


def _options(command: Any) -> list[str]:
    lines = []
    for param in command.params:
        if param.param_type_name == "argument":
            lines.append(f"| `{param.name.upper()}` | argument | {_help(param)} |")
        elif param.param_type_name == "option" and not param.hidden:
            names = ", ".join(f"`{n}`" for n in param.opts)
            default = ""
            shown = "default" in (param.help or "")
            if param.default not in (None, False, ()) and not shown and not param.is_flag:
                value = getattr(param.default, "value", param.default)
                default = f" (default: `{value}`)"
            lines.append(f"| {names} | option | {_help(param)}{default} |")
    return lines


def _help(param: Any) -> str:
    text = getattr(param, "help", None) or ""
    annotation = param.type_descriptor.annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        text += " One of: " + ", ".join(f"`{c.value}`" for c in annotation) + "."
    return text.replace("|", "\\|").strip()


def cli_reference() -> str:
    """Markdown describing every command, its arguments and options."""
    group = typer.main.get_command(app)
    parts = [
        "# CLI reference",
        "",
        "Generated from the commands by `python -m uppsikt.cli._reference > docs/cli.md`;",
        "a test keeps it current. Every command prints `--help`.",
        "",
    ]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        parts += [f"## `uppsikt {name}`", "", (command.help or "").strip(), ""]
        rows = _options(command)
        if rows:
            parts += ["| name | kind | meaning |", "|---|---|---|", *rows, ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(cli_reference())
