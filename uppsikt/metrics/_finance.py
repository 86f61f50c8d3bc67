"""Financial figures for any month, unit subtree and line: actual, budget, forecast and
everything derived from them.

All ledger arithmetic is SQL in the warehouse: the ledger is aggregated once per build to
report grain (unit × line × month × external), and every figure is summed from that.
Only report-sized answers reach Python, where the derived columns are computed exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

import duckdb

from uppsikt.config import LineCatalog
from uppsikt.errors import ConfigError, DataMissing
from uppsikt.metrics import _arithmetic as arith
from uppsikt.metrics._tree import UnitTree
from uppsikt.periods import add_months, period_code, year_start
from uppsikt.warehouse import insert_columns

# The report-grain aggregation of the ledger: the one query that reads ledger rows.
ACTUALS_SQL = """
CREATE OR REPLACE TEMP TABLE _actuals AS
SELECT g.unit, g.line, g.period, g.is_external, g.amount * s.report_sign AS amount
FROM (
    SELECT l.unit, a.line, l.period,
           coalesce(l.counterpart = 'extern', false) AS is_external,
           sum(l.amount) AS amount
    FROM ledger l
    JOIN accounts_current a ON a.account = l.account
    -- {in_force}: the rows of ledger_current, written as constants (the batches in force)
    WHERE l.period BETWEEN $first AND $last AND {in_force}
    GROUP BY l.unit, a.line, l.period, is_external
) g
JOIN _line_signs s ON s.line = g.line
"""

BUDGET_SQL = """
CREATE OR REPLACE TEMP TABLE _budget AS
SELECT b.unit, a.line, b.period, b.version, sum(b.amount) * s.report_sign AS amount
FROM budget_current b
JOIN accounts_current a ON a.account = b.account
JOIN _line_signs s ON s.line = a.line
WHERE year(b.period) = $year
GROUP BY b.unit, a.line, b.period, b.version, s.report_sign
"""

# The latest forecast made in or before the month, per unit (a unit that skipped a
# forecast round keeps its previous one).
FORECAST_SQL = """
CREATE OR REPLACE TEMP TABLE _forecast AS
WITH latest AS (
    SELECT DISTINCT unit, made_in, version FROM forecast_current
    WHERE year = $year AND made_in <= $month
    QUALIFY row_number() OVER (PARTITION BY unit ORDER BY made_in DESC, version DESC) = 1
)
SELECT f.unit, f.line, f.made_in, f.version, f.amount * s.report_sign AS amount
FROM forecast_current f
JOIN latest USING (unit, made_in, version)
JOIN _line_signs s ON s.line = f.line
WHERE f.year = $year
"""

FIGURES_SQL = """
SELECT r.req_id,
    sum(c.amount) FILTER (WHERE c.period = $month) AS actual_month,
    sum(c.amount) FILTER (WHERE c.period BETWEEN $year_start AND $month) AS actual_ytd,
    sum(c.amount) FILTER (WHERE c.period BETWEEN $prior_start AND $prior_month)
        AS actual_ytd_prior,
    sum(c.amount) FILTER (WHERE c.period BETWEEN $r12_start AND $month) AS r12,
    sum(c.amount) FILTER (WHERE c.period BETWEEN $prior_r12_start AND $prior_month) AS r12_prior
FROM _requests r
JOIN _unit_closure uc ON uc.ancestor = r.unit
JOIN _line_closure lc ON lc.grp = r.line
JOIN _actuals c ON c.unit = uc.unit AND c.line = lc.member
                AND (NOT r.external_only OR c.is_external)
GROUP BY r.req_id
"""

BUDGET_FIGURES_SQL = """
SELECT r.req_id,
    sum(b.amount) FILTER (WHERE b.period = $month) AS budget_month,
    sum(b.amount) FILTER (WHERE b.period <= $month) AS budget_ytd,
    sum(b.amount) AS budget_year
FROM _requests r
JOIN _unit_closure uc ON uc.ancestor = r.unit
JOIN _line_closure lc ON lc.grp = r.line
JOIN _budget b ON b.unit = uc.unit AND b.line = lc.member AND b.version = r.budget_version
GROUP BY r.req_id
"""

# A forecast given for a whole group (say net cost) says nothing about one line inside it:
# such a request counts the coarser rows and gets no forecast at all.
FORECAST_FIGURES_SQL = """
SELECT r.req_id,
       sum(f.amount) FILTER (WHERE lc.member IS NOT NULL) AS forecast_year,
       list_sort(list(DISTINCT strftime(f.made_in, '%Y-%m') || ' ' || f.version)) AS made,
       count(*) FILTER (WHERE lc.member IS NULL) AS coarser
