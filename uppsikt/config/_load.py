"""Reading YAML configuration into Pydantic models with messages a controller can act on."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from uppsikt.errors import ConfigError

Model = TypeVar("Model", bound=BaseModel)


def _location(loc: tuple[int | str, ...], data: object) -> str:
    """Turn a Pydantic error location into a readable path, naming list items by their id."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(node, dict) and key not in node and node.get("type") == key:
            continue  # the tag of a discriminated union (a block's type), not a field
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            item = node[key]
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{key}]" + (f" (id {ident})" if ident else ""))
            node = item
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def load_yaml(path: Path) -> object:
    """Parse a YAML file, reporting syntax errors with their line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {exc.problem}") from None


def parse_model(model: type[Model], data: object, source: str) -> Model:
    """Validate ``data`` as ``model``; every problem is listed with where it is."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: {exc.error_count()} problem(s) in the configuration:"]
        for error in exc.errors():
            where = _location(tuple(error["loc"]), data)
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"  {where}: {message}")
        raise ConfigError("\n".join(lines)) from None


def load_model(model: type[Model], path: Path) -> Model:
    """Load and validate a YAML configuration file."""
    return parse_model(model, load_yaml(path), str(path))
