"""Word-level differences inside one pair of aligned clauses, returned as model inlines.

``diff_inlines(old, new)`` turns both contents into tokens, diffs the token sequences with
diff-match-patch and rebuilds one inline tree in which text only in the old round sits in
``Delete`` and text only in the new one in ``Insert`` (house style: writers render model inlines,
never strings).

Tokens are what a negotiator reads as units:

* a word (``\\w+``), a run of spaces, or one punctuation mark;
* in Chinese and Japanese (and any CJK character in any text) one character per token, since
  those scripts put no spaces between words; the choice is made per character, so mixed text
  ("第 2 段 paragraph") works without knowing the document's language;
* a negotiation bracket's "[" and "]" as tokens of their own, so that putting brackets round
  agreed words shows "[" and "]" inserted, not the words rewritten;
* a footnote reference, a drafting comment and a whole editorial note ("{No text required}") as
  one token each;
* emphasis is a property of a word token: "*Recalling*" and "Recalling" are different tokens,
  so an emphasis change is visible as a replaced word.

Every distinct token is encoded as one character (as ``diff_linesToChars`` does for lines), the
two strings are diffed with ``diff_main`` and tidied with ``diff_cleanupSemantic`` (weighted by
the length of each token's text, see ``_TokenMatcher``), then decoded.
Brackets whose "[" and "]" are both kept become ``Bracket`` nodes again; a "[" or "]" that was
inserted or deleted on its own becomes an empty stub ``Bracket((), opens=True, closes=False)``
(or the reverse) inside the ``Insert``/``Delete``, so ``plain_text`` still shows it.

>>> from clausewise.model import Text, Bracket, plain_text
>>> merged = diff_inlines((Text("to prepare a report;"),),
...                       (Text("to "), Bracket((Text("prepare"),)), Text(" a report;")))
>>> [type(n).__name__ for n in merged]
['Text', 'Insert', 'Text', 'Insert', 'Text']
>>> plain_text(merged)
'to [prepare] a report;'
"""

from __future__ import annotations

import re
from typing import Iterable

from diff_match_patch import diff_match_patch

from clausewise.model import (
    Bracket, Comment, Delete, Emph, FootnoteRef, Insert, Note, Text, plain_text,
)

__all__ = ["tokens", "diff_inlines", "diff_tokens", "Token"]

# CJK ideographs, kana, Hangul syllables, CJK punctuation and full-width forms: one token each.
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s{_CJK}]")

#: token kinds
WORD, OPEN, CLOSE, REF, COMMENT, NOTE = "w", "[", "]", "^", "c", "{"

# A token is a hashable tuple: (kind, value, emph). ``value`` is the text for words, the key for
# footnote references, (text, author) for comments, the note's plain text for notes.
Token = tuple


def _words(text: str, emph: bool, out: list) -> None:
    for match in _WORD.finditer(text):
        out.append((WORD, match.group(), emph))


def tokens(inlines: Iterable, emph: bool = False) -> list[Token]:
    """The token sequence of ``inlines`` (see the module docstring)."""
    out: list[Token] = []
    _tokenise(tuple(inlines), emph, out)
    return out


def _tokenise(inlines: tuple, emph: bool, out: list) -> None:
    for node in inlines:
        if isinstance(node, Text):
            _words(node.text, emph, out)
        elif isinstance(node, Emph):
            _tokenise(node.children, True, out)
        elif isinstance(node, Bracket):
            if node.opens:
                out.append((OPEN, "[", False))
            _tokenise(node.children, emph, out)
            if node.closes:
                out.append((CLOSE, "]", False))
        elif isinstance(node, FootnoteRef):
            out.append((REF, node.key, False))
        elif isinstance(node, Comment):
            out.append((COMMENT, (node.text, node.author), False))
        elif isinstance(node, Note):
            out.append((NOTE, plain_text(node.children), emph, node))
        elif isinstance(node, Insert):  # an input that already holds a diff: read its new side
            _tokenise(node.children, emph, out)
        elif isinstance(node, Delete):
            pass
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"not an inline node: {node!r}")


def _key(token: Token) -> tuple:
    return token[:3]


