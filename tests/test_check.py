"""The readiness check: what each block needs, and findings on small workspaces."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from uppsikt.check import CHECKS, Finding, check_report, measure_months, month_spans
from uppsikt.cli import app
from uppsikt.commentary import save_comments
from uppsikt.config import ReportDefinition, parse_model

from .conftest import Env

runner = CliRunner()
JULY = date(2024, 7, 1)


def d(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


# -- what a measure needs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "first", "last", "count"),
    [
        ("actual_month", "2024-07", "2024-07", 1),
        ("deviation_month", "2024-07", "2024-07", 1),
        ("actual_ytd", "2024-01", "2024-07", 7),
        ("actual_ytd_prior", "2023-01", "2023-07", 7),
        ("change_ytd", "2023-01", "2024-07", 14),
        ("r12", "2023-08", "2024-07", 12),
        ("r12_prior", "2022-08", "2023-07", 12),
        ("r12_change_pct", "2022-08", "2024-07", 24),
        ("budget_year", None, None, 0),
        ("forecast_year", None, None, 0),
    ],
)
def test_ledger_months_of_a_measure(
    measure: str, first: str | None, last: str | None, count: int
) -> None:
    months = measure_months(measure, JULY)
    assert len(months) == count
    if count:
        assert (months[0], months[-1]) == (d(first or ""), d(last or ""))


@pytest.mark.parametrize(
    ("months", "text"),
    [
        (["2024-02"], "2024-02"),
        (["2024-02", "2024-03", "2024-05"], "2024-02..2024-03, 2024-05"),
        (["2023-12", "2024-01"], "2023-12..2024-01"),
    ],
)
def test_month_spans(months: list[str], text: str) -> None:
    assert month_spans([d(m) for m in months]) == text


# -- findings --------------------------------------------------------------------------------


def definition(*blocks: dict, budget_version: str | None = None) -> ReportDefinition:
    data: dict = {"title": "T", "sections": [{"id": "s", "title": "S", "blocks": list(blocks)}]}
    if budget_version:
        data["budget_version"] = budget_version
    return parse_model(ReportDefinition, data, "test")


def table(columns: list[str], rows: list[dict] | None = None, **extra: object) -> dict:
    return {
        "type": "table",
        "id": "t",
        "title": "T",
        "default_line": "nettokostnader",
        "columns": [{"id": c, "label": c} for c in columns],
        "rows": rows or [{"children_of": "A"}],
        **extra,
    }


def findings(env: Env, report_def: ReportDefinition, period: date = JULY) -> list[Finding]:
    con = env.connect()
    try:
        return check_report(con, report_def, period)
    finally:
        con.close()


def block_findings(env: Env, *blocks: dict, **kw: object) -> list[tuple]:
    found = findings(env, definition(*blocks, **kw))  # type: ignore[arg-type]
    return [(f.block, f.status, f.what, f.detail) for f in found if f.section == "s"]


def test_missing_ledger_months_are_named(data_env: Env) -> None:
    assert block_findings(data_env, table(["actual_ytd"])) == [
        ("t", "missing", "ledger 2024-02..2024-05", "not imported"),
    ]
    found = findings(data_env, definition(table(["actual_ytd"])))
    assert found[-1].data == {"months": ["2024-02", "2024-03", "2024-04", "2024-05"]}
    assert [(f.section, f.status, f.what) for f in found[:2]] == [
        ("workspace", "ok", "organisation tree"),
        ("workspace", "ok", "account mapping"),
    ]


def test_a_unit_without_rows_in_a_month_of_the_year(data_env: Env) -> None:
    rows = [{"unit": "A1"}, {"unit": "B"}]
    assert block_findings(data_env, table(["actual_month"], rows)) == [
        ("t", "ok", "ledger 2024-07", "rows for each of the 2 unit(s) the block shows"),
    ]
    assert block_findings(data_env, table(["actual_ytd"], [{"unit": "B"}]))[1:] == [
        ("t", "missing", "ledger Nämnd B (B)", "no rows in 2024-06"),
    ]


def test_history_before_the_ledger_starts_is_a_warning(data_env: Env) -> None:
    assert block_findings(data_env, table(["r12_prior"], [{"unit": "A1"}])) == [
        (
            "t",
            "warning",
            "ledger 2022-08..2022-12",
            "the ledger starts 2023-01; figures that need earlier months are left empty",
        ),
        ("t", "missing", "ledger 2023-02..2023-06", "not imported"),
    ]


def test_a_forecast_older_than_two_months_is_stale(data_env: Env) -> None:
    found = findings(data_env, definition(table(["forecast_year"])))
    assert [(f.status, f.what, f.detail, f.data) for f in found if f.section == "s"] == [
        (
            "stale",
            "forecast 2024",
            "made more than 2 months before 2024-07: Enhet A2 (A2) 2024-04 P1",
            {"forecasts": [{"unit": "A2", "made_in": "2024-04", "version": "P1"}]},
        )
    ]
    assert block_findings(data_env, table(["forecast_year"], [{"unit": "A1"}, {"unit": "B"}])) == [
        (
            "t",
            "ok",
            "forecast 2024",
            "made within 2 months of 2024-07 for each unit (latest 2024-06)",
        )
    ]


def test_no_forecast_yet_is_missing(data_env: Env) -> None:
    found = findings(data_env, definition(table(["forecast_year"])), d("2024-03"))
    assert [(f.status, f.detail) for f in found if f.what == "forecast 2024"] == [
        ("missing", "no forecast made in or before 2024-03 for Enhet A1 (A1), Enhet A2 (A2)")
    ]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (
            None,
            [
                (
                    "t",
                    "missing",
                    "budget 2024",
                    "several versions (B1, B2); name one with budget_version in report.yaml",
                )
            ],
        ),
        ("B3", [("t", "missing", "budget 2024 B3", "not imported (versions present: B1, B2)")]),
        (
            "B1",
            [("t", "missing", "budget 2024 B1 Enhet A2 (A2)", "no budget rows for the unit")],
        ),
    ],
)
def test_the_budget_of_the_year_and_version(
    data_env: Env, version: str | None, expected: list[tuple]
) -> None:
    assert block_findings(data_env, table(["budget_year"]), budget_version=version) == expected


def test_ledger_reconciliation_names_batches_and_amounts(data_env: Env) -> None:
    result = data_env.imp(
        "period,unit,account,amount,counterpart\n2024-06,A1,4011,150,extern\n"
        "2024-06,A2,5811,10,A1\n",
        "ledger",
    )
    assert (result.batch_id, result.superseded) == (6, [3])
    found = findings(data_env, definition(table(["actual_month", "actual_ytd"])))
    warnings = [f for f in found if f.status == "warning"]
    assert [(f.what, f.detail) for f in warnings] == [
        (
            "ledger 2024-06 reconciliation",
            "batch 6 changed the month's total for the block's units from 140,00 kr (batch 3) "
            "to 160,00 kr: +20,00 kr",
        )
    ]
    assert warnings[0].data == {
        "source": "ledger",
        "period": "2024-06",
        "old_batch": 3,
        "new_batch": 6,
        "old_total": "140.00",
        "new_total": "160.00",
        "difference": "20.00",
    }
    # Only the block's units count: B had no rows in June in either batch.
    only_b = findings(data_env, definition(table(["actual_ytd"], [{"unit": "B"}])))
    assert [f for f in only_b if "reconciliation" in f.what] == []


COMMENT = {"type": "commentary", "id": "c", "title": "C", "key": "rs_analys", "required": True}


def test_a_required_comment_missing_then_present_then_stale(data_env: Env) -> None:
    assert block_findings(data_env, COMMENT) == [
        (
            "c",
            "missing",
            "commentary 'rs_analys'",
            "no text for 2024-07; write it with 'uppsikt comment set rs_analys --period 2024-07 "
            "--file TEXT.md'",
        )
    ]
    con = data_env.connect()
    saved = save_comments(con, JULY, {"rs_analys": "Text"}, file_name="x", author="anna")
    con.close()
    [(_, status, _, detail)] = block_findings(data_env, COMMENT)
    assert (status, detail.endswith(f"by anna (batch {saved.batch_id})")) == ("ok", True)
    con = data_env.connect()
    early = datetime(2024, 6, 15, 10, 0)
    save_comments(con, JULY, {"rs_analys": "Skrivet i juni"}, file_name="x", author="bo",
                  written_at=early)  # fmt: skip
    con.close()
    assert block_findings(data_env, COMMENT) == [
        (
            "c",
            "stale",
            "commentary 'rs_analys'",
            "written 2024-06-15 10:00 by bo (batch 7), before 2024-07 began",
        )
    ]


def test_a_comment_written_before_the_latest_ledger_import_is_a_warning(data_env: Env) -> None:
    con = data_env.connect()
    save_comments(con, JULY, {"rs_analys": "Text"}, file_name="x", author="anna",
                  written_at=datetime(2024, 8, 1, 9, 0))  # fmt: skip
    con.close()
    data_env.imp("period,unit,account,amount\n2024-07,A1,4011,95\n", "ledger")
    assert block_findings(data_env, COMMENT) == [
        (
            "c",
            "warning",
            "commentary 'rs_analys'",
            "written 2024-08-01 09:00 by anna (batch 6), before ledger batch 7 for 2024-07 was "
            "imported; check that the text still matches the figures",
        )
    ]


def test_a_comment_quoting_a_block_the_report_lacks_is_missing(data_env: Env) -> None:
    con = data_env.connect()
    text = "Totalt {{sjukfranvaro | 2024-06 | Totalt}} och {{c | 1}}"
    save_comments(con, JULY, {"rs_analys": text}, file_name="x", author="anna",
                  written_at=datetime(2024, 8, 1, 9, 0))  # fmt: skip
    con.close()
    assert block_findings(data_env, COMMENT) == [
        (
            "c",
            "missing",
            "commentary 'rs_analys'",
            "written 2024-08-01 09:00 by anna (batch 6), quotes {{sjukfranvaro | ...}}, but "
            "report.yaml has no block 'sjukfranvaro'; the build stops there",
        )
    ]


def test_optional_comments(data_env: Env) -> None:
    optional = {"type": "commentary", "id": "o", "title": "O"}
    fallback = {**optional, "id": "f", "fallback": "Inget."}
    assert block_findings(data_env, optional, fallback) == [
        ("o", "warning", "commentary 'o'", "no text for 2024-07; the block shows a note"),
        ("f", "ok", "commentary 'f'", "no text for 2024-07; the block's fallback is shown"),
    ]


def test_an_empty_workspace(env: Env) -> None:
    found = findings(env, definition(table(["actual_month"])))
    assert [(f.section, f.block, f.status, f.what) for f in found] == [
        ("workspace", None, "missing", "organisation tree"),
        ("workspace", None, "missing", "account mapping"),
        ("s", "t", "not_checked", "finance data"),
    ]


def test_block_types_without_a_check_are_not_checked(
    data_env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = {"type": "text", "id": "x", "title": "X", "markdown": "Hej"}
    assert block_findings(data_env, text) == [("x", "ok", "text", "fixed text in report.yaml")]
    monkeypatch.delitem(CHECKS, "text")
    assert block_findings(data_env, text) == [
        ("x", "not_checked", "text", "no readiness check for 'text' blocks yet")
    ]
    monkeypatch.setitem(
        CHECKS, "text", lambda ctx, section, block: [Finding(section.id, block.id, "ok", "a", "b")]
    )
    assert block_findings(data_env, text) == [("x", "ok", "a", "b")]


# -- the command line ----------------------------------------------------------------------


def write_definition(env: Env, *blocks: dict) -> Path:
    path = env.files / "report.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"title": "T", "sections": [{"id": "s", "title": "S {year}", "blocks": list(blocks)}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def check(env: Env, path: Path, *args: str):
    return runner.invoke(
        app, ["check", "--period", "2024-07", "--definition", str(path), "-w", str(env.ws.root),
              *args],
    )  # fmt: skip


def test_cli_exit_codes_and_json(data_env: Env) -> None:
    missing = write_definition(data_env, table(["actual_ytd"]))
    result = check(data_env, missing)
    assert result.exit_code == 1
    assert "S 2024" in result.output
    assert "2024-07: 2 ok, 1 missing: not ready." in result.output
    payload = json.loads(check(data_env, missing, "--json").output)
    assert (payload["period"], payload["ready"]) == ("2024-07", False)
    assert payload["counts"] == {"ok": 2, "missing": 1, "stale": 0, "warning": 0, "not_checked": 0}
    assert payload["findings"][2] == {
        "section": "s",
        "block": "t",
        "status": "missing",
        "what": "ledger 2024-02..2024-05",
        "detail": "not imported",
        "data": {"months": ["2024-02", "2024-03", "2024-04", "2024-05"]},
    }

    stale = write_definition(data_env, table(["actual_month", "forecast_year"]))
    result = check(data_env, stale)
    assert result.exit_code == 0, result.output
    assert "2024-07: 3 ok, 1 stale: ready to build." in result.output
    assert check(data_env, stale, "--strict").exit_code == 1
