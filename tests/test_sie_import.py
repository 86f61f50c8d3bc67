"""SIE 4 through the whole import: month amounts, budgets and vouchers in the warehouse,
errors naming lines, export and re-import giving the same ledger."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.errors import InputErrors
from uppsikt.export import export_sie
from uppsikt.ingest import import_sie
from uppsikt.ingest.sie import PeriodLayout, read_sie

from .conftest import SHARED, Env

SIE_DIR = SHARED / "sie"
IMPORTABLE = [
    "MAMUT_SIE4_EXPORT.SE",
    "SIE4_Exempelfil_med_underdim.SE",
    "magenta_bokforing_SIE4E.se",
    "typ4.se",
    "transaktioner_ovnbolag.se",
    "periodsaldo_ovnbolag.se",
    "objektsaldo_ovnbolag.se",
]

pytestmark = pytest.mark.skipif(not SIE_DIR.is_dir(), reason="../shared/sie is not beside the repo")


def _line_for(account: str) -> str:
    return {"3": "intakter", "4": "ovriga_kostnader", "5": "ovriga_kostnader",
            "6": "ovriga_kostnader", "7": "personalkostnader",
            "8": "finansiella_likvidstrommar"}.get(account[0], "balansposter")  # fmt: skip


def company_workspace(env: Env, sie_path: Path) -> Env:
    """A workspace whose tree and mapping are the file's own objects and accounts."""
    sie = read_sie(sie_path)
    (env.ws.root / "uppsikt.yaml").write_text(
        "organisation: Testbolaget\nsie:\n  unallocated_unit: BOLAG\n", encoding="utf-8"
    )
    codes = sorted({c for (d, c) in sie.objects if d == 1} | _used_units(sie))
    env.imp(
        "unit,name,parent,level\nBOLAG,Bolaget,,region\n"
        + "".join(f'"{c}","{c}",BOLAG,enhet\n' for c in codes),
        "units",
    )
    env.imp(
        "account,name,line\n"
        + "".join(f'"{a}","{a}",{_line_for(a)}\n' for a in sorted(_used_accounts(sie))),
        "accounts",
    )
    return env


def _used_units(sie) -> set[str]:
    rows = [*sie.period_balances, *sie.period_budgets]
    rows += [t for v in sie.vouchers for t in v.transactions]
    return {code for r in rows for dim, code in r.objects if dim == 1}


def _used_accounts(sie) -> set[str]:
    rows = [*sie.period_balances, *sie.period_budgets]
    rows += [t for v in sie.vouchers for t in v.transactions]
    return set(sie.accounts) | {r.account for r in rows}


def do_import(env: Env, path: Path) -> list:
    con = env.connect()
    return import_sie(
        con, path, catalog=env.catalog, temp_dir=env.ws.temp_dir, settings=env.ws.settings().sie
    )


def psaldo_totals(path: Path) -> dict[tuple[date, str], Decimal]:
    """Year-0 account totals from #PSALDO rows, read with a regular expression.

    In the specification's layout the ``{}`` row is the account's total; some programs write
    one row per object combination instead, which then add up to the total.
    """
    text = path.read_bytes().decode("cp437", errors="replace")
    per_combination = read_sie(path).period_balance_layout is PeriodLayout.PER_COMBINATION
    objects = r"\{[^}]*\}" if per_combination else r"\{\s*\}"
    pattern = re.compile(
        rf"^#PSALDO\s+0\s+(\d{{4}})(\d{{2}})\s+(\S+)\s+{objects}\s+(-?[\d.]+)", re.M
    )
    totals: dict[tuple[date, str], Decimal] = defaultdict(Decimal)
    for year, month, account, amount in pattern.findall(text):
        totals[(date(int(year), int(month), 1), account.strip('"'))] += Decimal(amount)
    return {k: v for k, v in totals.items() if v}


