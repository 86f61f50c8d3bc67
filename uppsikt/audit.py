"""The workspace's audit log: every import, configuration change, edit, build and publish.

One JSON object per line in ``audit.log``. Each entry holds the SHA-256 of the previous entry
(``prev``) and its own (``hash``, over every other field), so editing, removing or reordering an
entry breaks the chain and :func:`verify` names the first entry where it breaks.

Configuration files are not edited through uppsikt, so their changes are noticed instead: every
recorded action first compares the files' hashes with the last ``config`` entry and records a
``config`` entry naming the files that changed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from uppsikt.errors import UppsiktError

__all__ = [
    "AUDIT_FILE",
    "CONFIG_FILES",
    "GENESIS",
    "AuditEntry",
    "config_hashes",
    "current_user",
    "read_log",
    "record",
    "sha256_file",
    "verify",
]

AUDIT_FILE = "audit.log"
# The configuration a controller edits by hand; units and accounts arrive as imports.
CONFIG_FILES = ("uppsikt.yaml", "lines.yaml", "report.yaml", "kpis.yaml")
# ``prev`` of the first entry.
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action. ``subject`` says what it acted on (a file, a period, a version)."""

    seq: int
    time: str
    user: str
    action: str
    subject: str
    content_hash: str | None
    details: dict[str, Any] = field(default_factory=dict)
    prev: str = GENESIS
    hash: str = ""

    def computed_hash(self) -> str:
        fields = asdict(self)
        del fields["hash"]
        canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def config_hashes(root: Path) -> dict[str, str | None]:
    """SHA-256 of each configuration file of the workspace (None for a file that is absent)."""
    return {
        name: sha256_file(root / name) if (root / name).is_file() else None for name in CONFIG_FILES
    }


def current_user() -> str:
    """Who is acting: ``UPPSIKT_USER`` if set, else the login name."""
    import getpass

    return os.environ.get("UPPSIKT_USER") or getpass.getuser()


def _parse(line: str, number: int, path: Path) -> AuditEntry:
    try:
        data = json.loads(line)
        return AuditEntry(**data)
    except (ValueError, TypeError) as exc:
        raise UppsiktError(f"{path}, line {number}: not an audit entry ({exc})") from None


def read_log(root: Path) -> list[AuditEntry]:
    """Every entry of the workspace's audit log, oldest first (empty when there is none)."""
    path = root / AUDIT_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [_parse(line, n, path) for n, line in enumerate(lines, start=1) if line.strip()]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with (path.parent / (path.name + ".lock")).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _append(path: Path, entries: list[AuditEntry], action: str, subject: str, **kw: Any) -> None:
    last = entries[-1] if entries else None
    entry = AuditEntry(
        seq=(last.seq + 1) if last else 1,
        time=datetime.now(UTC).isoformat(timespec="microseconds"),
        user=current_user(),
        action=action,
        subject=subject,
        prev=last.hash if last else GENESIS,
        **kw,
    )
    entry = AuditEntry(**{**asdict(entry), "hash": entry.computed_hash()})
    line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
    entries.append(entry)


def _last_config(entries: list[AuditEntry]) -> dict[str, str | None] | None:
    for entry in reversed(entries):
        if entry.action == "config":
            return entry.details.get("files")
    return None


def record(
    root: Path,
    action: str,
    subject: str,
    *,
    content_hash: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry for ``action`` (and first a ``config`` entry if the configuration changed).

    ``root`` is the workspace folder. Returns the appended entry.
    """
    path = root / AUDIT_FILE
    with _locked(path):
        entries = read_log(root)
        files = config_hashes(root)
        before = _last_config(entries)
        if files != before:
            changed = sorted(n for n in files if before is None or files[n] != before.get(n))
            combined = hashlib.sha256(json.dumps(files, sort_keys=True).encode("utf-8")).hexdigest()
            _append(
                path,
                entries,
                "config",
                ", ".join(changed),
                content_hash=combined,
                details={"files": files, "changed": changed},
            )
        _append(path, entries, action, subject, content_hash=content_hash, details=details or {})
        return entries[-1]


def verify(root: Path) -> list[str]:
    """Problems with the audit log's chain, oldest first (empty: the log is intact)."""
    path = root / AUDIT_FILE
    if not path.is_file():
        return []
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = AuditEntry(**json.loads(line))
        except (ValueError, TypeError):
            problems.append(f"{path}, line {number}: not an audit entry")
            break
        if entry.seq != expected_seq:
            problems.append(
                f"{path}, line {number}: entry {entry.seq} where {expected_seq} was expected "
                "(an entry was removed or reordered)"
            )
        if entry.prev != prev:
            problems.append(
                f"{path}, line {number}: entry {entry.seq} does not follow the entry before it "
                "(the previous entry was edited or removed)"
            )
        if entry.computed_hash() != entry.hash:
            problems.append(
                f"{path}, line {number}: entry {entry.seq} was edited after it was written "
                "(its content does not match its hash)"
            )
        prev, expected_seq = entry.hash, entry.seq + 1
    return problems
