"""A file of the inbox that cannot be read never blocks the others (issue 11 #6)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sgs.department.config import load_config
from sgs.department.sync import sync
from sgs.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
AS_OF = dt.date(2026, 11, 26)

UNDECODABLE = b"\x81\x20" * 200  # neither UTF-8 nor GB18030
UNCLOSED = 'CF_WSH,CF_XDR_MC,CF_BZ\n示罚〔2026〕1号,某公司,"见附件\n示罚〔2026〕2号,某公司,x\n'


def _department(folder: Path, quarantine: str | None = None) -> Path:
    (folder / "inbox").mkdir()
    (folder / "sgs.toml").write_text(
        f"""
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"

[source]
type = "directory"
path = "inbox"
{f'quarantine = "{quarantine}"' if quarantine else ""}

[transport]
type = "directory"
path = "outbox"
""",
        encoding="utf-8",
    )
    return folder / "sgs.toml"


def _put(path: Path, data: bytes | str, age: int) -> None:
    """Write ``path`` and date it ``age`` seconds back (the inbox is read oldest first)."""
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    when = dt.datetime(2026, 11, 20).timestamp() - age
    os.utime(path, (when, when))


def _outbox_keys(folder: Path) -> list[str]:
    keys = []
    for batch in sorted((folder / "outbox").glob("*.jsonl")):
        for line in batch.read_text(encoding="utf-8").splitlines():
            keys.append(json.loads(line)["key"])
    return keys


@pytest.mark.parametrize(
    ("name", "data"),
    [("a-undecodable.csv", UNDECODABLE), ("a-unclosed-quote.csv", UNCLOSED)],
    ids=["fails-to-open", "fails-mid-read"],
)
def test_an_unreadable_file_is_moved_aside_and_the_rest_goes_on(
    tmp_path: Path, name: str, data: bytes | str
) -> None:
    config = load_config(_department(tmp_path))
    inbox = tmp_path / "inbox"
    _put(inbox / name, data, age=100)  # the older file: read first
    shutil.copy(EXAMPLES / "penalties.csv", inbox / "b-good.csv")
    _put(inbox / "b-good.csv", (inbox / "b-good.csv").read_bytes(), age=0)

    summary = sync(config, as_of=AS_OF)
    assert summary.valid > 0  # the good file behind the bad one was read
    assert summary.pending == 0
    assert len(_outbox_keys(tmp_path)) == summary.valid
    assert len(summary.set_aside) == 1
    assert name in summary.set_aside[0]
    moved = inbox / ".sgs-quarantine" / name
    assert moved.read_bytes() == (data if isinstance(data, bytes) else data.encode())
    assert not (inbox / name).exists()
    reason = (inbox / ".sgs-quarantine" / f"{name}.reason.txt").read_text(encoding="utf-8")
    assert "无法读取" in reason
    assert "could not read" in reason

    # The next run has nothing to do; the quarantine folder is not read.
    again = sync(config, as_of=AS_OF)
    assert (again.read, again.pushed, again.set_aside) == (0, 0, [])


def test_a_repaired_file_put_back_is_read(tmp_path: Path) -> None:
    config = load_config(_department(tmp_path))
    inbox = tmp_path / "inbox"
    _put(inbox / "p.csv", UNDECODABLE, age=10)
    assert sync(config, as_of=AS_OF).set_aside
    shutil.copy(EXAMPLES / "penalties.csv", inbox / "p.csv")  # the department fixes it
    summary = sync(config, as_of=AS_OF)
    assert summary.valid > 0
    assert not summary.set_aside
    # A second bad file of the same name does not overwrite the first in quarantine.
    _put(inbox / "p.csv", UNDECODABLE + b"!", age=0)
    sync(config, as_of=AS_OF)
    assert sorted(p.name for p in (inbox / ".sgs-quarantine").iterdir()) == [
        "p.2.csv",
        "p.2.csv.reason.txt",
        "p.csv",
        "p.csv.reason.txt",
    ]


def test_a_file_that_cannot_be_moved_is_skipped_until_it_changes(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    config = load_config(_department(tmp_path, quarantine="not-a-folder"))
    inbox = tmp_path / "inbox"
    _put(inbox / "bad.csv", UNDECODABLE, age=10)
    first = sync(config, as_of=AS_OF)
    assert len(first.set_aside) == 1
    assert "skipped until it changes" in first.set_aside[0]
    assert (inbox / "bad.csv").exists()
    assert sync(config, as_of=AS_OF).set_aside == []  # not retried while unchanged
    shutil.copy(EXAMPLES / "penalties.csv", inbox / "bad.csv")
    assert sync(config, as_of=AS_OF).valid > 0  # changed: read again


def test_a_source_that_does_not_set_files_aside_still_stops_the_run(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(UNDECODABLE)
    (tmp_path / "sgs.toml").write_text(
        '[department]\nname = "x"\ncredit_code = "11410100MB00000005"\n'
        '[source]\ntype = "file"\npath = "bad.csv"\n'
        '[transport]\ntype = "directory"\npath = "outbox"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad\.csv"):
        sync(load_config(tmp_path / "sgs.toml"), as_of=AS_OF)


def test_the_command_says_what_was_set_aside_and_exits_1(tmp_path: Path) -> None:
    config = _department(tmp_path)
    _put(tmp_path / "inbox" / "bad.csv", UNDECODABLE, age=10)
    shutil.copy(EXAMPLES / "penalties.csv", tmp_path / "inbox" / "good.csv")
    done = subprocess.run(
        [sys.executable, "-m", "sgs", "sync", "--config", str(config), "--as-of", "2026-11-26"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "bad.csv" in done.stderr
    assert "无法读取" in done.stderr
    assert "Traceback" not in done.stderr
