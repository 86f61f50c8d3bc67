"""Renderers: functions of the report model alone, one module per output format.

Each renderer takes a :class:`~uppsikt.report.Report` and an output folder and returns the
path it wrote. Modules load on first use, so building JSON never imports a PDF engine.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from uppsikt.render._json import read_json, write_json
from uppsikt.report import Report

# format → (module, function); the order is the order `--format all` writes them in.
RENDERERS: dict[str, tuple[str, str]] = {
    "json": ("uppsikt.render._json", "write_json"),
    "pptx": ("uppsikt.render._pptx", "write_pptx"),
    "html": ("uppsikt.render._html", "write_html"),
    "pdf": ("uppsikt.render._pdf", "write_pdf"),
    "xlsx": ("uppsikt.render._xlsx", "write_xlsx"),
}
FORMATS = tuple(RENDERERS)


def render(report: Report, format: str, out_dir: Path, **options: Any) -> Path:
    """Write ``report`` in ``format`` into ``out_dir``; ``options`` go to that renderer."""
    module, function = RENDERERS[format]
    renderer = getattr(importlib.import_module(module), function)
    return renderer(report, out_dir, **options)


__all__ = ["FORMATS", "RENDERERS", "read_json", "render", "write_json"]
