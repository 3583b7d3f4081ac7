"""No output is ever written over an input (issue 11 #4).

``sgs validate in.csv --receipt in.csv`` used to leave a header-only file: the
receipt was written atomically over the file the provider sent.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

SGS = str(Path(sys.executable).with_name("sgs"))


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SGS, *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("spelling", ["in.csv", "./in.csv", "sub/../in.csv", "link.csv"])
@pytest.mark.parametrize("command", ["validate", "convert"])
def test_an_output_naming_the_input_is_refused(tmp_path: Path, spelling: str, command: str) -> None:
    source = tmp_path / "in.csv"
    shutil.copy(EXAMPLES / "penalties-with-errors.csv", source)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to(source)
    before = digest(source)
    if command == "validate":
        done = run("validate", "in.csv", "--no-plugins", "--receipt", spelling, cwd=tmp_path)
    else:
        done = run("convert", "in.csv", spelling, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "输出文件就是输入文件" in done.stderr
    assert "Traceback" not in done.stderr
    assert digest(source) == before


def test_a_receipt_beside_the_input_is_still_written(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    shutil.copy(EXAMPLES / "penalties-with-errors.csv", source)
    done = run("validate", "in.csv", "--no-plugins", "--receipt", "in.退回.csv", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert (tmp_path / "in.退回.csv").stat().st_size > 0


@pytest.mark.parametrize(
    "args",
    [
        ("ledger", "export", "--config", "sgs.toml", "sgs.toml"),
        ("ledger", "export", "--config", "sgs.toml", "sgs.db"),
        ("catalog", "export", "--config", "sgs.toml", "sgs.db"),
        ("roster", "export", "--config", "sgs.toml", "sgs.toml"),
    ],
)
def test_an_export_never_replaces_the_configuration_or_the_store(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "sgs.toml").write_text(
        '[department]\nname = "示例局"\ncredit_code = "11410100MB00000005"\n'
        '[source]\ntype = "directory"\npath = "inbox"\n'
        '[transport]\ntype = "directory"\npath = "outbox"\n',
        encoding="utf-8",
    )
    assert run("ledger", "status", "--config", "sgs.toml", cwd=tmp_path).returncode == 0
    kept = {name: digest(tmp_path / name) for name in ("sgs.toml", "sgs.db")}
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "输出文件就是输入文件" in done.stderr
    assert {name: digest(tmp_path / name) for name in kept} == kept
