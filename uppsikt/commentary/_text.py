"""Checking and normalising a comment's Markdown before it is stored.

Validation is light on purpose: the renderers draw a small Markdown subset and keep anything
else as plain text, so only what would make a stored text unusable is refused: bytes that are
not UTF-8, control characters, an empty text, a text longer than a slide can hold, or a key that
is not an identifier.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from uppsikt.errors import InputErrors, Problem

__all__ = [
    "KEY_PATTERN",
    "MAX_CHARS",
    "QUOTE",
    "decode_text",
    "key_problem",
    "normalise_text",
    "quoted_blocks",
    "read_text_file",
    "text_hash",
]

# The same identifiers as block and section ids, so a block's id can be its comment's key.
KEY_PATTERN = re.compile(r"^[a-z0-9_]+$")
# More than fits on a slide; a longer text is almost certainly the wrong file.
MAX_CHARS = 20_000
# C0 control characters other than tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOM = "\ufeff"


# A quote of a report figure, {{block | row | column}} (see uppsikt/report/_references.py):
# always with a "|", since a block id alone names no figure.
QUOTE = re.compile(r"\{\{([^{}]*\|[^{}]*)\}\}")


def quoted_blocks(markdown: str) -> set[str]:
    """The ids of the report blocks a text quotes figures of."""
    return {m.group(1).split("|")[0].strip() for m in QUOTE.finditer(markdown)}


def text_hash(markdown: str) -> str:
    """SHA-256 of the text's UTF-8 bytes: what is stored, audited and compared."""
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()


def key_problem(key: str, file: str) -> Problem | None:
    """A problem when ``key`` cannot name a comment, else None."""
    if KEY_PATTERN.match(key):
        return None
    return Problem(
        file,
        None,
        None,
        key,
        "bad_key",
        "a comment key is lower-case letters a-z, digits and underscores, e.g. rs_analys",
    )


def decode_text(data: bytes, file: str) -> str:
    """The bytes of a Markdown file as text; raises naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InputErrors(
            file,
            [
                Problem(
                    file,
                    line,
                    None,
                    f"0x{bad}",
                    "not_utf8",
                    f"the text is not UTF-8 (byte {column} of the line cannot be read); "
                    "save the file as UTF-8",
                )
            ],
        ) from None


def _problems(lines: str, markdown: str, file: str) -> list[Problem]:
    """Problems of a text: ``lines`` as written (for line numbers), ``markdown`` as stored."""
    problems = []
    control = _CONTROL.search(lines)
    if control:
        line = lines.count("\n", 0, control.start()) + 1
        problems.append(
            Problem(
                file,
                line,
                None,
                f"U+{ord(control.group()):04X}",
                "control_character",
                "the text contains a control character; remove it",
            )
        )
    if not markdown.strip():
        problems.append(
            Problem(
                file,
                None,
                None,
                None,
                "empty_text",
                "the text is empty; write the comment (a key with no text is not stored)",
            )
        )
    if len(markdown) > MAX_CHARS:
        problems.append(
            Problem(
                file,
                None,
                None,
                None,
                "too_long",
                f"the text has {len(markdown)} characters; a comment may have at most {MAX_CHARS}",
            )
        )
    return problems


def normalise_text(markdown: str, file: str) -> str:
    """The text as stored: no byte-order mark, LF line endings, no leading blank lines and
    no trailing white space. Raises :class:`InputErrors` naming every problem found."""
    lines = markdown.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\A(?:[ \t]*\n)+", "", lines).rstrip()
    problems = _problems(lines, text, file)
    if problems:
        raise InputErrors(file, problems)
    return text


def read_text_file(path: Path) -> str:
    """A Markdown file's text, checked and normalised (see :func:`normalise_text`)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputErrors(
            str(path),
            [Problem(str(path), None, None, None, "no_file", "file not found")],
        ) from None
    except IsADirectoryError:
        raise InputErrors(
            str(path),
            [Problem(str(path), None, None, None, "no_file", "is a folder, not a file")],
        ) from None
    return normalise_text(decode_text(data, str(path)), str(path))
