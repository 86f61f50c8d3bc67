"""Report-definition blocks that show registers (assignments, portfolios, goals, risks, ...).

Placeholder until the registers land: one block type, so the definition can name it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from uppsikt.config._base import ID_PATTERN, Strict


class RegisterTableBlockDef(Strict):
    type: Literal["register_table"]
    id: str = Field(pattern=ID_PATTERN)
    title: str


# Every register block type: a union of the classes above (each with a Literal ``type``).
RegisterBlockDefs = RegisterTableBlockDef
REGISTER_BLOCK_TYPES: frozenset[str] = frozenset({"register_table"})
