"""How a published version is named on the command line: ``2024-07/v1`` (or ``2024-07v1``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from uppsikt.errors import UppsiktError
from uppsikt.periods import parse_period

__all__ = ["CURRENT", "VersionRef", "parse_version"]

CURRENT = "current"
_PATTERN = re.compile(r"^(\d{4}-\d{2})\s*/?\s*v(\d+)$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class VersionRef:
    period: str
    number: int

    def __str__(self) -> str:
        return f"{self.period}/v{self.number}"


def parse_version(text: str) -> VersionRef:
    """``2024-07/v1`` or ``2024-07v1`` → VersionRef; anything else is an error naming the form."""
    match = _PATTERN.match(text.strip())
    if match:
        try:
            parse_period(match.group(1))
        except ValueError:
            match = None
    if not match or int(match.group(2)) < 1:
        raise UppsiktError(
            f"'{text}' is not a version; write the period and the number, e.g. 2024-07/v1"
        )
    return VersionRef(match.group(1), int(match.group(2)))
