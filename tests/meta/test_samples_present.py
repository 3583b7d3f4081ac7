"""The repository carries every real sample file its tests read, and the tests read them all."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SAMPLES

TESTS = Path(__file__).resolve().parents[1]


def listed() -> list[str]:
    """The file names SOURCES.md describes, in its order."""
    text = (SAMPLES / "SOURCES.md").read_text(encoding="utf-8")
    return re.findall(r"^## \d+\. `([^`]+)`", text, re.MULTILINE)


def test_every_described_sample_is_in_the_repository() -> None:
    names = listed()
    assert len(names) >= 10
    files = {p.name for p in SAMPLES.iterdir() if p.is_file()} - {"SOURCES.md"}
    assert set(names) == files


def test_every_sample_is_read_by_a_named_test() -> None:
    """Beyond the test that runs every file, each sample has tests of its own."""
    texts = "\n".join(
        p.read_text(encoding="utf-8") for p in TESTS.rglob("test_*.py") if p != Path(__file__)
    )
    unread = [name for name in listed() if name not in texts]
    assert unread == []
