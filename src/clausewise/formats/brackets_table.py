"""The bracket inventory as a readable terminal table (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from clausewise.compare.brackets import Inventory

__all__ = ["write_inventory", "inventory_table"]


def inventory_table(inv: Inventory, *, all_clauses: bool = False) -> Table:
    """A table of the clauses that hold brackets (all clauses with ``all_clauses``) and a total row."""
    table = Table(title="Negotiation brackets", show_footer=False,
                  caption="alt: alternative groups; in [ ]: words inside brackets; whole: clause wholly bracketed")
    for name, justify in (("dec", "right"), ("clause", "left"), ("pairs", "right"), ("depth", "right"),
                          ("alt", "right"), ("in [ ]", "right"), ("words", "right"),
                          ("share", "right"), ("whole", "center")):
        table.add_column(name, justify=justify, no_wrap=True)
    for c in inv.clauses:
        if not all_clauses and not c.pairs and not c.bracketed_words:
            continue
        name = f"op {c.label}" if c.part == "operative" and c.label else f"{'pp' if c.part == 'preamble' else 'op'} #{c.index + 1}"
        share = f"{c.bracketed_words / c.words:.0%}" if c.words else "–"
        table.add_row(str(c.decision + 1), name, str(c.pairs), str(c.max_depth), str(c.alternatives),
                      str(c.bracketed_words), str(c.words), share, "yes" if c.whole else "")
    table.add_section()
    table.add_row("", "total", str(inv.pairs), str(inv.max_depth), str(inv.alternatives), str(inv.bracketed_words),
                  str(inv.words), f"{inv.share:.0%}", str(inv.whole_clauses), style="bold")
    return table


def write_inventory(inv: Inventory, console: Console) -> None:
    """Print the inventory table and a line on options and unbalanced brackets to ``console``."""
    console.print(inventory_table(inv))
    notes = [f"{inv.options} option group(s) ({inv.option_labels} option labels)"]
    if inv.unclosed:
        notes.append(f"{inv.unclosed} bracket(s) never closed")
    if inv.stray_closes:
        notes.append(f"{inv.stray_closes} stray closing bracket(s)")
    console.print("; ".join(notes), markup=False)
