"""The JSON form of the report model: the contract every other renderer can start from."""

from __future__ import annotations

from pathlib import Path

from uppsikt.render._naming import output_path, replace_atomically
from uppsikt.report import Report


def write_json(report: Report, out_dir: Path) -> Path:
    """Write ``report-YYYY-MM.json`` into ``out_dir`` (created if needed)."""
    path = output_path(report, out_dir, "json")
    temp = path.with_suffix(".json.tmp")
    temp.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return replace_atomically(temp, path)


def read_json(path: Path) -> Report:
    """Read a stored report model back."""
    return Report.model_validate_json(path.read_text(encoding="utf-8"))
