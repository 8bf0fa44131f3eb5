"""Pair the clauses of two negotiation rounds as a negotiator would pair them.

``align(old, new)`` takes the texts of the clauses of two rounds (without their labels) and says,
for every clause, what became of it: kept as it was, edited, inserted, deleted, moved, split into
several adjacent clauses, or merged from several.

The idea, in the manner of difflib's ``SequenceMatcher``, is to find what is certainly the same
first and let it constrain the rest:

1. **Anchors.** Clauses whose text is identical (whitespace aside) are paired, the k-th
   occurrence of a text with its k-th occurrence.
2. **Candidates.** Every remaining clause is described by its features (words and word pairs,
   lower-cased; each CJK character is a word). An inverted index over the remaining new clauses
   gives each old clause the few new clauses that share most of its rarest features (rarest
   among the new clauses that have them; a feature shared by k clauses counts 1/k); the new
   clauses standing in the same gap between anchors, near the same relative position, are
   added. Nothing ever compares all pairs.
3. **Pairs.** Each candidate pair is scored by word-level similarity (``2 * matches / total``,
   rapidfuzz's Indel distance over word sequences). Pairs in the same gap between anchors at or
   above ``cutoff`` are taken greedily, best first; then pairs across gaps - moves - but only
   at or above ``MOVE_CUTOFF``: a distant clause that is merely alike (UN clauses share much
   wording) is not called moved; deleted here and inserted there is the honest report.
4. **Splits and merges.** A clause whose text is better explained by the concatenation of two
   or more adjacent clauses on the other side (by at least ``SPLIT_GAIN``, each of them mostly
   made of the clause's words) is reported as split (one old, several new) or merged (several
   old, one new).
5. **Moves.** Pairs are ordered by their new position; the longest increasing subsequence of
   their old positions is the order that was kept. Every pair outside it moved.

Everything else was inserted or deleted.

The guarantee is that of difflib: the result *looks right* - it pairs what a careful reader would
pair and reports the fewest moves consistent with that pairing - but it is not a minimal edit
script, and a clause rewritten beyond ``cutoff`` is reported as deleted plus inserted. Two
clauses that swap places are one move either way: of the orders that keep the most pairs in
place, the one kept is that whose clauses travelled least (in positions among the pairs); at
equal distance - an adjacent swap - the longer clause stays and the shorter one is called moved.

The result is a list of ``Pairing(tag, old, new, moved, score)`` tuples. ``tag`` is "equal"
(identical text), "replace" (same clause, edited), "insert", "delete", "split" or "merge";
``old`` and ``new`` are tuples of indices (empty for an insertion or deletion; several, adjacent
and increasing, for a split or merge); ``score`` is the word similarity (1.0 for "equal"). The
invariants: every old index and every new index appears exactly once; the pairings are in the
new round's order (``new[0]`` increases over the pairings that have a new side), and a deleted
clause stands right after the new position of the nearest earlier old clause that was paired and
not moved.

>>> old = ["Recalling its decision 1/CP.17,", "Requests the secretariat to prepare a report;",
...        "Invites Parties to submit views;", "Encourages observers to participate;",
...        "Decides to continue consideration."]
>>> new = ["Recalling its decision 1/CP.17,", "Invites Parties to submit views;",
...        "Encourages observers to participate;",
...        "Requests the secretariat to prepare a synthesis report;",
...        "Urges all Parties to ratify the amendment;", "Decides to continue consideration."]
>>> for p in align(old, new): print(p.tag, p.old, p.new, p.moved)
equal (0,) (0,) False
equal (2,) (1,) False
equal (3,) (2,) False
replace (1,) (3,) True
insert () (4,) False
equal (4,) (5,) False

A split:

>>> old = ["Requests the secretariat to prepare a report and invites Parties to submit views;"]
>>> new = ["Requests the secretariat to prepare a report;", "Invites Parties to submit views;"]
>>> [(p.tag, p.old, p.new) for p in align(old, new)]
[('split', (0,), (0, 1))]

Timing: on 2,000 x 2,000 clauses of generated UN wording with 300 edits, 40 insertions,
25 deletions, 25 moves, 5 splits and 5 merges, ``align`` takes 0.15-0.3 s on a quiet 2-core
machine (``python bench/generate.py 2000``); its cost grows with the number of clauses
that are not identical, times the number of candidates per clause (at most ``CANDIDATES`` from
the index plus ``WINDOW`` on each side), never with the product of the two lengths.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections import Counter
from typing import NamedTuple, Sequence

from rapidfuzz.distance import Indel

__all__ = ["Pairing", "align", "similarity", "words", "CUTOFF"]

#: the least word similarity for two clauses to be the same clause (edited)
CUTOFF = 0.5
#: how much better a concatenation must explain a clause to call it a split or merge
SPLIT_GAIN = 0.05
#: the least share of a split-off (or merged-in) clause's words that the whole clause must hold
CONTAINED = 0.6
#: rare features per clause used for candidate lookup
RARE_FEATURES = 8
#: candidates per clause from the inverted index
CANDIDATES = 8
#: candidates per clause on each side of its expected position between anchors
WINDOW = 4
#: a feature shared by more clauses than this is never used for lookup
MAX_POSTING = 64
#: the least similarity for pairing clauses in different gaps between anchors (a move)
MOVE_CUTOFF = 0.7


class Pairing(NamedTuple):
    """What became of one clause (or group of clauses); see the module docstring."""

    tag: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    moved: bool
    score: float


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORDS = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, each CJK character a word, punctuation left out."""
    return _WORDS.findall(text.lower())


