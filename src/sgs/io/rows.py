"""Rows as read from a file: where they came from, and what they held.

A :class:`Row` keeps the cells exactly as received (``raw``), the cleaned
text of each standard field (``values``, by field code) and the non-empty
cells of columns that are not standard fields (``extras``, by header) — so
nothing the user sent is lost on the way to validation.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sgs.records import Record, ValueProblem, record_from_texts
from sgs.standard import RecordSpec

__all__ = ["Position", "Row", "place"]


def place(file: str | None, sheet: str | None = None) -> str:
    """A file and, in a workbook, its sheet, as messages name them.

    >>> place("a.xls", "自然人"), place(None)
    ('a.xls [自然人]', '<input>')
    """
    where = file or "<input>"
    return f"{where} [{sheet}]" if sheet else where


@attrs.frozen(slots=True)
class Position:
    """Where a record is in its source.

    ``record`` is the 1-based record number (data rows only); ``line`` the
    physical line of a CSV/JSONL file where the record starts, or the Excel
    row number; ``sheet`` the worksheet name for Excel files.

    >>> Position("a.xlsx", 1, 3, "Sheet1").describe()
    'a.xlsx [Sheet1] 第3行 (record 1, row 3)'
    """

    file: str | None
    record: int
    line: int | None = None
    sheet: str | None = None

    def describe(self) -> str:
        """A short Chinese/English description for messages."""
        where = place(self.file, self.sheet)
        if self.line is None:
            return f"{where} 第{self.record}条记录 (record {self.record})"
        unit = "row" if self.sheet is not None else "line"
        return f"{where} 第{self.line}行 (record {self.record}, {unit} {self.line})"


@attrs.frozen(slots=True)
class Row:
    """One record as read: position, raw cells, field texts and extra columns."""

    position: Position
    values: Mapping[str, str]
    raw: tuple[str, ...]
    extras: Mapping[str, str] = attrs.field(factory=dict)
    #: For a record read from a mapping (JSON), the key of each of ``raw``'s values.
    keys: tuple[str, ...] = ()

    def received(self) -> tuple[str, ...] | dict[str, str]:
        """The record as received: the cells of a table row, or the key → text of a mapping."""
        return dict(zip(self.keys, self.raw, strict=True)) if self.keys else self.raw

    def to_record(self, spec: RecordSpec) -> tuple[Record, tuple[ValueProblem, ...]]:
        """The typed record, and the values that did not fit their field type."""
        return record_from_texts(spec, self.values)
