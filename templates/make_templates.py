"""Generate the reference documents of each document family: templates/unep.docx, templates/ungeneva.docx.

Run from the repository root: ``python templates/make_templates.py``. Each template is python-docx's
blank document with our named styles (``clausewise.formats.docx.styles``, measured from real UN
Geneva files) and the page setup of an official document (A4, 2.5 cm top and 2 cm other margins).
The files are committed here and copied into ``src/clausewise/templates/`` so an installed
clausewise finds them. Edit a template in Word to change the house look; ``clausewise build``
takes its styles as they are (and a user's ``--reference-doc`` overrides them by style name).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

import docx
from docx.shared import Twips

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from clausewise import lang  # noqa: E402
from clausewise.formats.docx import styles  # noqa: E402

FAMILIES = {
    "unep": "UNEP (Nairobi) family: UNEP/MC/…, UNEP/CHW/… pre-session documents",
    "ungeneva": "UN Geneva family: FCCC/…, ECE/… documents and draft decisions",
}


def make(family: str) -> bytes:
    """The bytes of the reference document of ``family``."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    styles.install(document.styles.element, lang.get("en"), family, replace=True)
    section = document.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    section.top_margin, section.bottom_margin = Twips(1417), Twips(1134)
    section.left_margin, section.right_margin = Twips(1134), Twips(1134)
    section.header_distance, section.footer_distance = Twips(850), Twips(567)
    props = document.core_properties
    props.title = f"clausewise reference document: {family}"
    props.comments = FAMILIES[family]
    props.author = "clausewise"
    props.last_modified_by = "clausewise"
    props.revision = 1
    props.created = props.modified = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    """Write every family's template into templates/ and src/clausewise/templates/."""
    packaged = REPO / "src" / "clausewise" / "templates"
    packaged.mkdir(parents=True, exist_ok=True)
    for family in FAMILIES:
        target = REPO / "templates" / f"{family}.docx"
        target.write_bytes(make(family))
        shutil.copyfile(target, packaged / target.name)
        print(f"wrote {target} and {packaged / target.name}")


if __name__ == "__main__":
    main()
