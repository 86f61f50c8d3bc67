"""Renderers: functions of the report model alone, one module per output format.

Each renderer takes a :class:`~uppsikt.report.Report` and an output folder and returns the
path it wrote; :data:`RENDERERS` maps a format name to its renderer.
"""

from collections.abc import Callable
from pathlib import Path

from uppsikt.render._json import read_json, write_json
from uppsikt.report import Report

Renderer = Callable[[Report, Path], Path]

RENDERERS: dict[str, Renderer] = {"json": write_json}

__all__ = ["RENDERERS", "Renderer", "read_json", "write_json"]
