"""Checking one large CSV file in several processes, with the same report as one.

The file is cut into byte ranges at record boundaries, each with the line
its first record starts on, in one pass (:mod:`sgs.validation.runners.split`).
Each worker process checks its range with the same generated row checker and returns the
rows with findings plus, for every record, the hash of its decision key;
the parent reduces those keys to the decisions repeated across ranges
(:mod:`sgs.validation.pipeline`), renumbers records and builds the report in
a :class:`~sgs.validation.runners.local.LocalRun`. Each worker receives the
run's :class:`~sgs.validation.settings.Settings` and the file's description
as the arguments of its initializer; workers are forked where the system
can, so those are inherited rather than pickled (plugin rules need not pickle).

Other formats, small files, UTF-16 and systems without ``fork`` are
checked in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Final

import attrs

from sgs.validation.runners.local import LocalRun
from sgs.validation.runners.split import (
    Chunk,
    Job,
    Range,
    check_range,
    finish,
    split_file,
    split_points,
)
from sgs.validation.settings import Settings

__all__ = ["MIN_PARALLEL_BYTES", "check_file", "split_points"]

#: Files smaller than this are checked in one process (starting workers costs more).
MIN_PARALLEL_BYTES: Final = 8 * 2**20


@attrs.frozen
class _Worker:
    """What a worker process checks with: the run's settings and the file's description."""

    settings: Settings
    job: Job


#: In a worker process, what :func:`_start_worker` was given (``None`` elsewhere).
_worker: _Worker | None = None


def _start_worker(settings: Settings, job: Job) -> None:
    """The initializer of a worker process: keep its arguments for :func:`_work`."""
    global _worker
    _worker = _Worker(settings, job)


def _work(part: Range) -> Chunk:
    """In a worker: check the records of the byte range ``part``."""
    assert _worker is not None, "not in a worker started by check_file"
    return check_range(_worker.settings, _worker.job, part)


def check_file(
    run: LocalRun,
    source: str | os.PathLike[str],
    *,
    jobs: int,
    format: Any = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    last: bool = False,
) -> None:
    """Check one file into ``run`` with up to ``jobs`` processes (one when that cannot help).

    The decisions of the file go into the run's batch, so that duplicates
    are found across the ranges and across the files of the run; with
    ``last`` (no file follows), those of the last range are only looked up.
    """
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        context = None
    size = MIN_PARALLEL_BYTES if context is not None else None
    plan = split_file(run, source, jobs, format=format, encoding=encoding, sheet=sheet,
                      min_bytes=size)  # fmt: skip
    if plan is None or context is None:
        return
    initargs = (run.settings, plan.job)
    with context.Pool(len(plan.ranges), initializer=_start_worker, initargs=initargs) as pool:
        chunks = pool.map(_work, plan.ranges)
    finish(run, plan, chunks, last=last, format=format, encoding=encoding, sheet=sheet)
