"""The embedded DuckDB warehouse: schema, migrations and connections."""

from uppsikt.warehouse._as_of import as_of, last_batch_id
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
    "as_of",
    "connect",
    "insert_columns",
    "last_batch_id",
    "list_batches",
    "migrate",
    "schema_version",
]
