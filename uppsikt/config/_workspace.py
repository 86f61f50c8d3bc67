"""The workspace: one folder with a region's configuration files and its warehouse."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict

from uppsikt.config._kpis import KpiCatalog
from uppsikt.config._lines import LineCatalog
from uppsikt.config._load import load_model
from uppsikt.config._report_def import ReportDefinition
from uppsikt.errors import ConfigError, UppsiktError

SETTINGS_FILE = "uppsikt.yaml"
LINES_FILE = "lines.yaml"
REPORT_FILE = "report.yaml"
KPI_FILE = "kpis.yaml"
WAREHOUSE_FILE = "warehouse.duckdb"


class SieSettings(BaseModel):
    """How a SIE 4 file maps into the data contract."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # The dimension whose objects are the units (1: cost centre, "resultatenhet").
    dimension: int = 1
    # The unit that takes amounts booked on no object of that dimension (None: an error).
    unallocated_unit: str | None = None
    # The budget version #PBUDGET rows are stored as.
    budget_version: str = "SIE"


class Settings(BaseModel):
    """``uppsikt.yaml``: settings of the workspace as a whole."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    organisation: str
    sie: SieSettings = SieSettings()


@dataclass(frozen=True)
class Workspace:
    """A workspace folder; every path uppsikt writes to lies inside it."""

    root: Path

    @classmethod
    def open(cls, root: Path) -> Workspace:
        root = root.resolve()
        if not (root / SETTINGS_FILE).is_file():
            raise UppsiktError(
                f"{root} is not an uppsikt workspace (no {SETTINGS_FILE}).",
                hint=f"Create one with 'uppsikt init {root}' or pass --workspace.",
            )
        return cls(root)

    @property
    def warehouse_path(self) -> Path:
        return self.root / WAREHOUSE_FILE

    @property
    def temp_dir(self) -> Path:
        return self.root / ".tmp"

    def settings(self) -> Settings:
        return load_model(Settings, self.root / SETTINGS_FILE)

    def lines(self) -> LineCatalog:
        return load_model(LineCatalog, self.root / LINES_FILE)

    def kpis(self) -> KpiCatalog:
        """The KPI definitions (an empty catalog when the workspace has no kpis.yaml)."""
        path = self.root / KPI_FILE
        return load_model(KpiCatalog, path) if path.is_file() else KpiCatalog()

    def report_definition(self, path: Path | None = None) -> ReportDefinition:
        definition = load_model(ReportDefinition, path or self.root / REPORT_FILE)
        _check_lines(definition, self.lines(), path or self.root / REPORT_FILE)
        return definition

    def connect(self, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        from uppsikt.warehouse import connect

        return connect(self.warehouse_path, read_only=read_only)


def _check_lines(definition: ReportDefinition, catalog: LineCatalog, path: Path) -> None:
    """Every line a report names must exist in lines.yaml."""
    problems = []
    for section in definition.sections:
        for block in section.blocks:
            named: list[str | None] = []
            if block.type == "table":
                named = [block.default_line] + [r.line for r in block.rows]
            elif block.type == "chart":
                named = [s.line for s in block.series] + list(block.lines)
            for line in named:
                if line and not catalog.is_known(line):
                    problems.append(f"  block '{block.id}': unknown line or group '{line}'")
    if problems:
        raise ConfigError(
            f"{path}: {len(problems)} problem(s) in the configuration:\n" + "\n".join(problems)
        )


def init_workspace(root: Path, *, organisation: str | None = None) -> Workspace:
    """Create a workspace with commented example configuration and example input files."""
    if (root / SETTINGS_FILE).exists():
        raise UppsiktError(f"{root} is already an uppsikt workspace.")
    root.mkdir(parents=True, exist_ok=True)
    defaults = resources.files("uppsikt.config") / "defaults"
    for name in (SETTINGS_FILE, LINES_FILE, REPORT_FILE, KPI_FILE):
        if not (defaults / name).is_file():
            continue
        with resources.as_file(defaults / name) as source:
            shutil.copyfile(source, root / name)
    (root / "data").mkdir(exist_ok=True)
    for name in ("units.csv", "accounts.csv"):
        with resources.as_file(defaults / name) as source:
            shutil.copyfile(source, root / "data" / name)
    if organisation:
        text = (root / SETTINGS_FILE).read_text(encoding="utf-8")
        quoted = yaml.safe_dump(organisation, allow_unicode=True).removesuffix("\n...\n").strip()
        text = text.replace("organisation: Region Exempel", f"organisation: {quoted}")
        (root / SETTINGS_FILE).write_text(text, encoding="utf-8")
    return Workspace.open(root)
