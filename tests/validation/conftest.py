"""Validation tests: in the run without the ``fast`` extra, the tests of the columnar engine
and of Dask (which needs the ``dask`` extra, pyarrow included) are not collected — they
import those packages; ``test_engines`` checks that run's engine."""

from __future__ import annotations

import os

#: Set by scripts/test.sh for the run in an environment without pyarrow and numpy.
WITHOUT_FAST = os.environ.get("SGS_TEST_WITHOUT_FAST") == "1"

collect_ignore = ["test_columnar.py", "test_dask.py"] if WITHOUT_FAST else []
