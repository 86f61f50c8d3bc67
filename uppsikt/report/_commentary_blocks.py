"""Building the report's commentary blocks from the warehouse.

Placeholder until the commentary blocks land.
"""

from __future__ import annotations

from uppsikt.report._context import BlockContext
from uppsikt.report._model import Block


def build_commentary_block(context: BlockContext, block: object) -> Block:
    """The model block for one commentary block of the report definition."""
    raise NotImplementedError(f"commentary blocks are not built yet: {block!r}")
