"""Streaming writers for 双公示 files: CSV, XLSX and JSON Lines, written atomically.

* :mod:`sgs.io.write.writer` — :func:`open_writer` (records of one kind) and
  :func:`open_table_writer` (plain cells under any header row);
* :mod:`sgs.io.write.csv`, :mod:`~sgs.io.write.jsonl`, :mod:`~sgs.io.write.xlsx` —
  one sink per format, behind the protocol of :mod:`sgs.io.write.sink`;
* :mod:`sgs.io.write.atomic` — :class:`AtomicFile` (a temporary file that
  replaces the target only when complete) and :func:`save_workbook`.
"""

from sgs.io.formula import escape_formula, unescape_formula
from sgs.io.write.atomic import AtomicFile, refuse_overwrite, save_workbook, write_error
from sgs.io.write.writer import (
    DateStyle,
    Item,
    TableWriter,
    Target,
    WriteFormat,
    Writer,
    open_table_writer,
    open_writer,
)

__all__ = [
    "AtomicFile",
    "DateStyle",
    "Item",
    "TableWriter",
    "Target",
    "WriteFormat",
    "Writer",
    "escape_formula",
    "open_table_writer",
    "open_writer",
    "refuse_overwrite",
    "save_workbook",
    "unescape_formula",
    "write_error",
]
