"""The readiness check: per block of the report, which data is present, missing or stale.

See docs/check.md. ``uppsikt check --period YYYY-MM`` prints :func:`check_report`'s findings.
"""

from uppsikt.check._context import CheckContext
from uppsikt.check._finance import FORECAST_MAX_AGE_MONTHS, month_spans
from uppsikt.check._model import STATUSES, WORKSPACE_SECTION, Finding, Status
from uppsikt.check._needs import Needs, chart_needs, measure_months, table_needs
from uppsikt.check._registry import CHECKS, BlockCheck, check_report, register_check

__all__ = [
    "CHECKS",
    "FORECAST_MAX_AGE_MONTHS",
    "STATUSES",
    "WORKSPACE_SECTION",
    "BlockCheck",
    "CheckContext",
    "Finding",
    "Needs",
    "Status",
    "chart_needs",
    "check_report",
    "measure_months",
    "month_spans",
    "register_check",
    "table_needs",
]
