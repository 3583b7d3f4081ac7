"""The columnar engine: Arrow reads a CSV file, filters on whole columns find the suspects.

With ``pyarrow`` and ``numpy`` installed (``pip install 'shuanggongshi[fast]'``), CSV
files are validated by blocks of records held as Arrow arrays: each field
check and each record rule has a columnar filter that returns a superset of
the records its exact check would flag (:mod:`~sgs.validation.columnar.filters`),
and only those records go through the exact checks
(:mod:`~sgs.validation.columnar.scan`). The issues, their order and the
report are those of the pure-Python engine; blocks Arrow cannot be trusted
with are read by the exact reader (:mod:`~sgs.validation.columnar.blocks`).
"""

from __future__ import annotations

import importlib.util

__all__ = ["available"]


def available() -> bool:
    """Whether pyarrow and numpy are installed (the columnar engine can run)."""
    return all(importlib.util.find_spec(name) is not None for name in ("pyarrow", "numpy"))