def similarity(a: str, b: str) -> float:
    """Word-level similarity of two texts in [0, 1]: 2 * matching words / all words.

    >>> round(similarity("Requests the secretariat", "Also requests the secretariat"), 3)
    0.857
    """
    vocab: dict[str, str] = {}
    return Indel.normalized_similarity(_encode(words(a), vocab), _encode(words(b), vocab))


def _encode(seq: list[str], vocab: dict[str, str]) -> str:
    out = []
    for w in seq:
        ch = vocab.get(w)
        if ch is None:
            ch = vocab[w] = chr(0xE000 + len(vocab))
        out.append(ch)
    return "".join(out)


def _weighted_lis(values: Sequence[int], weights: Sequence[int]) -> set[int]:
    """Positions of the longest strictly increasing subsequence of ``values`` (distinct), and
    among the longest ones that of greatest total ``weights`` (a Fenwick tree of prefix bests)."""
    rank = {v: r + 1 for r, v in enumerate(sorted(values))}
    size = len(values)
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)   # (length, weight, position)
    back = [-1] * size
    best: tuple[int, int, int] = (0, 0, -1)
    for pos, v in enumerate(values):
        r = rank[v] - 1
        prior: tuple[int, int, int] = (0, 0, -1)
        while r > 0:
            if tree[r] > prior:
                prior = tree[r]
            r -= r & -r
        here = (prior[0] + 1, prior[1] + weights[pos], pos)
        back[pos] = prior[2]
        best = max(best, here)
        r = rank[v]
        while r <= size:
            if here > tree[r]:
                tree[r] = here
            r += r & -r
    keep: set[int] = set()
    pos = best[2]
    while pos >= 0:
        keep.add(pos)
        pos = back[pos]
    return keep


def _lis(values: Sequence[int]) -> set[int]:
    """Positions in ``values`` of one longest strictly increasing subsequence."""
    tails: list[int] = []        # smallest tail value of an increasing run of each length
    tail_pos: list[int] = []     # its position
    back = [-1] * len(values)
    for pos, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(pos)
        else:
            tails[k] = v
            tail_pos[k] = pos
        back[pos] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        keep.add(pos)
        pos = back[pos]
    return keep


class _Side:
    """The encoded clauses of one round."""

    def __init__(self, texts: Sequence[str], vocab: dict[str, str]) -> None:
        self.keys = [" ".join(t.split()) for t in texts]
        self.words = [words(t) for t in texts]
        self.codes = [_encode(w, vocab) for w in self.words]
        self.match: list[int | None] = [None] * len(texts)

    def features(self, i: int) -> set[str]:
        w = self.words[i]
        return set(w) | {w[k] + " " + w[k + 1] for k in range(len(w) - 1)}


