"""PDF output through LibreOffice: ``to_pdf(docx_path, pdf_path)``.

Runs ``soffice --headless --convert-to pdf`` in a temporary folder with a profile of its own
(``-env:UserInstallation``), so a running LibreOffice, a locked user profile or a parallel
conversion does not interfere, then moves the PDF into place atomically.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from clausewise.errors import InputError, OutputError
from clausewise.output import atomic_write

__all__ = ["to_pdf", "convert_many", "find_soffice", "SofficeMissing"]

#: seconds a single conversion may take before it is abandoned
TIMEOUT = 180
#: footnotes in the PDF copy: the text at 2 cm, LibreOffice's number from 1.5 cm (twips)
NOTE_TEXT_INDENT = 1134
NOTE_NUMBER_START = 850


class SofficeMissing(InputError):
    """LibreOffice is not installed, so no PDF can be made."""


def find_soffice() -> str | None:
    """The path of the LibreOffice executable (``$CLAUSEWISE_SOFFICE``, soffice, libreoffice), or None."""
    override = os.environ.get("CLAUSEWISE_SOFFICE")
    if override:
        return override if shutil.which(override) or Path(override).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def prepare_for_libreoffice(data: bytes) -> bytes:
    """A copy of a DOCX adjusted where LibreOffice renders Word differently (the Word file is untouched).

    - LibreOffice prints a custom footnote mark ("*", "**") itself at the start of the footnote, so
      the mark Word needs typed there would show twice: it is removed.
    - LibreOffice numbers footnotes through the whole document, while Word restarts them in each
      section that asks for it (an annex): there the numbers Word would show become marks.
    - LibreOffice starts a footnote with its number at the margin: the copy starts it at 1.5 cm,
      next to the text at 2 cm, where Word right-aligns it.
    - LibreOffice draws no footnote separator on the pages of a later section (the annex): where
      the sections differ only in the first-page layout, they become one, the annex starting
      on a new page as before (its footnote numbers are already typed).
    - In a right-to-left document Word keeps a run not marked ``w:rtl`` ("MC-4/[--]", a symbol)
      left to right, brackets and slashes included; LibreOffice applies the Unicode algorithm to
      the whole paragraph and would print "[--]/MC-4": such runs get left-to-right marks.
    """
    from clausewise.formats.docx._oxml import parse_xml, qn, to_bytes

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "word/document.xml" not in names:
            return data
        document = parse_xml(archive.read("word/document.xml"))
        changed = {"word/document.xml": document}
        if "word/footnotes.xml" in names:
            notes = parse_xml(archive.read("word/footnotes.xml"))
            _adjust_footnotes(notes, document, qn)
            changed["word/footnotes.xml"] = notes
        _merge_sections(document, qn)
        if _right_to_left(document, qn):
            for name in names:
                if name == "word/document.xml" or name == "word/footnotes.xml" or (
                        re.fullmatch(r"word/(header|footer)\d*\.xml", name)):
                    root = changed.get(name)
                    if root is None:
                        root = changed[name] = parse_xml(archive.read(name))
                    _mark_latin_runs(root, qn)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in archive.infolist():
                root = changed.get(item.filename)
                target.writestr(item, to_bytes(root) if root is not None else archive.read(item.filename))
        return out.getvalue()


def _adjust_footnotes(notes, document, qn) -> None:
    """Typed marks instead of restarted numbers, no doubled custom marks, the number next to the text."""
    renumbered = _number_restarted_footnotes(document, qn)
    by_id = {n.get(qn("w:id")): n for n in notes.findall(qn("w:footnote"))}
    for fid in renumbered:
        note = by_id.get(fid)
        paragraph = note.find(qn("w:p")) if note is not None else None
        if paragraph is None:
            continue
        for r in list(paragraph.findall(qn("w:r"))):
            if r.find(qn("w:footnoteRef")) is not None:
                previous = r.getprevious()
                if previous is not None and previous.tag == qn("w:r") and previous.find(qn("w:tab")) is not None \
                        and previous.find(qn("w:t")) is None:
                    paragraph.remove(previous)
                paragraph.remove(r)
                break
    for note in notes.findall(qn("w:footnote")):
        first_p = note.find(qn("w:p"))
        if note.get(qn("w:type")) or first_p is None:
            continue
        _clear_number_tab(first_p, qn)
        ref = first_p.find(f"{qn('w:r')}/{qn('w:footnoteRef')}")
        if ref is not None:  # the tab before Word's number: LibreOffice puts its number first
            before = ref.getparent().getprevious()
            if before is not None and before.tag == qn("w:r") and before.find(qn("w:tab")) is not None \
                    and before.find(qn("w:t")) is None:
                first_p.remove(before)
        first_run = first_p.find(qn("w:r"))
        if first_run is None or first_run.find(qn("w:footnoteRef")) is not None:
            continue
        style = first_run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if style is not None and style.get(qn("w:val")) == "FootnoteReference" and first_run.find(qn("w:t")) is not None:
            first_p.remove(first_run)


def _page_layout(sect, qn) -> list:
    """What makes two sections' pages look different, apart from a different first page."""
    skip = {qn("w:titlePg"), qn("w:type"), qn("w:footnotePr")}
    return [(c.tag, sorted(c.attrib.items())) for c in sect if c.tag not in skip]


