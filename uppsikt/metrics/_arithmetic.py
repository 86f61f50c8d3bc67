"""Pure arithmetic of the report's derived figures, on exact decimals.

Report values carry the report sign (revenue positive, cost negative). ``None`` means
"no value" (no budget, no forecast) and propagates; division by zero gives ``None``.
"""

from __future__ import annotations

from decimal import Decimal

Value = Decimal | None


def deviation(actual: Value, budget: Value, report_sign: int = -1) -> Value:
    """Budget (or forecast) deviation, positive when favourable.

    Profit-and-loss values are already signed, so the deviation is actual − budget. Lines
    shown with the ledger sign (investments: spending positive) deviate favourably when the
    spending is below budget: budget − actual.
    """
    if actual is None or budget is None:
        return None
    return actual - budget if report_sign == -1 else budget - actual


def change(current: Value, prior: Value) -> Value:
    """Change vs the prior value in the size of the amount: (current − prior) × sign(prior).

    A cost that grew shows a positive change (−62,9 vs −57,9 → +5,0); from nothing, the
    sign of the current value tells whether it is a cost or a revenue that appeared.
    """
    if current is None or prior is None:
        return None
    sign = -1 if prior < 0 or (prior == 0 and current < 0) else 1
    return (current - prior) * sign


def difference(current: Value, other: Value) -> Value:
    """current − other on signed values (no favourable-sign convention)."""
    if current is None or other is None:
        return None
    return current - other


def plan(base: Value, plan_change: Decimal | None) -> Value:
    """An assignment's plan: the base changed by ``plan_change`` (−0,15: cut by 15 %)."""
    if base is None or plan_change is None:
        return None
    return base * (1 + plan_change)


def change_pct(current: Value, prior: Value) -> Value:
    """Relative change (current − prior) / prior on signed values (−62,9 vs −57,9 → +0,086)."""
    if current is None or prior is None or prior == 0:
        return None
    # A ratio has no exact decimal form; keep the nearest binary double, which the JSON
    # report carries without loss.
    return Decimal(repr(float((current - prior) / prior)))


def running_sum(values: list[Value]) -> list[Value]:
    """Cumulative sums (year to date); ``None`` stays ``None`` and stops nothing."""
    total = Decimal(0)
    sums: list[Value] = []
    for value in values:
        if value is None:
            sums.append(None)
            continue
        total += value
        sums.append(total)
    return sums


def rolling_sum(values: list[Decimal], window: int = 12) -> list[Value]:
    """Sum of each value and the ``window − 1`` before it (R12); ``None`` until the window fills."""
    sums: list[Value] = []
    for index in range(len(values)):
        if index + 1 < window:
            sums.append(None)
        else:
            sums.append(sum(values[index + 1 - window : index + 1], Decimal(0)))
    return sums
