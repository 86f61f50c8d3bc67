"""Deterministic generation of the demo region's raw data, January 2019 to July 2024.

The amounts that the July 2024 report prints are calibrated to the seed report (see
``_targets``); everything the seed does not show is generated plausibly with a fixed random
seed: the split over months (July is a low-cost month in healthcare, December carries holiday
pay and the annual internal charges), over accounts and over units below those printed.
Personnel cost is never negative, and every generated total adds up to the cent.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from uppsikt.config import Workspace, init_workspace
from uppsikt.demo._targets import BOARDS, FIN_LINES, RF_UNITS, Targets, solve_targets
from uppsikt.ingest import import_file

ORGANISATION = "Region Exempel"
FIRST_YEAR, YEAR, MONTH = 2019, 2024, 7
SEED = 20240827
MKR = 100_000_000  # cents in a million kronor
TKR = 100_000

# Relative monthly weight of operating cost: July low, December high (holiday pay).
SEASON = [1.0, 0.96, 1.04, 1.0, 1.02, 1.0, 0.72, 0.92, 1.02, 1.04, 1.02, 1.26]
TRAVEL_SEASON = [0.8, 1.0, 1.2, 1.1, 1.2, 0.9, 0.3, 0.6, 1.2, 1.3, 1.3, 1.1]

# The leaf units that carry each board's amounts, with their shares.
LEAVES = {
    "HSN": {"PV": 0.38, "SV": 0.62},
    "RUN": {"RUF": 1.0},
    "FHS": {"FHF": 1.0},
    "PN": {"PNF": 1.0},
    "REV": {"REV": 1.0},
}
# Administrations of the travel-cost assignment and the units below them.
TRAVEL_UNITS = {
    "RF": {u: 1.0 for u in RF_UNITS},
    "HSF": {"PV": 0.45, "SV": 0.55},
    "RUF": {"RUF": 1.0},
    "FHF": {"FHF": 1.0},
    "PNF": {"PNF": 1.0},
    "REV": {"REV": 1.0},
}


@dataclass(frozen=True)
class Profile:
    """Shares of a unit's gross cost per line, and revenue as a share of net cost."""

    personnel: float
    purchased_care: float
    drugs: float
    depreciation: float
    revenue: float


DEFAULT_PROFILE = Profile(0.55, 0.03, 0.01, 0.03, 0.10)
PROFILES = {
    "PVB": Profile(0.01, 0.90, 0.0, 0.0, 0.01),
    "TVB": Profile(0.01, 0.90, 0.0, 0.0, 0.01),
    "DOS": Profile(0.45, 0.0, 0.0, 0.08, 0.10),
    "PV": Profile(0.52, 0.08, 0.10, 0.02, 0.12),
    "SV": Profile(0.50, 0.08, 0.14, 0.04, 0.10),
    "RUF": Profile(0.20, 0.0, 0.0, 0.02, 0.30),
}

# Accounts of each line with their shares (the last takes the rounding).
ACCOUNTS = {
    "personnel": (("4011", 0.62), ("4111", 0.07), ("4511", 0.23), ("4611", 0.08)),
    "revenue": (("3011", 0.3), ("3511", 0.4), ("3911", 0.3)),
    "purchased_care": (("5011", 0.6), ("5031", 0.4)),
    "drugs": (("5611", 0.7), ("5621", 0.3)),
    "travel": (("5811", 0.6), ("5821", 0.15), ("5831", 0.25)),
    "depreciation": (("7811", 0.6), ("7831", 0.4)),
    "other": (("6011", 0.3), ("6211", 0.3), ("6411", 0.2), ("6911", 0.2)),
}
FIN_ACCOUNTS = {
    "skatteintakter": (("8011", 1.0),),
    "generella_statsbidrag": (("8211", 0.8), ("8231", 0.2)),
    "finansiella_likvidstrommar": (("8411", -0.1), ("8511", 0.4), ("8541", 0.7)),
    "finansiella_varderingar": (("8461", 1.0),),
}
INVESTMENTS = {  # line: (account, unit)
    "inv_fastighet": ("1120", "RFG"),
    "inv_mt": ("1221", "SV"),
    "inv_it": ("1231", "DOS"),
    "inv_hjalpmedel": ("1241", "PV"),
    "inv_verksamhetsservice": ("1251", "RFG"),
    "inv_regional_utveckling": ("1261", "RUF"),
}
IT_SELLER, IT_SHARE = "DOS", 0.02  # Digitalisering och service sells IT services internally
INTERNAL_CHARGE_UNIT = "RFG"  # pays the finance administration's annual charge in December
FORECASTS = (("2024-04", "P1", 1.01), ("2024-06", "P2", 1.0))


