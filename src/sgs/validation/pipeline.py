"""The work of one batch, as the runners share it: partition → findings and keys → duplicates.

A batch of records held as columns (see :mod:`sgs.validation.engine`) is a
*partition*: :func:`check_partition` gives its findings and the decision
key of each record with a 决定书文号 (:class:`Partition`). The keys of all
partitions are then *reduced* against the run's index of decisions seen
(:func:`reduce_keys`), which gives the repeats, and :func:`duplicate_findings`
turns those into ``duplicate-decision`` findings. One process does both
steps batch after batch (:func:`scan_cells`, :mod:`sgs.validation.runners.local`);
the processes runner (:mod:`sgs.validation.runners.processes`) partitions in
its workers, which also keep their keys, and reduces the keys of all ranges in
the parent.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from sgs.validation.duplicates import SeenKeys, duplicate_finding
from sgs.validation.engine import TRIM, Engine, Findings, TableColumns
from sgs.validation.issues import Finding
from sgs.validation.summaries import SKIPPED_LINES

__all__ = [
    "BATCH",
    "BatchHook",
    "CheckedCells",
    "Exact",
    "Flagged",
    "Partition",
    "ScanCounts",
    "add_duplicates",
    "check_cells",
    "check_partition",
    "check_rows",
    "duplicate_findings",
    "reduce_keys",
    "scan_cells",
]

#: (record number, line, cells as received, findings) of a record with findings.
Flagged = tuple[int, int, list[str], list[Finding]]

#: Called after each batch of the fast scan with its record numbers (0 for a blank row),
#: lines, value columns and the rows left unchecked (blank).
BatchHook = Callable[
    [Sequence[int], Sequence[int], Mapping[str, Sequence[Any]], Collection[int]], None
]

#: Rows checked together. Large enough for the column passes to pay, small enough to stay
#: in the CPU caches.
BATCH = 512


@attrs.define(slots=True)
class Partition:
    """What one batch yields before duplicates: findings by record, and decision keys.

    ``present`` are the records (batch indices) with a 决定书文号 and
    ``hashes`` the hash of each one's decision key.
    """

    findings: Findings
    present: list[int]
    hashes: list[int]


def check_partition(
    engine: Engine,
    columns: Mapping[str, Sequence[Any]],
    n: int,
    findings: Findings,
    skip: Collection[int] = (),
) -> Partition:
    """The findings of the mandatory fields and the record rules, added to the field
    ``findings``, and the decision keys of a batch; the records in ``skip`` (blank ones)
    get neither."""
    findings = engine.check_batch(columns, n, findings, skip)
    present, hashes = engine.keys(columns, n)
    if skip and present:
        keep = [j for j, i in enumerate(present) if i not in skip]
        present = [present[j] for j in keep]
        hashes = [hashes[j] for j in keep]
    return Partition(findings, present, hashes)


def reduce_keys(
    seen: SeenKeys, hashes: Sequence[int], refs: Sequence[int], *, add: bool = True
) -> dict[int, int]:
    """Position → first reference of the ``hashes`` seen before (the repeats).

    With ``add`` the keys go into ``seen`` (records ``refs``) for the batches after
    them; without, they are only looked up.
    """
    return seen.add_many(hashes, refs) if add else seen.lookup(hashes)


def duplicate_findings(
    engine: Engine,
    columns: Mapping[str, Sequence[Any]],
    partition: Partition,
    repeats: Mapping[int, int],
) -> dict[int, Finding]:
    """The ``duplicate-decision`` findings of the ``repeats`` of a partition, by record."""
    if not repeats:
        return {}
    field = engine.number_field
    numbers = columns[field]
    present, hashes = partition.present, partition.hashes
    found = {}
    for position, first in repeats.items():
        i = present[position]
        found[i] = duplicate_finding(field, numbers[i], first, hashes[position])
    return found


def add_duplicates(
    engine: Engine,
    columns: Mapping[str, Sequence[Any]],
    partition: Partition,
    refs: Sequence[int],
) -> Findings:
    """Reduce a partition's keys into the run's index and add its duplicates to its findings.

    ``refs`` are the run references of the records in ``partition.present``.
    """
    findings = partition.findings
    if partition.present:
        repeats = reduce_keys(engine.batch.index, partition.hashes, refs)
        for i, finding in duplicate_findings(engine, columns, partition, repeats).items():
            findings.setdefault(i, []).append(finding)
    return findings


@attrs.define
class ScanCounts:
    """Rows seen: ``records`` (with any text), ``clean`` (no finding), ``skipped``.

    A skipped row has text only in columns that are not standard fields; it
    is numbered like a record but not checked. ``skipped_lines`` holds the
    lines of the first :data:`SKIPPED_LINES` of them, so a report can name them.
    """

    records: int = 0
    clean: int = 0
    skipped: int = 0
    skipped_lines: list[int] = attrs.field(factory=list)

    def skip(self, line: int) -> None:
        self.skipped += 1
        if len(self.skipped_lines) < SKIPPED_LINES:
            self.skipped_lines.append(line)


@attrs.define(slots=True)
class Exact:
    """What the exact checks find in a batch of table rows, before duplicates.

    ``findings`` by batch index (none for blank rows); ``blank`` the rows
    without any value, of which ``empty`` hold no text at all (not records);
    ``present`` the records with a 决定书文号, ``hashes`` the hash of each
    one's decision key and ``numbers`` its 文号.
    """

    findings: Findings
    blank: list[int]
    empty: set[int]
    present: list[int]
    hashes: list[int]
    numbers: list[Any]
    #: The batch's value columns.
    columns: Mapping[str, Sequence[Any]] = attrs.field(factory=dict)


def check_rows(engine: Engine, builder: TableColumns, cells: Sequence[list[str]]) -> Exact:
    """The exact checks of a batch of raw table rows (see :class:`Exact`)."""
    columns, findings = builder.build(cells)
    n = len(cells)
    blank = engine.blank(columns, n)
    skip: Collection[int] = set(blank) if blank else ()
    empty = {i for i in blank if not any(c.strip(TRIM) for c in cells[i])}
    partition = check_partition(engine, columns, n, findings, skip)
    present = partition.present
    numbers = columns[engine.number_field] if present else []
    return Exact(
        partition.findings,
        blank,
        empty,
        present,
        partition.hashes,
        [numbers[i] for i in present],
        columns,
    )


@attrs.define(slots=True)
class CheckedCells:
    """A batch of table rows checked: the rows with findings, the records counted so far,
    each row's record number (0: a blank row), the value columns and the blank rows."""

    flagged: list[Flagged]
    record: int
    numbers: list[int]
    columns: Mapping[str, Sequence[Any]]
    blank: set[int]


