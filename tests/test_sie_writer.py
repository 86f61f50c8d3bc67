"""Writing month balances and budgets as SIE 4, and reading them back."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.errors import UppsiktError
from uppsikt.ingest.sie import MonthAmount, budget_months, ledger_months, load_sie, write_sie

YEAR = (date(2024, 7, 1), date(2025, 6, 30))  # a fiscal year that is not a calendar year
ACCOUNTS = [("3010", "Försäljning"), ("4010", "Löner, tillsvidare"), ("5010", "Lokalhyra")]
UNITS = [("100", "Vårdcentral Åby"), ("200", 'Skola "Öst"'), ("A-1", "Ledning {central}")]


def write(path: Path, balances: list, budgets: list, **overrides: object) -> None:
    arguments: dict = {
        "company": "Region Östergötland",
        "fiscal_year": YEAR,
        "accounts": ACCOUNTS,
        "dimension": (1, "Resultatenhet"),
        "objects": UNITS,
        "period_balances": balances,
        "period_budgets": budgets,
        "generated": date(2025, 8, 15),
    }
    arguments.update(overrides)
    write_sie(path, **arguments)


def expected_months(rows: list) -> list[MonthAmount]:
    """What reading back must give: rows summed per month, account and unit, zeros left out."""
    sums: dict[tuple[date, str, str], Decimal] = defaultdict(Decimal)
    for period, account, unit, amount in rows:
        sums[(period.replace(day=1), account, unit or "")] += Decimal(amount)
    return [MonthAmount(*key, amount) for key, amount in sorted(sums.items()) if amount]


BALANCES = [
    (date(2024, 7, 1), "3010", "100", Decimal("-1200.50")),
    (date(2024, 7, 1), "3010", "200", Decimal("-300.00")),
    (date(2024, 7, 1), "3010", None, Decimal("-99.99")),
    (date(2024, 7, 31), "3010", "100", Decimal("-0.50")),  # any day names its month
    (date(2025, 6, 1), "4010", "A-1", Decimal("45000")),
    (date(2025, 6, 1), "5010", None, 12000),
]
BUDGETS = [
    (date(2024, 8, 1), "3010", "100", Decimal("-1000")),
    (date(2024, 8, 1), "4010", None, Decimal("40000.25")),
]


def test_round_trip_gives_the_same_month_amounts(tmp_path: Path) -> None:
    path = tmp_path / "out.se"
    write(path, BALANCES, BUDGETS)
    sie = load_sie(path)
    assert sie.warnings == []
    assert sie.checksum is not None and sie.checksum.ok
    assert ledger_months(sie) == expected_months(BALANCES)
    assert budget_months(sie) == expected_months(BUDGETS)
    assert sie.company_name == "Region Östergötland"
    assert sie.fiscal_years == {0: YEAR}
    assert {code: o.name for (_dim, code), o in sie.objects.items()} == dict(UNITS)
    assert {a.number: a.name for a in sie.accounts.values()} == dict(ACCOUNTS)


def test_file_has_total_and_object_rows_in_cp437(tmp_path: Path) -> None:
    path = tmp_path / "out.se"
    write(path, BALANCES, BUDGETS)
    data = path.read_bytes()
    lines = data.decode("cp437").split("\r\n")
    assert lines[:6] == [
        "#FLAGGA 0",
        "#KSUMMA",
        "#FORMAT PC8",
        "#SIETYP 4",
        lines[4],
        "#GEN 20250815",
    ]
    assert lines[4].startswith("#PROGRAM uppsikt")
    assert "#RAR 0 20240701 20250630" in lines
    assert "#PSALDO 0 202407 3010 {} -1600.99" in lines
    assert "#PSALDO 0 202407 3010 {1 100} -1201.00" in lines
    assert "#PSALDO 0 202407 3010 {1 200} -300.00" in lines
    assert "#PBUDGET 0 202408 4010 {} 40000.25" in lines
    assert '#OBJEKT 1 200 "Skola \\"Öst\\""' in lines
    assert "Östergötland".encode("cp437") in data and b"\r\n" in data
    assert lines[-2].startswith("#KSUMMA ") and lines[-1] == ""


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"period_balances": [(date(2024, 7, 1), "3010", None, 1.5)]}, TypeError),
        ({"period_balances": [(date(2024, 7, 1), "3010", None, Decimal("1.005"))]}, ValueError),
        ({"period_balances": [(date(2024, 7, 1), "9999", None, Decimal(1))]}, ValueError),
        ({"period_balances": [(date(2024, 7, 1), "3010", "999", Decimal(1))]}, ValueError),
        ({"period_budgets": [(date(2025, 7, 1), "3010", None, Decimal(1))]}, ValueError),
        ({"fiscal_year": (date(2025, 1, 1), date(2024, 1, 1))}, ValueError),
        ({"company": "Rad ett\nRad två"}, ValueError),
        ({"company": "Region €"}, UppsiktError),
        ({"accounts": [("", "Tomt")]}, ValueError),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, change: dict, error: type[Exception]) -> None:
    path = tmp_path / "out.se"
    balances = change.pop("period_balances", BALANCES)
    budgets = change.pop("period_budgets", BUDGETS)
    with pytest.raises(error):
        write(path, balances, budgets, **change)
    assert list(tmp_path.iterdir()) == []


PERIODS = st.dates(min_value=YEAR[0], max_value=YEAR[1])
ROWS = st.lists(
    st.tuples(
        PERIODS,
        st.sampled_from([number for number, _ in ACCOUNTS]),
        st.one_of(st.none(), st.sampled_from([code for code, _ in UNITS])),
        st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(balances=ROWS, budgets=ROWS)
def test_round_trip_property(balances: list, budgets: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.se"
        write(path, balances, budgets)
        sie = load_sie(path)
    assert ledger_months(sie) == expected_months(balances)
    assert budget_months(sie) == expected_months(budgets)
    assert ledger_months(sie, dimension=6) == expected_months(
        [(period, account, None, amount) for period, account, _unit, amount in balances]
    )
