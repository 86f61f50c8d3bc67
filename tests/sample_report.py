"""A report model with every kind of block, for renderer tests (built from the demo region)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from tempfile import mkdtemp

from uppsikt.demo import create_demo
from uppsikt.report import (
    Cell,
    Column,
    Report,
    Row,
    Section,
    Source,
    StatusTableBlock,
    TableBlock,
    TextBlock,
    Tile,
    TilesBlock,
    build_workspace_report,
)

_STATUS_LABELS = {"good": "Enligt plan", "warning": "Delvis", "bad": "Ej enligt plan"}


def _status_table() -> StatusTableBlock:
    columns = [
        Column(id="portfolj", label="Portfölj", kind="text"),
        Column(id="tid", label="Tid", kind="status"),
        Column(id="kostnad", label="Kostnad", kind="status"),
        Column(id="resultat", label="Resultat", kind="status"),
        Column(id="resurser", label="Resurser", kind="status"),
        Column(id="projektledare", label="Projektledare", kind="text"),
    ]
    data = [
        ("Digitala kallelser", "good", "good", "warning", "good", "Andreas Viklund"),
        ("Externa remisser och svar", "warning", "bad", "good", "good", "Lillemor Bergsten"),
        ("Införande LifecareSP", "bad", "warning", "warning", "bad", "Anders Wink"),
    ]
    rows = [
        Row(
            label=name,
            cells=[Cell(value=name, display=name)]
            + [Cell(value=s, display=_STATUS_LABELS[s]) for s in statuses]
            + [Cell(value=manager, display=manager)],
        )
        for name, *statuses, manager in data
    ]
    return StatusTableBlock(
        id="exempel_portfolj",
        title="Sammanställning initiativ i utvecklingsportföljen – status Juli",
        columns=columns,
        rows=rows,
    )


def _long_table() -> TableBlock:
    """A table with more rows than fit one slide or page, and a suppressed cell."""
    columns = [
        Column(id="region", label="Region", kind="text"),
        Column(id="total", label="Totalt förändring", kind="percent", decimals=0),
        Column(id="andel", label="Andel hyrpersonal", kind="percent", decimals=0),
    ]
    rows = []
    for index in range(30):
        change = Decimal(index * 3 - 45) / 100
        rows.append(
            Row(
                label=f"Region {index + 1}",
                cells=[
                    Cell(value=f"Region {index + 1}", display=f"Region {index + 1}"),
                    Cell(value=change, display=f"{round(change * 100)}%"),
                    Cell(value=None, display="..", note="*")
                    if index == 3
                    else Cell(value=Decimal("0.04"), display="4%"),
                ],
            )
        )
    return TableBlock(
        id="exempel_lang_tabell",
        title="Utveckling per region och verksamhet samt andel hyrpersonal",
        columns=columns,
        rows=rows,
        notes=["* Uppgiften visas inte: gruppen har färre än elva anställda."],
    )


def small_report(
    blocks: list, sources: list[Source] | None = None, queries: dict[str, str] | None = None
) -> Report:
    """A one-section report around hand-made blocks, for renderer edge cases."""
    return Report(
        title="Testrapport",
        organisation="Region Test",
        period="2024-07",
        period_label="juli 2024",
        generated_at=datetime(2024, 8, 20, 9, 30, tzinfo=UTC),
        software_version="0.0.0",
        sections=[Section(id="s", title="Avsnitt", blocks=blocks)],
        sources=sources or [],
        queries=queries or {},
    )


@cache
def sample_report() -> Report:
    workspace = create_demo(Path(mkdtemp(prefix="uppsikt-sample-")) / "ws")
    con = workspace.connect()
    try:
        # The finance blocks of the demo report, plus hand-made blocks below whose content the
        # renderer tests know; KPI, register and commentary blocks have tests of their own.
        finance = {
            block.id
            for section in workspace.report_definition().sections
            for block in section.blocks
            if block.type in ("table", "chart", "text")
        }
        report = build_workspace_report(con, workspace, date(2024, 7, 1), only_blocks=finance)
    finally:
        con.close()
    extra = Section(
        id="exempel",
        title="Portföljer och övrigt",
        blocks=[
            TilesBlock(
                id="vardgaranti_tiles",
                title="Vårdgarantiläget",
                tiles=[
                    Tile(
                        label="Förstabesök",
                        value=Decimal("0.595"),
                        display="59,5 %",
                        change_display="-8,2 %-enheter",
                        status="bad",
                    ),
                    Tile(
                        label="Åtgärder",
                        value=Decimal("0.335"),
                        display="33,5 %",
                        change_display="-7,1 %-enheter",
                        status="warning",
                    ),
                ],
            ),
            _status_table(),
            _long_table(),
            TextBlock(
                id="sommaren",
                title="Sommaren",
                markdown="- För alla förvaltningar utom HSF har sommaren varit en bra sommar.\n"
                "- Inom kirurgi, ortopedi och medicin har det varit **många** överbeläggningar.\n"
                "- Samarbetet i länet har fungerat bra.",
            ),
        ],
    )
    return report.model_copy(update={"sections": [*report.sections, extra]})
