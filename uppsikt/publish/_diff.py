"""What changed between two reports, and why.

:func:`compare` lists every figure whose value or printed text differs. :func:`input_changes`
compares what the two were computed from (batches in force per kind, source, period and part;
configuration files; software version). :func:`diff` puts them together: each changed figure
names the input changes that can explain it. A finance figure's lineage says which months of
which kind (ledger, budget, forecast) it summed, so it is attributed to the batches that
replaced those months; a figure without lineage (a chart point, a tile, a text) to the changed
batches of the kinds such a block is made from. Changed configuration files are named for
every changed figure, as they may change any of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from uppsikt.publish._figures import Figure, figures
from uppsikt.publish._manifest import InputState
from uppsikt.report import Report

__all__ = ["Diff", "FigureChange", "InputChange", "compare", "diff", "input_changes"]

# Kinds a finance figure (table cell with lineage, chart, tile) is computed from.
FINANCE_KINDS = ("ledger", "budget", "forecast", "units", "accounts")
_SNAPSHOT_KINDS = ("units", "accounts")


@dataclass(frozen=True)
class InputChange:
    """One changed input. ``what`` is "batch", "config" or "software"."""

    what: str
    description: str
    kind: str | None = None
    source: str | None = None
    old_batch: int | None = None
    new_batch: int | None = None
    periods: tuple[str | None, ...] = ()
    file: str | None = None

    @property
    def ident(self) -> str:
        if self.what == "batch":
            return f"batch {self.new_batch if self.new_batch is not None else self.old_batch}"
        return f"{self.what} {self.file or ''}".strip()


@dataclass(frozen=True)
class FigureChange:
    """A figure that differs: ``old`` or ``new`` is None when it exists on one side only."""

    key: tuple[str, str, str]
    block_title: str
    row_label: str
    column_label: str
    old_value: float | str | None
    old_display: str | None
    new_value: float | str | None
    new_display: str | None
    causes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.old_display is None:
            return "added"
        if self.new_display is None:
            return "removed"
        return "changed"


@dataclass(frozen=True)
class Diff:
    """The comparison of report ``old`` (named ``a``) with report ``new`` (named ``b``)."""

    a: str
    b: str
    inputs: list[InputChange]
    changes: list[FigureChange]

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "identical": not self.changes,
            "inputs": [
                {**asdict(c), "periods": list(c.periods), "ident": c.ident} for c in self.inputs
            ],
            "changes": [
                {**asdict(c), "key": list(c.key), "status": c.status} for c in self.changes
            ],
        }


def compare(old: Report, new: Report) -> list[tuple[Figure | None, Figure | None]]:
    """Pairs of (old, new) figures that differ, in the new report's order, removed ones last."""
    before, after = figures(old), figures(new)
    pairs: list[tuple[Figure | None, Figure | None]] = []
    for key, figure in after.items():
        previous = before.get(key)
        if previous is None or not previous.same_as(figure):
            pairs.append((previous, figure))
    pairs.extend((figure, None) for key, figure in before.items() if key not in after)
    return pairs


def _periods(periods: list[str | None]) -> str:
    named = sorted(p for p in periods if p)
    if not named:
        return ""
    if len(named) <= 3:
        return " for " + ", ".join(named)
    return f" for {named[0]}..{named[-1]} ({len(named)} periods)"


def _batch_label(state: InputState, batch_id: int) -> str:
    ref = state.batch(batch_id)
    return f"batch {batch_id} ({ref.file_name})" if ref else f"batch {batch_id}"