FROM _requests r
JOIN _unit_closure uc ON uc.ancestor = r.unit
JOIN _forecast f ON f.unit = uc.unit
LEFT JOIN _line_closure lc ON lc.grp = r.line AND lc.member = f.line
LEFT JOIN _line_closure wider ON wider.grp = f.line AND wider.member = r.line
WHERE lc.member IS NOT NULL OR (wider.member IS NOT NULL AND f.line <> r.line)
GROUP BY r.req_id
"""

MONTHLY_SQL = """
SELECT c.period, sum(c.amount) FROM _actuals c
JOIN _unit_closure uc ON uc.unit = c.unit AND uc.ancestor = $unit
JOIN _line_closure lc ON lc.member = c.line AND lc.grp = $line
WHERE NOT $external_only OR c.is_external
GROUP BY c.period
"""

MONTHLY_BUDGET_SQL = """
SELECT b.period, sum(b.amount) FROM _budget b
JOIN _unit_closure uc ON uc.unit = b.unit AND uc.ancestor = $unit
JOIN _line_closure lc ON lc.member = b.line AND lc.grp = $line
WHERE b.version = $version
GROUP BY b.period
"""

QUERIES = {
    "actuals": ACTUALS_SQL,
    "budget": BUDGET_SQL,
    "forecast": FORECAST_SQL,
    "figures": FIGURES_SQL,
    "budget_figures": BUDGET_FIGURES_SQL,
    "forecast_figures": FORECAST_FIGURES_SQL,
    "monthly": MONTHLY_SQL,
    "monthly_budget": MONTHLY_BUDGET_SQL,
}

# How each measure is made, for lineage and `uppsikt explain`.
FORMULAS = {
    "actual_month": "sum of ledger amounts in the month × report sign",
    "budget_month": "sum of budget amounts in the month × report sign",
    "deviation_month": "actual_month − budget_month, or "
    "budget − actual on lines with report_sign 1 (favourable positive)",
    "actual_ytd": "sum of ledger amounts January–month × report sign",
    "actual_ytd_prior": "sum of ledger amounts January–month of the prior year × report sign",
    "budget_ytd": "sum of budget amounts January–month × report sign",
    "deviation_ytd": "actual_ytd − budget_ytd, or "
    "budget − actual on lines with report_sign 1 (favourable positive)",
    "budget_year": "sum of budget amounts January–December × report sign",
    "forecast_year": "full-year forecast, latest made in or before the month, per unit",
    "forecast_deviation": "forecast_year − budget_year, or "
    "budget − forecast on lines with report_sign 1 (favourable positive)",
    "r12": "sum of ledger amounts over the 12 months ending with the month × report sign",
    "r12_prior": "sum of ledger amounts over the 12 months ending a year earlier × report sign",
    "r12_change_pct": "(r12 − r12_prior) / r12_prior",
    "change_ytd": "(actual_ytd − actual_ytd_prior) × sign(actual_ytd_prior)",
    "change_ytd_pct": "(actual_ytd − actual_ytd_prior) / actual_ytd_prior",
    "difference_ytd": "actual_ytd − actual_ytd_prior",
    "plan_ytd": "actual_ytd_prior × (1 + plan_change), the assignment's plan for the year to date",
    "deviation_plan_ytd": "actual_ytd − plan_ytd",
    "deviation_plan_ytd_pct": "(actual_ytd − plan_ytd) / plan_ytd",
}

# The parts a derived measure is computed from.
COMPONENTS = {
    "deviation_month": ("actual_month", "budget_month"),
    "deviation_ytd": ("actual_ytd", "budget_ytd"),
    "forecast_deviation": ("forecast_year", "budget_year"),
    "r12_change_pct": ("r12", "r12_prior"),
    "change_ytd": ("actual_ytd", "actual_ytd_prior"),
    "change_ytd_pct": ("actual_ytd", "actual_ytd_prior"),
    "difference_ytd": ("actual_ytd", "actual_ytd_prior"),
    "plan_ytd": ("actual_ytd_prior",),
    "deviation_plan_ytd": ("actual_ytd", "plan_ytd"),
    "deviation_plan_ytd_pct": ("actual_ytd", "plan_ytd"),
}

_ACTUAL_MEASURES = ("actual_month", "actual_ytd", "actual_ytd_prior", "r12", "r12_prior")
_BUDGET_MEASURES = ("budget_month", "budget_ytd", "budget_year")


@dataclass(frozen=True)
class FigureRequest:
    """Which figures: a unit and everything below it, a line or group, optionally only
    transactions with external counterparts, and a budget version (None: the default)."""

    unit: str
    line: str
    external_only: bool = False
    budget_version: str | None = None
    # An assignment's change of the prior year's actual (−0.15: cut by 15 %), for plan_ytd.
    plan_change: Decimal | None = None


@dataclass(frozen=True)
class Figures:
    """Every measure for one request, unrounded, with what each was computed from."""

    request: FigureRequest
    values: dict[str, Decimal | None]
    lineage: dict[str, dict[str, object]] = field(default_factory=dict)


def ledger_in_force(con: duckdb.DuckDBPyConnection, first: date, last: date) -> str:
    """A filter on ``ledger l`` keeping the rows in force from ``first`` to ``last``: the rows
    ``ledger_current`` holds, written as constants (batches in force for all their months, and
    the months in force of a partly replaced batch) so DuckDB applies it while it scans the
    ledger instead of joining every row with ``current_batch_periods``."""
    rows = con.execute(
        """
        SELECT p.batch_id, p.period,
               EXISTS (SELECT 1 FROM current_batch_periods c
                       WHERE c.kind = 'ledger' AND c.batch_id = p.batch_id
                         AND c.period = p.period) AS in_force
        FROM (SELECT DISTINCT batch_id, period FROM batch_periods
              WHERE kind = 'ledger' AND period BETWEEN ? AND ?) p
        ORDER BY 1, 2
        """,
        [first, last],
    ).fetchall()
    months: dict[int, list[date]] = {}
    replaced: set[int] = set()
    for batch_id, month, in_force in rows:
        if in_force:
            months.setdefault(batch_id, []).append(month)
        else:
            replaced.add(batch_id)
    whole = [str(int(b)) for b in months if b not in replaced]
    terms = [f"l.batch_id IN ({', '.join(whole)})"] if whole else []
    for batch_id in sorted(set(months) & replaced):
        dates = ", ".join(f"DATE '{m.isoformat()}'" for m in months[batch_id])
        terms.append(f"(l.batch_id = {int(batch_id)} AND l.period IN ({dates}))")
    return "(" + " OR ".join(terms) + ")" if terms else "false"


class FinanceMetrics:
    """Financial figures for one report month, computed in the warehouse."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        period: date,
        catalog: LineCatalog,
        tree: UnitTree,
        *,
        default_budget_version: str | None = None,
        history_months: int = 36,
    ) -> None:
        self.con, self.period, self.catalog, self.tree = con, period, catalog, tree
        self.first_month = add_months(period, -(history_months - 1))
        con.execute("CREATE OR REPLACE TEMP TABLE _line_closure (grp VARCHAR, member VARCHAR)")
        closure = catalog.closure()
        insert_columns(
            con, "_line_closure", grp=[g for g, _ in closure], member=[m for _, m in closure]
        )
        con.execute("CREATE OR REPLACE TEMP TABLE _line_signs (line VARCHAR, report_sign INTEGER)")
        insert_columns(
            con,
            "_line_signs",
            line=list(catalog.labels),
            report_sign=[catalog.report_sign(i) for i in catalog.labels],
        )
        in_force = ledger_in_force(con, self.first_month, period)
        con.execute(
            ACTUALS_SQL.format(in_force=in_force), {"first": self.first_month, "last": period}
        )
        con.execute(BUDGET_SQL, {"year": period.year})
        con.execute(FORECAST_SQL, {"year": period.year, "month": period})
        has_month, data_start = con.execute(
            "SELECT count(*) FILTER (WHERE period = ?), min(period) FROM _actuals", [period]
        ).fetchone()
        if not has_month:
            raise DataMissing(
                f"The ledger has no rows for {period_code(period)}.",
                hint="Import that month's ledger with 'uppsikt import FILE --kind ledger'.",
            )
        # Figures whose months reach back before the ledger's first month are unknown.
        self.data_start: date = data_start
        self.budget_versions = [
            r[0] for r in con.execute("SELECT DISTINCT version FROM _budget ORDER BY 1").fetchall()
        ]
        self.default_budget_version = default_budget_version

    def budget_version(self, requested: str | None) -> str | None:
        """The budget version to use: the requested one, the default, or the only one."""
        version = requested or self.default_budget_version
        if version:
            if self.budget_versions and version not in self.budget_versions:
                raise ConfigError(
                    f"budget version '{version}' has no rows for {self.period.year}; "
                    f"versions present: {', '.join(self.budget_versions)}"
                )
            return version
        if len(self.budget_versions) > 1:
            raise ConfigError(
                f"the budget for {self.period.year} has several versions "
                f"({', '.join(self.budget_versions)}); name one with budget_version in "
                "report.yaml"
            )
        return self.budget_versions[0] if self.budget_versions else None

    def figures(self, requests: list[FigureRequest], at: date | None = None) -> list[Figures]:
        """All measures for each request, in the order given.

        ``at`` computes the actual measures as of an earlier month (a row "2020" of a table
        of annual changes); budget and forecast exist only for the report month itself.
        """
        at = at or self.period
        resolved = [
            replace(
                r,
                unit=self.tree.resolve(r.unit),
                budget_version=self.budget_version(r.budget_version),
            )
            for r in requests
        ]
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _requests (req_id INTEGER, unit VARCHAR, line VARCHAR, "
            "external_only BOOLEAN, budget_version VARCHAR)"
        )
        insert_columns(
            self.con,
            "_requests",
            req_id=list(range(len(resolved))),
            unit=[r.unit for r in resolved],
            line=[r.line for r in resolved],
            external_only=[r.external_only for r in resolved],
            budget_version=[r.budget_version for r in resolved],
        )
        actuals = self._by_request(FIGURES_SQL, self._window_params(at))
        if at == self.period:
            budgets = self._by_request(BUDGET_FIGURES_SQL, {"month": self.period})
            forecasts = self._by_request(FORECAST_FIGURES_SQL, {})
        else:
            budgets, forecasts = {}, {}
            resolved = [replace(r, budget_version=None) for r in resolved]
        return [
            self._derive(i, request, actuals.get(i), budgets.get(i), forecasts.get(i), at)
            for i, request in enumerate(resolved)
        ]

    def _window_params(self, at: date | None = None) -> dict[str, date]:
        at = at or self.period
        prior_month = add_months(at, -12)
        return {
            "month": at,
            "year_start": year_start(at),
            "prior_start": year_start(prior_month),
            "prior_month": prior_month,
            "r12_start": add_months(at, -11),
            "prior_r12_start": add_months(at, -23),
        }

    def _by_request(self, sql: str, params: dict[str, object]) -> dict[int, tuple]:
        return {row[0]: row[1:] for row in self.con.execute(sql, params).fetchall()}

    def _derive(
        self,
        index: int,
        request: FigureRequest,
        actual_row: tuple | None,
        budget_row: tuple | None,
        forecast_row: tuple | None,
        at: date,
    ) -> Figures:
        zero = Decimal(0)
        values: dict[str, Decimal | None] = {}
        for name, value in zip(_ACTUAL_MEASURES, actual_row or (None,) * 5, strict=True):
            values[name] = value if value is not None else zero
        has_budget = request.budget_version is not None
        for name, value in zip(_BUDGET_MEASURES, budget_row or (None,) * 3, strict=True):
            values[name] = (value if value is not None else zero) if has_budget else None
        # No forecast row for the unit and line, or only rows for a wider group: unknown.
        values["forecast_year"] = forecast_row[0] if forecast_row and not forecast_row[2] else None
        for name, (first, _) in self._spans(at).items():
            if name in _ACTUAL_MEASURES and first < self.data_start:
                values[name] = None
        sign = self.catalog.report_sign(request.line)
        values["deviation_month"] = arith.deviation(
            values["actual_month"], values["budget_month"], sign
        )
        values["deviation_ytd"] = arith.deviation(values["actual_ytd"], values["budget_ytd"], sign)
        values["forecast_deviation"] = arith.deviation(
            values["forecast_year"], values["budget_year"], sign
        )
        values["r12_change_pct"] = arith.change_pct(values["r12"], values["r12_prior"])
        values["change_ytd"] = arith.change(values["actual_ytd"], values["actual_ytd_prior"])
        values["change_ytd_pct"] = arith.change_pct(
            values["actual_ytd"], values["actual_ytd_prior"]
        )
        values["difference_ytd"] = arith.difference(
            values["actual_ytd"], values["actual_ytd_prior"]
        )
        values["plan_ytd"] = arith.plan(values["actual_ytd_prior"], request.plan_change)
        values["deviation_plan_ytd"] = arith.difference(values["actual_ytd"], values["plan_ytd"])
        values["deviation_plan_ytd_pct"] = arith.change_pct(
            values["actual_ytd"], values["plan_ytd"]
        )
        forecast_made = list(forecast_row[1]) if forecast_row else []
        return Figures(request, values, self._lineage(request, forecast_made, at))

    def _spans(self, at: date | None = None) -> dict[str, tuple[date, date]]:
        """The months each base measure sums."""
        windows = self._window_params(at)
        return {
            "actual_month": (windows["month"], windows["month"]),
            "budget_month": (windows["month"], windows["month"]),
            "actual_ytd": (windows["year_start"], windows["month"]),
            "budget_ytd": (windows["year_start"], windows["month"]),
            "actual_ytd_prior": (windows["prior_start"], windows["prior_month"]),
            "budget_year": (windows["year_start"], add_months(windows["year_start"], 11)),
            "r12": (windows["r12_start"], windows["month"]),
            "r12_prior": (windows["prior_r12_start"], windows["prior_month"]),
        }

    def _lineage(
        self, request: FigureRequest, forecast_made: list[str], at: date
    ) -> dict[str, dict]:
        spans = self._spans(at)
        base = {
            "unit": request.unit,
            "line": request.line,
            "external_only": request.external_only,
        }
        lineage: dict[str, dict] = {}
        for measure, formula in FORMULAS.items():
            entry: dict[str, object] = {"measure": measure, "formula": formula, **base}
            if measure in spans:
                first, last = spans[measure]
                entry["periods"] = [period_code(first), period_code(last)]
                entry["query"] = "budget_figures" if measure.startswith("budget") else "figures"
            if measure.startswith(("budget", "deviation")) or measure == "forecast_deviation":
                entry["budget_version"] = request.budget_version
            if "plan" in measure:
                entry["plan_change"] = (
                    str(request.plan_change) if request.plan_change is not None else None
                )
            if measure.startswith("forecast"):
                entry["forecast"] = forecast_made
                entry["query"] = "forecast_figures"
            lineage[measure] = entry
        for measure, parts in COMPONENTS.items():
            lineage[measure]["components"] = {part: lineage[part] for part in parts}
        return lineage

    def monthly(
        self,
        request: FigureRequest,
        measure: str,
        months: list[date],
    ) -> list[Decimal | None]:
        """A measure per month for a chart: actual, actual_ytd, budget, budget_ytd, r12 or
        r12_change_pct. Months after the report month have no actual value."""
        unit = self.tree.resolve(request.unit)
        if measure.startswith("budget"):
            version = self.budget_version(request.budget_version)
            rows = self.con.execute(
                MONTHLY_BUDGET_SQL, {"unit": unit, "line": request.line, "version": version}
            ).fetchall()
        else:
            rows = self.con.execute(
                MONTHLY_SQL,
                {"unit": unit, "line": request.line, "external_only": request.external_only},
            ).fetchall()
        by_month = dict(rows)
        first = min(months[0], add_months(months[0], -23))
        span = []
        current = first
        while current <= months[-1]:
            span.append(current)
            current = add_months(current, 1)
        monthly = [by_month.get(m, Decimal(0)) for m in span]
        if measure in ("actual", "budget"):
            series = monthly
        elif measure in ("actual_ytd", "budget_ytd"):
            series = []
            for index, month in enumerate(span):
                start = span.index(year_start(month)) if year_start(month) in span else 0
                series.append(sum(monthly[start : index + 1], Decimal(0)))
        elif measure == "r12":
            series = arith.rolling_sum(monthly)
        elif measure == "r12_change_pct":
            r12 = arith.rolling_sum(monthly)
            series = [
                arith.change_pct(r12[i], r12[i - 12]) if i >= 12 else None for i in range(len(span))
            ]
        else:
            raise ValueError(f"unknown monthly measure '{measure}'")
        values = dict(zip(span, series, strict=True))
        limit = (
            self.period
            if not measure.startswith("budget")
            else add_months(year_start(self.period), 11)
        )
        if measure in ("r12", "r12_change_pct"):
            covered = add_months(self.data_start, 11 if measure == "r12" else 23)
        else:
            covered = self.data_start if measure.startswith("actual") else self.first_month
        return [values[m] if covered <= m <= limit else None for m in months]
