"""The duplicate index: in memory, with many repeats, and spilled to disk."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

import pytest

from sgs.validation import Validator
from sgs.validation import duplicates as dup_module
from sgs.validation.duplicates import SeenKeys
from tests.validation.test_rules import PENALTY, record

AS_OF = dt.date(2026, 11, 26)


def reference(keys: list[int]) -> dict[int, int]:
    """Position → position of the first occurrence, for every repeat (the plain way)."""
    first: dict[int, int] = {}
    repeats = {}
    for position, key in enumerate(keys):
        if key in first:
            repeats[position] = first[key]
        else:
            first[key] = position
    return repeats


@pytest.mark.parametrize("memory_keys", [1_000_000, 50, 0])
@pytest.mark.parametrize("batch", [1, 7, 512])
def test_repeats_are_found_with_their_first_record(memory_keys: int, batch: int) -> None:
    rng = random.Random(memory_keys + batch)
    keys = [rng.randrange(-(2**63), 2**63) for _ in range(300)]
    keys += [rng.choice(keys) for _ in range(200)]  # many repeats: the log gets indexed
    rng.shuffle(keys)
    seen = SeenKeys(memory_keys=memory_keys)
    found = {}
    for start in range(0, len(keys), batch):
        part = keys[start : start + batch]
        refs = list(range(start, start + len(part)))
        for position, first in seen.add_many(part, refs).items():
            found[start + position] = first
    seen.close()
    assert found == reference(keys)


def _rows(count: int) -> list[dict[str, str]]:
    rows = [record(PENALTY, CF_WSH=f"示市监罚〔2026〕{i}号") for i in range(count)]
    for i in range(5, count, 7):  # a repeat of an earlier decision every 7 records
        rows[i]["CF_WSH"] = rows[i // 3]["CF_WSH"]
    return rows


def test_validation_spilled_to_disk_gives_the_same_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = _rows(2_000)
    validator = Validator(as_of=AS_OF)
    expected = [i.to_dict() for i in validator.validate(rows).issues]
    assert sum(1 for i in expected if i["code"] == "duplicate-decision") > 200
    monkeypatch.setattr(dup_module, "MEMORY_KEYS", 100)
    spilled = [i.to_dict() for i in validator.validate(rows).issues]
    assert spilled == expected
    assert not list(Path(tempfile.gettempdir()).glob("sgs-keys-*.sqlite"))


def test_parallel_run_spilled_to_disk_gives_the_same_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import csv

    from sgs.validation.runners import processes as processes_runner

    rows = _rows(6_000)
    path = tmp_path / "penalties.csv"
    codes = list(rows[0])
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(codes)
        writer.writerows([r.get(c, "") for c in codes] for r in rows)
    validator = Validator(as_of=AS_OF)
    expected = [i.to_dict() for i in validator.validate(path).issues]
    monkeypatch.setattr(processes_runner, "MIN_PARALLEL_BYTES", 1)
    monkeypatch.setattr(dup_module, "MEMORY_KEYS", 100)
    report = validator.validate_many([path], jobs=2)
    assert [i.to_dict() for i in report.issues] == expected


def test_lookup_finds_without_adding() -> None:
    seen = SeenKeys(memory_keys=2)
    assert seen.add_many([1, 2, 3, 4], [10, 20, 30, 40]) == {}
    assert seen.lookup([5, 3, 1, 6]) == {1: 30, 2: 10}
    assert seen.lookup([5, 6]) == {}
    assert seen.add_many([5], [50]) == {}  # 5 was only looked up, so it is new
    seen.close()
