"""Publishing: frozen versions, exact rebuild, diff with causes, tamper detection."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uppsikt.audit import AUDIT_FILE, read_log, sha256_file
from uppsikt.cli import app
from uppsikt.errors import UppsiktError
from uppsikt.publish import VersionRef, find_version, parse_version
from uppsikt.publish._manifest import BatchRef, InputState, Scope
from uppsikt.report import Report

from .conftest import ACCOUNTS, BUDGET, LEDGER, UNITS, Env, write

DEFINITION = """
title: Månadsrapport {Month} {year}
budget_version: B1
sections:
  - id: ekonomi
    title: Ekonomi
    blocks:
      - type: table
        id: resultat
        title: Resultat {year}
        unit: kr
        default_line: nettokostnader
        columns:
          - {id: actual_month, label: "Utfall {Month}"}
          - {id: actual_ytd, label: "Utfall {yymm}"}
          - {id: actual_ytd_prior, label: "Utfall {prior_yymm}"}
          - {id: budget_ytd, label: Budget}
          - {id: deviation_ytd, label: Avvikelse}
        rows:
          - children_of: A
          - {unit: A, label: Summa A, emphasis: true}
          - {unit: B}
      - type: chart
        id: per_manad
        title: Nettokostnad per månad
        default_unit: A
        unit: kr
        series:
          - {label: "{year}", measure: actual, line: nettokostnader}
      - type: text
        id: kommentar
        title: Kommentar
        markdown: "Rapporten avser **{month} {year}**."
