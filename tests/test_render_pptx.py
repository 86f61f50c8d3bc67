"""The PowerPoint deck, parsed back with python-pptx and compared with the report model."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches

from uppsikt.fmt import scale
from uppsikt.render._pptx import write_pptx
from uppsikt.report import (
    Cell,
    ChartBlock,
    Column,
    Report,
    Row,
    Series,
    StatusTableBlock,
    TableBlock,
    TextBlock,
    TilesBlock,
)

from .sample_report import sample_report, small_report

NUMERIC = ("amount", "percent", "pp", "count")
STATUS_RGB = {"good": "1E7B34", "warning": "B36B00", "bad": "C00000", "neutral": "6E6E6E"}


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def deck_path(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pptx(report, tmp_path_factory.mktemp("pptx"))


@pytest.fixture(scope="module")
def deck(deck_path: Path):
    return Presentation(str(deck_path))


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def slides_of(deck, block) -> list:
    """The slides drawing a block: titled with its title, or "title (i av n)" when split."""
    return [
        s
        for s in deck.slides
        if title_of(s) == block.title or title_of(s).startswith(f"{block.title} (")
    ]


def table_of(slide):
    return next(shape.table for shape in slide.shapes if shape.has_table)


def chart_of(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


def header_rows(block) -> int:
    return 2 if any(c.group for c in block.columns) else 1


def body_texts(table, skip: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in list(table.rows)[skip:]]


def expected_row(block, row: Row) -> list[str]:
    """A model row as the deck prints it: label first (unless column 1 holds it), marks after."""
    cells = [c.display + (c.note or "") for c in row.cells]
    label_in_first = block.columns[0].kind == "text" and all(
        r.cells[0].display == r.label for r in block.rows
    )
    return cells if label_in_first else [row.label, *cells]


# -- the deck as a whole -----------------------------------------------------------------


def test_written_as_report_yyyy_mm_pptx_atomically(deck_path: Path) -> None:
    assert deck_path.name == "report-2024-07.pptx"
    assert [p.name for p in deck_path.parent.iterdir()] == ["report-2024-07.pptx"]


def test_16_by_9_without_a_template(deck) -> None:
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))


def test_slide_order_title_dividers_blocks(report: Report, deck) -> None:
    titles = [title_of(s) for s in deck.slides]
    expected = [report.title]
    for section in report.sections:
        expected.append(section.title)
        for block in section.blocks:
            parts = sum(1 for t in titles if t.startswith(f"{block.title} ("))
            if parts:
                expected += [f"{block.title} ({i} av {parts})" for i in range(1, parts + 1)]
            else:
                expected.append(block.title)
    assert titles == expected


def test_title_slide_has_organisation_period_and_contents(report: Report, deck) -> None:
    text = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert report.organisation in text
    assert "juli 2024" in text
    for number, section in enumerate(report.sections, start=1):
        assert f"{number}. {section.title}" in text


def test_every_slide_has_notes_with_period_and_sources(report: Report, deck) -> None:
    for slide in deck.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert "juli 2024" in notes and "2024-07" in notes
        for source in report.sources:
            assert f"{source.file_name}, {source.kind}, batch {source.batch_id}" in notes
            assert source.file_hash[:8] in notes


def test_nothing_leaves_the_slide_or_runs_into_the_footer(deck) -> None:
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, start=1):
        footer_top = min((s.top for s in slide.shapes if s.name == "Sidfot"), default=height)
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= width, (number, shape.name)
            assert shape.top >= 0 and shape.top + shape.height <= height, (number, shape.name)
            if shape.name != "Sidfot" and number > 1:
                bottom = shape.top + (
                    sum(r.height for r in shape.table.rows) if shape.has_table else shape.height
                )
                assert bottom <= footer_top, (number, shape.name)


# -- tables ------------------------------------------------------------------------------


@pytest.mark.parametrize("table_id", ["rs_resultat", "region_resultat", "investeringar"])
def test_table_cells_are_the_models_display_texts(report: Report, deck, table_id: str) -> None:
    block = report.table(table_id)
    slides = slides_of(deck, block)
    assert len(slides) == 1
    table = table_of(slides[0])
    assert body_texts(table, header_rows(block)) == [expected_row(block, r) for r in block.rows]


def test_numbers_right_aligned_and_sum_rows_bold(report: Report, deck) -> None:
    block = report.table("region_resultat")
    table = table_of(slides_of(deck, block)[0])
    for row, model in zip(list(table.rows)[2:], block.rows, strict=True):
        runs = [r for cell in row.cells for p in cell.text_frame.paragraphs for r in p.runs]
        assert runs and all(r.font.bold is model.emphasis for r in runs), model.label
        for cell in list(row.cells)[1:]:
            assert cell.text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT
    assert row.cells[0].text_frame.paragraphs[0].alignment == PP_ALIGN.LEFT


def test_group_headers_merged_over_their_columns(report: Report, deck) -> None:
    block = report.table("rs_resultat")
    table = table_of(slides_of(deck, block)[0])
    groups = [(table.cell(0, i).text, table.cell(0, i).span_width) for i in (1, 4, 7)]
    assert groups == [("Juli", 3), ("Ackumulerat Juli", 3), ("Helår 2024", 3)]
    assert [c.text for c in list(table.rows)[1].cells][1:] == [c.label for c in block.columns]


def test_unit_caption_in_italics(report: Report, deck) -> None:
    block = report.table("rs_resultat")
    corner = table_of(slides_of(deck, block)[0]).cell(0, 0)
    assert corner.text == block.unit_caption == "Belopp i miljoner kronor"
    assert all(run.font.italic for run in corner.text_frame.paragraphs[0].runs)


def test_long_table_split_with_header_repeated(report: Report, deck) -> None:
    block = report.table("exempel_lang_tabell")
    slides = slides_of(deck, block)
    assert len(slides) >= 2
    body = []
    for slide in slides:
        table = table_of(slide)
        assert [c.text for c in table.rows[0].cells] == [c.label for c in block.columns]
        body += body_texts(table, 1)
        footnotes = [s for s in slide.shapes if s.name == "Fotnoter"]
        assert footnotes[0].text_frame.text == "\n".join(block.notes)
    assert body == [expected_row(block, r) for r in block.rows]
    assert body[3][2] == "..*"  # the suppressed cell keeps its footnote mark


def test_rows_indented_by_level(tmp_path: Path) -> None:
    block = TableBlock(
        id="niva",
        title="Nivåer",
        columns=[Column(id="utfall", label="Utfall", kind="amount")],
        rows=[
            Row(label=label, level=level, cells=[Cell(value=Decimal(1), display="1")])
            for label, level in (("Nämnd", 0), ("Förvaltning", 1), ("Enhet", 2))
        ],
    )
    slide = Presentation(str(write_pptx(small_report([block]), tmp_path))).slides[2]
    margins = [row.cells[0].margin_left for row in list(table_of(slide).rows)[1:]]
    assert margins[0] < margins[1] < margins[2]


# -- status tables and tiles -------------------------------------------------------------


def test_status_cells_show_a_coloured_light_and_the_label(report: Report, deck) -> None:
    block = next(b for b in report.blocks() if isinstance(b, StatusTableBlock))
    table = table_of(slides_of(deck, block)[0])
    kinds = [c.kind for c in block.columns]
    for row, model in zip(list(table.rows)[1:], block.rows, strict=True):
        for cell, kind, value in zip(row.cells, kinds, model.cells, strict=True):
            if kind != "status":
                assert cell.text == value.display
                continue
            assert cell.text == f"● {value.display}"
            symbol = cell.text_frame.paragraphs[0].runs[0]
            assert str(symbol.font.color.rgb) == STATUS_RGB[str(value.value)]


def test_tiles_show_value_change_and_status_in_words(report: Report, deck) -> None:
    block = next(b for b in report.blocks() if isinstance(b, TilesBlock))
    slide = slides_of(deck, block)[0]
    texts = [s.text_frame.text for s in slide.shapes if s.name.startswith("Ruta ")]
    assert len(texts) == len(block.tiles)
    words = {"bad": "Ej uppnått", "warning": "Delvis uppnått"}
    for text, tile in zip(texts, block.tiles, strict=True):
        assert text.split("\n") == [
            tile.label,
            tile.display,
            tile.change_display,
            f"● {words[tile.status]}",
        ]


def test_text_slide_bullets_keep_bold(report: Report, deck) -> None:
    block = next(b for b in report.blocks() if b.id == "sommaren")
    body = next(s for s in slides_of(deck, block)[0].shapes if s.name == "Text")
    paragraphs = body.text_frame.paragraphs
    assert [p.text for p in paragraphs] == [
        line[2:].replace("**", "") for line in block.markdown.splitlines()
    ]
    assert all(p._p.pPr.find(qn("a:buChar")) is not None for p in paragraphs)
    bold = [r.text for p in paragraphs for r in p.runs if r.font.bold]
    assert bold == ["många"]


# -- charts ------------------------------------------------------------------------------


def expected_values(block: ChartBlock, series: Series) -> list[float | None]:
    unit = block.unit or "kr"
    return [
        None if v is None else float(scale(v, unit)) if series.value_kind == "amount" else float(v)
        for v in series.values
    ]


def test_every_chart_is_native_with_the_models_series(report: Report, deck) -> None:
    charts = [b for b in report.blocks() if isinstance(b, ChartBlock)]
    assert {b.kind for b in charts} >= {"line", "combo"}
    for block in charts:
        chart = chart_of(slides_of(deck, block)[0])
        assert chart.part.chart_workbook.xlsx_part is not None  # data the reader can edit
        assert chart.has_legend
        drawn = sorted(
            ((s.index, s.name, list(s.values)) for p in chart.plots for s in p.series),
            key=lambda item: item[0],
        )
        assert [(name, values) for _, name, values in drawn] == [
            (s.name, pytest.approx(expected_values(block, s), abs=1e-9)) for s in block.series
        ]
        assert list(chart.plots[0].categories) == block.categories


def test_combo_chart_puts_percent_lines_on_a_secondary_axis(report: Report, deck) -> None:
    block = next(b for b in report.blocks() if isinstance(b, ChartBlock) and b.kind == "combo")
    chart = chart_of(slides_of(deck, block)[0])
    plot_area = chart._chartSpace.plotArea
    bar = plot_area.find(qn("c:barChart"))
    line = plot_area.find(qn("c:lineChart"))
    names = {s.name: s for s in block.series}
    bar_names = [s.name for s in chart.plots[0].series]
    line_names = [s.name for s in chart.plots[1].series]
    assert bar is not None and line is not None
    assert all(names[n].kind == "column" and names[n].axis == "primary" for n in bar_names)
    assert line_names and all(names[n].axis == "secondary" for n in line_names)
    assert all(names[n].value_kind == "percent" for n in line_names)
    line_axes = {a.get("val") for a in line.findall(qn("c:axId"))}
    value_axes = {ax.find(qn("c:axId")).get("val"): ax for ax in plot_area.findall(qn("c:valAx"))}
    secondary = next(ax for axis_id, ax in value_axes.items() if axis_id in line_axes)
    assert secondary.find(qn("c:axPos")).get("val") == "r"
    assert secondary.find(qn("c:crosses")).get("val") == "max"
    assert "%" in secondary.find(qn("c:numFmt")).get("formatCode")
    assert not line_axes & {a.get("val") for a in bar.findall(qn("c:axId"))}


def test_target_line_and_bar_chart(tmp_path: Path) -> None:
    months = ["Jan", "Feb", "Mar"]
    column = ChartBlock(
        id="kolumn",
        title="Kostnad mot mål",
        kind="column",
        unit="mkr",
        categories=months,
        series=[
            Series(
                name="Utfall",
                values=[Decimal(-5_000_000), None, Decimal(-7_250_000)],
                display=["-5", "", "-7"],
            )
        ],
        target=Decimal(-6_000_000),
        target_label="Mål 2024",
    )
    bar = column.model_copy(update={"id": "stapel", "title": "Liggande", "kind": "bar"})
    deck = Presentation(str(write_pptx(small_report([column, bar]), tmp_path)))
    chart = chart_of(deck.slides[2])
    assert [p.__class__.__name__ for p in chart.plots] == ["BarPlot", "LinePlot"]
    assert list(chart.plots[0].series[0].values) == [-5.0, None, -7.25]
    target = chart.plots[1].series[0]
    assert (target.name, list(target.values)) == ("Mål 2024", [-6.0, -6.0, -6.0])
    bar_chart = chart_of(deck.slides[3])
    assert bar_chart.plots[0].categories.__len__() == 3
    assert [s.name for p in bar_chart.plots for s in p.series] == ["Utfall", "Mål 2024"]


# -- templates ---------------------------------------------------------------------------


def make_template(path: Path) -> Path:
    """A user's template: its own slide size, a Swedish layout name and a slide to drop."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(12), Inches(6.75)
    for layout in prs.slide_layouts:
        if layout.name == "Title Only":
            layout.name = "Endast rubrik"
    old = prs.slides.add_slide(prs.slide_layouts[0])
    old.shapes.title.text = "Gammal bild"
    prs.save(str(path))
    return path


