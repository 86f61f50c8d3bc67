"""The command line, end to end: what a controller types and reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from uppsikt.cli import app

from .conftest import ACCOUNTS, UNITS, Env, write

runner = CliRunner()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point, as a user runs it (errors rendered, exit code set)."""
    return subprocess.run(
        [sys.executable, "-c", "from uppsikt.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "UPPSIKT_USER": "test"},
    )


def test_init_import_build_explain(tmp_path: Path) -> None:
    ws = tmp_path / "region"
    result = runner.invoke(app, ["init", str(ws), "--organisation", "Region Test"])
    assert result.exit_code == 0, result.output
    assert "organisation: Region Test" in (ws / "uppsikt.yaml").read_text(encoding="utf-8")
    files = {
        "units": write(tmp_path / "units.csv", UNITS),
        "accounts": write(tmp_path / "accounts.csv", ACCOUNTS),
        "ledger": write(
            tmp_path / "ledger.csv",
            "period,unit,account,amount\n2024-07,A1,4011,1000000\n2024-07,A2,4011,250000\n"
            "2023-01,A1,4011,900000\n",
        ),
    }
    for kind, path in files.items():
        result = runner.invoke(app, ["import", str(path), "--kind", kind, "-w", str(ws)])
        assert result.exit_code == 0, result.output
    assert "Imported 3 ledger rows for 2023-01..2024-07 as batch 3." in result.output
    result = runner.invoke(app, ["import", str(files["ledger"]), "--kind", "ledger", "-w", str(ws)])
    assert "already imported as batch 3 and in force; nothing changed." in result.output

    definition = ws / "report.yaml"
    definition.write_text(
        "title: Test\nsections:\n  - id: s\n    title: S\n    blocks:\n"
        "      - type: table\n        id: t\n        title: T\n        unit: tkr\n"
        "        default_line: nettokostnader\n"
        "        columns: [{id: actual_ytd, label: Utfall}, {id: change_ytd, label: Förändring}]\n"
        "        rows: [{children_of: A}, {unit: A, label: Summa, emphasis: true}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", "--period", "2024-07", "--format", "json", "--out", str(out), "-w", str(ws)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report-2024-07.json").read_text(encoding="utf-8"))
    rows = report["sections"][0]["blocks"][0]["rows"]
    assert [(r["label"], [c["display"] for c in r["cells"]]) for r in rows] == [
        ("Enhet A1", ["-1\u00a0000", "100"]),
        ("Enhet A2", ["-250", "250"]),
        ("Summa", ["-1\u00a0250", "350"]),
    ]

    result = run("explain", "--period", "2024-07", "t", "Summa", "change_ytd", "-w", str(ws))
    assert result.returncode == 0, result.stderr
    assert "(actual_ytd − actual_ytd_prior) × sign(actual_ytd_prior)" in result.stdout
    assert "actual_ytd: -1 250 000,00 kr from 2 stored row(s)" in result.stdout.replace(
        "\u00a0", " "
    )
    assert "batch 3: ledger.csv" in result.stdout

    result = run(
        "explain", "--period", "2024-07", "t", "Summa", "actual_ytd", "-w", str(ws), "--json"
    )
    payload = json.loads(result.stdout)
    assert payload["value"] == "-1250000.00"
    assert {(c["unit"], c["amount"]) for c in payload["components"]["actual_ytd"]} == {
        ("A1", "-1000000.00"),
        ("A2", "-250000.00"),
    }

    result = run("imports", "-w", str(ws), "--json")
    batches = json.loads(result.stdout)
    assert [(b["kind"], b["status"]) for b in batches] == [
        ("units", "in force"),
        ("accounts", "in force"),
        ("ledger", "in force"),
    ]


def test_user_errors_are_one_clear_message(tmp_path: Path, env: Env) -> None:
    env.imp(UNITS, "units")
    env.imp(ACCOUNTS, "accounts")
    bad = write(tmp_path / "bad.csv", "period,unit,account,amount\n2024-7,A1,4011,1\n")
    result = run("import", str(bad), "--kind", "ledger", "-w", str(env.ws.root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {bad}: 1 problem(s) found; nothing was imported.",
        f"  {bad}, row 2, column 'period': not a period; write it as YYYY-MM, e.g. 2024-07 "
        "(value: '2024-7')",
    ]

    result = run("build", "--period", "2024-07", "--out", str(tmp_path), "-w", str(tmp_path))
    assert result.returncode == 1
    assert f"error: {tmp_path} is not an uppsikt workspace (no uppsikt.yaml)." in result.stderr
    assert "hint: Create one with 'uppsikt init" in result.stderr

    result = run("build", "--period", "juli", "--out", str(tmp_path), "-w", str(env.ws.root))
    assert result.returncode == 2
    assert "'juli' is not a period" in result.stderr


def test_schema_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Report"


def test_cli_reference_is_current() -> None:
    from uppsikt.cli._reference import cli_reference

    path = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    assert path.read_text(encoding="utf-8") == cli_reference() + "\n", (
        "regenerate with: python -m uppsikt.cli._reference > docs/cli.md"
    )
