"""The HTML renderer, read back as a reader (and a screen reader) would: parsed, not compared
as bytes. One sample report with every block kind, rendered once per module."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.sample_report import sample_report
from uppsikt.fmt import format_value
from uppsikt.render._html import markdown_html, render_html, write_html
from uppsikt.render._svg import chart_spec, chart_svg
from uppsikt.report import (
    Cell,
    ChartBlock,
    Column,
    Report,
    Row,
    Section,
    Series,
    StatusTableBlock,
    TableBlock,
    TextBlock,
)

NBSP = "\u00a0"
VOID = {"meta", "link", "br", "hr", "img", "input", "col", "source", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter(tag)

    def find(self, tag: str) -> Node | None:
        return next(self.iter(tag), None)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, skip: frozenset[str] = frozenset()) -> str:
        """The text content, leaving out elements with one of the classes in ``skip``."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not child.classes() & skip:
                parts.append(child.text(skip))
        return "".join(parts)


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.current is builder.root, "unclosed elements"
    return builder.root


def by_id(root: Node, ident: str) -> Node:
    for node in root.iter():
        if node.attrs.get("id") == ident:
            return node
    raise KeyError(ident)


MARKS = frozenset({"note-mark", "status-symbol"})


def cell_texts(tr: Node) -> list[str]:
    return [c.text(MARKS).strip() for c in tr.children if isinstance(c, Node)]


def row_cells(tr: Node) -> list[Node]:
    """A body row's cells without a row group's header cell (which spans several rows)."""
    return [c for c in tr.children if isinstance(c, Node) and c.attrs.get("scope") != "rowgroup"]


def expected_cells(row: Row) -> list[str]:
    """The row as printed: its label, then each cell's display (the label once, when the first
    column already holds it)."""
    displays = [cell.display for cell in row.cells]
    return displays if displays and displays[0] == row.label else [row.label, *displays]


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return render_html(report)


@pytest.fixture(scope="module")
def doc(page: str) -> Node:
    return parse_html(page)


def small_report(*blocks: object) -> Report:
    """The sample report's metadata with one section of the given blocks."""
    section = Section(id="test", title="Test", blocks=list(blocks))
    return sample_report().model_copy(update={"sections": [section]})


def tables(report: Report) -> list[TableBlock | StatusTableBlock]:
    return [b for b in report.blocks() if isinstance(b, TableBlock | StatusTableBlock)]


# The page as a whole


def test_language_title_and_metadata(doc: Node, report: Report) -> None:
    html = doc.find("html")
    assert html is not None and html.attrs["lang"] == "sv"
    title = doc.find("title")
    assert title is not None
    assert report.title in title.text() and report.period_label in title.text()
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in doc.iter("meta")}
    assert metas["author"] == report.organisation
    assert report.period_label in metas["description"]
    h1 = list(doc.iter("h1"))
    assert [h.text() for h in h1] == [report.title]


def test_no_external_reference_anywhere(page: str, doc: Node) -> None:
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page
    for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", page):
        assert target.startswith(("#", "data:")), target
    for node in doc.iter():
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster", "data"):
            if name in node.attrs:
                value = node.attrs[name].strip()
                assert value.startswith(("#", "data:")), (node.tag, name, value)
                assert not value.startswith("//")
    assert not list(doc.iter("script")) and not list(doc.iter("link"))
    assert not list(doc.iter("iframe")) and not list(doc.iter("img"))


def test_ids_are_unique_and_links_land(doc: Node) -> None:
    ids = [node.attrs["id"] for node in doc.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids))
    for node in doc.iter("a"):
        assert node.attrs["href"][1:] in ids, node.attrs["href"]
    for node in doc.iter():
        for name in ("aria-labelledby", "aria-describedby"):
            for ident in node.attrs.get(name, "").split():
                assert ident in ids, (node.tag, name, ident)


def test_table_of_contents_lists_every_section_and_block(doc: Node, report: Report) -> None:
    nav = doc.find("nav")
    assert nav is not None
    links = {a.text().strip(): a.attrs["href"] for a in nav.iter("a")}
    for section in report.sections:
        target = by_id(doc, links[section.title][1:])
        assert target.tag == "section"
        heading = target.find("h2")
        assert heading is not None and heading.text() == section.title
        for block in section.blocks:
            assert block.title in links


def test_footer_has_period_generation_time_and_sources(doc: Node, report: Report) -> None:
    footer = doc.find("footer")
    assert footer is not None
    text = footer.text()
    assert report.period in text and report.period_label in text
    assert footer.find("time") is not None
    assert report.generated_at.strftime("%Y-%m-%d") in text
    for source in report.sources:
        assert source.file_name in text and source.file_hash in text


