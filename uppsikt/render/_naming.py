"""Where renderers write: one file per format, named by the report's period."""

from __future__ import annotations

import os
from pathlib import Path

from uppsikt.report import Report


def report_file_name(report: Report, extension: str) -> str:
    """``report-YYYY-MM.<extension>``."""
    return f"report-{report.period}.{extension}"


def output_path(report: Report, out_dir: Path, extension: str) -> Path:
    """The path a renderer writes to, with ``out_dir`` created."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / report_file_name(report, extension)


def replace_atomically(temp: Path, target: Path) -> Path:
    """Move a finished temporary file into place, so a reader never sees half a file."""
    os.replace(temp, target)
    return target
