"""Importing KPI observations (``--kind kpi``): the fixed columns plus each KPI's breakdowns.

The file is staged whole (KPI files are report-sized), every row is checked against the KPI
catalog (kpis.yaml) in SQL, and only a clean file is stored, as one batch whose scopes are
(period, KPI): a file for one KPI never replaces another KPI's observations.
"""

from __future__ import annotations

import duckdb

from uppsikt.config._kpis import PERIOD_MONTHS, KpiCatalog
from uppsikt.errors import InputErrors, Problem
from uppsikt.ingest._checks import Check, checks_for
from uppsikt.ingest._contract import KindSpec
from uppsikt.ingest._files import SourceFile
from uppsikt.ingest._importer import (
    ImportResult,
    _collect,
    _listing_sql,
    missing_columns,
    record_batch,
)
from uppsikt.ingest._parse import parse_expr, raw_expr, sql_literal
from uppsikt.warehouse import insert_columns

__all__ = ["kpi_header_problems", "store_kpi_batch"]


def kpi_header_problems(
    spec: KindSpec, source: SourceFile, kpis: KpiCatalog
) -> tuple[list[Problem], list[str]]:
    """Missing fixed columns are errors; a column no KPI has is ignored with a warning."""
    problems, warnings = missing_columns(spec, source), []
    known = set(spec.names) | set(kpis.breakdown_columns)
    for key, (name, _) in source.columns.items():
        if key not in known:
            warnings.append(
                f"column '{name}' is neither a kpi contract column nor a breakdown of any KPI "
                "in kpis.yaml; ignored"
            )
    return problems, warnings


def _breakdowns_in_file(source: SourceFile, kpis: KpiCatalog) -> list[str]:
    return sorted(b for b in kpis.breakdown_columns if b in source.columns)


def _staging_sql(spec: KindSpec, source: SourceFile, breakdowns: list[str]) -> str:
    parts = [f"{source.row_expr} AS _row"]
    for column in spec.columns:
        name, dtype = source.columns.get(column.name, (None, None))
        parts.append(f"{raw_expr(name, dtype)} AS raw_{column.name}")
        parts.append(f"{parse_expr(column, name, dtype)} AS {column.name}")
    for breakdown in breakdowns:
        name, dtype = source.columns[breakdown]
        parts.append(f"{raw_expr(name, dtype)} AS raw_{breakdown}")
    return f"SELECT {', '.join(parts)} FROM {source.relation}"


def _create_kpi_references(con: duckdb.DuckDBPyConnection, kpis: KpiCatalog) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _ref_kpis (kpi VARCHAR, periodicity VARCHAR, "
        "step INTEGER, threshold BIGINT)"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE _ref_kpi_breakdowns (kpi VARCHAR, breakdown VARCHAR)")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _ref_kpi_values (kpi VARCHAR, breakdown VARCHAR, "
        "code VARCHAR)"
    )
    insert_columns(
        con,
        "_ref_kpis",
        kpi=[k.id for k in kpis.kpis],
        periodicity=[k.periodicity for k in kpis.kpis],
        step=[PERIOD_MONTHS[k.periodicity] for k in kpis.kpis],
        threshold=[k.privacy_threshold for k in kpis.kpis],
    )
    pairs = [(k.id, b) for k in kpis.kpis for b in k.breakdowns]
    insert_columns(
        con,
        "_ref_kpi_breakdowns",
        kpi=[k for k, _ in pairs],
        breakdown=[b.id for _, b in pairs],
    )
    triples = [(k, b.id, code) for k, b in pairs for code in b.values]
    insert_columns(
        con,
        "_ref_kpi_values",
        kpi=[t[0] for t in triples],
        breakdown=[t[1] for t in triples],
        code=[t[2] for t in triples],
    )


def _breakdown_key(breakdowns: list[str]) -> str:
    """The canonical text of a row's non-empty breakdown cells, sorted by column."""
    if not breakdowns:
        return "''"
    items = ", ".join(
        f"CASE WHEN raw_{b} IS NOT NULL THEN {sql_literal(b + '=')} || raw_{b} END"
        for b in breakdowns
    )
    return f"concat_ws(';', {items})"


def _breakdown_map(breakdowns: list[str]) -> str:
    if not breakdowns:
        return "CAST(MAP {} AS MAP(VARCHAR, VARCHAR))"
    entries = ", ".join(f"{{'k': {sql_literal(b)}, 'v': raw_{b}}}" for b in breakdowns)
    return (
        f"CAST(map_from_entries(list_filter([{entries}], lambda x: x.v IS NOT NULL)) "
        "AS MAP(VARCHAR, VARCHAR))"
    )