class _TokenMatcher(diff_match_patch):
    """diff-match-patch over token characters, its semantic cleanup weighted by token length.

    ``diff_cleanupSemantic`` removes an equality when it is no longer than the edits on both
    sides, counting characters. Here each character is a token, so a kept word such as "prepare"
    would weigh as little as an inserted "[" and vanish into "-prepare +[prepare]". This
    cleanup is the library's first phase with each token weighing the characters of its text
    (brackets weigh nothing);
    the library's other phases are omitted: its lossless pass looks for word boundaries inside
    characters (here tokens already are words), and its overlap pass rarely applies to words.
    """

    weights: dict[str, int]

    def diff_cleanupSemantic(self, diffs):  # noqa: N802 - the library's name
        """Eliminate equalities lighter than the edits on both sides (weights in characters)."""
        weight = self.weights.get

        def size(text: str) -> int:
            return sum(weight(ch, 1) for ch in text)

        changes = False
        equalities: list[int] = []
        last: str | None = None
        pointer = 0
        ins1 = del1 = ins2 = del2 = 0
        while pointer < len(diffs):
            op, text = diffs[pointer]
            if op == self.DIFF_EQUAL:
                equalities.append(pointer)
                ins1, ins2, del1, del2 = ins2, 0, del2, 0
                last = text
            else:
                if op == self.DIFF_INSERT:
                    ins2 += size(text)
                else:
                    del2 += size(text)
                if last and size(last) < max(ins1, del1) and size(last) < max(ins2, del2):
                    diffs.insert(equalities[-1], (self.DIFF_DELETE, last))
                    diffs[equalities[-1] + 1] = (self.DIFF_INSERT, diffs[equalities[-1] + 1][1])
                    equalities.pop()
                    if equalities:
                        equalities.pop()
                    pointer = equalities[-1] if equalities else -1
                    ins1 = del1 = ins2 = del2 = 0
                    last = None
                    changes = True
            pointer += 1
        if changes:
            self.diff_cleanupMerge(diffs)


def _matcher() -> _TokenMatcher:
    dmp = _TokenMatcher()
    # No deadline. The default of 1 s makes diff_main silently return "delete all, insert all"
    # when it runs out of time. Here each diff is one aligned clause (tens to hundreds of tokens,
    # each token one character), which takes well under a millisecond; a deadline would only
    # make results depend on machine load. Unrelated long clauses are never paired by the
    # alignment, so the quadratic worst case does not arise in practice.
    dmp.Diff_Timeout = 0
    return dmp


_DMP = _matcher()


def diff_tokens(old: list[Token], new: list[Token]) -> list[tuple[str, Token]]:
    """Diff two token sequences: ``[(op, token), ...]`` with op "=", "-" or "+"."""
    table: dict[tuple, str] = {}
    code = [0xE000]  # private-use area upward: never a newline, never a surrogate

    def encode(seq: list[Token]) -> str:
        chars = []
        for tok in seq:
            key = _key(tok)
            ch = table.get(key)
            if ch is None:
                ch = chr(code[0])
                code[0] += 1
                table[key] = ch
            chars.append(ch)
        return "".join(chars)

    a, b = encode(old), encode(new)
    diffs = _DMP.diff_main(a, b, False)
    # A word weighs its characters; a bracket nothing, so that dropping "[compile]" around kept
    # words does not swallow the words; references, comments and notes one character.
    _DMP.weights = {ch: len(k[1]) if k[0] == WORD else 0 if k[0] in (OPEN, CLOSE) else 1
                    for k, ch in table.items()}
    _DMP.diff_cleanupSemantic(diffs)
    marks = {table[k] for k in table if k[0] in (OPEN, CLOSE)}
    diffs = _bracket_only_blocks(diffs, marks)
    out: list[tuple[str, Token]] = []
    i = j = 0
    for op, chars in diffs:
        for _ in chars:
            if op == 0:
                out.append(("=", new[j]))
                i += 1
                j += 1
            elif op < 0:
                out.append(("-", old[i]))
                i += 1
            else:
                out.append(("+", new[j]))
                j += 1
    return out


def _bracket_only_blocks(diffs: list, marks: set[str]) -> list:
    """Undo the semantic cleanup where a replaced block differs only by brackets.

    ``diff_cleanupSemantic`` measures equalities in characters, here tokens, so it turns
    "+[ =prepare +]" into "-prepare +[prepare]". Where the deleted and inserted sides are the same
    words once brackets are set aside, the raw diff of that block is what happened.
    """
    out: list = []
    k = 0
    while k < len(diffs):
        if (k + 1 < len(diffs) and {diffs[k][0], diffs[k + 1][0]} == {-1, 1}):
            old = diffs[k][1] if diffs[k][0] < 0 else diffs[k + 1][1]
            new = diffs[k + 1][1] if diffs[k][0] < 0 else diffs[k][1]
            bare_old = "".join(ch for ch in old if ch not in marks)
            bare_new = "".join(ch for ch in new if ch not in marks)
            if bare_old == bare_new and old != new:
                out.extend(_DMP.diff_main(old, new, False))
                k += 2
                continue
        out.append(diffs[k])
        k += 1
    return out


# ---------------------------------------------------------------- rebuilding an inline tree


