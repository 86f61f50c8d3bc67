"""A diff as one small self-contained HTML page (no scripts, no external assets)."""

from __future__ import annotations

from html import escape

from uppsikt.publish._diff import Diff

__all__ = ["diff_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
table { border-collapse: collapse; margin-top: 1rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
caption { text-align: left; font-weight: bold; margin-bottom: .5rem; }
"""


def diff_html(result: Diff) -> str:
    """The page: the changed inputs, then every changed figure with old and new value."""
    title = f"Skillnader {result.a} → {result.b}"
    inputs = "".join(f"<li>{escape(c.description)}</li>" for c in result.inputs)
    rows = "".join(
        "<tr>"
        f"<td>{escape(c.block_title)}</td><td>{escape(c.row_label)}</td>"
        f"<td>{escape(c.column_label)}</td>"
        f'<td class="num">{escape(c.old_display if c.old_display is not None else "–")}</td>'
        f'<td class="num">{escape(c.new_display if c.new_display is not None else "–")}</td>'
        f"<td>{'<br>'.join(escape(x) for x in c.causes)}</td>"
        "</tr>"
        for c in result.changes
    )
    body = (
        f"<p>{len(result.changes)} ändrade värden.</p>"
        if result.changes
        else "<p>Inga skillnader: alla värden är identiska.</p>"
    )
    table = (
        f"<table><caption>Ändrade värden</caption><thead><tr><th>Block</th><th>Rad</th>"
        f"<th>Kolumn</th><th>{escape(result.a)}</th><th>{escape(result.b)}</th>"
        f"<th>Orsak</th></tr></thead><tbody>{rows}</tbody></table>"
        if result.changes
        else ""
    )
    changed_inputs = (
        f"<h2>Ändrade underlag</h2><ul>{inputs}</ul>" if inputs else "<p>Samma underlag.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>{body}{changed_inputs}{table}</body></html>\n"
    )
