"""Configuration a controller edits: the workspace, report lines and the report definition."""

from uppsikt.config._commentary_blocks import COMMENTARY_BLOCK_TYPES
from uppsikt.config._kpi_blocks import KPI_BLOCK_TYPES
from uppsikt.config._kpis import KpiCatalog
from uppsikt.config._lines import Line, LineCatalog, LineGroup
from uppsikt.config._load import load_model, load_yaml, parse_model
from uppsikt.config._register_blocks import REGISTER_BLOCK_TYPES
from uppsikt.config._report_def import (
    FINANCE_MEASURES,
    BlockDef,
    ChartBlockDef,
    ColumnDef,
    ReportDefinition,
    RowDef,
    SectionDef,
    SeriesDef,
    TableBlockDef,
    TextBlockDef,
)
from uppsikt.config._workspace import Settings, SieSettings, Workspace, init_workspace

__all__ = [
    "COMMENTARY_BLOCK_TYPES",
    "FINANCE_MEASURES",
    "KPI_BLOCK_TYPES",
    "REGISTER_BLOCK_TYPES",
    "BlockDef",
    "ChartBlockDef",
    "ColumnDef",
    "KpiCatalog",
    "Line",
    "LineCatalog",
    "LineGroup",
    "ReportDefinition",
    "RowDef",
    "SectionDef",
    "SeriesDef",
    "Settings",
    "SieSettings",
    "TableBlockDef",
    "TextBlockDef",
    "Workspace",
    "init_workspace",
    "load_model",
    "load_yaml",
    "parse_model",
]