# Tables


def test_every_table_prints_the_model_display_values(doc: Node, report: Report) -> None:
    for block in tables(report):
        table = by_id(doc, f"block-{block.id}").find("table")
        assert table is not None
        body = table.find("tbody")
        assert body is not None
        trs = list(body.iter("tr"))
        assert len(trs) == len(block.rows)
        for tr, row in zip(trs, block.rows, strict=True):
            texts = [c.text(MARKS).strip() for c in row_cells(tr)]
            assert texts == expected_cells(row), block.id


def test_captions_scopes_and_column_groups(doc: Node, report: Report) -> None:
    for block in tables(report):
        table = by_id(doc, f"block-{block.id}").find("table")
        assert table is not None
        caption = table.find("caption")
        assert caption is not None and block.title in caption.text()
        if isinstance(block, TableBlock) and block.unit_caption:
            assert block.unit_caption in caption.text()
        head = table.find("thead")
        assert head is not None
        for th in head.iter("th"):
            assert th.attrs.get("scope") in ("col", "colgroup"), th.attrs
        body = table.find("tbody")
        assert body is not None
        for tr in body.iter("tr"):
            first = row_cells(tr)[0]
            assert first.tag == "th" and first.attrs["scope"] == "row"
            assert all(th.attrs.get("scope") in ("row", "rowgroup") for th in tr.iter("th"))
        # A column group header spans exactly its columns, in order.
        groups = [
            (th.text(), int(th.attrs.get("colspan", "1")))
            for th in head.iter("th")
            if th.attrs["scope"] == "colgroup"
        ]
        expected: list[tuple[str, int]] = []
        for column in block.columns:
            if column.group is None:
                continue
            if expected and expected[-1][0] == column.group:
                expected[-1] = (column.group, expected[-1][1] + 1)
            else:
                expected.append((column.group, 1))
        assert groups == expected
        colgroup_spans = [int(c.attrs.get("span", "1")) for c in table.iter("colgroup")]
        first_row = next(body.iter("tr"))
        width = sum(
            int(c.attrs.get("colspan", "1")) for c in first_row.children if isinstance(c, Node)
        )
        assert sum(colgroup_spans) == width


def test_column_headers_name_the_columns(doc: Node) -> None:
    table = by_id(doc, "block-rs_resultat").find("table")
    assert table is not None
    head = table.find("thead")
    assert head is not None
    rows = list(head.iter("tr"))
    assert [th.text() for th in rows[0].iter("th")] == ["Juli", "Ackumulerat Juli", "Helår 2024"]
    assert [th.attrs["colspan"] for th in rows[0].iter("th")] == ["3", "3", "3"]
    assert [th.text() for th in rows[1].iter("th")][:3] == ["Utfall", "Budget", "Budgetavvikelse"]


def test_numbers_are_right_aligned_with_tabular_figures(
    doc: Node, page: str, report: Report
) -> None:
    style = doc.find("style")
    assert style is not None
    css = style.text()
    rule = re.search(r"\.data-table \.num \{([^}]*)\}", css)
    assert rule is not None
    assert "text-align: right" in rule.group(1) and "tabular-nums" in rule.group(1)
    for block in tables(report):
        table = by_id(doc, f"block-{block.id}").find("tbody")
        assert table is not None
        numeric = [c.kind in ("amount", "percent", "pp", "count") for c in block.columns]
        for tr in table.iter("tr"):
            tds = row_cells(tr)[1:]
            flags = numeric[-len(tds) :] if tds else []
            for td, is_number in zip(tds, flags, strict=True):
                assert ("num" in td.classes()) == is_number


def test_sum_rows_are_bold_and_levels_indented() -> None:
    columns = [Column(id="v", label="Belopp", kind="amount")]
    rows = [
        Row(label="Nämnd", level=0, cells=[Cell(value=Decimal(1), display="1")]),
        Row(label="Enhet", level=2, cells=[Cell(value=Decimal(1), display="1")]),
        Row(label="Summa", emphasis=True, cells=[Cell(value=Decimal(2), display="2")]),
    ]
    table = TableBlock(id="t", title="T", unit="mkr", columns=columns, rows=rows)
    doc = parse_html(render_html(small_report(table)))
    body = by_id(doc, "block-t").find("tbody")
    assert body is not None
    trs = list(body.iter("tr"))
    assert [("sum" in tr.classes()) for tr in trs] == [False, False, True]
    heads = [tr.find("th") for tr in trs]
    assert "level-2" in heads[1].classes()  # type: ignore[union-attr]
    css = doc.find("style").text()  # type: ignore[union-attr]
    assert re.search(r"tr\.sum th,\s*\.data-table tr\.sum td \{[^}]*font-weight: 700", css)
    assert re.search(r"\.level-2 \{ padding-left: [\d.]+rem", css)


