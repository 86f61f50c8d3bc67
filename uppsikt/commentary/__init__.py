"""Commentary: Markdown texts per period and key, written by the responsible person.

Stored as batches of kind ``commentary`` (history kept, nothing overwritten) and read
through the ``commentary_current`` view; see docs/commentary.md.
"""

from uppsikt.commentary._files import read_comment_folder, write_comment_folder
from uppsikt.commentary._store import (
    KIND,
    Comment,
    SaveResult,
    comment_history,
    current_comment,
    current_comments,
    list_comments,
    save_comments,
)
from uppsikt.commentary._text import (
    KEY_PATTERN,
    MAX_CHARS,
    QUOTE,
    key_problem,
    normalise_text,
    quoted_blocks,
    read_text_file,
    text_hash,
)

__all__ = [
    "KEY_PATTERN",
    "KIND",
    "MAX_CHARS",
    "QUOTE",
    "Comment",
    "SaveResult",
    "comment_history",
    "current_comment",
    "current_comments",
    "key_problem",
    "list_comments",
    "normalise_text",
    "quoted_blocks",
    "read_comment_folder",
    "read_text_file",
    "save_comments",
    "text_hash",
    "write_comment_folder",
]
