"""Report lines (what accounts map to) and line groups (sums of lines), from ``lines.yaml``."""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, model_validator

_ID = r"^[a-z0-9_]+$"


class Line(BaseModel):
    """A report line: accounts map to exactly one line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID)
    label: str
    # Report value = report_sign × ledger value: -1 for profit and loss (cost shown negative),
    # +1 for lines shown with the ledger sign, such as investments.
    report_sign: int = -1

    @model_validator(mode="after")
    def _sign(self) -> Line:
        if self.report_sign not in (-1, 1):
            raise ValueError(f"line '{self.id}': report_sign must be -1 or 1")
        return self


class LineGroup(BaseModel):
    """A named sum of lines and other groups, such as 'Verksamhetens nettokostnader'."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID)
    label: str
    members: list[str] = Field(min_length=1)


class LineCatalog(BaseModel):
    """Every line and group a report may name, with their closure precomputed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lines: list[Line] = Field(min_length=1)
    groups: list[LineGroup] = []

    @model_validator(mode="after")
    def _check(self) -> LineCatalog:
        seen: set[str] = set()
        for ident in [x.id for x in self.lines] + [g.id for g in self.groups]:
            if ident in seen:
                raise ValueError(f"'{ident}' is defined twice (line and group ids share one space)")
            seen.add(ident)
        groups = {g.id: g for g in self.groups}
        for group in self.groups:
            for member in group.members:
                if member not in seen:
                    raise ValueError(f"group '{group.id}' names unknown member '{member}'")

        def visit(ident: str, path: tuple[str, ...]) -> None:
            if ident in path:
                raise ValueError(f"group '{path[0]}' contains itself through '{ident}'")
            for member in groups[ident].members if ident in groups else []:
                visit(member, (*path, ident))

        for group in self.groups:
            visit(group.id, ())
        signs = {x.id: x.report_sign for x in self.lines}
        for group in self.groups:
            found = {signs[m] for m in self._members(group.id, groups) if m in signs}
            if len(found) > 1:
                raise ValueError(
                    f"group '{group.id}' mixes lines with report_sign -1 and 1; "
                    "a sum must be of lines shown with the same sign"
                )
        return self

    @cached_property
    def labels(self) -> dict[str, str]:
        """Swedish label of every line and group."""
        return {x.id: x.label for x in self.lines} | {g.id: g.label for g in self.groups}

    def line(self, ident: str) -> Line:
        for line in self.lines:
            if line.id == ident:
                return line
        raise KeyError(ident)

    def is_known(self, ident: str) -> bool:
        return ident in self.labels

    @staticmethod
    def _members(ident: str, groups: dict[str, LineGroup]) -> set[str]:
        found = {ident}
        for member in groups[ident].members if ident in groups else []:
            found |= LineCatalog._members(member, groups)
        return found

    def closure(self) -> list[tuple[str, str]]:
        """Pairs (group or line, member) where member is the id itself or anything inside it."""
        groups = {g.id: g for g in self.groups}
        return sorted((i, m) for i in self.labels for m in self._members(i, groups))

    def report_sign(self, ident: str) -> int:
        """The report_sign shared by the lines inside a line or group."""
        return self.line(self.leaf_lines(ident)[0]).report_sign

    def leaf_lines(self, ident: str) -> list[str]:
        """The plain lines inside a line or group."""
        line_ids = {x.id for x in self.lines}
        return sorted(m for g, m in self.closure() if g == ident and m in line_ids)


def slug(text: str) -> str:
    """A lower-case id from a label (used for generated ids)."""
    text = text.lower().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")
