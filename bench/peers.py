"""Baselines measured on the same inputs as clausewise: a naive whole-text diff and python-redlines.

- ``naive_diff``: what a programmer would try first: the text of both Word files (paragraphs joined
  with newlines), one diff-match-patch ``diff_main`` over the whole of it with the library's default
  ``Diff_Timeout`` of 1 s, then ``diff_cleanupSemantic``. Past the timeout the library silently gives
  up and returns "delete the rest, insert the rest"; ``equal_share`` shows how much survived.
- ``python-redlines`` (Docxodus engine, a self-contained .NET binary shipped in the PyPI package
  ``python-redlines-docxodus``; WmlComparer in ``python-redlines-ooxmlpowertools``): run as a whole
  process on the two files, as a user would (``redlines_argv``). Optional extra;
  ``redlines_status`` says why it is skipped where it is.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from lxml import etree

__all__ = ["docx_text", "naive_diff", "NaiveResult", "redlines_status", "redlines_argv", "REDLINES_SCRIPT", "ENGINES"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def docx_text(data: bytes) -> str:
    """The text of a Word file's body: each paragraph's ``w:t`` text, paragraphs joined by newlines."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"), _PARSER)
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        lines.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
    return "\n".join(lines)


@dataclass(frozen=True)
class NaiveResult:
    """What the naive diff produced: pieces, and the share of the old text it found unchanged."""

    pieces: int
    equal_share: float
    timed_out: bool


def naive_diff(old: bytes, new: bytes, timeout: float = 1.0) -> NaiveResult:
    """diff-match-patch over the whole text of two Word files (``timeout`` 1.0 s is the library default)."""
    import time

    a, b = docx_text(old), docx_text(new)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    start = time.perf_counter()
    diffs = dmp.diff_main(a, b)
    timed_out = timeout > 0 and time.perf_counter() - start >= timeout
    dmp.diff_cleanupSemantic(diffs)
    equal = sum(len(text) for op, text in diffs if op == 0)
    return NaiveResult(len(diffs), equal / max(1, len(a)), timed_out)


# ---------------------------------------------------------------- python-redlines

#: run as ``python -c REDLINES_SCRIPT OLD NEW OUT``: one whole python-redlines redline, as a user runs it
REDLINES_SCRIPT = (
    "import sys, warnings\n"
    "warnings.simplefilter('ignore')\n"
    "import python_redlines\n"
    "engine = getattr(python_redlines, sys.argv[4])()\n"
    "out, _, _ = engine.run_redline('bench', sys.argv[1], sys.argv[2])\n"
    "open(sys.argv[3], 'wb').write(out)\n"
)
#: the engines: Docxodus (maintained, the default) and WmlComparer (Open-XML-PowerTools, deprecated)
ENGINES = {"docxodus": ("DocxodusEngine", "python_redlines_docxodus"),
           "wmlcomparer": ("XmlPowerToolsEngine", "python_redlines_ooxmlpowertools")}


def redlines_status(engine: str = "docxodus") -> str | None:
    """None when python-redlines with ``engine`` ("docxodus" or "wmlcomparer") can run here, else why not."""
    cls_name, package = ENGINES[engine]
    if importlib.util.find_spec("python_redlines") is None:
        return "python-redlines is not installed (pip install 'python-redlines[all]')"
    if importlib.util.find_spec(package) is None:
        return f"python-redlines is installed without its {engine} binary (pip install 'python-redlines[all]')"
    try:
        import warnings

        import python_redlines

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(python_redlines, cls_name)()  # extracts the binary on first use
    except Exception as exc:  # noqa: BLE001 - any failure means: skip with the reason
        return f"python-redlines cannot start its {engine} engine: {type(exc).__name__}: {exc}"
    return None


def redlines_argv(old: str, new: str, out: str, engine: str = "docxodus") -> list[str]:
    """The command line of one python-redlines redline of ``old`` → ``new`` written to ``out``."""
    return [sys.executable, "-c", REDLINES_SCRIPT, old, new, out, ENGINES[engine][0]]
