"""Bad and hostile Word files: each fails fast with one clear line (exit 2 at the command line)."""

from __future__ import annotations

import importlib.util
import io
import struct
import time
import zipfile

import pytest
from typer.testing import CliRunner

from clausewise.errors import ExitStatus, InputError
from clausewise.formats.docx import read
from clausewise.formats.docx import archive
from tests.conftest import FIXTURES

_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "docx" / "import" / "make_fixtures.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

NS = fx.NS


def fails_fast(data: bytes) -> str:
    """Read ``data``; it must raise InputError within a second; return the one-line message."""
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read(data)
    assert time.perf_counter() - started < 1.0
    message = str(info.value)
    assert "\n" not in message and message.strip()
    return message


def zip_with(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def with_document(xml: str) -> bytes:
    return fx.docx_bytes("", document_xml=xml)


def test_a_valid_fixture_reads():
    assert read(fx.typed_numbers()).decisions


def test_not_a_zip():
    assert "not a Word file" in fails_fast(b"This is a plain text file, not a Word document.\n")


def test_an_empty_file():
    assert "empty" in fails_fast(b"")


def test_a_zip_that_is_not_a_docx():
    data = zip_with({"[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                     b'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
                     "xl/workbook.xml": b"<workbook/>"})
    assert "not a Word document" in fails_fast(data)


def test_a_zip_without_content_types():
    assert "[Content_Types].xml" in fails_fast(zip_with({"hello.txt": b"hi"}))


def test_a_truncated_docx():
    data = fx.typed_numbers()
    assert "truncated or damaged" in fails_fast(data[: len(data) // 2])


def test_a_damaged_part():
    data = bytearray(fx.typed_numbers())
    # corrupt the compressed bytes of word/document.xml (its local header name is followed by its data)
    at = data.index(b"word/document.xml") + len(b"word/document.xml") + 10
    for i in range(at, at + 40):
        data[i] ^= 0x5A
    message = fails_fast(bytes(data))
    assert "damaged" in message or "not well-formed" in message


def test_external_entities_are_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
           f'<w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
    message = fails_fast(with_document(xml))
    assert "DOCTYPE" in message and "TOP-SECRET" not in message


def test_a_network_entity_is_refused():
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd">'
           f'<w:document {NS}><w:body/></w:document>')
    assert "DOCTYPE" in fails_fast(with_document(xml))


def test_an_entity_expansion_bomb_is_refused():
    lol = '<!ENTITY lol0 "lololololololololololol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{lol}]>'
           f'<w:document {NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    assert "DOCTYPE" in fails_fast(with_document(xml))


def test_a_doctype_in_another_part_is_refused():
    data = fx.docx_bytes(fx.para(fx.run("x")), styles='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    assert "DOCTYPE" in fails_fast(data)


def test_a_zip_bomb_is_stopped_by_its_compression_ratio():
    bomb = b"\0" * (4 * 1024 * 1024)      # 4 MB of zeros deflate to about 4 kB (1000:1)
    data = fx.docx_bytes(fx.para(fx.run("x")))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["word/styles.xml"] = bomb
    assert "zip bomb" in fails_fast(zip_with(entries))


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """Patch the declared uncompressed size of ``name`` in the local and central headers."""
    out = bytearray(data)
    start = 0
    while True:
        at = out.find(b"PK\x01\x02", start)
        if at < 0:
            break
        n = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46: at + 46 + n]) == name:
            struct.pack_into("<I", out, at + 24, size)
            local = struct.unpack_from("<I", out, at + 42)[0]
            struct.pack_into("<I", out, local + 22, size)
        start = at + 4
    return bytes(out)


def test_a_zip_bomb_with_lying_headers_is_stopped_while_inflating(monkeypatch):
    # the headers claim 1 kB of an 8 MB stream: inflating stops at the declared size and the CRC check
    # fails, or the streamed cap stops it; either way nothing past the limits is read
    monkeypatch.setattr(archive, "RATIO_FLOOR", 1024 * 1024)
    monkeypatch.setattr(archive, "MAX_PART_BYTES", 4 * 1024 * 1024)
    bomb = b"<x>" + b"\0" * (8 * 1024 * 1024) + b"</x>"
    data = fx.docx_bytes(fx.para(fx.run("x")))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["word/styles.xml"] = bomb
    message = fails_fast(_lie_about_size(zip_with(entries), b"word/styles.xml", 1024))
    assert "zip bomb" in message or "damaged" in message


def test_too_many_entries():
    entries = {f"junk/{i}.xml": b"<x/>" for i in range(archive.MAX_ENTRIES + 1)}
    assert "entries" in fails_fast(zip_with(entries, zipfile.ZIP_STORED))


def test_a_password_protected_file():
    # Word saves an encrypted .docx as an OLE compound file (signature D0 CF 11 E0 A1 B1 1A E1)
    ole = archive.OLE_SIGNATURE + b"\0" * 504 + b"EncryptionInfo"
    message = fails_fast(ole)
    assert "encrypted" in message and "legacy .doc" in message and "save it as .docx" in message


def test_an_encrypted_zip_entry():
    data = bytearray(fx.typed_numbers())
    at = data.find(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, at + 8)[0]
    struct.pack_into("<H", data, at + 8, flags | 1)
    assert "encrypted" in fails_fast(bytes(data))


def test_an_rtf_file_gets_a_suggestion():
    assert "save it as .docx" in fails_fast(b"{\\rtf1\\ansi Hello}")


def test_the_command_line_prints_one_line_and_exits_2(tmp_path):
    cli = pytest.importorskip("clausewise.cli")
    bad = tmp_path / "legacy.docx"
    bad.write_bytes(archive.OLE_SIGNATURE + b"\0" * 600)
    result = CliRunner().invoke(cli.app, ["import", str(bad)])
    assert result.exit_code == ExitStatus.ERROR == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "legacy .doc" in lines[0] and "Traceback" not in result.output


def test_brackets_nested_absurdly_deep_are_refused_with_the_paragraph():
    from clausewise.errors import ParseError

    data = fx.docx_bytes(fx.para(fx.run("Draft decision 1/CP.1")) + fx.para(fx.run("[" * 5000 + "x")))
    started = time.perf_counter()
    with pytest.raises(ParseError) as info:
        read(data)
    assert time.perf_counter() - started < 1.0
    assert info.value.paragraph == 2 and "deep" in str(info.value)


def test_xml_nested_absurdly_deep_is_refused():
    body = "<w:sdt><w:sdtContent>" * 3000 + "</w:sdtContent></w:sdt>" * 3000
    assert "more than 256 deep" in fails_fast(fx.docx_bytes(body))


def test_braces_nested_absurdly_deep_are_refused():
    from clausewise.errors import ParseError

    data = fx.docx_bytes(fx.para(fx.run("Draft decision 1/CP.1")) + fx.para(fx.run("{" * 3000 + "}" * 3000)))
    with pytest.raises(ParseError):
        read(data)


def test_a_part_declaring_a_huge_size_is_refused_before_inflating():
    data = fx.docx_bytes(fx.para(fx.run("x")))
    message = fails_fast(_lie_about_size(data, b"word/document.xml", archive.MAX_PART_BYTES + 1))
    assert "zip bomb" in message


def test_parts_the_reader_never_opens_do_not_count():
    # a large picture is not read at all, so it neither slows the import nor trips a limit
    data = fx.docx_bytes(fx.para(fx.run("Draft decision 1/CP.1")) + fx.ORGAN)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["word/media/image1.png"] = b"\0" * (8 * 1024 * 1024)
    started = time.perf_counter()
    assert read(zip_with(entries)).decisions
    assert time.perf_counter() - started < 1.0
