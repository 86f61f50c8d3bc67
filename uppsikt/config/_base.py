"""Shared pieces of the configuration models: a strict, frozen base and the id pattern."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# Ids of blocks, sections, columns, KPIs and registers: lower-case letters, digits, underscore.
ID_PATTERN = r"^[a-z0-9_]+$"


class Strict(BaseModel):
    """A configuration model: unknown keys are errors, loaded values never change."""

    model_config = ConfigDict(frozen=True, extra="forbid")
