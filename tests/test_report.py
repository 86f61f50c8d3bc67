"""The report definition, the report model and its JSON form."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import jsonschema
import pydantic
import pytest

from uppsikt.config import ReportDefinition, load_model
from uppsikt.errors import ConfigError
from uppsikt.render import read_json, write_json
from uppsikt.report import Report, build_report, report_json_schema

from .conftest import Env

JULY = date(2024, 7, 1)
NBSP = "\u00a0"
ROOT = Path(__file__).resolve().parents[1]

DEFINITION = """
title: Månadsrapport {Month} {year}
budget_version: B1
sections:
  - id: ekonomi
    title: Ekonomi {organisation}
    blocks:
      - type: table
        id: resultat
        title: Resultat {year} jmf {prior_year}
        unit: tkr
        default_line: nettokostnader
        columns:
          - {id: actual_ytd_prior, label: "Utfall {prior_yymm}", group: "{Month}"}
          - {id: actual_ytd, label: "Utfall {yymm}", group: "{Month}"}
          - {id: deviation_ytd, label: Avvikelse}
          - {id: change_ytd_pct, label: Förändring, decimals: 0}
          - {id: forecast_year, label: Prognos}
        rows:
          - children_of: A
          - {unit: A, label: Summa A, emphasis: true}
          - {unit: "@root", line: resultat, label: TOTAL, emphasis: true}
      - type: chart
        id: per_manad
        title: Nettokostnad per månad
        default_unit: A
        unit: tkr
        series:
          - {label: "{year}", measure: actual, line: nettokostnader}
          - {label: "{year}", measure: actual, line: nettokostnader, years_back: 1}
      - type: chart
        id: per_enhet
        title: Avvikelse per enhet
        kind: bar
        by: unit
        children_of: A
        series:
          - {label: Ack avvikelse, measure: deviation_ytd, line: nettokostnader}
      - type: chart
        id: per_rad
        title: Per rad
        kind: column
        by: line
        default_unit: A
        lines: [intakter, personalkostnader]
        series:
          - {label: Utfall, measure: actual_ytd}
      - type: text
        id: kommentar
        title: Kommentar
        markdown: "Rapporten avser **{month} {year}**."
