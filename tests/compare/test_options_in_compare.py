"""Option groups resolved between rounds reach the comparison: summary, changes and every report."""

from __future__ import annotations

import io
import json

from rich.console import Console

from clausewise.compare import compare
from clausewise.formats import html, markdown, terminal
from clausewise.formats import json as json_format
from clausewise.model import OptionLabel, Text
from tests.compare.builders import doc, op, pp

KEPT = "Decides to convene a dialogue in 2018;"
OLD = doc(pp("Recalling its earlier decisions,"),
          OptionLabel("Option 1"), op("1", KEPT),
          OptionLabel("Option 2"), op("2", "Decides that no dialogue is held;"),
          op("3", "Requests the secretariat to report."), round="r1")
NEW = doc(pp("Recalling its earlier decisions,"), op("1", KEPT),
          op("2", "Requests the secretariat to report."), round="r2")


def test_option_resolved_is_attached_to_the_kept_clause_and_counted():
    cmp = compare(OLD, NEW)
    assert cmp.summary.brackets == (("option_resolved", 1),)
    (carrier,) = [c for c in cmp.changes if c.bracket_events]
    assert carrier.new and carrier.new[0].clause.content == (Text(KEPT),)
    (event,) = carrier.bracket_events
    assert (event.kind, event.text, event.alternatives) == ("option_resolved", "Option 1", ("Option 1", "Option 2"))
    assert "1 option group resolved" in cmp.summary.line()
    assert not cmp.identical


def test_option_resolved_in_json():
    data = json.loads(json_format.write_comparison(compare(OLD, NEW)))
    assert data["summary"]["brackets"] == {"option_resolved": 1}
    events = [e for c in data["changes"] for e in c["bracket_events"]]
    assert events == [{"kind": "option_resolved", "text": "Option 1", "alternatives": ["Option 1", "Option 2"]}]


def test_option_resolved_in_text_markdown_and_html():
    cmp = compare(OLD, NEW)
    out = io.StringIO()
    terminal.write_comparison(cmp, Console(file=out, width=200, force_terminal=False))
    assert "option group resolved: “Option 1” kept" in out.getvalue()
    assert "Option 1" in markdown.write_comparison(cmp).split("Summary")[1]
    assert "*Option group resolved: “Option 1” kept" in markdown.write_comparison(cmp)
    page = html.write_comparison(cmp)
    assert 'class="option_resolved">option group resolved' in page
    assert "<b>1</b> option group resolved" in page


def test_an_option_group_with_no_option_kept_is_dropped():
    new = doc(pp("Recalling its earlier decisions,"), op("1", "Requests the secretariat to report."))
    cmp = compare(OLD, new)
    assert dict(cmp.summary.brackets) == {"option_dropped": 1}


def test_unchanged_options_raise_no_event():
    cmp = compare(OLD, OLD)
    assert cmp.identical and cmp.summary.brackets == ()


def test_options_alike_in_wording_are_resolved_by_the_clause_the_alignment_kept():
    old = doc(OptionLabel("Option 1"), op("1", "Decides to convene a dialogue among Parties in 2028;"),
              OptionLabel("Option 2"), op("1", "Decides not to convene a dialogue;"))
    new = doc(op("1", "Decides to convene a dialogue among Parties in 2028;"))
    (event,) = [e for c in compare(old, new).changes for e in c.bracket_events]
    assert (event.kind, event.text) == ("option_resolved", "Option 1")


def test_an_option_without_text_is_the_one_kept_when_the_other_options_text_is_gone():
    old = doc(OptionLabel("Option 1"), op("1", "Decides to establish a new expert group;"),
              OptionLabel("Option 2", (Text("No text"),)), op("2", "Requests the secretariat to report."))
    new = doc(op("1", "Requests the secretariat to report."))
    cmp = compare(old, new)
    (carrier,) = [c for c in cmp.changes if c.bracket_events]
    assert carrier.kind == "deleted"
    assert [(e.kind, e.text) for e in carrier.bracket_events] == [("option_resolved", "Option 2")]
