"""The quick import: cheap parse branches, the first attempt without padding and with the
fingerprint in a thread, and the ledger tables split by optional columns. Each must give
exactly what the full rules give: the same stored rows, the same problems, the same messages.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppsikt.errors import InputError, InputErrors
from uppsikt.ingest import KINDS, _importer
from uppsikt.ingest._files import detect_encoding, file_hash, fingerprint
from uppsikt.ingest._parse import parse_expr, raw_expr
from uppsikt.warehouse import migrate

from .conftest import ACCOUNTS, UNITS, Env

CON = duckdb.connect(":memory:")
LEDGER = KINDS["ledger"]
HEADER = "period,unit,account,amount,counterpart\n"


def both(spec_name: str, text: str | None) -> tuple[object, object]:
    """The value of one cell by the quick expression and by the full rules."""
    column = LEDGER.column(spec_name)
    quick = parse_expr(column, "x", "VARCHAR")
    full = parse_expr(column, "x", "VARCHAR", strict=True)
    return CON.execute(f"SELECT {quick}, {full} FROM (SELECT ? AS x)", [text]).fetchone()


# Cells near the usual forms: digits, signs, separators, spaces of every kind, letters.
_pieces = st.sampled_from(
    [
        "0",
        "1",
        "7",
        "9",
        "12",
        "2024",
        "-",
        "+",
        ".",
        ",",
        "/",
        " ",
        "\u00a0",
        "\u2212",
        "\u3000",
        "\t",
        "e",
        "E",
        "_",
        "x",
        "00",
        "-01",
        "13",
    ]
)
cells = st.one_of(
    st.lists(_pieces, max_size=8).map("".join),
    st.text(max_size=12),
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, places=3).map(str),
    st.integers(-(10**17), 10**17).map(str),
    st.dates().map(lambda d: f"{d:%Y-%m}"),
    st.dates().map(lambda d: f"{d:%Y%m}"),
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(cells, st.sampled_from(["period", "amount", "unit", "counterpart"]))
def test_quick_parse_equals_the_full_rules(text: str, column: str) -> None:
    quick, full = both(column, text)
    assert quick == full


@pytest.mark.parametrize(
    "text",
    [
        "2024-07",
        " 2024-07",
        "2024-07 ",
        "2024-7 ",
        " 2024-7",
        "2024- 7",
        "2024/07",
        "202407",
        "2024-07-01",
        "2024-13",
        "0999-07",
        "2024-07\u00a0",
        "\u00a02024-7",
        "-1234.50",
        "-1234.5",
        "-1234",
        "1234.",
        ".5",
        "-0.00",
        "-0",
        "007.50",
        "1,5",
        "-1 234,50",
        "1\u00a0234,50",
        "\u22121234,50",
        "1.234,50",
        "1,234.50",
        "12.345",
        "1e5",
        "1E5",
        "+5",
        "1_000",
        "12345678901234567",
        "1234567890123456.99",
        "",
        " ",
        None,
        "A1",
        " A1",
        "A1\u3000",
        "A1\t",
    ],
)
@pytest.mark.parametrize("column", ["period", "amount", "unit"])
def test_quick_parse_edge_cases(text: str | None, column: str) -> None:
    quick, full = both(column, text)
    assert quick == full


def test_trim_removes_only_the_unicode_space_separators() -> None:
    """The quick text branch relies on this: among ASCII, ``trim`` removes only the space."""
    removed = CON.execute(
        "SELECT list(i ORDER BY i) FROM range(1, 1114112) t(i) "
        "WHERE (i < 55296 OR i > 57343) AND trim(chr(i::INTEGER) || 'a') <> chr(i::INTEGER) || 'a'"
    ).fetchone()[0]
    assert [i for i in removed if i < 128] == [32]
    assert all(chr(i).isspace() for i in removed)


def test_raw_text_quick_equals_strict() -> None:
    for text in ["a", " a", "a ", "\u00a0a", "a\u2009", "", "  ", "\ta\t", "Västerås ", None]:
        quick = raw_expr("x", "VARCHAR")
        strict = raw_expr("x", "VARCHAR", strict=True)
        got = CON.execute(f"SELECT {quick}, {strict} FROM (SELECT ? AS x)", [text]).fetchone()
        assert got[0] == got[1], text


# --- whole imports: the quick attempt against the full import --------------------------------


def full_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make import_file take the full path with the strict expressions, as before."""
    monkeypatch.setattr(_importer, "_FAST_SUFFIXES", ())
    monkeypatch.setattr(_importer, "parse_expr", functools.partial(parse_expr, strict=True))
    monkeypatch.setattr(_importer, "raw_expr", functools.partial(raw_expr, strict=True))


def stored(env: Env) -> list[tuple]:
    columns = "period, unit, account, amount, counterpart"
    return env.query(f"SELECT {columns} FROM ledger_current ORDER BY ALL") + env.query(
        f"SELECT {columns}, activity, project FROM ledger_dimensions_current ORDER BY ALL"
    )


