"""Published versions: frozen in ``published/YYYY-MM/vN/`` inside the workspace.

A version folder holds the report model (``report.json``), the rendered files, copies of the
configuration files (``config/``) and ``manifest.json`` with the hash of every other file, the
batches in force and the configuration's hashes. It is written to a temporary folder, made
read-only and renamed into place under a lock, so the next number is taken exactly once and a
version is never seen half-written nor changed. The audit log gets a ``publish`` entry with the
manifest's hash.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from uppsikt import __version__
from uppsikt.audit import CONFIG_FILES, current_user, read_log, record, sha256_file
from uppsikt.config import Workspace
from uppsikt.errors import UppsiktError
from uppsikt.periods import period_code
from uppsikt.publish._inputs import Configuration, build_with, input_state, report_hash
from uppsikt.publish._manifest import MANIFEST_FILE, AuditHead, InputState, Manifest
from uppsikt.publish._version_ref import VersionRef, parse_version
from uppsikt.render import FORMATS, read_json, render
from uppsikt.report import Report
from uppsikt.warehouse._as_of import as_of, last_batch_id

__all__ = [
    "PUBLISHED_DIR",
    "PUBLISH_PDF_VARIANT",
    "REPORT_FILE",
    "StoredVersion",
    "find_version",
    "list_versions",
    "pdf_metadata",
    "publish",
]

PUBLISHED_DIR = "published"
REPORT_FILE = "report.json"
CONFIG_DIR = "config"
# Archival and tagged: PDF/A-3 level A keeps the structure screen readers use.
PUBLISH_PDF_VARIANT = "pdf/a-3a"


@dataclass(frozen=True)
class StoredVersion:
    """A version folder and its manifest."""

    path: Path
    manifest: Manifest

    @property
    def ref(self) -> VersionRef:
        return VersionRef(self.manifest.period, self.manifest.version)

    @property
    def config_dir(self) -> Path:
        return self.path / CONFIG_DIR

    def report(self) -> Report:
        """The stored report model, after checking it is the file the manifest names."""
        path = self.path / REPORT_FILE
        expected = self.manifest.files.get(REPORT_FILE)
        if not path.is_file() or expected is None:
            raise UppsiktError(f"{path}: the stored report model is missing")
        if sha256_file(path) != expected:
            raise UppsiktError(
                f"{path}: the stored report model was changed after it was published "
                "(its hash does not match the manifest)",
                hint="Run 'uppsikt audit verify' to see every problem.",
            )
        return read_json(path)


def _manifest(path: Path) -> Manifest:
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UppsiktError(f"{path}: not a version manifest ({exc})") from None


def list_versions(root: Path, period: str | None = None) -> list[StoredVersion]:
    """Every published version of the workspace (of one period), oldest period first."""
    base = root / PUBLISHED_DIR
    found = []
    pattern = f"{period}/v*/{MANIFEST_FILE}" if period else f"*/v*/{MANIFEST_FILE}"
    for path in base.glob(pattern):
        if path.parent.parent.name.startswith("."):
            continue
        found.append(StoredVersion(path.parent, _manifest(path)))
    return sorted(found, key=lambda v: (v.manifest.period, v.manifest.version))


def find_version(root: Path, text: str | VersionRef) -> StoredVersion:
    """The stored version named ``text`` (``2024-07/v1``), or an error listing what exists."""
    ref = parse_version(text) if isinstance(text, str) else text
    path = root / PUBLISHED_DIR / ref.period / f"v{ref.number}" / MANIFEST_FILE
    if not path.is_file():
        existing = [str(v.ref) for v in list_versions(root, ref.period)]
        known = f"; {ref.period} has {', '.join(existing)}" if existing else ""
        raise UppsiktError(
            f"version {ref} has not been published{known}",
            hint=f"Publish with 'uppsikt publish --period {ref.period}'.",
        )
    return StoredVersion(path.parent, _manifest(path))


@contextmanager
def _lock(base: Path) -> Iterator[None]:
    base.mkdir(parents=True, exist_ok=True)
    with (base / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _next_number(base: Path, period: str) -> int:
    numbers = [int(p.name[1:]) for p in (base / period).glob("v*") if p.name[1:].isdigit()]
    return max(numbers, default=0) + 1


def _make_read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    folder.chmod(folder.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def pdf_metadata(ident: str, period: str, digest: str, inputs: InputState) -> dict[str, str]:
    """What a published PDF carries in its metadata: version, period, report hash and the
    hashes of its inputs (each batch's file, each configuration file)."""
    inputs_digest = hashlib.sha256(inputs.model_dump_json().encode("utf-8")).hexdigest()
    return {
        "UppsiktVersion": ident,
        "UppsiktPeriod": period,
        "UppsiktReportHash": digest,
        "UppsiktInputsHash": inputs_digest,
        "UppsiktBatches": " ".join(f"{b.batch_id}:{b.file_hash}" for b in inputs.batches),
        "UppsiktConfig": " ".join(f"{k}:{v or '-'}" for k, v in inputs.config.items()),
    }


def publish(
    ws: Workspace,
    period: date,
    *,
    note: str | None = None,
    formats: list[str] | None = None,
    user: str | None = None,
) -> StoredVersion:
    """Build ``period`` from the workspace as it is now and freeze it as the next version.

    ``formats`` are the rendered files stored beside the model (default: every format; the
    PDF is PDF/A-3a with the version, period and input hashes in its metadata).
    """
    names = [f for f in (list(FORMATS) if formats is None else formats) if f != "json"]
    code = period_code(period)
    base = ws.root / PUBLISHED_DIR
    with _lock(base):
        temp = base / f".tmp-{uuid.uuid4().hex}"
        (temp / CONFIG_DIR).mkdir(parents=True)
        try:
            for name in CONFIG_FILES:
                if (ws.root / name).is_file():
                    shutil.copyfile(ws.root / name, temp / CONFIG_DIR / name)
            # Built from the copies, so the version's configuration is exactly what was used.
            config = Configuration.load(temp / CONFIG_DIR)
            con = ws.connect()
            try:
                # Pinned to the newest batch, so an import running meanwhile is not half seen.
                with as_of(con, last_batch_id(con)):
                    inputs = input_state(con, temp / CONFIG_DIR)
                    report = build_with(con, config, period)
            finally:
                con.close()
            number = _next_number(base, code)
            ident = f"{code}/v{number}"
            log = read_log(ws.root)
            head = AuditHead(seq=log[-1].seq, hash=log[-1].hash) if log else None
            digest = report_hash(report)
            (temp / REPORT_FILE).write_text(report.model_dump_json(indent=2) + "\n", "utf-8")
            metadata = pdf_metadata(ident, code, digest, inputs)
            for name in names:
                options: dict[str, object] = {}
                if name == "pdf":
                    options = {"variant": PUBLISH_PDF_VARIANT, "metadata": metadata}
                render(report, name, temp, **options)
            files = {
                p.relative_to(temp).as_posix(): sha256_file(p)
                for p in sorted(temp.rglob("*"))
                if p.is_file()
            }
            manifest = Manifest(
                period=code,
                version=number,
                published_at=datetime.now(UTC),
                published_by=user or current_user(),
                note=note,
                software_version=__version__,
                report_hash=digest,
                inputs=inputs,
                files=files,
                audit_head=head,
            )
            (temp / MANIFEST_FILE).write_text(manifest.model_dump_json(indent=2) + "\n", "utf-8")
            _make_read_only(temp)
            target = base / code / f"v{number}"
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(temp, target)
        except BaseException:
            if temp.exists():
                _make_writable(temp)
                shutil.rmtree(temp, ignore_errors=True)
            raise
        record(
            ws.root,
            "publish",
            ident,
            content_hash=sha256_file(target / MANIFEST_FILE),
            details={
                "period": code,
                "version": number,
                "report_hash": digest,
                "note": note,
                "last_batch_id": inputs.last_batch_id,
            },
        )
    return StoredVersion(target, manifest)


def _make_writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
