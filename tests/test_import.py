"""The import: the data contract, every class of input error with its message, atomicity,
idempotence and replacement of a source's periods."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from uppsikt.errors import InputError, InputErrors, UppsiktError
from uppsikt.warehouse import list_batches

from .conftest import UNITS as UNITS_TEXT
from .conftest import Env

LEDGER_HEADER = "period,unit,account,amount,counterpart\n"
BAD_AMOUNT = "not an amount in kronor (digits, optional minus and at most two decimals)"


def problems(env: Env, text: str | Path, kind: str) -> list[str]:
    """The problems an import reports, as '<row>|<column>|<code>|<reason>' lines."""
    with pytest.raises((InputErrors, InputError)) as caught:
        env.imp(text, kind)
    return [f"{p.row}|{p.column}|{p.code}|{p.reason}" for p in caught.value.problems]


def table_state(env: Env) -> list[tuple]:
    tables = ["batches", "batch_periods", "units", "accounts", "ledger", "budget", "forecast"]
    return [env.query(f"SELECT count(*), hash(list(t ORDER BY ALL)) FROM {t} t")[0] for t in tables]


def test_ledger_is_stored_with_types(tree_env: Env) -> None:
    result = tree_env.imp(
        LEDGER_HEADER + "2024-07,A1,4011,1000.50,extern\n2024-06,A2,5811,-12,A1\n", "ledger"
    )
    assert result.status == "imported"
    assert result.row_count == 2
    assert result.periods == [date(2024, 6, 1), date(2024, 7, 1)]
    rows = tree_env.query(
        "SELECT period, unit, account, amount, counterpart FROM ledger_current ORDER BY period"
    )
    assert rows == [
        (date(2024, 6, 1), "A2", "5811", Decimal("-12.00"), "A1"),
        (date(2024, 7, 1), "A1", "4011", Decimal("1000.50"), "extern"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "2024-13,A1,4011,1,extern",
            "2|period|bad_period|not a period; write it as YYYY-MM, e.g. 2024-07",
        ),
        (
            "2024-07,A1,4011,12.345,extern",
            "2|amount|bad_amount|" + BAD_AMOUNT,
        ),
        (
            "2024-07,A1,4011,1e5,extern",
            "2|amount|bad_amount|" + BAD_AMOUNT,
        ),
        (",A1,4011,1,extern", "2|period|missing_value|a value is required"),
        (
            "2024-07,ZZ,4011,1,extern",
            "2|unit|unknown_unit|unit 'ZZ' is not in the organisation tree "
            "(import it with --kind units first)",
        ),
        (
            "2024-07,A1,9999,1,extern",
            "2|account|unknown_account|account '9999' is not in the account mapping "
            "(import it with --kind accounts first)",
        ),
        (
            "2024-07,A1,4011,1,kund",
            "2|counterpart|unknown_counterpart|"
            "counterpart must be 'extern' or a unit code; 'kund' is neither",
        ),
    ],
)
def test_each_ledger_error_names_row_column_and_reason(
    tree_env: Env, line: str, expected: str
) -> None:
    # A good row first, so the bad one is row 3 of the file.
    text = LEDGER_HEADER + "2024-07,A1,4011,1,extern\n" + line + "\n"
    assert problems(tree_env, text, "ledger") == ["3" + expected[1:]]


def test_error_message_names_file_row_column_and_value(tree_env: Env) -> None:
    path = tree_env.file(LEDGER_HEADER + "2024-07,A1,4011,abc,extern\n", "ledger.csv")
    with pytest.raises(InputErrors) as caught:
        tree_env.imp(path, "ledger")
    assert str(caught.value) == (
        f"{path}: 1 problem(s) found; nothing was imported.\n"
        f"  {path}, row 2, column 'amount': not an amount in kronor (digits, optional minus "
        "and at most two decimals) (value: 'abc')"
    )


def test_missing_column_lists_what_the_file_has(tree_env: Env) -> None:
    assert problems(tree_env, "period,unit,amount\n2024-07,A1,1\n", "ledger") == [
        "1|account|missing_column|required column 'account' is missing "
        "(the file has: period, unit, amount)"
    ]


def test_unknown_columns_are_warnings(tree_env: Env) -> None:
    result = tree_env.imp("period,unit,account,amount,note\n2024-07,A1,4011,1,x\n", "ledger")
    assert result.warnings == ["column 'note' is not part of the ledger contract; ignored"]
    assert list_batches(tree_env.connect())[-1]["warnings"] == result.warnings


def test_first_50_problems_in_full_then_a_count(tree_env: Env) -> None:
    text = LEDGER_HEADER + "".join(f"2024-07,A1,4011,x{i},extern\n" for i in range(120))
    with pytest.raises(InputErrors) as caught:
        tree_env.imp(text, "ledger")
    error = caught.value
    assert error.total == 120
    assert len(error.problems) == 50
    assert [p.row for p in error.problems[:3]] == [2, 3, 4]
    assert str(error).splitlines()[-1] == "  ... and 70 more problem(s)."


def test_budget_duplicate_key(tree_env: Env) -> None:
    text = (
        "period,unit,account,amount,version\n"
        "2024-01,A1,4011,10,B1\n2024-01,A2,4011,10,B1\n2024-01,A1,4011,12,B1\n"
    )
    assert problems(tree_env, text, "budget") == [
        "4|None|duplicate_key|duplicate of row 2 (same period, unit, account and version)"
    ]


def test_forecast_line_must_be_known(tree_env: Env) -> None:
    text = "made_in,year,unit,line,amount,version\n2024-06,2024,A,nettokostnader,1,P1\n"
    tree_env.imp(text, "forecast")
    bad = "made_in,year,unit,line,amount,version\n2024-06,24,A,netto,1,P1\n"
    assert problems(tree_env, bad, "forecast") == [
        "2|year|bad_year|not a year (four digits)",
        "2|line|unknown_line|'netto' is not a report line or line group defined in lines.yaml",
    ]


def test_accounts_map_to_leaf_lines_only(env: Env) -> None:
    assert problems(env, "account,name,line\n4011,Löner,nettokostnader\n", "accounts") == [
        "2|line|unknown_line|'nettokostnader' is not a report line defined in lines.yaml"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "unit,name,parent,level\nR,Region,,region\nA,A,R,nämnd\nB,B,,nämnd\n",
            ["4|parent|second_root|only one unit may have no parent; row 2 is the root already"],
        ),
        (
            "unit,name,parent,level\nR,Region,,region\nA,A,X,nämnd\n",
            ["3|parent|unknown_parent|parent 'X' is not a unit in this file"],
        ),
        (
            "unit,name,parent,level\nR,Region,,region\nA,A,B,nämnd\nB,B,A,nämnd\n",
            [
                "3|parent|parent_loop|unit 'A' is not below the root: its parents form a loop",
                "4|parent|parent_loop|unit 'B' is not below the root: its parents form a loop",
            ],
        ),
        (
            "unit,name,parent,level\nA,A,B,nämnd\nB,B,A,nämnd\n",
            [
                "2|parent|parent_loop|unit 'A' is not below the root: its parents form a loop",
                "3|parent|parent_loop|unit 'B' is not below the root: its parents form a loop",
            ],
        ),
        (
            "unit,name,parent,level,valid_from,valid_to\nR,Region,,region,2024-05,2024-01\n",
            ["2|valid_to|bad_validity|valid_to is before valid_from"],
        ),
        (
            "unit,name,parent,level\nR,Region,,region\nR,Region igen,,region\n",
            [
                "3|parent|second_root|only one unit may have no parent; row 2 is the root already",
                "3|None|duplicate_key|duplicate of row 2 (same unit and valid_from)",
            ],
        ),
    ],
)
def test_unit_tree_errors(env: Env, text: str, expected: list[str]) -> None:
    assert sorted(problems(env, text, "units")) == sorted(expected)


def test_unit_history_and_validity(tree_env: Env) -> None:
    tree_env.imp(
        "unit,name,parent,level,valid_from,valid_to\n"
        "R,Region Test,,region,,\nA,Nämnd A,R,nämnd,,\nA1,Enhet A1,A,enhet,,2023-12\n"
        "A2,Enhet A2,A,enhet,,\nB,Nämnd B,R,nämnd,,\nA1,Enhet A1 (flyttad),B,enhet,2024-01,\n",
        "units",
    )
    tree_env.imp(LEDGER_HEADER + "2023-06,A1,4011,1,extern\n2024-06,A1,4011,1,extern\n", "ledger")
    tree_env.imp(
        "unit,name,parent,level,valid_from,valid_to\n"
        "R,Region Test,,region,,\nA,Nämnd A,R,nämnd,,\nA2,Enhet A2,A,enhet,,\n"
        "B,Nämnd B,R,nämnd,,\nA1,Enhet A1,B,enhet,2024-01,\n",
        "units",
    )
    assert problems(tree_env, LEDGER_HEADER + "2023-06,A1,4011,1,extern\n", "ledger") == [
        "2|unit|unit_not_valid|unit 'A1' does not exist in 2023-06 (valid 2024-01..)"
    ]


def test_a_new_tree_must_keep_units_in_use(tree_env: Env) -> None:
    tree_env.imp(LEDGER_HEADER + "2024-07,A2,4011,1,extern\n", "ledger")
    text = "unit,name,parent,level\nR,Region,,region\nA,A,R,nämnd\nA1,A1,A,enhet\nB,B,R,nämnd\n"
    assert problems(tree_env, text, "units") == [
        "None|unit|unit_in_use|unit 'A2' is missing from this file but 1 stored row(s) use it"
    ]


def test_a_new_mapping_must_keep_accounts_in_use(tree_env: Env) -> None:
    tree_env.imp(LEDGER_HEADER + "2024-07,A2,5811,1,extern\n", "ledger")
    assert problems(tree_env, "account,name,line\n4011,Löner,personalkostnader\n", "accounts") == [
        "None|account|account_in_use|account '5811' is missing from this file but 1 stored row(s) "
        "use it"
    ]


def test_wrong_encoding_is_refused_not_guessed(tree_env: Env) -> None:
    path = tree_env.files / "bad.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(LEDGER_HEADER.encode() + b"2024-07,A1,4011,1,\x81\xff\n")
    with pytest.raises(InputError) as caught:
        tree_env.imp(path, "ledger")
    problem = caught.value.problem
    assert (problem.row, problem.code) == (2, "wrong_encoding")
    assert problem.reason.startswith(
        "the file is neither UTF-8 (invalid start byte) nor Windows-1252"
    )


def test_swedish_excel_dialect(tree_env: Env) -> None:
    text = (
        "period;unit;account;amount;counterpart\r\n"
        "2024-07;A1;4011;-1 234,50;extern\r\n2024-07;A2;5811;7,5;\r\n"
    )
    result = tree_env.imp(tree_env.file(text, "sv.csv", encoding="cp1252"), "ledger")
    assert result.row_count == 2
    assert tree_env.query("SELECT sum(amount) FROM ledger_current") == [(Decimal("-1227.00"),)]


def test_cp1252_text_is_decoded(env: Env) -> None:
    text = "unit;name;parent;level\r\nR;Region Västerbotten – test;;region\r\n"
    env.imp(env.file(text, "units.csv", encoding="cp1252"), "units")
    assert env.query("SELECT name FROM units_current") == [("Region Västerbotten – test",)]


def test_utf8_with_bom(env: Env) -> None:
    env.imp(env.file("\ufeffunit,name,parent,level\nR,Region Ö,,region\n", "u.csv"), "units")
    assert env.query("SELECT unit, name FROM units_current") == [("R", "Region Ö")]


def test_xlsx_input(tree_env: Env) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["period", "unit", "account", "amount", "counterpart"])
    sheet.append(["2024-07", "A1", 4011, 1234.56, "extern"])
    sheet.append([date(2024, 6, 1), "A2", "5811", 0.1 + 0.2, None])
    sheet.append(["2024-05", "A2", "5811", "x", None])
    path = tree_env.files / "ledger.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    assert problems(tree_env, path, "ledger") == ["4|amount|bad_amount|" + BAD_AMOUNT]
    sheet.delete_rows(4)
    book.save(path)
    tree_env.imp(path, "ledger")
    assert tree_env.query("SELECT period, account, amount FROM ledger_current ORDER BY period") == [
        (date(2024, 6, 1), "5811", Decimal("0.30")),
        (date(2024, 7, 1), "4011", Decimal("1234.56")),
    ]


def test_parquet_with_typed_columns(tree_env: Env) -> None:
    path = tree_env.files / "ledger.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.sql(
        "COPY (SELECT DATE '2024-07-01' AS period, 'A1' AS unit, 4011 AS account, "
        "1234.5::DOUBLE AS amount UNION ALL SELECT DATE '2024-07-15', 'A1', 4011, 0.125) "
        f"TO '{path}' (FORMAT parquet)"
    )
    assert problems(tree_env, path, "ledger") == [
        "2|period|bad_period|not a period; write it as YYYY-MM, e.g. 2024-07",
        "2|amount|bad_amount|" + BAD_AMOUNT,
    ]


def test_unknown_format_and_missing_file(tree_env: Env) -> None:
    assert problems(tree_env, tree_env.file("x", "ledger.json"), "ledger") == [
        "None|None|unknown_format|unknown file type; use .csv, .xlsx or .parquet"
    ]
    assert problems(tree_env, tree_env.files / "nope.csv", "ledger") == [
        "None|None|no_file|file not found"
    ]


def test_header_only_file_has_no_rows(tree_env: Env) -> None:
    assert problems(tree_env, LEDGER_HEADER, "ledger") == [
        "None|None|no_rows|the file has no data rows"
    ]


def test_failed_import_changes_nothing(tree_env: Env) -> None:
    tree_env.imp(LEDGER_HEADER + "2024-06,A1,4011,5,extern\n", "ledger")
    before = table_state(tree_env)
    problems(
        tree_env, LEDGER_HEADER + "2024-06,A1,4011,7,extern\n2024-07,A1,4011,x,extern\n", "ledger"
    )
    assert table_state(tree_env) == before


def test_same_file_twice_changes_nothing(tree_env: Env) -> None:
    path = tree_env.file(LEDGER_HEADER + "2024-07,A1,4011,5,extern\n")
    first = tree_env.imp(path, "ledger")
    before = table_state(tree_env)
    again = tree_env.imp(path, "ledger")
    assert (again.status, again.batch_id) == ("unchanged", first.batch_id)
    assert table_state(tree_env) == before


def test_corrected_file_replaces_only_its_periods(tree_env: Env) -> None:
    first = tree_env.imp(
        LEDGER_HEADER + "2024-06,A1,4011,5,extern\n2024-07,A1,4011,7,extern\n", "ledger"
    )
    fixed = tree_env.imp(LEDGER_HEADER + "2024-07,A1,4011,70,extern\n", "ledger")
    assert fixed.superseded == [first.batch_id]
    assert tree_env.query("SELECT period, amount FROM ledger_current ORDER BY 1") == [
        (date(2024, 6, 1), Decimal("5.00")),
        (date(2024, 7, 1), Decimal("70.00")),
    ]
    # Nothing was deleted: the first batch's July row is kept, only no longer in force.
    assert tree_env.query("SELECT count(*) FROM ledger") == [(3,)]
    statuses = {b["batch_id"]: b["status"] for b in list_batches(tree_env.connect())}
    assert statuses[first.batch_id] == "partly replaced"
    assert statuses[fixed.batch_id] == "in force"


def test_reimporting_an_older_file_brings_it_back(tree_env: Env) -> None:
    old = tree_env.file(LEDGER_HEADER + "2024-07,A1,4011,7,extern\n")
    tree_env.imp(old, "ledger")
    tree_env.imp(LEDGER_HEADER + "2024-07,A1,4011,70,extern\n", "ledger")
    back = tree_env.imp(old, "ledger")
    assert back.status == "imported"
    assert tree_env.query("SELECT amount FROM ledger_current") == [(Decimal("7.00"),)]


def test_sources_replace_independently(tree_env: Env) -> None:
    tree_env.imp(LEDGER_HEADER + "2024-07,A1,4011,5,extern\n", "ledger", source="raindance")
    tree_env.imp(LEDGER_HEADER + "2024-07,A2,4011,6,extern\n", "ledger", source="hr")
    tree_env.imp(LEDGER_HEADER + "2024-07,A1,4011,50,extern\n", "ledger", source="raindance")
    assert tree_env.query("SELECT unit, amount FROM ledger_current ORDER BY 1") == [
        ("A1", Decimal("50.00")),
        ("A2", Decimal("6.00")),
    ]


def test_batches_record_who_what_and_when(tree_env: Env) -> None:
    tree_env.imp(
        LEDGER_HEADER + "2024-06,A1,4011,5,extern\n2024-07,A1,4011,7,extern\n", "ledger", user="kia"
    )
    batch = list_batches(tree_env.connect())[-1]
    assert batch["kind"] == "ledger"
    assert batch["imported_by"] == "kia"
    assert batch["row_count"] == 2
    assert (batch["first_period"], batch["last_period"]) == ("2024-06", "2024-07")
    assert len(batch["file_hash"]) == 64


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from uppsikt.config import Workspace
    from uppsikt.ingest import import_file
    ws = Workspace.open(Path(sys.argv[1]))
    con = ws.connect()
    print("started", flush=True)
    import_file(con, Path(sys.argv[2]), "ledger", catalog=ws.lines(), temp_dir=ws.temp_dir)
    con.close()
    print("finished", flush=True)
    """
)