def test_footnote_marks_link_to_their_note(doc: Node, report: Report) -> None:
    block = report.table("exempel_lang_tabell")
    wrapper = by_id(doc, "block-exempel_lang_tabell")
    marks = [sup for sup in wrapper.iter("sup") if "note-mark" in sup.classes()]
    noted = [cell for row in block.rows for cell in row.cells if cell.note]
    assert [m.text() for m in marks] == [cell.note for cell in noted]
    for mark in marks:
        link = mark.find("a")
        assert link is not None
        note = by_id(doc, link.attrs["href"][1:])
        assert note.text() in block.notes


def test_status_cells_show_a_symbol_and_the_label(doc: Node, report: Report) -> None:
    block = next(b for b in report.blocks() if isinstance(b, StatusTableBlock))
    body = by_id(doc, f"block-{block.id}").find("tbody")
    assert body is not None
    symbols: dict[str, str] = {}
    for tr, row in zip(body.iter("tr"), block.rows, strict=False):
        tds = [c for c in tr.children if isinstance(c, Node)][1:]
        for td, column, cell in zip(tds, block.columns[1:], row.cells[1:], strict=True):
            if column.kind != "status":
                continue
            badge = next(n for n in td.iter("span") if "status-badge" in n.classes())
            assert f"status-{cell.value}" in badge.classes()
            symbol = next(n for n in td.iter("span") if "status-symbol" in n.classes())
            label = next(n for n in td.iter("span") if "status-label" in n.classes())
            assert label.text() == cell.display and symbol.text().strip()
            assert symbol.attrs.get("aria-hidden") == "true"
            symbols.setdefault(str(cell.value), symbol.text())
            assert symbols[str(cell.value)] == symbol.text()
    # Each status has a symbol of its own shape, not only a colour of its own.
    assert len(set(symbols.values())) == len(symbols) >= 3


def test_tiles_show_value_change_and_status_label(doc: Node, report: Report) -> None:
    wrapper = by_id(doc, "block-vardgaranti_tiles")
    items = list(wrapper.iter("li"))
    tiles = report.blocks()
    block = next(b for b in tiles if b.id == "vardgaranti_tiles")
    assert len(items) == len(block.tiles)  # type: ignore[union-attr]
    for item, tile in zip(items, block.tiles, strict=True):  # type: ignore[union-attr]
        text = item.text(MARKS)
        assert tile.label in text and tile.display in text and tile.change_display in text
        assert any("status-label" in n.classes() and n.text() for n in item.iter("span"))


# Text


def test_text_block_from_markdown(doc: Node) -> None:
    wrapper = by_id(doc, "block-sommaren")
    items = [li.text().strip() for li in wrapper.iter("li")]
    assert items[1] == "Inom kirurgi, ortopedi och medicin har det varit många överbeläggningar."
    strong = wrapper.find("strong")
    assert strong is not None and strong.text() == "många"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Hej **du**", "<p>Hej <strong>du</strong></p>"),
        ("- a\n- b", "<ul><li>a</li><li>b</li></ul>"),
        ("- a\n  - b\n- c", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"),
        ("- a\n    - b", "<ul><li>a<ul><li>b</li></ul></li></ul>"),
        ("- a\n\nText", "<ul><li>a</li></ul><p>Text</p>"),
        ("<script>x</script> & *i*", "<p>&lt;script&gt;x&lt;/script&gt; &amp; <em>i</em></p>"),
    ],
)
def test_markdown_html(markdown: str, expected: str) -> None:
    assert str(markdown_html(markdown)) == expected


def test_model_text_is_escaped() -> None:
    evil = '<img src="https://evil.example/x.png">'
    columns = [Column(id="v", label=evil, kind="text")]
    rows = [Row(label=evil, cells=[Cell(value=evil, display=evil)])]
    page = render_html(
        small_report(
            TableBlock(id="t", title=evil, columns=columns, rows=rows, notes=[evil]),
            TextBlock(id="x", title=evil, markdown=evil),
            ChartBlock(
                id="c",
                title=evil,
                kind="column",
                categories=[evil],
                series=[Series(name=evil, values=[Decimal(1)], display=[evil])],
            ),
        )
    )
    parse_html(page)
    assert "<img" not in page
    assert "&lt;img" in page


# Charts


