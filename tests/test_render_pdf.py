"""The PDF renderer, read back with pypdf: pages, text, bookmarks, metadata, fonts, tags.

Rendering the sample report takes a few seconds, so it is done once for the module.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tests.sample_report import sample_report
from uppsikt.render._pdf import PDF_VARIANTS, write_pdf
from uppsikt.report import ChartBlock, Report, Section, TextBlock

A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def pdf_path(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pdf(report, tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def pages_text(pdf: PdfReader) -> list[str]:
    # Lines and cells joined by single spaces; no-break spaces stay as they are.
    return [re.sub(r"[ \n]+", " ", page.extract_text()) for page in pdf.pages]


def test_file_name_and_no_leftovers(pdf_path: Path) -> None:
    assert pdf_path.name == "report-2024-07.pdf"
    assert [p.name for p in pdf_path.parent.iterdir()] == [pdf_path.name]


def test_pages_are_a4_landscape(pdf: PdfReader) -> None:
    assert len(pdf.pages) > 1
    for page in pdf.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)


def test_table_text_with_no_break_spaces(pages_text: list[str], report: Report) -> None:
    text = " ".join(pages_text)
    table = report.table("rs_resultat")
    for row in (table.rows[1], table.rows[-1]):
        printed = " ".join([row.label, *(cell.display for cell in row.cells)])
        assert printed in text
    # A thousands separator is a no-break space, not a space.
    thousands = [c.display for r in table.rows for c in r.cells if "\u00a0" in c.display]
    assert thousands and all(display in text for display in thousands)


def test_page_numbers(pages_text: list[str]) -> None:
    count = len(pages_text)
    for number, text in enumerate(pages_text, start=1):
        assert f"Sida {number} av {count}" in text


def _outline(pdf: PdfReader) -> list[tuple[str, list[str]]]:
    tree: list[tuple[str, list[str]]] = []
    for item in pdf.outline:
        if isinstance(item, list):
            tree[-1][1].extend(child.title for child in item if not isinstance(child, list))
        else:
            tree.append((item.title, []))
    return tree


def test_bookmarks_are_sections_then_blocks(pdf: PdfReader, report: Report) -> None:
    outline = _outline(pdf)
    assert [title for title, _ in outline] == [
        *(section.title for section in report.sections),
        "Om rapporten och källor",
    ]
    for (_, children), section in zip(outline, report.sections, strict=False):
        assert children == [block.title for block in section.blocks]


def test_metadata(pdf: PdfReader, report: Report) -> None:
    info = pdf.metadata
    assert info is not None
    assert info.title is not None and report.title in info.title
    assert info.author == report.organisation
    assert info.subject is not None and report.period_label in info.subject
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "sv"


def _fonts(pdf: PdfReader) -> list[DictionaryObject]:
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    return list(fonts.values())


def test_fonts_are_embedded(pdf: PdfReader) -> None:
    fonts = _fonts(pdf)
    assert fonts
    for font in fonts:
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_tagged_for_accessibility(pdf: PdfReader, report: Report) -> None:
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    figures: list[str] = []
    tables = 0

    def walk(node: object) -> None:
        nonlocal tables
        node = node.get_object()  # type: ignore[attr-defined]
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not isinstance(node, DictionaryObject):
            return
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt")))
        tables += node.get("/S") == "/Table"
        if "/K" in node:
            walk(node["/K"])

    walk(root["/StructTreeRoot"])
    charts = [b.title for b in report.blocks() if isinstance(b, ChartBlock)]
    assert figures == charts  # every chart is a figure with its title as alternative text
    assert tables >= 5


def test_pdf_a_variant(report: Report, tmp_path: Path) -> None:
    # A small report: PDF/A is for publishing; this checks the variant is honoured.
    text = TextBlock(id="t", title="Kommentar", markdown="- Allt **enligt plan**.")
    small = report.model_copy(update={"sections": [Section(id="s", title="Övrigt", blocks=[text])]})
    reader = PdfReader(write_pdf(small, tmp_path, variant="pdf/a-3b"))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_unknown_variant_names_the_known_ones(report: Report, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pdf/ua-1") as error:
        write_pdf(report, tmp_path, variant="pdf/x-9")
    assert "pdf/a-3b" in str(error.value)
    assert not list(tmp_path.iterdir())
    assert {"pdf", "pdf/ua-1", "pdf/a-3b"} <= set(PDF_VARIANTS)
