"""Export: the warehouse's data written back out in an exchange format (SIE 4)."""

from uppsikt.export._sie import export_sie

__all__ = ["export_sie"]
