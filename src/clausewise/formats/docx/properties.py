"""Custom document properties (docProps/custom.xml): values the writer records verbatim for import.

The printed page cannot always tell an explicit value from one the writer filled in (a decision
with no kind is headed "Draft decision"; a bare agenda item "5" prints as "Item 5 of the
provisional agenda"; the family falls back to the symbol's). The writer records the draft's own
values as custom properties named ``clausewise:…``, which the reader restores:

- ``clausewise:family``: the front matter's ``family``, "" when unset;
- ``clausewise:kinds``: a JSON list of the decisions' kinds in order, ``null`` for none given;
- ``clausewise:agenda_item``: the bare agenda item the masthead line was made from ("5", "4 (c)"),
  "" when the agenda line is printed as the draft wrote it.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

__all__ = ["set_custom_properties", "CUSTOM_NS", "FMTID"]

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#: the format id Word gives user-defined properties
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _custom_xml(values: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(values.items(), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property",
                                {"fmtid": FMTID, "pid": str(pid), "name": name})
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_custom_properties(document, values: dict[str, str]) -> None:
    """Give a python-docx ``document`` a custom-properties part holding ``values`` (replacing any)."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES:
            del package.rels[rel_id]
    part = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, _custom_xml(values), package)
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