"""

# July of the fixture's LEDGER with one row corrected: A2's salaries 40 → 45.
CORRECTED_JULY = """period,unit,account,amount,counterpart
2024-07,A1,4011,90,extern
2024-07,A1,3011,-30,extern
2024-07,A2,4011,45,extern
2024-07,B,4011,25,extern
2024-07,A1,1120,500,extern
"""

runner = CliRunner()
JULY = date(2024, 7, 1)


def run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output + repr(result.exception)
    return result.output


class Published:
    """A workspace with units, accounts, ledger and budget imported through the CLI."""

    def __init__(self, env: Env) -> None:
        self.env, self.root = env, env.ws.root
        (self.root / "report.yaml").write_text(DEFINITION, encoding="utf-8")
        for kind, text in (
            ("units", UNITS),
            ("accounts", ACCOUNTS),
            ("ledger", LEDGER),
            ("budget", BUDGET),
        ):
            self.imp(env.files / f"{kind}.csv", text, kind)

    def imp(self, path: Path, text: str, kind: str) -> None:
        write(path, text)
        run("import", str(path), "--kind", kind, "-w", str(self.root))

    def run(self, *args: str, code: int = 0) -> str:
        return run(*args, "-w", str(self.root), code=code)

    def publish(self, *extra: str) -> str:
        return self.run("publish", "--period", "2024-07", "--format", "html", *extra)


@pytest.fixture
def pub(env: Env, monkeypatch: pytest.MonkeyPatch) -> Published:
    monkeypatch.setenv("UPPSIKT_USER", "controller")
    return Published(env)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07/v1", VersionRef("2024-07", 1)),
        ("2024-07v2", VersionRef("2024-07", 2)),
        (" 2024-12/V10 ", VersionRef("2024-12", 10)),
    ],
)
def test_version_names(text: str, expected: VersionRef) -> None:
    assert parse_version(text) == expected
    assert str(expected) == f"{expected.period}/v{expected.number}"


@pytest.mark.parametrize("text", ["2024-07", "2024-13/v1", "2024-07/v0", "v1", "current"])
def test_bad_version_names(text: str) -> None:
    with pytest.raises(UppsiktError) as caught:
        parse_version(text)
    assert str(caught.value) == (
        f"'{text}' is not a version; write the period and the number, e.g. 2024-07/v1"
    )


def test_publish_freezes_model_files_config_and_inputs(pub: Published) -> None:
    output = pub.publish("--note", "Till nämnden")
    assert output.startswith("Published 2024-07/v1 in ")
    version = find_version(pub.root, "2024-07/v1")
    m = version.manifest
    assert (m.period, m.version, m.note, m.published_by) == (
        "2024-07",
        1,
        "Till nämnden",
        "controller",
    )
    assert sorted(m.files) == [
        "config/kpis.yaml",
        "config/lines.yaml",
        "config/report.yaml",
        "config/uppsikt.yaml",
        "report-2024-07.html",
        "report.json",
    ]
    for name, digest in m.files.items():
        path = version.path / name
        assert sha256_file(path) == digest
        assert not path.stat().st_mode & stat.S_IWUSR, f"{name} is writable"
    assert m.inputs.config["report.yaml"] == sha256_file(pub.root / "report.yaml")
    assert [(b.batch_id, b.kind, b.file_name) for b in m.inputs.batches] == [
        (1, "units", "units.csv"),
        (2, "accounts", "accounts.csv"),
        (3, "ledger", "ledger.csv"),
        (4, "budget", "budget.csv"),
    ]
    assert m.inputs.batches[2].file_hash == sha256_file(pub.env.files / "ledger.csv")
    assert m.inputs.last_batch_id == 4
    ledger_scopes = [s.period for s in m.inputs.in_force if s.kind == "ledger"]
    assert ledger_scopes[0] == "2023-01" and ledger_scopes[-1] == "2024-07"
    entry = read_log(pub.root)[-1]
    assert (entry.action, entry.subject, entry.user) == ("publish", "2024-07/v1", "controller")
    assert entry.content_hash == sha256_file(version.path / "manifest.json")
    assert m.audit_head is not None and m.audit_head.seq == entry.seq - 1
    assert m.report_hash == entry.details["report_hash"]


def test_publish_correct_publish_again_diff_names_the_figures_and_the_batch(
    pub: Published,
) -> None:
    pub.publish()
    v1 = find_version(pub.root, "2024-07/v1")
    v1_files = {name: sha256_file(v1.path / name) for name in v1.manifest.files}
    pub.imp(pub.env.files / "ledger-rattad.csv", CORRECTED_JULY, "ledger")
    pub.publish("--note", "Rättad huvudbok")
    # Publishing again made v2 and left v1 as it was.
    assert {name: sha256_file(v1.path / name) for name in v1_files} == v1_files

    result = json.loads(pub.run("diff", "2024-07/v1", "2024-07v2", "--json"))
    cause = "ledger: batch 5 (ledger-rattad.csv) replaces batch 3 (ledger.csv) for 2024-07"
    assert [c["description"] for c in result["inputs"]] == [cause]
    changes = [(c["key"], c["old_value"], c["new_value"], c["causes"]) for c in result["changes"]]
    assert changes == [
        (["resultat", "A2:nettokostnader", "actual_month"], -40.0, -45.0, [cause]),
        (["resultat", "A2:nettokostnader", "actual_ytd"], -110.0, -115.0, [cause]),
        (["resultat", "A2:nettokostnader", "deviation_ytd"], -110.0, -115.0, [cause]),
        (["resultat", "A:nettokostnader", "actual_month"], -100.0, -105.0, [cause]),
        (["resultat", "A:nettokostnader", "actual_ytd"], -420.0, -425.0, [cause]),
        (["resultat", "A:nettokostnader", "deviation_ytd"], 280.0, 275.0, [cause]),
        (["per_manad", "2024", "Jul"], -100.0, -105.0, [cause]),
    ]
    assert result["changes"][0]["row_label"] == "Enhet A2"
    assert result["changes"][0]["column_label"] == "Utfall Juli"

    text = pub.run("diff", "2024-07/v1", "2024-07/v2")
    assert "7 figure(s) differ" in text and "batch 5 (ledger-rattad.csv)" in text
    # The corrected version and the data now agree.
    assert "no figure differs" in pub.run("diff", "2024-07/v2", "current")
    # The first version still rebuilds exactly, although its July has been replaced since.
    output = pub.run("rebuild", "2024-07/v1")
    assert output.startswith("Rebuilt 2024-07/v1: every figure is identical to the published")
    rebuilt = json.loads(pub.run("rebuild", "2024-07/v1", "--json"))
    assert rebuilt["identical"] and rebuilt["same_model"] and rebuilt["problems"] == []


def test_rebuild_uses_the_stored_configuration(pub: Published) -> None:
    pub.publish()
    definition = pub.root / "report.yaml"
    definition.write_text(DEFINITION.replace("Resultat {year}", "Resultatet {year}"), "utf-8")
    assert json.loads(pub.run("rebuild", "2024-07/v1", "--json"))["identical"]
    result = json.loads(pub.run("diff", "2024-07/v1", "current", "--json"))
    assert [c["description"] for c in result["inputs"]] == [
        "configuration change: report.yaml changed"
    ]
    assert [
        (c["key"], c["old_display"], c["new_display"], c["causes"]) for c in result["changes"]
    ] == [
        (
            ["resultat", "title", "text"],
            "Resultat 2024",
            "Resultatet 2024",
            ["configuration change: report.yaml changed"],
        )
    ]


def test_rebuild_names_every_difference(pub: Published) -> None:
    pub.publish()
    # Someone rewrites history in the warehouse: the July row of A2 that v1 summed.
    con = pub.env.connect()
    con.execute("UPDATE ledger SET amount = 41 WHERE batch_id = 3 AND unit = 'A2' AND amount = 40")
    con.close()
    output = pub.run("rebuild", "2024-07/v1", code=1)
    assert "Rebuilt 2024-07/v1: 7 figure(s) differ from the published ones." in output
    result = json.loads(pub.run("rebuild", "2024-07/v1", "--json", code=1))
    first = result["differences"][0]
    assert (first["key"], first["old_value"], first["new_value"]) == (
        ["resultat", "A2:nettokostnader", "actual_month"],
        -40.0,
        -41.0,
    )


def test_versions_and_show(pub: Published, tmp_path: Path) -> None:
    pub.publish("--note", "Första")
    pub.publish()
    listed = json.loads(pub.run("versions", "--json"))
    assert [(v["period"], v["version"], v["note"]) for v in listed] == [
        ("2024-07", 1, "Första"),
        ("2024-07", 2, None),
    ]
    assert json.loads(pub.run("versions", "--period", "2024-06", "--json")) == []
    assert "Första" in pub.run("versions")
    assert "2 version(s) intact." in pub.run("versions", "--verify")
    shown = pub.run("show", "2024-07/v1")
    assert "2024-07/v1" in shown and "Note: Första" in shown and "ledger.csv" in shown
    out = tmp_path / "shown"
    pub.run("show", "2024-07/v1", "--format", "json", "--format", "xlsx", "--out", str(out))
    stored = json.loads((find_version(pub.root, "2024-07/v1").path / "report.json").read_text())
    again = json.loads((out / "report-2024-07.json").read_text())
    assert again == stored
    assert (out / "report-2024-07.xlsx").is_file()
    with pytest.raises(UppsiktError, match=r"version 2024-07/v3 has not been published; "):
        find_version(pub.root, "2024-07/v3")


def _writable(path: Path) -> None:
    path.parent.chmod(path.parent.stat().st_mode | stat.S_IWUSR)
    path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_tampering_with_a_stored_version_is_detected(pub: Published) -> None:
    pub.publish()
    pub.publish()
    assert "Audit log intact" in pub.run("audit", "verify")
    v1 = find_version(pub.root, "2024-07/v1").path
    report = v1 / "report.json"
    _writable(report)
    report.write_text(report.read_text().replace("-40.0", "-4.0"))
    extra = v1 / "note.txt"
    extra.write_text("added")
    output = pub.run("audit", "verify", code=1)
    assert "2024-07/v1: report.json was changed after it was published" in output
    assert "2024-07/v1: note.txt was added after the version was published" in output
    with pytest.raises(UppsiktError, match="the stored report model was changed"):
        find_version(pub.root, "2024-07/v1").report()
    manifest = find_version(pub.root, "2024-07/v2").path / "manifest.json"
    _writable(manifest)
    manifest.write_text(manifest.read_text().replace("controller", "someone else"))
    problems = json.loads(pub.run("audit", "verify", "--json", code=1))["problems"]
    assert problems == [
        "2024-07/v1: report.json was changed after it was published "
        "(its hash does not match the manifest)",
        "2024-07/v1: note.txt was added after the version was published",
        "2024-07/v2: manifest.json was changed after it was published "
        "(its hash does not match the audit log's publish entry)",
    ]


def test_tampering_with_the_log_is_detected(pub: Published) -> None:
    pub.publish()
    pub.publish()
    log = pub.root / AUDIT_FILE
    lines = log.read_text().splitlines(keepends=True)
    edited = json.loads(lines[2])
    edited["user"] = "someone else"
    log.write_text("".join([*lines[:2], json.dumps(edited, sort_keys=True) + "\n", *lines[3:]]))
    output = pub.run("audit", "verify", code=1)
    assert "line 3: entry 3 was edited after it was written" in output
    # Cutting the log short (the chain itself stays intact) is detected through the versions.
    log.write_text("".join(lines[:5]))
    problems = json.loads(pub.run("audit", "verify", "--json", code=1))["problems"]
    assert problems == [
        "2024-07/v1: the audit log has no publish entry for this version "
        "(the log was cut short or the entry removed)",
        "2024-07/v2: the audit log has no publish entry for this version "
        "(the log was cut short or the entry removed)",
        "2024-07/v2: the audit log no longer holds entry 6 that was its last entry when this "
        "version was published (the log was cut short or rewritten)",
    ]


def test_a_removed_version_is_detected(pub: Published) -> None:
    import shutil

    pub.publish()
    folder = find_version(pub.root, "2024-07/v1").path
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(folder)
    output = pub.run("audit", "verify", code=1)
    assert (
        "2024-07/v1: the audit log records it as published (entry 6) but its folder is " in output
    )


def test_audit_log_lists_the_entries(pub: Published) -> None:
    pub.publish()
    entries = json.loads(pub.run("audit", "log", "--json"))
    assert [(e["seq"], e["action"]) for e in entries] == [
        (1, "config"),
        (2, "import"),
        (3, "import"),
        (4, "import"),
        (5, "import"),
        (6, "publish"),
    ]
    assert "publish" in pub.run("audit", "log")


def test_diff_as_html_is_self_contained(pub: Published, tmp_path: Path) -> None:
    pub.publish()
    pub.imp(pub.env.files / "ledger-rattad.csv", CORRECTED_JULY, "ledger")
    out = tmp_path / "diff.html"
    pub.run("diff", "2024-07/v1", "current", "--format", "html", "--out", str(out))
    page = out.read_text()
    assert "<title>Skillnader 2024-07/v1 → current</title>" in page
    assert "7 ändrade värden." in page and "ledger-rattad.csv" in page
    assert "http" not in page.replace('xmlns="http', "") and "<script" not in page


def test_diff_needs_a_version(pub: Published) -> None:
    result = runner.invoke(app, ["diff", "current", "current", "-w", str(pub.root)])
    assert str(result.exception) == (
        "diff needs at least one published version, e.g. 2024-07/v1 current"
    )


def _state(scopes: list[tuple[str, str | None, int]], report_yaml: str = "r1") -> InputState:
    batches = {b for _, _, b in scopes}
    return InputState(
        last_batch_id=max(batches),
        batches=[
            BatchRef(
                batch_id=b,
                kind=k,
                source=k,
                file_name=f"{k}{b}.csv",
                file_hash=str(b) * 64,
                row_count=1,
            )
            for k, _, b in {(k, None, b) for k, _, b in scopes}
        ],
        in_force=[Scope(kind=k, source=k, period=p, part=None, batch_id=b) for k, p, b in scopes],
        config={"report.yaml": report_yaml, "lines.yaml": "l1"},
    )


def test_each_change_is_attributed_to_the_input_that_touches_it(data_env: Env) -> None:
    """A commentary edit explains a changed text, a ledger batch a changed figure in the
    months it replaced, and a configuration change is named with both."""
    from uppsikt.publish import Configuration, build_with, diff

    (data_env.ws.root / "report.yaml").write_text(DEFINITION, encoding="utf-8")
    con = data_env.connect()
    old = build_with(con, Configuration.load(data_env.ws.root), JULY)
    data = old.model_dump()
    blocks = data["sections"][0]["blocks"]
    blocks[0]["rows"][1]["cells"][0]["value"] = -41  # Enhet A2, Utfall Juli
    blocks[0]["rows"][1]["cells"][0]["display"] = "-41"
    blocks[2]["markdown"] = "Ny kommentar."
    new = Report.model_validate(data)
    before = _state(
        [("ledger", "2024-06", 3), ("ledger", "2024-07", 3), ("commentary", "2024-07", 6)]
    )
    after = _state(
        [("ledger", "2024-06", 3), ("ledger", "2024-07", 7), ("commentary", "2024-07", 8)]
    )
    result = diff(old, new, before, after, a="2024-07/v1", b="2024-07/v2")
    ledger = "ledger: batch 7 (ledger7.csv) replaces batch 3 (ledger3.csv) for 2024-07"
    commentary = (
        "commentary: batch 8 (commentary8.csv) replaces batch 6 (commentary6.csv) for 2024-07"
    )
    assert [c.description for c in result.inputs] == [commentary, ledger]
    assert [(c.key, c.causes) for c in result.changes] == [
        (("resultat", "A2:nettokostnader", "actual_month"), [ledger]),
        (("kommentar", "text", "markdown"), [commentary]),
    ]
    # A ledger batch for months outside the figure's window does not explain it.
    june_only = _state(
        [("ledger", "2024-06", 9), ("ledger", "2024-07", 3), ("commentary", "2024-07", 6)], "r2"
    )
    result = diff(old, new, before, june_only, a="a", b="b")
    assert result.changes[0].causes == ["configuration change: report.yaml changed"]
