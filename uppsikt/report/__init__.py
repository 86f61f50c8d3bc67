"""The report model and its builder: plain data that every renderer draws from."""

from uppsikt.report._builder import build_report, placeholders
from uppsikt.report._model import (
    SCHEMA_VERSION,
    Block,
    Cell,
    ChartBlock,
    Column,
    Report,
    Row,
    Section,
    Series,
    Source,
    Status,
    StatusTableBlock,
    TableBlock,
    TextBlock,
    Tile,
    TilesBlock,
    report_json_schema,
)

__all__ = [
    "SCHEMA_VERSION",
    "Block",
    "Cell",
    "ChartBlock",
    "Column",
    "Report",
    "Row",
    "Section",
    "Series",
    "Source",
    "Status",
    "StatusTableBlock",
    "TableBlock",
    "TextBlock",
    "Tile",
    "TilesBlock",
    "build_report",
    "placeholders",
    "report_json_schema",
]
