"""Building the report's kpi blocks from the warehouse.

Placeholder until the kpi blocks land.
"""

from __future__ import annotations

from uppsikt.report._context import BlockContext
from uppsikt.report._model import Block


def build_kpi_block(context: BlockContext, block: object) -> Block:
    """The model block for one kpi block of the report definition."""
    raise NotImplementedError(f"kpi blocks are not built yet: {block!r}")
