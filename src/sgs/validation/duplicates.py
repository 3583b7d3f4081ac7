"""Finding repeated decisions in one run: 决定书文号 per authority, seen before or not.

:class:`SeenKeys` keeps the hash of each decision's key (kind, authority,
决定书文号) in a set — a whole batch of new keys is checked and added in C
with ``isdisjoint`` and ``update`` — and a log of (hash, first record) in
two flat arrays, read only when a repeat is found. That costs about 80
bytes a decision; past :data:`MEMORY_KEYS` decisions the further keys go
to a temporary SQLite file, and so does the log once repeats are many, so
that memory stays bounded for any input.

>>> seen = SeenKeys()
>>> seen.add_many([hash(("CF", "11410100MB00000005", "罚〔2019〕1号"))], [1])
{}
>>> seen.add_many([hash(("CF", "11410100MB00000005", "罚〔2019〕1号"))], [7])
{0: 1}
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from array import array
from collections.abc import Sequence
from typing import Final

from sgs.validation.issues import Finding

__all__ = ["MEMORY_KEYS", "SeenKeys", "duplicate_finding"]

#: Decisions kept in memory (about 80 MB); the rest go to a temporary file.
MEMORY_KEYS: Final = 1_000_000

#: After this many repeats, the log moves to disk to be looked up there instead of searched.
_SEARCHES: Final = 64
#: SQLite's smallest limit on the parameters of one statement is 999.
_QUERY: Final = 900


class _DiskKeys:
    """Key → first reference in a temporary SQLite file (removed on close)."""

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="sgs-keys-", suffix=".sqlite")
        os.close(handle)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("CREATE TABLE keys (hash INTEGER PRIMARY KEY, ref INTEGER NOT NULL)")

    def found(self, keys: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(keys), _QUERY):
            part = list(keys[start : start + _QUERY])
            marks = ",".join("?" * len(part))
            query = f"SELECT hash, ref FROM keys WHERE hash IN ({marks})"
            found.update(self.db.execute(query, part).fetchall())
        return found

    def add(self, pairs: list[tuple[int, int]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)", pairs)  # first one wins

    def close(self) -> None:
        self.db.close()
        with contextlib.suppress(OSError):
            os.remove(self.path)


class SeenKeys:
    """Key hashes seen so far and the record each was first seen in (bounded memory).

    In memory: a set of up to :data:`MEMORY_KEYS` hashes and a log of
    (hash, first ref). Further keys, and the log once repeats are many, go to
    a temporary SQLite file, looked up a batch at a time.
    """

    def __init__(self, memory_keys: int | None = None) -> None:
        self._seen: set[int] = set()
        self._hashes = array("q")
        self._refs = array("q")
        self._capacity = MEMORY_KEYS if memory_keys is None else memory_keys
        self._disk: _DiskKeys | None = None
        self._log_on_disk = False  # the first refs of the keys in memory are on disk too
        self._searches = 0

    def __len__(self) -> int:
        return len(self._seen)

    def _database(self) -> _DiskKeys:
        if self._disk is None:
            self._disk = _DiskKeys()
        return self._disk

    def _firsts_in_memory(self, keys: set[int]) -> dict[int, int]:
        """First refs of keys that are in the in-memory set."""
        if not self._log_on_disk:
            self._searches += len(keys)
            if self._searches <= _SEARCHES:
                return {k: self._refs[self._hashes.index(k)] for k in keys}
            # Repeats are many: index the log on disk rather than in a dict.
            disk = self._database()
            for start in range(0, len(self._hashes), 50_000):
                part = zip(
                    self._hashes[start : start + 50_000],
                    self._refs[start : start + 50_000],
                    strict=True,
                )
                disk.add(list(part))
            self._hashes, self._refs = array("q"), array("q")
            self._log_on_disk = True
        return self._database().found(list(keys))

    def add_many(self, keys: Sequence[int], refs: Sequence[int]) -> dict[int, int]:
        """Add ``keys`` (of the records ``refs``); return position → first ref of the repeats."""
        seen = self._seen
        fits = len(seen) + len(keys) <= self._capacity
        if fits and self._disk is None and seen.isdisjoint(keys):
            before = len(seen)
            seen.update(keys)
            self._hashes.extend(keys)
            self._refs.extend(refs)
            if len(seen) - before == len(keys):
                return {}
            # Repeats inside this batch: the log keeps both, and the first comes first.
            first: dict[int, int] = {}
            inside = {}
            for position, key in enumerate(keys):
                if key in first:
                    inside[position] = refs[first[key]]
                else:
                    first[key] = position
            return inside
        known = {k for k in keys if k in seen} if not seen.isdisjoint(keys) else set()
        firsts = self._firsts_in_memory(known) if known else {}
        if self._disk is not None:
            firsts.update(self._disk.found(keys))
        new: dict[int, int] = {}
        repeats = {}
        for position, (key, ref) in enumerate(zip(keys, refs, strict=True)):
            if key in firsts:
                repeats[position] = firsts[key]
            elif key in new:
                repeats[position] = new[key]
            else:
                new[key] = ref
        if new:
            if len(seen) + len(new) <= self._capacity:
                seen.update(new)
                if self._log_on_disk:
                    self._database().add(list(new.items()))
                else:
                    self._hashes.extend(new)
                    self._refs.extend(new.values())
            else:  # memory is full: the key lives on disk only
                self._database().add(list(new.items()))
        return repeats

    def lookup(self, keys: Sequence[int]) -> dict[int, int]:
        """Position → first ref of the ``keys`` seen before, without adding any."""
        known = {k for k in keys if k in self._seen} if not self._seen.isdisjoint(keys) else set()
        firsts = self._firsts_in_memory(known) if known else {}
        if self._disk is not None:
            firsts.update(self._disk.found(keys))
        return {p: firsts[k] for p, k in enumerate(keys) if k in firsts}

    def first(self, key: int, ref: int) -> int | None:
        """As :meth:`add_many` for one key: the first ref if it is a repeat, else ``None``."""
        return self.add_many([key], [ref]).get(0)

    def close(self) -> None:
        """Remove the temporary file, if any."""
        if self._disk is not None:
            self._disk.close()
            self._disk = None


def duplicate_finding(field: str, number: str, first_ref: int, key: int) -> Finding:
    """The ``duplicate-decision`` finding of a record whose decision ``first_ref`` already had."""
    return Finding("duplicate-decision", field, number, {"first_ref": first_ref, "key": key})
