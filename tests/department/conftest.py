"""Fixtures of the department's tests: the test platform, and a store of each kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.platforms import Platform


@pytest.fixture
def platform() -> Iterator[Platform]:
    server = Platform()
    yield server
    server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return "sqlite:///sgs.db"
    url: str = request.getfixturevalue("fresh_postgres_url")  # no store left by an earlier test
    return url
