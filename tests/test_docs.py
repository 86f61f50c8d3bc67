"""Docs coverage: the data contract, the report definition and the CLI stay documented.

Everything is collected from the code (kinds and columns, reason codes, measures, configuration
keys, commands), so a new one fails here until the docs describe it. The example input files
under docs/examples must import cleanly into a fresh workspace.
"""

from __future__ import annotations

import ast
import csv
import itertools
import re
import typing
from datetime import date
from pathlib import Path

import pytest
import typer
from pydantic import BaseModel

from uppsikt.cli import app
from uppsikt.config import (
    FINANCE_MEASURES,
    LineCatalog,
    ReportDefinition,
    init_workspace,
)
from uppsikt.config._report_def import SERIES_MEASURES
from uppsikt.ingest import KINDS, import_file
from uppsikt.ingest._checks import checks_for, duplicate_check
from uppsikt.metrics import FORMULAS
from uppsikt.report import placeholders

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
DEFAULTS = ROOT / "uppsikt" / "config" / "defaults"
# The modules of `uppsikt import`. The SIE reader (uppsikt/ingest/sie/) is not one of them.
INGEST_MODULES = sorted((ROOT / "uppsikt" / "ingest").glob("*.py"))

# The example files in the order they import: a kind's references come before it.
EXAMPLE_ORDER = [
    ("units.csv", "units"),
    ("accounts.csv", "accounts"),
    ("ledger-2024-07.csv", "ledger"),
    ("budget-2024.csv", "budget"),
    ("forecast-2024-06.csv", "forecast"),
]

# Reason codes known to come from each way the code states one, so that a collector which
# silently stops seeing a form fails here rather than passing with fewer codes.
KNOWN_CODES = {
    "missing_value",  # checks_for, per column
    "bad_period",  # checks_for, from a table of types
    "unknown_account",  # checks_for, literal
    "duplicate_key",  # duplicate_check
    "wrong_encoding",  # Problem(...) in _files.py
    "missing_column",  # Problem(...) in _importer.py
    "unit_in_use",  # f"{what}_in_use"
    "account_in_use",
    "unknown_parent",  # SQL: 'unknown_parent' AS code
    "second_root",  # SQL: a UNION ALL branch
    "no_root",
    "no_rows",
}


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under the first Markdown heading containing ``heading``, up to the next
    heading of the same or a higher level."""
    lines = text.splitlines()
    for start, line in enumerate(lines):
        match = re.match(r"(#+)\s", line)
        if match and heading in line:
            level = len(match.group(1))
            body = []
            for following in lines[start + 1 :]:
                other = re.match(r"(#+)\s", following)
                if other and len(other.group(1)) <= level:
                    break
                body.append(following)
            return "\n".join(body)
    raise AssertionError(f"no heading containing {heading!r}")


def table_rows(text: str) -> dict[str, list[str]]:
    """Markdown table rows keyed by a backticked identifier in their first cell."""
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\|\s*`([^`]+)`\s*\|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def undocumented(names: set[str], text: str) -> set[str]:
    """The names that no table row of ``text`` starts with."""
    return names - set(table_rows(text))


# -- reason codes, collected from the code ------------------------------------------------


def _constant_assignments(function: ast.AST) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, set()).add(node.value.value)
    return found


def _strings(node: ast.expr, names: dict[str, set[str]]) -> set[str] | None:
    """Every value a string expression can take, or None when it cannot be resolved."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        parts: list[set[str]] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append({str(value.value)})
            elif isinstance(value.value, ast.Name) and value.value.id in names:
                parts.append(names[value.value.id])
            else:
                return None
        return {"".join(combo) for combo in itertools.product(*parts)}
    return None


def _split_top_level(text: str) -> list[str]:
    """Split a SQL select list at commas outside parentheses and quotes."""
    items, depth, quoted, current = [], 0, False, []
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and depth == 0 and char == ",":
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return items


