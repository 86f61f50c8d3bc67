"""Property tests: damaged real files never crash the reader; both tokenizer paths agree."""

from __future__ import annotations

import tempfile
import zlib
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppsikt.errors import UppsiktError
from uppsikt.ingest.sie import SieFile, load_sie, write_sie
from uppsikt.ingest.sie._tokenize import TokenError, scan_line, tokenize_line

SHARED = Path(__file__).parents[2] / "shared" / "sie"
# The smaller shared files, so that many damaged copies can be read in a few seconds.
SAMPLES = ["magenta_bokforing_SIE4E.se", "BL0001_typ4.SE", "typ4.se", "Sie4.se"]

TRICKY_LINES = [
    b"{",
    b"}",
    b"#VER A 1 20110101",
    b'#TRANS 1910 {1 "x" 2} 1.00',
    b"#TRANS 1910 {} 99999999999999999999999999999999999999.99",
    b"#RTRANS 1910 {} 1.00",
    b"#BTRANS 1910 {} 1.00",
    b"#KSUMMA",
    b"#KSUMMA 123456",
    b"#KSUMMA 99999999999999999999999",
    b"#RAR 0 20110101 20101231",
    b"#RAR 1 00000000 99999999",
    b"#PSALDO 0 000000 1910 {} 1",
    b"#PSALDO -1 201113 1910 {} 1",
    b"#OBJEKT 1",
    b"#DIM 99999999999 x",
    b"#UNDERDIM 2 x y",
    b"#IB 0 1910 -.5",
    b"#UB 0 1910 1. 2",
    b'#KONTO 1910 "a\\',
    b"#TRANS",
    b"#",
    b"\x00\xff\xfe",
    '#FNAMN "Åäö \u2028 \ufffd"'.encode(),
    b"#SIETYP " + b"9" * 5000,
]


@cache
def sample(name: str) -> bytes:
    if name == "written":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "written.se"
            write_sie(
                path,
                company="Region Test",
                fiscal_year=(date(2024, 1, 1), date(2024, 12, 31)),
                accounts=[("3010", "Intäkter"), ("4010", "Löner")],
                dimension=(1, "Enhet"),
                objects=[("100", "Vård"), ("200", "Skola")],
                period_balances=[(date(2024, 1, 1), "3010", "100", Decimal("-5.00"))],
                period_budgets=[(date(2024, 3, 1), "4010", "200", Decimal(7))],
                generated=date(2024, 2, 1),
            )
            return path.read_bytes()
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"the shared SIE example files are not at {SHARED}")
    return path.read_bytes()


SPECIAL_BYTES = [b'"', b"{", b"}", b"\\", b"\t", b"#", b"\r", b"\n", b"-", b".", b"\x94", b"\xc3"]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A real file with a few bytes or lines deleted, inserted, replaced or repeated."""
    data = bytearray(sample(draw(st.sampled_from([*SAMPLES, "written"]))))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "line"]))
        at = draw(st.integers(0, len(data)))
        if kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=12))
        elif kind == "replace":
            data[at : at + 1] = draw(st.sampled_from(SPECIAL_BYTES))
        else:
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            action = draw(st.sampled_from(["drop", "repeat", "tricky", "truncate"]))
            if action == "drop":
                del lines[index]
            elif action == "repeat":
                lines.insert(index, lines[index])
            elif action == "tricky":
                lines.insert(index, draw(st.sampled_from(TRICKY_LINES)))
            else:
                del lines[index:]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=damaged())
def test_damaged_files_are_read_or_rejected_cleanly(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.se"
        path.write_bytes(data)
        try:
            result = load_sie(path)
        except UppsiktError as error:
            assert str(error)
        else:
            assert isinstance(result, SieFile)


PIECES = ["#TRANS", "1910", " ", "  ", "\t", '"', '""', "{", "}", "{}", "\\", '\\"', "a b"]
PIECES += ["ö", "é", "\xa0", "\x0b", "-1.00"]
LINE_PIECES = st.sampled_from(PIECES)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE_PIECES, max_size=14).map("".join))
def test_fast_and_general_tokenizer_paths_agree(line: str) -> None:
    def outcome(split: object) -> object:
        try:
            return split(line)  # type: ignore[operator]
        except TokenError as error:
            return error.code

    assert outcome(tokenize_line) == outcome(scan_line)


def _spec_crc(data: bytes) -> int:
    """The CRC-32 exactly as the SIE specification's C example computes it."""
    table = []
    for index in range(256):
        value = index
        for _ in range(8):
            value = (value >> 1) ^ 0xEDB88320 if value & 1 else value >> 1
        table.append(value)
    crc = 0xFFFFFFFF
    for byte in data:
        crc = ((crc >> 8) & 0x00FFFFFF) ^ table[(crc ^ byte) & 0xFF]
    return crc ^ 0xFFFFFFFF


@settings(max_examples=50, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=5))
def test_checksum_is_the_specifications_crc32(chunks: list[bytes]) -> None:
    crc = 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)  # the reader adds record after record like this
    assert crc == _spec_crc(b"".join(chunks))
