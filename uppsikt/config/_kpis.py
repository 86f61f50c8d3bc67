"""KPI definitions (``kpis.yaml``): what each KPI is, its unit, direction, targets and privacy.

Placeholder until the KPI framework lands: an empty catalog.
"""

from __future__ import annotations

from pydantic import Field

from uppsikt.config._base import Strict


class KpiCatalog(Strict):
    """Every KPI the workspace knows."""

    kpis: list[dict] = Field(default_factory=list)
