"""The validation rules of the data contract, as SQL over a file's parsed rows.

Each rule yields the rows it rejects with a reason code and a message. The same rules run
in two places: over the file itself (with raw cell text, to name row, column and value), and
in a cheaper form over the rows just inserted, to decide whether anything is wrong at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from uppsikt.ingest._contract import EXTERNAL_COUNTERPART, KindSpec
from uppsikt.ingest._parse import sql_literal

__all__ = ["Check", "checks_for", "reference_joins"]

_BAD_CODES = {
    "period": ("bad_period", "not a period; write it as YYYY-MM, e.g. 2024-07"),
    "amount": (
        "bad_amount",
        "not an amount in kronor (digits, optional minus and at most two decimals)",
    ),
    "year": ("bad_year", "not a year (four digits)"),
    "number": (
        "bad_number",
        "not a number (digits, optional minus, decimal comma or point, at most six decimals)",
    ),
    "count": ("bad_count", "not a whole number of zero or more"),
}


@dataclass(frozen=True)
class Check:
    """A rule: rows where ``condition`` holds are rejected with ``code`` and ``reason``.

    ``condition`` may use ``raw_<column>`` (the cell text) and ``<column>`` (its parsed
    value); ``typed`` is the same rule using parsed values only (``None``: another rule's
    typed form already catches it).
    """

    code: str
    column: str | None
    condition: str
    reason: str
    typed: str | None


def reference_joins(spec: KindSpec, alias: str) -> str:
    """LEFT JOINs that add ``_unit_*``, ``_account_*``, ``_counterpart_*`` and ``_line_*``
    facts to a relation aliased ``alias`` (the reference tables hold unique keys)."""
    names = set(spec.names)
    joins = []
    if spec.kind in ("ledger", "budget", "forecast"):
        joins.append(f"LEFT JOIN _ref_units _u ON _u.unit = {alias}.unit")
    if "account" in names and spec.kind != "accounts":
        joins.append(f"LEFT JOIN _ref_accounts _a ON _a.account = {alias}.account")
    if "counterpart" in names:
        joins.append(f"LEFT JOIN _ref_units _c ON _c.unit = {alias}.counterpart")
    if "line" in names:
        table = "_ref_leaf_lines" if spec.kind == "accounts" else "_ref_lines"
        joins.append(f"LEFT JOIN {table} _l ON _l.line = {alias}.line")
    return "\n".join(joins)


def reference_columns(spec: KindSpec) -> str:
    """The columns the joins of :func:`reference_joins` add (with a leading comma)."""
    names = set(spec.names)
    cols = []
    if spec.kind in ("ledger", "budget", "forecast"):
        cols += ["_u.unit AS _unit_known", "_u.first AS _unit_first", "_u.last AS _unit_last"]
    if "account" in names and spec.kind != "accounts":
        cols.append("_a.account AS _account_known")
    if "counterpart" in names:
        cols.append("_c.unit AS _counterpart_known")
    if "line" in names:
        cols.append("_l.line AS _line_known")
    return "".join(f", {c}" for c in cols)


def checks_for(spec: KindSpec) -> list[Check]:
    """Every row-level rule of a kind, in the order problems are reported for a row."""
    checks: list[Check] = []
    for column in spec.columns:
        name = column.name
        if not column.nullable:
            checks.append(
                Check(
                    "missing_value",
                    name,
                    f"raw_{name} IS NULL",
                    sql_literal("a value is required"),
                    f"{name} IS NULL",
                )
            )
        if column.type in _BAD_CODES:
            code, reason = _BAD_CODES[column.type]
            checks.append(
                Check(
                    code,
                    name,
                    f"raw_{name} IS NOT NULL AND {name} IS NULL",
                    sql_literal(reason),
                    None,
                )
            )
    names = set(spec.names)
    if spec.kind in ("ledger", "budget", "forecast"):
        checks.append(
            Check(
                "unknown_unit",
                "unit",
                "unit IS NOT NULL AND _unit_known IS NULL",
                "'unit ''' || unit || ''' is not in the organisation tree "
                "(import it with --kind units first)'",
                "unit IS NOT NULL AND _unit_known IS NULL",
            )
        )
        scope = spec.scope or "period"
        checks.append(
            Check(
                "unit_not_valid",
                "unit",
                f"_unit_known IS NOT NULL AND {scope} IS NOT NULL AND "
                f"(({scope} < _unit_first) OR ({scope} > _unit_last))",
                f"'unit ''' || unit || ''' does not exist in ' || strftime({scope}, '%Y-%m') || "
                "' (valid ' || coalesce(strftime(nullif(_unit_first, DATE '0001-01-01'), "
                "'%Y-%m'), '') || '..' || coalesce(strftime(nullif(_unit_last, "
                "DATE '9999-12-01'), '%Y-%m'), '') || ')'",
                f"_unit_known IS NOT NULL AND {scope} IS NOT NULL AND "
                f"(({scope} < _unit_first) OR ({scope} > _unit_last))",
            )
        )
    if "account" in names and spec.kind != "accounts":
        checks.append(
            Check(
                "unknown_account",
                "account",
                "account IS NOT NULL AND _account_known IS NULL",
                "'account ''' || account || ''' is not in the account mapping "
                "(import it with --kind accounts first)'",
                "account IS NOT NULL AND _account_known IS NULL",
            )
        )
    if "counterpart" in names:
        checks.append(
            Check(
                "unknown_counterpart",
                "counterpart",
                f"counterpart IS NOT NULL AND counterpart <> {sql_literal(EXTERNAL_COUNTERPART)} "
                "AND _counterpart_known IS NULL",
                "'counterpart must be ''extern'' or a unit code; ''' || counterpart || "
                "''' is neither'",
                f"counterpart IS NOT NULL AND counterpart <> {sql_literal(EXTERNAL_COUNTERPART)} "
                "AND _counterpart_known IS NULL",
            )
        )
    if "line" in names:
        what = "a report line" if spec.kind == "accounts" else "a report line or line group"
        checks.append(
            Check(
                "unknown_line",
                "line",
                "line IS NOT NULL AND _line_known IS NULL",
                f"'''' || line || ''' is not {what} defined in lines.yaml'",
                "line IS NOT NULL AND _line_known IS NULL",
            )
        )
    if spec.kind == "units":
        checks.append(
            Check(
                "bad_validity",
                "valid_to",
                "valid_from IS NOT NULL AND valid_to IS NOT NULL AND valid_to < valid_from",
                "'valid_to is before valid_from'",
                None,
            )
        )
    return checks


def duplicate_check(spec: KindSpec) -> Check | None:
    """Rows whose key repeats an earlier row's (needs the ``_first_row`` window column)."""
    if not spec.key:
        return None
    listed = ", ".join(spec.key[:-1]) + (" and " if len(spec.key) > 1 else "") + spec.key[-1]
    return Check(
        "duplicate_key",
        None,
        "_row > _first_row",
        f"'duplicate of row ' || _first_row || ' (same {listed})'",
        None,
    )


def first_row_window(spec: KindSpec, alias: str) -> str:
    """``min(_row)`` over the rows sharing a key (with a leading comma), or ''."""
    if not spec.key:
        return ""
    keys = ", ".join(f"{alias}.{k}" for k in spec.key)
    return f", min({alias}._row) OVER (PARTITION BY {keys}) AS _first_row"
