"""Report-definition blocks whose text is the period's stored commentary (docs/commentary.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from uppsikt.config._base import ID_PATTERN, Strict


class CommentaryBlockDef(Strict):
    """A text written for each month by the responsible person, stored under ``key``.

    ``required``: ``uppsikt check`` lists the text as missing when there is none for the
    month. ``fallback``: Markdown shown when there is no text (placeholders allowed).
    """

    type: Literal["commentary"]
    id: str = Field(pattern=ID_PATTERN)
    title: str
    key: str | None = Field(default=None, pattern=ID_PATTERN)
    required: bool = False
    fallback: str | None = None

    @property
    def comment_key(self) -> str:
        """The key the text is stored under: ``key``, or the block's id."""
        return self.key or self.id


# Every commentary block type: a union of the classes above (each with a Literal ``type``).
CommentaryBlockDefs = CommentaryBlockDef
COMMENTARY_BLOCK_TYPES: frozenset[str] = frozenset({"commentary"})