def _kpi_checks(breakdowns: list[str]) -> list[Check]:
    """The rules beyond the cell types: the KPI, its period, privacy and breakdown values."""
    checks = [
        Check(
            "unknown_kpi",
            "kpi",
            "kpi IS NOT NULL AND _kpi_known IS NULL",
            "'KPI ''' || kpi || ''' is not defined in kpis.yaml'",
            None,
        ),
        Check(
            "not_period_end",
            "period",
            "period IS NOT NULL AND _kpi_known IS NOT NULL AND month(period) % _step <> 0",
            "'KPI ''' || kpi || ''' is reported per ' || replace(_periodicity, '_', '-') || "
            "'; give the last month of the period (' || CASE _step WHEN 4 THEN '04, 08 or 12' "
            "WHEN 6 THEN '06 or 12' ELSE '12' END || ')'",
            None,
        ),
        Check(
            "missing_group_size",
            "group_size",
            "raw_group_size IS NULL AND _threshold IS NOT NULL",
            "'KPI ''' || kpi || ''' is not shown for groups of at most ' || _threshold || "
            "'; give each row its group size'",
            None,
        ),
        Check(
            "incomplete_ratio",
            "denominator",
            "(raw_numerator IS NULL) <> (raw_denominator IS NULL)",
            "'give both numerator and denominator, or neither'",
            None,
        ),
        Check(
            "zero_denominator",
            "denominator",
            "denominator = 0",
            "'the denominator is zero'",
            None,
        ),
    ]
    for breakdown in breakdowns:
        name = sql_literal(breakdown)
        checks.append(
            Check(
                "not_a_breakdown",
                breakdown,
                f"raw_{breakdown} IS NOT NULL AND _kpi_known IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM _ref_kpi_breakdowns r WHERE r.kpi = s.kpi "
                f"AND r.breakdown = {name})",
                f"'KPI ''' || kpi || ''' has no breakdown {breakdown}; leave the cell empty'",
                None,
            )
        )
        checks.append(
            Check(
                "unknown_breakdown_value",
                breakdown,
                f"raw_{breakdown} IS NOT NULL AND EXISTS (SELECT 1 FROM _ref_kpi_breakdowns r "
                f"WHERE r.kpi = s.kpi AND r.breakdown = {name}) AND NOT EXISTS "
                f"(SELECT 1 FROM _ref_kpi_values v WHERE v.kpi = s.kpi "
                f"AND v.breakdown = {name} AND v.code = s.raw_{breakdown})",
                f"'''' || raw_{breakdown} || ''' is not a value of breakdown {breakdown} of "
                "KPI ''' || kpi || ''' in kpis.yaml (an empty cell is the total)'",
                None,
            )
        )
    checks.append(
        Check(
            "duplicate_key",
            None,
            "_row > _first_row",
            "'duplicate of row ' || _first_row || ' (same kpi, period and breakdown values)'",
            None,
        )
    )
    return checks


def store_kpi_batch(
    con: duckdb.DuckDBPyConnection,
    spec: KindSpec,
    opened: SourceFile,
    source_name: str,
    digest: str,
    user: str | None,
    warnings: list[str],
    kpis: KpiCatalog,
) -> ImportResult:
    """Validate and store a KPI file as a batch, inside the caller's transaction."""
    file = str(opened.path)
    breakdowns = _breakdowns_in_file(opened, kpis)
    _create_kpi_references(con, kpis)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _kstage AS
        SELECT s.*, {_breakdown_key(breakdowns)} AS breakdown_key,
               r.kpi AS _kpi_known, r.periodicity AS _periodicity, r.step AS _step,
               r.threshold AS _threshold
        FROM ({_staging_sql(spec, opened, breakdowns)}) s
        LEFT JOIN _ref_kpis r ON r.kpi = s.kpi
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _kstage AS SELECT *, min(_row) OVER "
        "(PARTITION BY kpi, period, breakdown_key) AS _first_row FROM _kstage"
    )
    if not con.execute("SELECT count(*) FROM _kstage").fetchone()[0]:
        raise InputErrors(
            file, [Problem(file, None, None, None, "no_rows", "the file has no data rows")]
        )
    checks = [*checks_for(spec), *_kpi_checks(breakdowns)]
    problems, total = _collect(con, _listing_sql(checks, "_kstage s"), file)
    if problems:
        raise InputErrors(file, problems, total)
    batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM batches").fetchone()[0]
    rows = con.execute(
        f"""
        INSERT INTO kpi_observations
        SELECT {batch_id}, kpi, period, {_breakdown_map(breakdowns)}, breakdown_key, value,
               numerator, denominator, group_size, _row
        FROM _kstage ORDER BY _row
        """
    ).fetchone()[0]
    return record_batch(con, spec, batch_id, opened, source_name, digest, user, rows, warnings)
