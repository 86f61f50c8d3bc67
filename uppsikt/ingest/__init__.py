"""Ingest: reading input files, checking them against the data contract and storing them."""

from uppsikt.ingest._contract import KINDS, ColumnSpec, KindSpec
from uppsikt.ingest._importer import ImportResult, import_file
from uppsikt.ingest._sie_import import import_sie

__all__ = ["KINDS", "ColumnSpec", "ImportResult", "KindSpec", "import_file", "import_sie"]
