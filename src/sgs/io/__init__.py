"""Streaming readers and writers for 双公示 files, with the position of every row."""

from sgs.io.headers import normalize_header, resolve_header
from sgs.io.reader import (
    DEFAULT_EMPTY_MARKERS,
    Column,
    Reader,
    Tables,
    WorkbookReader,
    clean,
    read,
    read_all,
)
from sgs.io.rows import Position, Row
from sgs.io.tables import DEFAULT_LIMITS, ReadLimits, detect_encoding, detect_format
from sgs.io.template import write_template
from sgs.io.write import (
    TableWriter,
    Writer,
    escape_formula,
    open_table_writer,
    open_writer,
    unescape_formula,
)

__all__ = [
    "DEFAULT_EMPTY_MARKERS",
    "DEFAULT_LIMITS",
    "Column",
    "Position",
    "ReadLimits",
    "Reader",
    "Row",
    "TableWriter",
    "Tables",
    "WorkbookReader",
    "Writer",
    "clean",
    "detect_encoding",
    "detect_format",
    "escape_formula",
    "normalize_header",
    "open_table_writer",
    "open_writer",
    "read",
    "read_all",
    "resolve_header",
    "unescape_formula",
    "write_template",
]