def test_every_chart_is_an_accessible_inline_svg(doc: Node, report: Report) -> None:
    charts = [b for b in report.blocks() if isinstance(b, ChartBlock)]
    assert charts
    for chart in charts:
        figure = by_id(doc, f"block-{chart.id}")
        svg = figure.find("svg")
        assert svg is not None
        assert svg.attrs["role"] == "img"
        assert "viewbox" in svg.attrs and "width" not in svg.attrs and "height" not in svg.attrs
        title, desc = svg.find("title"), svg.find("desc")
        assert title is not None and title.text() == chart.title
        assert desc is not None
        for series in chart.series:
            assert series.name in desc.text()
        assert svg.attrs["aria-labelledby"] == title.attrs["id"]
        assert svg.attrs["aria-describedby"] == desc.attrs["id"]
        # The numbers behind the chart, as a table for readers who can't see it.
        data = figure.find("details")
        assert data is not None and data.find("table") is not None


def _chart(kind: str = "line", unit: str = "mkr", **kwargs: object) -> ChartBlock:
    months = ["Jan", "Feb", "Mar", "Apr"]
    amounts = [Decimal("-849525425.99"), Decimal("-1031400000"), None, Decimal("-877340971.83")]
    ratios = [None, Decimal("0.0581"), Decimal("0.062"), Decimal("-0.015")]
    series = [
        Series(
            name="Kostnader i år",
            values=amounts,
            display=[format_value(v, "amount", unit=unit) for v in amounts],
            kind="column" if kind == "combo" else None,
        ),
        Series(
            name="Kostnader R12 %",
            values=ratios,
            display=[format_value(v, "percent") for v in ratios],
            kind="line" if kind == "combo" else None,
            axis="secondary" if kind == "combo" else "primary",
            value_kind="percent",
        ),
    ]
    return ChartBlock(
        id="c",
        title="Nettokostnader",
        kind=kind,
        unit=unit,
        categories=months,
        series=series,
        **kwargs,  # type: ignore[arg-type]
    )


def _values(spec: dict, name: str) -> list[float | None]:
    layers = [spec]
    found: list[float | None] = []
    while layers:
        layer = layers.pop()
        layers.extend(layer.get("layer", []))
        for row in layer.get("data", {}).get("values", []):
            if row.get("series") == name:
                found.append(row["value"])
    return found


@pytest.mark.parametrize(("unit", "divisor"), [("mkr", 1e6), ("tkr", 1e3), ("kr", 1)])
def test_amounts_are_scaled_to_the_chart_unit_and_none_is_a_gap(unit: str, divisor: float) -> None:
    spec = chart_spec(_chart("combo", unit=unit))
    assert _values(spec, "Kostnader i år") == pytest.approx(
        [-849525425.99 / divisor, -1031400000 / divisor, None, -877340971.83 / divisor]
    )
    # Percent series stay ratios; the axis format prints them as percentages.
    assert _values(spec, "Kostnader R12 %") == [None, 0.0581, 0.062, -0.015]


def test_combo_draws_columns_and_a_line_on_a_secondary_axis() -> None:
    chart = _chart("combo")
    spec = chart_spec(chart)
    assert spec["resolve"]["scale"]["y"] == "independent"
    primary, secondary = spec["layer"]
    assert primary["mark"]["type"] == "bar"
    assert secondary["mark"]["type"] == "line"
    assert secondary["encoding"]["y"]["axis"]["orient"] == "right"
    assert secondary["encoding"]["y"]["axis"]["format"].endswith("%")
    texts = [t.text or "" for t in ET.fromstring(chart_svg(chart)).iter("text")]
    # Swedish axis labels: decimal comma, no-break space thousands, ASCII hyphen as minus.
    assert any(re.fullmatch(r"\d+%", t) for t in texts), texts
    assert any(re.fullmatch(rf"-1{NBSP}000", t) for t in texts), texts
    assert not any("\u2212" in t for t in texts)
    assert "Kostnader i år" in texts and "Kostnader R12 %" in texts  # the legend


def test_axis_labels_use_a_decimal_comma() -> None:
    values = [Decimal("0.5"), Decimal("1.25"), Decimal("1.1")]
    series = Series(name="Skillnad", values=values, display=["0,5", "1,3", "1,1"], value_kind="pp")
    chart = ChartBlock(id="pp", title="T", kind="line", categories=["a", "b", "c"], series=[series])
    texts = [t.text or "" for t in ET.fromstring(chart_svg(chart)).iter("text")]
    assert "0,6" in texts and "%-enheter" in texts, texts


