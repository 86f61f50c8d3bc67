"""Rebuilding a published version from the warehouse and configuration its manifest recorded.

Imports are never deleted, so the warehouse as it stood when the version was published is the
same views seen as of the manifest's last batch (:func:`uppsikt.warehouse.as_of`), and the
configuration is the copy stored with the version. The rebuilt report is compared figure by
figure with the stored one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from uppsikt.config import Workspace
from uppsikt.errors import UppsiktError
from uppsikt.periods import parse_period
from uppsikt.publish._diff import Diff, diff, input_changes
from uppsikt.publish._inputs import Configuration, build_with, input_state, report_hash
from uppsikt.publish._manifest import InputState
from uppsikt.publish._store import StoredVersion, find_version
from uppsikt.publish._verify import verify_versions
from uppsikt.report import Report
from uppsikt.warehouse._as_of import as_of, last_batch_id

__all__ = ["Rebuild", "build_current", "rebuild"]


@dataclass(frozen=True)
class Rebuild:
    """``identical``: every figure equals the published one; ``same_model``: the whole model
    (lineage, sources, queries too) hashes to the published report hash."""

    version: str
    identical: bool
    same_model: bool
    problems: list[str]
    diff: Diff

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "identical": self.identical,
            "same_model": self.same_model,
            "problems": self.problems,
            "differences": self.diff.to_json()["changes"],
        }


def rebuild(ws: Workspace, version: str | StoredVersion) -> Rebuild:
    """Recompute ``version`` from the recorded state and compare it with what was published."""
    stored = version if isinstance(version, StoredVersion) else find_version(ws.root, version)
    manifest = stored.manifest
    ident = manifest.ident
    problems = [p for p in verify_versions(ws.root) if p.startswith(f"{ident}:")]
    published = stored.report()
    config = Configuration.load(stored.config_dir)
    con = ws.connect()
    try:
        newest = last_batch_id(con)
        if newest < manifest.inputs.last_batch_id:
            problems.append(
                f"{ident}: the warehouse holds batches up to {newest}, but the version was "
                f"published with batches up to {manifest.inputs.last_batch_id}"
            )
        with as_of(con, manifest.inputs.last_batch_id):
            state = input_state(con, stored.config_dir)
            rebuilt = build_with(con, config, parse_period(manifest.period))
    finally:
        con.close()
    for change in input_changes(manifest.inputs, state):
        problems.append(f"{ident}: recorded input differs: {change.description}")
    result = diff(published, rebuilt, manifest.inputs, state, a=ident, b="rebuilt")
    return Rebuild(
        version=ident,
        identical=not result.changes,
        same_model=report_hash(rebuilt) == manifest.report_hash,
        problems=problems,
        diff=result,
    )


def build_current(ws: Workspace, period: date) -> tuple[Report, InputState]:
    """The report of ``period`` from the workspace as it is now, with what it was built from."""
    config = Configuration.load(ws.root)
    con = ws.connect()
    try:
        with as_of(con, last_batch_id(con)):
            return build_with(con, config, period), input_state(con, ws.root)
    finally:
        con.close()


def side(ws: Workspace, text: str, period: str | None) -> tuple[str, Report, InputState]:
    """One side of a diff: a published version, or ``current`` (for ``period``)."""
    from uppsikt.publish._version_ref import CURRENT

    if text.strip().lower() == CURRENT:
        if period is None:
            raise UppsiktError("'current' needs a period: compare it with a version")
        report, state = build_current(ws, parse_period(period))
        return CURRENT, report, state
    stored = find_version(ws.root, text)
    return stored.manifest.ident, stored.report(), stored.manifest.inputs
