"""Shared test paths and skip markers: the corpus, the seed, LibreOffice and Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "000_a15e3a6abd4227b0.txt"
DRAFTS = REPO / "drafts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

requires_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
requires_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def corpus_file(*parts: str) -> Path:
    """A corpus file, or skip the test where the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path


def seed_text() -> str:
    """The seed's text, or skip where it is absent."""
    if not SEED.exists():
        pytest.skip("seed not available")
    return SEED.read_text(encoding="utf-8")
