"""The demo region's July 2024 report, cell by cell against the seed report's printed tables.

Each file in tests/golden/ is a transcription of one table of the seed report
(shared/seeds/000_577b276b1d364eb2.txt): the slide title, then one line per row with the
row label and the printed cells, tab-separated. The demo's raw data are generated, imported
and the report is computed from them; every ``display`` text must equal the printed one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from uppsikt.demo import create_demo
from uppsikt.periods import parse_period
from uppsikt.report import Report, build_workspace_report

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str) -> tuple[str, list[list[str]]]:
    lines = (GOLDEN / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    title = lines[0].removeprefix("# ")
    rows = [line.split("\t") for line in lines[1:] if not line.startswith("#")]
    return title, rows


def _normal(text: str) -> str:
    """The seed separates thousands with a space, uppsikt with a no-break space."""
    return text.replace("\xa0", " ").strip()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    workspace = create_demo(tmp_path_factory.mktemp("golden") / "demo")
    con = workspace.connect()
    try:
        return build_workspace_report(con, workspace, parse_period("2024-07"))
    finally:
        con.close()


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.tsv")))
def test_table_matches_the_seed_cell_by_cell(report: Report, name: str) -> None:
    _, expected = _golden(name)
    table = report.table(name)
    # A table whose rows have groups (the care level) prints the group first, as the seed does.
    grouped = any(row.group for row in table.rows)
    built = [
        ([row.group or ""] if grouped else [])
        + [row.label]
        + [_normal(c.display) for c in row.cells]
        for row in table.rows
    ]
    assert len(built) == len(expected)
    for built_row, expected_row in zip(built, expected, strict=True):
        assert built_row == [_normal(x) for x in expected_row]


def test_every_seed_table_has_a_golden_file() -> None:
    names = {p.stem for p in GOLDEN.glob("*.tsv")}
    assert names == {
        "rs_resultat",
        "region_resultat",
        "investeringar",
        "resekostnader",
        "hyrpersonal",
        "hyrpersonal_regioner",
        "sjukfranvaro_region",
        "sjukfranvaro_rs",
        "pension_allokering",
        "pension_avkastning",
        "program_fvis",
    }


def test_the_travel_assignment_sentence_is_computed(report: Report) -> None:
    assert report.table("resekostnader").notes == [
        "Ack juli: Totalt för regionen 13 % högre kostnader än plan 2024 och 3,6 procent "
        "lägre än samma period 2023"
    ]


def test_annual_personnel_cost_increase(report: Report) -> None:
    # "Årlig personalkostnadsökning": 2020: 6,4%, 2021: 1,2%, 2022: 1,2%, 2023: 9,9%,
    # 2024 ack juli: 8,6%.
    table = report.table("rs_personalkostnad_okning")
    assert [(r.label, r.cells[0].display) for r in table.rows] == [
        ("2020", "6,4%"),
        ("2021", "1,2%"),
        ("2022", "1,2%"),
        ("2023", "9,9%"),
        ("2024 ack juli", "8,6%"),
    ]


def test_the_result_sentence_quotes_the_table_beside_it(report: Report) -> None:
    # The seed types "2024: - 100 mkr varav finansnetto + 100 mkr" next to a table whose
    # "Summa Finansnetto" is 155: the demo computes the sentence, so it says 155.
    text = next(b for b in report.blocks() if b.id == "region_resultat_kommentar")
    assert text.markdown == (
        "**Resultat ack juli:**\n\n"
        "- 2024: -100 mkr varav finansnetto +155 mkr\n"
        "- 2023: -212 mkr varav finansnetto +79 mkr\n"
    )
    table = report.table("region_resultat")
    finansnetto = table.rows[table.row_index("Summa Finansnetto")]
    actual = [c.id for c in table.columns].index("actual_ytd")
    assert text.figures["finansnetto"].value == finansnetto.cells[actual].value
    assert text.figures["finansnetto"].lineage == finansnetto.cells[actual].lineage


def test_the_hired_staff_sentence_is_computed(report: Report) -> None:
    # The seed: "Ssk/Barnmorsk: - 1,0 mkr minskning 3 %", "Läkare: + 3,0 mkr ökning 2 %":
    # nurses 37,5 -> 36,4 mkr (the table's -10,7 - 26,8 and -8,0 - 28,4, rounded), doctors
    # 126,7 -> 129,7 mkr.
    text = next(b for b in report.blocks() if b.id == "hyrpersonal_kommentar")
    assert text.markdown == (
        "**Kostnader (Mkr) jmf samma period 2023**\n\n"
        "**Ssk/Barnmorsk: -1,0 mkr, -3%**\n\n"
        "**Läkare: +3,0 mkr, +2%**\n"
    )


def test_commentary_quotes_figures_from_the_tables(report: Report) -> None:
    # The seed types "2024-06 ligger vi på totalt 5,5 ... jämfört med ifjol 5,7" and "4,8 ...
    # (kvinnor 6,1 män 3,3) ... 4,7"; the demo's texts quote the tables' cells instead.
    shown = {b.id: b for b in report.blocks() if b.type == "text"}
    region = shown["sjukfranvaro_region_kommentar"]
    assert region.markdown == (
        "**Analys/kommentar:** 2024-06 ligger vi på totalt 5,5 inom regionen jämfört med ifjol "
        "5,7. Vi ser en fortsatt stabil nivå för sjukfrånvaron"
    )
    assert shown["sjukfranvaro_rs_kommentar"].markdown.startswith(
        "**Analys/kommentar:** 2024-06 ligger vi på totalt 4,8 inom Regionstyrelsens förvaltning "
        "(kvinnor 6,1% män 3,3%) jämfört med ifjol 4,7."
    )
    table = report.table("sjukfranvaro_region")
    cell = table.rows[table.row_index("2024-06")].cells[table.column_index("Totalt")]
    assert region.figures["sjukfranvaro_region | 2024-06 | Totalt"] == cell
    assert "- Låneskuld juli 2\xa0220 Mkr. Snittränta låneskuld: 2,7%" in (
        shown["likviditet_kommentar"].markdown
    )
    assert "- Högst i länet, 1,06%\n" in shown["befolkningstillvaxt_text"].markdown
    assert "- Lägst i Blekinge, -0,76%\n" in shown["befolkningstillvaxt_text"].markdown
