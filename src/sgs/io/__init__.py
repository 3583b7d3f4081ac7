"""Streaming readers and writers for 双公示 files, with the position of every row."""

from sgs.io.headers import normalize_header, resolve_header
from sgs.io.reader import DEFAULT_EMPTY_MARKERS, Column, Reader, clean, read
from sgs.io.rows import Position, Row
from sgs.io.tables import detect_encoding, detect_format

__all__ = [
    "DEFAULT_EMPTY_MARKERS",
    "Column",
    "Position",
    "Reader",
    "Row",
    "clean",
    "detect_encoding",
    "detect_format",
    "normalize_header",
    "read",
    "resolve_header",
]
