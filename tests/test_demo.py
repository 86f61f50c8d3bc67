"""The demo region builds for every month of 2024, with consistent figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.demo import create_demo
from uppsikt.report import Report, build_workspace_report


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return create_demo(tmp_path_factory.mktemp("demo") / "ws")


def build(ws, month: int) -> Report:
    with ws.connect() as con:
        return build_workspace_report(con, ws, date(2024, month, 1))


def column(report: Report, table: str, column_id: str) -> list[Decimal | None]:
    block = report.table(table)
    index = block.column_index(column_id)
    return [row.cells[index].value for row in block.rows]  # type: ignore[misc]


def test_every_month_builds_and_ytd_is_the_sum_of_months(demo, tmp_path: Path) -> None:
    reports = [build(demo, month) for month in range(1, 8)]
    months = [column(r, "rs_resultat", "actual_month") for r in reports]
    ytd = column(reports[-1], "rs_resultat", "actual_ytd")
    assert ytd == [sum(values, Decimal(0)) for values in zip(*months, strict=True)]
    # The prior year's columns come from 2023 data.
    prior = column(reports[-1], "region_resultat", "actual_ytd_prior")
    assert all(v is not None and v != 0 for v in prior)


def test_demo_has_the_seed_tables(demo) -> None:
    report = build(demo, 7)
    ids = {b.id for b in report.blocks()}
    # The stable ids of the seed's tables (issue 6).
    assert {
        "rs_resultat",
        "rs_personalkostnad_okning",
        "region_resultat",
        "investeringar",
        "resekostnader",
        "pension_allokering",
        "pension_avkastning",
        "sjukfranvaro_region",
        "sjukfranvaro_rs",
        "vardgaranti",
        "program_fvis",
        "utvecklingsportfolj",
        "fastighetsportfolj",
        "clg_fokusomraden",
        "fullmaktigeuppdrag",
        "hyrpersonal",
        "hyrpersonal_regioner",
    } <= ids
    labels = [row.label for row in report.table("rs_resultat").rows]
    assert labels[0] == "Regionförvaltningen gemensamt"
    assert labels[-1] == "Verksamhetens nettokostnader"


def test_the_whole_demo_report_renders_in_every_format(demo, tmp_path: Path) -> None:
    from uppsikt.render import read_json, render

    report = build(demo, 7)
    titles = [section.title for section in report.sections]
    assert titles[0] == "Ekonomi, regionstyrelsen" and titles[-1] == "Övrigt"
    html = render(report, "html", tmp_path).read_text(encoding="utf-8")
    for block in report.blocks():
        assert f'id="block-{block.id}"' in html, block.id
    assert "Sommaren" in html and "Årlig personalkostnadsökning" in html
    for name in ("pptx", "xlsx", "json"):
        assert render(report, name, tmp_path).stat().st_size > 0
    assert read_json(tmp_path / "report-2024-07.json").table("program_fvis") == report.table(
        "program_fvis"
    )
