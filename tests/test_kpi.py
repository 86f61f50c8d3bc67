"""KPI framework: import checks, scoping, metrics arithmetic and privacy suppression."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Env
from uppsikt.config._kpi_blocks import KpiTableBlockDef
from uppsikt.config._kpis import KpiCatalog
from uppsikt.errors import InputErrors
from uppsikt.metrics._kpi import (
    KpiMetrics,
    attainment,
    kpi_change,
    latest_period,
    secondary_suppression,
    trend,
)
from uppsikt.report._context import BlockContext
from uppsikt.report._kpi_blocks import build_kpi_block

CATALOG = KpiCatalog.model_validate(
    {
        "kpis": [
            {
                "id": "sick",
                "name": "Sjukfrånvaro",
                "unit": "%",
                "direction": "lower",
                "privacy_threshold": 10,
                "breakdowns": [
                    {"id": "kon", "name": "Kön", "values": {"k": "Kvinnor", "m": "Män"}},
                ],
            },
            {"id": "beds", "name": "Vårdplatser", "unit": "count", "decimals": 0},
            {"id": "tert", "name": "T", "unit": "count", "periodicity": "tertial"},
        ]
    }
)


def imp(env: Env, text: str):
    return env.imp(text, "kpi", kpis=CATALOG)


def test_import_stores_breakdowns_and_is_idempotent(env: Env) -> None:
    text = "kpi,period,value,kon,group_size\nsick,2024-06,5.5,,48\nsick,2024-06,6.1,k,40\n"
    first = imp(env, text)
    assert (first.status, first.row_count) == ("imported", 2)
    assert imp(env, text).status == "unchanged"
    rows = env.query(
        "SELECT breakdown_key, value, group_size FROM kpi_observations_current ORDER BY 1"
    )
    assert rows == [("", Decimal("5.5"), 48), ("kon=k", Decimal("6.1"), 40)]


def test_files_of_different_kpis_do_not_replace_each_other(env: Env) -> None:
    imp(env, "kpi,period,value,group_size\nsick,2024-06,5.5,48\n")
    imp(env, "kpi,period,value\nbeds,2024-06,700\n")
    replaced = imp(env, "kpi,period,value\nbeds,2024-06,710\n")
    assert replaced.superseded == [2]
    assert env.query("SELECT kpi, value FROM kpi_observations_current ORDER BY 1") == [
        ("beds", Decimal("710")),
        ("sick", Decimal("5.5")),
    ]


def test_import_errors_name_row_column_value_and_reason(env: Env) -> None:
    text = (
        "kpi;period;value;kon;group_size\n"
        "sick;2024-06;5,5;x;48\n"
        "nope;2024-06;1;;\n"
        "sick;2024-06;abc;;\n"
        "tert;2024-06;1;;\n"
        "beds;2024-06;1;k;\n"
    )
    with pytest.raises(InputErrors) as caught:
        imp(env, text)
    found = [(p.row, p.column, p.value, p.code, p.reason) for p in caught.value.problems]
    assert found == [
        (
            2,
            "kon",
            "x",
            "unknown_breakdown_value",
            "'x' is not a value of breakdown kon of KPI 'sick' in kpis.yaml "
            "(an empty cell is the total)",
        ),
        (3, "kpi", "nope", "unknown_kpi", "KPI 'nope' is not defined in kpis.yaml"),
        (
            4,
            "value",
            "abc",
            "bad_number",
            "not a number (digits, optional minus, decimal comma or point, at most six decimals)",
        ),
        (
            4,
            "group_size",
            None,
            "missing_group_size",
            "KPI 'sick' is not shown for groups of at most 10; give each row its group size",
        ),
        (
            5,
            "period",
            "2024-06",
            "not_period_end",
            "KPI 'tert' is reported per tertial; give the last month of the period (04, 08 or 12)",
        ),
        (6, "kon", "k", "not_a_breakdown", "KPI 'beds' has no breakdown kon; leave the cell empty"),
    ]
    assert env.query("SELECT count(*) FROM kpi_observations") == [(0,)]
    assert env.query("SELECT count(*) FROM batches") == [(0,)]


def test_duplicate_observation_is_refused(env: Env) -> None:
    with pytest.raises(InputErrors) as caught:
        imp(env, "kpi,period,value\nbeds,2024-06,1\nbeds,2024-06,2\n")
    assert [(p.row, p.code) for p in caught.value.problems] == [(3, "duplicate_key")]


# -- arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "prior", "unit", "expected"),
    [
        ("59.5", "67.7", "%", "-8.2"),  # care guarantee: percentage points
        ("-66.8", "-68.8", "kr", "-2.0"),  # a cost that shrank
        ("-62.9", "-57.9", "kr", "5.0"),  # a cost that grew
        ("14972", "14139", "count", "833"),
    ],
)
def test_kpi_change(current: str, prior: str, unit: str, expected: str) -> None:
    assert kpi_change(Decimal(current), Decimal(prior), unit) == Decimal(expected)


def test_attainment_follows_direction() -> None:
    assert attainment(Decimal(90), Decimal(100), "higher") == Decimal("0.9")
    assert attainment(Decimal(125), Decimal(100), "lower") == Decimal("0.8")
    assert attainment(Decimal(1), None, "higher") is None


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.decimals(min_value=-100, max_value=100, places=2),
    st.integers(min_value=2, max_value=24),
)
def test_trend_of_a_straight_line_is_its_step(start: Decimal, step: Decimal, count: int) -> None:
    assert trend([start + step * i for i in range(count)]) == step


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_pp_change_is_the_difference(current: Decimal, prior: Decimal) -> None:
    assert kpi_change(current, prior, "%") == current - prior


@pytest.mark.parametrize(
    ("periodicity", "lag", "report", "expected"),
    [
        ("month", 1, date(2024, 7, 1), date(2024, 6, 1)),
        ("half_year", 0, date(2024, 7, 1), date(2024, 6, 1)),
        ("tertial", 0, date(2024, 7, 1), date(2024, 4, 1)),
        ("year", 0, date(2024, 7, 1), date(2023, 12, 1)),
        ("year", 0, date(2024, 12, 1), date(2024, 12, 1)),
    ],
)
def test_latest_period(periodicity: str, lag: int, report: date, expected: date) -> None:
    kpi = CATALOG.get("beds").model_copy(update={"periodicity": periodicity, "lag": lag})
    assert latest_period(kpi, report) == expected


# -- privacy ------------------------------------------------------------------------------


def test_secondary_suppression_hides_the_smallest_other_part() -> None:
    sizes = {(None,): 60, ("k",): 40, ("m",): 8, ("x",): 12}
    hidden = secondary_suppression({("m",)}, sizes, [0])
    assert hidden == {("m",), ("x",)}


@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=6),
    st.integers(min_value=1, max_value=15),
)
def test_no_suppressed_part_is_recoverable(sizes: list[int], threshold: int) -> None:
    group = {(str(i),): size for i, size in enumerate(sizes)}
    group[(None,)] = sum(sizes) + threshold + 1  # a visible total
    primary = {k for k, size in group.items() if size <= threshold}
    hidden = secondary_suppression(primary, group, [0])
    parts_hidden = [k for k in hidden if k != (None,)]
    assert len(parts_hidden) != 1
    assert primary <= hidden


def _context(env: Env, period: date) -> BlockContext:
    con = env.connect()
    return BlockContext(
        con=con,
        period=period,
        organisation="R",
        catalog=env.catalog,
        kpis=CATALOG,
        tree=None,  # type: ignore[arg-type]
        fill=lambda text, where: text,
    )


def test_small_group_and_the_cell_that_would_reveal_it_are_suppressed(env: Env) -> None:
    imp(
        env,
        "kpi,period,value,kon,group_size\n"
        "sick,2024-06,5.5,,48\nsick,2024-06,6.0,k,40\nsick,2024-06,3.0,m,8\n"
        "sick,2023-06,5.0,,47\nsick,2023-06,5.5,k,30\nsick,2023-06,3.5,m,17\n",
    )
    block = KpiTableBlockDef.model_validate(
        {
            "type": "kpi_table",
            "id": "t",
            "title": "T",
            "kpi": "sick",
            "rows": [
                {"label": "Totalt"},
                {"label": "Kvinnor", "where": {"kon": "k"}},
                {"label": "Män", "where": {"kon": "m"}},
            ],
            "columns": [
                {"id": "v", "label": "Värde"},
                {"id": "c", "label": "Förändring", "measure": "change_prior_year"},
            ],
        }
    )
    table = build_kpi_block(_context(env, date(2024, 6, 1)), block)
    shown = [[c.display for c in r.cells] for r in table.rows]
    assert shown == [["5,5%", "0,5\u00a0%-enheter"], ["..", ".."], ["..", ".."]]
    assert table.rows[1].cells[0].value is None and table.rows[1].cells[0].note == "*"
    assert table.notes and table.notes[0].startswith("* ")
    assert "högst 10" in table.notes[0]


def test_metrics_sum_parts_when_the_total_is_missing(env: Env) -> None:
    catalog = KpiCatalog.model_validate(
        {
            "kpis": [
                {
                    "id": "cost",
                    "name": "Kostnad",
                    "unit": "kr",
                    "aggregation": "sum",
                    "breakdowns": [{"id": "yrke", "name": "Yrke", "values": {"a": "A", "b": "B"}}],
                }
            ]
        }
    )
    env.imp(
        "kpi,period,value,yrke\ncost,2024-07,-1.25,a\ncost,2024-07,-2.5,b\n", "kpi", kpis=catalog
    )
    cube = KpiMetrics(env.connect()).cube(catalog.get("cost"), [date(2024, 7, 1)])
    total = cube.get(date(2024, 7, 1), (None,))
    assert total is not None and (total.value, total.computed) == (Decimal("-3.75"), True)
