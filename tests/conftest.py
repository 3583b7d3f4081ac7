"""Shared fixtures: the real sample files of tests/data/samples and small file builders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Real department and platform files, copied into the repository with their SOURCES.md
# (a clone of this repository alone must pass the tests); SGS_SAMPLES points elsewhere.
SAMPLES = Path(
    os.environ.get("SGS_SAMPLES") or Path(__file__).resolve().parent / "data" / "samples"
)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def samples() -> Path:
    """The directory of real department files; the tests need it, so it must exist."""
    if not SAMPLES.is_dir():
        raise AssertionError(f"sample directory missing: {SAMPLES} (set SGS_SAMPLES)")
    return SAMPLES


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def fresh_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh plugin manager without installed plugins, forgotten again after the test.

    A test registers its own plugin objects with ``get_plugin_manager().register(...)``.
    """
    from sgs.plugins import reset_plugin_manager

    monkeypatch.setenv("SGS_DISABLE_PLUGIN_AUTOLOAD", "1")
    reset_plugin_manager()
    try:
        yield
    finally:
        reset_plugin_manager()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server (see tests/postgres.py); missing PostgreSQL fails, never skips."""
    from tests.postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> str:
    """The test server's database without sgs's tables, as a store not made yet."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        names = connection.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename LIKE 'sgs\\_%'")).scalars().all()  # fmt: skip
        if names:  # every table of sgs's, whatever version made it
            connection.execute(sa.text(f"DROP TABLE IF EXISTS {', '.join(names)} CASCADE"))
    engine.dispose()
    return postgres_url
