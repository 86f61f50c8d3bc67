"""A folder of comments as files: one ``KEY.md`` per comment, read whole or written out."""

from __future__ import annotations

from pathlib import Path

from uppsikt.commentary._store import Comment
from uppsikt.commentary._text import decode_text, key_problem, normalise_text
from uppsikt.errors import InputErrors, Problem

__all__ = ["read_comment_folder", "write_comment_folder"]

SUFFIX = ".md"


def read_comment_folder(folder: Path) -> dict[str, str]:
    """Every ``KEY.md`` in ``folder`` (not its subfolders) as key → checked text.

    Raises :class:`InputErrors` naming every problem of every file; then nothing is read.
    """
    if not folder.is_dir():
        raise InputErrors(
            str(folder),
            [Problem(str(folder), None, None, None, "no_folder", "folder not found")],
        )
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == SUFFIX)
    if not files:
        raise InputErrors(
            str(folder),
            [
                Problem(
                    str(folder),
                    None,
                    None,
                    None,
                    "no_comments",
                    "the folder has no .md files; write one KEY.md per comment",
                )
            ],
        )
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for path in files:
        bad_key = key_problem(path.stem, str(path))
        if bad_key:
            problems.append(bad_key)
            continue
        try:
            texts[path.stem] = normalise_text(decode_text(path.read_bytes(), str(path)), str(path))
        except InputErrors as errors:
            problems += errors.problems
    if problems:
        raise InputErrors(str(folder), problems)
    return texts


def write_comment_folder(comments: list[Comment], out: Path) -> list[Path]:
    """Write each comment to ``out/KEY.md`` (UTF-8, ending in a newline); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for comment in comments:
        path = out / f"{comment.key}{SUFFIX}"
        path.write_text(comment.markdown + "\n", encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
