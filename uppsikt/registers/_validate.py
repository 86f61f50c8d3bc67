"""Reading a register file into a checked staging table: typed values and every problem.

The file is staged whole in SQL (``_reg_stage``: the file's row number, each column's raw
text and its typed value); each rule is a SQL condition over that table, so all problems are
listed at once with file, row, column, value and a reason code.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from uppsikt.errors import InputErrors, Problem
from uppsikt.ingest._contract import ColumnSpec
from uppsikt.ingest._files import SourceFile
from uppsikt.ingest._parse import parse_expr, raw_expr, sql_literal
from uppsikt.registers._spec import STATUS_WORDS, RegisterColumn, RegisterSpec

__all__ = ["MAX_DETAILED", "header_problems", "stage", "stage_problems"]

MAX_DETAILED = 50
STAGE = "_reg_stage"


@dataclass(frozen=True)
class Rule:
    """A row is wrong when ``condition`` holds; ``reason`` is a SQL text expression."""

    column: str | None
    code: str
    condition: str
    reason: str


def header_problems(spec: RegisterSpec, source: SourceFile) -> tuple[list[Problem], list[str]]:
    """Missing required columns (problems) and columns the register does not have (warnings)."""
    present = ", ".join(name for name, _ in source.columns.values()) or "(none)"
    problems = [
        Problem(
            str(source.path),
            1,
            column.name,
            None,
            "missing_column",
            f"required column '{column.name}' is missing (the file has: {present})",
        )
        for column in spec.columns
        if column.required and column.name not in source.columns
    ]
    warnings = [
        f"column '{name}' is not part of the {spec.name} register; ignored"
        for key, (name, _) in source.columns.items()
        if key not in spec.names
    ]
    return problems, warnings


def _words(raw: str) -> str:
    """The cell in lower case with runs of white space as one space."""
    return f"regexp_replace(lower({raw}), '\\s+', ' ', 'g')"


def _typed(column: RegisterColumn, source: SourceFile) -> str:
    name, dtype = source.columns.get(column.name, (None, None))
    raw = raw_expr(name, dtype)
    if column.type in ("code", "text"):
        return raw
    if column.type == "status":
        cases = " ".join(f"WHEN {sql_literal(w)} THEN {sql_literal(w)}" for w in STATUS_WORDS)
        return f"CASE {_words(raw)} {cases} END"
    if column.type == "choice":
        cases = " ".join(f"WHEN {sql_literal(w)} THEN {sql_literal(w)}" for w in column.allowed)
        return f"CASE {_words(raw)} {cases} END"
    if column.type in ("scale", "integer"):
        bounds = f"BETWEEN {column.minimum} AND {column.maximum}"
        return (
            f"CASE WHEN regexp_full_match({raw}, '-?[0-9]{{1,9}}') "
            f"AND CAST({raw} AS INTEGER) {bounds} THEN CAST({raw} AS INTEGER) END"
        )
    contract_type = "year" if column.type == "year" else "amount"
    return parse_expr(ColumnSpec(column.name, contract_type), name, dtype)


def stage(con: duckdb.DuckDBPyConnection, spec: RegisterSpec, source: SourceFile) -> int:
    """Create the staging table from the opened file; returns its number of rows."""
    parts = [f"{source.row_expr} AS _row"]
    for column in spec.columns:
        name, dtype = source.columns.get(column.name, (None, None))
        parts.append(f"{raw_expr(name, dtype)} AS raw_{column.name}")
        parts.append(f"CAST({_typed(column, source)} AS {column.sql_type}) AS {column.name}")
    # The first row with each key, for the duplicate rule (a WHERE cannot hold a window).
    keys = ", ".join(spec.key)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {STAGE} AS "
        f"SELECT *, min(_row) OVER (PARTITION BY {keys}) AS _first_row "
        f"FROM (SELECT {', '.join(parts)} FROM {source.relation})"
    )
    return con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()[0]


def _bad_value_reason(column: RegisterColumn) -> tuple[str, str]:
    """(code, reason) for a cell that does not parse as the column's type."""
    if column.type == "status":
        words = ", ".join(f"'{w}'" for w in STATUS_WORDS)
        return "bad_status", f"not a status; use one of {words}"
    if column.type == "choice":
        words = ", ".join(f"'{w}'" for w in column.allowed)
        return "bad_choice", f"not an allowed value; use one of {words}"
    if column.type in ("scale", "integer"):
        return (
            f"bad_{column.type}",
            f"not a whole number from {column.minimum} to {column.maximum}",
        )
    if column.type == "year":
        return "bad_year", "not a year (YYYY)"
    return f"bad_{column.type}", "not a number (e.g. 1234,5 or -1 234.50)"


