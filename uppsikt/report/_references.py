"""Figures quoted in texts: ``{{block | row | column}}`` prints a cell of another block.

A commentary or text block's Markdown may quote any figure of the report instead of typing
it, so the sentence and the table beside it can never disagree:

- a table's cell: ``{{sjukfranvaro_region | 2024-06 | Totalt}}`` (row by label, unit code,
  ``group/label`` or number; column by id or label);
- a chart's point: ``{{befolkningstillvaxt | Västerbotten | Tillväxt, %}}`` (category, then
  series by name or number; the series may be left out when the chart has one);
- a tile: ``{{likviditet_lan | 3}}`` (tile by label or number).

The quoted cells are kept in the text block's ``figures`` with their values and lineage.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from uppsikt.commentary import QUOTE
from uppsikt.errors import ConfigError
from uppsikt.report._model import Block, Cell, ChartBlock, TableBlock, TextBlock, TilesBlock

__all__ = ["quote_figures"]


def _parts(reference: str) -> list[str]:
    return [part.strip() for part in reference.split("|")]


def _position(ident: str, names: list[str]) -> int:
    if ident in names:
        return names.index(ident)
    if ident.isdigit() and 1 <= int(ident) <= len(names):
        return int(ident) - 1
    raise KeyError(ident)


def _quoted(block: Block, parts: list[str]) -> Cell:
    """The cell ``parts`` (after the block id) name; KeyError or ValueError says what is wrong."""
    if isinstance(block, TableBlock):
        if len(parts) != 2:
            raise ValueError("a table's cell is {{table | row | column}}")
        try:
            row = block.row_index(parts[0])
        except KeyError:
            raise KeyError(f"table '{block.id}' has no row '{parts[0]}'") from None
        try:
            column = block.column_index(parts[1])
        except KeyError:
            raise KeyError(f"table '{block.id}' has no column '{parts[1]}'") from None
        return block.rows[row].cells[column]
    if isinstance(block, ChartBlock):
        if len(parts) not in (1, 2) or (len(parts) == 1 and len(block.series) != 1):
            raise ValueError("a chart's point is {{chart | category | series}}")
        try:
            index = _position(parts[0], block.categories)
        except KeyError:
            raise KeyError(f"chart '{block.id}' has no category '{parts[0]}'") from None
        name = parts[1] if len(parts) == 2 else "1"
        try:
            series = block.series[_position(name, [s.name for s in block.series])]
        except KeyError:
            raise KeyError(f"chart '{block.id}' has no series '{name}'") from None
        return Cell(value=series.values[index], display=series.display[index])
    if isinstance(block, TilesBlock):
        if len(parts) != 1:
            raise ValueError("a tile is {{tiles | tile}}")
        try:
            tile = block.tiles[_position(parts[0], [t.label for t in block.tiles])]
        except KeyError:
            raise KeyError(f"block '{block.id}' has no tile '{parts[0]}'") from None
        return Cell(value=tile.value, display=tile.display)
    raise ValueError(f"block '{block.id}' is a {block.type} block, which has no figures to quote")


def quote_figures(text: TextBlock, lookup: Callable[[str], Block | None]) -> TextBlock:
    """The text with every ``{{...}}`` replaced by the figure it names (``lookup`` finds a
    block by id); raises ConfigError naming the text and the reference when one is wrong."""
    if "{{" not in text.markdown:
        return text
    figures = dict(text.figures)

    def replace(match: re.Match[str]) -> str:
        reference = match.group(1).strip()
        block_id, *rest = _parts(reference)
        where = f"text '{text.id}': {{{{{reference}}}}}"
        block = lookup(block_id)
        if block is None:
            raise ConfigError(f"{where} names no block '{block_id}' of the report")
        try:
            cell = _quoted(block, rest)
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"{where}: {exc.args[0]}") from None
        figures[" | ".join([block_id, *rest])] = cell
        return cell.display

    markdown = QUOTE.sub(replace, text.markdown)
    return text.model_copy(update={"markdown": markdown, "figures": figures})