def align(old: Sequence[str], new: Sequence[str], *, cutoff: float = CUTOFF) -> list[Pairing]:
    """Pair the clauses ``old`` and ``new`` (texts without labels); see the module docstring."""
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")
    vocab: dict[str, str] = {}
    a, b = _Side(old, vocab), _Side(new, vocab)
    score: dict[int, float] = {}          # old index -> similarity of its 1-1 pair

    # 1. anchors: identical text
    waiting: dict[str, list[int]] = {}
    for i, key in enumerate(a.keys):
        waiting.setdefault(key, []).append(i)
    for j, key in enumerate(b.keys):
        queue = waiting.get(key)
        if queue:
            i = queue.pop(0)
            a.match[i], b.match[j] = j, i
            score[i] = 1.0
    anchors = sorted((b.match[j], j) for j in range(len(new)) if b.match[j] is not None)
    kept = _lis([j for _, j in anchors])
    anchors = [anchors[k] for k in sorted(kept)]

    free_a = [i for i in range(len(old)) if a.match[i] is None]
    free_b = [j for j in range(len(new)) if b.match[j] is None]
    candidates: dict[int, list[tuple[float, int]]] = {}
    if free_a and free_b:
        candidates = _candidates(a, b, free_a, free_b, anchors)

    # 3. pairs, best first: within the same gap between anchors, then across gaps (moves)
    local = sorted(((s, i, j) for i, cands in candidates.items()
                    for s, j, same_gap in cands if same_gap and s >= cutoff), reverse=True)
    distant = sorted(((s, i, j) for i, cands in candidates.items()
                      for s, j, same_gap in cands if not same_gap and s >= max(cutoff, MOVE_CUTOFF)),
                     reverse=True)
    for s, i, j in local + distant:
        if a.match[i] is None and b.match[j] is None:
            a.match[i], b.match[j] = j, i
            score[i] = s

    # 4. splits and merges
    splits = _groups(a, b, score, candidates, cutoff)
    flipped: dict[int, list[tuple[float, int, float]]] = {}
    for i, cands in candidates.items():
        for s, j, bonus in cands:
            flipped.setdefault(j, []).append((s, i, bonus))
    score_b = {j: score[i] for j, i in enumerate(b.match) if i is not None and i in score}
    split_new = {j for _, js, _ in splits for j in js}
    merges = _groups(b, a, score_b, flipped, cutoff, skip=split_new)

    # 5. moves, then order
    items: list[tuple[str, tuple[int, ...], tuple[int, ...], float]] = []
    grouped_a: set[int] = set()
    grouped_b: set[int] = set()
    for i, js, s in splits:
        items.append(("split", (i,), tuple(js), s))
        grouped_a.add(i)
        grouped_b.update(js)
    for j, is_, s in merges:
        items.append(("merge", tuple(is_), (j,), s))
        grouped_b.add(j)
        grouped_a.update(is_)
    for i, j in enumerate(a.match):
        if j is not None and i not in grouped_a and j not in grouped_b:
            tag = "equal" if a.keys[i] == b.keys[j] else "replace"
            items.append((tag, (i,), (j,), score.get(i, 1.0)))
    items.sort(key=lambda item: item[2][0])
    in_order = _weighted_lis([item[1][0] for item in items], _stay_weights(items, a.words))
    paired_a: dict[int, tuple[int, bool]] = {}
    result: list[tuple[tuple, Pairing]] = []
    for k, (tag, olds, news, s) in enumerate(items):
        moved = k not in in_order
        for i in olds:
            paired_a[i] = (news[0], moved)
        result.append(((news[0], 0, 0), Pairing(tag, olds, news, moved, s)))
    for j in range(len(new)):
        if b.match[j] is None and j not in grouped_b:
            result.append(((j, 0, 0), Pairing("insert", (), (j,), False, 0.0)))
    last_new = -1
    for i in range(len(old)):
        hit = paired_a.get(i)
        if hit is None:
            result.append(((last_new, 1, i), Pairing("delete", (i,), (), False, 0.0)))
        elif not hit[1]:
            last_new = hit[0]
    result.sort(key=lambda item: item[0])
    return [p for _, p in result]


def _stay_weights(items: list, old_words: list[list[str]]) -> list[int]:
    """How much each pair (in new order) deserves to stay in place when several orders are longest.

    Of two clauses that swapped places, the one that travelled farther among the pairs is called
    moved; at equal distance (an adjacent swap), the shorter one: a reader sees a short clause
    lifted over a long one, not the long one lifted over the short.
    """
    old_rank = {item[1][0]: r for r, item in enumerate(sorted(items, key=lambda item: item[1][0]))}
    return [-abs(k - old_rank[item[1][0]]) * 1_000_000 + min(sum(len(old_words[i]) for i in item[1]), 999_999)
            for k, item in enumerate(items)]


