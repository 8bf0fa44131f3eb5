"""The floor of a Word redline: the least any redline tool must do, with nothing else.

Unzip both Word files and parse every XML part with lxml, then serialise one document of the
output's size (every part of a given output file, from trees parsed beforehand) and zip it. No
alignment, no diff, no model: a redline of two rounds cannot cost less than this in Python.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

__all__ = ["prepare_output", "floor", "XML_SUFFIXES"]

XML_SUFFIXES = (".xml", ".rels")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _parse_all(data: bytes) -> list:
    """Every XML part of the Word file ``data``, parsed."""
    trees = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            raw = archive.read(info)
            if info.filename.endswith(XML_SUFFIXES):
                trees.append(etree.fromstring(raw, _PARSER))
    return trees


def prepare_output(data: bytes) -> list[tuple[str, object]]:
    """The parts of an output Word file as (name, parsed tree or raw bytes), parsed outside the timing."""
    parts: list[tuple[str, object]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            raw = archive.read(info)
            tree = etree.fromstring(raw, _PARSER) if info.filename.endswith(XML_SUFFIXES) else raw
            parts.append((info.filename, tree))
    return parts


def floor(old: bytes, new: bytes, output: list[tuple[str, object]]) -> bytes:
    """Parse both Word files and serialise ``output`` (from ``prepare_output``) as a zipped Word file."""
    _parse_all(old)
    _parse_all(new)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in output:
            if isinstance(part, bytes):
                archive.writestr(name, part)
            else:
                archive.writestr(name, etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True))
    return buf.getvalue()
