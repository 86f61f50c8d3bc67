"""The register charts: the objects' effects per regional goal (share of rows or objects, the
count in the title) and the annual wheel (a doughnut of twelve months), from validation to
what each renderer draws."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pydantic import ValidationError

from uppsikt.config._register_blocks import (
    RegisterAnnualWheelBlockDef,
    RegisterShareChartBlockDef,
)
from uppsikt.errors import InputErrors
from uppsikt.registers import import_register
from uppsikt.render._pptx import write_pptx
from uppsikt.render._svg import chart_spec, chart_svg, wheel_colour, wheel_lines
from uppsikt.render._xlsx import write_xlsx
from uppsikt.report import ChartBlock, Series
from uppsikt.report._model import TextBlock
from uppsikt.report._register_blocks import build_register_block

from .conftest import Env
from .sample_report import small_report
from .test_register_blocks import import_demo, register_context

JUNE, JULY = date(2024, 6, 1), date(2024, 7, 1)
MONTHS = [
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
]


def imp(env: Env, text: str, register: str, period: date = JULY) -> None:
    con = env.connect()
    import_register(con, env.file(text), register, period, temp_dir=env.ws.temp_dir, user="t")
    con.close()


def problems(env: Env, text: str, register: str) -> list[tuple]:
    con = env.connect()
    with pytest.raises(InputErrors) as caught:
        import_register(con, env.file(text), register, JULY, temp_dir=env.ws.temp_dir)
    con.close()
    assert env.query(f"SELECT count(*) FROM register_{register}") == [(0,)]
    return [(p.row, p.column, p.value, p.code, p.reason) for p in caught.value.problems]


def build(env: Env, block: object, period: date = JULY):
    return build_register_block(register_context(env.connect(), period), block)


# -- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("register", "text", "expected"),
    [
        (
            "objektforvaltning",
            "object,effect,regional_goal\nVårdjournal,Ökad patientsäkerhet,God och nära vård\n"
            "Vårdjournal,Ökad patientsäkerhet,Jämlik hälsa\nLönesystem,,Ekonomi i balans\n",
            [
                (
                    3,
                    "effect",
                    "Ökad patientsäkerhet",
                    "duplicate_key",
                    "the key (object, effect) is also on row 2",
                ),
                (4, "effect", None, "missing_value", "a value is required"),
            ],
        ),
        (
            "arshjul",
            "month,area,activity\n13,Budget,Budgetbeslut\n0,Budget,Budgetdirektiv\n"
            "juni,Budget,Budgetdialog\n4,,Tertialrapport\n4,Uppföljning,Tertialrapport\n",
            [
                (2, "month", "13", "bad_integer", "not a whole number from 1 to 12"),
                (3, "month", "0", "bad_integer", "not a whole number from 1 to 12"),
                (4, "month", "juni", "bad_integer", "not a whole number from 1 to 12"),
                (5, "area", None, "missing_value", "a value is required"),
                (
                    6,
                    "activity",
                    "Tertialrapport",
                    "duplicate_key",
                    "the key (month, activity) is also on row 5",
                ),
            ],
        ),
    ],
)
def test_bad_rows_are_named(env: Env, register: str, text: str, expected: list[tuple]) -> None:
    assert problems(env, text, register) == expected


def test_missing_column_is_named(env: Env) -> None:
    assert problems(env, "object,effect\nA,B\n", "objektforvaltning") == [
        (
            1,
            "regional_goal",
            None,
            "missing_column",
            "required column 'regional_goal' is missing (the file has: object, effect)",
        )
    ]


# -- the share chart -------------------------------------------------------------------------

# Four objects, six effects: Ekonomi first in the file, Vård the most common goal.
EFFECTS = (
    "object,effect,regional_goal,owner\n"
    "A,Lägre kostnader,Ekonomi i balans,HSF\n"
    "A,Säkrare vård,God och nära vård,HSF\n"
    "B,Säkrare vård,God och nära vård,RS\n"
    "C,Säkrare vård,God och nära vård,RS\n"
    "C,Bättre tillgänglighet,God och nära vård,RS\n"
    "D,Mindre resor,Hållbar utveckling,\n"
)


def share_block(**options: object) -> RegisterShareChartBlockDef:
    return RegisterShareChartBlockDef.model_validate(
        {
            "type": "register_share_chart",
            "id": "effekter",
            "title": "Objektens effekter ({objects}st) {year} och Regionmål, {rows} effekter",
            "from_register": "objektforvaltning",
            "by": "regional_goal",
            "objects": "object",
            "series_label": "Andel (%) av objektens effekter",
            **options,
        }
    )


@pytest.mark.parametrize(
    ("options", "categories", "shares", "displays"),
    [
        (
            {},
            ["God och nära vård", "Ekonomi i balans", "Hållbar utveckling"],
            [D(4) / D(6), D(1) / D(6), D(1) / D(6)],
            ["66,7%", "16,7%", "16,7%"],
        ),
        (
            {"share_of": "objects"},  # C's two effects towards one goal count once
            ["God och nära vård", "Ekonomi i balans", "Hållbar utveckling"],
            [D(3) / D(4), D(1) / D(4), D(1) / D(4)],
            ["75,0%", "25,0%", "25,0%"],
        ),
        (
            {"order": "file"},
            ["Ekonomi i balans", "God och nära vård", "Hållbar utveckling"],
            [D(1) / D(6), D(4) / D(6), D(1) / D(6)],
            ["16,7%", "66,7%", "16,7%"],
        ),
        (
            {"by": "owner", "objects": None, "share_of": "rows"},  # an empty owner: its own bar
            ["RS", "HSF", "Ej angivet"],
            [D(3) / D(6), D(2) / D(6), D(1) / D(6)],
            ["50,0%", "33,3%", "16,7%"],
        ),
    ],
)
def test_shares_are_counted_per_value(
    env: Env, options: dict, categories: list[str], shares: list[D], displays: list[str]
) -> None:
    imp(env, EFFECTS, "objektforvaltning")
    chart = build(env, share_block(**options))
    assert isinstance(chart, ChartBlock)
    assert (chart.kind, chart.categories) == ("bar", categories)
    [series] = chart.series
    assert (series.name, series.value_kind) == ("Andel (%) av objektens effekter", "percent")
    assert series.values == shares
    assert series.display == displays


def test_title_counts_objects_and_rows(env: Env) -> None:
    imp(env, EFFECTS, "objektforvaltning")
    chart = build(env, share_block())
    assert chart.title == "Objektens effekter (4st) 2024 och Regionmål, 6 effekter"
    # Without an object column every row is an object.
    chart = build(env, share_block(objects=None, kind="column"))
    assert chart.title == "Objektens effekter (6st) 2024 och Regionmål, 6 effekter"
    assert chart.kind == "column"


def test_no_register_month_says_so(env: Env) -> None:
    imp(env, EFFECTS, "objektforvaltning")
    text = build(env, share_block(), JUNE)
    assert isinstance(text, TextBlock)
    assert text.title == "Objektens effekter (–st) 2024 och Regionmål, – effekter"
    assert text.markdown == "*Objektförvaltning: inget rapporterat till och med juni 2024.*"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"by": "goal"}, "register 'objektforvaltning' has no column 'goal'; its columns: object"),
        ({"objects": None, "share_of": "objects"}, "share_of: objects needs the 'objects' column"),
        ({"from_register": "okänt"}, "unknown register 'okänt'; known: fullmaktigeuppdrag"),
    ],
)
def test_share_chart_definition_is_checked(options: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        share_block(**options)


def test_demo_title_reads_79_objects(env: Env) -> None:
    import_demo(env)
    chart = build(
        env,
        share_block(title="Objektens effekter ({objects}st) {year} och Regionmål"),
    )
    assert chart.title == "Objektens effekter (79st) 2024 och Regionmål"
    assert env.query("SELECT count(*) FROM register_objektforvaltning_current") == [(145,)]
    assert chart.categories[0] == "Ekonomi i balans"
    assert chart.series[0].values[0] == D(46) / D(145)
    assert chart.series[0].display[0] == "31,7%"
    assert sum(chart.series[0].values) == pytest.approx(1)


# -- the annual wheel ------------------------------------------------------------------------

WHEEL = (
    "month,area,activity,responsible\n"
    "4,Budget,Budgetdirektiv,Ekonomistaben\n"
    "1,Omvärldsanalys,Trendspaning,\n"
    "4,Uppföljning,Tertialrapport 1,\n"
    "12,Budget,Internbudget beslutas,\n"
)


def wheel_block(**options: object) -> RegisterAnnualWheelBlockDef:
    return RegisterAnnualWheelBlockDef.model_validate(
        {"type": "register_annual_wheel", "id": "arshjul", "title": "Årshjul {year}", **options}
    )


def test_wheel_has_twelve_equal_months_with_their_activities(env: Env) -> None:
    imp(env, WHEEL, "arshjul")
    chart = build(env, wheel_block())
    assert isinstance(chart, ChartBlock)
    assert (chart.kind, chart.title, chart.categories) == ("doughnut", "Årshjul 2024", MONTHS)
    [series] = chart.series
    assert series.values == [D(1)] * 12
    expected = [""] * 12
    expected[0] = "Trendspaning"
    expected[3] = "Budgetdirektiv; Tertialrapport 1"  # file order within the month
    expected[11] = "Internbudget beslutas"
    assert series.display == expected


def test_wheel_template_names_the_area(env: Env) -> None:
    imp(env, WHEEL, "arshjul")
    chart = build(env, wheel_block(template="{area}: {activity} ({responsible})"))
    assert chart.series[0].display[3] == (
        "Budget: Budgetdirektiv (Ekonomistaben); Uppföljning: Tertialrapport 1 ()"
    )
    with pytest.raises(ValidationError, match="register 'arshjul' has no column 'owner'"):
        wheel_block(template="{owner}")


def test_wheel_labels_and_colours() -> None:
    assert wheel_lines("April", "Budgetdirektiv; Regionplan på remiss") == [
        "April",
        "Budgetdirektiv",
        "Regionplan på",
        "remiss",
    ]
    assert wheel_lines("Juli", "") == ["Juli"]
    # By quarter, months of a quarter alternating; pale without activities.
    colours = [wheel_colour(i, 12, True) for i in range(12)]
    assert colours[0] == colours[2] != colours[1]
    assert len({colours[0], colours[3], colours[6], colours[9]}) == 4
    assert wheel_colour(6, 12, False) == "#f3f4f6"


# -- renderers ---------------------------------------------------------------------------------


def wheel_chart() -> ChartBlock:
    display = [""] * 12
    display[0] = "Trendspaning; Bokslut"
    display[5] = "Regionplan beslutas"
    return ChartBlock(
        id="arshjul",
        title="Årshjul för systematisk omvärldsanalys och strategisk planering",
        kind="doughnut",
        categories=MONTHS,
        series=[Series(name="Aktiviteter", values=[D(1)] * 12, display=display)],
    )


def share_chart() -> ChartBlock:
    return ChartBlock(
        id="effekter",
        title="Objektens effekter (4st) 2024 och Regionmål",
        kind="bar",
        categories=["God och nära vård", "Ekonomi i balans"],
        series=[
            Series(
                name="Andel (%) av objektens effekter",
                values=[D("0.75"), D("0.25")],
                display=["75,0%", "25,0%"],
                value_kind="percent",
            )
        ],
    )


def test_pptx_draws_a_native_doughnut_and_a_bar_chart(tmp_path: Path) -> None:
    deck = Presentation(str(write_pptx(small_report([wheel_chart(), share_chart()]), tmp_path)))
    frames = [shape for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    wheel, bars = frames[0].chart, frames[1].chart
    assert wheel.chart_type == XL_CHART_TYPE.DOUGHNUT
    assert list(wheel.plots[0].categories) == MONTHS
    assert wheel.has_legend is False
    group = wheel._chartSpace.plotArea.find(qn("c:doughnutChart"))
    assert group.find(qn("c:holeSize")).get("val") == "40"
    points = wheel.plots[0].series[0].points
    labels = [
        "\n".join(p.text for p in points[i].data_label.text_frame.paragraphs) for i in range(12)
    ]
    assert labels[0] == "Januari\nTrendspaning\nBokslut"
    assert labels[5] == "Juni\nRegionplan\nbeslutas"  # wrapped to fit the segment
    assert labels[6] == "Juli"
    descr = frames[0]._element.nvGraphicFramePr.cNvPr.get("descr")
    assert "Januari: Trendspaning; Bokslut" in descr and "Juli: inget" in descr
    assert bars.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(bars.plots[0].categories) == ["God och nära vård", "Ekonomi i balans"]
    assert list(bars.plots[0].series[0].values) == [0.75, 0.25]
    # The value axis stays at the bottom although the categories read top down.
    value_axis = bars._chartSpace.plotArea.find(qn("c:valAx"))
    assert value_axis.find(qn("c:crosses")).get("val") == "max"


def test_svg_wheel_has_title_description_and_every_label() -> None:
    svg = chart_svg(wheel_chart())
    root = lxml_html.fromstring(svg)
    assert root.find("title").text == wheel_chart().title
    desc = root.find("desc").text
    assert desc.startswith("Ringdiagram med 12 segment.")
    assert "Januari: Trendspaning, Bokslut; Februari: inget" in desc
    lines = {(t.text or "").strip() for t in root.iter("text", "tspan")}
    assert set(MONTHS) <= lines
    assert {"Trendspaning", "Bokslut", "Regionplan", "beslutas"} <= lines
    arcs = [layer for layer in chart_spec(wheel_chart())["layer"] if layer["mark"]["type"] == "arc"]
    [ring] = arcs
    angles = [(row["start"], row["end"]) for row in ring["data"]["values"]]
    assert angles[0][0] == 0 and angles[-1][1] == pytest.approx(2 * math.pi)
    assert {round(end - start, 9) for start, end in angles} == {round(2 * math.pi / 12, 9)}


def test_svg_share_chart_has_its_title() -> None:
    svg = chart_svg(share_chart())
    assert "<title" in svg and "Objektens effekter (4st) 2024 och Regionmål</title>" in svg
    assert "Liggande stapeldiagram" in svg


def test_xlsx_lists_the_wheels_months_and_activities(tmp_path: Path) -> None:
    book = load_workbook(write_xlsx(small_report([wheel_chart()]), tmp_path))
    sheet = next(ws for ws in book.worksheets if ws.title == "arshjul")
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] in MONTHS]
    assert rows[0] == ("Januari", "Trendspaning; Bokslut")
    assert rows[6] == ("Juli", None)
    assert len(rows) == 12


def test_html_shows_the_wheel_with_its_labels_as_a_table() -> None:
    from uppsikt.render._html import render_html

    page = lxml_html.fromstring(render_html(small_report([wheel_chart()])))
    figure = page.get_element_by_id("block-arshjul")
    svg = figure.find(".//svg")
    assert svg.get("role") == "img" and "max-width" in svg.get("style")
    table = figure.get_element_by_id("block-arshjul-data-table")
    cells = [[c.text_content().strip() for c in row.findall("./*")] for row in table.iter("tr")]
    assert cells[0] == ["", "Aktiviteter"]
    assert cells[1] == ["Januari", "Trendspaning; Bokslut"]
    assert cells[7] == ["Juli", ""]
    assert "num" not in (table.find(".//tbody/tr/td").get("class") or "")
