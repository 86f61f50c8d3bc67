"""Checks on a read SIE file and loading a file that passes them."""

from __future__ import annotations

import difflib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.errors import InputErrors, Problem
from uppsikt.ingest.sie import (
    Severity,
    check_sie,
    load_sie,
    parse_sie,
    read_sie,
    severity,
    split_by_severity,
    write_sie,
)

SHARED = Path(__file__).parents[2] / "shared" / "sie"
MISSING = f"the shared SIE example files are not at {SHARED}"


def shared(name: str) -> Path:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(MISSING)
    return path


def sie_text(*lines: str) -> bytes:
    head = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#RAR 0 20240101 20241231"]
    return ("\r\n".join([*head, *lines]) + "\r\n").encode("cp437")


def codes(problems: list[Problem]) -> list[tuple[str, int | None]]:
    return [(p.code, p.row) for p in problems]


# -- the shared files ------------------------------------------------------------------------


def test_unbalanced_voucher_is_rejected_naming_voucher_and_line() -> None:
    good, bad = shared("transaktioner_ovnbolag.se"), shared("transaktioner_ovnbolag-bad-balance.se")
    good_lines = good.read_bytes().decode("cp437").splitlines()
    bad_lines = bad.read_bytes().decode("cp437").splitlines()
    # Find the changed row and the #VER it belongs to without the reader.
    (changed,) = [
        block for block in difflib.SequenceMatcher(None, good_lines, bad_lines).get_opcodes()
        if block[0] != "equal"
    ]  # fmt: skip
    row = changed[3]
    ver = max(i for i in range(row) if bad_lines[i].startswith("#VER"))
    series, number = bad_lines[ver].split()[1:3]
    difference = Decimal(bad_lines[row].split()[-1]) - Decimal(good_lines[row].split()[-1])
    assert (ver + 1, series, number, difference) == (3905, "B", "1", Decimal("-12771.00"))

    with pytest.raises(InputErrors) as info:
        load_sie(bad)
    assert str(info.value) == (
        "transaktioner_ovnbolag-bad-balance.se: 1 problem(s) found; nothing was imported.\n"
        "  transaktioner_ovnbolag-bad-balance.se, row 3905, column '#VER': voucher B 1 does "
        "not balance: its rows sum to -12771.00, not 0"
    )
    (problem,) = info.value.problems
    assert (problem.row, problem.code) == (ver + 1, "unbalanced_voucher")


# What the checks find in each shared file: (errors, warnings) as codes with their count.
SHARED_FINDINGS = {
    "BL0001_typ4.SE": ({}, {"undeclared_object": 16}),
    "MAMUT_SIE4_EXPORT.SE": ({}, {"undeclared_object": 2, "objects_not_declared": 1}),
    "SIE4_Exempelfil_med_underdim.SE": ({}, {"undeclared_object": 1}),
    "Sie4.se": ({}, {"undeclared_account": 1, "closing_balance_mismatch": 2}),
    "magenta_bokforing_SIE4E.se": ({}, {}),
    "objektsaldo_ovnbolag.se": ({}, {"period_outside_fiscal_year": 1}),
    "periodsaldo_ovnbolag.se": ({}, {"period_outside_fiscal_year": 1}),
    "transaktioner_ovnbolag-bad-balance.se": (
        {"unbalanced_voucher": 1},
        {"period_balance_mismatch": 1, "period_outside_fiscal_year": 1},
    ),
    "transaktioner_ovnbolag.se": ({}, {"period_outside_fiscal_year": 1}),
    "typ4.se": ({}, {}),
}


def _tally(problems: list[Problem]) -> dict[str, int]:
    tally: dict[str, int] = {}
    for problem in problems:
        tally[problem.code] = tally.get(problem.code, 0) + 1
    return tally


@pytest.mark.parametrize("name", sorted(SHARED_FINDINGS))
def test_findings_in_shared_files(name: str) -> None:
    errors, warnings = split_by_severity(check_sie(read_sie(shared(name))))
    assert (_tally(errors), _tally(warnings)) == SHARED_FINDINGS[name]
    for problem in errors + warnings:
        assert problem.file == name


def test_undeclared_objects_are_really_missing_from_the_file() -> None:
    path = shared("BL0001_typ4.SE")
    text = path.read_bytes().decode("cp437")
    declared = set(re.findall(r'^#OBJEKT (\d+) "([^"]*)"', text, re.MULTILINE))
    errors, _ = split_by_severity(check_sie(read_sie(path)))
    for problem in errors:
        code, dim = re.match(r"object (\S+) of dimension (\d+)", problem.reason).groups()  # type: ignore[union-attr]
        assert (dim, code) not in declared
        line = text.splitlines()[problem.row - 1]  # type: ignore[operator]
        assert re.search(rf'\b{dim}"?\s+"?{code}\b', line), line


