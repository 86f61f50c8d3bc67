"""What the readiness check reports: one finding per thing a block needs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["STATUSES", "WORKSPACE_SECTION", "Finding", "Status"]

# ok: present; missing: the block cannot show it; stale: present but older than it should be;
# warning: present, but worth a look (a changed month, history before the ledger starts);
# not_checked: no check exists for the block type yet.
Status = Literal["ok", "missing", "stale", "warning", "not_checked"]
STATUSES: tuple[str, ...] = ("ok", "missing", "stale", "warning", "not_checked")
# The section of findings about the workspace as a whole (organisation tree, account mapping).
WORKSPACE_SECTION = "workspace"


@dataclass(frozen=True)
class Finding:
    """``what`` names the data ("ledger 2024-02..2024-05"), ``detail`` says what was found.

    ``data`` holds the same facts for machines (batch ids, amounts, months), JSON-ready.
    """

    section: str
    block: str | None
    status: Status
    what: str
    detail: str
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
