"""The exceptions uppsikt raises for problems a user can act on.

Every error a user can fix derives from :class:`UppsiktError`; the CLI renders those once,
without a traceback. Anything else is our bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "DataMissing",
    "InputError",
    "InputErrors",
    "Problem",
    "UppsiktError",
]

MAX_LISTED_PROBLEMS = 50


class UppsiktError(Exception):
    """A problem the user can act on: wrong input, configuration or missing data."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located as precisely as the file allows.

    ``row`` is the 1-based line/row number in the file as a person sees it (the header is row 1
    of a CSV or sheet), or ``None`` when the problem concerns the whole file or a column.
    ``code`` is a stable reason code such as ``unknown_account`` or ``bad_period``.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    code: str
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        text = f"{where}: {self.reason}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        return text


class InputError(UppsiktError):
    """A single problem in an input file."""

    def __init__(self, problem: Problem, *, hint: str | None = None) -> None:
        super().__init__(str(problem), hint=hint)
        self.problem = problem

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]


class InputErrors(UppsiktError):
    """Every problem found in an input file; nothing of the file was stored.

    ``total`` may exceed ``len(problems)`` when validation stopped collecting details.
    """

    def __init__(self, file: str, problems: list[Problem], total: int | None = None) -> None:
        self.file = file
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [f"{self.file}: {self.total} problem(s) found; nothing was imported."]
        lines += [f"  {p}" for p in self.problems[:MAX_LISTED_PROBLEMS]]
        hidden = self.total - min(len(self.problems), MAX_LISTED_PROBLEMS)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more problem(s).")
        return "\n".join(lines)


class ConfigError(UppsiktError):
    """A configuration file (report definition, KPI definitions, ...) is invalid."""


class DataMissing(UppsiktError):
    """The warehouse lacks data a command needs (e.g. no ledger for the period)."""
