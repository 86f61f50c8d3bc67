"""The manifest of a published version: what was published, when, by whom, and from what."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

__all__ = ["MANIFEST_FILE", "AuditHead", "BatchRef", "InputState", "Manifest", "Scope"]

MANIFEST_FILE = "manifest.json"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BatchRef(_Frozen):
    """An import batch in force, with the hash of the file it came from."""

    batch_id: int
    kind: str
    source: str
    file_name: str
    file_hash: str
    row_count: int


class Scope(_Frozen):
    """The batch in force for one kind, source, period ("YYYY-MM"; None for snapshots such as
    units and accounts) and part (e.g. a budget version)."""

    kind: str
    source: str
    period: str | None
    part: str | None
    batch_id: int

    def key(self) -> tuple[str, str, str, str]:
        return (self.kind, self.source, self.period or "", self.part or "")


class InputState(_Frozen):
    """Everything a report is computed from: the warehouse up to ``last_batch_id`` and the
    configuration files (name → SHA-256, None when absent)."""

    last_batch_id: int
    batches: list[BatchRef]
    in_force: list[Scope]
    config: dict[str, str | None]

    def batch(self, batch_id: int) -> BatchRef | None:
        return next((b for b in self.batches if b.batch_id == batch_id), None)


class AuditHead(_Frozen):
    """The last audit log entry before the version was published."""

    seq: int
    hash: str


class Manifest(_Frozen):
    """``manifest.json``: ``files`` maps every other stored file (relative path) to its SHA-256."""

    format: int = 1
    period: str
    version: int
    published_at: datetime
    published_by: str
    note: str | None
    software_version: str
    report_hash: str
    inputs: InputState
    files: dict[str, str]
    audit_head: AuditHead | None

    @property
    def ident(self) -> str:
        return f"{self.period}/v{self.version}"
