"""The guarded opening of a Word package: signatures, zip limits, streamed inflating, safe XML.

``open_archive(source)`` reads a .docx (path or bytes) and returns an ``Archive`` whose parts are
inflated through caps whatever their headers declare; ``parse_xml`` parses a part with entity
resolution, DTD loading and network access off and refuses any document type declaration, the
carrier of external-entity and entity-expansion attacks. Every refusal is one ``InputError`` line.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from clausewise.errors import InputError

__all__ = ["Archive", "open_archive", "parse_xml", "MAX_FILE_BYTES", "MAX_PART_BYTES", "MAX_TOTAL_BYTES",
           "MAX_RATIO", "RATIO_FLOOR", "MAX_ENTRIES", "OLE_SIGNATURE"]

# ---------------------------------------------------------------- limits

#: the largest file we open at all
MAX_FILE_BYTES = 100 * 1024 * 1024
#: the most any single part may inflate to
MAX_PART_BYTES = 100 * 1024 * 1024
#: the most all parts we read may inflate to together
MAX_TOTAL_BYTES = 200 * 1024 * 1024
#: the highest compression ratio accepted for a part above ``RATIO_FLOOR`` bytes
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
#: the most entries a package may list
MAX_ENTRIES = 5000

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")

def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_pis=True)


_DOCTYPE_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def parse_xml(data: bytes, part: str, path: str | None = None) -> etree._Element:
    """Parse one XML part safely: no DTD, no entities, no network; any DOCTYPE is refused."""
    head = data[:65536]
    if any(mark in head for mark in _DOCTYPE_MARKS) or any(mark in data for mark in _DOCTYPE_MARKS[:2]):
        raise InputError(f"{part} declares a document type (DOCTYPE/ENTITY); refused: Word files never do, "
                         "and it is how entity attacks work", path)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            raise InputError(f"{part} nests XML elements more than 256 deep; refused: Word files never do",
                             path) from None
        raise InputError(f"{part} is not well-formed XML ({_one_line(str(exc))}); the file is damaged", path) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError(f"{part} declares a document type; refused", path)
    return root


def _one_line(text: str) -> str:
    return " ".join(text.split())[:160]


class Archive:
    """A zip archive read through caps: entry count, declared sizes, ratio and streamed size."""

    def __init__(self, data: bytes, path: str | None):
        self.path = path
        self.total = 0
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
            raise InputError(f"not a complete Word file: the zip archive is truncated or damaged ({_one_line(str(exc))})",
                             path) from None
        if len(infos) > MAX_ENTRIES:
            raise InputError(f"the package lists {len(infos)} entries (limit {MAX_ENTRIES}); refused", path)
        self.infos = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise InputError("the package is encrypted; remove the password in Word and save again", path)
            self.infos[info.filename] = info

    def has(self, name: str) -> bool:
        """Whether the package holds part ``name``."""
        return name in self.infos

    def read(self, name: str) -> bytes:
        """The part's bytes, inflated through a cap whatever its header declares."""
        info = self.infos[name]
        cap = min(MAX_PART_BYTES, MAX_TOTAL_BYTES - self.total)
        if info.file_size > cap:
            raise InputError(f"part {name} would inflate to {info.file_size} bytes (limit {cap}); "
                             "refused as a possible zip bomb", self.path)
        if info.compress_size and info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
            raise InputError(f"part {name} compresses {info.file_size // max(info.compress_size, 1)}:1 "
                             f"(limit {MAX_RATIO}:1); refused as a possible zip bomb", self.path)
        out = bytearray()
        try:
            with self.zf.open(info) as stream:
                while True:
                    chunk = stream.read(1024 * 1024)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > cap:
                        raise InputError(f"part {name} inflates past {cap} bytes; refused as a possible zip bomb",
                                         self.path)
                    if (len(out) > RATIO_FLOOR and info.compress_size
                            and len(out) > MAX_RATIO * info.compress_size):
                        raise InputError(f"part {name} inflates more than {MAX_RATIO}:1; refused as a possible zip bomb",
                                         self.path)
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
                RuntimeError) as exc:
            raise InputError(f"part {name} is truncated or damaged ({_one_line(str(exc))})", self.path) from None
        self.total += len(out)
        return bytes(out)

    def xml(self, name: str) -> etree._Element:
        """Part ``name`` parsed safely."""
        return parse_xml(self.read(name), name, self.path)


def _read_source(source: "str | Path | bytes") -> tuple[bytes, str | None]:
    if isinstance(source, (bytes, bytearray)):
        if len(source) > MAX_FILE_BYTES:
            raise InputError(f"the file has {len(source)} bytes (limit {MAX_FILE_BYTES}); refused")
        return bytes(source), None
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"the file has {size} bytes (limit {MAX_FILE_BYTES}); refused", str(path))
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a Word file", str(path)) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", str(path)) from None


def _check_signature(data: bytes, path: str | None) -> None:
    if data.startswith(OLE_SIGNATURE):
        raise InputError("an OLE compound file, not a .docx: either a password-protected (encrypted) Word file or a "
                         "legacy .doc; remove the password or save it as .docx (Word: File > Save As > Word Document)",
                         path)
    if data.lstrip()[:5] == b"{\\rtf":
        raise InputError("an RTF file, not a .docx; save it as .docx (Word: File > Save As > Word Document)", path)
    if not data:
        raise InputError("the file is empty, not a Word file", path)
    if not data.startswith(ZIP_SIGNATURES):
        raise InputError("not a Word file: a .docx is a zip archive and this file is not one", path)


def open_archive(source: "str | Path | bytes") -> Archive:
    """Read ``source`` (at most ``MAX_FILE_BYTES``), check its signature and open it as a capped zip archive."""
    data, path = _read_source(source)
    _check_signature(data, path)
    return Archive(data, path)