@pytest.mark.slow
def test_killed_import_leaves_the_warehouse_as_before(tree_env: Env) -> None:
    tree_env.imp(LEDGER_HEADER + "2024-06,A1,4011,5,extern\n", "ledger")
    before = table_state(tree_env)
    big = tree_env.files / "big.csv"
    duckdb.sql(
        "COPY (SELECT '2024-' || lpad(((i % 12) + 1)::VARCHAR, 2, '0') AS period, "
        "CASE WHEN i % 2 = 0 THEN 'A1' ELSE 'A2' END AS unit, '4011' AS account, "
        "(i % 1000)::VARCHAR || '.25' AS amount, 'extern' AS counterpart "
        f"FROM range(6000000) t(i)) TO '{big}' (HEADER)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(tree_env.ws.root), str(big)],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "started"
        time.sleep(1.0)  # well inside the import, which takes several seconds
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert table_state(tree_env) == before
    # And the warehouse still works: the same file imports completely afterwards.
    result = tree_env.imp(big, "ledger")
    assert result.row_count == 6_000_000


def test_a_budget_version_replaces_only_itself(tree_env: Env) -> None:
    header = "period,unit,account,amount,version\n"
    tree_env.imp(header + "2024-01,A1,4011,10,B1\n", "budget")
    tree_env.imp(header + "2024-01,A1,4011,12,B2\n", "budget")
    tree_env.imp(header + "2024-01,A1,4011,11,B1\n", "budget")
    assert tree_env.query("SELECT version, amount FROM budget_current ORDER BY 1") == [
        ("B1", Decimal("11.00")),
        ("B2", Decimal("12.00")),
    ]


def test_units_and_accounts_have_one_source(tree_env: Env) -> None:
    with pytest.raises(UppsiktError) as caught:
        tree_env.imp(UNITS_TEXT, "units", source="hr")
    assert str(caught.value) == (
        "--source does not apply to units: the workspace has one units file in force, "
        "and each import replaces it whole"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "period,unit,Amount,account,amount\n2024-07,A1,1,4011,1\n",
            "1|amount|duplicate_column|the column appears twice (columns 3 and 5)",
        ),
        (
            "period,,unit,account,amount\n2024-07,x,A1,4011,1\n",
            "1|None|empty_column_name|column 2 of the header has no name",
        ),
        (
            LEDGER_HEADER + "2024-07,A1,4011,1,extern\n2024-07,A1,4011,1,extern,x\n",
            "3|None|bad_csv_row|the row has 6 fields; the header has 5",
        ),
        (
            LEDGER_HEADER + "2024-07,A1\n",
            "2|account|missing_value|a value is required",
        ),
    ],
)
def test_malformed_csv(tree_env: Env, text: str, expected: str) -> None:
    assert problems(tree_env, text, "ledger")[0] == expected


def test_header_only_snapshot_has_no_rows(env: Env) -> None:
    assert problems(env, "unit,name,parent,level\n", "units") == [
        "None|None|no_rows|the file has no data rows"
    ]
