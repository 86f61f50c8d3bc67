"""Register blocks built from the demo registers: the July 2024 seed's values, and history
(the report of an earlier month shows that month's statuses)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import duckdb
import pytest
import yaml

from uppsikt.config import ReportDefinition
from uppsikt.demo._register_data import write_register_demo
from uppsikt.periods import parse_period
from uppsikt.registers import import_register
from uppsikt.report import build_workspace_report
from uppsikt.report._builder import _fill, placeholders
from uppsikt.report._context import BlockContext
from uppsikt.report._model import StatusTableBlock, TableBlock, TextBlock
from uppsikt.report._register_blocks import build_register_block

from .conftest import Env

ROOT = Path(__file__).resolve().parents[1]
SNIPPET = ROOT / "uppsikt" / "demo" / "register_report.yaml"
JUNE, JULY, AUGUST = date(2024, 6, 1), date(2024, 7, 1), date(2024, 8, 1)
NBSP = "\u00a0"


def definition() -> ReportDefinition:
    return ReportDefinition.model_validate({"title": "T", **yaml.safe_load(SNIPPET.read_text())})


def import_demo(env: Env) -> None:
    con = env.connect()
    for path, register, month in write_register_demo(env.files / "registers"):
        result = import_register(
            con, path, register, parse_period(month), temp_dir=env.ws.temp_dir, user="test"
        )
        assert result.status == "imported", path
    con.close()


def register_context(con: duckdb.DuckDBPyConnection, period: date) -> BlockContext:
    """What register blocks are built with: no ledger, lines or KPIs needed."""
    values = placeholders(period, "Region Test")
    return BlockContext(
        con=con,
        period=period,
        organisation="Region Test",
        catalog=None,  # type: ignore[arg-type]  # register blocks use neither
        kpis=None,  # type: ignore[arg-type]
        tree=None,  # type: ignore[arg-type]
        fill=lambda text, where: _fill(text, values, where),
    )


def build(con: duckdb.DuckDBPyConnection, period: date) -> dict[str, object]:
    """Every block of the register snippet for ``period``, by id (no ledger needed)."""
    context = register_context(con, period)
    return {
        b.id: build_register_block(context, b)
        for section in definition().sections
        for b in section.blocks
    }


def grid(block: object) -> list[list[str]]:
    assert isinstance(block, TableBlock | StatusTableBlock)
    return [[r.label, *(c.display.replace(NBSP, " ") for c in r.cells)] for r in block.rows]


@pytest.fixture
def demo(env: Env) -> Env:
    import_demo(env)
    return env


# The seed's "Fördelning per juli 2024 – Budget, prognos (P1), ack. utfall", as printed.
SEED_FVIS = [
    ["Regionförvaltningen", "50", "101", "-51", "57", "7", "-44"],
    ["Hälso- och sjukvårdsförvaltningen", "25", "29", "-4", "20", "-5", "-9"],
    ["Summa: Budgeterade områden", "75", "130", "-55", "77", "2", "-53"],
    ["Omprioriterade linjeresurser", "", "6", "", "2", "2", "-4"],
    ["Summa: FVIS-programmet", "", "136", "", "79", "4", "-57"],
]


def test_fvis_programme_is_the_seeds_table(demo: Env) -> None:
    block = build(demo.connect(), JULY)["program_fvis"]
    assert isinstance(block, TableBlock)
    assert [c.label for c in block.columns] == [
        "Budget",
        "Prognos P1",
        "Diff prognos mot budget",
        "Utfall ack juli",
        "Ack utfall jämfört budget",
        "Ack utfall jämfört prognos",
    ]
    assert grid(block) == SEED_FVIS
    assert block.title == "Fördelning per juli 2024 – Budget, prognos (P1), ack. utfall"
    # Sums and deviations are computed from unrounded kronor, never typed.
    total = block.rows[4].cells
    assert [c.value for c in total] == [
        None,
        D("136200000"),
        None,
        D("79300000"),
        D("4100000"),
        D("-56900000"),
    ]
    assert [r.emphasis for r in block.rows] == [False, False, True, False, True]


def test_development_portfolio_has_the_seeds_initiatives(demo: Env) -> None:
    block = build(demo.connect(), JULY)["utvecklingsportfolj"]
    assert isinstance(block, StatusTableBlock)
    assert [c.label for c in block.columns] == [
        "Tid",
        "Kostnad",
        "Resultat",
        "Resurser",
        "Projektledare",
        "Beställare",
    ]
    rows = grid(block)
    assert len(rows) == 15
    assert [r[0] for r in rows][:3] == [
        "Utvecklingsportfölj",
        "FVIS programmet",
        "Beställning av Diabeteshjälpmedel",
    ]
    assert rows[2][5:] == ["Jim Johansson", "Niklas Vilhelmsson"]
    assert rows[-1] == ["Ingen portfölj", "", "", "", "", "", ""]
    # An initiative without lights: neutral cells without a label.
    mitt_vaccin = block.rows[9]
    assert mitt_vaccin.label == "Införande MittVaccin"
    assert [(c.value, c.display) for c in mitt_vaccin.cells[:4]] == [("neutral", "")] * 4
    fvis = block.rows[1].cells
    assert [(c.value, c.display) for c in fvis[:4]] == [
        ("warning", "Delvis"),
        ("warning", "Delvis"),
        ("good", "Enligt plan"),
        ("good", "Enligt plan"),
    ]


def test_property_council_and_clg_tables(demo: Env) -> None:
    blocks = build(demo.connect(), JULY)
    property_rows = grid(blocks["fastighetsportfolj"])
    assert property_rows[0][:4] == [
        "NUS By 4 och 10CDE ombyggnad vån 0 till 4",
        "1 121 212",
        "Göran Isacson",
        "Pågår",
    ]
    assert [r[1] for r in property_rows] == [
        "1 121 212",
        "1 121 217",
        "1 121 300",
        "1 122 105",
        "1 122 217",
        "2 112 203",
    ]
    assert property_rows[2][6] == ""  # the seed's third project has no Resurs light
    council = blocks["fullmaktigeuppdrag"]
    assert [c.label for c in council.columns] == ["Uppdrag", "Status", "Kommentar/status"]
    assert [r[0] for r in grid(council)] == [
        "Johan",
        "Sara",
        "Elisabeth",
        "Elisabeth",
        "Elisabeth",
        "Ida",
    ]
    assert grid(council)[0][3].startswith("Sprint 1 är genomförd")
    clg = grid(blocks["clg_fokusomraden"])
    assert [r[0] for r in clg] == ["Ida", "Ida", "Kia", "Patrik", "Malin/Kia", "Elisabeth"]
    assert clg[1][1].startswith("Område: Civil beredskap Delmål: Regionens totala")


def test_earlier_month_shows_its_own_statuses(demo: Env) -> None:
    con = demo.connect()
    july, june, august = build(con, JULY), build(con, JUNE), build(con, AUGUST)

    def status(blocks: dict, row: int) -> str:
        return blocks["fullmaktigeuppdrag"].rows[row].cells[1].display

    assert [status(june, 3), status(july, 3), status(august, 3)] == [
        "Delvis",
        "Ej enligt plan",
        "Ej enligt plan",
    ]
    assert grid(june["program_fvis"])[0] == [
        "Regionförvaltningen",
        "50",
        "101",
        "-51",
        "48",
        "-2",
        "-53",
    ]
    assert june["program_fvis"].columns[3].label == "Utfall ack juni"
    # August has no report of its own: July's, with a note; June had no risks yet.
    assert august["program_fvis"].notes == ["Senast rapporterat för juli 2024."]
    assert july["program_fvis"].notes == []
    assert isinstance(june["risker"], TextBlock)
    assert june["risker"].markdown == "*Risker: inget rapporterat till och med juni 2024.*"


def test_a_programme_never_reported_says_so_under_its_title(env: Env) -> None:
    block = build(env.connect(), JULY)["program_fvis"]
    assert isinstance(block, TextBlock)
    assert block.title == "Fördelning per juli 2024 – Budget, prognos (–), ack. utfall"
    assert block.markdown == "*Programbudget: inget rapporterat till och med juli 2024.*"


def test_corrected_file_replaces_only_its_month(demo: Env) -> None:
    con = demo.connect()
    path = demo.files / "registers" / "fullmaktigeuppdrag-2024-07.csv"
    corrected = demo.file(path.read_text(encoding="utf-8").replace("ej enligt plan", "delvis"))
    before = con.execute("SELECT max(batch_id) FROM batches").fetchone()[0]
    result = import_register(con, corrected, "fullmaktigeuppdrag", JULY, temp_dir=demo.ws.temp_dir)
    assert (result.status, result.batch_id, result.superseded) == ("imported", before + 1, [6])
    assert build(con, JULY)["fullmaktigeuppdrag"].rows[3].cells[1].display == "Delvis"
    assert build(con, JUNE)["fullmaktigeuppdrag"].rows[3].cells[1].display == "Delvis"
    # Nothing is deleted: the warehouse as of the earlier batch still shows July's first file.
    con.execute(
        f"CREATE TEMP VIEW current_batch_periods AS SELECT * FROM active_batch_periods({before})"
    )
    assert build(con, JULY)["fullmaktigeuppdrag"].rows[3].cells[1].display == "Ej enligt plan"
    con.execute("DROP VIEW temp.main.current_batch_periods")
    # The same file again for the same month changes nothing; for another month it is new.
    again = import_register(con, corrected, "fullmaktigeuppdrag", JULY, temp_dir=demo.ws.temp_dir)
    assert (again.status, again.batch_id) == ("unchanged", before + 1)
    other = import_register(con, corrected, "fullmaktigeuppdrag", AUGUST, temp_dir=demo.ws.temp_dir)
    assert (other.status, other.superseded) == ("imported", [])


def test_risks_matrix_plan_and_bridge(demo: Env) -> None:
    blocks = build(demo.connect(), JULY)
    risks = grid(blocks["risker"])
    assert [r[1:6] for r in risks] == [
        ["R1", "4", "3", "12", "Hög"],
        ["R2", "3", "4", "12", "Hög"],
        ["R3", "3", "3", "9", "Hög"],
        ["R4", "2", "4", "8", "Hög"],
        ["R5", "2", "3", "6", "Medel"],
        ["R6", "2", "2", "4", "Medel"],
    ]
    matrix = blocks["riskmatris"]
    assert matrix.rows[0].label == "Sannolikhet 4 Mycket sannolik"
    assert [[c.display for c in r.cells] for r in matrix.rows] == [
        ["", "", "R1", ""],
        ["", "", "R3", "R2"],
        ["", "R6", "R5", "R4"],
        ["", "", "", ""],
    ]
    assert [[c.value for c in r.cells] for r in matrix.rows] == [
        ["warning", "bad", "bad", "bad"],
        ["good", "warning", "bad", "bad"],
        ["good", "warning", "warning", "bad"],
        ["good", "good", "good", "warning"],
    ]
    plan = blocks["investeringsplan"]
    assert [c.label for c in plan.columns] == ["2025", "2026", "2027", "Summa 2025–2027"]
    assert grid(plan)[0] == ["Fastighet", "1 020", "1 180", "950", "3 150"]
    assert grid(plan)[-1] == ["Summa", "1 285", "1 445", "1 220", "3 950"]
    bridge = grid(blocks["ramforandringar"])
    assert [r[:3] for r in bridge] == [
        ["Ram 2024", "3 874", "3 874"],
        ["Löne- och prisuppräkning", "116", "3 990"],
        ["Minskad administration", "-100", "3 890"],
        ["Nytt vårdinformationsstöd", "42", "3 932"],
        ["Hyrpersonal", "-25", "3 907"],
        ["Ram 2025", "3 907", ""],
    ]
    goals = blocks["mal_indikatorer"]
    assert [(r.label, r.level) for r in goals.rows[:3]] == [
        ("God och jämlik hälsa", 0),
        ("Tillgänglig vård", 1),
        ("Andel väntande inom vårdgarantin, förstabesök", 2),
    ]
    assert grid(goals)[2][1:] == [
        "2023",
        "72,4%",
        "2025",
        "80,0%",
        "månad",
        "2024-07",
        "74,1%",
        "Delvis",
    ]
    assert grid(goals)[3][2] == "1 450 st"


def test_snippet_blocks_are_in_seed_order(demo: Env) -> None:
    ids = [b.id for s in definition().sections for b in s.blocks]
    assert ids[:6] == [
        "clg_fokusomraden",
        "utvecklingsportfolj",
        "program_fvis",
        "fastighetsportfolj",
        "objektens_effekter",
        "fullmaktigeuppdrag",
    ]
    assert ids[-1] == "arshjul"


def test_register_blocks_in_a_whole_report(data_env: Env) -> None:
    import_demo(data_env)
    con = data_env.connect()
    report = build_workspace_report(con, data_env.ws, JULY, definition=definition())
    assert grid(report.table("program_fvis")) == SEED_FVIS
    assert {s.kind for s in report.sources} >= {"register", "ledger"}


@pytest.mark.parametrize("name", ["html", "xlsx", "pptx"])
def test_register_blocks_render(data_env: Env, tmp_path: Path, name: str) -> None:
    from uppsikt.render import render

    import_demo(data_env)
    con = data_env.connect()
    report = build_workspace_report(con, data_env.ws, JULY, definition=definition())
    path = render(report, name, tmp_path)
    assert path.stat().st_size > 0
