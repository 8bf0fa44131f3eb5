"""Writing output files atomically, never over an input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from clausewise.errors import OutputError


def refuse_input(target: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> None:
    """Raise OutputError when ``target`` is one of ``inputs`` (checked before any work is done)."""
    target = Path(target)
    for source in inputs:
        try:
            if Path(source).resolve() == target.resolve():
                raise OutputError(f"{target}: refusing to overwrite the input file; choose another output path")
        except OSError:
            continue


def atomic_write(path: str | os.PathLike, data: bytes | str, *, inputs: Iterable[str | os.PathLike] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename; refuse to overwrite an input."""
    target = Path(path)
    refuse_input(target, inputs)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if target.exists() and not target.is_file():
        raise OutputError(f"{target}: cannot write: it exists and is not a regular file")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{target}: cannot write: folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".clausewise-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target