def _sql_codes(sql: str) -> set[str]:
    """Codes of a problem listing: the fifth column (_row, _ord, col, val, code, reason)."""
    codes = set()
    for branch in re.split(r"\bUNION\s+ALL\b", sql):
        match = re.search(r"\bSELECT\b(.*)", branch, re.S)
        if not match:
            continue
        select_list, depth, quoted = match.group(1), 0, False
        for index, char in enumerate(select_list):
            if char == "'":
                quoted = not quoted
            elif not quoted and char in "()":
                depth += 1 if char == "(" else -1
            elif not quoted and depth == 0 and select_list.startswith("FROM", index):
                select_list = select_list[:index]
                break
        items = _split_top_level(select_list)
        if len(items) > 4:
            code = re.fullmatch(r"'([a-z_]+)'(?:\s+AS\s+code)?", items[4])
            if code:
                codes.add(code.group(1))
    return codes


def source_codes() -> tuple[set[str], set[str], list[str]]:
    """(codes, constant reasons, unresolved places) from the ingest modules' source.

    Codes are the ``code`` argument of ``Problem(...)`` and ``Check(...)`` calls and the code
    column of SQL problem listings. A ``Check`` whose code is a variable is left to
    :func:`runtime_codes`; any other code that is not a literal is reported as unresolved.
    """
    codes: set[str] = set()
    reasons: set[str] = set()
    unresolved: list[str] = []
    for path in INGEST_MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstring = {
            id(value)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for value in node.values
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in in_fstring
                and " AS code" in node.value
            ):
                codes |= _sql_codes(node.value)
        scope: dict[int, ast.AST] = {}
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(function):
                    scope.setdefault(id(inner), function)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            callee = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            position = {"Problem": 4, "Check": 0}.get(callee or "")
            if position is None:
                continue
            keywords = {k.arg: k.value for k in call.keywords}
            argument = call.args[position] if len(call.args) > position else keywords.get("code")
            # A Check's variable code is seen by runtime_codes; a Problem built from a query's
            # row (``r[3]``) carries a code of an SQL listing, collected above.
            if argument is None or isinstance(argument, ast.Subscript):
                continue
            values = _strings(argument, _constant_assignments(scope.get(id(call), tree)))
            if values is not None:
                codes |= values
            elif callee != "Check":
                unresolved.append(f"{path.name}:{call.lineno}")
            if callee == "Problem" and len(call.args) > 5:
                reason = call.args[5]
                if isinstance(reason, ast.Constant) and isinstance(reason.value, str):
                    reasons.add(reason.value)
    return codes, reasons, unresolved


def runtime_codes() -> tuple[set[str], set[str]]:
    """(codes, constant reasons) of the row checks of every kind."""
    codes, reasons = set(), set()
    for spec in KINDS.values():
        checks = [*checks_for(spec), duplicate_check(spec)]
        for check in checks:
            if check is None:
                continue
            codes.add(check.code)
            literal = re.fullmatch(r"'((?:[^']|'')*)'", check.reason)
            if literal:
                reasons.add(literal.group(1).replace("''", "'"))
    return codes, reasons


def reason_codes() -> set[str]:
    return source_codes()[0] | runtime_codes()[0]


# -- the data contract --------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_column_of_a_kind_is_in_its_table(kind: str) -> None:
    spec = KINDS[kind]
    rows = table_rows(section(read("data-contract.md"), f"### `{kind}`"))
    columns = {c.name: c for c in spec.columns}
    assert set(rows) >= set(columns), f"undocumented {kind} columns"
    assert set(rows) <= set(columns), f"documented columns that {kind} does not have"
    yes_no = {True: "yes", False: "no"}
    for name, column in columns.items():
        required, may_be_empty, value_type = rows[name][:3]
        assert (required, may_be_empty, value_type) == (
            yes_no[column.required],
            yes_no[column.nullable],
            f"`{column.type}`",
        ), f"{kind}.{name}: the table disagrees with the contract"


def test_every_reason_code_is_documented() -> None:
    missing = undocumented(reason_codes(), read("data-contract.md"))
    assert not missing, f"reason codes missing from docs/data-contract.md: {sorted(missing)}"


def test_every_fixed_message_is_quoted_exactly() -> None:
    contract = read("data-contract.md")
    messages = source_codes()[1] | runtime_codes()[1]
    assert "a value is required" in messages  # the collector sees the checks' messages
    missing = {m for m in messages if m not in contract}
    assert not missing, f"messages missing from docs/data-contract.md: {sorted(missing)}"


def test_reason_code_collector_sees_every_form() -> None:
    codes, _, unresolved = source_codes()
    assert not unresolved, f"reason codes this test cannot read; use literals: {unresolved}"
    assert codes | runtime_codes()[0] >= KNOWN_CODES


