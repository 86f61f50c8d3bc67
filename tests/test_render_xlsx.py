"""The Excel workbook, parsed back with openpyxl and compared with the report model."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from uppsikt.fmt import scale
from uppsikt.render._xlsx import write_xlsx
from uppsikt.report import (
    Cell,
    ChartBlock,
    Column,
    Report,
    Row,
    Series,
    Source,
    StatusTableBlock,
    TableBlock,
    TextBlock,
)

from .sample_report import sample_report
from .sample_report import small_report as sample_small_report

NUMERIC = ("amount", "percent", "pp", "count")
MICRO = Decimal("0.000001")


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def book(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    return load_workbook(write_xlsx(report, tmp_path_factory.mktemp("xlsx")))


def tables(report: Report) -> list[TableBlock | StatusTableBlock]:
    return [b for b in report.blocks() if isinstance(b, TableBlock | StatusTableBlock)]


def header_position(ws: Worksheet, labels: list[str]) -> tuple[int, int]:
    """The header row and the sheet column of the first model column, found by the labels."""
    for row in ws.iter_rows(max_row=12):
        values = [cell.value for cell in row]
        for start in range(len(values) - len(labels) + 1):
            if values[start : start + len(labels)] == labels:
                return row[0].row, start + 1
    raise AssertionError(f"no header {labels} in {ws.title}")


def grid_cell(ws: Worksheet, labels: list[str], row: int, column: int):
    header, start = header_position(ws, labels)
    return ws.cell(header + 1 + row, start + column)


def as_decimal(number: int | float) -> Decimal:
    return Decimal(repr(number)).quantize(MICRO)


def format_decimals(number_format: str) -> int:
    """Decimal places of a number format code, ignoring quoted literal text."""
    code = re.sub(r'"[^"]*"', "", number_format)
    match = re.search(r"\.(0+)", code)
    return len(match.group(1)) if match else 0


def is_percent_format(number_format: str) -> bool:
    return "%" in re.sub(r'"[^"]*"', "", number_format)


def expected_number(cell: Cell, column: Column, unit: str | None) -> Decimal:
    assert isinstance(cell.value, Decimal)
    return scale(cell.value, unit or "kr") if column.kind == "amount" else cell.value


# --- the sample report ------------------------------------------------------------------------


def test_one_sheet_per_table_and_chart_between_contents_and_sources(
    report: Report, book: Workbook
) -> None:
    ids = [
        b.id for b in report.blocks() if isinstance(b, TableBlock | StatusTableBlock | ChartBlock)
    ]
    assert book.sheetnames == ["Innehåll", *ids, "Källor"]
    assert {"rs_resultat", "region_resultat_ack", "exempel_portfolj"} <= set(ids)
    assert "vardgaranti_tiles" not in book.sheetnames  # tiles and text have no sheet
    assert "sommaren" not in book.sheetnames


def test_table_numbers_are_numbers_equal_to_the_model_scaled_to_the_unit(
    report: Report, book: Workbook
) -> None:
    checked = 0
    for block in tables(report):
        ws = book[block.id]
        unit = block.unit if isinstance(block, TableBlock) else None
        labels = [c.label for c in block.columns]
        for r, row in enumerate(block.rows):
            for c, (column, cell) in enumerate(zip(block.columns, row.cells, strict=True)):
                if column.kind not in NUMERIC:
                    continue
                sheet_cell = grid_cell(ws, labels, r, c)
                if cell.value is None:
                    assert sheet_cell.value is None or cell.note
                    continue
                assert type(sheet_cell.value) in (int, float), (block.id, r, c)
                expected = expected_number(cell, column, unit).quantize(MICRO)
                assert as_decimal(sheet_cell.value) == expected, (block.id, r, c)
                checked += 1
    assert checked > 200


def test_amount_and_percent_cells_have_formats_with_the_column_decimals(
    report: Report, book: Workbook
) -> None:
    kinds = set()
    for block in tables(report):
        ws = book[block.id]
        labels = [c.label for c in block.columns]
        for r, row in enumerate(block.rows):
            for c, (column, cell) in enumerate(zip(block.columns, row.cells, strict=True)):
                if column.kind not in ("amount", "percent") or cell.value is None:
                    continue
                number_format = grid_cell(ws, labels, r, c).number_format
                assert format_decimals(number_format) == column.decimals
                assert is_percent_format(number_format) == (column.kind == "percent")
                assert "," in number_format or column.kind == "percent"  # grouped thousands
                kinds.add(column.kind)
    assert kinds == {"amount", "percent"}


def test_header_row_is_frozen_and_unit_caption_is_in_the_title_area(
    report: Report, book: Workbook
) -> None:
    for block in tables(report):
        ws = book[block.id]
        header, _ = header_position(ws, [c.label for c in block.columns])
        assert ws.freeze_panes == f"B{header + 1}"
        title_area = [ws.cell(row, 1).value for row in range(1, header)]
        assert ws["A1"].value == block.title and ws["A1"].font.b
        if isinstance(block, TableBlock) and block.unit:
            assert block.unit_caption in title_area
    assert book["rs_resultat"]["A2"].value == "Belopp i miljoner kronor"


def test_column_groups_are_merged_over_their_columns(book: Workbook) -> None:
    ws = book["rs_resultat"]
    merged = {str(r): ws[str(r).split(":")[0]].value for r in ws.merged_cells.ranges}
    assert merged == {"B4:D4": "Juli", "E4:G4": "Ackumulerat Juli", "H4:J4": "Helår 2024"}


def test_sum_rows_are_bold_and_other_rows_are_not(report: Report, book: Workbook) -> None:
    block = report.table("region_resultat")
    ws = book[block.id]
    header, start = header_position(ws, [c.label for c in block.columns])
    assert any(row.emphasis for row in block.rows)
    for r, row in enumerate(block.rows):
        cells = [ws.cell(header + 1 + r, column) for column in range(1, start + 2)]
        assert cells[0].value == row.label
        assert all(bool(cell.font.b) == row.emphasis for cell in cells), row.label


def test_status_cells_hold_the_label_with_a_fill_per_status(report: Report, book: Workbook) -> None:
    block = next(b for b in report.blocks() if isinstance(b, StatusTableBlock))
    ws = book[block.id]
    labels = [c.label for c in block.columns]
    fills: dict[str, str] = {}
    for r, row in enumerate(block.rows):
        for c, (column, cell) in enumerate(zip(block.columns, row.cells, strict=True)):
            sheet_cell = grid_cell(ws, labels, r, c)
            if column.kind == "status":
                assert sheet_cell.value == cell.display
                assert sheet_cell.fill.fill_type == "solid"
                assert fills.setdefault(str(cell.value), sheet_cell.fill.fgColor.rgb) == (
                    sheet_cell.fill.fgColor.rgb
                )
            else:
                assert sheet_cell.value == cell.value
    assert set(fills) == {"good", "warning", "bad"} and len(set(fills.values())) == 3


def test_suppressed_cell_shows_its_mark_and_the_notes_follow_the_table(
    report: Report, book: Workbook
) -> None:
    block = report.table("exempel_lang_tabell")
    ws = book[block.id]
    header, start = header_position(ws, [c.label for c in block.columns])
    assert ws.cell(header + 4, start + 2).value == ".. *"
    below = [ws.cell(row, 1).value for row in range(header + len(block.rows) + 1, ws.max_row + 1)]
    assert block.notes[0] in below


def test_chart_data_has_categories_as_rows_and_series_as_columns(
    report: Report, book: Workbook
) -> None:
    charts = [b for b in report.blocks() if isinstance(b, ChartBlock)]
    assert any(s.value_kind == "percent" for chart in charts for s in chart.series)
    for chart in charts:
        ws = book[chart.id]
        header, start = header_position(ws, [s.name for s in chart.series])
        assert ws.freeze_panes == f"B{header + 1}"
        for r, category in enumerate(chart.categories):
            assert ws.cell(header + 1 + r, start - 1).value == category
            for c, series in enumerate(chart.series):
                sheet_cell = ws.cell(header + 1 + r, start + c)
                value = series.values[r]
                if value is None:
                    assert sheet_cell.value is None
                    continue
                column = Column(id="s", label=series.name, kind=series.value_kind)
                expected = expected_number(Cell(value=value, display=""), column, chart.unit)
                assert as_decimal(sheet_cell.value) == expected.quantize(MICRO)
                assert is_percent_format(sheet_cell.number_format) == (
                    series.value_kind == "percent"
                )


def test_sources_sheet_lists_every_batch_and_every_query(report: Report, book: Workbook) -> None:
    values = {cell.value for row in book["Källor"].iter_rows() for cell in row}
    assert report.sources
    for source in report.sources:
        assert {source.file_name, source.file_hash, source.batch_id} <= values
    for name, sql in report.queries.items():
        assert name in values
        assert sql.strip().splitlines()[0].rstrip() in values


def test_contents_sheet_describes_the_report_and_links_every_sheet(
    report: Report, book: Workbook
) -> None:
    ws = book["Innehåll"]
    values = {cell.value for row in ws.iter_rows() for cell in row}
    assert {report.title, report.organisation, f"uppsikt {report.software_version}"} <= values
    assert any(isinstance(v, str) and report.period_label in v for v in values)
    assert any(isinstance(v, datetime) for v in values)
    links = {
        cell.value: cell.hyperlink.location
        for row in ws.iter_rows()
        for cell in row
        if cell.hyperlink
    }
    assert set(links) == set(book.sheetnames[1:])
    for name, location in links.items():
        assert location == f"'{name}'!A1"


def test_workbook_properties(report: Report, book: Workbook) -> None:
    assert book.properties.title == report.title
    assert book.properties.creator == report.organisation
    assert book.properties.subject == report.period_label


def test_file_is_named_by_period_and_written_whole(report: Report, tmp_path: Path) -> None:
    path = write_xlsx(report, tmp_path / "out")
    assert path == tmp_path / "out" / "report-2024-07.xlsx"
    assert [p.name for p in path.parent.iterdir()] == [path.name]


# --- a constructed report: every column kind, long ids, awkward text --------------------------


def small_report(blocks: list, sources: list[Source] | None = None) -> Report:
    return sample_small_report(blocks, sources, {"figures": "SELECT 1\n= 'not a formula'"})


def number_cell(value: str | None, note: str | None = None) -> Cell:
    return Cell(value=None if value is None else Decimal(value), display="x", note=note)


KINDS_TABLE = TableBlock(
    id="kinds",
    title="Alla sorter",
    unit="tkr",
    unit_caption="Belopp i tusentals kronor",
    columns=[
        Column(id="amount", label="Belopp", kind="amount", decimals=1),
        Column(id="percent", label="Andel", kind="percent", decimals=1),
        Column(id="pp", label="Förändring", kind="pp", decimals=1),
        Column(id="count", label="Antal", kind="count"),
        Column(id="text", label="Kommentar", kind="text"),
    ],
    rows=[
        Row(
            label="Enhet A",
            level=1,
            cells=[
                number_cell("-1031449.99"),
                number_cell("0.064"),
                number_cell("-7.1"),
                number_cell("14972"),
                Cell(value="=SUM(A1:A2)", display="=SUM(A1:A2)"),
            ],
        ),
        Row(
            label="Summa",
            emphasis=True,
            cells=[
                number_cell("0.1", note="a"),
                number_cell(None),
                number_cell("0.3"),
                number_cell("3"),
                Cell(value=None, display=""),
            ],
        ),
    ],
    notes=["a Avrundat."],
)


CHART = ChartBlock(
    id="diagram",
    title="Diagram",
    kind="combo",
    unit="mkr",
    categories=["Jan", "Feb"],
    series=[
        Series(name="Utfall", values=[Decimal("-1500000"), None], display=["-2", ""]),
        Series(
            name="R12 %", values=[Decimal("0.05"), None], display=["", ""], value_kind="percent"
        ),
    ],
    target=Decimal("-1000000"),
    target_label="Målnivå",
)


@pytest.fixture(scope="module")
def kinds_book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = write_xlsx(small_report([KINDS_TABLE, CHART]), tmp_path_factory.mktemp("kinds"))
    return load_workbook(path)


@pytest.fixture(scope="module")
def kinds_sheet(kinds_book: Workbook) -> Worksheet:
    return kinds_book["kinds"]


def test_constructed_chart_sheet_has_its_data_and_target(kinds_book: Workbook) -> None:
    assert kinds_book.sheetnames == ["Innehåll", "kinds", "diagram", "Källor"]
    diagram = kinds_book["diagram"]
    header, start = header_position(diagram, ["Utfall", "R12 %"])
    assert diagram.cell(header + 1, start).value == -1.5  # mkr
    assert diagram.cell(header + 1, start + 1).value == 0.05
    assert diagram.cell(header + 1, start + 1).number_format == "0.0%"
    assert diagram.cell(header + 2, start).value is None
    target_row = next(
        r for r in range(1, diagram.max_row + 1) if diagram.cell(r, 1).value == "Målnivå"
    )
    assert diagram.cell(target_row, start).value == -1


def test_sql_lines_starting_with_equals_stay_text(kinds_book: Workbook) -> None:
    cells = [cell for row in kinds_book["Källor"].iter_rows() for cell in row]
    line = next(cell for cell in cells if cell.value == "= 'not a formula'")
    assert line.data_type == "s"


@pytest.mark.parametrize(
    ("row", "column", "value", "number_format"),
    [
        (0, 0, -1031.44999, "#,##0.0"),
        (0, 1, 0.064, "0.0%"),
        (0, 2, -7.1, '#,##0.0"\u00a0%-enheter"'),
        (0, 3, 14972, "#,##0"),
        (1, 0, 0.0001, '#,##0.0" a"'),
        (1, 2, 0.3, '#,##0.0"\u00a0%-enheter"'),
        (1, 3, 3, "#,##0"),
    ],
)
def test_each_kind_is_a_number_with_its_format(
    kinds_sheet: Worksheet, row: int, column: int, value: float, number_format: str
) -> None:
    labels = [c.label for c in KINDS_TABLE.columns]
    cell = grid_cell(kinds_sheet, labels, row, column)
    assert cell.value == value and type(cell.value) is type(value)
    assert cell.number_format == number_format


def test_text_empty_indent_and_caption_in_a_constructed_table(kinds_sheet: Worksheet) -> None:
    labels = [c.label for c in KINDS_TABLE.columns]
    assert grid_cell(kinds_sheet, labels, 0, 4).value == "=SUM(A1:A2)"
    assert grid_cell(kinds_sheet, labels, 0, 4).data_type == "s"  # text, not a formula
    assert grid_cell(kinds_sheet, labels, 1, 1).value is None
    assert grid_cell(kinds_sheet, labels, 1, 4).value is None
    header, _ = header_position(kinds_sheet, labels)
    assert kinds_sheet.cell(header + 1, 1).alignment.indent == 1
    assert kinds_sheet.cell(header + 2, 1).font.b
    assert kinds_sheet["A2"].value == "Belopp i tusentals kronor"
    assert kinds_sheet.freeze_panes == f"B{header + 1}"


def test_sheet_names_are_valid_and_unique_for_long_and_awkward_ids(tmp_path: Path) -> None:
    long_id = "personalkostnad_per_forvaltning_och_manad_r12"
    idents = [
        long_id,
        long_id + "_2",  # the same first 31 characters
        long_id,  # the same id twice
        "a/b:c?d*e[f]g\\h",
        "'citerad'",
        "innehåll",  # the contents sheet's name in another case
        "History",
        "x" * 40,
    ]
    blocks = [
        TableBlock(
            id=ident,
            title=f"Tabell {index}",
            columns=[Column(id="a", label="A", kind="amount")],
            rows=[Row(label="Rad", cells=[number_cell("1")])],
        )
        for index, ident in enumerate(idents)
    ] + [TextBlock(id="text", title="Text", markdown="Hej")]
    book = load_workbook(write_xlsx(small_report(blocks), tmp_path))
    names = book.sheetnames
    assert len(names) == len(idents) + 2
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")
        assert name.casefold() != "history"
    for index, name in enumerate(names[1:-1]):
        assert book[name]["A1"].value == f"Tabell {index}"
    assert names[1] == long_id[:31]


def test_row_groups_fill_a_column_of_their_own_on_every_row(report: Report, book: Workbook) -> None:
    # The seed's hired-staff table: the care level, then the profession; the sheet repeats the
    # care level on every row so that it filters, and sum rows keep their label in front.
    block = report.table("hyrpersonal")
    ws = book["hyrpersonal"]
    header, start = header_position(ws, [c.label for c in block.columns])
    heads = [
        (ws.cell(header + 1 + r, start - 2).value, ws.cell(header + 1 + r, start - 1).value)
        for r in range(len(block.rows))
    ]
    assert heads == [
        ("Region Exempel", None),
        ("Primärvård", "Läkare"),
        ("Primärvård", "Sjuksköterska"),
        ("Summa Primärvård", None),
        ("Sjukhusvård", "Läkare"),
        ("Sjukhusvård", "Sjuksköterska"),
        ("Summa Sjukhusvård", None),
        ("TOTALT", None),
    ]
