"""clausewise: decisions of intergovernmental bodies as structured clauses — draft, build, compare, clean."""

__version__ = "0.1.0"
