"""The demo's calibration targets: amounts per unit and line that print as the seed does.

Reads ``seed_figures.yaml``, states every printed cell as a :class:`Printed` constraint on
the underlying amounts, and solves. Two things in the seed are modelled, not patched:

- The board's table shows Regionförvaltningen (RF), whose full-year budget and forecast
  include a 23 mkr internal charge from the finance administration (FIN) booked in December;
  the region's table shows the whole board (RF + FIN), where the charge nets out. Hence
  −3 809 vs −3 786 for the budget and −3 910 vs −3 887 for the forecast.
- The region's forecast deviation is measured against the revised budget B2, in which the
  council moved state grants to the health-care board for August–December (HSN: forecast
  −7 158 against B1 −6 392 gives −766, against B2 −600; grants +311 against B1, +145
  against B2). The "Budget 2024" column shows the original budget B1.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from uppsikt.demo._calibrate import Bound, Cell, Printed, solve

RF_UNITS = ("RFG", "DOS", "RL", "LS", "FH", "HRS", "KOM", "EKS", "SMS", "PVB", "TVB")
BOARDS = ("HSN", "RUN", "FHS", "PN", "REV")
FIN_LINES = (
    "skatteintakter",
    "generella_statsbidrag",
    "finansiella_likvidstrommar",
    "finansiella_varderingar",
)
REGION_MEASURES = ("ap", "aa", "ab", None, "by", "fy", None)


def seed_figures() -> dict[str, Any]:
    text = (resources.files("uppsikt.demo") / "seed_figures.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _cell(terms: dict[str, float], value: float, what: str, decimals: int = 0) -> Printed:
    return Printed(terms, value, decimals, what)


def _sum(names: list[str], measure: str, sign: float = 1.0) -> dict[str, float]:
    return {f"{n}.{measure}": sign for n in names}


def _minus(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    out = dict(a)
    for name, c in b.items():
        out[name] = out.get(name, 0.0) - c
    return out


def _finance_cells(seed: dict[str, Any]) -> tuple[list[Cell], dict[str, float]]:
    cells: list[Cell] = []
    start: dict[str, float] = {"c": 23.0, "d": 166.0}
    rs = seed["rs_resultat"]
    for unit in (*RF_UNITS, "total"):
        jm, jb, jdev, ap, aa, adev, by, fy, fdev = rs[unit]
        names = list(RF_UNITS) if unit == "total" else [unit]
        where = f"rs_resultat {unit}"
        cells += [
            _cell(_sum(names, "jm"), jm, f"{where} July"),
            _cell(_sum(names, "jb"), jb, f"{where} July budget"),
            _cell(_minus(_sum(names, "jm"), _sum(names, "jb")), jdev, f"{where} July dev"),
            _cell(_sum(names, "ap"), ap, f"{where} YTD prior"),
            _cell(_sum(names, "aa"), aa, f"{where} YTD"),
            _cell(_minus(_sum(names, "aa"), _sum(names, "ab")), adev, f"{where} YTD dev"),
            _cell(_sum(names, "by"), by, f"{where} budget"),
            _cell(_sum(names, "fy"), fy, f"{where} forecast"),
            _cell(_minus(_sum(names, "fy"), _sum(names, "by")), fdev, f"{where} forecast dev"),
        ]
        if unit != "total":
            start |= {
                f"{unit}.jm": jm,
                f"{unit}.jb": jb,
                f"{unit}.ap": ap,
                f"{unit}.aa": aa,
                f"{unit}.ab": aa - adev,
                f"{unit}.by": by,
                f"{unit}.fy": fy,
            }
    region = seed["region_resultat"]
    # Terms of each region row: its amounts, B2 shifts and the internal charge.
    rows: dict[str, dict[str, dict[str, float]]] = {}
    rows["RS"] = {m: _sum(list(RF_UNITS), m) for m in ("ap", "aa", "ab", "by", "fy")}
    rows["RS"]["by"] = {**rows["RS"]["by"], "c": 1.0}
    rows["RS"]["fy"] = {**rows["RS"]["fy"], "c": 1.0}
    rows["RS"]["b2"] = rows["RS"]["by"]
    for name in (*BOARDS, *FIN_LINES):
        rows[name] = {m: {f"{name}.{m}": 1.0} for m in ("ap", "aa", "ab", "by", "fy")}
        rows[name]["b2"] = rows[name]["by"]
        values = region[name]
        start |= {f"{name}.{m}": v for m, v in zip(REGION_MEASURES, values, strict=True) if m}
    rows["HSN"]["b2"] = {"HSN.by": 1.0, "d": -1.0}
    rows["generella_statsbidrag"]["b2"] = {"generella_statsbidrag.by": 1.0, "d": 1.0}

    def combine(parts: list[str]) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for measure in ("ap", "aa", "ab", "by", "fy", "b2"):
            terms: dict[str, float] = {}
            for part in parts:
                for name, c in rows[part][measure].items():
                    terms[name] = terms.get(name, 0.0) + c
            out[measure] = terms
        return out

    rows["nettokostnader"] = combine(["RS", *BOARDS])
    rows["skatter_och_statsbidrag"] = combine(["skatteintakter", "generella_statsbidrag"])
    rows["verksamhetens_resultat"] = combine(["nettokostnader", "skatter_och_statsbidrag"])
    rows["finansnetto"] = combine(["finansiella_likvidstrommar", "finansiella_varderingar"])
    rows["resultat"] = combine(["verksamhetens_resultat", "finansnetto"])
    for name, values in region.items():
        ap, aa, ab, adev, by, fy, fdev = values
        terms = rows[name]
        where = f"region_resultat {name}"
        cells += [
            _cell(terms["ap"], ap, f"{where} YTD prior"),
            _cell(terms["aa"], aa, f"{where} YTD"),
            _cell(terms["ab"], ab, f"{where} YTD budget"),
            _cell(_minus(terms["aa"], terms["ab"]), adev, f"{where} YTD dev"),
            _cell(terms["by"], by, f"{where} budget"),
            _cell(terms["fy"], fy, f"{where} forecast"),
            _cell(_minus(terms["fy"], terms["b2"]), fdev, f"{where} forecast dev"),
        ]
    return cells, start


def _investment_cells(seed: dict[str, Any]) -> tuple[list[Cell], dict[str, float]]:
    cells: list[Cell] = []
    start: dict[str, float] = {}
    table = seed["investeringar"]
    lines = [k for k in table if k != "total"]
    for line in (*lines, "total"):
        aa, fy, by, dev = table[line]
        names = lines if line == "total" else [line]
        where = f"investeringar {line}"
        cells += [
            _cell(_sum(names, "aa"), aa, f"{where} YTD"),
            _cell(_sum(names, "fy"), fy, f"{where} forecast"),
            _cell(_sum(names, "by"), by, f"{where} budget"),
            _cell(_minus(_sum(names, "by"), _sum(names, "fy")), dev, f"{where} deviation"),
        ]
        if line != "total":
            start |= {f"{line}.aa": aa, f"{line}.fy": fy, f"{line}.by": by}
    return cells, start


def _ratio(
    num: dict[str, float], den: dict[str, float], pct: float, decimals: int, what: str
) -> list[Cell]:
    """num / den − 1 prints as ``pct`` % (den > 0): two linear bounds."""
    half = 0.5 * 10**-decimals * 0.9
    low, high = 1 + (pct - half) / 100, 1 + (pct + half) / 100
    return [
        Bound(_minus(num, {n: c * low for n, c in den.items()}), 0.0, 1e12, what),
        Bound(_minus(num, {n: c * high for n, c in den.items()}), -1e12, 0.0, what),
    ]


def _travel_cells(seed: dict[str, Any]) -> tuple[list[Cell], dict[str, float]]:
    table = seed["resekostnader"]
    keep = 1 - table["cut"]
    units = [
        k for k in table if k not in ("cut", "total", "total_vs_plan_pct", "total_vs_prior_pct")
    ]
    cells: list[Cell] = []
    start: dict[str, float] = {}
    for unit in (*units, "total"):
        aa, ap, plan, dplan, dprior = table[unit]
        names = units if unit == "total" else [unit]
        where = f"resekostnader {unit}"
        cells += [
            _cell(_sum(names, "aa"), aa, f"{where} 2024"),
            _cell(_sum(names, "ap"), ap, f"{where} 2023"),
            _cell(_sum(names, "ap", keep), plan, f"{where} plan"),
            _cell(_minus(_sum(names, "aa"), _sum(names, "ap", keep)), dplan, f"{where} vs plan"),
            _cell(_minus(_sum(names, "aa"), _sum(names, "ap")), dprior, f"{where} vs 2023"),
        ]
        if unit != "total":
            start |= {f"{unit}.aa": aa, f"{unit}.ap": ap}
    total_aa, total_ap = _sum(units, "aa"), _sum(units, "ap")
    cells += _ratio(total_aa, _sum(units, "ap", keep), table["total_vs_plan_pct"], 0, "vs plan %")
    cells += _ratio(total_aa, total_ap, table["total_vs_prior_pct"], 1, "vs 2023 %")
    return cells, start


def _hired_cells(seed: dict[str, Any]) -> tuple[list[Cell], dict[str, float]]:
    """Hired staff per unit and profession; amounts negative (cost), growth of cost positive."""
    table = seed["hyrpersonal"]
    cells: list[Cell] = []
    start: dict[str, float] = {}
    groups: dict[str, list[str]] = {}
    for unit in ("PV", "SV"):
        for prof in ("lakare", "ssk"):
            groups[f"{unit}_{prof}"] = [f"{unit}_{prof}"]
            groups.setdefault(f"{unit}_total", []).append(f"{unit}_{prof}")
            groups.setdefault(f"{prof}_total", []).append(f"{unit}_{prof}")
            groups.setdefault("total", []).append(f"{unit}_{prof}")
    printed = {f"{u}_{p}": table[u][p] for u in ("PV", "SV") for p in ("lakare", "ssk", "total")}
    printed["total"] = table["total"]
    for name, (a23, a24, change, pct) in printed.items():
        names = groups[name]
        decimals = 0 if name.endswith("total") else 1
        where = f"hyrpersonal {name}"
        cost23, cost24 = _sum(names, "a23", -1.0), _sum(names, "a24", -1.0)
        cells += [
            _cell(_sum(names, "a23"), a23, f"{where} 2023", decimals),
            _cell(_sum(names, "a24"), a24, f"{where} 2024", decimals),
            _cell(_minus(cost24, cost23), change, f"{where} change", decimals),
            *_ratio(cost24, cost23, pct, 0, f"{where} %"),
        ]
        if len(names) == 1:
            start |= {f"{name}.a23": a23, f"{name}.a24": a24}
    for prof, key in (("ssk", "ssk_change"), ("lakare", "lakare_change")):
        change, pct = table[key]
        names = groups[f"{prof}_total"]
        cost23, cost24 = _sum(names, "a23", -1.0), _sum(names, "a24", -1.0)
        cells += [
            _cell(_minus(cost24, cost23), change, f"hyrpersonal {prof} change", 1),
            *_ratio(cost24, cost23, pct, 0, f"hyrpersonal {prof} %"),
        ]
    return cells, start


@dataclass(frozen=True)
class Targets:
    """Solved amounts: ``finance`` in mkr (report sign), ``investments`` in mkr (spending
    positive), ``travel`` in tkr (cost positive), ``hired`` in mkr (report sign)."""

    finance: dict[str, float]
    investments: dict[str, float]
    travel: dict[str, float]
    hired: dict[str, float]
    personnel_growth: dict[int, float]
    travel_cut: float


def solve_targets() -> Targets:
    seed = seed_figures()
    parts = {}
    for name, builder in (
        ("finance", _finance_cells),
        ("investments", _investment_cells),
        ("travel", _travel_cells),
        ("hired", _hired_cells),
    ):
        cells, start = builder(seed)
        parts[name] = solve(cells, start)
    return Targets(
        **parts,
        personnel_growth={int(k): v / 100 for k, v in seed["personalkostnad_okning"].items()},
        travel_cut=seed["resekostnader"]["cut"],
    )
