"""``sgs sync`` on the validator's fast path stages what the record-by-record path does.

A table is validated by the column scan (as ``sgs validate``) and its valid records are
staged from their batch's columns, their keys and payload hashes worked out column by
column (``sgs.department.sync._scan``); with ``FAST_PATH`` off, every record is a
``Checked`` and a ``LedgerEntry`` (``_check``), as a source that is not a table is. Both
runs of each file — a first sync, then one after the file changed — must leave the same
ledger (every column but times and batch ids), the same receipts and the same counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from sgs.department.config import load_config
from sgs.department.sync import SyncSummary, sync
from sgs.store import open_store, payload_hash
from sgs.validation.columnar import available
from sgs.validation.runners.local import LocalRun
from tests.departments import EXAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import validate_speed

#: The module (``sgs.department.sync`` is also the name of its function).
sync_module = importlib.import_module("sgs.department.sync")

AS_OF = dt.date(2026, 11, 26)

#: What a run's summary says, compared between the paths.
COUNTS = ("read", "valid", "invalid", "staged_new", "staged_changed", "unchanged",
          "staged_invalid", "pushed", "accepted", "rejected", "pending")  # fmt: skip


def _odd(path: Path) -> None:
    """The example penalties with what a department's export holds besides: blank rows,
    a row with text only in a column that is no field, the same record twice, a line
    break inside a quoted cell, a bracketed and spaced 文号, spaces around cells."""
    with open(EXAMPLES / "penalties-with-errors.csv", encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    with open(EXAMPLES / "penalties.csv", encoding="utf-8-sig", newline="") as f:
        _, *good = list(csv.reader(f))
    number, facts = header.index("行政处罚决定书文号"), header.index("违法事实")
    spaced = list(good[0])
    spaced[number] = "示市监罚 [2026] 901号"
    spaced[facts] = "  经营超过保质期的食品，\n共两批次  "
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*header, "内部编号"])
        for row in [*good, [""] * len(header), spaced, *rows, good[1], good[1]]:
            writer.writerow([*row, ""])
        writer.writerow([""] * len(header) + ["仅内部列"])
        writer.writerow([""] * (len(header) + 1))


def _changed(path: Path) -> None:
    """The file after the department changed it: a record's 处罚内容 edited, an invalid
    record corrected (its credit code's check character), a record dropped."""
    text = path.read_text("utf-8-sig")
    text = text.replace("罚款5000元", "罚款5000元（已缴纳）", 1)
    text = text.replace("91410100MA3X5AB157", "91410100MA3X5AB156", 1)
    lines = text.splitlines(keepends=True)
    path.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8-sig")


def _generated(path: Path) -> None:
    """Real-shaped penalties (the benchmark's generator): distinct parties, dates in the
    five forms, amounts to the 分, 文号 in brackets of every kind, 1 % defects."""
    validate_speed.write_case("realistic", path, 600, 18)


CASES = {
    "penalties.csv": lambda p: shutil.copy(EXAMPLES / "penalties.csv", p),
    "penalties-with-errors.csv": lambda p: shutil.copy(EXAMPLES / "penalties-with-errors.csv", p),
    "penalties.xlsx": lambda p: shutil.copy(EXAMPLES / "penalties.xlsx", p),
    "licenses-gbk.csv": lambda p: shutil.copy(EXAMPLES / "licenses-gbk.csv", p),
    "odd.csv": _odd,
    "generated.csv": _generated,
}


def _config(folder: Path, name: str) -> Path:
    config = folder / "sgs.toml"
    config.write_text(
        f"""
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"

[source]
type = "file"
path = "{name}"

[transport]
type = "directory"
path = "outbox"

[store]
url = "sqlite:///sgs.db"

[sync]
batch_size = 3
""",
        encoding="utf-8",
    )
    return config


def _state(folder: Path, summary: SyncSummary) -> dict[str, Any]:
    with open_store("sqlite:///sgs.db", base_dir=folder) as store:
        entries = [
            (e.record_key, e.kind, e.number, e.name, e.decision_date, e.authority_code,
             e.status, e.attempts, e.last_message, e.deadline, dict(e.payload),
             e.payload_hash, (e.source or "").replace(str(folder), "…"), e.platform_pushed_on)
            for e in store.ledger.entries()
        ]  # fmt: skip
    receipts = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted((folder / "receipts").rglob("*"))
        if p.is_file() and p.suffix == ".csv"
    }
    return {
        "counts": {c: getattr(summary, c) for c in COUNTS},
        "entries": entries,
        "receipts": receipts,
        "late": sorted(i.entry.record_key for i in summary.late),
    }


#: The engines the fast path is run with: the columnar one where pyarrow and numpy are.
ENGINES = ["python", "columnar"] if available() else ["python"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_fast_path_stages_what_the_record_path_does(
    tmp_path: Path, name: str, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scanned: list[str | None] = []
    scan = sync_module._scan
    columnar: list[str | None] = []
    chooses = LocalRun._columnar

    def counted(reader: Any, *args: Any) -> None:
        scanned.append(reader.path)
        scan(reader, *args)

    def counted_blocks(run: LocalRun, reader: Any) -> bool:
        chosen = chooses(run, reader)
        if chosen:
            columnar.append(reader.path)
        return chosen

    monkeypatch.setattr(sync_module, "_scan", counted)
    monkeypatch.setattr(LocalRun, "_columnar", counted_blocks)
    monkeypatch.setenv("SGS_ENGINE", engine)
    runs: dict[bool, list[dict[str, Any]]] = {}
    for fast in (False, True):
        monkeypatch.setattr(sync_module, "FAST_PATH", fast)
        folder = tmp_path / ("fast" if fast else "records")
        folder.mkdir()
        CASES[name](folder / name)
        config = load_config(_config(folder, name))
        first = _state(folder, sync(config, as_of=AS_OF))
        if name in ("penalties.csv", "penalties-with-errors.csv", "odd.csv"):
            _changed(folder / name)
        second = _state(folder, sync(config, as_of=AS_OF))
        runs[fast] = [first, second]
    assert len(scanned) == 2  # the fast path was taken, and only with FAST_PATH
    # by the columnar engine where it reads the file: a CSV file, with pyarrow and numpy
    assert len(columnar) == (2 if engine == "columnar" and name.endswith(".csv") else 0)
    assert runs[True] == runs[False]
    first, second = runs[True]
    assert first["counts"]["staged_new"] > 0
    assert first["entries"]  # the comparison is not of two empty ledgers
    if name in ("odd.csv", "generated.csv"):
        assert first["counts"]["invalid"] > 0
    if name == "odd.csv":
        assert second["counts"]["staged_changed"] > 0  # the edited and the corrected record
    for entry in second["entries"]:
        assert entry[11] == payload_hash(entry[10])  # the hash is the payload's own
