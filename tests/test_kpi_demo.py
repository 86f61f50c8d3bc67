"""The demo's KPI files, imported into a fresh workspace, reproduce the seed's KPI tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Env
from uppsikt.config._load import load_yaml, parse_model
from uppsikt.config._report_def import ReportDefinition
from uppsikt.demo._kpi_data import write_kpi_demo
from uppsikt.report._builder import build_report
from uppsikt.report._model import Report, TableBlock

SNIPPET = Path(__file__).resolve().parents[1] / "uppsikt" / "demo" / "kpi_report.yaml"
NB = "\u00a0"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    env = Env(tmp_path_factory.mktemp("kpidemo"))
    try:
        root = env.ws.root
        env.imp(root / "data" / "units.csv", "units")
        env.imp(root / "data" / "accounts.csv", "accounts")
        env.imp("period,unit,account,amount\n2024-07,RS,4011,1\n", "ledger")
        kpis = env.ws.kpis()
        for path in write_kpi_demo(env.files / "kpi"):
            assert env.imp(path, "kpi", kpis=kpis).status == "imported"
        definition = parse_model(
            ReportDefinition, {"title": "T", **load_yaml(SNIPPET)}, str(SNIPPET)
        )
        con = env.connect()
        return build_report(
            con,
            definition=definition,
            catalog=env.catalog,
            organisation="Region Västerbotten",
            period=date(2024, 7, 1),
            kpis=kpis,
        )
    finally:
        env.close()


def grid(table: TableBlock) -> list[list[str]]:
    return [[row.label, *(c.display for c in row.cells)] for row in table.rows]


SICK_REGION = """2023-06 2,8 1,5 1,5 5,7
2023-07 2,7 1,5 1,5 5,7
2023-08 2,6 1,5 1,5 5,6
2023-09 2,5 1,5 1,5 5,6
2023-10 2,5 1,5 1,5 5,6
2023-11 2,6 1,5 1,5 5,6
2023-12 2,5 1,5 1,5 5,5
2024-01 2,5 1,5 1,5 5,5
2024-02 2,5 1,5 1,5 5,5
2024-03 2,5 1,6 1,5 5,5
2024-04 2,4 1,5 1,5 5,5
2024-05 2,4 1,6 1,5 5,5
2024-06 2,4 1,6 1,5 5,5"""

SICK_RS = """2023-06 2,5 1,3 0,9 4,7
2023-07 2,5 1,4 0,9 4,8
2023-08 2,5 1,5 0,9 4,9
2023-09 2,4 1,5 1,0 4,9
2023-10 2,4 1,6 0,9 4,9
2023-11 2,5 1,5 0,9 4,9
2023-12 2,5 1,5 1,0 4,9
2024-01 2,5 1,4 1,0 4,9
2024-02 2,4 1,4 1,0 4,8
2024-03 2,4 1,4 1,0 4,8
2024-04 2,3 1,4 1,0 4,7
2024-05 2,3 1,4 1,1 4,8
2024-06 2,3 1,3 1,1 4,8"""


@pytest.mark.parametrize(
    ("table_id", "seed"), [("sjukfranvaro_region", SICK_REGION), ("sjukfranvaro_rs", SICK_RS)]
)
def test_sick_leave_tables_are_the_seeds(report: Report, table_id: str, seed: str) -> None:
    table = report.table(table_id)
    assert [c.label for c in table.columns] == ["1-14 %", "15-180 %", "180+ %", "Totalt"]
    assert grid(table) == [line.split() for line in seed.splitlines()]


def test_sick_leave_by_gender_and_change_against_last_year(report: Report) -> None:
    # The seed: "2024-06 ... totalt 4,8 ... (kvinnor 6,1 män 3,3) jämfört med ifjol 4,7".
    row = grid(report.table("sjukfranvaro_kon"))[1]
    assert row == [
        "Regionstyrelsens förvaltning",
        "6,1%",
        "3,3%",
        "4,8%",
        "4,7%",
        f"+0,1{NB}%-enheter",
    ]


def test_pension_tables_are_the_seeds(report: Report) -> None:
    assert grid(report.table("pension_allokering")) == [
        ["Aktier", "65,4%", "60,0%", "5,4%"],
        ["-svenska aktier", "31,0%", "30,0%", "1,0%"],
        ["-utländska aktier", "34,4%", "30,0%", "4,4%"],
        ["Alternativa tillgångar", "0,0%", "20,0%", "-20,0%"],
        ["Räntor", "34,6%", "20,0%", "14,6%"],
        ["kassa", "0,0%", "0,0%", "0,0%"],
    ]
    assert grid(report.table("pension_avkastning")) == [
        ["Juli", "1,9%", "2,1%", "-0,2%"],
        ["YTD", "10,7%", "12,7%", "-2,0%"],
        ["12 mån", "13,9%", "16,8%", "-3,0%"],
        ["sen start 1/12 2023", "13,9%", "16,8%", "-3,0%"],
    ]


def test_hired_staff_table_is_the_seeds(report: Report) -> None:
    table = report.table("hyrpersonal")
    assert [c.label for c in table.columns] == [
        "Utfall 2023",
        "Utfall 2024",
        "Förändring mkr",
        "Förändring %",
    ]
    assert grid(table) == [
        ["Primärvård / Läkare", "-68,8", "-66,8", "-2,0", "-3%"],
        ["Primärvård / Sjuksköterska", "-10,7", "-8,0", "-2,6", "-25%"],
        ["Summa Primärvård", "-79", "-75", "-5", "-6%"],
        ["Sjukhusvård / Läkare", "-57,9", "-62,9", "5,0", "9%"],
        ["Sjukhusvård / Sjuksköterska", "-26,8", "-28,4", "1,7", "6%"],
        ["Summa Sjukhusvård", "-85", "-91", "7", "8%"],
        ["TOTALT", "-164", "-166", "2", "1%"],
    ]
    # The sums are computed from the parts, in kronor: -68,78 - 10,68 mkr.
    assert table.rows[2].cells[0].value == -79460000


def test_regions_table_is_the_seeds(report: Report) -> None:
    rows = grid(report.table("hyrpersonal_regioner"))
    assert len(rows) == 22
    assert rows[0] == ["Blekinge", "-6%", "1%", "55%", "-11%", "0%", "8%"]
    assert rows[16] == ["Västernorrland", "-1%", "-15%", "15%", "-1%", "1297%", "15%"]
    assert rows[-1] == ["Totalsumma", "-28%", "-19%", "-19%", "-34%", "-29%", "3%"]


def test_care_guarantee_changes_are_the_seeds(report: Report) -> None:
    rows = grid(report.table("vardgaranti"))
    # Seed: Förstabesök 59,5 % (-8,2 %-enheter), +833 (14 972) waiting, +1 465 > 90 days,
    # -5 > 365 days; Åtgärder 33,5 % (-7,1), +220 (9 970), +842, +76.
    first, treatment = rows
    assert first[1:3] + first[3:5] + [first[6], first[8]] == [
        "59,5%",
        f"-8,2{NB}%-enheter",
        f"14{NB}972",
        "+833",
        f"+1{NB}465",
        "-5",
    ]
    assert treatment[1:3] + treatment[3:5] + [treatment[6], treatment[8]] == [
        "33,5%",
        f"-7,1{NB}%-enheter",
        f"9{NB}970",
        "+220",
        "+842",
        "+76",
    ]
    assert report.table("vardgaranti").rows[0].cells[1].value == Decimal("-8.2")


def test_largest_changes_by_specialty_are_the_seeds(report: Report) -> None:
    # Seed: "ex. kirurgi +183, utprovning HA +170, ögon +101, ÖNH +72".
    rows = grid(report.table("vantande_90_specialitet"))
    assert [(r[0], r[2]) for r in rows] == [
        ("kirurgi", "+183"),
        ("utprovning HA", "+170"),
        ("ögon", "+101"),
        ("ÖNH", "+72"),
    ]


def test_charts_and_tiles(report: Report) -> None:
    blocks = {b.id: b for b in report.blocks()}
    beds = blocks["vardplatser"]
    assert beds.categories[0] == "2023-07" and beds.categories[-1] == "2024-07"
    tiles = {t.label: t for t in blocks["likviditet_lan"].tiles}
    assert tiles["Marknadsvärde juli"].display == f"6{NB}186"
    assert tiles["Låneskuld juli"].display == f"2{NB}220"
    assert tiles["Snittränta låneskuld"].display == "2,7%"
    growth = blocks["befolkningstillvaxt"]
    assert growth.series[0].display[growth.categories.index("Västerbotten")] == "1,06%"
    # The seed's text: "Endast 6 av 21 regioner ökar", lowest Blekinge.
    values = growth.series[0].values
    assert len(growth.categories) == 21 and None not in values
    assert sum(1 for v in values if v > 0) == 6
    assert growth.categories[values.index(min(values))] == "Blekinge"


def test_unemployment_chart_compares_the_region_with_the_country(report: Report) -> None:
    chart = {b.id: b for b in report.blocks()}["arbetsloshet"]
    assert chart.title == "Arbetslöshet (%) juli 2024"
    assert [s.name for s in chart.series] == ["Region Västerbotten", "Riket"]
    assert chart.categories[0] == "2023-07" and len(chart.categories) == 13
    # The demo's rates, stored as fractions: 5,9 % falling 0,05 a month, the country's
    # 8,1 % rising 0,04.
    assert chart.series[0].values[-1] * 100 == Decimal("5.9") - 12 * Decimal("0.05")
    assert chart.series[1].values[-1] * 100 == Decimal("8.1") + 12 * Decimal("0.04")
    assert chart.series[0].display[-1] == "5,3%"


def test_hired_staff_change_chart_draws_the_regions_table(report: Report) -> None:
    blocks = {b.id: b for b in report.blocks()}
    chart = blocks["hyrpersonal_forandring"]
    assert chart.title == "Procentuell förändring av hyrkostnader halvår 1, 2024 och 2023"
    table = blocks["hyrpersonal_regioner"]
    regions = [row.label for row in table.rows[:-1]]
    assert chart.categories == regions
    assert chart.series[0].display == [row.cells[0].display for row in table.rows[:-1]]
    assert chart.series[0].display[regions.index("Stockholm")] == "-58%"
