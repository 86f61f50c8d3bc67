"""Building the report's commentary blocks: the text in force for the month and key.

A block with no stored text shows its ``fallback`` when it has one, otherwise a short
italic note, so a missing text is visible in every output rather than an empty slide.
"""

from __future__ import annotations

from uppsikt.commentary import current_comment
from uppsikt.config._commentary_blocks import CommentaryBlockDef
from uppsikt.fmt import period_label
from uppsikt.report._context import BlockContext
from uppsikt.report._model import Block, TextBlock

__all__ = ["build_commentary_block", "missing_text_note"]


def missing_text_note(block: CommentaryBlockDef, context: BlockContext) -> str:
    """The note shown when a block has no text and no fallback ("*Kommentar saknas ...*")."""
    what = "Kommentar saknas" if block.required else "Ingen kommentar"
    return f"*{what} för {period_label(context.period)}.*"


def build_commentary_block(context: BlockContext, block: object) -> Block:
    """The model block for one commentary block of the report definition."""
    assert isinstance(block, CommentaryBlockDef)
    where = f"block '{block.id}'"
    comment = current_comment(context.con, context.period, block.comment_key)
    if comment is not None:
        markdown = comment.markdown
    elif block.fallback is not None:
        markdown = context.fill(block.fallback, where)
    else:
        markdown = missing_text_note(block, context)
    return TextBlock(id=block.id, title=context.fill(block.title, where), markdown=markdown)
