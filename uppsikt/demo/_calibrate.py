"""Finding unrounded amounts that print as a set of rounded figures.

The seed report prints rounded figures, and its sums and deviations are computed from the
unrounded amounts, so the printed cells of a row do not always add up (−63 − −67 = 4, but
0 − −1 prints as 0). To reproduce every printed cell, the demo needs amounts whose rounded
values, sums and differences all print as the seed does. That is a linear feasibility
problem: each printed cell bounds a linear expression of the amounts to [p − ½, p + ½).
It is solved here by cyclic projection onto those slabs, which converges to a point inside
all of them when one exists (and the seed's figures come from real amounts, so one does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# How far inside a rounding interval the solution must lie, in the printed unit: far enough
# that generating cents from the amounts cannot move a figure across a rounding boundary.
MARGIN = 0.02


@dataclass(frozen=True)
class Printed:
    """A printed cell: ``sum(coefficient × variable)`` rounds to ``value`` at ``decimals``."""

    terms: Mapping[str, float]
    value: float
    decimals: int = 0
    what: str = ""

    @property
    def bounds(self) -> tuple[float, float]:
        half = 0.5 * 10**-self.decimals - MARGIN * 10**-self.decimals
        return self.value - half, self.value + half


@dataclass(frozen=True)
class Bound:
    """``low <= sum(coefficient × variable) <= high``: for ratios, multiplied out."""

    terms: Mapping[str, float]
    low: float
    high: float
    what: str = ""

    @property
    def bounds(self) -> tuple[float, float]:
        return self.low, self.high


Cell = Printed | Bound


class Infeasible(RuntimeError):
    """No amounts found that print as required (a transcription error, usually)."""


def solve(cells: list[Cell], start: Mapping[str, float], *, rounds: int = 5000) -> dict[str, float]:
    """Amounts, starting from ``start``, such that every cell prints as its ``value``."""
    x = dict(start)
    for cell in cells:
        for name in cell.terms:
            x.setdefault(name, 0.0)
    for _ in range(rounds):
        worst = 0.0
        for cell in cells:
            low, high = cell.bounds
            total = sum(c * x[n] for n, c in cell.terms.items())
            gap = low - total if total < low else high - total if total > high else 0.0
            if gap:
                worst = max(worst, abs(gap))
                norm = sum(c * c for c in cell.terms.values())
                # Aim a little past the boundary so the point settles inside the slab.
                width = min(high - low, 1.0)
                step = (gap + (0.25 * width if gap > 0 else -0.25 * width)) / norm
                for name, c in cell.terms.items():
                    x[name] += step * c
        if worst == 0.0:
            return x
    violated = [c.what or str(dict(c.terms)) for c in cells if not _inside(c, x)]
    raise Infeasible(f"no amounts print as required; violated: {', '.join(violated[:5])}")


def _inside(cell: Cell, x: Mapping[str, float]) -> bool:
    low, high = cell.bounds
    return low <= sum(c * x[n] for n, c in cell.terms.items()) <= high


def rounds_to(value: float, printed: float, decimals: int = 0) -> bool:
    """Whether ``value`` prints as ``printed`` (half away from zero, as uppsikt.fmt does)."""
    scale = 10**decimals
    scaled = abs(value) * scale
    rounded = int(scaled + 0.5) * (1 if value >= 0 else -1)
    return rounded == round(printed * scale)
