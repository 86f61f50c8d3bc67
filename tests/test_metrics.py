"""Financial metrics against hand-computed figures and a pure-Python reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.config import Workspace, init_workspace
from uppsikt.errors import ConfigError, DataMissing
from uppsikt.ingest import import_file
from uppsikt.metrics import FigureRequest, FinanceMetrics, UnitTree
from uppsikt.warehouse import migrate

from .conftest import Env

JULY = date(2024, 7, 1)


def metrics(env: Env, period: date = JULY, version: str | None = "B1") -> FinanceMetrics:
    con = env.connect()
    tree = UnitTree(con, period)
    return FinanceMetrics(con, period, env.catalog, tree, default_budget_version=version)


def figures(env: Env, unit: str, line: str, **kwargs: object) -> dict[str, D | None]:
    return metrics(env).figures([FigureRequest(unit, line, **kwargs)])[0].values  # type: ignore[arg-type]


def test_hand_computed_figures_for_a_subtree(data_env: Env) -> None:
    values = figures(data_env, "A", "nettokostnader")
    assert values["actual_month"] == D("-100")  # −(90 − 30 + 40)
    assert values["actual_ytd"] == D("-420")  # A1 310 + A2 110
    assert values["actual_ytd_prior"] == D("-240")  # A1 190 + A2 50
    assert values["budget_month"] == D("-100")
    assert values["budget_ytd"] == D("-700")
    assert values["budget_year"] == D("-1200")
    assert values["deviation_month"] == D("0")
    assert values["deviation_ytd"] == D("280")  # −420 − (−700)
    # A1's latest forecast made by July is June's; A2 skipped June and keeps April's.
    assert values["forecast_year"] == D("-1450")
    assert values["forecast_deviation"] == D("-250")
    assert values["r12"] == D("-920")  # Aug 2023–Jul 2024
    assert values["r12_prior"] is None  # the ledger starts in January 2023
    assert values["r12_change_pct"] is None
    assert values["change_ytd"] == D("180")  # the cost grew by 180
    assert values["change_ytd_pct"] == D("0.75")


def test_external_only_drops_internal_counterparts(data_env: Env) -> None:
    assert figures(data_env, "A", "nettokostnader", external_only=True)["actual_ytd"] == D("-410")


def test_lines_and_groups(data_env: Env) -> None:
    assert figures(data_env, "@root", "skatteintakter")["actual_ytd"] == D("1000")
    assert figures(data_env, "@root", "resultat")["actual_month"] == D("-125")
    assert figures(data_env, "A1", "intakter")["actual_month"] == D("30")


def test_investments_keep_the_ledger_sign(data_env: Env) -> None:
    values = figures(data_env, "A", "inv_fastighet")
    assert values["actual_ytd"] == D("500")
    assert values["budget_year"] == D("0")
    assert values["forecast_year"] is None  # nobody forecast investments
    assert values["deviation_ytd"] == D("-500")  # spending over budget is unfavourable


def test_a_forecast_for_a_wider_group_says_nothing_about_one_line(data_env: Env) -> None:
    assert figures(data_env, "B", "skatter_och_statsbidrag")["forecast_year"] == D("2000")
    assert figures(data_env, "B", "skatteintakter")["forecast_year"] is None


def test_budget_versions(data_env: Env) -> None:
    m = metrics(data_env, version=None)
    with pytest.raises(ConfigError) as caught:
        m.figures([FigureRequest("A", "nettokostnader")])
    assert str(caught.value) == (
        "the budget for 2024 has several versions (B1, B2); name one with budget_version "
        "in report.yaml"
    )
    b2 = m.figures([FigureRequest("A", "nettokostnader", budget_version="B2")])[0]
    assert b2.values["budget_year"] == D("-1080")
    with pytest.raises(ConfigError, match="budget version 'B9' has no rows for 2024"):
        m.figures([FigureRequest("A", "nettokostnader", budget_version="B9")])


def test_missing_month_is_a_clear_error(data_env: Env) -> None:
    con = data_env.connect()
    with pytest.raises(DataMissing, match=r"The ledger has no rows for 2024-05\."):
        FinanceMetrics(con, date(2024, 5, 1), data_env.catalog, UnitTree(con, date(2024, 5, 1)))


def test_unknown_unit_in_definition(data_env: Env) -> None:
    with pytest.raises(ConfigError) as caught:
        metrics(data_env).figures([FigureRequest("X", "nettokostnader")])
    assert str(caught.value) == (
        "the report definition names unit 'X', which is not in the organisation tree"
    )


def test_monthly_series(data_env: Env) -> None:
    m = metrics(data_env)
    months = [date(2024, i, 1) for i in range(1, 13)]
    actual = m.monthly(FigureRequest("A", "nettokostnader"), "actual", months)
    assert actual[:7] == [D(-180), 0, 0, 0, 0, D(-140), D(-100)]
    assert actual[7:] == [None] * 5
    ytd = m.monthly(FigureRequest("A", "nettokostnader"), "actual_ytd", months)
    assert ytd[6] == D("-420")
    budget = m.monthly(FigureRequest("A", "nettokostnader"), "budget", months)
    assert budget == [D(-100)] * 12
    r12 = m.monthly(FigureRequest("A", "nettokostnader"), "r12", months)
    assert r12[0] == D("-770")  # Feb 2023–Jan 2024: A1 90 + 500 + 120, A2 60
    assert r12[6] == D("-920")


# --- differential test: SQL figures equal a pure-Python Decimal reference ---------------

UNITS = ["A1", "A2", "B"]
ACCOUNTS = {"3011": "intakter", "4011": "personalkostnader", "5811": "resekostnader"}
PARENT = {"A1": "A", "A2": "A", "B": "R"}

ledger_rows = st.lists(
    st.tuples(
        st.sampled_from(
            [date(2023, m, 1) for m in range(1, 13)] + [date(2024, m, 1) for m in range(1, 8)]
        ),
        st.sampled_from(UNITS),
        st.sampled_from(sorted(ACCOUNTS)),
        st.decimals(min_value=-(10**7), max_value=10**7, places=2),
        st.sampled_from(["extern", "A1", "B"]),
    ),
    min_size=1,
    max_size=40,
)


def reference(rows: list[tuple], unit: str, first: date, last: date, external: bool) -> D:
    def inside(u: str) -> bool:
        chain = [u]
        while chain[-1] in PARENT:
            chain.append(PARENT[chain[-1]])
        return unit in chain or unit == "R"

    return -sum(
        (
            a
            for p, u, _, a, c in rows
            if inside(u) and first <= p <= last and (not external or c == "extern")
        ),
        D(0),
    )


@settings(max_examples=30, deadline=None)
@given(rows=ledger_rows, unit=st.sampled_from(["R", "A", "A1", "B"]), external=st.booleans())
def test_sql_equals_reference(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple], unit: str, external: bool
) -> None:
    folder = tmp_path_factory.mktemp("diff")
    con = duckdb.connect(":memory:")
    migrate(con)
    catalog = Workspace.open(_workspace(tmp_path_factory)).lines()
    # Anchor the ledger's first and last month so every window is covered by data.
    rows = [
        *rows,
        (date(2023, 1, 1), "B", "4011", D("0.01"), "extern"),
        (JULY, "A1", "4011", D("0.01"), "extern"),
    ]
    files = {
        "units": "unit,name,parent,level\nR,R,,region\nA,A,R,nämnd\nA1,A1,A,enhet\n"
        "A2,A2,A,enhet\nB,B,R,nämnd\n",
        "accounts": "account,name,line\n"
        + "".join(f"{a},{a},{line}\n" for a, line in ACCOUNTS.items()),
        "ledger": "period,unit,account,amount,counterpart\n"
        + "".join(f"{p:%Y-%m},{u},{a},{amt},{c}\n" for p, u, a, amt, c in rows),
    }
    for kind, text in files.items():
        path = folder / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        import_file(con, path, kind, catalog=catalog, temp_dir=folder)
    m = FinanceMetrics(con, JULY, catalog, UnitTree(con, JULY))
    values = m.figures([FigureRequest(unit, "nettokostnader", external_only=external)])[0].values
    assert values["actual_month"] == reference(rows, unit, JULY, JULY, external)
    assert values["actual_ytd"] == reference(rows, unit, date(2024, 1, 1), JULY, external)
    prior = reference(rows, unit, date(2023, 1, 1), date(2023, 7, 1), external)
    assert values["actual_ytd_prior"] == prior
    assert values["r12"] == reference(rows, unit, date(2023, 8, 1), JULY, external)
    con.close()


_WORKSPACE: list[Path] = []


def _workspace(factory: pytest.TempPathFactory) -> Path:
    """One workspace (for its lines.yaml) shared by the examples of the differential test."""
    if not _WORKSPACE:
        _WORKSPACE.append(init_workspace(factory.mktemp("ws") / "ws").root)
    return _WORKSPACE[0]


def test_the_ledger_filter_keeps_exactly_the_rows_in_force(data_env: Env) -> None:
    # A corrected file for June replaces part of an earlier batch; the filter the figures
    # are computed with must keep the same rows as the ledger_current view, also as of an
    # earlier batch.
    from uppsikt.metrics._finance import ledger_in_force
    from uppsikt.warehouse import as_of

    data_env.imp("period,unit,account,amount\n2024-06,A1,4011,555\n", "ledger")
    first, last = date(2023, 1, 1), JULY
    con = data_env.connect()

    def both() -> tuple[tuple, tuple]:
        where = ledger_in_force(con, first, last)
        assert "l.period IN" in where  # the first ledger batch is in force only in part
        filtered = con.execute(
            "SELECT count(*), sum(amount), sum(abs(amount)) FROM ledger l "
            f"WHERE l.period BETWEEN ? AND ? AND {where}",
            [first, last],
        ).fetchone()
        current = con.execute(
            "SELECT count(*), sum(amount), sum(abs(amount)) FROM ledger_current l "
            "WHERE l.period BETWEEN ? AND ?",
            [first, last],
        ).fetchone()
        return filtered, current

    filtered, current = both()
    assert filtered == current
    newest = con.execute("SELECT max(batch_id) FROM batches").fetchone()[0]
    with as_of(con, newest - 1):
        before = ledger_in_force(con, first, last)
        rows = con.execute(
            "SELECT count(*) FROM ledger l WHERE l.period BETWEEN ? AND ? AND " + before,
            [first, last],
        ).fetchone()
        in_view = con.execute(
            "SELECT count(*) FROM ledger_current WHERE period BETWEEN ? AND ?", [first, last]
        ).fetchone()
        assert rows == in_view and rows[0] > 0
    assert ledger_in_force(con, date(2030, 1, 1), date(2030, 12, 1)) == "false"
