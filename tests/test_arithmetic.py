"""The derived figures' arithmetic: hand-computed cases and identities."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uppsikt.metrics import change, change_pct, deviation, rolling_sum, running_sum

amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False)

# (actual, budget, report_sign, expected) — from the seed's tables.
DEVIATIONS = [
    (D("-63"), D("-67"), -1, D("4")),  # RF gemensamt, July: cost below budget is favourable
    (D("-630"), D("-574"), -1, D("-56")),
    (D("4654"), D("4693"), -1, D("-39")),  # tax revenue below budget is unfavourable
    (D("714"), D("648"), 1, D("-66")),  # investments above budget (shown positive)
    (None, D("1"), -1, None),
]


@pytest.mark.parametrize(("actual", "budget", "sign", "expected"), DEVIATIONS)
def test_deviation(actual: D | None, budget: D, sign: int, expected: D | None) -> None:
    assert deviation(actual, budget, sign) == expected


def test_change_follows_the_size_of_a_cost() -> None:
    # The seed's hired-staff table: doctors in hospital care −62,9 vs −57,9 → +5,0 and +9 %.
    assert change(D("-62.9"), D("-57.9")) == D("5.0")
    assert round(change_pct(D("-62.9"), D("-57.9")), 3) == D("0.086")
    # A cost that shrank: −8,0 vs −10,7 → −2,7 (the seed prints −2,6 from unrounded values).
    assert change(D("-8.0"), D("-10.7")) == D("-2.7")
    # Revenue rows use the same formulas.
    assert change(D("110"), D("100")) == D("10")
    assert change(D("-250"), D("0")) == D("250")  # a cost that appeared grew by its size
    assert change_pct(D("1"), D("0")) is None


@given(amounts, amounts)
def test_deviation_is_actual_minus_budget(actual: D, budget: D) -> None:
    assert deviation(actual, budget, -1) == actual - budget
    assert deviation(actual, budget, 1) == -(actual - budget)


@given(amounts, amounts)
def test_change_sign_is_growth_of_magnitude(current: D, prior: D) -> None:
    delta = change(current, prior)
    assert delta is not None
    if (current < 0) == (prior < 0) or prior == 0:
        assert (delta > 0) == (abs(current) > abs(prior))
    assert abs(delta) == abs(current - prior)


@given(amounts, amounts.filter(lambda x: x != 0))
def test_change_pct_identity(current: D, prior: D) -> None:
    assert change_pct(current, prior) * prior == pytest.approx(current - prior)


@given(st.lists(amounts, min_size=1, max_size=24))
def test_ytd_is_sum_of_months(months: list[D]) -> None:
    ytd = running_sum(months)
    assert ytd[-1] == sum(months, D(0))
    assert all(ytd[i] - ytd[i - 1] == months[i] for i in range(1, len(months)))


@given(st.lists(amounts, min_size=12, max_size=36))
def test_r12_identities(months: list[D]) -> None:
    r12 = rolling_sum(months)
    assert all(v is None for v in r12[:11])
    assert r12[11] == sum(months[:12], D(0))
    for i in range(12, len(months)):
        # R12 moves by the month that enters minus the month that leaves.
        assert r12[i] - r12[i - 1] == months[i] - months[i - 12]
