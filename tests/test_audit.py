"""The audit log: a hash chain over every recorded action, with configuration changes noticed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import ACCOUNTS, UNITS, write
from uppsikt.audit import AUDIT_FILE, GENESIS, config_hashes, read_log, record, verify
from uppsikt.cli import app
from uppsikt.config import init_workspace


def _lines(root: Path) -> list[dict]:
    return [json.loads(x) for x in (root / AUDIT_FILE).read_text().splitlines()]


def _rewrite(root: Path, entries: list[dict]) -> None:
    text = "".join(json.dumps(e, sort_keys=True, ensure_ascii=False) + "\n" for e in entries)
    (root / AUDIT_FILE).write_text(text)


def test_first_record_also_records_the_configuration(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    entry = record(ws.root, "build", "2024-07", content_hash="abc", details={"n": 1})
    entries = read_log(ws.root)
    assert [e.action for e in entries] == ["config", "build"]
    assert entries[0].prev == GENESIS
    assert entries[0].details["files"] == config_hashes(ws.root)
    assert entries[1].prev == entries[0].hash
    assert entry == entries[1] and entry.seq == 2 and entry.details == {"n": 1}
    assert verify(ws.root) == []


def test_a_changed_configuration_file_is_recorded_before_the_next_action(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    record(ws.root, "build", "2024-07")
    record(ws.root, "build", "2024-07")
    assert [e.action for e in read_log(ws.root)] == ["config", "build", "build"]
    with (ws.root / "report.yaml").open("a") as handle:
        handle.write("# edited\n")
    record(ws.root, "build", "2024-07")
    entries = read_log(ws.root)
    assert [e.action for e in entries] == ["config", "build", "build", "config", "build"]
    assert entries[3].subject == "report.yaml"
    assert entries[3].details["changed"] == ["report.yaml"]


def test_an_edited_entry_is_detected(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    for period in ("2024-05", "2024-06", "2024-07"):
        record(ws.root, "build", period)
    entries = _lines(ws.root)
    entries[2]["subject"] = "2023-06"
    _rewrite(ws.root, entries)
    log = ws.root / AUDIT_FILE
    assert verify(ws.root) == [
        f"{log}, line 3: entry 3 was edited after it was written "
        "(its content does not match its hash)"
    ]


def test_a_removed_entry_is_detected(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    for period in ("2024-05", "2024-06", "2024-07"):
        record(ws.root, "build", period)
    entries = _lines(ws.root)
    del entries[1]
    _rewrite(ws.root, entries)
    log = ws.root / AUDIT_FILE
    assert verify(ws.root) == [
        f"{log}, line 2: entry 3 where 2 was expected (an entry was removed or reordered)",
        f"{log}, line 2: entry 3 does not follow the entry before it "
        "(the previous entry was edited or removed)",
    ]


def test_import_and_build_commands_are_recorded(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    units = write(tmp_path / "units.csv", UNITS)
    accounts = write(tmp_path / "accounts.csv", ACCOUNTS)
    runner = CliRunner()
    for file, kind in ((units, "units"), (accounts, "accounts"), (units, "units")):
        result = runner.invoke(app, ["import", str(file), "--kind", kind, "-w", str(ws.root)])
        assert result.exit_code == 0, result.output
    entries = read_log(ws.root)
    assert [(e.action, e.details.get("kind"), e.details.get("status")) for e in entries] == [
        ("config", None, None),
        ("import", "units", "imported"),
        ("import", "accounts", "imported"),
        ("import", "units", "unchanged"),
    ]
    import hashlib

    assert entries[1].content_hash == hashlib.sha256(units.read_bytes()).hexdigest()
    assert entries[1].subject == str(units.resolve())
    assert verify(ws.root) == []


def test_audit_verify_command(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    runner = CliRunner()
    result = runner.invoke(app, ["audit", "verify", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert "Audit log intact: 0 entries; 0 published version(s) intact." in result.output
    for period in ("2024-06", "2024-07"):
        record(ws.root, "build", period)
    entries = _lines(ws.root)
    entries[1]["details"] = {"files": ["elsewhere"]}
    _rewrite(ws.root, entries)
    result = runner.invoke(app, ["audit", "verify", "-w", str(ws.root)])
    assert result.exit_code == 1
    assert "line 2: entry 2 was edited after it was written" in result.output