FILES: dict[str, tuple[str, str]] = {
    "utf-8": (HEADER + "2024-07,A1,4011,1000.50,extern\n2024-06,A2,5811,-12,A1\n", "utf-8"),
    "swedish": (
        "period;unit;account;amount;counterpart\r\n"
        "2024-07;A1;4011;-1 234,50;extern\r\n2024-07;A2;5811;7,5;\r\n"
        "202406; A1 ;4011;1\u00a0000;B\r\n",
        "cp1252",
    ),
    "bom": ("\ufeff" + HEADER + "2024/07,A1,4011,3,extern\n2024-06-01,A1,4011,4.1,\n", "utf-8"),
    "optional columns": (
        "period,unit,account,amount,counterpart,activity,project\n"
        "2024-07,A1,4011,10,extern,AKT1,\n2024-07,A2,4011,11,extern,,P9\n",
        "utf-8",
    ),
    "one optional column, Swedish": (
        "period;unit;account;amount;project\r\n2024-05;A1;4011;5,25;Väg 1\r\n",
        "cp1252",
    ),
    "untrimmed codes": (
        HEADER
        + "2024-07, A1 ,4011\u00a0,1,\u3000extern\n2024-07,A2, 5811,2,  \n2024-07,B,4011,3, A1\n",
        "utf-8",
    ),
    "unknown column": (
        "period,unit,account,amount,note\n2024-07,A1,4011,10,hej\n",
        "utf-8",
    ),
}


@pytest.mark.parametrize("name", list(FILES))
def test_quick_and_full_import_store_the_same_rows(
    make_env: Callable[[str], Env], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text, encoding = FILES[name]
    results = []
    for mode in ("quick", "full"):
        env = make_env(mode)
        env.imp(UNITS, "units")
        env.imp(ACCOUNTS, "accounts")
        with monkeypatch.context() as patch:
            if mode == "full":
                full_rules_only(patch)
            result = env.imp(env.file(text, "ledger.csv", encoding=encoding), "ledger")
        results.append((result.row_count, result.periods, result.warnings, stored(env)))
    assert results[0] == results[1]
    assert results[0][3]  # something was stored


BAD_FILES = {
    "bad cells": HEADER
    + "2024-07,A1,4011,1,extern\n2024-13,A1,4011,12.345,kund\n2024-07,ZZ,9999,abc,extern\n",
    "short row": HEADER + "2024-07,A1\n2024-07,A1,4011,1,extern\n",
    "long row": HEADER + "2024-07,A1,4011,1,extern\n2024-07,A1,4011,1,extern,x\n",
    "header only": HEADER,
    "untrimmed and bad": HEADER + "2024-07, A1,4011,abc,extern \n2024-07,A2,4011,1,extern\n",
    "missing column": "period,unit,amount\n2024-07,A1,1\n",
    "wrong encoding": None,
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_gets_the_same_report(
    make_env: Callable[[str], Env], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    reports = []
    for mode in ("quick", "full"):
        env = make_env(mode)
        env.imp(UNITS, "units")
        env.imp(ACCOUNTS, "accounts")
        text = BAD_FILES[name]
        if text is None:
            path = env.files / "ledger.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(HEADER.encode() + b"2024-07,A1,4011,1,\x81\xff\n")
        else:
            path = env.file(text, "ledger.csv")
        before = env.query("SELECT count(*) FROM ledger")
        with monkeypatch.context() as patch:
            if mode == "full":
                full_rules_only(patch)
            with pytest.raises((InputErrors, InputError)) as caught:
                env.imp(path, "ledger")
        error = caught.value
        listed = error.problems if isinstance(error, InputErrors) else [error.problem]
        where = str(env.files)
        reports.append(
            (
                str(error).replace(where, "FILES"),
                type(error),
                [dataclasses.replace(p, file=p.file.replace(where, "FILES")) for p in listed],
            )
        )
        assert env.query("SELECT count(*) FROM ledger") == before
    assert reports[0] == reports[1]


def test_a_budget_with_untrimmed_codes_is_stored_trimmed(tree_env: Env) -> None:
    text = "period,unit,account,amount,version\n2024-01, A1,4011 ,10,B1 \n2024-02,A1,4011,5,B1\n"
    result = tree_env.imp(text, "budget")
    assert result.row_count == 2
    assert tree_env.query("SELECT DISTINCT unit, account, version FROM budget_current") == [
        ("A1", "4011", "B1")
    ]


def test_an_unchanged_file_is_not_stored_again_even_after_the_references_changed(
    tree_env: Env,
) -> None:
    """The full import says 'unchanged' before validating; the quick attempt must too, even
    when the file would no longer pass (here: its unit left the tree)."""
    path = tree_env.file(HEADER + "2024-07,B,4011,1,extern\n", "ledger.csv")
    first = tree_env.imp(path, "ledger")
    again = tree_env.imp(path, "ledger")
    assert (again.status, again.batch_id) == ("unchanged", first.batch_id)
    assert tree_env.query("SELECT count(*) FROM ledger") == [(1,)]


def test_activity_and_project_are_kept_beside_the_ledger(tree_env: Env) -> None:
    tree_env.imp(HEADER + "2024-06,A1,4011,1,extern\n", "ledger", source="a")
    tree_env.imp(
        "period,unit,account,amount,activity\n2024-06,A2,4011,2,AKT\n2024-06,A2,4011,3,\n",
        "ledger",
        source="b",
    )
    assert tree_env.query("SELECT unit, sum(amount) FROM ledger_current GROUP BY 1 ORDER BY 1") == [
        ("A1", Decimal("1.00")),
        ("A2", Decimal("5.00")),
    ]
    assert tree_env.query("SELECT count(*) FROM ledger") == [(3,)]
    assert tree_env.query(
        "SELECT unit, amount, activity, project FROM ledger_dimensions_current ORDER BY amount"
    ) == [("A2", Decimal("2.00"), "AKT", None), ("A2", Decimal("3.00"), None, None)]
    # A later file of source b without the columns takes June back: no dimensions in force.
    tree_env.imp(HEADER + "2024-06,A2,4011,4,extern\n", "ledger", source="b")
    assert tree_env.query("SELECT count(*) FROM ledger_dimensions_current") == [(0,)]


def test_migration_keeps_the_rows_stored_before(tmp_path: Path) -> None:
    """A warehouse of schema version 5 with ledger rows: after migration 006 every row is in
    the ledger, and the batch that had an activity is also in ledger_dimensions."""
    from uppsikt.warehouse._connection import _migrations

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for version, sql in _migrations():
        if version <= 5:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, current_timestamp::TIMESTAMP)", [version]
            )
    for batch in (1, 2):
        con.execute(
            "INSERT INTO batches VALUES (?, 'ledger', ?, 'l.csv', 'x', "
            "current_timestamp::TIMESTAMP, 'me', 1, DATE '2024-07-01', DATE '2024-07-01', [])",
            [batch, f"s{batch}"],
        )
        con.execute(
            "INSERT INTO batch_periods VALUES (?, 'ledger', ?, DATE '2024-07-01', NULL)",
            [batch, f"s{batch}"],
        )
    con.execute(
        "INSERT INTO ledger VALUES (1, DATE '2024-07-01', 'A1', '4011', 5, 'extern', 'AKT', "
        "NULL), (1, DATE '2024-07-01', 'A1', '4011', 6, 'extern', NULL, NULL), "
        "(2, DATE '2024-07-01', 'A2', '4011', 7, NULL, NULL, NULL)"
    )
    migrate(con)
    assert con.execute(
        "SELECT batch_id, unit, amount, activity FROM ledger_current ORDER BY 3"
    ).fetchall() == [
        (1, "A1", Decimal("5.00"), None),
        (1, "A1", Decimal("6.00"), None),
        (2, "A2", Decimal("7.00"), None),
    ]
    assert con.execute(
        "SELECT batch_id, amount, activity FROM ledger_dimensions_current ORDER BY 2"
    ).fetchall() == [(1, Decimal("5.00"), "AKT"), (1, Decimal("6.00"), None)]
    assert con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'ledger' AND column_name IN ('activity', 'project')"
    ).fetchone() == (0,)
    con.close()


