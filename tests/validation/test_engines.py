"""Which engine validates: the columnar one with the ``fast`` extra, the pure-Python one
without it (scripts/test.sh runs the validation tests both ways)."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from sgs.errors import SgsError
from sgs.standard.keys import key_hash
from sgs.validation import Validator
from sgs.validation.columnar import available
from tests.validation.conftest import WITHOUT_FAST


def test_the_engine_is_the_installations() -> None:
    settings = Validator(as_of=dt.date(2026, 11, 26)).settings()
    if WITHOUT_FAST:  # the environment without pyarrow and numpy
        assert importlib.util.find_spec("pyarrow") is None
        assert not available()
        assert not settings.columnar
    else:  # every other run has the fast extra: a missing pyarrow fails here
        assert available()
        assert settings.columnar


def test_asking_for_the_columnar_engine_without_the_extra_is_a_clear_error() -> None:
    if not WITHOUT_FAST:
        assert Validator(engine="columnar").settings().columnar
        return
    with pytest.raises(SgsError, match=r"pip install 'shuanggongshi\[fast\]'"):
        Validator(engine="columnar")


def test_the_settings_travel_to_workers_whole() -> None:
    """A worker started apart (a Dask worker) gets the engine and the key hashing asked for."""
    import pickle

    import attrs

    settings = attrs.evolve(Validator(engine="python").settings(), stable_keys=True)
    again = pickle.loads(pickle.dumps(settings))
    assert (again.engine_choice, again.stable_keys) == ("python", True)
    key = ("penalty", "11410100MB00000005", "罚〔2019〕1号")
    assert again.engine(again.standard.penalty.kind).hash_keys([key]) == [key_hash(key)]
