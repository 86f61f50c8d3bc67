"""Shared fixtures: small workspaces built in a temporary folder, never shared between tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from uppsikt.config import Workspace, init_workspace
from uppsikt.ingest import ImportResult, import_file

SHARED = Path(__file__).resolve().parents[2] / "shared"

UNITS = """unit,name,parent,level
R,Region Test,,region
A,Nämnd A,R,nämnd
A1,Enhet A1,A,enhet
A2,Enhet A2,A,enhet
B,Nämnd B,R,nämnd
"""

ACCOUNTS = """account,name,line
1120,Pågående ombyggnad,inv_fastighet
3011,Patientavgifter,intakter
4011,Löner,personalkostnader
5811,Resor,resekostnader
8011,Skatteintäkter,skatteintakter
8511,Räntekostnader,finansiella_likvidstrommar
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


class Env:
    """A workspace plus helpers to import text as files."""

    def __init__(self, root: Path) -> None:
        self.ws: Workspace = init_workspace(root / "ws")
        self.files = root / "files"
        self.catalog = self.ws.lines()
        self._counter = 0

    def connect(self) -> duckdb.DuckDBPyConnection:
        return self.ws.connect()

    def file(self, text: str, name: str | None = None, encoding: str = "utf-8") -> Path:
        self._counter += 1
        return write(self.files / (name or f"f{self._counter}.csv"), text, encoding)

    def imp(self, text_or_path: str | Path, kind: str, **kwargs: object) -> ImportResult:
        path = text_or_path if isinstance(text_or_path, Path) else self.file(text_or_path)
        con = self.connect()
        try:
            return import_file(
                con, path, kind, catalog=self.catalog, temp_dir=self.ws.temp_dir, **kwargs
            )
        finally:
            con.close()

    def query(self, sql: str, params: list[object] | None = None) -> list[tuple]:
        con = self.connect()
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return Env(tmp_path)


@pytest.fixture
def tree_env(env: Env) -> Env:
    """A workspace with the small test tree and account mapping imported."""
    env.imp(UNITS, "units")
    env.imp(ACCOUNTS, "accounts")
    return env


@pytest.fixture
def make_env(tmp_path: Path) -> Callable[[str], Env]:
    def make(name: str) -> Env:
        return Env(tmp_path / name)

    return make