def test_fingerprint_matches_the_hash_and_the_encoding_check(tmp_path: Path) -> None:
    cases = {
        "ascii.csv": b"a,b\n1,2\n",
        "bom.csv": "\ufeffa,b\nÅ,2\n".encode(),
        "utf8.csv": "a,b\nÅ,2\n".encode() * 100_000,
        "cp1252.csv": "a;b\r\nÅ;2\r\n".encode("cp1252"),
        # A two-byte character split by the 1 MiB chunk boundary.
        "split.csv": b"x" * ((1 << 20) - 1) + "Å\n".encode(),
        "truncated.csv": b"a\n" + "Å".encode()[:1],
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        digest, encoding = fingerprint(path, utf8=True)
        assert digest == file_hash(path), name
        try:
            expected: str | None = detect_encoding(path)
        except InputError:
            expected = None
        assert encoding == (expected if expected in ("utf-8", "utf-8-sig") else None), name
        assert fingerprint(path, utf8=False) == (digest, None)


def test_a_file_known_to_be_in_force_is_not_inserted(tree_env: Env) -> None:
    """The fingerprint thread stops an insert it learns is pointless; one that knows already
    refuses to start it."""
    path = tree_env.file(HEADER + "2024-07,A1,4011,1,extern\n", "ledger.csv")
    tree_env.imp(path, "ledger")
    con = tree_env.connect()
    prints = _importer._Fingerprint(con, path, "ledger", "ledger", utf8=True)
    prints.start()
    prints.finish()
    assert prints.in_force and prints.digest == file_hash(path)
    with pytest.raises(_importer._InForce), prints.interruptible():
        pytest.fail("the block must not run")
