"""Report-definition blocks that show KPIs (see config/_kpis.py for the KPI definitions).

Placeholder until the KPI framework lands: one block type, so the definition can name it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from uppsikt.config._base import ID_PATTERN, Strict


class KpiTableBlockDef(Strict):
    type: Literal["kpi_table"]
    id: str = Field(pattern=ID_PATTERN)
    title: str


# Every KPI block type: a union of the classes above (each with a Literal ``type``).
KpiBlockDefs = KpiTableBlockDef
KPI_BLOCK_TYPES: frozenset[str] = frozenset({"kpi_table"})
