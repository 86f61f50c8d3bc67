"""Readiness of finance tables and charts: ledger months, budget, forecast, reconciliation.

Each check asks the warehouse (through the ``*_current`` views, ``batches`` and
``batch_periods``) about exactly the units and months the block shows; see docs/check.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from uppsikt.check._context import CheckContext
from uppsikt.check._model import Finding
from uppsikt.check._needs import Needs, chart_needs, table_needs
from uppsikt.config import ChartBlockDef, SectionDef, TableBlockDef
from uppsikt.errors import ConfigError
from uppsikt.fmt import format_amount
from uppsikt.periods import add_months, period_code

__all__ = ["FORECAST_MAX_AGE_MONTHS", "check_finance_block", "month_spans"]

# A forecast made more than this many months before the report month is stale.
FORECAST_MAX_AGE_MONTHS = 2


def month_spans(months: list[date]) -> str:
    """Months as ranges: [2024-02, 2024-03, 2024-05] → "2024-02..2024-03, 2024-05"."""
    spans: list[list[date]] = []
    for month in sorted(months):
        if spans and add_months(spans[-1][1], 1) == month:
            spans[-1][1] = month
        else:
            spans.append([month, month])
    return ", ".join(
        period_code(a) if a == b else f"{period_code(a)}..{period_code(b)}" for a, b in spans
    )


def _kr(value: Decimal, plus: bool = False) -> str:
    return format_amount(value, "kr", 2, plus=plus) + " kr"


class _BlockCheck:
    def __init__(self, ctx: CheckContext, section: SectionDef, block_id: str) -> None:
        self.ctx, self.section, self.block_id = ctx, section.id, block_id
        self.findings: list[Finding] = []

    def add(self, status: str, what: str, detail: str, **data: object) -> None:
        self.findings.append(
            Finding(self.section, self.block_id, status, what, detail, data)  # type: ignore[arg-type]
        )

    # -- ledger ----------------------------------------------------------------------------

    def ledger(self, needs: Needs) -> None:
        ctx, months = self.ctx, sorted(needs.months)
        if not months:
            return
        if not ctx.ledger_months:
            self.add("missing", "ledger", "no ledger is imported", months=_codes(months))
            return
        start = min(ctx.ledger_months)
        before = [m for m in months if m < start]
        gaps = [m for m in months if m >= start and m not in ctx.ledger_months]
        if before:
            self.add(
                "warning",
                f"ledger {month_spans(before)}",
                f"the ledger starts {period_code(start)}; figures that need earlier months "
                "are left empty",
                months=_codes(before),
            )
        if gaps:
            self.add("missing", f"ledger {month_spans(gaps)}", "not imported", months=_codes(gaps))
        this_year = [m for m in months if m.year == ctx.period.year and m in ctx.ledger_months]
        lacking = self._units_without_rows(needs.units, this_year)
        for unit, unit_months in lacking:
            self.add(
                "missing",
                f"ledger {ctx.unit_label(unit)}",
                f"no rows in {month_spans(unit_months)}",
                unit=unit,
                months=_codes(unit_months),
            )
        if this_year and not gaps and not lacking:
            self.add(
                "ok",
                f"ledger {month_spans(this_year)}",
                f"rows for each of the {len(needs.units)} unit(s) the block shows",
                units=needs.units,
            )
        self.reconciliation(needs, [m for m in months if m in ctx.ledger_months])

    def _units_without_rows(self, units: list[str], months: list[date]) -> list[tuple]:
        if not months or not units:
            return []
        return self.ctx.con.execute(
            """
            SELECT r.unit, list(m.month ORDER BY m.month)
            FROM (SELECT unnest($units) AS unit) r, (SELECT unnest($months) AS month) m
            WHERE NOT EXISTS (
                SELECT 1 FROM _unit_closure c JOIN _check_ledger l ON l.unit = c.unit
                WHERE c.ancestor = r.unit AND l.period = m.month)
            GROUP BY r.unit ORDER BY list_position($units, r.unit)
            """,
            {"units": units, "months": months},
        ).fetchall()

    def reconciliation(self, needs: Needs, months: list[date]) -> None:
        """A month whose ledger a later batch delivered again with other totals."""
        if not months or not needs.units:
            return
        rows = self.ctx.con.execute(
            """
            WITH cur AS (
                SELECT source, period, batch_id FROM current_batch_periods
                WHERE kind = 'ledger' AND list_contains($months, period)
            ), pairs AS (
                SELECT c.source, c.period, c.batch_id AS new_batch, max(p.batch_id) AS old_batch
                FROM cur c JOIN batch_periods p
                  ON p.kind = 'ledger' AND p.source = c.source AND p.period = c.period
                 AND p.batch_id < c.batch_id
                GROUP BY ALL
            ), units AS (
                SELECT DISTINCT unit FROM _unit_closure WHERE list_contains($units, ancestor)
            ), totals AS (
                SELECT p.source, p.period, p.old_batch, p.new_batch,
                       coalesce(sum(l.amount) FILTER (WHERE l.batch_id = p.old_batch), 0) AS old,
                       coalesce(sum(l.amount) FILTER (WHERE l.batch_id = p.new_batch), 0) AS new
                FROM pairs p
                LEFT JOIN ledger l
                  ON l.period = p.period AND l.batch_id IN (p.old_batch, p.new_batch)
                 AND l.unit IN (SELECT unit FROM units)
                GROUP BY ALL
            )
            SELECT source, period, old_batch, new_batch, old, new, new - old AS difference
            FROM totals WHERE new <> old ORDER BY period, source
            """,
            {"months": months, "units": needs.units},
        ).fetchall()
        for source, month, old_batch, new_batch, old, new, difference in rows:
            self.add(
                "warning",
                f"ledger {period_code(month)} reconciliation",
                f"batch {new_batch} changed the month's total for the block's units from "
                f"{_kr(old)} (batch {old_batch}) to {_kr(new)}: {_kr(difference, True)}",
                source=source,
                period=period_code(month),
                old_batch=old_batch,
                new_batch=new_batch,
                old_total=str(old),
                new_total=str(new),
                difference=str(difference),
            )

    # -- budget ----------------------------------------------------------------------------

    def budget(self, needs: Needs) -> None:
        for year, version in sorted(needs.budgets, key=lambda b: (b[0], b[1] or "")):
            versions = [
                r[0]
                for r in self.ctx.con.execute(
                    "SELECT DISTINCT version FROM budget_current "
                    "WHERE period BETWEEN make_date(?, 1, 1) AND make_date(?, 12, 1) ORDER BY 1",
                    [year, year],
                ).fetchall()
            ]
            what = f"budget {year}" + (f" {version}" if version else "")
            if not versions:
                self.add("missing", what, "not imported", year=year, version=version)
                continue
            if version is None and len(versions) > 1:
                self.add(
                    "missing",
                    what,
                    f"several versions ({', '.join(versions)}); name one with budget_version "
                    "in report.yaml",
                    year=year,
                    versions=versions,
                )
                continue
            if version is not None and version not in versions:
                self.add(
                    "missing",
                    what,
                    f"not imported (versions present: {', '.join(versions)})",
                    year=year,
                    version=version,
                )
                continue
            used = version or versions[0]
            lacking = self._units_without_budget(needs.units, year, used)
            for unit in lacking:
                self.add(
                    "missing",
                    f"budget {year} {used} {self.ctx.unit_label(unit)}",
                    "no budget rows for the unit",
                    year=year,
                    version=used,
                    unit=unit,
                )
            if not lacking:
                self.add(
                    "ok",
                    f"budget {year} {used}",
                    f"rows for each of the {len(needs.units)} unit(s) the block shows",
                    year=year,
                    version=used,
                )

    def _units_without_budget(self, units: list[str], year: int, version: str) -> list[str]:
        rows = self.ctx.con.execute(
            """
            SELECT r.unit FROM (SELECT unnest($units) AS unit) r
            WHERE NOT EXISTS (
                SELECT 1 FROM _unit_closure c JOIN budget_current b ON b.unit = c.unit
                WHERE c.ancestor = r.unit AND b.version = $version
                  AND b.period BETWEEN make_date($year, 1, 1) AND make_date($year, 12, 1))
            ORDER BY list_position($units, r.unit)
            """,
            {"units": units, "year": year, "version": version},
        ).fetchall()
        return [r[0] for r in rows]

    # -- forecast --------------------------------------------------------------------------

    def forecast(self, needs: Needs) -> None:
        if not needs.forecast or not needs.units:
            return
        ctx = self.ctx
        oldest = add_months(ctx.period, -FORECAST_MAX_AGE_MONTHS)
        rows = ctx.con.execute(
            """
            WITH latest AS (
                SELECT unit, made_in, version
                FROM (SELECT DISTINCT unit, made_in, version FROM forecast_current
                      WHERE year = $year AND made_in <= $month)
                QUALIFY row_number() OVER (
                    PARTITION BY unit ORDER BY made_in DESC, version DESC) = 1
            )
            SELECT r.unit, count(l.unit) AS units, max(l.made_in) AS newest,
                   list(struct_pack(unit := l.unit, made_in := l.made_in, version := l.version)
                        ORDER BY l.unit) FILTER (WHERE l.made_in < $oldest) AS stale
            FROM (SELECT unnest($units) AS unit) r
            JOIN _unit_closure c ON c.ancestor = r.unit
            LEFT JOIN latest l ON l.unit = c.unit
            GROUP BY r.unit ORDER BY list_position($units, r.unit)
            """,
            {"year": ctx.period.year, "month": ctx.period, "oldest": oldest, "units": needs.units},
        ).fetchall()
        what = f"forecast {ctx.period.year}"
        absent = [unit for unit, count, _, _ in rows if count == 0]
        stale = {
            (s["unit"], s["made_in"], s["version"]) for _, _, _, found in rows for s in found or []
        }
        if absent:
            self.add(
                "missing",
                what,
                f"no forecast made in or before {period_code(ctx.period)} for "
                + ", ".join(ctx.unit_label(u) for u in absent),
                units=absent,
            )
        if stale:
            listed = sorted(stale)
            self.add(
                "stale",
                what,
                f"made more than {FORECAST_MAX_AGE_MONTHS} months before "
                f"{period_code(ctx.period)}: "
                + ", ".join(f"{ctx.unit_label(u)} {period_code(m)} {v}" for u, m, v in listed),
                forecasts=[
                    {"unit": u, "made_in": period_code(m), "version": v} for u, m, v in listed
                ],
            )
        if not absent and not stale:
            newest = max(r[2] for r in rows)
            self.add(
                "ok",
                what,
                f"made within {FORECAST_MAX_AGE_MONTHS} months of {period_code(ctx.period)} "
                f"for each unit (latest {period_code(newest)})",
            )


def _codes(months: list[date]) -> list[str]:
    return [period_code(m) for m in months]


def check_finance_block(ctx: CheckContext, section: SectionDef, block: object) -> list[Finding]:
    """Findings for a ``table`` or ``chart`` block."""
    assert isinstance(block, TableBlockDef | ChartBlockDef)
    check = _BlockCheck(ctx, section, block.id)
    if ctx.tree is None:
        check.add("not_checked", "finance data", "no organisation tree (see workspace findings)")
        return check.findings
    tree = ctx.tree
    try:
        parents = [r.children_of for r in getattr(block, "rows", []) if r.children_of]
        if isinstance(block, ChartBlockDef) and block.children_of:
            parents.append(block.children_of)
        children = {p: [u.unit for u in tree.children(p)] for p in parents}
        if isinstance(block, TableBlockDef):
            needs = table_needs(block, ctx.definition, ctx.period, children)
        else:
            needs = chart_needs(block, ctx.definition, ctx.period, children)
        needs.units = list(dict.fromkeys(tree.resolve(u) for u in needs.units))
    except ConfigError as error:
        check.add("missing", "organisation tree", str(error))
        return check.findings
    check.ledger(needs)
    check.budget(needs)
    check.forecast(needs)
    return check.findings