def check_cells(
    engine: Engine,
    builder: TableColumns,
    lines: Sequence[int],
    cells: Sequence[list[str]],
    counts: ScanCounts,
    record: int,
    *,
    base: int = 0,
    keys: tuple[array[int], array[int], array[int]] | None = None,
) -> CheckedCells:
    """Check one batch of table rows after ``record`` records (see :func:`scan_cells` for
    ``base`` and ``keys``)."""
    exact = check_rows(engine, builder, cells)
    n = len(cells)
    numbers: list[int]
    if exact.blank:
        blank, empty = set(exact.blank), exact.empty
        numbers = []
        for i in range(n):
            if i in empty:
                numbers.append(0)  # a blank row: not a record
                continue
            record += 1
            numbers.append(record)
            if i in blank:
                counts.skip(lines[i])
    else:
        numbers = list(range(record + 1, record + n + 1))
        record += n
    counts.records = record
    findings = exact.findings
    present = exact.present
    if present:
        refs = [base | numbers[i] for i in present]
        repeats = reduce_keys(engine.batch.index, exact.hashes, refs)
        field = engine.number_field
        for position, first in repeats.items():
            finding = duplicate_finding(
                field, exact.numbers[position], first, exact.hashes[position]
            )
            findings.setdefault(present[position], []).append(finding)
        if keys is not None:
            keys[0].extend(exact.hashes)
            keys[1].extend(numbers[i] for i in present)
            keys[2].extend(lines[i] for i in present)
    counts.clean += n - len(exact.blank) - len(findings)
    flagged = [(numbers[i], lines[i], cells[i], findings[i]) for i in sorted(findings)]
    return CheckedCells(flagged, record, numbers, exact.columns, set(exact.blank))


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
    on_batch: BatchHook | None = None,
) -> Iterator[Flagged]:
    """Check every batch of table rows; yield the records with findings, count the others.

    ``batches`` gives ``(lines, rows)``: the raw cells of up to :data:`BATCH`
    rows and the line each starts on.

    ``base`` is added to record numbers to make run references (see
    :class:`~sgs.validation.engine.Batch`). With ``keys``, the decision hash,
    record number and line of every record with a 决定书文号 are appended to
    the three arrays (a parallel run finds duplicates across workers with
    them); ``after_batch`` is called after each batch (to move them to disk).
    ``on_batch`` is called once the records with findings of a batch were yielded, with
    the batch's record numbers, lines, value columns and blank rows (:data:`BatchHook`).
    """
    record = 0
    for lines, cells in batches:
        checked = check_cells(engine, builder, lines, cells, counts, record, base=base, keys=keys)
        record = checked.record
        yield from checked.flagged
        if on_batch is not None:
            on_batch(checked.numbers, lines, checked.columns, checked.blank)
        if tick is not None:
            tick(record)
        if after_batch is not None:
            after_batch()
