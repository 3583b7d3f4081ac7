"""The CSV sink: formula-like texts escaped with a leading ``'`` (:func:`~sgs.io.escape_formula`)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO, Any

from sgs.io.formula import FORMULA_START, escape_formula
from sgs.io.write.atomic import write_error
from sgs.io.write.sink import TextSink, encode_error

__all__ = ["CsvSink"]


class CsvSink(TextSink):
    def __init__(
        self,
        binary: IO[bytes],
        owned: bool,
        encoding: str,
        path: str | None,
        headers: Sequence[str],
    ) -> None:
        super().__init__(binary, owned, encoding, path)
        self._csv = csv.writer(self._text, lineterminator="\r\n")
        self._write_row([escape_formula(h) for h in headers], 0)

    def _write_row(self, cells: list[str], record: int) -> None:
        try:
            self._csv.writerow(cells)
        except UnicodeEncodeError as exc:
            raise encode_error(self._path, self._encoding, record, exc) from None
        except OSError as exc:
            raise write_error(self._path or "<stream>", exc) from None

    def write(self, cells: list[Any], record: int) -> None:
        start = FORMULA_START
        self._write_row([escape_formula(c) if c and c[0] in start else c for c in cells], record)
