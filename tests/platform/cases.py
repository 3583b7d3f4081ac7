"""A platform for the tests of objections and repairs: 一般 fines, and an upstream queue."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sgs.platform import Platform, open_platform

from .records import penalty
from .server import write_config


@contextmanager
def case_platform(folder: Path) -> Iterator[Platform]:
    """A platform with fines of 1 万元 and more 一般 and an upstream ``province`` (never
    reached: its queue is looked at)."""
    config = write_config(folder, extra='[publication]\nlarge_fine = { "*" = 1 }\n'
                          '[upstream.province]\ntype = "http"\n'
                          'url = "http://127.0.0.1:9/api/v1/records"\n')  # fmt: skip
    with open_platform(config) as opened:
        yield opened


def fine(n: int, code: str, decided: dt.date = dt.date(2026, 5, 10)) -> dict[str, str]:
    """A 一般 penalty (罚款 2 万元) of department ``code``, decided on ``decided``."""
    fields = penalty(n, code, random.Random(n), decided=decided)
    fields["CF_NR_FK"] = "2"
    fields["CF_NR"] = "罚款20000元"
    return fields
