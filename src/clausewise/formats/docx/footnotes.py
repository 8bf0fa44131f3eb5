"""Real Word footnotes: the footnotes part, its separators, and references in the text.

python-docx 1.2 has no footnote API, so the part is made here with lxml: ``/word/footnotes.xml``
(content type ``…wordprocessingml.footnotes+xml``) related from the main document part, holding
the separator (id -1) and continuation separator (id 0) Word expects, then one ``w:footnote`` per
reference. A footnote whose key is not a number ("*", "**", the masthead's marks) keeps its key
as a custom mark (``w:customMarkFollows``), which Word and LibreOffice show instead of a number
and leave out of the automatic numbering.
"""

from __future__ import annotations

from typing import Iterable

from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart

from clausewise.formats.docx._oxml import CT, RT, el, paragraph_properties, qn, run, run_properties, sub, text_run

__all__ = ["FootnotesPart", "is_custom_mark"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: w:settings children that come after w:footnotePr in the schema
_SETTINGS_AFTER_FOOTNOTE_PR = (
    "endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator")

SEPARATOR_ID = -1
CONTINUATION_ID = 0


def is_custom_mark(key: str) -> bool:
    """True when a footnote key is shown as typed ("*", "**", "a") rather than numbered by Word."""
    return not key.strip().isdigit()


class FootnotesPart:
    """The footnotes part of one document being written; ``add`` a footnote, get its reference run."""

    def __init__(self, document_part, *, text_style: str = "FootnoteText",
                 reference_style: str = "FootnoteReference", bidi: bool = False):
        """Create (or reuse) the footnotes part of ``document_part`` (a python-docx DocumentPart)."""
        self.text_style = text_style
        self.reference_style = reference_style
        self.bidi = bidi
        self._root = self._part_root(document_part)
        ids = [int(f.get(qn("w:id"))) for f in self._root.findall(qn("w:footnote"))]
        self._next_id = max([CONTINUATION_ID, *ids]) + 1

    @staticmethod
    def _part_root(document_part):
        for rid, rel in list(document_part.rels.items()):
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                if isinstance(rel.target_part, XmlPart):
                    return rel.target_part.element
                document_part.drop_rel(rid)  # an opaque part from a template: start afresh
        root = el("w:footnotes")
        for fid, kind, mark in ((SEPARATOR_ID, "separator", "w:separator"),
                                (CONTINUATION_ID, "continuationSeparator", "w:continuationSeparator")):
            note = sub(root, "w:footnote", {"w:type": kind, "w:id": str(fid)})
            sub(note, "w:p").append(run([el(mark)]))
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.FOOTNOTES, root, document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
        return root

    def declare_in_settings(self, settings_root) -> None:
        """Name the separators and the per-section restart in ``w:settings`` (``w:footnotePr``), as Word does."""
        for old in settings_root.findall(qn("w:footnotePr")):
            settings_root.remove(old)
        props = el("w:footnotePr", children=[
            el("w:numRestart", {"w:val": "eachSect"}),
            el("w:footnote", {"w:id": str(SEPARATOR_ID)}),
            el("w:footnote", {"w:id": str(CONTINUATION_ID)}),
        ])
        later = {qn(f"w:{t}") for t in _SETTINGS_AFTER_FOOTNOTE_PR}
        for child in settings_root:
            if child.tag in later or not child.tag.startswith("{" + W_NS):
                child.addprevious(props)
                return
        settings_root.append(props)

    @property
    def element(self):
        """The ``w:footnotes`` root element."""
        return self._root

    def add(self, runs: Iterable, custom_mark: str | None = None) -> int:
        """Add a footnote whose text is ``runs`` (w:r and other paragraph children); return its id.

        A numbered footnote's paragraph is: tab, the automatic number, tab, text — as in the UN
        template, where the number is right-aligned at 1.8 cm and the text hangs at 2 cm. A custom
        mark ("*") stands first, then a tab to the text at 2 cm.
        """
        fid = self._next_id
        self._next_id += 1
        note = sub(self._root, "w:footnote", {"w:id": str(fid)})
        rtl = self.bidi
        mark_rpr = run_properties(style=self.reference_style, rtl=rtl)
        p = sub(note, "w:p")
        if custom_mark is None:
            p.append(paragraph_properties(style=self.text_style, bidi=self.bidi))
            p.append(run([el("w:tab")], run_properties(rtl=rtl)))
            p.append(run([el("w:footnoteRef")], mark_rpr))
        else:
            # a typed mark opens the paragraph (LibreOffice recognises it there and does not
            # print it twice); the number tab is cleared so the text still hangs at 2 cm
            p.append(paragraph_properties(style=self.text_style, bidi=self.bidi, tabs=[("clear", 1021)]))
            p.append(text_run(custom_mark, mark_rpr))
        p.append(run([el("w:tab")], run_properties(rtl=rtl)))
        for r in runs:
            p.append(r)
        return fid

    def reference(self, fid: int, custom_mark: str | None = None, *, rtl: bool = False,
                  east_asian_font: str | None = None):
        """The run that references footnote ``fid`` in the text (with its custom mark, if any)."""
        rpr = run_properties(style=self.reference_style, rtl=rtl, east_asian_font=east_asian_font)
        if custom_mark is None:
            return run([el("w:footnoteReference", {"w:id": str(fid)})], rpr)
        ref = el("w:footnoteReference", {"w:customMarkFollows": "1", "w:id": str(fid)})
        # one w:t per character: the same to Word, and LibreOffice then takes the whole mark
        # as the label ("**" in a single w:t is shown twice after import)
        marks = []
        for ch in custom_mark:
            t = el("w:t")
            t.text = ch
            marks.append(t)
        return run([ref, *marks], rpr)

    def texts(self) -> list[str]:
        """The text of each real footnote in part order (for checks)."""
        out = []
        for note in self._root.findall(qn("w:footnote")):
            if note.get(qn("w:type")):
                continue
            out.append("".join(t.text or "" for t in note.iter(qn("w:t"))))
        return out