def _column_rules(spec: RegisterSpec) -> list[Rule]:
    rules = []
    for column in spec.columns:
        if column.required:
            rules.append(
                Rule(
                    column.name,
                    "missing_value",
                    f"raw_{column.name} IS NULL",
                    "'a value is required'",
                )
            )
        if column.type not in ("code", "text"):
            code, reason = _bad_value_reason(column)
            rules.append(
                Rule(
                    column.name,
                    code,
                    f"raw_{column.name} IS NOT NULL AND {column.name} IS NULL",
                    sql_literal(reason),
                )
            )
    return rules


def _duplicate_rule(spec: RegisterSpec) -> Rule:
    keys = ", ".join(spec.key)
    complete = " AND ".join(f"{k} IS NOT NULL" for k in spec.key)
    return Rule(
        spec.key[-1],
        "duplicate_key",
        f"({complete}) AND _row > _first_row",
        f"'the key ({keys}) is also on row ' || _first_row",
    )


# Rules that look at more than one row of a register.
_REGISTER_RULES: dict[str, list[Rule]] = {
    "programbudget": [
        Rule(
            "parent",
            "unknown_parent",
            f"parent IS NOT NULL AND parent NOT IN "
            f"(SELECT item FROM {STAGE} p WHERE p.program = {STAGE}.program "
            "AND p.item IS NOT NULL)",
            "'parent ''' || parent || ''' is not a row of program ''' || program || ''''",
        ),
        Rule(
            "item",
            "typed_sum",
            f"item IN (SELECT parent FROM {STAGE} c WHERE c.program = {STAGE}.program "
            "AND c.parent IS NOT NULL) "
            "AND (budget IS NOT NULL OR forecast IS NOT NULL OR actual_ytd IS NOT NULL)",
            "'''' || item || ''' is a sum row (other rows add into it): its amounts are "
            "computed, leave budget, forecast and actual_ytd empty'",
        ),
        Rule(
            "parent",
            "parent_loop",
            "parent = item",
            "'a row cannot add into itself'",
        ),
    ],
    "budgetbrygga": [
        Rule(
            "type",
            "bridge_start",
            f"type = 'ingående ram' AND _row > "
            f"(SELECT min(_row) FROM {STAGE} WHERE type = 'ingående ram')",
            "'a second ''ingående ram'' row; the bridge has one start frame'",
        ),
        Rule(
            "type",
            "bridge_end",
            f"type = 'utgående ram' AND _row > "
            f"(SELECT min(_row) FROM {STAGE} WHERE type = 'utgående ram')",
            "'a second ''utgående ram'' row; the bridge has one end frame'",
        ),
        Rule(
            "amount",
            "bridge_mismatch",
            f"type = 'utgående ram' AND amount IS NOT NULL AND amount <> "
            f"(SELECT sum(amount) FILTER (WHERE type <> 'utgående ram') FROM {STAGE})",
            f"'the end frame is not the start frame plus the changes (' || "
            f"(SELECT sum(amount) FILTER (WHERE type <> 'utgående ram') FROM {STAGE}) "
            "|| ')'",
        ),
    ],
}


def _whole_file_problems(
    con: duckdb.DuckDBPyConnection, spec: RegisterSpec, file: str
) -> list[Problem]:
    if spec.name == "budgetbrygga":
        starts = con.execute(
            f"SELECT count(*) FROM {STAGE} WHERE type = 'ingående ram'"
        ).fetchone()[0]
        if starts == 0:
            return [
                Problem(
                    file,
                    None,
                    "type",
                    None,
                    "bridge_start",
                    "the bridge has no 'ingående ram' row (its start frame)",
                )
            ]
    return []


def stage_problems(
    con: duckdb.DuckDBPyConnection, spec: RegisterSpec, file: str
) -> InputErrors | None:
    """Every problem of the staged file (the first ``MAX_DETAILED`` in detail), or None."""
    rules = [*_column_rules(spec), _duplicate_rule(spec), *_REGISTER_RULES.get(spec.name, [])]
    listing = " UNION ALL ".join(
        f"SELECT _row, {order} AS _ord, {sql_literal(r.column)} AS col, "
        f"{'raw_' + r.column if r.column else 'NULL'} AS val, '{r.code}' AS code, "
        f"{r.reason} AS reason FROM {STAGE} WHERE {r.condition}"
        for order, r in enumerate(rules)
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE _reg_problems AS {listing}")
    total = con.execute("SELECT count(*) FROM _reg_problems").fetchone()[0]
    rows = con.execute(
        "SELECT _row, col, val, code, reason FROM _reg_problems ORDER BY _row, _ord "
        f"LIMIT {MAX_DETAILED}"
    ).fetchall()
    problems = [Problem(file, r[0], r[1], r[2], r[3], r[4]) for r in rows]
    if not problems:
        problems = _whole_file_problems(con, spec, file)
        total = len(problems)
    return InputErrors(file, problems, total) if problems else None
