"""Drafting comments ("US: Delete 'authorized'") as Word comments.

The comments part and the comment bodies come from python-docx 1.2 (``document.comments``); the
anchors in the text (``w:commentRangeStart``/``End`` and the ``w:commentReference`` run) are made
here, because a drafting comment sits at a point in a clause, not on a python-docx ``Run``.
"""

from __future__ import annotations

import re

from clausewise.formats.docx._oxml import el, run

__all__ = ["CommentWriter", "split_author"]

_AUTHOR = re.compile(r"^\s*([A-Z][A-Za-z .&-]{0,40}?|[A-Z]{2,}[A-Za-z0-9 ]{0,20}):\s+(.+)$", re.S)


def split_author(text: str, author: str | None) -> tuple[str, str]:
    """(author, text) of a drafting comment; "US: Delete 'x'" gives ("US", "Delete 'x'") when no author is set."""
    if author:
        return author, text.strip()
    match = _AUTHOR.match(text)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return "", text.strip()


class CommentWriter:
    """Adds comments to one python-docx ``Document`` and returns the anchor elements for the text."""

    def __init__(self, document):
        """Wrap a python-docx ``Document`` (its comments part is created on first use)."""
        self._document = document

    def add(self, text: str, author: str | None = None) -> tuple:
        """Add a comment; return (rangeStart, rangeEnd, referenceRun) to place in the paragraph."""
        who, body = split_author(text, author)
        initials = "".join(word[0] for word in who.split() if word)[:4] if who else ""
        comment = self._document.comments.add_comment(text=body, author=who or "Drafting comment",
                                                      initials=initials or None)
        cid = str(comment.comment_id)
        start = el("w:commentRangeStart", {"w:id": cid})
        end = el("w:commentRangeEnd", {"w:id": cid})
        ref = run([el("w:commentReference", {"w:id": cid})])
        return start, end, ref
