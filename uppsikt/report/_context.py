"""What a block builder gets to work with: the warehouse, the month and the report's settings.

Finance blocks are built in ``_builder``; KPI, register and commentary blocks in their own
modules, each from a :class:`BlockContext`, so no module has to know about every block type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb

from uppsikt.config import KpiCatalog, LineCatalog
from uppsikt.metrics import UnitTree


@dataclass(frozen=True)
class BlockContext:
    """``fill(template, where)`` replaces the placeholders ({year}, {month}, ...) in a text."""

    con: duckdb.DuckDBPyConnection
    period: date
    organisation: str
    catalog: LineCatalog
    kpis: KpiCatalog
    tree: UnitTree
    fill: Callable[[str, str], str]
