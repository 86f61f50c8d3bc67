"""Report-definition blocks whose text is the period's stored commentary.

Placeholder until commentary lands: one block type, so the definition can name it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from uppsikt.config._base import ID_PATTERN, Strict


class CommentaryBlockDef(Strict):
    type: Literal["commentary"]
    id: str = Field(pattern=ID_PATTERN)
    title: str


# Every commentary block type: a union of the classes above (each with a Literal ``type``).
CommentaryBlockDefs = CommentaryBlockDef
COMMENTARY_BLOCK_TYPES: frozenset[str] = frozenset({"commentary"})
