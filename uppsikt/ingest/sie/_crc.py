"""The #KSUMMA checksum (SIE 4B section 10): a CRC-32 over the records between the two #KSUMMA.

The specification's algorithm (polynomial 0xEDB88320, register preset to all ones, result
inverted) is the standard CRC-32 of :func:`zlib.crc32`. Each record contributes its tag and its
field values as read: without the spaces or tabs between fields, without the quotes around a
field or the escaping backslashes, without the braces of an object list (its dimension numbers
and object codes do count) and without line breaks. Text is taken in the file's own encoding,
which is CP437 ("PC8") for a file that follows the specification. No shared example file
carries a #KSUMMA, so this reading of the rules is checked only against our own writer.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from uppsikt.ingest.sie._tokenize import Field

__all__ = ["crc_update"]


def crc_update(crc: int, tag: str, fields: Sequence[Field], encoding: str) -> int:
    """Return ``crc`` extended with one record (its tag and fields)."""
    parts = [tag]
    for field in fields:
        if isinstance(field, tuple):
            parts.extend(field)
        else:
            parts.append(field)
    return zlib.crc32("".join(parts).encode(encoding, errors="replace"), crc)
