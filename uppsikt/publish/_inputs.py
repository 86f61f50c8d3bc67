"""What a report is computed from: the batches in force and the configuration files.

Both are recorded in a published version's manifest, and compared between two versions (or a
version and the current workspace) to tell why a figure changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from uppsikt.audit import CONFIG_FILES, sha256_file
from uppsikt.config._kpis import KpiCatalog
from uppsikt.config._lines import LineCatalog
from uppsikt.config._load import load_model
from uppsikt.config._report_def import ReportDefinition
from uppsikt.config._workspace import KPI_FILE, LINES_FILE, REPORT_FILE, SETTINGS_FILE, Settings
from uppsikt.config._workspace import _check_lines as check_lines
from uppsikt.publish._manifest import BatchRef, InputState, Scope
from uppsikt.report import Report, build_report
from uppsikt.warehouse._as_of import last_batch_id

__all__ = ["Configuration", "build_with", "config_hashes", "input_state", "report_hash"]


def report_hash(report: Report) -> str:
    """SHA-256 of a report's figures and texts (everything but the time it was generated)."""
    text = report.model_dump_json(exclude={"generated_at"})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def config_hashes(folder: Path) -> dict[str, str | None]:
    """SHA-256 of each configuration file in ``folder`` (None for one that is absent)."""
    return {
        name: sha256_file(folder / name) if (folder / name).is_file() else None
        for name in CONFIG_FILES
    }


def input_state(con: duckdb.DuckDBPyConnection, folder: Path) -> InputState:
    """The batches in force on ``con`` (as seen through ``current_batch_periods``) and the
    hashes of the configuration files in ``folder``."""
    scopes = con.execute(
        """
        SELECT kind, source, strftime(period, '%Y-%m'), part, batch_id
        FROM current_batch_periods
        ORDER BY kind, source, period NULLS FIRST, part NULLS FIRST
        """
    ).fetchall()
    batches = con.execute(
        """
        SELECT batch_id, kind, source, file_name, file_hash, row_count
        FROM batches
        WHERE batch_id IN (SELECT batch_id FROM current_batch_periods)
        ORDER BY batch_id
        """
    ).fetchall()
    return InputState(
        last_batch_id=last_batch_id(con),
        batches=[BatchRef(**dict(zip(BatchRef.model_fields, b, strict=True))) for b in batches],
        in_force=[Scope(**dict(zip(Scope.model_fields, s, strict=True))) for s in scopes],
        config=config_hashes(folder),
    )


@dataclass(frozen=True)
class Configuration:
    """The configuration a report is built with, loaded from one folder."""

    settings: Settings
    lines: LineCatalog
    definition: ReportDefinition
    kpis: KpiCatalog

    @classmethod
    def load(cls, folder: Path) -> Configuration:
        lines = load_model(LineCatalog, folder / LINES_FILE)
        definition = load_model(ReportDefinition, folder / REPORT_FILE)
        check_lines(definition, lines, folder / REPORT_FILE)
        kpi_path = folder / KPI_FILE
        return cls(
            settings=load_model(Settings, folder / SETTINGS_FILE),
            lines=lines,
            definition=definition,
            kpis=load_model(KpiCatalog, kpi_path) if kpi_path.is_file() else KpiCatalog(),
        )


def build_with(con: duckdb.DuckDBPyConnection, config: Configuration, period: date) -> Report:
    """Build the report of ``period`` from ``con`` with an explicit configuration."""
    return build_report(
        con,
        definition=config.definition,
        catalog=config.lines,
        organisation=config.settings.organisation,
        period=period,
        kpis=config.kpis,
    )
