"""Deterministic generation of a demo region's raw data, from January 2022 to July 2024.

Annual levels per unit follow the July 2024 report in shared/seeds; the monthly split, the
accounts and the counterparts are generated plausibly with a fixed random seed: July is a
low-cost month in healthcare, December carries holiday pay, personnel cost is never negative.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from uppsikt.config import Workspace, init_workspace
from uppsikt.ingest import import_file
from uppsikt.periods import month_range, parse_period, period_code

ORGANISATION = "Region Exempel"
# From 2022, so that R12 and its change against a year earlier exist for every 2024 month.
FIRST, LAST = parse_period("2022-01"), parse_period("2024-07")
SEED = 20240827

# Relative monthly weight of operating cost: July low, December high (holiday pay).
SEASON = [1.0, 0.96, 1.04, 1.0, 1.02, 1.0, 0.72, 0.92, 1.02, 1.04, 1.02, 1.26]

# Full-year net cost 2024 in mkr per unit (the seed's budget column), and growth 2023→2024.
NET_COST = {
    "RFG": (924, 0.03),
    "DOS": (1031, 0.075),
    "RL": (17, -0.1),
    "LS": (54, 0.1),
    "FH": (13, 0.0),
    "HRS": (54, 0.1),
    "KOM": (16, 0.0),
    "EKS": (69, 0.09),
    "SMS": (7, 0.2),
    "PVB": (1454, 0.07),
    "TVB": (171, 0.11),
    "PV": (2400, 0.07),
    "SV": (3992, 0.075),
    "RUF": (427, -0.02),
    "FHF": (14, 0.5),
    "PNF": (7, 0.2),
    "REV": (9, 0.0),
}
# Share of gross cost per line; revenue is a share of gross cost, booked negative.
COST_MIX = {
    "personalkostnader": ("4011", "4111", "4511", "4611", 0.52),
    "kopt_vard": ("5011", "5031", None, None, 0.12),
    "hyrpersonal": ("5511", "5521", None, None, 0.02),
    "lakemedel": ("5611", "5621", None, None, 0.08),
    "resekostnader": ("5811", "5821", "5831", None, 0.005),
    "ovriga_kostnader": ("6011", "6211", "6411", "6911", 0.235),
    "avskrivningar": ("7811", "7831", None, None, 0.03),
}
REVENUE_SHARE = 0.12
REVENUE_ACCOUNTS = ("3011", "3511", "3611", "3911")
# Region-wide items booked on the finance unit, mkr per year 2024 (ledger sign).
FINANCE_ITEMS = {
    "8011": (-7980, 0.04),  # tax revenue
    "8211": (-2650, 0.19),  # equalisation grant
    "8231": (-380, 0.19),
    "8411": (-60, 0.1),
    "8511": (770, 0.15),  # interest and pension finance cost
    "8461": (-600, 0.3),  # unrealised gains
    "8561": (40, 0.0),
}
INVESTMENTS = {  # account: (unit, mkr for the year 2024)
    "1120": ("RFG", 714),
    "1221": ("SV", 168),
    "1231": ("DOS", 70),
    "1241": ("PV", 32),
    "1251": ("RFG", 4),
    "1261": ("RUF", 1),
}
INTERNAL_SELLER = "DOS"  # sells IT services to the other units


@dataclass(frozen=True)
class DemoFiles:
    units: Path
    accounts: Path
    ledgers: list[Path]
    budget: Path
    forecast: Path


def _cents(value: float) -> Decimal:
    return Decimal(round(value * 100)) / 100


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _month_weight(month: int, line: str) -> float:
    weight = SEASON[month - 1]
    if line == "avskrivningar":
        return 1.0
    return weight


def generate_files(folder: Path) -> DemoFiles:
    """Write the demo region's input files into ``folder``."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    ledger_rows: dict[str, list[list[object]]] = {}
    budget_rows: list[list[object]] = []
    season_total = sum(SEASON)
    for month in month_range(FIRST, LAST):
        key = str(month.year) if month.year < 2024 else period_code(month)
        rows = ledger_rows.setdefault(key, [])
        for unit, (net_mkr, growth) in NET_COST.items():
            level = net_mkr * 1e6 / (1 + growth) ** (2024 - month.year)
            gross = level / (1 - REVENUE_SHARE)
            for line, (*accounts, share) in COST_MIX.items():
                used = [a for a in accounts if a]
                amount = (
                    gross
                    * share
                    * _month_weight(month.month, line)
                    / (12 if line == "avskrivningar" else season_total)
                )
                amount *= 1 + rng.gauss(0, 0.03)
                for index, account in enumerate(used):
                    part = amount / len(used) * (1 + (index - (len(used) - 1) / 2) * 0.1)
                    counterpart = "extern"
                    if line == "ovriga_kostnader" and account == "6911" and unit != INTERNAL_SELLER:
                        counterpart = INTERNAL_SELLER
                    rows.append([period_code(month), unit, account, _cents(part), counterpart])
            revenue = gross * REVENUE_SHARE * SEASON[month.month - 1] / season_total
            for account in REVENUE_ACCOUNTS:
                rows.append([period_code(month), unit, account, _cents(-revenue / 4), "extern"])
        for account, (mkr, growth) in FINANCE_ITEMS.items():
            level = mkr * 1e6 / (1 + growth) ** (2024 - month.year)
            rows.append(
                [
                    period_code(month),
                    "FIN",
                    account,
                    _cents(level / 12 * (1 + rng.gauss(0, 0.05))),
                    "extern",
                ]
            )
        for account, (unit, mkr) in INVESTMENTS.items():
            share = 0.6 if month.year == 2024 else 0.5
            rows.append(
                [
                    period_code(month),
                    unit,
                    account,
                    _cents(mkr * 1e6 * share / 7 * (1 + rng.gauss(0, 0.2))),
                    "extern",
                ]
            )
    for month in month_range(parse_period("2024-01"), parse_period("2024-12")):
        for unit, (net_mkr, _) in NET_COST.items():
            gross = net_mkr * 1e6 / (1 - REVENUE_SHARE)
            for line, (*accounts, share) in COST_MIX.items():
                weight = (
                    1 / 12 if line == "avskrivningar" else SEASON[month.month - 1] / (season_total)
                )
                budget_rows.append(
                    [
                        period_code(month),
                        unit,
                        accounts[0],
                        _cents(gross * share * weight * 0.97),
                        "B1",
                    ]
                )
            budget_rows.append(
                [
                    period_code(month),
                    unit,
                    REVENUE_ACCOUNTS[0],
                    _cents(-gross * REVENUE_SHARE * SEASON[month.month - 1] / season_total),
                    "B1",
                ]
            )
        for account, (mkr, _) in FINANCE_ITEMS.items():
            budget_rows.append([period_code(month), "FIN", account, _cents(mkr * 1e6 / 12), "B1"])
        for account, (unit, mkr) in INVESTMENTS.items():
            budget_rows.append(
                [period_code(month), unit, account, _cents(mkr * 0.92 * 1e6 / 12), "B1"]
            )
    forecast_rows = []
    for made_in, drift in (("2024-04", 1.02), ("2024-06", 1.035)):
        for unit, (net_mkr, _) in NET_COST.items():
            forecast_rows.append(
                [
                    made_in,
                    2024,
                    unit,
                    "nettokostnader",
                    _cents(net_mkr * 1e6 * drift),
                    "P" + made_in[-1],
                ]
            )
        forecast_rows.append(
            [made_in, 2024, "FIN", "skatter_och_statsbidrag", _cents(-11030e6), "P" + made_in[-1]]
        )
        forecast_rows.append(
            [made_in, 2024, "FIN", "finansnetto", _cents(346e6), "P" + made_in[-1]]
        )
        for account, (unit, mkr) in INVESTMENTS.items():
            line = {
                "1120": "inv_fastighet",
                "1221": "inv_mt",
                "1231": "inv_it",
                "1241": "inv_hjalpmedel",
                "1251": "inv_verksamhetsservice",
                "1261": "inv_regional_utveckling",
            }[account]
            forecast_rows.append([made_in, 2024, unit, line, _cents(mkr * 1e6), "P" + made_in[-1]])
    defaults = Path(__file__).parent.parent / "config" / "defaults"
    units = folder / "units.csv"
    units.write_text((defaults / "units.csv").read_text(encoding="utf-8"), encoding="utf-8")
    accounts = folder / "accounts.csv"
    accounts.write_text((defaults / "accounts.csv").read_text(encoding="utf-8"), encoding="utf-8")
    ledgers = [
        _write(
            folder / f"ledger-{key}.csv",
            ["period", "unit", "account", "amount", "counterpart"],
            rows,
        )
        for key, rows in ledger_rows.items()
    ]
    budget = _write(
        folder / "budget-2024.csv", ["period", "unit", "account", "amount", "version"], budget_rows
    )
    forecast = _write(
        folder / "forecast-2024.csv",
        ["made_in", "year", "unit", "line", "amount", "version"],
        forecast_rows,
    )
    return DemoFiles(units, accounts, ledgers, budget, forecast)


def create_demo(directory: Path) -> Workspace:
    """A workspace in ``directory`` with the demo region's data imported."""
    workspace = init_workspace(directory, organisation=ORGANISATION)
    files = generate_files(workspace.root / "data")
    con = workspace.connect()
    catalog = workspace.lines()
    try:
        for path, kind in (
            [(files.units, "units"), (files.accounts, "accounts")]
            + [(p, "ledger") for p in files.ledgers]
            + [(files.budget, "budget"), (files.forecast, "forecast")]
        ):
            import_file(con, path, kind, catalog=catalog, temp_dir=workspace.temp_dir, user="demo")
    finally:
        con.close()
    return workspace