def input_changes(
    old: InputState,
    new: InputState,
    *,
    old_software: str | None = None,
    new_software: str | None = None,
) -> list[InputChange]:
    """The inputs that differ between two states: replaced, added and withdrawn batches
    (grouped per batch pair), changed configuration files and a changed software version."""
    before = {s.key(): s for s in old.in_force}
    after = {s.key(): s for s in new.in_force}
    groups: dict[tuple[str, str, int | None, int | None], list[str | None]] = {}
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        old_id = was.batch_id if was else None
        new_id = now.batch_id if now else None
        if old_id == new_id and old.batch(old_id) == new.batch(new_id):  # type: ignore[arg-type]
            continue
        groups.setdefault((key[0], key[1], old_id, new_id), []).append((was or now).period)
    found = []
    for (kind, source, old_id, new_id), periods in groups.items():
        scope = f"{kind}{'' if source == kind else f' ({source})'}"
        where = _periods(periods)
        if old_id is None:
            text = f"{scope}: {_batch_label(new, new_id)} added{where}"
        elif new_id is None:
            text = f"{scope}: {_batch_label(old, old_id)} no longer in force{where}"
        elif old_id == new_id:
            text = f"{scope}: {_batch_label(new, new_id)} differs from the recorded one{where}"
        else:
            replaced = _batch_label(old, old_id)
            text = f"{scope}: {_batch_label(new, new_id)} replaces {replaced}{where}"
        found.append(
            InputChange(
                "batch", text, kind, source, old_id, new_id, tuple(sorted(periods, key=str))
            )
        )
    for name in sorted(old.config.keys() | new.config.keys()):
        was_hash, now_hash = old.config.get(name), new.config.get(name)
        if was_hash == now_hash:
            continue
        state = "added" if was_hash is None else "removed" if now_hash is None else "changed"
        found.append(InputChange("config", f"configuration change: {name} {state}", file=name))
    if old_software and new_software and old_software != new_software:
        found.append(
            InputChange(
                "software",
                f"software version {old_software} → {new_software}",
                file=new_software,
            )
        )
    return found


def _spans(lineage: dict[str, Any] | None, found: set[tuple[str, str, str]]) -> None:
    """(kind, first, last) month spans a finance figure's lineage summed; forecasts as
    (forecast, made_in, made_in)."""
    if not lineage:
        return
    measure = str(lineage.get("measure", ""))
    periods = lineage.get("periods")
    if measure.startswith("forecast"):
        for made in lineage.get("forecast") or []:
            month = str(made).split(" ")[0]
            found.add(("forecast", month, month))
    elif isinstance(periods, list) and len(periods) == 2:
        kind = "budget" if measure.startswith("budget") else "ledger"
        found.add((kind, str(periods[0]), str(periods[1])))
    for part in (lineage.get("components") or {}).values():
        _spans(part, found)


def _matches(change: InputChange, spans: set[tuple[str, str, str]]) -> bool:
    if change.kind in _SNAPSHOT_KINDS:
        return True
    return any(
        kind == change.kind and any(p is not None and first <= p <= last for p in change.periods)
        for kind, first, last in spans
    )


def _causes(old: Figure | None, new: Figure | None, inputs: list[InputChange]) -> list[str]:
    batches = [c for c in inputs if c.what == "batch"]
    others = [c.description for c in inputs if c.what != "batch"]
    spans: set[tuple[str, str, str]] = set()
    for figure in (old, new):
        if figure is not None:
            _spans(figure.lineage, spans)
    if spans:
        matched = [c for c in batches if c.kind in FINANCE_KINDS and _matches(c, spans)]
    else:
        block_type = (new or old).block_type  # type: ignore[union-attr]
        finance = [c for c in batches if c.kind in FINANCE_KINDS]
        other = [c for c in batches if c.kind not in FINANCE_KINDS]
        if block_type in ("text", "status_table", "report"):
            matched = other or finance
        else:
            matched = finance or other
    causes = [c.description for c in matched] + others
    return causes or ["cause not determined: the recorded inputs are the same"]


def diff(
    old: Report,
    new: Report,
    old_inputs: InputState,
    new_inputs: InputState,
    *,
    a: str,
    b: str,
) -> Diff:
    """Every figure that differs between ``old`` and ``new``, with its likely causes."""
    inputs = input_changes(
        old_inputs, new_inputs, old_software=old.software_version, new_software=new.software_version
    )
    changes = []
    for before, after in compare(old, new):
        any_side = after or before
        assert any_side is not None
        changes.append(
            FigureChange(
                key=any_side.key,
                block_title=any_side.block_title,
                row_label=any_side.row_label,
                column_label=any_side.column_label,
                old_value=before.value if before else None,
                old_display=before.display if before else None,
                new_value=after.value if after else None,
                new_display=after.display if after else None,
                causes=_causes(before, after, inputs),
            )
        )
    return Diff(a, b, inputs, changes)