def test_template_lends_its_layouts_and_size(report: Report, tmp_path: Path) -> None:
    template = make_template(tmp_path / "mall.pptx")
    deck = Presentation(str(write_pptx(report, tmp_path / "ut", template=template)))
    assert (deck.slide_width, deck.slide_height) == (Inches(12), Inches(6.75))
    titles = [title_of(s) for s in deck.slides]
    assert "Gammal bild" not in titles
    assert titles[0] == report.title
    layouts = [s.slide_layout.name for s in deck.slides]
    assert layouts[0] == "Title Slide"
    dividers = {s.title for s in report.sections}
    texts = {b.title for b in report.blocks() if isinstance(b, TextBlock)}
    assert {"Sommaren", "Resultat ack juli"} <= texts
    for title, layout in zip(titles[1:], layouts[1:], strict=True):
        if title in dividers:
            assert layout == "Section Header"
        elif title in texts:
            assert layout == "Title and Content"
        else:
            assert layout == "Endast rubrik", title
    table = report.table("investeringar")
    assert body_texts(table_of(slides_of(deck, table)[0]), 1) == [
        expected_row(table, r) for r in table.rows
    ]


def test_row_groups_print_once_per_run_before_the_labels(report: Report, deck) -> None:
    # As the seed prints "Primärvård | Läkare", "| Sjuksköterska", "Summa Primärvård |".
    block = report.table("hyrpersonal")
    texts = body_texts(table_of(slides_of(deck, block)[0]), header_rows(block))
    assert [row[:3] for row in texts] == [
        ["Region Exempel", "", ""],
        ["Primärvård", "Läkare", "-68,8"],
        ["", "Sjuksköterska", "-10,7"],
        ["Summa Primärvård", "", "-79"],
        ["Sjukhusvård", "Läkare", "-57,9"],
        ["", "Sjuksköterska", "-26,8"],
        ["Summa Sjukhusvård", "", "-85"],
        ["TOTALT", "", "-164"],
    ]
