"""What sgs sync prints: this run's changes, one line of totals, capped lists (issue 12 #4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sgs.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def department(tmp_path: Path) -> Path:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    return folder


def _sync(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["sync", "--config", str(folder / "sgs.toml"), *extra])
    return status, capsys.readouterr().out


def test_the_first_run_says_what_changed_and_the_second_that_nothing_did(
    department: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _sync(department, capsys, "--as-of", "2026-11-26")
    assert status == 1  # 7 invalid decisions
    assert "本次运行 this run: 读取 400，有效 393，无效 7" in out
    assert "台账合计 ledger: 待报送 0 / 已报送 0 / 已接收 393 / 被退回 0 / 校验未通过 7" in out
    assert "本次逾期报送 pushed late (16):" in out
    assert "[校验未通过]" in out  # the invalid decisions due soon, in Chinese
    status, again = _sync(department, capsys, "--as-of", "2026-11-26")
    assert status == 0
    assert "没有新的记录，无需报送 (nothing new to read or send)" in again
    assert "本次运行" not in again
    assert "pushed late" not in again  # yesterday's late records are not repeated
    assert len(again.splitlines()) < len(out.splitlines())


def test_lists_are_capped_unless_all(department: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = department / "sgs.toml"
    toml.write_text(  # a platform that is not there: everything stays pending, then overdue
        toml.read_text(encoding="utf-8").replace(
            'type = "directory"          # batches',
            'type = "http"\nurl = "http://127.0.0.1:9/records"\nretries = 0\n# batches',
        ),
        encoding="utf-8",
    )
    _status, out = _sync(department, capsys, "--as-of", "2026-12-31")
    overdue = [line for line in out.splitlines() if "逾期 late by" in line]
    assert len(overdue) == 20
    assert "…及另外" in out
    assert "--all" in out
    _status, everything = _sync(department, capsys, "--as-of", "2026-12-31", "--all")
    assert len([line for line in everything.splitlines() if "逾期 late by" in line]) > 20
    assert "…及另外" not in everything