def test_clean_shared_file_loads_with_its_warnings() -> None:
    sie = load_sie(shared("transaktioner_ovnbolag.se"))
    assert [w.code for w in sie.warnings] == ["period_outside_fiscal_year"]
    assert len(sie.vouchers) == 163


# -- each check on a small file --------------------------------------------------------------

DECLARATIONS = ['#KONTO 1910 "Kassa"', '#KONTO 3010 "Intäkt"', '#DIM 1 "Enhet"']
DECLARATIONS += ['#OBJEKT 1 "100" "Vård"']


def voucher(*rows: str, when: str = "20240105") -> list[str]:
    """A voucher A 1 with ``rows``; after the header and declarations its #VER is line 9."""
    return [f'#VER A 1 {when} "x"', "{", *rows, "}"]


BALANCED = ("#TRANS 1910 {} 1.00", "#TRANS 3010 {} -1.00")
ONE_MONTH = "#PSALDO 0 202401 3010 {} -2.00"

CASES = [
    # (lines after the header, expected (code, row) in file order)
    pytest.param([*DECLARATIONS, *voucher(*BALANCED)], [], id="clean"),
    pytest.param(
        [*DECLARATIONS, *voucher("#TRANS 1910 {} 1.00", "#TRANS 3010 {} -0.99")],
        [("unbalanced_voucher", 9)],
        id="unbalanced",
    ),
    pytest.param(
        [*DECLARATIONS, *voucher("#BTRANS 1910 {} 5.00", *BALANCED)], [], id="btrans-not-counted"
    ),
    pytest.param(
        [*DECLARATIONS, *voucher(*BALANCED, when="20250105")],
        [("date_outside_fiscal_year", 9)],
        id="voucher-date",
    ),
    pytest.param(
        [*DECLARATIONS, *voucher("#TRANS 1910 {} 1.00 20231231", "#TRANS 3010 {} -1.00")],
        [("date_outside_fiscal_year", 11)],
        id="row-date",
    ),
    pytest.param(
        [*DECLARATIONS, *voucher("#TRANS 1920 {} 1.00", "#TRANS 3010 {} -1", "#TRANS 1920 {} 0")],
        [("undeclared_account", 11)],
        id="account",
    ),
    pytest.param(
        [*DECLARATIONS, *voucher('#TRANS 1910 {1 "200"} 1.00', '#TRANS 3010 {6 "P"} -1.00')],
        [("objects_not_declared", None), ("undeclared_object", 11)],
        id="object",
    ),
    pytest.param(
        [*DECLARATIONS, ONE_MONTH, *voucher(*BALANCED)],
        [("period_balance_mismatch", 9), ("period_balance_mismatch", 12)],
        id="psaldo",
    ),
    pytest.param(
        [*DECLARATIONS, "#IB 0 1910 10.00", "#UB 0 1910 12.00", *voucher(*BALANCED)],
        [("closing_balance_mismatch", 10)],
        id="ub",
    ),
    pytest.param(
        [*DECLARATIONS, "#IB 0 1910 10.00", "#UB 0 1910 11.00", "#PSALDO 0 202401 1910 {} 1.00"],
        [],
        id="ub-from-psaldo",
    ),
    pytest.param(
        [*DECLARATIONS, "#PBUDGET 0 202501 3010 {} 1.00", "#PBUDGET 0 202502 3010 {} 1.00"],
        [("period_outside_fiscal_year", 9)],
        id="budget-period",
    ),
    pytest.param(voucher(*BALANCED), [], id="no-chart-of-accounts"),
]


@pytest.mark.parametrize(("lines", "expected"), CASES)
def test_checks(lines: list[str], expected: list[tuple[str, int | None]]) -> None:
    problems = check_sie(parse_sie(sie_text(*lines), "x.se"))
    assert sorted(codes(problems), key=lambda c: (c[1] or 0, c[0])) == expected


def test_vouchers_without_fiscal_year_are_flagged() -> None:
    data = b"#FLAGGA 0\r\n#VER A 1 20240105\r\n{\r\n#TRANS 1910 {} 0\r\n}\r\n"
    (problem,) = check_sie(parse_sie(data, "x.se"))
    assert (problem.code, severity(problem)) == ("missing_fiscal_year", Severity.WARNING)


