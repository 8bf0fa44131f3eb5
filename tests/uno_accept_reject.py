"""Read Word files through LibreOffice with all tracked changes accepted or rejected (UNO).

Run with the system Python that has python3-uno (``/usr/bin/python3``), not the project venv:

    /usr/bin/python3 tests/uno_accept_reject.py accept a.docx [b.docx ...]
    /usr/bin/python3 tests/uno_accept_reject.py reject a.docx
    /usr/bin/python3 tests/uno_accept_reject.py none a.docx      # as loaded, nothing applied

Starts ``soffice --headless`` with a private user profile and a named pipe, loads each file
hidden, dispatches ``.uno:AcceptAllTrackedChanges`` or ``.uno:RejectAllTrackedChanges``, and
prints one JSON object: ``{path: {"body": [paragraph, ...], "footnotes": [[paragraph, ...], ...],
"redlines": count_before}}``. A paragraph's text starts with its list label and the character
after it (a tab) when LibreOffice numbers it, so Word list numbers read like typed ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno  # noqa: F401  (python3-uno; sets up the bridge)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

_FOLLOWED_BY = {0: "\t", 1: " ", 2: "", 3: "\n"}


def _prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _start(profile: str):
    pipe = f"clausewise_{uuid.uuid4().hex}"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    proc = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         "--nolockcheck", f"-env:UserInstallation={Path(profile).as_uri()}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return proc, ctx
        except NoConnectException:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.25)


def _label(par) -> str:
    try:
        label = par.getPropertyValue("ListLabelString")
    except Exception:
        return ""
    if not label:
        return ""
    follow = "\t"
    try:
        rules = par.getPropertyValue("NumberingRules")
        level = par.getPropertyValue("NumberingLevel")
        for prop in rules.getByIndex(level):
            if prop.Name == "LabelFollowedBy":
                follow = _FOLLOWED_BY.get(prop.Value, "\t")
    except Exception:
        pass
    return label + follow


def _paragraphs(text) -> list[str]:
    out = []
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(_label(element) + element.getString())
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in _cell_order(element.getCellNames()):
                out.extend(_paragraphs(element.getCellByName(name).getText()))
    return out


def _cell_order(names):
    import re

    def key(name):
        m = re.match(r"([A-Za-z]+)(\d+)", name)
        col, row = m.group(1), int(m.group(2))
        return (row, len(col), col)

    return sorted(names, key=key)


def _footnotes_in_order(text) -> list:
    """The footnotes whose anchors stand in ``text``, in reading order (portion by portion)."""
    out = []
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            portions = element.createEnumeration()
            while portions.hasMoreElements():
                portion = portions.nextElement()
                if portion.getPropertyValue("TextPortionType") == "Footnote":
                    out.append(portion.getPropertyValue("Footnote"))
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in _cell_order(element.getCellNames()):
                out.extend(_footnotes_in_order(element.getCellByName(name).getText()))
    return out


def _redline_count(doc) -> int:
    try:
        return doc.getRedlines().getCount()
    except Exception:
        return -1


def read(ctx, path: str, mode: str) -> dict:
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    url = Path(path).resolve().as_uri()
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
    if doc is None:  # LibreOffice 7.4 over UNO dies on DOCX comments here; say so plainly
        raise SystemExit(f"LibreOffice could not load {path}")
    redlines = _redline_count(doc)
    try:
        if mode in ("accept", "reject"):
            dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            frame = doc.getCurrentController().getFrame()
            command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(frame, command, "", 0, ())
        body = _paragraphs(doc.getText())
        notes = [_paragraphs(fn) for fn in _footnotes_in_order(doc.getText())]
        remaining = _redline_count(doc)
        return {"body": body, "footnotes": notes, "redlines": redlines, "remaining": remaining}
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("accept", "reject", "none"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, paths = argv[0], argv[1:]
    profile = tempfile.mkdtemp(prefix="clausewise-lo-")
    proc, ctx = _start(profile)
    try:
        result = {path: read(ctx, path, mode) for path in paths}
    finally:
        try:
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    sys.exit(main(sys.argv[1:]))
