"""The hot loop: table rows in, the few rows with findings out.

:func:`scan_cells` runs an engine's generated row checker over the raw
cells of a table and yields only the rows that have findings; the others
are just counted. Both the single-process run and each worker of a
parallel run use it.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator

import attrs

from sgs.validation.engine import _TRIM, Engine, RowChecker
from sgs.validation.issues import Finding

__all__ = ["Flagged", "ScanCounts", "scan_cells"]

#: (record number, line, cells as received, findings) of a row with findings.
Flagged = tuple[int, int, list[str], list[Finding]]

_TICK = 10_000


@attrs.define
class ScanCounts:
    """Rows seen: ``records`` (with any text), ``clean`` (no finding), ``skipped``.

    A skipped row has text only in columns that are not standard fields; it
    is numbered like a record but not checked.
    """

    records: int = 0
    clean: int = 0
    skipped: int = 0


def scan_cells(
    engine: Engine,
    check_row: RowChecker,
    rows: Iterable[tuple[int, list[str]]],
    counts: ScanCounts,
    *,
    base: int = 0,
    keys: tuple[array[int], array[int], array[int]] | None = None,
    tick: Callable[[int], None] | None = None,
) -> Iterator[Flagged]:
    """Check every row; yield those with findings (see the module documentation).

    ``base`` is added to record numbers to make batch references (see
    :class:`~sgs.validation.engine.Batch`). With ``keys``, the decision hash
    , record number and line of every row with a 决定书文号 are appended to
    the three arrays (a parallel run finds duplicates across workers with them).
    """
    key_hash, duplicate = engine.key_hash, engine.duplicate
    hashes, numbers, lines = keys if keys is not None else (None, None, None)
    record = clean = skipped = 0
    try:
        for line, cells in rows:
            result = check_row(cells)
            if result is None:
                if any(c.strip(_TRIM) for c in cells):
                    record += 1
                    skipped += 1
                continue
            record += 1
            values, findings = result
            key = key_hash(values)
            if key is not None:
                dup = duplicate(values, base | record, key)
                if dup is not None:
                    findings.append(dup)
                if hashes is not None and numbers is not None and lines is not None:
                    hashes.append(key & 0xFFFF_FFFF_FFFF_FFFF)
                    numbers.append(record)
                    lines.append(line)
            if findings:
                yield record, line, cells, findings
            else:
                clean += 1
            if tick is not None and record % _TICK == 0:
                tick(record)
    finally:
        counts.records += record
        counts.clean += clean
        counts.skipped += skipped
