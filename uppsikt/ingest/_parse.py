"""SQL expressions that turn a file's cells into typed contract values.

A cell that cannot be parsed becomes NULL; the checks then tell a missing value from a
malformed one by looking at the raw text as well.
"""

from __future__ import annotations

from uppsikt.ingest._contract import ColumnSpec

_NUMERIC = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
)
_FLOATS = ("FLOAT", "DOUBLE", "REAL")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_literal(text: str | None) -> str:
    """A SQL string literal (``NULL`` for ``None``), quotes doubled."""
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def _is_integer(dtype: str) -> bool:
    return dtype in _NUMERIC


def _is_decimal(dtype: str) -> bool:
    return dtype.startswith("DECIMAL")


def raw_expr(source_col: str | None, dtype: str | None) -> str:
    """The cell as text, NULL when empty."""
    if source_col is None:
        return "CAST(NULL AS VARCHAR)"
    col = quote_ident(source_col)
    if dtype == "VARCHAR":
        return f"NULLIF(trim({col}), '')"
    return f"CAST({col} AS VARCHAR)"


def parse_expr(spec: ColumnSpec, source_col: str | None, dtype: str | None) -> str:
    """The typed value of a cell, NULL when empty or malformed."""
    sql_type = {
        "period": "DATE",
        "code": "VARCHAR",
        "text": "VARCHAR",
        "amount": "DECIMAL(18, 2)",
        "year": "INTEGER",
        "number": "DECIMAL(24, 6)",
        "count": "BIGINT",
    }[spec.type]
    if source_col is None:
        return f"CAST(NULL AS {sql_type})"
    col = quote_ident(source_col)
    if spec.type in ("code", "text"):
        return raw_expr(source_col, dtype)
    if spec.type in ("number", "count"):
        return _measure_expr(spec.type, col, dtype or "")
    if dtype == "VARCHAR":
        text = f"NULLIF(trim({col}), '')"
        if spec.type == "period":
            # strptime is far cheaper than a regular expression on millions of rows; the length
            # keeps it strict ("2024-7" is not a period).
            return (
                f"CAST(CASE length({text}) "
                f"WHEN 7 THEN coalesce(try_strptime({text}, '%Y-%m'), "
                f"try_strptime({text}, '%Y/%m')) "
                f"WHEN 6 THEN try_strptime({text}, '%Y%m') "
                f"WHEN 10 THEN CASE WHEN right({text}, 3) = '-01' "
                f"THEN try_strptime({text}, '%Y-%m-%d') END END AS DATE)"
            )
        if spec.type == "year":
            return (
                f"CASE WHEN regexp_full_match({text}, '(19|2[0-9])[0-9]{{2}}') "
                f"THEN CAST({text} AS INTEGER) END"
            )
        return _amount_from_text(text)
    if spec.type == "period":
        if dtype in ("DATE",) or (dtype or "").startswith("TIMESTAMP"):
            return f"CASE WHEN day({col}) = 1 THEN CAST({col} AS DATE) END"
        if _is_integer(dtype or ""):
            return (
                f"CASE WHEN {col} BETWEEN 190001 AND 299912 AND {col} % 100 BETWEEN 1 AND 12 "
                f"THEN make_date(CAST({col} // 100 AS INTEGER), CAST({col} % 100 AS INTEGER), 1) "
                "END"
            )
        return "CAST(NULL AS DATE)"
    if spec.type == "year":
        if _is_integer(dtype or ""):
            return f"CASE WHEN {col} BETWEEN 1900 AND 2999 THEN CAST({col} AS INTEGER) END"
        return "CAST(NULL AS INTEGER)"
    # amount
    if _is_integer(dtype or ""):
        return f"TRY_CAST({col} AS DECIMAL(18, 2))"
    if _is_decimal(dtype or ""):
        return f"CASE WHEN {col} = round({col}, 2) THEN TRY_CAST({col} AS DECIMAL(18, 2)) END"
    if dtype in _FLOATS:
        return (
            f"CASE WHEN isfinite({col}) AND abs({col} * 100 - round({col} * 100)) < 1e-6 "
            f"AND abs({col}) < 1e16 THEN CAST(round({col}, 2) AS DECIMAL(18, 2)) END"
        )
    return "CAST(NULL AS DECIMAL(18, 2))"


def _amount_from_text(text: str) -> str:
    """An amount cell: plain digits with a decimal point take a fast cast; anything else
    (grouping spaces, a Unicode minus, a decimal comma) is cleaned and checked strictly."""
    plain = (
        f"strpos({text}, 'e') = 0 AND strpos({text}, 'E') = 0 AND strpos({text}, '_') = 0 "
        f"AND strpos({text}, '+') = 0 AND (strpos({text}, '.') = 0 "
        f"OR length({text}) - strpos({text}, '.') IN (1, 2))"
    )
    clean = (
        f"replace(replace(replace(replace({text}, ' ', ''), chr(160), ''), "
        f"chr(8722), '-'), ',', '.')"
    )
    strict = (
        f"CASE WHEN regexp_full_match({clean}, '-?[0-9]{{1,16}}([.][0-9]{{1,2}})?') "
        f"THEN CAST({clean} AS DECIMAL(18, 2)) END"
    )
    return f"coalesce(CASE WHEN {plain} THEN TRY_CAST({text} AS DECIMAL(18, 2)) END, {strict})"


def _measure_expr(value_type: str, col: str, dtype: str) -> str:
    """A KPI value (``number``: up to six decimals) or a group size (``count``: a whole
    number of zero or more), from text in either decimal convention or a typed column."""
    if dtype == "VARCHAR":
        text = f"NULLIF(trim({col}), '')"
        clean = (
            f"replace(replace(replace(replace({text}, ' ', ''), chr(160), ''), "
            f"chr(8722), '-'), ',', '.')"
        )
        if value_type == "count":
            return (
                f"CASE WHEN regexp_full_match({clean}, '[0-9]{{1,15}}') "
                f"THEN CAST({clean} AS BIGINT) END"
            )
        return (
            f"CASE WHEN regexp_full_match({clean}, '-?[0-9]{{1,17}}([.][0-9]{{1,6}})?') "
            f"THEN CAST({clean} AS DECIMAL(24, 6)) END"
        )
    if value_type == "count":
        if _is_integer(dtype):
            return f"CASE WHEN {col} >= 0 THEN CAST({col} AS BIGINT) END"
        if _is_decimal(dtype) or dtype in _FLOATS:
            return (
                f"CASE WHEN {col} >= 0 AND {col} = round({col}) AND {col} < 1e15 "
                f"THEN CAST({col} AS BIGINT) END"
            )
        return "CAST(NULL AS BIGINT)"
    if _is_integer(dtype) or _is_decimal(dtype):
        return f"TRY_CAST({col} AS DECIMAL(24, 6))"
    if dtype in _FLOATS:
        return (
            f"CASE WHEN isfinite({col}) AND abs({col}) < 1e17 "
            f"THEN CAST(round({col}, 6) AS DECIMAL(24, 6)) END"
        )
    return "CAST(NULL AS DECIMAL(24, 6))"
