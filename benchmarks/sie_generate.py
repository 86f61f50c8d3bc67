"""Write a synthetic SIE 4 file with about a million #TRANS rows, for benchmarking the reader.

The file looks like a region's export: CP437 text, a chart of accounts, a unit dimension and a
project dimension with their objects, balanced vouchers whose rows carry quoted object lists,
dates and texts, and #IB/#UB/#PSALDO rows that agree with the vouchers, so the checks find
nothing. Usage: ``python benchmarks/sie_generate.py [--rows N] [--ksumma] [OUT]``.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

DEFAULT_OUT = Path(__file__).parent / "data" / "sie_1000000.se"
YEAR_START = date(2024, 1, 1)
TEXTS = ["Leverantörsfaktura", "Kundfaktura", "Lön", "Periodisering", "Återföring", "Inköp"]


def _accounts() -> list[tuple[str, str]]:
    """About 300 accounts: assets/liabilities in class 1-2, revenue 3, costs 4-7."""
    accounts = [(str(n), f"Balanskonto {n}") for n in range(1910, 1990, 2)]
    accounts += [(str(n), f"Skuld {n}") for n in range(2410, 2490, 2)]
    accounts += [(str(n), f"Intäkt {n}") for n in range(3010, 3110, 2)]
    accounts += [(str(n), f"Kostnad {n}") for n in range(4010, 7990, 24)]
    return accounts


def generate(out: Path, rows: int = 1_000_000, ksumma: bool = False, seed: int = 1) -> Path:
    """Write the file and return its path."""
    rng = random.Random(seed)
    accounts = _accounts()
    balance = [a for a, _ in accounts if a[0] in "12"]
    result = [a for a, _ in accounts if a[0] not in "12"]
    units = [f"{n:03d}" for n in range(100, 160)]
    projects = [f"P{n}" for n in range(1, 41)]
    header = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "uppsikt benchmark" 1.0',
        "#GEN 20250115",
        '#FNAMN "Region Östergötland (syntetisk)"',
        '#ORGNR "232100-0000"',
        "#RAR 0 20240101 20241231",
        "#RAR -1 20230101 20231231",
        '#DIM 1 "Resultatenhet"',
        '#DIM 6 "Projekt"',
    ]
    header += [f'#OBJEKT 1 "{u}" "Enhet {u} Vårdcentral"' for u in units]
    header += [f'#OBJEKT 6 "{p}" "Projekt {p}"' for p in projects]
    header += [f'#KONTO {a} "{name}"' for a, name in accounts]
    movements: dict[tuple[date, str], Decimal] = defaultdict(Decimal)
    body: list[str] = []
    written = 0
    number = 0
    while written < rows:
        number += 1
        day = YEAR_START + timedelta(days=rng.randrange(366))
        stamp = f"{day:%Y%m%d}"
        text = f"{rng.choice(TEXTS)} {number}"
        body.append(f'#VER A {number} {stamp} "{text}" {stamp}')
        body.append("{")
        lines = rng.choice((2, 3, 4, 4, 6))
        total = Decimal(0)
        for index in range(lines):
            last = index == lines - 1
            account = rng.choice(balance if last else result)
            amount = -total if last else Decimal(rng.randrange(-500_000, 2_000_000)) / 100
            total += amount
            if account in balance:
                objects = "{}"
            elif rng.random() < 0.3:
                objects = f'{{1 "{rng.choice(units)}" 6 "{rng.choice(projects)}"}}'
            else:
                objects = f'{{1 "{rng.choice(units)}"}}'
            body.append(f'\t#TRANS {account} {objects} {amount:.2f} {stamp} "{text}"')
            movements[(day.replace(day=1), account)] += amount
        body.append("}")
        written += lines
    footer = []
    for account in balance:
        opening = Decimal(rng.randrange(0, 10_000_000)) / 100
        moved = sum((v for (_m, a), v in movements.items() if a == account), Decimal(0))
        footer.append(f"#IB 0 {account} {opening:.2f}")
        footer.append(f"#UB 0 {account} {opening + moved:.2f}")
    for (month, account), amount in sorted(movements.items()):
        footer.append(f"#PSALDO 0 {month:%Y%m} {account} {{}} {amount:.2f}")
    records = header[1:] + footer + body
    lines_out = [header[0]]
    if ksumma:
        lines_out.append("#KSUMMA")
        lines_out += records
        lines_out.append(f"#KSUMMA {_checksum(records)}")
    else:
        lines_out += records
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(("\r\n".join(lines_out) + "\r\n").encode("cp437"))
    return out


def _checksum(records: list[str]) -> int:
    """CRC-32 of the records the way the reader computes it (tags and unquoted values)."""
    from uppsikt.ingest.sie._crc import crc_update
    from uppsikt.ingest.sie._tokenize import tokenize_line

    crc = 0
    for record in records:
        stripped = record.strip()
        if stripped in ("{", "}"):
            continue
        fields = tokenize_line(stripped)
        crc = crc_update(crc, fields[0], fields[1:], "cp437")  # type: ignore[arg-type]
    return crc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--rows", type=int, default=1_000_000, help="number of #TRANS rows")
    parser.add_argument("--ksumma", action="store_true", help="add a #KSUMMA checksum")
    args = parser.parse_args()
    path = generate(args.out, args.rows, args.ksumma)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
