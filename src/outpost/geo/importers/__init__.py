"""Importers of the official lists of administrative units (one module per kind of file).

- `current`: the units after 1 July 2025 (the package's draft list, the official JSON list)
- `legacy`: the commune list before 1 July 2025 (CSV)
- `conversion`: the old-to-new conversion table (CSV) -> lineage

Each parses and checks the whole file first and raises `ImportRefused` with every row error;
only a clean file is written, in one transaction, with an audit event per row.
"""

from outpost.geo.importers.conversion import import_conversion
from outpost.geo.importers.current import import_current, load_current
from outpost.geo.importers.legacy import import_legacy
from outpost.geo.importers.reader import ImportRefused, RowError, Summary

__all__ = [
    "ImportRefused",
    "RowError",
    "Summary",
    "import_conversion",
    "import_current",
    "import_legacy",
    "load_current",
]
