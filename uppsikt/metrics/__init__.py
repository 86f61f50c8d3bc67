"""Metrics: every figure of the report, computed in the warehouse from the stored data."""

from uppsikt.metrics._arithmetic import change, change_pct, deviation, rolling_sum, running_sum
from uppsikt.metrics._explain import Contribution, VoucherRow, contributions, vouchers
from uppsikt.metrics._finance import (
    COMPONENTS,
    FORMULAS,
    QUERIES,
    FigureRequest,
    Figures,
    FinanceMetrics,
)
from uppsikt.metrics._tree import ROOT, Unit, UnitTree

__all__ = [
    "COMPONENTS",
    "FORMULAS",
    "QUERIES",
    "ROOT",
    "Contribution",
    "FigureRequest",
    "Figures",
    "FinanceMetrics",
    "Unit",
    "UnitTree",
    "VoucherRow",
    "change",
    "change_pct",
    "contributions",
    "deviation",
    "rolling_sum",
    "running_sum",
    "vouchers",
]