@pytest.mark.parametrize("name", IMPORTABLE)
def test_shared_files_import(env: Env, name: str) -> None:
    path = SIE_DIR / name
    company_workspace(env, path)
    results = do_import(env, path)
    assert results[0].kind == "ledger" and results[0].status == "imported"
    stored = {
        (p, a): s
        for p, a, s in env.query(
            "SELECT period, account, sum(amount) FROM ledger_current "
            "WHERE period BETWEEN ? AND ? GROUP BY ALL HAVING sum(amount) <> 0",
            list(read_sie(path).fiscal_years[0]),
        )
    }
    expected = psaldo_totals(path)
    if expected:  # files with period balances: the stored months are those totals
        assert stored == expected
    # Every kept voucher row is a #TRANS line (an #RTRANS has its #TRANS copy, kept once).
    text = path.read_bytes().decode("cp437", errors="replace")
    trans_lines = len(re.findall(r"^\s*#TRANS\b", text, re.M))
    assert env.query("SELECT count(*) FROM transactions") == [(trans_lines,)]
    # Importing the same file again changes nothing.
    assert do_import(env, path)[0].status == "unchanged"


def test_vouchers_without_period_balances_sum_to_the_months(env: Env) -> None:
    path = SIE_DIR / "transaktioner_ovnbolag.se"
    company_workspace(env, path)
    do_import(env, path)
    by_month = env.query(
        "SELECT period, account, sum(amount) FROM transactions GROUP BY ALL ORDER BY ALL"
    )
    ledger = dict(
        ((p, a), s)
        for p, a, s in env.query(
            "SELECT period, account, sum(amount) FROM ledger_current GROUP BY ALL"
        )
    )
    assert by_month and all(ledger.get((p, a), Decimal(0)) == s for p, a, s in by_month)


def test_unbalanced_voucher_is_rejected_and_nothing_stored(env: Env) -> None:
    path = SIE_DIR / "transaktioner_ovnbolag-bad-balance.se"
    company_workspace(env, path)
    before = env.query("SELECT count(*) FROM batches")
    with pytest.raises(InputErrors) as caught:
        do_import(env, path)
    assert [str(p) for p in caught.value.problems] == [
        "transaktioner_ovnbolag-bad-balance.se, row 3905, column '#VER': voucher B 1 does not "
        "balance: its rows sum to -12771.00, not 0"
    ]
    assert env.query("SELECT count(*) FROM batches") == before
    assert env.query("SELECT count(*) FROM transactions") == [(0,)]


def test_unknown_accounts_and_objects_are_named_with_their_line(env: Env) -> None:
    path = env.file(
        "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n"
        '#KONTO 4011 "Löner"\n#KONTO 9999 "Okänt"\n#DIM 1 "Enhet"\n#OBJEKT 1 "X9" "Okänd"\n'
        '#PSALDO 0 202401 4011 {} 100.00\n#PSALDO 0 202401 4011 {1 "X9"} 100.00\n'
        "#PSALDO 0 202401 9999 {} 5.00\n",
        "bad.se",
        encoding="cp437",
    )
    env.imp("unit,name,parent,level\nR,R,,region\n", "units")
    env.imp("account,name,line\n4011,Löner,personalkostnader\n", "accounts")
    with pytest.raises(InputErrors) as caught:
        do_import(env, path)
    assert [(p.row, p.code, p.reason) for p in caught.value.problems] == [
        (6, "unknown_account", "account '9999' is not in the account mapping (add it to the "
         "accounts file and import that first)"),
        (None, "unallocated_amounts", "some amounts are booked on no object of dimension 1; "
         "name the unit that takes them with sie.unallocated_unit in uppsikt.yaml"),
        (8, "unknown_unit", "object 'X9' of dimension 1 is not a unit of the organisation tree "
         "(import it with --kind units first)"),
    ]  # fmt: skip


