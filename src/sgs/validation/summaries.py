"""What a report holds about each input and each rejected row, below the report and the receipt.

:class:`FileSummary` describes one input of a run and :class:`RejectedRow`
one rejected record as received. :class:`Rejections` is what the rejection
receipt (:mod:`sgs.validation.receipt`) needs of a report — its inputs and
its rejected rows — so that the receipt does not depend on the report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

import attrs

from sgs.io.rows import place

__all__ = ["FileSummary", "RejectedRow", "Rejections"]


#: How many lines of skipped rows a file's summary names.
SKIPPED_LINES = 100


class Skipped(Protocol):
    """Counts of skipped rows: how many, and the lines of the first ones."""

    skipped: int
    skipped_lines: list[int]


@attrs.define
class FileSummary:
    """One input of a run: what it was, how it was read, and how its records fared.

    ``columns`` maps each field code to the header of its column, as in the file.
    """

    name: str | None
    kind: str
    format: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    header_line: int | None = None
    headers: tuple[str, ...] = ()
    columns: Mapping[str, str] = attrs.field(factory=dict)
    unmapped: tuple[str, ...] = ()
    missing_mandatory: tuple[str, ...] = ()
    records: int = 0
    invalid: int = 0
    skipped: int = 0
    #: The lines (Excel rows) of the first skipped rows: text only in non-standard columns.
    skipped_lines: list[int] = attrs.field(factory=list)
    width: int = 0  # the widest rejected row, in cells
    #: Whether a ``'`` before ``= + - @`` was read as sgs's escape (see ``sgs.io.read``).
    formula_quotes: bool = False
    #: Which input of the run this is, from 0: the sheets of one workbook share it.
    input: int = 0

    @property
    def place(self) -> str:
        """The file and, in a workbook, the sheet: ``a.xls [自然人]``."""
        return place(self.name, self.sheet)

    def skip(self, counts: Skipped) -> None:
        """Add the skipped rows of ``counts`` (a scan's counts) to this file's."""
        self.skipped += counts.skipped
        room = SKIPPED_LINES - len(self.skipped_lines)
        self.skipped_lines.extend(counts.skipped_lines[: max(room, 0)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "kind": self.kind,
            "format": self.format,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "header_line": self.header_line,
            "records": self.records,
            "invalid": self.invalid,
            "skipped_rows": self.skipped,
            "skipped_lines": list(self.skipped_lines),
            "unmapped_columns": list(self.unmapped),
            "missing_mandatory_columns": list(self.missing_mandatory),
        }


@attrs.frozen
class RejectedRow:
    """A rejected record as received, with its errors (field headers and messages).

    ``notes`` pairs each error of a field with the header of that field's
    column: ``(header, message)``, so that a receipt can mark the cell.
    """

    file: int
    record: int
    line: int | None
    raw: tuple[str, ...] | Mapping[str, str]
    fields: tuple[str, ...]
    messages: tuple[str, ...]
    notes: tuple[tuple[str, str], ...] = ()


class Rejections(Protocol):
    """The inputs of a run and its rejected rows (a :class:`~sgs.validation.report.Report`)."""

    @property
    def files(self) -> Sequence[FileSummary]: ...

    def iter_rejected(self) -> Iterator[RejectedRow]: ...
