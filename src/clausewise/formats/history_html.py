"""The negotiation history as one self-contained HTML page with an inline SVG burn-down chart.

No script, no font or style sheet from the network: the page opens offline. The chart shows per
round the open bracket pairs (bars, left axis) and the bracketed words (line, right axis); the
table gives the counts and links each round to its diff from the round before
(``diff-r1-r2.html``, written next to the page by ``clausewise diff … -f html``).
"""

from __future__ import annotations

from html import escape

from clausewise.compare.history import History, event_phrase

__all__ = ["write_history", "burndown_svg", "write_report"]

_STYLE = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; margin: 2em auto; max-width: 1080px;
       color: #1f2933; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
p.lead { color: #52606d; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1.5em; font-size: .84em; }
th, td { border-bottom: 1px solid #d9e2ec; padding: .35em .4em; text-align: right; vertical-align: top; }
th { background: #f0f4f8; }
td.name, th.name, td.changes, th.changes { text-align: left; }
td.changes { color: #3e4c59; min-width: 14em; }
td.name small { overflow-wrap: anywhere; color: #7b8794; font-size: .8em; }
td.name { min-width: 11em; max-width: 16em; }
.legend span { display: inline-block; margin-right: 1.5em; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: .4em; vertical-align: -1px; }
"""

_BAR = "#c0392b"
_LINE = "#1f4e79"


def _nice_max(value: float) -> float:
    """A round number at or above ``value`` for an axis."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return top
    return 10 * magnitude


def burndown_svg(history: History, width: int = 960, height: int = 360) -> str:
    """The burn-down chart: bars of open bracket pairs and a line of bracketed words per round."""
    rounds = history.rounds
    left, right, top, bottom = 70, 80, 30, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(rounds), 1)
    max_pairs = _nice_max(max((r.inventory.pairs for r in rounds), default=0))
    max_words = _nice_max(max((r.inventory.bracketed_words for r in rounds), default=0))
    slot = plot_w / n
    bar_w = min(slot * 0.5, 80)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="Arial, sans-serif" font-size="12">',
             "<title>Open brackets and bracketed words per round</title>"]
    # grid and axes
    for k in range(5):
        y = top + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e4e7eb"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{_BAR}">'
                     f'{int(max_pairs * k / 4):,}</text>')
        parts.append(f'<text x="{left + plot_w + 8}" y="{y + 4:.1f}" fill="{_LINE}">{int(max_words * k / 4):,}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#52606d"/>')
    parts.append(f'<text x="{left - 50}" y="{top + plot_h / 2}" fill="{_BAR}" text-anchor="middle" '
                 f'transform="rotate(-90 {left - 50} {top + plot_h / 2})">open bracket pairs</text>')
    parts.append(f'<text x="{left + plot_w + 60}" y="{top + plot_h / 2}" fill="{_LINE}" text-anchor="middle" '
                 f'transform="rotate(90 {left + plot_w + 60} {top + plot_h / 2})">bracketed words</text>')
    points = []
    for i, r in enumerate(rounds):
        cx = left + slot * (i + 0.5)
        inv = r.inventory
        h = plot_h * inv.pairs / max_pairs
        parts.append(f'<rect x="{cx - bar_w / 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                     f'height="{h:.1f}" fill="{_BAR}" fill-opacity="0.8"><title>{escape(r.label)}: '
                     f'{inv.pairs} bracket pairs</title></rect>')
        inside = h > 24
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h - 8 if inside else top + plot_h - h - 6:.1f}" text-anchor="middle" '
                     f'fill="{"#ffffff" if inside else _BAR}" font-weight="bold">{inv.pairs:,}</text>')
        label = escape(r.label)
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 20}" text-anchor="middle" font-weight="bold">{label}</text>')
        if r.date:
            parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 36}" text-anchor="middle" fill="#52606d">'
                         f'{escape(r.date)}</text>')
        wy = top + plot_h - plot_h * inv.bracketed_words / max_words
        points.append((cx, wy, inv.bracketed_words))
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{_LINE}" stroke-width="2.5"/>')
        for x, y, words in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{_LINE}"><title>{words:,} bracketed words'
                         f'</title></circle>')
            parts.append(f'<text x="{x - 8:.1f}" y="{y - 10:.1f}" text-anchor="end" fill="{_LINE}" '
                         f'font-weight="bold">{words:,}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _changes(changes: dict | None) -> str:
    if not changes:
        return "—"
    keys = ("modified", "inserted", "deleted", "moved", "renumbered", "unchanged")
    parts = [f"{changes[k]} {k}" for k in keys if changes.get(k)]
    brackets = changes.get("brackets") or {}
    events = [event_phrase(kind, n) for kind, n in sorted(brackets.items())]
    text = escape(", ".join(parts) or "no clause changes")
    if events:
        text += "<br>" + escape(", ".join(events))
    return text


def write_history(history: History, title: str = "Negotiation history") -> str:
    """The history report as a self-contained HTML page."""
    rows = []
    for r in history.rounds:
        inv = r.inventory
        link = (f'<a href="{escape(r.diff)}">diff from previous</a>' if r.diff else "first round")
        rows.append(
            "<tr>"
            f'<td class="name"><strong>{escape(r.label)}</strong><br><small>{escape(r.name)}</small></td>'
            f"<td>{r.decisions}</td><td>{r.preambular}</td><td>{r.operative}</td>"
            f"<td>{inv.pairs:,}</td><td>{inv.max_depth}</td><td>{inv.alternatives:,}</td><td>{inv.options:,}</td>"
            f"<td>{inv.bracketed_words:,}</td><td>{inv.words:,}</td><td>{inv.share:.0%}</td>"
            f'<td class="changes">{_changes(r.changes)}<br>{link}</td>'
            "</tr>")
    first, last = (history.rounds[0], history.rounds[-1]) if history.rounds else (None, None)
    lead = ""
    if first and last:
        lead = (f"{len(history.rounds)} rounds, {escape(first.label)} to {escape(last.label)}: open bracket pairs "
                f"{first.inventory.pairs:,} → {last.inventory.pairs:,}, bracketed words "
                f"{first.inventory.bracketed_words:,} → {last.inventory.bracketed_words:,}.")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n<p class=\"lead\">{lead}</p>\n"
        f'<p class="legend"><span><span class="swatch" style="background:{_BAR}"></span>open bracket pairs</span>'
        f'<span><span class="swatch" style="background:{_LINE}"></span>bracketed words</span></p>\n'
        f"{burndown_svg(history)}\n"
        "<table>\n<thead><tr><th class=\"name\">round</th><th>decisions</th><th>preambular</th><th>operative</th>"
        "<th>bracket pairs</th><th>max depth</th><th>alternatives</th><th>option groups</th>"
        "<th>bracketed words</th><th>words</th><th>share</th><th class=\"changes\">since previous round</th></tr></thead>\n"
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</body>\n</html>\n")


def write_report(history: History, rounds, folder, *, title: str = "Negotiation history",
                 name: str = "history.html", inputs=()) -> list:
    """Write the history page and every diff page it links to into ``folder``; return the paths.

    ``rounds`` are the Documents given to ``history`` (same order). Each diff page is the HTML
    comparison report of two consecutive rounds, named as the page links it (``diff-r1-r2.html``).
    Files are written atomically and never over an input (``inputs``).
    """
    from pathlib import Path

    from clausewise.compare import compare
    from clausewise.formats import html
    from clausewise.output import atomic_write

    folder = Path(folder)
    written = []
    for old, new, diff in history.diff_pairs():
        page = html.write_comparison(compare(rounds[old], rounds[new]))
        written.append(atomic_write(folder / diff, page, inputs=inputs))
    written.append(atomic_write(folder / name, write_history(history, title), inputs=inputs))
    return written
