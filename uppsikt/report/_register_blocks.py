"""Building the report's register blocks from the warehouse.

Placeholder until the register blocks land.
"""

from __future__ import annotations

from uppsikt.report._context import BlockContext
from uppsikt.report._model import Block


def build_register_block(context: BlockContext, block: object) -> Block:
    """The model block for one register block of the report definition."""
    raise NotImplementedError(f"register blocks are not built yet: {block!r}")