def test_coverage_check_names_what_is_missing() -> None:
    contract = read("data-contract.md")
    without = "\n".join(line for line in contract.splitlines() if "`unknown_account`" not in line)
    codes = reason_codes()
    assert undocumented(codes, without) - undocumented(codes, contract) == {"unknown_account"}


# -- the example files --------------------------------------------------------------------


def _data_rows(path: Path) -> int:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return sum(1 for line in lines[1:] if line.strip())


def test_examples_are_the_listed_files() -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir()) == sorted(n for n, _ in EXAMPLE_ORDER)


def test_examples_import_cleanly_in_order(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "ws")
    con = workspace.connect()
    catalog = workspace.lines()
    try:
        for name, kind in EXAMPLE_ORDER:
            path = EXAMPLES / name
            result = import_file(
                con, path, kind, catalog=catalog, temp_dir=workspace.temp_dir, user="docs"
            )
            assert (result.status, result.warnings) == ("imported", []), name
            assert result.row_count == _data_rows(path), name
    finally:
        con.close()


@pytest.mark.parametrize(("name", "kind"), EXAMPLE_ORDER)
def test_each_example_is_shown_in_its_section(name: str, kind: str) -> None:
    text = section(read("data-contract.md"), f"### `{kind}`")
    assert (EXAMPLES / name).read_text(encoding="utf-8-sig").strip() in text
    assert f"(examples/{name})" in text


@pytest.mark.parametrize(
    ("name", "columns"),
    [("units.csv", ["unit", "name", "parent", "level"]), ("accounts.csv", None)],
)
def test_examples_agree_with_the_default_configuration(name: str, columns: list | None) -> None:
    def rows(path: Path) -> set[tuple[str, ...]]:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            keys = columns or list(reader.fieldnames or [])
            return {tuple(row[k] for k in keys) for row in reader}

    assert rows(EXAMPLES / name) <= rows(DEFAULTS / name)


# -- the report definition ----------------------------------------------------------------


def test_every_measure_is_documented_with_its_formula() -> None:
    rows = table_rows(section(read("report-definition.md"), "## Measures"))
    measures = set(FINANCE_MEASURES) | set(FORMULAS)
    assert set(rows) == measures
    for measure in measures:
        kind, formula = rows[measure][:2]
        assert (kind, formula) == (FINANCE_MEASURES[measure], FORMULAS[measure]), measure


def test_every_series_measure_is_documented() -> None:
    text = read("report-definition.md")
    names = SERIES_MEASURES
    assert names
    assert [n for n in names if f"`{n}`" not in text] == []


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = [model]
    for field in model.model_fields.values():
        stack = [field.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                if annotation not in found:
                    found += [m for m in _models(annotation) if m not in found]
            else:
                stack.extend(typing.get_args(annotation))
    return found


# The report definition's blocks are documented beside the data they show.
BLOCK_DOCS = ("report-definition.md", "kpis.md", "registers.md", "commentary.md")


def test_every_configuration_key_is_documented() -> None:
    text = "\n".join(read(name) for name in BLOCK_DOCS)
    models = _models(ReportDefinition) + _models(LineCatalog)
    assert len(models) >= 9  # the walk reached sections, blocks, rows, columns, series, lines
    keys = {name for model in models for name in model.model_fields}
    assert sorted(k for k in keys if f"`{k}`" not in text) == []
    block_types = {
        value
        for model in models
        if "type" in model.model_fields
        for value in typing.get_args(model.model_fields["type"].annotation)
    }
    assert block_types >= {"table", "chart", "text"}
    assert undocumented(block_types, text) == set()


def test_every_placeholder_is_documented() -> None:
    text = read("report-definition.md")
    names = placeholders(date(2024, 7, 1), "Region Exempel")
    assert undocumented({"{" + n + "}" for n in names}, text) == set()


# -- the command line ---------------------------------------------------------------------


def test_every_cli_command_is_in_the_readme() -> None:
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("no README.md to document the commands in")
    text = readme.read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert commands
    missing = [c for c in commands if not re.search(rf"\buppsikt {re.escape(c)}(?![\w-])", text)]
    assert missing == [], f"commands missing from README.md: {missing}"