def _merge_sections(document, qn) -> None:
    """Make sections that share their page layout one section, each later one starting a new page.

    The merged section takes the first section's properties (its different first page); the
    paragraph after each removed break gets ``w:pageBreakBefore``.
    """
    from clausewise.formats.docx._oxml import get_or_add_ppr

    body = document.find(qn("w:body"))
    final = body.find(qn("w:sectPr")) if body is not None else None
    if final is None:
        return
    breaks = [p for p in body.findall(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    if not breaks:
        return
    inner = [p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in breaks]
    if any(_page_layout(s, qn) != _page_layout(final, qn) for s in inner):
        return
    first = inner[0]
    for p, sect in zip(breaks, inner):
        sect.getparent().remove(sect)
        following = p.getnext()
        while following is not None and following.tag != qn("w:p"):
            following = following.getnext()
        if following is None:
            continue
        ppr = get_or_add_ppr(following)
        anchor = None
        for tag in ("w:pStyle", "w:keepNext", "w:keepLines"):
            if ppr.find(qn(tag)) is not None:
                anchor = ppr.find(qn(tag))
        page_break = ppr.makeelement(qn("w:pageBreakBefore"), {})
        if anchor is not None:
            anchor.addnext(page_break)
        else:
            ppr.insert(0, page_break)
    final.addprevious(first)
    body.remove(final)


_OFF = ("0", "false", "off")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]")
_LRM = "\u200e"


def _right_to_left(document, qn) -> bool:
    """True when the document's last section is right to left (``w:bidi`` in its ``w:sectPr``)."""
    body = document.find(qn("w:body"))
    sect = body.find(qn("w:sectPr")) if body is not None else None
    bidi = sect.find(qn("w:bidi")) if sect is not None else None
    return bidi is not None and bidi.get(qn("w:val")) not in _OFF


def _mark_latin_runs(root, qn) -> None:
    """Put left-to-right marks around the text of Latin runs not marked ``w:rtl`` in right-to-left paragraphs."""
    for p in root.iter(qn("w:p")):
        bidi = p.find(f"{qn('w:pPr')}/{qn('w:bidi')}")
        if bidi is not None and bidi.get(qn("w:val")) in _OFF:
            continue   # a paragraph that says it is left to right (the masthead's Distr. column)
        for r in p.iter(qn("w:r")):
            rtl = r.find(f"{qn('w:rPr')}/{qn('w:rtl')}")
            if rtl is not None and rtl.get(qn("w:val")) not in _OFF:
                continue
            texts = r.findall(qn("w:t"))
            if not texts or not _LATIN.search("".join(t.text or "" for t in texts)):
                continue
            texts[0].text = _LRM + (texts[0].text or "")
            texts[-1].text = (texts[-1].text or "") + _LRM
            for t in (texts[0], texts[-1]):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _clear_number_tab(paragraph, qn) -> None:
    """Clear the right tab Word right-aligns the footnote number on (1.8 cm).

    LibreOffice prints the number itself before the paragraph, so the tab that follows it must
    reach the text at 2 cm (the hanging indent), not that right tab.
    """
    from clausewise.formats.docx._oxml import el, get_or_add_ppr

    ppr = get_or_add_ppr(paragraph)
    tabs = ppr.find(qn("w:tabs"))
    if tabs is None:
        tabs = el("w:tabs")
        style = ppr.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(tabs)
        else:
            ppr.insert(0, tabs)
    if not any(t.get(qn("w:val")) == "clear" and t.get(qn("w:pos")) == "1021" for t in tabs):
        tabs.append(el("w:tab", {"w:val": "clear", "w:pos": "1021"}))
    # LibreOffice's number starts the first line: start it at 1.5 cm, so it stands just before
    # the text at 2 cm as Word's right-aligned number does (not at the margin)
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = el("w:ind")
        anchor = next((ppr.find(qn(t)) for t in ("w:spacing", "w:bidi", "w:tabs") if ppr.find(qn(t)) is not None))
        anchor.addnext(ind)   # schema order: … tabs, bidi, spacing, ind, jc …
    ind.set(qn("w:left"), str(NOTE_TEXT_INDENT))
    ind.set(qn("w:hanging"), str(NOTE_TEXT_INDENT - NOTE_NUMBER_START))
    for side in ("w:firstLine", "w:start", "w:hangingChars", "w:firstLineChars"):
        ind.attrib.pop(qn(side), None)


def _number_restarted_footnotes(document, qn) -> list[str]:
    """Give numbered footnotes of later sections that restart numbering their number as a mark; return their ids."""
    body = document.find(qn("w:body"))
    if body is None:
        return []
    ends = [p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in body.iter(qn("w:p"))]
    sections = [s for s in ends if s is not None] + [body.find(qn("w:sectPr"))]

    def restarts(sect) -> bool:
        restart = sect.find(f"{qn('w:footnotePr')}/{qn('w:numRestart')}") if sect is not None else None
        return restart is not None and restart.get(qn("w:val")) == "eachSect"

    changed: list[str] = []
    section, count = 0, 0
    for paragraph in body.iter(qn("w:p")):
        for ref in paragraph.iter(qn("w:footnoteReference")):
            if ref.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
                continue
            if section > 0 and section < len(sections) and restarts(sections[section]):
                count += 1
                ref.set(qn("w:customMarkFollows"), "1")
                run = ref.getparent()
                for ch in str(count):  # one w:t per character (see footnotes.FootnotesPart.reference)
                    t = run.makeelement(qn("w:t"), {})
                    t.text = ch
                    run.append(t)
                changed.append(ref.get(qn("w:id")))
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            section, count = section + 1, 0
    return changed


def to_pdf(docx_path: str | os.PathLike, pdf_path: str | os.PathLike) -> Path:
    """Convert a Word file to PDF with LibreOffice; return the PDF's path.

    Raises ``SofficeMissing`` (an InputError) when LibreOffice is not installed, InputError when
    the Word file is missing, and OutputError when the conversion fails or times out.
    """
    return convert_many([(docx_path, pdf_path)])[0]


def convert_many(pairs) -> list[Path]:
    """Convert several (docx_path, pdf_path) pairs in one LibreOffice run; return the PDF paths."""
    pairs = [(Path(src), Path(dst)) for src, dst in pairs]
    for source, _ in pairs:
        if not source.is_file():
            raise InputError("no such file", str(source))
    soffice = find_soffice()
    if soffice is None:
        raise SofficeMissing("cannot write the PDF: LibreOffice (soffice) is not installed; install it "
                             "(e.g. apt-get install libreoffice-writer) or build without --pdf")
    with tempfile.TemporaryDirectory(prefix="clausewise-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        staged = []
        for n, (source, _) in enumerate(pairs):
            copy = work / f"in{n}.docx"
            try:
                copy.write_bytes(prepare_for_libreoffice(source.read_bytes()))
            except zipfile.BadZipFile:
                raise InputError("not a Word (.docx) file", str(source)) from None
            staged.append(copy)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work),
                   *map(str, staged)]
        target_names = ", ".join(str(dst) for _, dst in pairs)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT * len(pairs),
                                  env={**os.environ, "HOME": str(work)})
        except subprocess.TimeoutExpired:
            raise OutputError(f"{target_names}: LibreOffice did not finish converting within "
                              f"{TIMEOUT * len(pairs)} s") from None
        except OSError as exc:
            raise SofficeMissing(f"cannot run LibreOffice ({soffice}): {exc.strerror or exc}") from None
        written = []
        for copy, (source, target) in zip(staged, pairs):
            produced = copy.with_suffix(".pdf")
            if done.returncode != 0 or not produced.is_file():
                detail = (done.stderr or done.stdout or "").strip().splitlines()
                hint = f": {detail[-1]}" if detail else ""
                raise OutputError(f"{target}: LibreOffice could not convert {source} to PDF{hint}")
            written.append(atomic_write(target, produced.read_bytes(), inputs=[source]))
        return written
