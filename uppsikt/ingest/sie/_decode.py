"""Detect a SIE file's character encoding from its bytes; ``#FORMAT PC8`` is not trusted.

Valid UTF-8 with non-ASCII characters is UTF-8. Otherwise the file is CP437 (what PC8 means)
or CP1252/Latin-1, whichever turns more of its bytes into Swedish letters (åäöÅÄÖé).
"""

from __future__ import annotations

__all__ = ["decode_sie"]

# Bytes that are Swedish letters in each encoding: å ä ö Å Ä Ö é ü.
_CP437_LETTERS = (0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82, 0x81)
_CP1252_LETTERS = (0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xFC)
_ASCII = bytes(range(128))


def decode_sie(data: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding it was decoded with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.isascii():
        return data.decode("ascii"), "ascii"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    high = data.translate(None, _ASCII)  # only the bytes that differ between encodings
    cp437 = sum(high.count(b) for b in _CP437_LETTERS)
    cp1252 = sum(high.count(b) for b in _CP1252_LETTERS)
    if cp1252 > cp437:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            # The five bytes CP1252 leaves undefined: Latin-1 decodes every byte.
            return data.decode("latin-1"), "latin-1"
    return data.decode("cp437"), "cp437"
