"""The published PDF is archival (PDF/A-3a, still tagged) and says what it is in its metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from uppsikt.publish import publish
from uppsikt.publish._store import PUBLISH_PDF_VARIANT

from .conftest import Env
from .test_publish import DEFINITION, run


def _check(path: Path, ident: str, report_hash: str, file_hashes: list[str]) -> None:
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert "/StructTreeRoot" in root  # level A: tagged
    assert f"UppsiktVersion={ident}" in xmp  # the keywords reach the XMP packet
    info = reader.metadata
    assert info["/UppsiktVersion"] == ident
    assert info["/UppsiktPeriod"] == "2024-07"
    assert info["/UppsiktReportHash"] == report_hash
    assert info["/UppsiktBatches"].split() == [
        f"{n}:{digest}" for n, digest in enumerate(file_hashes, start=1)
    ]
    assert f"UppsiktReportHash={report_hash}" in info["/Keywords"]


def test_published_pdf_is_pdf_a_with_version_and_input_hashes(
    data_env: Env, tmp_path: Path
) -> None:
    assert PUBLISH_PDF_VARIANT == "pdf/a-3a"
    (data_env.ws.root / "report.yaml").write_text(DEFINITION, encoding="utf-8")
    version = publish(data_env.ws, date(2024, 7, 1), formats=["pdf"])
    m = version.manifest
    hashes = [b.file_hash for b in m.inputs.batches]
    assert len(hashes) == 5
    _check(version.path / "report-2024-07.pdf", "2024-07/v1", m.report_hash, hashes)
    # Re-rendered from the stored model, it says the same.
    out = tmp_path / "again"
    run("show", "2024-07/v1", "--format", "pdf", "--out", str(out), "-w", str(data_env.ws.root))
    _check(out / "report-2024-07.pdf", "2024-07/v1", m.report_hash, hashes)
