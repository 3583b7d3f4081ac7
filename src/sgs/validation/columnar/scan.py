"""The columnar scan: each rule's filter over a whole block, its exact check on the suspects.

For a block of records read by Arrow (:mod:`sgs.validation.columnar.blocks`)
the scan computes, without a Python step per record, the records that
*could* have a finding (:mod:`sgs.validation.columnar.filters`: every
field's own check and every record rule's, each a superset of what the
exact check finds). Those records — a few in a thousand in a typical file —
go through the engine's exact checks, the same code as the pure-Python
scan (:func:`sgs.validation.pipeline.check_cells`); the others are clean.
Every record with a 决定书文号 gives its decision key, and the keys are
reduced in record order against the run's index, so duplicates are found
exactly as in one pure-Python pass. Blocks Arrow must not read go through
the exact reader and the pure-Python scan, with the same numbering.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from sgs.io.tables import CsvRows
from sgs.validation.columnar.arrays import indices
from sgs.validation.columnar.blocks import ArrowBlock, TextBlock, blocks
from sgs.validation.columnar.filters import BlockFilter
from sgs.validation.duplicates import duplicate_finding
from sgs.validation.engine import Engine, TableColumns
from sgs.validation.issues import Finding
from sgs.validation.pipeline import (
    BATCH,
    BatchHook,
    Flagged,
    ScanCounts,
    check_cells,
    check_rows,
    reduce_keys,
)

__all__ = ["scan_file"]


def scan_file(
    engine: Engine,
    builder: TableColumns,
    path: str,
    start: int,
    *,
    first_line: int,
    encoding: str,
    delimiter: str,
    width: int,
    counts: ScanCounts,
    base: int = 0,
    keys: tuple[array[int], array[int], array[int]] | None = None,
    tick: Callable[[int], None] | None = None,
    after_batch: Callable[[], None] | None = None,
    threads: bool = False,
    end: int | None = None,
    ending: list[str] | None = None,
    on_batch: BatchHook | None = None,
) -> Iterator[Flagged]:
    """Check the records of ``path`` from byte ``start``; yield those with findings.

    The arguments are those of :func:`sgs.validation.pipeline.scan_cells`
    with the file's description in place of the batches; ``end`` stops at
    that byte (a record boundary, more of the file following), and
    ``ending`` receives the last cell of the last row read. ``on_batch`` is called after
    each block as ``scan_cells`` calls it, with value columns built only for it
    (:meth:`BlockFilter.typed_columns`).
    """
    checks = BlockFilter(engine, builder)
    state = _State(engine, builder, counts, base, keys, on_batch)
    for block in blocks(path, start, first_line=first_line, encoding=encoding,
                        delimiter=delimiter, width=width, threads=threads, end=end,
                        to_end=end is None):  # fmt: skip
        if isinstance(block, TextBlock):
            yield from state.text(block, path, delimiter, ending)
        else:
            if ending is not None and block.rows and block.columns:
                ending[:] = [block.columns[-1][block.rows - 1].as_py()]
            yield from state.arrow(block, checks)
        if tick is not None:
            tick(counts.records)
        if after_batch is not None:
            after_batch()


class _State:
    """What runs across blocks: the record count, the counts, the keys."""

    def __init__(
        self,
        engine: Engine,
        builder: TableColumns,
        counts: ScanCounts,
        base: int,
        keys: tuple[array[int], array[int], array[int]] | None,
        on_batch: BatchHook | None = None,
    ) -> None:
        self.engine, self.builder, self.counts = engine, builder, counts
        self.base, self.keys, self.on_batch = base, keys, on_batch
        self.record = 0

    def text(
        self, block: TextBlock, path: str, delimiter: str, ending: list[str] | None
    ) -> Iterator[Flagged]:
        rows = CsvRows(block.lines, path, delimiter=delimiter,
                       first_line=block.first_line, to_end=block.last)  # fmt: skip
        for lines, cells in rows.batches(BATCH):
            if ending is not None and cells and cells[-1]:
                ending[:] = [cells[-1][-1]]
            checked = check_cells(
                self.engine, self.builder, lines, cells, self.counts, self.record,
                base=self.base, keys=self.keys,
            )  # fmt: skip
            self.record = checked.record
            yield from checked.flagged
            if self.on_batch is not None:
                self.on_batch(checked.numbers, lines, checked.columns, checked.blank)

    def arrow(self, block: ArrowBlock, checks: BlockFilter) -> Iterator[Flagged]:
        engine, counts = self.engine, self.counts
        n = block.rows
        if not n:
            return
        suspect = checks.suspects(block.columns, n)
        chosen = np.flatnonzero(suspect)
        cells = _rows(block.columns, chosen)
        lines = block.lines
        sub_lines = [int(lines[i]) for i in chosen]
        # The suspects through the exact checks: their findings, blank rows and keys.
        result = check_rows(engine, self.builder, cells)
        # Number every record of the block: suspects that are blank rows are not records.
        is_record = np.ones(n, dtype=bool)
        for j in result.empty:
            is_record[chosen[j]] = False
        for j in result.blank:
            if j not in result.empty:
                counts.skip(sub_lines[j])
        numbers = np.cumsum(is_record) + self.record
        numbers[~is_record] = 0
        self.record += int(is_record.sum())
        counts.records = self.record
        # Decision keys of all records in order: the suspects' from the exact checks.
        position = {int(i): j for j, i in enumerate(chosen)}
        keyed, hashes = checks.keys(block.columns, n, suspect)
        said: dict[int, str] = {}
        if result.present:
            mine = chosen[np.array(result.present, dtype=np.int64)]
            said = dict(zip(mine.tolist(), result.numbers, strict=True))
            keyed = np.concatenate([keyed, mine])
            hashes = np.concatenate([hashes, np.array(result.hashes, dtype=np.int64)])
            order = np.argsort(keyed, kind="stable")
            keyed, hashes = keyed[order], hashes[order]
        findings: dict[int, list[Finding]] = {int(chosen[j]): f for j, f in result.findings.items()}
        if len(keyed):
            # As arrays of 8-byte integers: the index's log takes them without a Python step.
            refs, keys = array("q"), array("q")
            refs.frombytes((numbers[keyed] | self.base).astype(np.int64).tobytes())
            keys.frombytes(hashes.astype(np.int64).tobytes())
            repeats = reduce_keys(engine.batch.index, keys, refs)
            for k, first in repeats.items():
                i = int(keyed[k])
                value = said[i] if i in said else checks.number_text(block.columns, i)
                finding = duplicate_finding(engine.number_field, value, first, int(hashes[k]))
                findings.setdefault(i, []).append(finding)
            if self.keys is not None:
                self.keys[0].extend(keys)
                self.keys[1].frombytes(numbers[keyed].astype(np.int64).tobytes())
                self.keys[2].frombytes(lines[keyed].astype(np.int64).tobytes())
        counts.clean += n - len(result.blank) - len(findings)
        extra = [i for i in findings if i not in position]
        more = dict(zip(extra, _rows(block.columns, np.array(extra, dtype=np.int64)), strict=True))
        for i in sorted(findings):
            at = position.get(i)
            row = cells[at] if at is not None else more[i]
            yield int(numbers[i]), int(lines[i]), row, findings[i]
        if self.on_batch is not None:
            typed = checks.typed_columns(block.columns, chosen, result.columns)
            skip = {int(chosen[j]) for j in result.blank}
            self.on_batch(numbers.tolist(), lines.tolist(), typed, skip)


def _rows(columns: Sequence[Any], chosen: Any) -> list[list[str]]:
    """The cells of the records ``chosen`` (indices), as the csv module gives them."""
    if not len(chosen):
        return []
    index = indices(chosen)
    taken = [column.take(index).to_pylist() for column in columns]
    return [list(row) for row in zip(*taken, strict=True)]
