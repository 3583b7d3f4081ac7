"""Every file-reading command on bad files: exit 0, 1 or 2, never a traceback (issue 11).

Each file of :func:`tests.fuzzing.corpus` — hand-made hostile files and seeded
mutations of real ones — goes through every command that reads a file. The
command may accept it (0), report problems (1) or refuse it (2) with a
message naming it; an internal error (3), a traceback or a hang (caught by an
alarm) fails the test. ``scripts/fuzz.sh`` runs the same with many more files.
"""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from sgs.cli.main import main
from tests.fuzzing import corpus

ROOT = Path(__file__).resolve().parents[2]
#: Seconds one command may take on one file before it counts as a hang.
HANG = 120

CONFIG = """
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"
[source]
type = "directory"
path = "inbox"
pattern = "*"
[transport]
type = "directory"
path = "outbox"
[store]
url = "sqlite:///sgs.db"
"""


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"no answer within {HANG} s")


@pytest.fixture
def alarm() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def commands(file: Path, folder: Path) -> list[list[str]]:
    config = str(folder / "sgs.toml")
    f = str(file)
    return [
        ["validate", f, "--no-plugins"],
        ["validate", f, "--no-plugins", "--format", "json"],
        ["validate", f, "--no-plugins", "--jobs", "2", "--receipt", str(folder / "r.xlsx")],
        ["validate", f, "--no-plugins", "--receipt", str(folder / "r.csv")],
        ["inspect", f],
        ["convert", f, str(folder / "out.xlsx")],
        ["convert", f, str(folder / "out.jsonl"), "--keep-text"],
        ["catalog", "import", f, "--from", "2026-01-01", "--config", config],
        ["roster", "import", f, "--config", config],
        ["ledger", "import", f, "--kind", "penalty", "--config", config],
        ["calendar", "is-workday", "2026-10-08", "--holidays", f],
        ["sync", "--config", config, "--as-of", "2026-11-26"],
    ]


CASES = list(corpus())


@pytest.mark.parametrize(("name", "data"), CASES, ids=[name for name, _ in CASES])
def test_every_reading_command_answers_a_bad_file_cleanly(
    tmp_path: Path,
    name: str,
    data: bytes,
    alarm: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SGS_DISABLE_PLUGIN_AUTOLOAD", "1")
    (tmp_path / "sgs.toml").write_text(CONFIG, encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    file = tmp_path / name
    file.write_bytes(data)
    shutil.copy(file, inbox / name)
    failures = []
    for argv in commands(file, tmp_path):
        signal.alarm(HANG)
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse
            status = exc.code if isinstance(exc.code, int) else 2
        except Hang as exc:
            status = -1
            failures.append(f"sgs {' '.join(argv[:2])}: {exc}")
        finally:
            signal.alarm(0)
        out, err = capsys.readouterr()
        said = out + err
        if status not in (0, 1, 2, -1) or "Traceback" in said or "内部错误" in said:
            failures.append(f"sgs {' '.join(argv[:2])} → {status}: {err.strip()[-300:]}")
        elif status == 2 and not err.strip():
            failures.append(f"sgs {' '.join(argv[:2])} → 2 without a message")
    assert file.read_bytes() == data  # no command wrote over its input
    assert not failures, "\n".join(failures)
