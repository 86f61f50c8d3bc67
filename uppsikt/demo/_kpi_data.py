"""Deterministic KPI observation files for the demo region (``uppsikt import --kind kpi``).

The figures of the July 2024 report are the seed's (sick leave 2023-06..2024-06, care
guarantee, hired staff, the 21 regions, the pension portfolio); earlier months, needed for
changes and charts, are generated plausibly from them without randomness. Amounts are chosen
to the öre so that the seed's rounded sums and changes come out as printed.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from uppsikt.periods import add_months, month_range, parse_period, period_code

__all__ = ["write_kpi_demo"]

# The sick-leave tables of the seed: period -> (1-14, 15-180, 180+, total) in percent.
SICK_REGION = {
    "2023-06": ("2.8", "1.5", "1.5", "5.7"),
    "2023-07": ("2.7", "1.5", "1.5", "5.7"),
    "2023-08": ("2.6", "1.5", "1.5", "5.6"),
    "2023-09": ("2.5", "1.5", "1.5", "5.6"),
    "2023-10": ("2.5", "1.5", "1.5", "5.6"),
    "2023-11": ("2.6", "1.5", "1.5", "5.6"),
    "2023-12": ("2.5", "1.5", "1.5", "5.5"),
    "2024-01": ("2.5", "1.5", "1.5", "5.5"),
    "2024-02": ("2.5", "1.5", "1.5", "5.5"),
    "2024-03": ("2.5", "1.6", "1.5", "5.5"),
    "2024-04": ("2.4", "1.5", "1.5", "5.5"),
    "2024-05": ("2.4", "1.6", "1.5", "5.5"),
    "2024-06": ("2.4", "1.6", "1.5", "5.5"),
}
SICK_RS = {
    "2023-06": ("2.5", "1.3", "0.9", "4.7"),
    "2023-07": ("2.5", "1.4", "0.9", "4.8"),
    "2023-08": ("2.5", "1.5", "0.9", "4.9"),
    "2023-09": ("2.4", "1.5", "1.0", "4.9"),
    "2023-10": ("2.4", "1.6", "0.9", "4.9"),
    "2023-11": ("2.5", "1.5", "0.9", "4.9"),
    "2023-12": ("2.5", "1.5", "1.0", "4.9"),
    "2024-01": ("2.5", "1.4", "1.0", "4.9"),
    "2024-02": ("2.4", "1.4", "1.0", "4.8"),
    "2024-03": ("2.4", "1.4", "1.0", "4.8"),
    "2024-04": ("2.3", "1.4", "1.0", "4.7"),
    "2024-05": ("2.3", "1.4", "1.1", "4.8"),
    "2024-06": ("2.3", "1.3", "1.1", "4.8"),
}
BANDS = ("1-14", "15-180", "180+")
# Employees in each group (women, men) of the two units.
GROUPS = {"region": (5200, 1800), "rsf": (620, 330)}
# Women's and men's sick leave relative to the total: the seed's 2024-06 for RS (6,1 and 3,3).
GENDER_OFFSET = {
    "region": (Decimal("0.9"), Decimal("-2.6")),
    "rsf": (Decimal("1.3"), Decimal("-1.5")),
}

# Care guarantee, July 2024 and June 2024: share within 90 days and number waiting.
CARE_SHARE = {"forstabesok": ("59.5", "67.7"), "atgard": ("33.5", "40.6")}
WAITING = {"forstabesok": (14972, 14139), "atgard": (9970, 9750)}
# Waiting longer than 90 / 365 days in June 2024 and the change to July, per specialty.
OVER_90 = {
    "forstabesok": {"lakarbesok": (2610, 1172), "ovriga_yrken": (905, 293)},
    "atgard": {
        "kirurgi": (640, 183),
        "utprovning_ha": (820, 170),
        "ogon": (410, 101),
        "onh": (300, 72),
        "ortopedi": (520, 70),
        "urologi": (260, 65),
        "gynekologi": (180, 61),
        "hud": (150, 60),
        "kardiologi": (120, 60),
    },
}
OVER_365 = {
    "forstabesok": {"lakarbesok": (310, -23), "ovriga_yrken": (95, 18)},
    "atgard": {
        "kirurgi": (88, 4),
        "utprovning_ha": (240, 49),
        "ogon": (35, 0),
        "onh": (61, 23),
        "ortopedi": (72, 0),
        "urologi": (20, 0),
        "gynekologi": (9, 0),
        "hud": (4, 0),
        "kardiologi": (3, 0),
    },
}

# Hired staff, cost January-July in kronor (negative, as the report shows cost).
HIRED = {
    ("primarvard", "lakare"): ("-68780000", "-66800000"),
    ("primarvard", "sjukskoterska"): ("-10680000", "-8040000"),
    ("sjukhusvard", "lakare"): ("-57900000", "-62900000"),
    ("sjukhusvard", "sjukskoterska"): ("-26760000", "-28410000"),
}

# The 21 regions, half year 1 2024 vs 2023: total, primary care, psychiatry, somatic care,
# other care and the share of hired staff, in percent (the last row: the country).
REGIONS = {
    "blekinge": (-6, 1, 55, -11, 0, 8),
    "dalarna": (-26, -29, -9, -35, 0, 3),
    "gotland": (-31, -25, -27, -34, 21, 9),
    "gavleborg": (-23, 3, -51, -34, -12, 9),
    "halland": (-31, -91, -20, -21, -43, 3),
    "jamtland_harjedalen": (-6, -10, -7, -6, 1, 12),
    "jonkoping": (-27, 4, -16, -66, -28, 3),
    "kalmar": (-23, 16, -6, -43, -18, 5),
    "kronoberg": (-4, 27, 44, -21, 13, 6),
    "norrbotten": (-25, -34, -25, -20, 0, 11),
    "skane": (-47, -2, -86, -65, -57, 1),
    "stockholm": (-58, -38, -33, -73, -41, 1),
    "sormland": (-44, -20, -51, -51, 32, 4),
    "uppsala": (-30, -22, -8, -33, 0, 4),
    "varmland": (-25, -29, 16, -47, 0, 4),
    "vasterbotten": (1, -5, 5, 3, 30, 4),
    "vasternorrland": (-1, -15, 15, -1, 1297, 15),
    "vastmanland": (-32, -31, 0, -50, -19, 6),
    "vastra_gotaland": (-37, -29, -46, -39, 0, 2),
    "orebro": (-30, -30, -36, -30, 0, 2),
    "ostergotland": (-27, -41, -7, -25, -35, 5),
    "": (-28, -19, -19, -34, -29, 3),
}
CARE_AREAS = ("primarvard", "psykiatri", "somatik", "ovrig")

PENSION_ALLOCATION = {
    "aktier": "65.4",
    "svenska_aktier": "31.0",
    "utlandska_aktier": "34.4",
    "alternativa": "0.0",
    "rantor": "34.6",
    "kassa": "0.0",
}
# Returns in percent: (portfolio, benchmark) per horizon, July 2024.
PENSION_RETURNS = {
    "manad": ("1.9", "2.1"),
    "ytd": ("10.7", "12.7"),
    "r12": ("13.86", "16.84"),
    "sedan_start": ("13.86", "16.84"),
}
# Population growth, the year to June 2024, in percent (Västerbotten highest, Blekinge lowest).
POPULATION = {
    "vasterbotten": "1.06",
    "blekinge": "-0.76",
    "uppsala": "0.52",
    "stockholm": "0.31",
    "halland": "0.28",
    "skane": "0.12",
    "ostergotland": "0.04",
    # The seed names only the extremes; the other 14 regions shrank ("Endast 6 av 21 regioner
    # ökar"), none as much as Blekinge.
    "dalarna": "-0.18",
    "gotland": "-0.05",
    "gavleborg": "-0.29",
    "jamtland_harjedalen": "-0.12",
    "jonkoping": "-0.02",
    "kalmar": "-0.21",
    "kronoberg": "-0.08",
    "norrbotten": "-0.41",
    "sormland": "-0.11",
    "varmland": "-0.33",
    "vasternorrland": "-0.37",
    "vastmanland": "-0.06",
    "vastra_gotaland": "-0.01",
    "orebro": "-0.03",
    "": "0.05",
}

HEADER = ["kpi", "period", "value", "numerator", "denominator", "group_size"]


def _write(path: Path, breakdowns: list[str], rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER + breakdowns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _sick_leave() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for unit, table in (("region", SICK_REGION), ("rsf", SICK_RS)):
        women, men = GROUPS[unit]
        offset_w, offset_m = GENDER_OFFSET[unit]
        for code, values in table.items():
            # The year before the seed's table: the same month 0,1 higher, for the changes.
            earlier = period_code(add_months(parse_period(code), -12))
            for period, shift in ((code, Decimal(0)), (earlier, Decimal("0.1"))):
                if period in table and shift:
                    continue
                bands = [Decimal(v) + shift for v in values[:3]]
                total = Decimal(values[3]) + shift
                for band, value in zip((*BANDS, ""), (*bands, total), strict=True):
                    base = {"kpi": "sjukfranvaro", "period": period, "enhet": unit, "langd": band}
                    rows.append({**base, "value": value, "group_size": women + men})
                    rows.append(
                        {
                            **base,
                            "kon": "kvinnor",
                            "value": value + offset_w * value / total,
                            "group_size": women,
                        }
                    )
                    rows.append(
                        {
                            **base,
                            "kon": "man",
                            "value": value + offset_m * value / total,
                            "group_size": men,
                        }
                    )
    for row in rows:
        row["value"] = Decimal(row["value"]).quantize(Decimal("0.01"))  # type: ignore[arg-type]
    return rows


def _care() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    months = month_range(parse_period("2023-07"), parse_period("2024-07"))
    for index, month in enumerate(months):
        back = len(months) - 1 - index  # months before July 2024
        period = period_code(month)
        for kind, (july, june) in CARE_SHARE.items():
            share = Decimal(july) if back == 0 else Decimal(june) + Decimal("0.4") * (back - 1)
            rows.append({"kpi": "vardgaranti_andel", "period": period, "typ": kind, "value": share})
        for kind, (july, june) in WAITING.items():
            waiting = july if back == 0 else june - 35 * (back - 1)
            rows.append({"kpi": "vantande", "period": period, "typ": kind, "value": waiting})
        for kpi, table in (("vantande_over_90", OVER_90), ("vantande_over_365", OVER_365)):
            for kind, specialties in table.items():
                for specialty, (june, delta) in specialties.items():
                    value = june + delta if back == 0 else max(june - 9 * (back - 1), 0)
                    rows.append(
                        {
                            "kpi": kpi,
                            "period": period,
                            "typ": kind,
                            "specialitet": specialty,
                            "value": value,
                        }
                    )
        beds = 720 - (110 if month.month in (6, 7, 8) else 0) + 3 * (index % 4)
        rows.append({"kpi": "vardplatser", "period": period, "value": beds})
    return rows


def _hired_staff() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for (level, profession), amounts in HIRED.items():
        for period, amount in zip(("2023-07", "2024-07"), amounts, strict=True):
            rows.append(
                {
                    "kpi": "hyrpersonal_kostnad",
                    "period": period,
                    "vardniva": level,
                    "yrke": profession,
                    "value": amount,
                }
            )
    for region, values in REGIONS.items():
        total, *areas, share = values
        rows.append(
            {
                "kpi": "hyrpersonal_forandring_region",
                "period": "2024-06",
                "region": region,
                "value": total,
            }
        )
        for area, value in zip(CARE_AREAS, areas, strict=True):
            rows.append(
                {
                    "kpi": "hyrpersonal_forandring_region",
                    "period": "2024-06",
                    "region": region,
                    "verksamhet": area,
                    "value": value,
                }
            )
        rows.append(
            {
                "kpi": "hyrpersonal_andel_region",
                "period": "2024-06",
                "region": region,
                "value": share,
            }
        )
    return rows


def _finance() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for asset, weight in PENSION_ALLOCATION.items():
        rows.append(
            {
                "kpi": "pension_allokering",
                "period": "2024-07",
                "tillgangsslag": asset,
                "value": weight,
            }
        )
    for horizon, (portfolio, benchmark) in PENSION_RETURNS.items():
        for series, value in (("portfolj", portfolio), ("jamforelseindex", benchmark)):
            rows.append(
                {
                    "kpi": "pension_avkastning",
                    "period": "2024-07",
                    "horisont": horizon,
                    "serie": series,
                    "value": value,
                }
            )
    for period, value, liquidity, debt in (
        ("2024-06", "6070000000", "310000000", "2220000000"),
        ("2024-07", "6186000000", "250000000", "2220000000"),
    ):
        rows.append({"kpi": "pension_marknadsvarde", "period": period, "value": value})
        rows.append({"kpi": "likviditet", "period": period, "value": liquidity})
        rows.append({"kpi": "laneskuld", "period": period, "value": debt})
        rows.append({"kpi": "snittranta", "period": period, "value": "2.7"})
    return rows


def _society() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for region, value in POPULATION.items():
        rows.append(
            {"kpi": "befolkningstillvaxt", "period": "2024-06", "region": region, "value": value}
        )
    for index, month in enumerate(month_range(parse_period("2023-07"), parse_period("2024-07"))):
        period = period_code(month)
        rows.append(
            {"kpi": "kollektivtrafik_resor", "period": period, "value": 1450000 + 12000 * index}
        )
        rows.append(
            {
                "kpi": "arbetsloshet",
                "period": period,
                "value": Decimal("5.9") - Decimal("0.05") * index,
            }
        )
        # The country's rate rises where the region's falls (the seed's "Arbetslösheten
        # fortsätter minska i norra Sverige ... ökar mest i storstadsområden och i söder").
        rows.append(
            {
                "kpi": "arbetsloshet_riket",
                "period": period,
                "value": Decimal("8.1") + Decimal("0.04") * index,
            }
        )
        rows.append({"kpi": "upphandling_ledtid", "period": period, "value": 160 - 2 * index})
        rows.append({"kpi": "upphandling_ko", "period": period, "value": 95 - index})
        rows.append({"kpi": "upphandling_pagaende", "period": period, "value": 130 + index})
    return rows


def write_kpi_demo(folder: Path) -> list[Path]:
    """Write the demo's KPI observation files (CSV, UTF-8) into ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        _write(folder / "kpi-sjukfranvaro.csv", ["enhet", "langd", "kon"], _sick_leave()),
        _write(folder / "kpi-tillganglighet.csv", ["typ", "specialitet"], _care()),
        _write(
            folder / "kpi-hyrpersonal.csv",
            ["vardniva", "yrke", "region", "verksamhet"],
            _hired_staff(),
        ),
        _write(
            folder / "kpi-kapitalforvaltning.csv",
            ["tillgangsslag", "horisont", "serie"],
            _finance(),
        ),
        _write(folder / "kpi-samhalle.csv", ["region"], _society()),
    ]
