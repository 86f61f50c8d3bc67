"""Register import: validation with exact problems, nothing half-written, export round trip,
the warehouse tables matching the specs, the programme arithmetic, and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from uppsikt.audit import read_log
from uppsikt.cli import app
from uppsikt.errors import InputError, InputErrors, UppsiktError
from uppsikt.registers import REGISTERS, export_register, import_register, rows_for
from uppsikt.registers._figures import program_rows, risk_level

from .conftest import Env

JULY = date(2024, 7, 1)
runner = CliRunner()


def imp(env: Env, text: str, register: str, period: date = JULY, **kw: object):
    path = env.file(text, **kw)  # type: ignore[arg-type]
    con = env.connect()
    try:
        return import_register(con, path, register, period, temp_dir=env.ws.temp_dir, user="t")
    finally:
        con.close()


def problems(env: Env, text: str, register: str) -> list[tuple]:
    with pytest.raises(InputErrors) as caught:
        imp(env, text, register)
    assert env.query("SELECT count(*) FROM batches") == [(0,)]  # nothing was stored
    assert env.query(f"SELECT count(*) FROM register_{register}") == [(0,)]
    return [(p.row, p.column, p.value, p.code, p.reason) for p in caught.value.problems]


STATUS_REASON = "not a status; use one of 'enligt plan', 'delvis', 'ej enligt plan'"


@pytest.mark.parametrize(
    ("register", "text", "expected"),
    [
        (
            "fullmaktigeuppdrag",
            "id,responsible,assignment,status\nF1,Ida,Uppdrag,grön\nF2,,Uppdrag,Delvis\n",
            [
                (2, "status", "grön", "bad_status", STATUS_REASON),
                (3, "responsible", None, "missing_value", "a value is required"),
            ],
        ),
        (
            "fullmaktigeuppdrag",
            "id,responsible,assignment\nF1,Ida,A\nF1,Sara,B\n",
            [(3, "id", "F1", "duplicate_key", "the key (id) is also on row 2")],
        ),
        (
            "risker",
            "id,risk,probability,consequence\nR1,Risk,5,2\nR2,Risk,2,två\n",
            [
                (2, "probability", "5", "bad_scale", "not a whole number from 1 to 4"),
                (3, "consequence", "två", "bad_scale", "not a whole number from 1 to 4"),
            ],
        ),
        (
            "programbudget",
            "program,item,parent,budget\nfvis,A,Summa,10\nfvis,Summa,,5\nfvis,B,Okänd,1\n",
            [
                (
                    3,
                    "item",
                    "Summa",
                    "typed_sum",
                    "'Summa' is a sum row (other rows add into it): its amounts are computed, "
                    "leave budget, forecast and actual_ytd empty",
                ),
                (
                    4,
                    "parent",
                    "Okänd",
                    "unknown_parent",
                    "parent 'Okänd' is not a row of program 'fvis'",
                ),
            ],
        ),
        (
            "budgetbrygga",
            "item,type,amount\nRam 2024,ingående ram,100\nLön,förändring,5\n"
            "Ram 2025,utgående ram,106\nX,okänd,1\n",
            [
                (
                    4,
                    "amount",
                    "106",
                    "bridge_mismatch",
                    "the end frame is not the start frame plus the changes (105.00)",
                ),
                (
                    5,
                    "type",
                    "okänd",
                    "bad_choice",
                    "not an allowed value; use one of 'ingående ram', 'förändring', 'utgående ram'",
                ),
            ],
        ),
        (
            "investeringsplan",
            "area,year,amount\nIT,2025,12 345\nIT,25,1\nIT,2026,1.234\n",
            [
                (3, "year", "25", "bad_year", "not a year (YYYY)"),
                (4, "amount", "1.234", "bad_amount", "not a number (e.g. 1234,5 or -1 234.50)"),
            ],
        ),
    ],
)
def test_bad_rows_are_named_and_nothing_is_stored(
    env: Env, register: str, text: str, expected: list[tuple]
) -> None:
    assert problems(env, text, register) == expected


def test_missing_column_and_bridge_without_start(env: Env) -> None:
    with pytest.raises(InputErrors) as caught:
        imp(env, "id,assignment\nF1,A\n", "fullmaktigeuppdrag")
    assert str(caught.value.problems[0]).endswith(
        "row 1, column 'responsible': required column 'responsible' is missing "
        "(the file has: id, assignment)"
    )
    assert problems(env, "item,type,amount\nLön,förändring,5\n", "budgetbrygga") == [
        (
            None,
            "type",
            None,
            "bridge_start",
            "the bridge has no 'ingående ram' row (its start frame)",
        )
    ]
    with pytest.raises(InputErrors, match="the file has no data rows"):
        imp(env, "id,responsible,assignment\n", "fullmaktigeuppdrag")
    with pytest.raises(UppsiktError, match="unknown register 'x'; use one of: fullmaktigeuppdrag"):
        imp(env, "a\n1\n", "x")
    with pytest.raises(InputError, match="file not found"):
        con = env.connect()
        import_register(con, env.files / "nope.csv", "risker", JULY, temp_dir=env.ws.temp_dir)


def test_swedish_excel_dialect_and_status_spelling(env: Env) -> None:
    text = (
        "initiative;time;cost;result;resources;project_manager\r\n"
        "Svevac;Enligt  Plan;DELVIS;ej enligt plan;;Robert Wiksten\r\n"
    )
    result = imp(env, text, "utvecklingsportfolj", encoding="cp1252")
    assert (result.status, result.row_count, result.warnings) == ("imported", 1, [])
    assert env.query(
        "SELECT initiative, time, cost, result, resources, orderer "
        "FROM register_utvecklingsportfolj_current"
    ) == [("Svevac", "enligt plan", "delvis", "ej enligt plan", None, None)]
    result = imp(env, "area;year;amount;note\nIT;2025;-1 234,5\n", "investeringsplan")
    assert result.warnings == [
        "column 'note' is not part of the investeringsplan register; ignored"
    ]
    assert env.query("SELECT amount FROM register_investeringsplan") == [(D("-1234.50"),)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_imports_back_to_the_same_rows(env: Env, suffix: str) -> None:
    from uppsikt.demo._register_data import write_register_demo

    con = env.connect()
    for path, register, month in write_register_demo(env.files / "demo"):
        if month == "2024-07":
            import_register(con, path, register, JULY, temp_dir=env.ws.temp_dir)
    august = date(2024, 8, 1)
    for spec in REGISTERS.values():
        out = env.files / "out" / f"{spec.name}{suffix}"
        assert export_register(con, spec, august, out) == (JULY, len(rows_for(con, spec, JULY)))
        result = import_register(con, out, spec.name, august, temp_dir=env.ws.temp_dir)
        assert result.warnings == []
        assert rows_for(con, spec, august) == rows_for(con, spec, JULY), spec.name


def test_each_table_has_its_registers_columns(env: Env) -> None:
    con = env.connect()
    for spec in REGISTERS.values():
        described = con.execute(f"DESCRIBE {spec.table}").fetchall()
        assert [(r[0], r[1]) for r in described] == [
            ("batch_id", "INTEGER"),
            ("period", "DATE"),
            ("row_no", "INTEGER"),
            *((c.name, c.sql_type.replace(", ", ",")) for c in spec.columns),
        ], spec.name


amounts = st.one_of(st.none(), st.decimals(-(10**9), 10**9, places=2, allow_nan=False))


_months = iter(range(10**6))


# One workspace for all examples: each example is imported for a month of its own.
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(leaves=st.lists(st.tuples(amounts, amounts, amounts), min_size=1, max_size=4))
def test_programme_sums_add_leaves_and_propagate_gaps(
    env: Env, leaves: list[tuple[D | None, D | None, D | None]]
) -> None:
    n = next(_months)
    month = date(2000 + n // 12, n % 12 + 1, 1)
    lines = ["program,item,parent,budget,forecast,actual_ytd"]
    for number, (budget, forecast, actual) in enumerate(leaves):
        cells = ["" if v is None else str(v) for v in (budget, forecast, actual)]
        lines.append(f"p,Rad {number},Delsumma,{','.join(cells)}")
    lines += ["p,Delsumma,Summa,,,", "p,Summa,,,,"]
    imp(env, "\n".join(lines) + "\n", "programbudget", month)
    con = env.connect()
    rows, _ = program_rows(con, month, "p")
    con.close()

    def leaf(budget: D | None, forecast: D | None, actual: D | None) -> dict[str, D | None]:
        return {
            "budget": budget,
            "forecast": forecast,
            "forecast_deviation": None if budget is None or forecast is None else budget - forecast,
            "actual_ytd": actual,
            "actual_vs_budget": None if actual is None else actual - (budget or 0),
            "actual_vs_forecast": None if actual is None or forecast is None else actual - forecast,
        }

    expected = [leaf(*values) for values in leaves]
    total = {
        k: None if any(e[k] is None for e in expected) else sum(e[k] for e in expected)
        for k in expected[0]
    }
    assert [r.values for r in rows] == [*expected, total, total]
    assert [r.is_sum for r in rows] == [False] * len(leaves) + [True, True]


@pytest.mark.parametrize(
    ("value", "level"),
    [(1, "good"), (3, "good"), (4, "warning"), (6, "warning"), (8, "bad"), (16, "bad")],
)
def test_risk_levels(value: int, level: str) -> None:
    assert risk_level(value) == level


def test_cli_import_history_export_and_audit(env: Env) -> None:
    ws = str(env.ws.root)
    june = env.file("id,responsible,assignment,status\nF1,Ida,Uppdrag,delvis\n")
    july = env.file("id,responsible,assignment,status\nF1,Ida,Uppdrag,enligt plan\n")
    for path, period in ((june, "2024-06"), (july, "2024-07"), (july, "2024-07")):
        result = runner.invoke(
            app,
            ["register", "import", str(path), "-r", "fullmaktigeuppdrag", "-p", period, "-w", ws],
        )
        assert result.exit_code == 0, result.output
    assert "already imported as batch 2 for 2024-07 and in force; nothing changed." in (
        result.output
    )
    result = runner.invoke(
        app, ["register", "history", "-r", "fullmaktigeuppdrag", "--key", "F1", "--json", "-w", ws]
    )
    assert [(r["period"], r["status"]) for r in json.loads(result.output)] == [
        ("2024-06", "delvis"),
        ("2024-07", "enligt plan"),
    ]
    out = env.files / "export.csv"
    result = runner.invoke(
        app,
        [
            "register",
            "export",
            "-r",
            "fullmaktigeuppdrag",
            "-p",
            "2024-06",
            "-o",
            str(out),
            "-w",
            ws,
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == [
        "id,responsible,assignment,status,comment",
        "F1,Ida,Uppdrag,delvis,",
    ]
    result = runner.invoke(app, ["register", "list", "--json", "-w", ws])
    listing = {r["register"]: r for r in json.loads(result.output)}
    assert listing["fullmaktigeuppdrag"]["months"] == ["2024-06", "2024-07"]
    entries = [e for e in read_log(env.ws.root) if e.action == "register"]
    assert [(e.details["period"], e.details["status"]) for e in entries] == [
        ("2024-06", "imported"),
        ("2024-07", "imported"),
        ("2024-07", "unchanged"),
    ]


def test_cli_renders_a_bad_file_without_traceback(env: Env) -> None:
    bad = env.file("id,risk,probability,consequence\nR1,Risk,0,2\n")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from uppsikt.cli import main; main()",
            "register",
            "import",
            str(bad),
            "-r",
            "risker",
            "-p",
            "2024-07",
            "-w",
            str(env.ws.root),
        ],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "UPPSIKT_USER": "test"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{bad}, row 2, column 'probability': not a whole number from 1 to 4 (value: '0')"
        in result.stderr
    )


# -- docs/registers.md stays true -----------------------------------------------------------

DOC = (Path(__file__).resolve().parents[1] / "docs" / "registers.md").read_text(encoding="utf-8")


def _doc_table(heading: str) -> dict[str, list[str]]:
    """Rows of the Markdown table under ``heading``, keyed by their backticked first cell."""
    body = DOC.split(heading, 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in body.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_every_register_column_is_documented(name: str) -> None:
    spec = REGISTERS[name]
    rows = _doc_table(f"#### `{name}`")
    assert list(rows) == spec.names
    for column in spec.columns:
        assert rows[column.name][:2] == [column.type, "yes" if column.required else "no"], (
            name,
            column.name,
        )
    assert all(f"`{k}`" in DOC.split(f"#### `{name}`", 1)[1].split("\n", 1)[0] for k in spec.key)


def test_every_problem_code_is_documented() -> None:
    from uppsikt.registers._validate import _REGISTER_RULES, _column_rules, _duplicate_rule

    codes = {"missing_column", "no_rows", "bridge_start"}
    for spec in REGISTERS.values():
        codes |= {r.code for r in [*_column_rules(spec), _duplicate_rule(spec)]}
    codes |= {r.code for rules in _REGISTER_RULES.values() for r in rules}
    assert set(_doc_table("### Problems")) == codes
