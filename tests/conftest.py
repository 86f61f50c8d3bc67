"""Shared fixtures: small workspaces built in a temporary folder, never shared between tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
        self._connections: list[duckdb.DuckDBPyConnection] = []

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A connection, closed when the test ends (a leaked one outlives the interpreter)."""
        con = self.ws.connect()
        self._connections.append(con)
        return con

    def close(self) -> None:
        for con in self._connections:
            con.close()

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
def env(tmp_path: Path) -> Iterator[Env]:
    made = Env(tmp_path)
    yield made
    made.close()


@pytest.fixture
def tree_env(env: Env) -> Env:
    """A workspace with the small test tree and account mapping imported."""
    env.imp(UNITS, "units")
    env.imp(ACCOUNTS, "accounts")
    return env


@pytest.fixture
def make_env(tmp_path: Path) -> Iterator[Callable[[str], Env]]:
    made: list[Env] = []

    def make(name: str) -> Env:
        made.append(Env(tmp_path / name))
        return made[-1]

    yield make
    for env in made:
        env.close()


LEDGER = """period,unit,account,amount,counterpart
2023-01,A1,4011,100,extern
2023-01,A2,4011,50,extern
2023-01,B,4011,30,extern
2023-07,A1,4011,110,extern
2023-07,A1,3011,-20,extern
2023-08,A1,4011,100,extern
2023-09,A1,4011,100,extern
2023-10,A1,4011,100,extern
2023-11,A1,4011,100,extern
2023-12,A1,4011,100,extern
2024-01,A1,4011,120,extern
2024-01,A2,4011,60,extern
2024-01,B,8011,-1000,extern
2024-06,A1,4011,130,extern
2024-06,A2,5811,10,A1
2024-07,A1,4011,90,extern
2024-07,A1,3011,-30,extern
2024-07,A2,4011,40,extern
2024-07,B,4011,25,extern
2024-07,A1,1120,500,extern
"""

BUDGET = "period,unit,account,amount,version\n" + "".join(
    f"2024-{m:02d},A1,4011,100,B1\n2024-{m:02d},A1,4011,90,B2\n" for m in range(1, 13)
)

FORECAST = """made_in,year,unit,line,amount,version
2024-04,2024,A1,nettokostnader,1300,P1
2024-06,2024,A1,nettokostnader,1250,P2
2024-08,2024,A1,nettokostnader,1100,P3
2024-04,2024,A2,nettokostnader,200,P1
2024-06,2024,B,skatter_och_statsbidrag,-2000,P2
"""


@pytest.fixture
def data_env(tree_env: Env) -> Env:
    tree_env.imp(LEDGER, "ledger")
    tree_env.imp(BUDGET, "budget")
    tree_env.imp(FORECAST, "forecast")
    return tree_env
