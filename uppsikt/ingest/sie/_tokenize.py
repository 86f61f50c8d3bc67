"""Split one SIE line into fields.

Fields are separated by spaces or tabs. A field may be quoted (``"two words"``); inside quotes
``\\"`` stands for a quote and ``\\\\`` for a backslash, any other backslash is literal (file paths
in #FNR are common). ``{...}`` is an object list and becomes a tuple of its fields, e.g.
``{1 "0123" 6 "P1"}`` -> ``("1", "0123", "6", "P1")``; ``{}`` -> ``()``. A quote or brace inside
an unquoted field ends that field.

Most lines hold no backslash and no control character; they take fast paths built on
``str.split``. Any other line goes through a small regular-expression scanner. Both paths give
the same fields (a property test checks it).
"""

from __future__ import annotations

import re

__all__ = ["Field", "TokenError", "tokenize_line"]

Field = str | tuple[str, ...]


class TokenError(ValueError):
    """The line cannot be split into fields; ``code`` is a stable reason code."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


# One alternative per token kind; findall skips only spaces and tabs, so a lone quote (an
# unterminated string) lands in the last group and is reported.
_SCANNER = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}])|([^ \t"{}]+)|(")', re.DOTALL)
_UNESCAPE = re.compile(r'\\(["\\])')


def _unterminated() -> TokenError:
    return TokenError("unterminated_quote", "a quoted field is not closed")


def _opened_twice() -> TokenError:
    return TokenError("unbalanced_brace", "an object list '{' is opened twice")


def _closes_nothing() -> TokenError:
    return TokenError("unbalanced_brace", "'}' closes no object list")


def _not_closed() -> TokenError:
    return TokenError("unbalanced_brace", "an object list '{' is not closed")


def tokenize_line(line: str) -> list[Field]:
    """Split ``line`` (without its line break) into fields; raises :class:`TokenError`."""
    probe = line.replace("\t", " ") if "\t" in line else line
    if "\\" in line or not probe.isprintable():
        # str.split() would also split on control characters and no-break spaces.
        return scan_line(line)
    if '"' not in line:
        if "{" not in line and "}" not in line:
            return line.split()  # type: ignore[return-value]
        if line.count("{") == 1 and line.count("}") == 1:
            head, _, rest = line.partition("{")
            inner, closed, tail = rest.partition("}")
            if closed:
                return [*head.split(), tuple(inner.split()), *tail.split()]
        return _group([(False, tok) for tok in _brace_split(line)])
    parts = line.split('"')
    if not len(parts) % 2:
        raise _unterminated()
    if "{" not in line and "}" not in line:
        fields: list[Field] = []
        for index in range(0, len(parts) - 1, 2):
            fields += parts[index].split()
            fields.append(parts[index + 1])
        fields += parts[-1].split()
        return fields
    return _quoted_with_braces(parts)


def _quoted_with_braces(parts: list[str]) -> list[Field]:
    """Fields of a line split at its quotes (odd parts are quoted), with object lists."""
    fields: list[Field] = []
    target: list = fields
    group: list[str] | None = None
    last = len(parts) - 1
    for index in range(0, last + 1, 2):
        part = parts[index]
        if "{" in part or "}" in part:
            opens, closes = part.count("{"), part.count("}")
            if opens + closes == 1:
                # The usual case, one brace in this stretch: no token-by-token loop.
                before, _, after = part.partition("{" if opens else "}")
                target += before.split()
                if opens:
                    if group is not None:
                        raise _opened_twice()
                    target = group = []
                else:
                    if group is None:
                        raise _closes_nothing()
                    fields.append(tuple(group))
                    target, group = fields, None
                target += after.split()
            else:
                for tok in _brace_split(part):
                    if tok == "{":
                        if group is not None:
                            raise _opened_twice()
                        target = group = []
                    elif tok == "}":
                        if group is None:
                            raise _closes_nothing()
                        fields.append(tuple(group))
                        target, group = fields, None
                    else:
                        target.append(tok)
        else:
            target += part.split()
        if index < last:
            target.append(parts[index + 1])
    if group is not None:
        raise _not_closed()
    return fields


def _brace_split(text: str) -> list[str]:
    """Unquoted text split on whitespace, with each brace a token of its own."""
    if "{" in text or "}" in text:
        text = text.replace("{", " { ").replace("}", " } ")
    return text.split()


def scan_line(line: str) -> list[Field]:
    """The general path: quoted fields with escapes, braces and plain fields."""
    pieces: list[tuple[bool, str]] = []
    for quoted, brace, plain, stray in _SCANNER.findall(line):
        if stray:
            raise _unterminated()
        if brace:
            pieces.append((False, brace))
        elif plain:
            pieces.append((False, plain))
        else:
            pieces.append((True, _UNESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted))
    return _group(pieces)


def _group(pieces: list[tuple[bool, str]]) -> list[Field]:
    """Group the tokens between an unquoted ``{`` and ``}`` into a tuple."""
    fields: list[Field] = []
    group: list[str] | None = None
    for quoted, tok in pieces:
        if not quoted and tok == "{":
            if group is not None:
                raise _opened_twice()
            group = []
        elif not quoted and tok == "}":
            if group is None:
                raise _closes_nothing()
            fields.append(tuple(group))
            group = None
        elif group is not None:
            group.append(tok)
        else:
            fields.append(tok)
    if group is not None:
        raise _not_closed()
    return fields
