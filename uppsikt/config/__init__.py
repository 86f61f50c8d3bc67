"""Configuration a controller edits: the workspace, report lines and the report definition."""

from uppsikt.config._lines import Line, LineCatalog, LineGroup
from uppsikt.config._load import load_model, load_yaml, parse_model
from uppsikt.config._report_def import (
    FINANCE_MEASURES,
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
    "FINANCE_MEASURES",
    "ChartBlockDef",
    "ColumnDef",
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
