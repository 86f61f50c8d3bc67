"""The small Markdown subset commentary uses, parsed once for every renderer.

Paragraphs, bullet lists (``-`` or ``*``, nested by two or more spaces of indentation) and
inline ``**bold**`` and ``*italic*``. Anything else is kept as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")
_BULLET = re.compile(r"^(\s*)[-*]\s+(.*)$")


@dataclass(frozen=True)
class Run:
    """A piece of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph or a bullet (``level`` 0 is a top-level bullet)."""

    kind: Literal["paragraph", "bullet"]
    runs: tuple[Run, ...]
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def inline(text: str) -> tuple[Run, ...]:
    """Split text into runs by ``**bold**`` and ``*italic*``."""
    runs = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            runs.append(Run(part[2:-2], bold=True))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            runs.append(Run(part[1:-1], italic=True))
        else:
            runs.append(Run(part))
    return tuple(runs)


def parse(markdown: str) -> list[Paragraph]:
    """Paragraphs and bullets of a Markdown text, in order."""
    blocks: list[Paragraph] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append(Paragraph("paragraph", inline(" ".join(pending))))
            pending.clear()

    for line in markdown.splitlines():
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            indent = len(bullet.group(1).expandtabs(4))
            blocks.append(Paragraph("bullet", inline(bullet.group(2).strip()), indent // 2))
        elif not line.strip():
            flush()
        else:
            pending.append(line.strip())
    flush()
    return blocks
