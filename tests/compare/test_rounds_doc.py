"""docs/rounds.md: its worked example is what `clausewise diff` prints for these two rounds."""

from __future__ import annotations

import io
import re

from rich.console import Console

from clausewise.compare import compare
from clausewise.formats import load, terminal
from tests.conftest import REPO

R1 = '''
---
language: en
decision: 5/CMA.7
title: Matters relating to the Adaptation Fund
round: r1
---

*The Conference of the Parties serving as the meeting of the Parties to the Paris Agreement*,

### A. Resources

1. *Requests* the secretariat to prepare a synthesis report on the resources of the Fund;

**Option 1**

2. *Decides* to convene a dialogue among Parties in [2027][2028];

**Option 2**

2. *Decides* not to convene a dialogue;

### B. Reporting

3. *Also requests* the secretariat to report on progress at its next session.
'''

R2 = '''
---
language: en
decision: 5/CMA.7
title: Matters relating to the Adaptation Fund
round: r2
---

*The Conference of the Parties serving as the meeting of the Parties to the Paris Agreement*,

### A. Resources and arrangements

1. *Requests* the secretariat to prepare a synthesis report on the resources of the Fund;

2. *Decides* to convene a dialogue among Parties in 2028;

### B. Reporting

3. *Also requests* the secretariat to report on progress at its next session.
'''


def test_the_worked_example_is_what_diff_prints(tmp_path):
    (tmp_path / "r1.md").write_text(R1.lstrip(), encoding="utf-8")
    (tmp_path / "r2.md").write_text(R2.lstrip(), encoding="utf-8")
    out = io.StringIO()
    terminal.write_comparison(compare(load(tmp_path / "r1.md"), load(tmp_path / "r2.md")),
                              Console(file=out, width=200))
    doc = (REPO / "docs" / "rounds.md").read_text(encoding="utf-8")
    shown = re.search(r"```console\n\$ [^\n]*\n(.*?)```", doc, re.S).group(1)
    assert shown == out.getvalue()
    assert len(doc.splitlines()) <= 40