def _candidates(a: _Side, b: _Side, free_a: list[int], free_b: list[int],
                anchors: list[tuple[int, int]]) -> dict[int, list[tuple[float, int, float]]]:
    """For each free old clause: (similarity, new index, in the same gap) of its candidates."""
    index: dict[str, list[int]] = {}
    for j in free_b:
        for f in b.features(j):
            index.setdefault(f, []).append(j)

    # gaps between anchors: the new clauses free in each gap, and each free old clause's gap
    anchor_old = [i for i, _ in anchors]
    anchor_new = [j for _, j in anchors]
    gap_of_b = {j: bisect_left(anchor_new, j) for j in free_b}
    free_in_gap: dict[int, list[int]] = {}
    for j in free_b:
        free_in_gap.setdefault(gap_of_b[j], []).append(j)
    old_in_gap: dict[int, list[int]] = {}
    for i in free_a:
        old_in_gap.setdefault(bisect_left(anchor_old, i), []).append(i)

    out: dict[int, list[tuple[float, int, float]]] = {}
    for gap, olds in old_in_gap.items():
        news = free_in_gap.get(gap, [])
        for rank, i in enumerate(olds):
            hits: dict[int, float] = {}
            # the rarest features of this clause among the free new clauses that have them,
            # each shared feature counting the more the fewer clauses share it
            postings = sorted((len(p), f) for f in a.features(i)
                              if (p := index.get(f)) and len(p) <= MAX_POSTING)
            for size, f in postings[:RARE_FEATURES]:
                for j in index[f]:
                    hits[j] = hits.get(j, 0.0) + 1.0 / size
            chosen = set(heapq.nsmallest(CANDIDATES, hits, key=lambda j: (-hits[j], j)))
            if news:
                centre = round(rank * len(news) / len(olds)) if olds else 0
                chosen.update(news[max(0, centre - WINDOW): centre + WINDOW + 1])
            code = a.codes[i]
            scored = []
            for j in chosen:
                s = Indel.normalized_similarity(code, b.codes[j])
                scored.append((s, j, gap_of_b[j] == gap))
            out[i] = scored
    return out


def _contained(part: list[str], whole: list[str]) -> bool:
    """Whether at least ``CONTAINED`` of the words of ``part`` occur in ``whole`` (with counts)."""
    if not part:
        return True
    shared = sum((Counter(part) & Counter(whole)).values())
    return shared >= CONTAINED * len(part)


def _groups(a: _Side, b: _Side, score: dict[int, float],
            candidates: dict[int, list[tuple[float, int, float]]],
            cutoff: float, skip: set[int] = frozenset()) -> list[tuple[int, list[int], float]]:
    """Clauses of ``a`` better explained by 2+ adjacent clauses of ``b``: (i, [j...], score).

    Used both ways: old -> new finds splits, new -> old finds merges. Updates the matches: the
    clauses taken into a group are matched to ``i`` (the first of the group in ``a.match``).
    """
    taken: set[int] = set()
    out: list[tuple[int, list[int], float]] = []

    def free(j: int) -> bool:
        return 0 <= j < len(b.codes) and b.match[j] is None and j not in taken

    for i in range(len(a.codes)):
        if i in skip:
            continue
        j0 = a.match[i]
        if j0 is not None:
            if not (free(j0 - 1) or free(j0 + 1)):
                continue
            base = score.get(i, 1.0)
            if base >= 0.999:
                continue
        else:
            options = [(s, j) for s, j, _ in candidates.get(i, ()) if free(j)]
            if not options:
                continue
            base, j0 = max(options)
            base = 0.0
        group = [j0]
        best = Indel.normalized_similarity(a.codes[i], b.codes[j0])
        while True:
            trials = []
            if free(group[0] - 1):
                trials.append([group[0] - 1] + group)
            if free(group[-1] + 1):
                trials.append(group + [group[-1] + 1])
            scored = [(Indel.normalized_similarity(a.codes[i], "".join(b.codes[j] for j in g)), g)
                      for g in trials]
            if not scored:
                break
            s, g = max(scored)
            if s <= best + 0.02:
                break
            best, group = s, g
        if (len(group) > 1 and best >= cutoff and best >= base + SPLIT_GAIN
                and all(_contained(b.words[j], a.words[i]) for j in group)):
            if a.match[i] is None:
                a.match[i] = group[0]
            for j in group:
                b.match[j] = i
                taken.add(j)
            out.append((i, group, best))
    return out
