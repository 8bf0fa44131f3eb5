"""The parts of a Word package a redline rewrites: the body, footnotes and list numbering.

Opens a DOCX (the official rendering of the newer round), hands out its parsed parts, and saves
it again with those parts replaced, adding a footnotes or numbering part (with its relationship
and content type) where the package has none. Everything else (styles, headers, settings, media)
is copied byte for byte.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from clausewise.formats.docx.revisions import W, w

__all__ = ["Package", "EMPTY_FOOTNOTES", "EMPTY_NUMBERING", "EMPTY_COMMENTS"]

_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_TYPES = {
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "comments": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)

EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
    "</w:p></w:footnote></w:footnotes>"
)
EMPTY_NUMBERING = f'<w:numbering xmlns:w="{W}"/>'
EMPTY_COMMENTS = f'<w:comments xmlns:w="{W}"/>'


class Package:
    """A DOCX held in memory: its entries, and the parsed parts a redline changes."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.entries = {info.filename: z.read(info) for info in z.infolist()}
            self.order = [info.filename for info in z.infolist()]
        self.main = "word/document.xml"
        rels = self._parse("_rels/.rels")
        if rels is not None:
            for rel in rels.findall(f"{{{_PKG_REL}}}Relationship"):
                if rel.get("Type") == _OFFICE_DOC:
                    self.main = rel.get("Target").lstrip("/")
        self.folder = posixpath.dirname(self.main)
        self.rels_name = posixpath.join(self.folder, "_rels", posixpath.basename(self.main) + ".rels")
        self.rels = self._parse(self.rels_name)
        self.document = self._parse(self.main)
        self._parts: dict[str, etree._Element] = {}

    def _parse(self, name: str):
        data = self.entries.get(name)
        return etree.fromstring(data, _PARSER) if data is not None else None

    def _target(self, kind: str) -> str | None:
        if self.rels is None:
            return None
        for rel in self.rels.findall(f"{{{_PKG_REL}}}Relationship"):
            if rel.get("Type") == _REL + kind and rel.get("TargetMode") != "External":
                target = rel.get("Target")
                if target.startswith("/"):
                    return target.lstrip("/")
                return posixpath.normpath(posixpath.join(self.folder, target))
        return None

    def has(self, kind: str) -> bool:
        """Whether the package has a part of ``kind`` ("footnotes", "numbering")."""
        return self._target(kind) is not None

    def part(self, kind: str, empty: str | None = None) -> etree._Element | None:
        """The parsed part of ``kind``; created from ``empty`` (and registered) when missing."""
        if kind in self._parts:
            return self._parts[kind]
        name = self._target(kind)
        if name is None:
            if empty is None:
                return None
            name = posixpath.join(self.folder, f"{kind}.xml")
            self._register(kind, name)
            root = etree.fromstring(empty.encode(), _PARSER)
        else:
            root = self._parse(name)
        self._parts[kind] = root
        return root

    def _register(self, kind: str, name: str) -> None:
        if self.rels is None:
            self.rels = etree.fromstring(f'<Relationships xmlns="{_PKG_REL}"/>'.encode(), _PARSER)
        ids = {rel.get("Id") for rel in self.rels}
        n = 1
        while f"rIdRedline{n}" in ids:
            n += 1
        rel = etree.SubElement(self.rels, f"{{{_PKG_REL}}}Relationship")
        rel.set("Id", f"rIdRedline{n}")
        rel.set("Type", _REL + kind)
        rel.set("Target", posixpath.relpath(name, self.folder))
        types = etree.fromstring(self.entries["[Content_Types].xml"], _PARSER)
        override = etree.SubElement(types, f"{{{_CT}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", _TYPES[kind])
        self.entries["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                             encoding="UTF-8", standalone=True)
        self._pending_names = getattr(self, "_pending_names", {})
        self._pending_names[kind] = name

    def body(self) -> etree._Element:
        """The ``w:body`` of the main document."""
        return self.document.find(w("body"))

    def save(self) -> bytes:
        """The package as DOCX bytes, with the changed parts serialised."""
        entries = dict(self.entries)
        entries[self.main] = _xml(self.document)
        entries[self.rels_name] = _xml(self.rels)
        names = getattr(self, "_pending_names", {})
        for kind, root in self._parts.items():
            entries[names.get(kind) or self._target(kind)] = _xml(root)
        order = list(self.order) + [n for n in entries if n not in self.order]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name in order:
                z.writestr(name, entries[name])
        return out.getvalue()


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