"""


_KOMMENTAR = 'markdown: "Rapporten avser **{month} {year}**."'


def definition(env: Env, text: str = DEFINITION) -> ReportDefinition:
    path = env.ws.root / "test-report.yaml"
    path.write_text(text, encoding="utf-8")
    return env.ws.report_definition(path)


def build(env: Env, text: str = DEFINITION) -> Report:
    con = env.connect()
    try:
        return build_report(
            con,
            definition=definition(env, text),
            catalog=env.catalog,
            organisation="Region Test",
            period=JULY,
        )
    finally:
        con.close()


def test_table_rows_columns_and_displays(data_env: Env) -> None:
    report = build(data_env)
    assert report.title == "Månadsrapport Juli 2024"
    assert report.sections[0].title == "Ekonomi Region Test"
    table = report.table("resultat")
    assert table.title == "Resultat 2024 jmf 2023"
    assert table.unit_caption == "Belopp i tusentals kronor"
    assert [c.label for c in table.columns] == [
        "Utfall 2307", "Utfall 2407", "Avvikelse", "Förändring", "Prognos"
    ]  # fmt: skip
    assert [c.group for c in table.columns[:2]] == ["Juli", "Juli"]
    assert [(r.label, r.emphasis, r.unit) for r in table.rows] == [
        ("Enhet A1", False, "A1"),
        ("Enhet A2", False, "A2"),
        ("Summa A", True, "A"),
        ("TOTAL", True, "R"),
    ]
    summa = table.rows[2]
    assert [c.value for c in summa.cells] == [D("-240"), D("-420"), D("280"), D("0.75"), D("-1450")]
    assert [c.display for c in summa.cells] == ["0", "0", "0", "75%", "-1"]
    a1 = table.rows[0].cells
    assert a1[1].value == D("-310") and a1[1].display == "0"


def test_amounts_are_scaled_and_grouped(data_env: Env) -> None:
    data_env.imp(
        "period,unit,account,amount,counterpart\n2024-07,A1,4011,1234567.89,extern\n",
        "ledger",
        source="extra",
    )
    table = build(data_env).table("resultat")
    assert table.rows[0].cells[1].display == f"-1{NBSP}235"  # −(310 + 1 234 567,89) kr in tkr


def test_lineage_names_measure_filters_and_query(data_env: Env) -> None:
    report = build(data_env)
    cell = report.table("resultat").rows[2].cells[1]
    assert cell.lineage is not None
    assert cell.lineage["measure"] == "actual_ytd"
    assert cell.lineage["unit"] == "A"
    assert cell.lineage["line"] == "nettokostnader"
    assert cell.lineage["periods"] == ["2024-01", "2024-07"]
    assert "FROM ledger l" in report.queries["actuals"]
    assert "{in_force}: the rows of ledger_current" in report.queries["actuals"]
    assert cell.lineage["query"] in report.queries
    forecast = report.table("resultat").rows[2].cells[4].lineage
    assert forecast is not None and forecast["forecast"] == ["2024-04 P1", "2024-06 P2"]


def test_chart_and_text_blocks(data_env: Env) -> None:
    report = build(data_env)
    chart = report.blocks()[1]
    assert chart.type == "chart"
    assert chart.categories[:3] == ["Jan", "Feb", "Mar"]
    assert [s.name for s in chart.series] == ["2024", "2023"]
    assert chart.series[0].values[6] == D("-100")
    assert chart.series[0].values[7] is None
    assert chart.series[1].values[0] == D("-150")
    by_unit, by_line, text = report.blocks()[2:5]
    assert by_unit.categories == ["Enhet A1", "Enhet A2"]
    # A1: −310 vs budget −700; A2 has no budget: −110 − 0.
    assert by_unit.series[0].values == [D("390"), D("-110")]
    assert by_line.categories == ["Verksamhetens intäkter", "Personalkostnader"]
    assert by_line.series[0].values == [D("30"), D("-440")]  # A1 30; A1 340 + A2 100
    assert text.type == "text" and text.markdown == "Rapporten avser **juli 2024**."


def test_json_round_trip_and_schema(data_env: Env, tmp_path: Path) -> None:
    report = build(data_env)
    path = write_json(report, tmp_path / "out")
    assert path.name == "report-2024-07.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, report_json_schema())
    cells = document["sections"][0]["blocks"][0]["rows"][2]["cells"]
    assert cells[1]["value"] == -420.0 and cells[1]["display"] == "0"
    again = read_json(path)
    assert again == report
    assert again.table("resultat").rows[2].cells[3].value == D("0.75")


def test_published_schema_is_current() -> None:
    published = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert published == report_json_schema(), "run: uppsikt schema --out docs/report.schema.json"


def test_report_model_is_frozen(data_env: Env) -> None:
    report = build(data_env)
    with pytest.raises(pydantic.ValidationError):
        report.title = "x"  # type: ignore[misc]
    row = report.table("resultat").rows[0]
    with pytest.raises(pydantic.ValidationError):
        row.label = "x"  # type: ignore[misc]


def test_building_does_not_change_the_definition(data_env: Env) -> None:
    original = definition(data_env)
    snapshot = original.model_dump()
    with data_env.connect() as con:
        build_report(
            con, definition=original, catalog=data_env.catalog, organisation="X", period=JULY
        )
    assert original.model_dump() == snapshot


def test_default_definition_builds(data_env: Env) -> None:
    """The shipped report.yaml validates; with the small test tree its unit names fail clearly."""
    default = load_model(ReportDefinition, data_env.ws.root / "report.yaml")
    # The sections of the seed report, in its order.
    assert [s.id for s in default.sections] == [
        "ekonomi_rs",
        "ekonomi_region",
        "investeringar",
        "kapitalforvaltning",
        "personal",
        "tillganglighet",
        "samhalle",
        "upphandling",
        "utvecklingsportfoljer",
        "fullmaktigeuppdrag",
        "hyrpersonal",
        "mal_och_risker",
        "ovrigt",
    ]
    con = data_env.connect()
    with pytest.raises(ConfigError, match="names unit 'RF', which is not in the organisation"):
        build_report(
            con, definition=default, catalog=data_env.catalog, organisation="X", period=JULY
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("{id: deviation_ytd, label: Avvikelse}", "{id: avvikelse, label: Avvikelse}"),
            "sections[0] (id ekonomi).blocks[0] (id resultat).columns[2] (id avvikelse): "
            "unknown measure 'avvikelse'; known measures: actual_month, budget_month, "
            "deviation_month, actual_ytd, actual_ytd_prior, budget_ytd, deviation_ytd, "
            "budget_year, forecast_year, forecast_deviation, r12, r12_prior, r12_change_pct, "
            "change_ytd, change_ytd_pct",
        ),
        (
            ("default_line: nettokostnader", "default_line: netto"),
            "block 'resultat': unknown line or group 'netto'",
        ),
        (
            ("title: Resultat {year} jmf {prior_year}", "title: Resultat {år}"),
            "block 'resultat': unknown placeholder {år} in 'Resultat {år}'",
        ),
        (
            ("- children_of: A", "- {children_of: A, label: X}"),
            "'label' cannot be given with 'children_of' (each child has its name)",
        ),
        (
            ("id: kommentar", "id: resultat"),
            "(top level): block id 'resultat' is used twice",
        ),
        (
            ("- children_of: A", "- {heading: true, label: Rubrik, line: resultat}"),
            "a heading row has a label only (no unit, children_of or line)",
        ),
        (
            ("- children_of: A", "- {heading: true}"),
            "a heading row needs a 'label'",
        ),
        (
            (_KOMMENTAR, _KOMMENTAR + "\n        figures: {a: {measure: utfall, line: resultat}}"),
            "(id kommentar).figures.a: unknown measure 'utfall'; known measures: actual_month",
        ),
        (
            (_KOMMENTAR, _KOMMENTAR + "\n        figures: {a: {measure: r12, line: resultat}}"),
            "(id kommentar): figure 'a' names no unit and the text has no default_unit",
        ),
        (
            (
                _KOMMENTAR,
                _KOMMENTAR + "\n        figures: {year: {measure: r12, unit: A, line: resultat}}",
            ),
            "block 'kommentar': figure 'year' has the name of a placeholder; rename it",
        ),
    ],
)
def test_definition_mistakes_get_clear_messages(
    data_env: Env, change: tuple[str, str], message: str
) -> None:
    text = DEFINITION.replace(*change)
    assert text != DEFINITION
    with pytest.raises(ConfigError) as caught:
        build(data_env, text)
    assert message in str(caught.value)


def test_a_text_quotes_figures_computed_as_table_cells(data_env: Env) -> None:
    text = DEFINITION.replace(
        _KOMMENTAR,
        """markdown: "Resultat {year}: {resultat} kr, A {a_intakter} kr."
        unit: kr
        default_unit: "@root"
        figures:
          resultat: {measure: actual_ytd, line: resultat}
          a_intakter: {measure: actual_ytd, unit: A, line: intakter, plus: true}""",
    )
    report = build(data_env, text)
    table = report.table("resultat")
    total = table.rows[table.row_index("TOTAL")].cells[1]
    con = data_env.connect()
    try:
        (revenue,) = con.execute(
            "SELECT -sum(amount) FROM ledger l JOIN accounts a USING (account) "
            "WHERE l.period BETWEEN '2024-01-01' AND '2024-07-01' AND a.line = 'intakter'"
            " AND l.unit IN ('A', 'A1', 'A2')"
        ).fetchone()
    finally:
        con.close()
    block = next(b for b in report.blocks() if b.id == "kommentar")
    assert block.figures["resultat"].value == total.value
    assert block.figures["a_intakter"].value == revenue
    # Revenue of A's subtree, January-July 2024: the one row 2024-07,A1,3011,-30.
    assert revenue == 30
    assert block.markdown == f"Resultat 2024: {total.value:.0f} kr, A +30 kr."
    assert block.figures["resultat"].lineage == total.lineage


def test_yaml_syntax_error_names_the_line(data_env: Env) -> None:
    with pytest.raises(ConfigError) as caught:
        definition(data_env, "title: x\nsections: [\n")
    assert "test-report.yaml, line 3, column 1: invalid YAML" in str(caught.value)


def _quoting(markdown: str) -> str:
    return DEFINITION.replace(_KOMMENTAR, f'markdown: "{markdown}"')


def test_a_text_quotes_cells_of_tables_and_charts(data_env: Env) -> None:
    report = build(
        data_env,
        _quoting("A: {{resultat | Summa A | Utfall 2407}}, {{ per_enhet | Enhet A1 }}."),
    )
    table = report.table("resultat")
    cell = table.rows[table.row_index("Summa A")].cells[table.column_index("actual_ytd")]
    chart = next(b for b in report.blocks() if b.id == "per_enhet")
    point = chart.series[0].display[chart.categories.index("Enhet A1")]
    text = next(b for b in report.blocks() if b.id == "kommentar")
    assert text.markdown == f"A: {cell.display}, {point}."
    assert text.figures["resultat | Summa A | Utfall 2407"] == cell
    assert text.figures["per_enhet | Enhet A1"].display == point


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("{{budget | A | x}}", "{{budget | A | x}} names no block 'budget' of the report"),
        ("{{resultat | Z | actual_ytd}}", "table 'resultat' has no row 'Z'"),
        ("{{resultat | TOTAL | utfall}}", "table 'resultat' has no column 'utfall'"),
        ("{{resultat | TOTAL}}", "a table's cell is {{table | row | column}}"),
        ("{{per_manad | 2024-13 | 1}}", "chart 'per_manad' has no category '2024-13'"),
        ("{{per_manad | 2024-07}}", "a chart's point is {{chart | category | series}}"),
        ("{{per_enhet | Enhet A1 | Prognos}}", "chart 'per_enhet' has no series 'Prognos'"),
        ("{{kommentar | 1}}", "block 'kommentar' is a text block, which has no figures to quote"),
    ],
)
def test_a_wrong_quote_names_the_text_and_what_is_wrong(
    data_env: Env, reference: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        build(data_env, _quoting(f"Se {reference}."))
    assert str(caught.value).startswith("text 'kommentar': ")
    assert message in str(caught.value)