def test_export_and_import_give_the_same_ledger(tmp_path: Path) -> None:
    from uppsikt.demo import create_demo

    source = create_demo(tmp_path / "demo")
    target = Env(tmp_path / "copy")
    try:
        for kind in ("units", "accounts"):
            target.imp(source.root / "data" / f"{kind}.csv", kind)
        exported = tmp_path / "ledger-2024.se"
        with source.connect() as con:
            export_sie(con, exported, year=2024, company="Region Exempel", budget_version="B1")
            original = con.execute(
                "SELECT period, unit, account, sum(amount) FROM ledger_current "
                "WHERE year(period) = 2024 GROUP BY ALL ORDER BY ALL"
            ).fetchall()
            budget = con.execute(
                "SELECT period, unit, account, amount FROM budget_current WHERE version = 'B1' "
                "ORDER BY ALL"
            ).fetchall()
        results = do_import(target, exported)
        assert [r.kind for r in results] == ["ledger", "budget"]
        assert (
            target.query(
                "SELECT period, unit, account, sum(amount) FROM ledger_current GROUP BY ALL "
                "ORDER BY ALL"
            )
            == original
        )
        assert (
            target.query(
                "SELECT period, unit, account, amount FROM budget_current WHERE version = 'SIE' "
                "ORDER BY ALL"
            )
            == budget
        )
    finally:
        target.close()


def test_import_kind_sie_from_the_file_contract(env: Env) -> None:
    """A voucher-only file: vouchers are kept and the months are summed from them."""
    path = env.file(
        "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20240101 20241231\n#KONTO 4011 Löner\n#KONTO 1930 Bank\n"
        '#DIM 1 Enhet\n#OBJEKT 1 A1 "Enhet A1"\n'
        '#VER A 1 20240115 "Januarilön"\n{\n#TRANS 4011 {1 "A1"} 1000.00\n'
        "#TRANS 1930 {} -1000.00\n}\n"
        '#VER A 2 20240215 "Februarilön"\n{\n#TRANS 4011 {1 "A1"} 1200.50\n'
        "#TRANS 1930 {} -1200.50\n}\n",
        "lon.se",
    )
    env.imp("unit,name,parent,level\nR,R,,region\nA1,Enhet A1,R,enhet\n", "units")
    env.imp("account,name,line\n4011,Löner,personalkostnader\n1930,Bank,balansposter\n", "accounts")
    (env.ws.root / "uppsikt.yaml").write_text(
        "organisation: X\nsie:\n  unallocated_unit: R\n", encoding="utf-8"
    )
    results = do_import(env, path)
    assert [(r.kind, r.row_count) for r in results] == [("ledger", 4)]
    assert env.query("SELECT period, unit, account, amount FROM ledger_current ORDER BY ALL") == [
        (date(2024, 1, 1), "A1", "4011", Decimal("1000.00")),
        (date(2024, 1, 1), "R", "1930", Decimal("-1000.00")),
        (date(2024, 2, 1), "A1", "4011", Decimal("1200.50")),
        (date(2024, 2, 1), "R", "1930", Decimal("-1200.50")),
    ]
    assert env.query(
        "SELECT series, number, voucher_text, unit, line FROM transactions ORDER BY line"
    ) == [
        ("A", "1", "Januarilön", "A1", 10),
        ("A", "1", "Januarilön", "R", 11),
        ("A", "2", "Februarilön", "A1", 15),
        ("A", "2", "Februarilön", "R", 16),
    ]


def test_explain_drills_down_to_vouchers(env: Env) -> None:
    import json

    from typer.testing import CliRunner

    from uppsikt.cli import app

    test_import_kind_sie_from_the_file_contract(env)
    (env.ws.root / "report.yaml").write_text(
        "title: T\nsections:\n  - id: s\n    title: S\n    blocks:\n"
        "      - type: table\n        id: t\n        title: T\n        unit: kr\n"
        "        columns: [{id: actual_ytd, label: Utfall}]\n"
        "        rows: [{unit: A1, line: personalkostnader}]\n",
        encoding="utf-8",
    )
    env.close()
    result = CliRunner().invoke(
        app,
        [
            "explain",
            "--period",
            "2024-02",
            "t",
            "1",
            "actual_ytd",
            "--json",
            "-w",
            str(env.ws.root),
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["display"] == "-2\u00a0201"
    assert [
        (v["series"], v["number"], v["text"], v["amount"], v["line"])
        for v in payload["vouchers"]["actual_ytd"]
    ] == [("A", "2", "Februarilön", "-1200.50", 15), ("A", "1", "Januarilön", "-1000.00", 10)]
