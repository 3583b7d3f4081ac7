"""The hot loop: table rows in, by batches; the few records with findings out.

:func:`scan_cells` cuts the rows of a table into batches, checks each as
columns (see :mod:`sgs.validation.engine`) and yields only the records
that have findings; the others are just counted. Both the single-process
run and each worker of a parallel run use it.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from sgs.validation.engine import _TRIM, Engine, TableColumns
from sgs.validation.issues import Finding

__all__ = ["BATCH", "Flagged", "ScanCounts", "scan_cells"]

#: (record number, line, cells as received, findings) of a record with findings.
Flagged = tuple[int, int, list[str], list[Finding]]

#: Rows checked together. Large enough for the column passes to pay, small enough to stay
#: in the CPU caches.
BATCH = 512


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
    builder: TableColumns,
    batches: Iterable[tuple[Sequence[int], Sequence[list[str]]]],
    counts: ScanCounts,
    *,
    base: int = 0,
    keys: tuple[array[int], array[int], array[int]] | None = None,
    tick: Callable[[int], None] | None = None,
    after_batch: Callable[[], None] | None = None,
) -> Iterator[Flagged]:
    """Check every batch of rows; yield the records with findings (see the module documentation).

    ``batches`` gives ``(lines, rows)``: the raw cells of up to :data:`BATCH`
    rows and the line each starts on.

    ``base`` is added to record numbers to make run references (see
    :class:`~sgs.validation.engine.Batch`). With ``keys``, the decision hash,
    record number and line of every record with a 决定书文号 are appended to
    the three arrays (a parallel run finds duplicates across workers with
    them); ``after_batch`` is called after each batch (to move them to disk).
    """
    record = 0
    for lines, cells in batches:
        columns, findings = builder.build(cells)
        n = len(cells)
        blank = engine.blank(columns, n)
        numbers: list[int]
        if blank:
            blank_set = set(blank)
            numbers = []
            for i in range(n):
                if i in blank_set and not any(c.strip(_TRIM) for c in cells[i]):
                    numbers.append(0)  # a blank row: not a record
                    continue
                record += 1
                numbers.append(record)
                if i in blank_set:
                    counts.skipped += 1
            counts.records = record
        else:
            numbers = list(range(record + 1, record + n + 1))
            record += n
            counts.records = record
        findings = engine.check_batch(columns, n, findings, blank)
        present, hashes = engine.keys(columns, n)
        if blank and present:
            keep = [j for j, i in enumerate(present) if i not in blank_set]
            present = [present[j] for j in keep]
            hashes = [hashes[j] for j in keep]
        if present:
            refs = [base | numbers[i] for i in present]
            for i, finding in engine.duplicates(columns, present, hashes, refs).items():
                findings.setdefault(i, []).append(finding)
            if keys is not None:
                keys[0].extend(hashes)
                keys[1].extend(numbers[i] for i in present)
                keys[2].extend(lines[i] for i in present)
        counts.clean += n - len(blank) - len(findings)
        for i in sorted(findings):
            yield numbers[i], lines[i], cells[i], findings[i]
        if tick is not None:
            tick(record)
        if after_batch is not None:
            after_batch()
