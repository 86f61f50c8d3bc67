"""How a register is declared: its columns, their types and allowed values, and its key.

One :class:`RegisterSpec` per register (see ``_catalog``). Validation, storage, export and the
CLI are all driven by these specs, so a new register is one declaration plus its table in the
warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal[
    "code", "text", "status", "scale", "integer", "amount", "number", "year", "choice"
]

# The status words a register accepts (case and repeated spaces do not matter), the model's
# traffic light for each and the label a report prints beside the light.
STATUS_WORDS: dict[str, str] = {
    "enligt plan": "good",
    "delvis": "warning",
    "ej enligt plan": "bad",
}
STATUS_LABELS: dict[str, str] = {
    "good": "Enligt plan",
    "warning": "Delvis",
    "bad": "Ej enligt plan",
}


@dataclass(frozen=True)
class RegisterColumn:
    """A column of a register file.

    ``required``: every row needs a value (and so the file needs the column); other columns
    may be absent or empty. ``allowed`` lists the values of a ``choice`` column (compared
    without regard to case); ``minimum``/``maximum`` bound a ``scale`` or ``integer`` column.
    """

    name: str
    type: ColumnType
    required: bool = False
    description: str = ""
    allowed: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def sql_type(self) -> str:
        return {
            "scale": "INTEGER",
            "integer": "INTEGER",
            "year": "INTEGER",
            "amount": "DECIMAL(18, 2)",
            "number": "DECIMAL(18, 2)",
        }.get(self.type, "VARCHAR")


@dataclass(frozen=True)
class RegisterSpec:
    """A register: its name (the CLI's ``--register``), what it holds, its columns and key.

    ``table`` is the warehouse table; ``<table>_current`` is the view of the rows in force.
    """

    name: str
    title: str
    description: str
    columns: tuple[RegisterColumn, ...]
    key: tuple[str, ...]

    @property
    def table(self) -> str:
        return f"register_{self.name}"

    @property
    def view(self) -> str:
        return f"register_{self.name}_current"

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> RegisterColumn:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def status_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.type == "status"]
