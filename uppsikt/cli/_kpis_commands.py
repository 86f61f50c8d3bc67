"""The ``uppsikt kpis`` command: the KPI definitions and the latest observation of each."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from uppsikt.cli._app import WorkspaceOption, app, console
from uppsikt.config import Workspace


@app.command()
def kpis(workspace: WorkspaceOption = Path(".")) -> None:
    """List the KPIs of kpis.yaml with their latest imported period and observation count."""
    ws = Workspace.open(workspace)
    catalog = ws.kpis()
    con = ws.connect(read_only=True) if ws.warehouse_path.exists() else None
    latest: dict[str, tuple[str, int]] = {}
    if con is not None:
        try:
            rows = con.execute(
                "SELECT kpi, strftime(max(period), '%Y-%m'), count(*) "
                "FROM kpi_observations_current GROUP BY kpi"
            ).fetchall()
            latest = {r[0]: (r[1], r[2]) for r in rows}
        finally:
            con.close()
    table = Table("id", "name", "unit", "periodicity", "breakdowns", "latest", "observations")
    for kpi in catalog.kpis:
        period, count = latest.get(kpi.id, ("", 0))
        table.add_row(
            kpi.id,
            kpi.name,
            kpi.unit,
            kpi.periodicity,
            ", ".join(kpi.breakdown_ids),
            period,
            str(count),
        )
    console.print(table)
