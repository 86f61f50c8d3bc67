"""Checking published versions against their manifests and the audit log.

A stored file that was edited, added or removed no longer matches the manifest's hashes; a
manifest that was edited no longer matches the hash its ``publish`` entry in the audit log
recorded; and a log cut short no longer holds the entry each manifest recorded as its head or
the ``publish`` entry of a version that exists.
"""

from __future__ import annotations

from pathlib import Path

from uppsikt.audit import AuditEntry, read_log, sha256_file
from uppsikt.errors import UppsiktError
from uppsikt.publish._manifest import MANIFEST_FILE, Manifest
from uppsikt.publish._store import PUBLISHED_DIR

__all__ = ["verify_versions"]


def _files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST_FILE
    )


def _check_files(folder: Path, manifest: Manifest, ident: str) -> list[str]:
    problems = []
    present = _files(folder)
    for name, digest in sorted(manifest.files.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{ident}: {name} was removed after it was published")
        elif sha256_file(path) != digest:
            problems.append(
                f"{ident}: {name} was changed after it was published "
                "(its hash does not match the manifest)"
            )
    for name in present:
        if name not in manifest.files:
            problems.append(f"{ident}: {name} was added after the version was published")
    return problems


def _check_log(folder: Path, manifest: Manifest, ident: str, log: list[AuditEntry]) -> list[str]:
    problems = []
    entries = [e for e in log if e.action == "publish" and e.subject == ident]
    digest = sha256_file(folder / MANIFEST_FILE)
    if not entries:
        problems.append(
            f"{ident}: the audit log has no publish entry for this version "
            "(the log was cut short or the entry removed)"
        )
    elif entries[-1].content_hash != digest:
        problems.append(
            f"{ident}: {MANIFEST_FILE} was changed after it was published "
            "(its hash does not match the audit log's publish entry)"
        )
    head = manifest.audit_head
    if head is not None:
        held = next((e for e in log if e.seq == head.seq), None)
        if held is None or held.hash != head.hash:
            problems.append(
                f"{ident}: the audit log no longer holds entry {head.seq} that was its last "
                "entry when this version was published (the log was cut short or rewritten)"
            )
    return problems


def verify_versions(root: Path) -> list[str]:
    """Problems with the stored versions of the workspace at ``root`` (empty: all intact)."""
    base = root / PUBLISHED_DIR
    log = read_log(root)
    problems: list[str] = []
    seen = set()
    for folder in sorted(base.glob("*/v*")):
        if folder.parent.name.startswith(".") or not folder.is_dir():
            continue
        ident = f"{folder.parent.name}/{folder.name}"
        seen.add(ident)
        path = folder / MANIFEST_FILE
        if not path.is_file():
            problems.append(f"{ident}: {MANIFEST_FILE} is missing")
            continue
        try:
            manifest = Manifest.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError:
            problems.append(f"{ident}: {MANIFEST_FILE} is not a version manifest")
            continue
        if manifest.ident != ident:
            problems.append(f"{ident}: the manifest says it is {manifest.ident}")
        problems.extend(_check_files(folder, manifest, ident))
        problems.extend(_check_log(folder, manifest, ident, log))
    for entry in log:
        if entry.action == "publish" and entry.subject not in seen:
            problems.append(
                f"{entry.subject}: the audit log records it as published (entry {entry.seq}) "
                "but its folder is missing (a stored version was removed)"
            )
    return problems


def check_version(root: Path, ident: str) -> None:
    """Raise when the stored version ``ident`` is not intact."""
    problems = [p for p in verify_versions(root) if p.startswith(f"{ident}:")]
    if problems:
        raise UppsiktError(
            f"version {ident} is not intact:\n  " + "\n  ".join(problems),
            hint="Run 'uppsikt audit verify' to see every problem.",
        )
