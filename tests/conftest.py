"""Shared fixtures: the real sample files of ../shared/samples and small file builders."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def samples() -> Path:
    """The directory of real department files; the tests need it, so it must exist."""
    if not SAMPLES.is_dir():
        alt = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
        raise AssertionError(f"sample directory missing: {SAMPLES} ({alt})")
    return SAMPLES


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