def _partners(seq: list[tuple[str, Token]], side: str) -> dict[int, int]:
    """Map each "[" in ``seq`` visible on ``side`` ("old": = and -, "new": = and +) to its "]"."""
    visible = ("=", "-") if side == "old" else ("=", "+")
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for k, (op, tok) in enumerate(seq):
        if op not in visible:
            continue
        if tok[0] == OPEN:
            stack.append(k)
        elif tok[0] == CLOSE and stack:
            pairs[stack.pop()] = k
    return pairs


def _structural(seq: list[tuple[str, Token]]) -> dict[int, int]:
    """The bracket pairs that can be rebuilt as Bracket nodes, "[" index -> "]" index."""
    old_pairs = _partners(seq, "old")
    new_pairs = _partners(seq, "new")
    out: dict[int, int] = {}
    for k, (op, _tok) in enumerate(seq):
        if op == "=":
            m = old_pairs.get(k)
            if m is not None and new_pairs.get(k) == m and seq[m][0] == "=":
                out[k] = m
        else:
            m = (old_pairs if op == "-" else new_pairs).get(k)
            if m is not None and all(seq[x][0] == op for x in range(k, m + 1)):
                out[k] = m
    return out


def _leaf(tok: Token):
    kind = tok[0]
    if kind == REF:
        return FootnoteRef(tok[1])
    if kind == COMMENT:
        return Comment(tok[1][0], tok[1][1])
    if kind == NOTE:
        return tok[3]
    if kind == OPEN:
        return Bracket((), opens=True, closes=False)
    if kind == CLOSE:
        return Bracket((), opens=False, closes=True)
    raise AssertionError(kind)  # pragma: no cover


def _flat(seq, lo, hi, pairs) -> list:
    """Inlines for seq[lo:hi], one op throughout (or "=" without structural brackets)."""
    out: list = []
    words: list[str] = []
    emph = False

    def flush() -> None:
        if words:
            text = Text("".join(words))
            out.append(Emph((text,)) if emph else text)
            words.clear()

    k = lo
    while k < hi:
        tok = seq[k][1]
        if tok[0] == WORD:
            if words and tok[2] != emph:
                flush()
            emph = tok[2]
            words.append(tok[1])
            k += 1
            continue
        flush()
        if tok[0] == OPEN and k in pairs and pairs[k] < hi:
            m = pairs[k]
            out.append(Bracket(tuple(_flat(seq, k + 1, m, pairs))))
            k = m + 1
            continue
        out.append(_leaf(tok))
        k += 1
    flush()
    return _merge_text(out)


def _merge_text(items: list) -> list:
    out: list = []
    for node in items:
        if out and type(node) is Text and type(out[-1]) is Text:
            out[-1] = Text(out[-1].text + node.text)
        elif (out and type(node) is Emph and type(out[-1]) is Emph
              and len(node.children) == 1 and len(out[-1].children) == 1
              and type(node.children[0]) is Text and type(out[-1].children[0]) is Text):
            out[-1] = Emph((Text(out[-1].children[0].text + node.children[0].text),))
        else:
            out.append(node)
    return out


def _build(seq, lo, hi, pairs) -> list:
    out: list = []
    k = lo
    while k < hi:
        op, tok = seq[k]
        if op == "=" and tok[0] == OPEN and k in pairs and pairs[k] < hi:
            m = pairs[k]
            out.append(Bracket(tuple(_build(seq, k + 1, m, pairs))))
            k = m + 1
            continue
        j = k + 1
        while j < hi and seq[j][0] == op and not (
                op == "=" and seq[j][1][0] == OPEN and j in pairs and pairs[j] < hi):
            j += 1
        content = tuple(_flat(seq, k, j, pairs if op != "=" else {}))
        if op == "=":
            out.extend(content)
        elif op == "+":
            out.append(Insert(content))
        else:
            out.append(Delete(content))
        k = j
    return out


def merge(seq: list[tuple[str, Token]]) -> tuple:
    """Rebuild one inline tree with Insert/Delete nodes from a diffed token sequence."""
    return tuple(_build(seq, 0, len(seq), _structural(seq)))


def diff_inlines(old: tuple, new: tuple) -> tuple:
    """The content of two rounds as one inline tree: kept text plain, changes in Insert/Delete.

    ``plain_text`` of the result is the new text; with ``Insert`` dropped and ``Delete`` kept it
    is the old one (see ``result.inline_pairs``).
    """
    return merge(diff_tokens(tokens(old), tokens(new)))


def inserted(content: tuple) -> tuple:
    """The whole of ``content`` marked as inserted."""
    return (Insert(tuple(content)),) if content else ()


def deleted(content: tuple) -> tuple:
    """The whole of ``content`` marked as deleted."""
    return (Delete(tuple(content)),) if content else ()