@dataclass(frozen=True)
class DemoFiles:
    units: Path
    accounts: Path
    ledgers: list[Path]
    budget: Path
    forecast: Path


def split_cents(total: int, weights: list[float]) -> list[int]:
    """``total`` cents in parts proportional to ``weights``, adding up exactly."""
    scale = sum(weights)
    parts = [int(total * w / scale) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def _months(year: int, last: int = 12) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, last + 1)]


class _Generator:
    def __init__(self, targets: Targets) -> None:
        self.t = targets
        self.rng = random.Random(SEED)
        self.ledger: dict[str, list[list[object]]] = {}
        self.budget: list[list[object]] = []
        self.forecast: list[list[object]] = []

    def noisy(self, weights: list[float], spread: float = 0.03) -> list[float]:
        return [w * (1 + self.rng.gauss(0, spread)) for w in weights]

    # -- per-unit monthly totals (cents, report sign: net cost negative) ----------------

    def leaf_targets(self) -> dict[str, dict[str, float]]:
        """Per leaf unit: ap, aa, ab, by, fy (and jm, jb for RF units, b2 shift), in mkr."""
        f = self.t.finance
        leaves: dict[str, dict[str, float]] = {}
        for unit in RF_UNITS:
            leaves[unit] = {m: f[f"{unit}.{m}"] for m in ("ap", "aa", "ab", "by", "fy", "jm", "jb")}
            leaves[unit]["b2"] = 0.0
        for board in BOARDS:
            for unit, share in LEAVES[board].items():
                leaves[unit] = {
                    m: f[f"{board}.{m}"] * share for m in ("ap", "aa", "ab", "by", "fy")
                }
                leaves[unit]["b2"] = -f["d"] * share if board == "HSN" else 0.0
        return leaves

    def net_actuals(self, unit: str, target: dict[str, float]) -> dict[str, int]:
        """Monthly net cost in cents (report sign) from 2019-01 to 2024-07."""
        months: dict[str, int] = {}
        if "jm" in target:
            jm = round(target["jm"] * MKR)
            first = split_cents(round(target["aa"] * MKR) - jm, self.noisy(SEASON[:6]))
            values_2024 = [*first, jm]
        else:
            values_2024 = split_cents(round(target["aa"] * MKR), self.noisy(SEASON[:7]))
        months |= dict(zip(_months(YEAR, MONTH), values_2024, strict=True))
        ytd_2023 = round(target["ap"] * MKR)
        rest_2023 = round(
            ytd_2023 * sum(SEASON[7:]) / sum(SEASON[:7]) * (1 + self.rng.gauss(0, 0.02))
        )
        values_2023 = split_cents(ytd_2023, self.noisy(SEASON[:7])) + split_cents(
            rest_2023, self.noisy(SEASON[7:])
        )
        months |= dict(zip(_months(2023), values_2023, strict=True))
        growth = min(max(target["aa"] / target["ap"] - 1, -0.03), 0.08) if target["ap"] else 0.0
        for year in range(FIRST_YEAR, 2023):
            total = round((ytd_2023 + rest_2023) / (1 + growth) ** (2023 - year))
            months |= dict(zip(_months(year), split_cents(total, self.noisy(SEASON)), strict=True))
        return months

    # -- ledger rows -----------------------------------------------------------------------

    def book(self, period: str, unit: str, line: str, cents: int, counterpart: str = "extern"):
        """Book ``cents`` on a line, split over its accounts."""
        accounts = ACCOUNTS.get(line) or FIN_ACCOUNTS[line]
        for (account, _), part in zip(
            accounts, split_cents(cents, [w for _, w in accounts]), strict=True
        ):
            if part:
                self._book_account(period, unit, account, part, counterpart)

    def fixed_costs(self) -> dict[tuple[str, str], dict[str, int]]:
        """Cost components calibrated on their own (ledger sign, cents) per unit and month:
        travel and hired staff."""
        fixed: dict[tuple[str, str], dict[str, int]] = {}

        def spread(unit: str, kind: str, months: list[str], cents: int, season: list[float]):
            parts = split_cents(cents, self.noisy(season[: len(months)], 0.05))
            for month, part in zip(months, parts, strict=True):
                fixed.setdefault((unit, month), {})[kind] = part

        for admin, units in TRAVEL_UNITS.items():
            weights = {u: abs(self.t.finance.get(f"{u}.by", 1.0)) * w for u, w in units.items()}
            for year, key in ((YEAR, "aa"), (2023, "ap")):
                total = round(self.t.travel[f"{admin}.{key}"] * TKR)
                for unit, part in zip(
                    weights, split_cents(total, list(weights.values())), strict=True
                ):
                    spread(unit, "travel", _months(year, MONTH), part, TRAVEL_SEASON)
        for name, value in self.t.hired.items():
            unit, rest = name.split("_", 1)
            prof, measure = rest.split(".")
            year = YEAR if measure == "a24" else 2023
            spread(unit, f"hired_{prof}", _months(year, MONTH), round(-value * MKR), SEASON)
        # Outside the calibrated January-July: the rest of 2023 at its monthly rate, and the
        # years before a tenth lower each, so hired staff costs all year and R12 is plausible.
        for name, value in self.t.hired.items():
            if not name.endswith(".a23"):
                continue
            unit, prof = name.removesuffix(".a23").split("_", 1)
            monthly = -value * MKR / sum(SEASON[:MONTH])
            autumn = [f"2023-{m:02d}" for m in range(MONTH + 1, 13)]
            spread(
                unit, f"hired_{prof}", autumn, round(monthly * sum(SEASON[MONTH:])), SEASON[MONTH:]
            )
            for year in range(FIRST_YEAR, 2023):
                cents = round(monthly * sum(SEASON) * 0.9 ** (2023 - year))
                spread(unit, f"hired_{prof}", _months(year), cents, SEASON)
        return fixed

    def personnel_factors(self) -> dict[int, float]:
        """Regionstyrelsen's personnel cost per year relative to 2023."""
        growth = self.t.personnel_growth
        factors = {2023: 1.0, 2024: 1 + growth[2024]}
        for year in range(2022, FIRST_YEAR - 1, -1):
            factors[year] = factors[year + 1] / (1 + growth[year + 1])
        return factors

    def unit_ledger(
        self,
        unit: str,
        net: dict[str, int],
        fixed: dict[tuple[str, str], dict[str, int]],
        internal_revenue: dict[str, int],
        personnel_2023: dict[int, int] | None,
    ) -> dict[str, int]:
        """Book a unit's months; returns its internal IT purchases per month."""
        profile = PROFILES.get(unit, DEFAULT_PROFILE)
        purchases: dict[str, int] = {}
        factors = self.personnel_factors()
        for period, net_cents in net.items():
            cost = -net_cents  # ledger sign
            revenue = round(cost * profile.revenue)
            gross = cost + revenue + internal_revenue.get(period, 0)
            parts = dict(fixed.get((unit, period), {}))
            if personnel_2023 is not None:
                month = int(period[5:])
                parts["personnel"] = round(personnel_2023[month] * factors[int(period[:4])])
            else:
                parts["personnel"] = round(gross * profile.personnel)
            if unit == INTERNAL_CHARGE_UNIT and period.endswith("-12"):
                parts["internal_charge"] = round(self.t.finance["c"] * MKR * self._level(period))
            for name, share in (
                ("purchased_care", profile.purchased_care),
                ("drugs", profile.drugs),
                ("depreciation", profile.depreciation),
            ):
                parts[name] = round(gross * share)
            if unit != IT_SELLER:
                parts["it"] = purchases[period] = round(gross * IT_SHARE)
            other = gross - sum(parts.values())
            floor = round(0.05 * sum(parts.values()))
            if other < floor:
                # A month whose calibrated net cost is too low for the unit's running costs
                # had extra revenue (a refund, a re-invoicing): the net stays as calibrated.
                revenue += floor - other
                other = floor
            self.book(period, unit, "revenue", -revenue)
            if internal_revenue.get(period):
                self._book_account(period, unit, "3611", -internal_revenue[period], "RV")
            self.book(period, unit, "personnel", parts.pop("personnel"))
            self.book(period, unit, "other", other)
            for name in ("purchased_care", "drugs", "depreciation", "travel"):
                if parts.get(name):
                    self.book(period, unit, name, parts[name])
            for prof, account in (("lakare", "5511"), ("ssk", "5521")):
                if parts.get(f"hired_{prof}"):
                    self._book_account(period, unit, account, parts[f"hired_{prof}"])
            if parts.get("it"):
                self._book_account(period, unit, "6511", parts["it"], IT_SELLER)
            if parts.get("internal_charge"):
                self._book_account(period, unit, "6911", parts["internal_charge"], "FIN")
                self._book_account(period, "FIN", "3911", -parts["internal_charge"], unit)
        return purchases

    def _level(self, period: str) -> float:
        return 1 / 1.03 ** (YEAR - int(period[:4]))

    def _book_account(
        self, period: str, unit: str, account: str, cents: int, counterpart: str = "extern"
    ) -> None:
        key = period[:4] if period < f"{YEAR}-01" else period
        self.ledger.setdefault(key, []).append(
            [period, unit, account, f"{cents / 100:.2f}", counterpart]
        )

    # -- the whole region --------------------------------------------------------------------

    def run(self) -> None:
        leaves = self.leaf_targets()
        fixed = self.fixed_costs()
        nets = {unit: self.net_actuals(unit, target) for unit, target in leaves.items()}
        purchases: dict[str, int] = {}
        for unit in leaves:
            if unit == IT_SELLER:
                continue
            personnel = self._rs_personnel(unit, nets[unit]) if unit in RF_UNITS else None
            for period, cents in self.unit_ledger(unit, nets[unit], fixed, {}, personnel).items():
                purchases[period] = purchases.get(period, 0) + cents
        self.unit_ledger(
            IT_SELLER,
            nets[IT_SELLER],
            fixed,
            purchases,
            self._rs_personnel(IT_SELLER, nets[IT_SELLER]),
        )
        self.finance_ledger()
        self.investment_ledger()
        self.budgets(leaves)
        self.forecasts(leaves)

    def _rs_personnel(self, unit: str, net: dict[str, int]) -> dict[int, int]:
        """Personnel cost per calendar month of 2023 for a unit of Regionstyrelsen; other
        years follow the board's yearly personnel-cost growth exactly."""
        profile = PROFILES.get(unit, DEFAULT_PROFILE)
        return {
            m: round(-net[f"2023-{m:02d}"] * (1 + profile.revenue) * profile.personnel * 0.92)
            for m in range(1, 13)
        }

    def finance_ledger(self) -> None:
        f = self.t.finance
        for line in FIN_LINES:
            # Ledger sign: revenue negative; the report shows these lines with sign −1.
            ytd = {YEAR: round(-f[f"{line}.aa"] * MKR), 2023: round(-f[f"{line}.ap"] * MKR)}
            spread = 0.6 if line == "finansiella_varderingar" else 0.02
            for year, total in ytd.items():
                for period, cents in zip(
                    _months(year, MONTH),
                    split_cents(total, self.noisy([1.0] * 7, spread)),
                    strict=True,
                ):
                    self.book(period, "FIN", line, cents)
            rest = round(ytd[2023] * 5 / 7)
            for period, cents in zip(
                _months(2023)[7:], split_cents(rest, self.noisy([1.0] * 5, spread)), strict=True
            ):
                self.book(period, "FIN", line, cents)
            for year in range(FIRST_YEAR, 2023):
                total = round((ytd[2023] + rest) / 1.04 ** (2023 - year))
                for period, cents in zip(
                    _months(year), split_cents(total, self.noisy([1.0] * 12, spread)), strict=True
                ):
                    self.book(period, "FIN", line, cents)

    def investment_ledger(self) -> None:
        for line, (account, unit) in INVESTMENTS.items():
            total = round(self.t.investments[f"{line}.aa"] * MKR)
            for year, amount in ((YEAR, total), (2023, round(total * 0.85))):
                for period, cents in zip(
                    _months(year, MONTH),
                    split_cents(amount, self.noisy([1.0] * 7, 0.3)),
                    strict=True,
                ):
                    self._book_account(period, unit, account, cents)

    def budgets(self, leaves: dict[str, dict[str, float]]) -> None:
        f = self.t.finance
        for unit, target in leaves.items():
            profile = PROFILES.get(unit, DEFAULT_PROFILE)
            ytd, year = round(target["ab"] * MKR), round(target["by"] * MKR)
            if "jb" in target:
                jb = round(target["jb"] * MKR)
                first = [*split_cents(ytd - jb, SEASON[:6]), jb]
            else:
                first = split_cents(ytd, SEASON[:7])
            rest = split_cents(year - ytd, SEASON[7:])
            shift = split_cents(round(target["b2"] * MKR), [1.0] * 5)
            for index, net in enumerate(first + rest):
                period = f"{YEAR}-{index + 1:02d}"
                cost = -net
                revenue = round(cost * profile.revenue)
                personnel = round((cost + revenue) * profile.personnel)
                other = cost + revenue - personnel
                b2_other = other - (shift[index - 7] if index >= 7 else 0)
                for version, other_cents in (("B1", other), ("B2", b2_other)):
                    for account, cents in (
                        ("3011", -revenue),
                        ("4011", personnel),
                        ("6211", other_cents),
                    ):
                        self.budget.append([period, unit, account, f"{cents / 100:.2f}", version])
        for line in FIN_LINES:
            ytd, year = round(-f[f"{line}.ab"] * MKR), round(-f[f"{line}.by"] * MKR)
            account = FIN_ACCOUNTS[line][0][0]
            extra = round(-f["d"] * MKR) if line == "generella_statsbidrag" else 0
            b2_shift = [0] * 7 + split_cents(extra, [1.0] * 5)
            for index, cents in enumerate(
                split_cents(ytd, [1.0] * 7) + split_cents(year - ytd, [1.0] * 5)
            ):
                period = f"{YEAR}-{index + 1:02d}"
                b2 = cents + b2_shift[index]
                self.budget.append([period, "FIN", account, f"{cents / 100:.2f}", "B1"])
                self.budget.append([period, "FIN", account, f"{b2 / 100:.2f}", "B2"])
        charge = round(f["c"] * MKR)
        for version in ("B1", "B2"):
            self.budget.append([f"{YEAR}-12", "FIN", "3911", f"{-charge / 100:.2f}", version])
        for line, (account, unit) in INVESTMENTS.items():
            for index, cents in enumerate(
                split_cents(round(self.t.investments[f"{line}.by"] * MKR), [1.0] * 12)
            ):
                for version in ("B1", "B2"):
                    self.budget.append(
                        [f"{YEAR}-{index + 1:02d}", unit, account, f"{cents / 100:.2f}", version]
                    )

    def forecasts(self, leaves: dict[str, dict[str, float]]) -> None:
        f = self.t.finance
        for made_in, version, drift in FORECASTS:
            rows = [(unit, "nettokostnader", -t["fy"] * drift) for unit, t in leaves.items()]
            rows.append(("FIN", "nettokostnader", -f["c"]))
            rows += [("FIN", line, -f[f"{line}.fy"] * drift) for line in FIN_LINES]
            rows += [
                (unit, line, self.t.investments[f"{line}.fy"] * drift)
                for line, (_, unit) in INVESTMENTS.items()
            ]
            for unit, line, mkr in rows:
                self.forecast.append(
                    [made_in, YEAR, unit, line, f"{round(mkr * MKR) / 100:.2f}", version]
                )


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def generate_files(folder: Path) -> DemoFiles:
    """Write the demo region's input files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    generator = _Generator(solve_targets())
    generator.run()
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
        for key, rows in sorted(generator.ledger.items())
    ]
    budget = _write(
        folder / f"budget-{YEAR}.csv",
        ["period", "unit", "account", "amount", "version"],
        generator.budget,
    )
    forecast = _write(
        folder / f"forecast-{YEAR}.csv",
        ["made_in", "year", "unit", "line", "amount", "version"],
        generator.forecast,
    )
    return DemoFiles(units, accounts, ledgers, budget, forecast)


def create_demo(directory: Path) -> Workspace:
    """A workspace in ``directory`` with the demo region's data imported: the ledger, budget
    and forecasts, KPI observations, registers and the month's commentary."""
    from uppsikt.commentary import read_comment_folder, save_comments
    from uppsikt.demo._commentary_data import write_commentary_demo
    from uppsikt.demo._kpi_data import write_kpi_demo
    from uppsikt.demo._register_data import write_register_demo
    from uppsikt.periods import parse_period
    from uppsikt.registers import import_register

    workspace = init_workspace(directory, organisation=ORGANISATION)
    data = workspace.root / "data"
    files = generate_files(data)
    con = workspace.connect()
    catalog, kpis = workspace.lines(), workspace.kpis()
    options = {"catalog": catalog, "temp_dir": workspace.temp_dir, "user": "demo"}
    try:
        for path, kind in (
            [(files.units, "units"), (files.accounts, "accounts")]
            + [(p, "ledger") for p in files.ledgers]
            + [(files.budget, "budget"), (files.forecast, "forecast")]
        ):
            import_file(con, path, kind, **options)
        for path in write_kpi_demo(data / "kpi"):
            import_file(con, path, "kpi", kpis=kpis, **options)
        for path, register, month in write_register_demo(data / "registers"):
            import_register(
                con, path, register, parse_period(month), temp_dir=workspace.temp_dir, user="demo"
            )
        written = write_commentary_demo(data / "commentary")
        for month in sorted({period for _, _, period in written}):
            folder = data / "commentary" / month
            save_comments(
                con,
                parse_period(month),
                read_comment_folder(folder),
                file_name=str(folder),
                author="demo",
            )
    finally:
        con.close()
    return workspace