def test_messages_name_file_line_and_voucher() -> None:
    lines = ['#VER B 12 20250105 "x"', "{", "#TRANS 1910 {} 1.00", "}"]
    problems = check_sie(parse_sie(sie_text(*lines), "ledger.se"))
    assert [str(p) for p in problems] == [
        "ledger.se, row 5, column '#VER': voucher B 12 does not balance: its rows sum to 1.00, "
        "not 0",
        "ledger.se, row 5, column '#VER': voucher B 12 is dated 2025-01-05, outside the fiscal "
        "year 2024-01-01–2024-12-31",
    ]


def test_severity_split() -> None:
    lines = [
        *DECLARATIONS,
        "#IB 0 1910 1.00",
        '#VER A 1 20250105 "x"',
        "{",
        "#TRANS 1910 {} 1",
        "}",
    ]
    errors, warnings = split_by_severity(check_sie(parse_sie(sie_text(*lines), "x.se")))
    assert {p.code for p in errors} == {"unbalanced_voucher", "date_outside_fiscal_year"}
    assert {p.code for p in warnings} == set()
    assert all(severity(p) is Severity.ERROR for p in errors)


def test_load_sie_raises_on_errors_and_keeps_warnings(tmp_path: Path) -> None:
    path = tmp_path / "x.se"
    path.write_bytes(sie_text("#NYPOST 1", *DECLARATIONS, "#IB 0 1910 1", "#UB 0 1910 2"))
    assert [w.code for w in load_sie(path).warnings] == ["unknown_record"]
    path.write_bytes(sie_text(*DECLARATIONS, "#PSALDO 0 202401 1910 {} 5", "#UB 0 1910 2"))
    assert [w.code for w in load_sie(path).warnings] == ["closing_balance_mismatch"]
    path.write_bytes(sie_text("#PSALDO 0 202401 1920 {} 5", *DECLARATIONS))
    # An undeclared account is a warning: the import checks it against the mapping anyway.
    assert [w.code for w in load_sie(path).warnings] == ["undeclared_account"]
    path.write_bytes(sie_text(*DECLARATIONS, "#VER A 1 20240105 x", "{", "#TRANS 1910 {} 5", "}"))
    with pytest.raises(InputErrors) as info:
        load_sie(path)
    assert [p.code for p in info.value.problems] == ["unbalanced_voucher"]


# -- #KSUMMA ---------------------------------------------------------------------------------


@pytest.fixture
def written(tmp_path: Path) -> Path:
    path = tmp_path / "budget.se"
    write_sie(
        path,
        company="Region Test",
        fiscal_year=(date(2024, 1, 1), date(2024, 12, 31)),
        accounts=[("3010", "Intäkter")],
        dimension=(1, "Resultatenhet"),
        objects=[("100", "Vård")],
        period_balances=[(date(2024, 1, 1), "3010", "100", Decimal("-5.00"))],
        period_budgets=[(date(2024, 1, 1), "3010", None, Decimal(7))],
        generated=date(2024, 2, 1),
    )
    return path


def test_checksum_of_written_file_is_verified(written: Path) -> None:
    sie = load_sie(written)
    assert sie.checksum is not None and sie.checksum.ok
    assert (sie.checksum.open_line, sie.checksum.close_line) == (2, 15)


def test_changed_content_fails_the_checksum(written: Path) -> None:
    written.write_bytes(written.read_bytes().replace(b"-5.00", b"-6.00"))
    with pytest.raises(InputErrors) as info:
        load_sie(written)
    (problem,) = info.value.problems
    assert (problem.code, problem.row, problem.column) == ("checksum_mismatch", 15, "#KSUMMA")


def test_truncated_file_is_detected(written: Path) -> None:
    lines = written.read_bytes().split(b"\r\n")
    written.write_bytes(b"\r\n".join(lines[:-3]))
    with pytest.raises(InputErrors) as info:
        load_sie(written)
    (problem,) = info.value.problems
    assert (problem.code, problem.row) == ("checksum_not_closed", 2)
    assert "truncated" in problem.reason


def test_checksum_ignores_layout_but_not_content(written: Path) -> None:
    """Quotes, spaces and tabs between fields are not part of the checksum; values are."""
    text = written.read_bytes().decode("cp437")
    relaid = text.replace("#KONTO 3010 Intäkter", '#KONTO\t3010   "Intäkter"')
    assert relaid != text
    written.write_bytes(relaid.encode("cp437"))
    assert load_sie(written).checksum.ok  # type: ignore[union-attr]
    written.write_bytes(text.replace("Intäkter", "Intakter").encode("cp437"))
    with pytest.raises(InputErrors):
        load_sie(written)
