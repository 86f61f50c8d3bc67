"""The embedded DuckDB warehouse: schema, migrations and connections."""

from uppsikt.warehouse._connection import (
    LATEST_VERSION,
    connect,
    insert_columns,
    list_batches,
    migrate,
    schema_version,
)

__all__ = [
    "LATEST_VERSION",
    "connect",
    "insert_columns",
    "list_batches",
    "migrate",
    "schema_version",
]