@pytest.mark.parametrize("kind", ["line", "column", "bar", "combo"])
def test_every_kind_renders_a_scalable_svg(kind: str) -> None:
    svg = chart_svg(_chart(kind, target=Decimal("-900000000"), target_label="Budget"))
    root = ET.fromstring(svg)
    assert root.tag == "svg" and root.get("role") == "img"
    assert root.get("viewBox") and root.get("width") is None
    assert root.find("title") is not None and root.find("desc") is not None
    assert "Budget" in [t.text for t in root.iter("text")]  # the target line's label
    assert "http" not in svg
    assert all(target.startswith("#chart-c-") for target in re.findall(r"url\((.*?)\)", svg))


@pytest.mark.parametrize("kind", ["line", "column", "bar", "combo"])
@pytest.mark.parametrize("series", ["none", "secondary only", "all empty"])
def test_charts_without_data_still_render(kind: str, series: str) -> None:
    lone = Series(name="R12 %", values=[None, None], display=["", ""], value_kind="percent")
    chosen = {
        "none": [],
        "secondary only": [lone.model_copy(update={"axis": "secondary"})],
        "all empty": [lone],
    }[series]
    chart = ChartBlock(id="e", title="Tom", kind=kind, categories=["a", "b"], series=chosen)
    root = ET.fromstring(chart_svg(chart))
    assert root.get("role") == "img" and root.find("desc") is not None


def test_chart_description_summarises_the_data() -> None:
    desc = ET.fromstring(chart_svg(_chart("combo"))).find("desc")
    assert desc is not None and desc.text is not None
    assert "Kombinerat stapel- och linjediagram" in desc.text
    assert f"lägst -1{NBSP}031 (Feb)" in desc.text
    assert "Kostnader R12 % (höger axel)" in desc.text and "högst 6,2% (Mar)" in desc.text


def test_chart_ids_are_prefixed_so_charts_can_share_a_page() -> None:
    first = chart_svg(_chart(), id_prefix="a")
    second = chart_svg(_chart(), id_prefix="b")
    ids = set(re.findall(r'id="([^"]+)"', first)) & set(re.findall(r'id="([^"]+)"', second))
    assert not ids


# Print stylesheet and file


def test_print_stylesheet(doc: Node) -> None:
    css = doc.find("style").text()  # type: ignore[union-attr]
    print_css = css[css.index("@media print") :]
    assert "size: A4 landscape" in print_css
    assert re.search(r"\.report-section,\s*\.report-footer \{\s*break-before: page", print_css)
    assert re.search(r"tr,[^{]*\{\s*break-inside: avoid", print_css)
    assert "display: table-header-group" in print_css


def test_write_html(tmp_path: Path, report: Report, page: str) -> None:
    path = write_html(report, tmp_path / "out")
    assert path.name == "report-2024-07.html"
    assert path.read_text(encoding="utf-8") == page
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def _grouped_table() -> TableBlock:
    columns = [Column(id="v", label="Utfall", kind="amount")]

    def row(label: str, group: str | None = None, value: int = 1) -> Row:
        cells = [Cell(value=Decimal(value), display=str(value))]
        return Row(label=label, group=group, emphasis=group is None, cells=cells)

    rows = [
        row("Läkare", "Primärvård"),
        row("Sjuksköterska", "Primärvård"),
        row("Summa Primärvård", value=2),
        row("Läkare", "Sjukhusvård"),
        row("TOTALT", value=3),
    ]
    return TableBlock(id="t", title="T", unit="mkr", columns=columns, rows=rows)


def test_row_groups_span_their_rows_as_the_seed_prints_them() -> None:
    doc = parse_html(render_html(small_report(_grouped_table())))
    table = by_id(doc, "block-t").find("table")
    assert table is not None
    corner = table.find("thead").find("td")  # type: ignore[union-attr]
    assert corner is not None and corner.attrs.get("colspan") == "2"
    trs = list(table.find("tbody").iter("tr"))  # type: ignore[union-attr]
    assert [cell_texts(tr) for tr in trs] == [
        ["Primärvård", "Läkare", "1"],
        ["Sjuksköterska", "1"],
        ["Summa Primärvård", "2"],
        ["Sjukhusvård", "Läkare", "1"],
        ["TOTALT", "3"],
    ]
    group = trs[0].find("th")
    assert group is not None
    assert (group.attrs.get("scope"), group.attrs.get("rowspan")) == ("rowgroup", "2")
    heads = [c for c in trs[0].children if isinstance(c, Node) and c.tag == "th"]
    assert [h.attrs.get("scope") for h in heads] == ["rowgroup", "row"]
    summa = trs[2].find("th")
    assert summa is not None
    assert (summa.attrs.get("scope"), summa.attrs.get("colspan")) == ("row", "2")
