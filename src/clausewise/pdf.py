"""PDF output through LibreOffice: ``to_pdf(docx_path, pdf_path)``.

Runs ``soffice --headless --convert-to pdf`` in a temporary folder with a profile of its own
(``-env:UserInstallation``), so a running LibreOffice, a locked user profile or a parallel
conversion does not interfere, then moves the PDF into place atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from clausewise.errors import InputError, OutputError
from clausewise.output import atomic_write

__all__ = ["to_pdf", "find_soffice", "SofficeMissing"]

#: seconds a single conversion may take before it is abandoned
TIMEOUT = 180


class SofficeMissing(InputError):
    """LibreOffice is not installed, so no PDF can be made."""


def find_soffice() -> str | None:
    """The path of the LibreOffice executable (``$CLAUSEWISE_SOFFICE``, soffice, libreoffice), or None."""
    override = os.environ.get("CLAUSEWISE_SOFFICE")
    if override:
        return override if shutil.which(override) or Path(override).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_path: str | os.PathLike, pdf_path: str | os.PathLike) -> Path:
    """Convert a Word file to PDF with LibreOffice; return the PDF's path.

    Raises ``SofficeMissing`` (an InputError) when LibreOffice is not installed, InputError when
    the Word file is missing, and OutputError when the conversion fails or times out.
    """
    source = Path(docx_path)
    if not source.is_file():
        raise InputError("no such file", str(source))
    soffice = find_soffice()
    if soffice is None:
        raise SofficeMissing("cannot write the PDF: LibreOffice (soffice) is not installed; install it "
                             "(e.g. apt-get install libreoffice-writer) or build without --pdf")
    with tempfile.TemporaryDirectory(prefix="clausewise-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        staged = work / "in.docx"
        shutil.copyfile(source, staged)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), str(staged)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  env={**os.environ, "HOME": str(work)})
        except subprocess.TimeoutExpired:
            raise OutputError(f"{pdf_path}: LibreOffice did not finish converting {source} within {TIMEOUT} s") from None
        except OSError as exc:
            raise SofficeMissing(f"cannot run LibreOffice ({soffice}): {exc.strerror or exc}") from None
        produced = work / "in.pdf"
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout or "").strip().splitlines()
            hint = f": {detail[-1]}" if detail else ""
            raise OutputError(f"{pdf_path}: LibreOffice could not convert {source} to PDF{hint}")
        return atomic_write(pdf_path, produced.read_bytes(), inputs=[source])
