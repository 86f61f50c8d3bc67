"""The SIE reader: the shared real files, the tokenizer, encodings and syntax errors."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import uppsikt.ingest.sie as sie_api
from uppsikt.errors import InputError, InputErrors
from uppsikt.ingest.sie import (
    PeriodLayout,
    SieFile,
    Transaction,
    Voucher,
    ledger_months,
    parse_sie,
    read_sie,
)
from uppsikt.ingest.sie._months import _from_vouchers
from uppsikt.ingest.sie._tokenize import TokenError, scan_line, tokenize_line

SHARED = Path(__file__).parents[2] / "shared" / "sie"
SHARED_FILES = sorted(p for p in SHARED.glob("*") if p.suffix.lower() == ".se")
MISSING = f"the shared SIE example files are not at {SHARED}"


def shared(name: str) -> Path:
    """A shared example file, or skip the test when the folder is absent."""
    path = SHARED / name
    if not path.is_file():
        pytest.skip(MISSING)
    return path


def each_shared_file() -> list:
    if not SHARED_FILES:
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING))]
    return [pytest.param(path, id=path.name) for path in SHARED_FILES]


def sie_text(*lines: str) -> bytes:
    """A small file in CP437 with the usual header, followed by ``lines``."""
    head = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#RAR 0 20240101 20241231"]
    return ("\r\n".join([*head, *lines]) + "\r\n").encode("cp437")


# -- the public surface --------------------------------------------------------------------


def test_public_api_is_the_approved_list() -> None:
    assert sorted(sie_api.__all__) == [
        "Account",
        "Balance",
        "Checksum",
        "Dimension",
        "MetaRecord",
        "MonthAmount",
        "ObjectRef",
        "PeriodAmount",
        "PeriodLayout",
        "Severity",
        "SieFile",
        "SieObject",
        "Transaction",
        "Voucher",
        "budget_months",
        "check_sie",
        "ledger_months",
        "load_sie",
        "parse_sie",
        "read_sie",
        "severity",
        "split_by_severity",
        "write_sie",
    ]


# -- the shared real files, against counts made independently of the reader -----------------


class _Independent:
    """Counts and sums from the raw lines: first word of each line, a regex for the amount."""

    # The amount right after an object list: "#TRANS 1910 {...} -236.00 ...".
    AFTER_OBJECTS = re.compile(r"\}\s*([-+]?[0-9]+(?:\.[0-9]+)?)")

    def __init__(self, path: Path) -> None:
        self.tags: dict[str, int] = defaultdict(int)
        self.sums: dict[str, Decimal] = defaultdict(Decimal)
        self.accounts: set[str] = set()
        for line in path.read_bytes().decode("latin-1").splitlines():
            words = line.split()
            if not words:
                continue
            tag = words[0]
            self.tags[tag] += 1
            if tag == "#KONTO":
                self.accounts.add(words[1].strip('"'))
            if tag in ("#TRANS", "#PSALDO", "#PBUDGET"):
                match = self.AFTER_OBJECTS.search(line)
                assert match, line
                self.sums[tag] += Decimal(match.group(1))


@pytest.mark.parametrize("path", each_shared_file())
def test_shared_file_is_read_with_independent_counts(path: Path) -> None:
    sie = read_sie(path)
    raw = _Independent(path)
    assert set(sie.accounts) == raw.accounts
    assert len(sie.objects) == raw.tags["#OBJEKT"]
    assert len(sie.vouchers) == raw.tags["#VER"]
    rows = [t for v in sie.vouchers for t in v.transactions]
    # Each #RTRANS is followed by its #TRANS copy, which is read once, as the #RTRANS.
    assert len(rows) == raw.tags["#TRANS"] + raw.tags["#BTRANS"]
    assert sum(1 for t in rows if t.kind == "BTRANS") == raw.tags["#BTRANS"]
    assert sum(1 for t in rows if t.kind == "RTRANS") == raw.tags["#RTRANS"]
    counted = sum((t.amount for t in rows if t.counts), Decimal(0))
    assert counted == raw.sums["#TRANS"]
    assert len(sie.period_balances) == raw.tags["#PSALDO"]
    assert sum((r.amount for r in sie.period_balances), Decimal(0)) == raw.sums["#PSALDO"]
    assert len(sie.period_budgets) == raw.tags["#PBUDGET"]
    assert sum((r.amount for r in sie.period_budgets), Decimal(0)) == raw.sums["#PBUDGET"]
    balance_tags = ("#IB", "#UB", "#OIB", "#OUB", "#RES")
    assert len(sie.balances) == sum(raw.tags[tag] for tag in balance_tags)
    assert len(sie.fiscal_years) == raw.tags["#RAR"]
    assert 0 in sie.fiscal_years


DECODED = [
    # (file, encoding, company name, name of the first account)
    ("Sie4.se", "cp437", "Demoföretaget AB", "Balanserade utgifter"),
    ("magenta_bokforing_SIE4E.se", "cp437", "TESTFÖRETAGET AB", "Förs varor inom Sverige, oredu"),
    ("objektsaldo_ovnbolag.se", "cp437", "Övningsbolaget AB (Ekonomi 60)", "Balanserade utgifter"),
    ("BL0001_typ4.SE", "cp437", "SEEE Speak Easy Executive English AB", "Ackumulerade avskr"),
    ("SIE4_Exempelfil_med_underdim.SE", "utf-8", "\ufffdvningsbolaget AB", "Hyresr\ufffdtt"),
]


@pytest.mark.parametrize(("name", "encoding", "company", "first_account_name"), DECODED)
def test_shared_file_text_is_decoded(
    name: str, encoding: str, company: str, first_account_name: str
) -> None:
    sie = read_sie(shared(name))
    assert sie.encoding == encoding
    assert sie.company_name == company
    assert next(iter(sie.accounts.values())).name.startswith(first_account_name)


def test_utf8_file_with_lost_letters_is_flagged() -> None:
    sie = read_sie(shared("SIE4_Exempelfil_med_underdim.SE"))
    codes = {w.code for w in sie.warnings}
    assert codes == {"replacement_characters", "encoding_mismatch"}
    assert sie.dimensions[61].parent == 6


def test_rtrans_counts_once_and_btrans_is_history() -> None:
    sie = read_sie(shared("BL0001_typ4.SE"))
    voucher = next(v for v in sie.vouchers if (v.series, v.number) == ("A", "25"))
    assert [(t.kind, t.account, t.amount) for t in voucher.transactions] == [
        ("TRANS", "1930", Decimal(1000)),
        ("TRANS", "1680", Decimal(-1000)),
        ("RTRANS", "1930", Decimal(500)),
        ("RTRANS", "3010", Decimal(-500)),
    ]
    added = voucher.transactions[2]
    # The #RTRANS carries the date it was added; it counts on the date of its #TRANS copy.
    assert (added.date, added.effective_date) == (date(2010, 3, 26), date(2010, 1, 22))
    assert (added.line, added.mirror_line) == (725, 726)
    removed = next(v for v in sie.vouchers if v.number == "8")
    assert [t.kind for t in removed.transactions] == ["BTRANS", "RTRANS"] * 2 + ["BTRANS"]
    assert sum(t.amount for t in removed.transactions if t.counts) == 0


def test_object_lists_with_tabs_and_unquoted_codes() -> None:
    mamut = read_sie(shared("MAMUT_SIE4_EXPORT.SE"))
    first = mamut.vouchers[0].transactions[0]
    assert (first.account, first.objects) == ("3051", ((1, "2"), (10, "12")))
    assert first.quantity is None and first.sign is None
    typ4 = read_sie(shared("typ4.se"))
    with_unit = [t for v in typ4.vouchers for t in v.transactions if t.objects]
    assert with_unit[0].objects == ((1, "AO"),)


def test_period_rows_keep_totals_apart_from_objects() -> None:
    period = read_sie(shared("periodsaldo_ovnbolag.se"))
    objects = read_sie(shared("objektsaldo_ovnbolag.se"))
    assert period.period_balance_layout is PeriodLayout.TOTALS_ONLY
    assert all(row.is_total for row in period.period_balances)
    # This program writes one row per object combination, {} being the rows without objects.
    assert objects.period_balance_layout is PeriodLayout.PER_COMBINATION
    assert any(len(row.objects) == 2 for row in objects.period_balances)
    by_unit = ledger_months(objects)
    totals: dict[tuple[date, str], Decimal] = defaultdict(Decimal)
    for month in by_unit:
        totals[(month.period, month.account)] += month.amount
    assert {k: v for k, v in totals.items() if v} == {
        (m.period, m.account): m.amount for m in ledger_months(period)
    }


def test_object_balances_agree_with_the_vouchers_they_come_from() -> None:
    """The same company exported as object balances and as vouchers gives the same months."""
    objects = read_sie(shared("objektsaldo_ovnbolag.se"))
    vouchers = read_sie(shared("transaktioner_ovnbolag.se"))
    from_vouchers = _from_vouchers(vouchers, 0, 1)
    assert ledger_months(objects) == from_vouchers
    assert {m.unit for m in from_vouchers} == {"", "Nord", "Syd"}


def test_unclosed_text_quote_is_read_to_the_end_of_the_line() -> None:
    sie = read_sie(shared("Sie4.se"))
    row = next(t for v in sie.vouchers for t in v.transactions if t.line == 1041)
    assert row.text == "260    aaaaaaaaaaaaaaaa"
    assert row.amount == Decimal("-900.00")
    assert {w.code for w in sie.warnings} == {"missing_field", "unclosed_quote"}


# -- the tokenizer ---------------------------------------------------------------------------

TOKENIZER_CASES = [
    ('#KONTO 1910 "Kassa"', ["#KONTO", "1910", "Kassa"]),
    ("#KONTO 1910 Kassa", ["#KONTO", "1910", "Kassa"]),
    ('#KONTO\t1910\t\t"Kassa och bank"', ["#KONTO", "1910", "Kassa och bank"]),
    ('#KONTO 1910 ""', ["#KONTO", "1910", ""]),
    ('#KONTO 1910 "Säg \\"hej\\""', ["#KONTO", "1910", 'Säg "hej"']),
    ('#FNR "C:\\Data\\Ftg"', ["#FNR", "C:\\Data\\Ftg"]),
    ('#FNR "a\\\\"', ["#FNR", "a\\"]),
    ("#TRANS 1910 {} -236.00", ["#TRANS", "1910", (), "-236.00"]),
    ("#TRANS 1320 { } -500.00", ["#TRANS", "1320", (), "-500.00"]),
    ('#TRANS 3010 {1 "0123" 6 "P1"} 10.5', ["#TRANS", "3010", ("1", "0123", "6", "P1"), "10.5"]),
    ('#TRANS 3010 { "1" "1010"} -4675', ["#TRANS", "3010", ("1", "1010"), "-4675"]),
    ('#TRANS\t3051\t{1 "2"\t10 "12"}\t-1.00', ["#TRANS", "3051", ("1", "2", "10", "12"), "-1.00"]),
    ("#TRANS 7010 {1         AO } 24000.00", ["#TRANS", "7010", ("1", "AO"), "24000.00"]),
    ('#TRANS 1910 {1 "a b"}-1', ["#TRANS", "1910", ("1", "a b"), "-1"]),
    ('#VER A 1 20110104 "{not objects}"', ["#VER", "A", "1", "20110104", "{not objects}"]),
    ('#VER "" "" 20110104', ["#VER", "", "", "20110104"]),
    ('#PROSA ab"cd"ef', ["#PROSA", "ab", "cd", "ef"]),
    ("#PROSA a\xa0b", ["#PROSA", "a\xa0b"]),
    ("#PROSA a\x0bb", ["#PROSA", "a\x0bb"]),
]

TOKENIZER_ERRORS = [
    ('#KONTO 1910 "Kassa', "unterminated_quote"),
    ('#KONTO 1910 "Kassa\\"', "unterminated_quote"),
    ("#TRANS 1910 {1 2 -1", "unbalanced_brace"),
    ('#TRANS 1910 {1 "2" -1', "unbalanced_brace"),
    ("#TRANS 1910 } -1", "unbalanced_brace"),
    ("#TRANS 1910 {{}} -1", "unbalanced_brace"),
    ('#TRANS 1910 {1 "2"}} -1', "unbalanced_brace"),
]


@pytest.mark.parametrize(("line", "fields"), TOKENIZER_CASES)
def test_tokenizer(line: str, fields: list) -> None:
    assert tokenize_line(line) == fields
    assert scan_line(line) == fields


@pytest.mark.parametrize(("line", "code"), TOKENIZER_ERRORS)
def test_tokenizer_errors(line: str, code: str) -> None:
    for split in (tokenize_line, scan_line):
        with pytest.raises(TokenError) as info:
            split(line)
        assert info.value.code == code


# -- encodings and line ends -----------------------------------------------------------------

ENCODED = [
    '#FNAMN "Ängö Vård & Omsorg AB"',
    '#KONTO 3010 "Försäljning, överföring"',
    '#OBJEKT 1 "ÅÄÖ" "Enhet Östra"',
]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("cp437", "cp437"), ("cp1252", "cp1252"), ("latin-1", "cp1252"), ("utf-8", "utf-8")],
)
def test_encoding_is_detected_not_trusted(encoding: str, expected: str) -> None:
    text = "\r\n".join(["#FLAGGA 0", "#FORMAT PC8", *ENCODED]) + "\r\n"
    sie = parse_sie(text.encode(encoding), "x.se")
    assert sie.encoding == expected
    assert sie.company_name == "Ängö Vård & Omsorg AB"
    assert sie.accounts["3010"].name == "Försäljning, överföring"
    assert sie.objects[(1, "ÅÄÖ")].name == "Enhet Östra"
    warned = any(w.code == "encoding_mismatch" for w in sie.warnings)
    assert warned == (expected != "cp437")


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_line_ends(newline: str) -> None:
    lines = ["#FLAGGA 0", "#RAR 0 20240101 20241231", '#VER A 1 20240105 "x"', "{"]
    lines += ["#TRANS 1910 {} 1.00", "#TRANS 3010 {} -1.00", "}"]
    sie = parse_sie(newline.join(lines).encode("ascii"), "x.se")
    assert [t.line for t in sie.vouchers[0].transactions] == [5, 6]


def test_dos_end_of_file_marker_and_blank_lines_are_ignored() -> None:
    sie = parse_sie(sie_text("", "   ", '#KONTO 1910 "Kassa"') + b"\x1a", "x.se")
    assert sie.accounts["1910"].line == 7


# -- records -----------------------------------------------------------------------------


def test_records_and_line_numbers() -> None:
    sie = parse_sie(
        sie_text(
            '#PROGRAM "Ekonomi" 5.2',
            '#GEN 20250110 "Anna"',
            '#FNAMN "Region Test"',
            "#ORGNR 232100-0000",
            "#RAR -1 20230101 20231231",
            "#KPTYP EUBAS97",
            "#VALUTA SEK",
            '#KONTO 1910 "Kassa"',
            "#KTYP 1910 t",
            '#ENHET 1910 "st"',
            "#SRU 1910 7281",
            '#DIM 1 "Resultatenhet"',
            '#UNDERDIM 21 "Avdelning" 1',
            '#OBJEKT 1 "100" "Vård"',
            '#ADRESS "Kim" "Box 1" "123 45 Staden" "010-1"',
            "#IB 0 1910 100.00 3",
            '#OIB 0 1910 {1 "100"} 40.00',
            "#PSALDO 0 202402 1910 {} 5.00",
            '#PBUDGET 0 202402 1910 {1 "100"} 6.00 2',
            '#VER B 7 20240215 "Kaffe" 20240216 "Anna"',
            "{",
            '#TRANS 1910 {1 "100"} -5.00 20240214 "Kaffe" 2 "Bo"',
            "#TRANS 4010 {} 5.00",
            "}",
        ),
        "x.se",
    )
    assert (sie.program, sie.program_version, sie.gen_date, sie.gen_sign) == (
        "Ekonomi",
        "5.2",
        date(2025, 1, 10),
        "Anna",
    )
    assert (sie.company_name, sie.orgnr, sie.kptyp, sie.valuta) == (
        "Region Test",
        "232100-0000",
        "EUBAS97",
        "SEK",
    )
    assert (sie.flagga, sie.format, sie.sietyp) == ("0", "PC8", "4")
    assert sie.fiscal_years == {
        0: (date(2024, 1, 1), date(2024, 12, 31)),
        -1: (date(2023, 1, 1), date(2023, 12, 31)),
    }
    account = sie.accounts["1910"]
    assert (account.name, account.type, account.unit, account.sru, account.line) == (
        "Kassa",
        "T",
        "st",
        "7281",
        12,
    )
    assert sie.dimensions[21].parent == 1 and sie.dimensions[1].parent is None
    assert sie.objects[(1, "100")].name == "Vård"
    assert [m.tag for m in sie.metadata] == ["#ORGNR", "#ADRESS"]
    ib, oib = sie.balances
    assert (ib.kind, ib.amount, ib.quantity, ib.objects) == ("IB", Decimal(100), Decimal(3), ())
    assert (oib.kind, oib.objects, oib.line) == ("OIB", ((1, "100"),), 21)
    (psaldo,) = sie.period_balances
    assert (psaldo.period, psaldo.is_total, psaldo.line) == (date(2024, 2, 1), True, 22)
    (budget,) = sie.period_budgets
    assert (budget.objects, budget.quantity) == (((1, "100"),), Decimal(2))
    (voucher,) = sie.vouchers
    assert (voucher.label, voucher.date, voucher.reg_date, voucher.sign, voucher.line) == (
        "B 7",
        date(2024, 2, 15),
        date(2024, 2, 16),
        "Anna",
        24,
    )
    first, second = voucher.transactions
    assert (first.date, first.text, first.quantity, first.sign, first.line) == (
        date(2024, 2, 14),
        "Kaffe",
        Decimal(2),
        "Bo",
        26,
    )
    assert (second.date, second.effective_date) == (None, date(2024, 2, 15))
    assert sie.warnings == []


def test_unknown_records_are_skipped_with_a_warning() -> None:
    sie = parse_sie(sie_text("#NYPOST 1 2", "#NYPOST 3", '#KONTO 1910 "Kassa"'), "x.se")
    (warning,) = sie.warnings
    assert (warning.code, warning.row, warning.column) == ("unknown_record", 5, "#NYPOST")
    assert "2 line(s)" in warning.reason
    assert set(sie.accounts) == {"1910"}


def test_missing_object_list_is_read_as_empty() -> None:
    sie = parse_sie(
        sie_text(
            "#PSALDO 0 202401 3010 -100.00", '#VER A 1 20240105 ""', "{", "#TRANS 1910 1", "}"
        ),
        "x.se",
    )
    assert sie.period_balances[0].objects == ()
    assert sie.vouchers[0].transactions[0].amount == Decimal(1)
    assert sorted(w.column for w in sie.warnings) == ["#PSALDO", "#TRANS"]


SYNTAX_ERRORS = [
    # (lines after the 4-line header, line of the problem, code)
    (['#TRANS 1910 {} "-236.00'], 5, "unterminated_quote"),
    (['#VER A 1 20240105 "x"', "{", "#TRANS 1910 {} 12,50", "}"], 7, "bad_amount"),
    (['#VER A 1 20240105 "x"', "{", "#TRANS 1910 {} 1e5", "}"], 7, "bad_amount"),
    (['#VER A 1 20240231 "x"', "{", "}"], 5, "bad_date"),
    (['#VER A 1 20240105 "x"', "{", "#TRANS 1910 {} 1 2024011", "}"], 7, "bad_date"),
    (["#PSALDO 0 202413 3010 {} 1.00"], 5, "bad_period"),
    (['#TRANS 1910 {1 "2" 1.00'], 5, "unbalanced_brace"),
    (['#VER A 1 20240105 "x"', "{", "#TRANS 1910 {} 1.00"], 5, "unbalanced_brace"),
    (['#VER A 1 20240105 "x"', "#TRANS 1910 {} 1.00"], 5, "unbalanced_brace"),
    (["}"], 5, "unbalanced_brace"),
    (["{"], 5, "unbalanced_brace"),
    (["#TRANS 1910 {} 1.00"], 5, "outside_voucher"),
    (["#TRANS 1910 {1} 1.00"], 5, "outside_voucher"),
    (['#VER A 1 20240105 "x"', "{", "#TRANS 1910 {1} 1.00", "}"], 7, "bad_object_list"),
    (["#OIB 0 1910 {x 1} 1.00"], 5, "bad_object_list"),
    (["#IB x 1910 1.00"], 5, "bad_integer"),
    (["#IB 0 1910"], 5, "missing_field"),
    (["#RAR 0 20240101 20241231"], 5, "duplicate_fiscal_year"),
    (["KONTO 1910 Kassa"], 5, "not_a_record"),
    (["#KSUMMA 123"], 5, "ksumma_not_opened"),
]


@pytest.mark.parametrize(("lines", "row", "code"), SYNTAX_ERRORS)
def test_syntax_errors_name_the_line(lines: list[str], row: int, code: str) -> None:
    with pytest.raises(InputErrors) as info:
        parse_sie(sie_text(*lines), "bad.se")
    problem = info.value.problems[0]
    assert (problem.file, problem.row, problem.code) == ("bad.se", row, code)
    assert f"bad.se, row {row}" in str(info.value)


def test_all_syntax_errors_are_collected() -> None:
    lines = ["#IB 0 1910 x", "#IB 0 1910 y", "#UB 0 1910 1.00", "#IB 0 1910 z"]
    with pytest.raises(InputErrors) as info:
        parse_sie(sie_text(*lines), "bad.se")
    assert [p.row for p in info.value.problems] == [5, 6, 8]
    assert info.value.total == 3


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_sie(tmp_path / "saknas.se")
    assert info.value.problem.code == "unreadable_file"
    assert info.value.problem.file == "saknas.se"


def test_rows_are_ordinary_frozen_dataclasses() -> None:
    """Rows are built by a fast constructor; they must be indistinguishable from normal ones."""
    sie = parse_sie(sie_text('#VER A 1 20240105 "x"', "{", "#TRANS 1910 {} 0", "}"), "x.se")
    (voucher,) = sie.vouchers
    (row,) = voucher.transactions
    when = date(2024, 1, 5)
    expected = Transaction("TRANS", "1910", (), Decimal(0), None, None, None, None, 7, when)
    assert type(row) is Transaction and dataclasses.is_dataclass(row)
    assert row == expected and hash(row) == hash(expected) and repr(row) == repr(expected)
    assert dataclasses.replace(row, amount=Decimal(1)).amount == Decimal(1)
    for record in (row, voucher):
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.line = 1  # type: ignore[misc]
    assert type(voucher) is Voucher and voucher.transactions == (row,)


def test_result_is_frozen() -> None:
    sie = parse_sie(sie_text('#KONTO 1910 "Kassa"'), "x.se")
    assert isinstance(sie, SieFile)
    with pytest.raises(AttributeError):
        sie.company_name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        sie.accounts["1910"].name = "other"  # type: ignore[misc]
