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


def raw_expr(source_col: str | None, dtype: str | None, *, strict: bool = False) -> str:
    """The cell as text, NULL when empty.

    ``strict`` gives the plain form, ``NULLIF(trim(cell), '')``; the default gives the same
    value more cheaply: ``trim`` copies every string, so it runs only on a cell that may have
    something to trim (see :func:`_trimmed`).
    """
    if source_col is None:
        return "CAST(NULL AS VARCHAR)"
    col = quote_ident(source_col)
    if dtype == "VARCHAR":
        return _strict_text(col) if strict else _trimmed(col)
    return f"CAST({col} AS VARCHAR)"


def untrimmed_code(source_col: str) -> str:
    """A text cell as it is, NULL when empty: for a caller that checks the value against
    trimmed reference codes and falls back to :func:`raw_expr` when the check fails."""
    return f"NULLIF({quote_ident(source_col)}, '')"


def _strict_text(col: str) -> str:
    return f"NULLIF(trim({col}), '')"


def _plain(col: str) -> str:
    """True when ``trim`` would leave the cell as it is: plain ASCII (as many bytes as
    characters) that neither starts nor ends with a space. DuckDB's ``trim`` removes the
    Unicode space separators (category Zs); the only one in ASCII is the space itself
    (tests/test_import_fast.py pins that set)."""
    return (
        f"strlen({col}) = length({col}) AND NOT starts_with({col}, ' ') "
        f"AND NOT ends_with({col}, ' ')"
    )


def _trimmed(col: str) -> str:
    """``NULLIF(trim(cell), '')``, with ``trim`` only where it may change the cell."""
    return f"CASE WHEN {_plain(col)} THEN NULLIF({col}, '') ELSE {_strict_text(col)} END"


def parse_expr(
    spec: ColumnSpec, source_col: str | None, dtype: str | None, *, strict: bool = False
) -> str:
    """The typed value of a cell, NULL when empty or malformed.

    A text cell in the usual form (a period written ``2024-07``, an amount written
    ``-1234.50``, ``1234,5`` or ``1234``, a code with nothing to trim) takes a cheap
    conversion; any other cell goes through the full rules. The cheap branch is taken only
    where it gives the value the full rules give, so the result is the same as with
    ``strict=True``, which always applies the full rules (tests compare the two forms).
    """
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
        return raw_expr(source_col, dtype, strict=strict)
    if spec.type in ("number", "count"):
        return _measure_expr(spec.type, col, dtype or "")
    if dtype == "VARCHAR":
        text = f"NULLIF(trim({col}), '')"
        if spec.type == "period":
            # strptime is far cheaper than a regular expression on millions of rows; the length
            # keeps it strict ("2024-7" is not a period).
            full = (
                f"CAST(CASE length({text}) "
                f"WHEN 7 THEN coalesce(try_strptime({text}, '%Y-%m'), "
                f"try_strptime({text}, '%Y/%m')) "
                f"WHEN 6 THEN try_strptime({text}, '%Y%m') "
                f"WHEN 10 THEN CASE WHEN right({text}, 3) = '-01' "
                f"THEN try_strptime({text}, '%Y-%m-%d') END END AS DATE)"
            )
            if strict:
                return full
            # Seven plain characters: trim leaves the cell as it is, and the full rules take
            # the first of their two forms whenever it parses.
            # (Measured: this shape lets DuckDB skip ``full`` for the usual cells; a coalesce
            # of the two branches does not.)
            return (
                f"CASE WHEN strlen({col}) = 7 AND {_plain(col)} "
                f"THEN coalesce(CAST(try_strptime({col}, '%Y-%m') AS DATE), {full}) "
                f"ELSE {full} END"
            )
        if spec.type == "year":
            return (
                f"CASE WHEN regexp_full_match({text}, '(19|2[0-9])[0-9]{{2}}') "
                f"THEN CAST({text} AS INTEGER) END"
            )
        full = _amount_from_text(text)
        return full if strict else _amount_usual(col, full)
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


def _amount_usual(col: str, full: str) -> str:
    """An amount cell: when the cell (or, for a decimal comma, the cell with its comma made a
    point) is exactly how DuckDB writes the amount it casts to, less trailing zeros
    (``-12.50``, ``-12.5``, ``-12``), that cast is the value; any other cell takes ``full``.

    Exact: such a cell is ASCII digits with an optional leading minus and at most one
    separator followed by one or two digits, so the full rules find nothing to trim and
    take the same cast (for a decimal comma, after cleaning it to a point)."""

    def written(text: str) -> str:
        cast = f"TRY_CAST({text} AS DECIMAL(18, 2))"
        shown = f"CAST({cast} AS VARCHAR)"
        return f"({shown} = {text} OR {shown} = {text} || '0' OR {shown} = {text} || '.00')"

    point = f"replace({col}, ',', '.')"
    return (
        f"CASE WHEN {written(col)} THEN TRY_CAST({col} AS DECIMAL(18, 2)) "
        f"WHEN strpos({col}, ',') > 0 AND {written(point)} "
        f"THEN TRY_CAST({point} AS DECIMAL(18, 2)) ELSE {full} END"
    )


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
