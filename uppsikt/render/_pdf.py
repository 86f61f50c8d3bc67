"""The report as a tagged, accessible PDF: WeasyPrint draws the HTML renderer's page.

A4 landscape, "Sida N av M" in the margin, sections and blocks as bookmarks, fonts embedded,
title, author (the organisation), subject (with the period) and language from the HTML head.
The default variant is PDF/UA-1 (tagged for screen readers); PDF/A variants ("pdf/a-3b") are for
publishing and archiving ("pdf/a-3a" is both archival and tagged). ``metadata`` adds entries to
the document information (e.g. a published version and its input hashes): each becomes a custom
Info entry and a ``key=value`` keyword, so it also reaches the XMP packet that PDF/A readers
use. Nothing is fetched: the page is self-contained and the URL fetcher
refuses every URL except inline ``data:``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import weasyprint
from weasyprint.pdf import VARIANTS
from weasyprint.urls import URLFetcher

from uppsikt.render._html import render_html, stylesheet
from uppsikt.render._naming import output_path, replace_atomically
from uppsikt.report import Report

__all__ = ["PDF_VARIANTS", "render_pdf", "write_pdf"]

# WeasyPrint's variants (PDF/UA-1, PDF/A-3b, ...), plus "pdf": plain PDF 1.7, still tagged.
PDF_VARIANTS: tuple[str, ...] = ("pdf", *sorted(VARIANTS))


def _check_variant(variant: str) -> str | None:
    normalised = variant.strip().lower()
    if normalised not in PDF_VARIANTS:
        allowed = ", ".join(repr(v) for v in PDF_VARIANTS)
        raise ValueError(f"unknown PDF variant {variant!r}; use one of {allowed}")
    return None if normalised == "pdf" else normalised


def render_pdf(
    report: Report, *, variant: str = "pdf/ua-1", metadata: dict[str, str] | None = None
) -> bytes:
    """The report as PDF bytes (see :func:`write_pdf`)."""
    pdf_variant = _check_variant(variant)
    html = weasyprint.HTML(
        string=render_html(report),
        url_fetcher=URLFetcher(allowed_protocols={"data"}),
        media_type="print",
    )
    options: dict[str, object] = {
        "stylesheets": [weasyprint.CSS(string=stylesheet("pdf.css"))],
        # Tagged even when the variant does not demand it: headings, tables and lists reach
        # screen readers in every PDF we publish.
        "pdf_tags": True,
        "pdf_variant": pdf_variant,
        "custom_metadata": bool(metadata),
    }
    if pdf_variant is None:
        options["pdf_version"] = "1.7"
    with warnings.catch_warnings():
        # WeasyPrint opens its sRGB output-intent profile (PDF/A) and never closes it.
        warnings.filterwarnings(
            "ignore", message=r"unclosed file .*sRGB2014\.icc", category=ResourceWarning
        )
        # Laid out first so the metadata can be added before it is written (as
        # ``HTML.write_pdf`` does, the same options go to both steps).
        document = html.render(**options)
        if metadata:
            document.metadata.custom.update(metadata)
            document.metadata.keywords.extend(f"{k}={v}" for k, v in metadata.items())
        pdf = document.write_pdf(**options)
    assert pdf is not None  # write_pdf without a target returns the bytes
    return pdf


def write_pdf(
    report: Report,
    out_dir: Path,
    *,
    variant: str = "pdf/ua-1",
    metadata: dict[str, str] | None = None,
) -> Path:
    """Write ``report-YYYY-MM.pdf`` into ``out_dir`` (created if needed).

    ``variant`` is "pdf/ua-1" (default, accessible), a PDF/A variant such as "pdf/a-3b", or
    "pdf" for a plain tagged PDF; an unknown variant raises ``ValueError`` naming the known ones.
    ``metadata`` (name → text) is added to the document information and keywords.
    """
    _check_variant(variant)
    path = output_path(report, out_dir, "pdf")
    temp = path.with_suffix(".pdf.tmp")
    temp.write_bytes(render_pdf(report, variant=variant, metadata=metadata))
    return replace_atomically(temp, path)
