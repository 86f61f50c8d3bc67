"""Registers kept in the workspace (assignments, portfolios, goals, risks, plans), each with
its monthly history: import for a month, read back as in force for a report month, export.

The specs are imported eagerly (the configuration validates register names against them);
the functions that need the warehouse and the file readers load on first use, so that
importing the configuration does not pull in the import machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppsikt.registers._catalog import REGISTERS
from uppsikt.registers._spec import (
    STATUS_LABELS,
    STATUS_WORDS,
    RegisterColumn,
    RegisterSpec,
)

if TYPE_CHECKING:
    from uppsikt.registers._export import export_register
    from uppsikt.registers._import import RegisterImportResult, import_register, register_spec
    from uppsikt.registers._query import (
        register_months,
        reported_month,
        rows_for,
        status_history,
    )

__all__ = [
    "REGISTERS",
    "STATUS_LABELS",
    "STATUS_WORDS",
    "RegisterColumn",
    "RegisterImportResult",
    "RegisterSpec",
    "export_register",
    "import_register",
    "register_months",
    "register_spec",
    "reported_month",
    "rows_for",
    "status_history",
]

_LAZY = {
    "export_register": "_export",
    "RegisterImportResult": "_import",
    "import_register": "_import",
    "register_spec": "_import",
    "register_months": "_query",
    "reported_month": "_query",
    "rows_for": "_query",
    "status_history": "_query",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"uppsikt.registers.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'uppsikt.registers' has no attribute {name!r}")
