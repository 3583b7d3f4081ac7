"""Checking a large CSV file on a Dask cluster, with the same report as one process.

The client (this process) runs the split pass of
:mod:`sgs.validation.runners.split`: byte ranges at record boundaries, each
with the physical line its first record starts on, counted in that one pass.
Each range is one task: a worker checks it with the same rules and pipeline
as one process (:func:`~sgs.validation.runners.split.check_range`, that is
:func:`~sgs.validation.pipeline.scan_cells` and
:func:`~sgs.validation.pipeline.check_partition`) and sends back only its rows
with findings and, for every record with a 决定书文号, the 8-byte hash of its
decision key with its record number and line (three ``array('q')``). The
client writes those keys to a temporary file as they arrive, then reduces
them range after range against the run's
:class:`~sgs.validation.duplicates.SeenKeys` (a decision repeated across
ranges: the first occurrence wins) and merges the findings into the report.

Workers read the file themselves, from its path: on a cluster the file must
be on storage every worker reaches at the same path (a shared file system);
a worker that cannot read it, or sees another size, makes a clear error.
With ``local:N`` the workers are processes of this machine and read the
file where it is. The run's :class:`~sgs.validation.settings.Settings`
(standard, severities, rules, reference date) travel pickled with each
task, so plugin rules must pickle; workers need the same version of sgs.

A worker that dies mid-task is replaced and its task run again by Dask
(up to the scheduler's ``allowed-failures``); a task that fails for good
stops the run with an error naming the file and the range.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Final

from sgs.errors import InputError, SgsError
from sgs.io.tables import Format
from sgs.validation.runners.local import LocalRun
from sgs.validation.runners.split import Chunk, Job, Range, check_range, finish, remove, split_file
from sgs.validation.settings import Settings

__all__ = [
    "CONNECT_TIMEOUT",
    "MIN_CLUSTER_BYTES",
    "PARTITION_BYTES",
    "Scheduler",
    "check_file",
    "connect",
    "parse_scheduler",
]

#: Files smaller than this are checked in this process (a task costs more than it saves).
MIN_CLUSTER_BYTES: Final = 2**20
#: About how many bytes one task checks: a file is cut into at least one range per worker
#: thread, and into more for a large file (a retried task then redoes less).
PARTITION_BYTES: Final = 64 * 2**20
#: Seconds to wait for a scheduler before giving up.
CONNECT_TIMEOUT: Final = 10

#: A ``distributed.Client``, or an address: ``tcp://HOST:PORT`` (any scheme Dask knows) or
#: ``local:N`` for a local cluster of N worker processes started and stopped by sgs.
Scheduler = Any

_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9a-f:.]+\]|[^\s/:\[\]]+):\d{1,5}")


def distributed_module() -> ModuleType:
    """The ``distributed`` package, or an error that says how to install it."""
    try:
        import distributed
    except ImportError:
        raise SgsError(
            "在 Dask 集群上校验需要 distributed 包：pip install 'shuanggongshi[dask]'",
            "validation on a Dask cluster needs the distributed package: pip install 'shuanggongshi[dask]'",
        ) from None
    return distributed


def parse_scheduler(text: str) -> int | str:
    """The number of local workers of ``local:N``, else the scheduler's address.

    >>> parse_scheduler("local:2"), parse_scheduler("tcp://10.0.0.5:8786")
    (2, 'tcp://10.0.0.5:8786')
    """
    text = text.strip()
    local = _LOCAL.fullmatch(text)
    if local is not None:
        workers = int(local.group(1))
        if 1 <= workers <= 512:
            return workers
    elif _ADDRESS.fullmatch(text):
        return text
    raise SgsError(
        f"调度器应写作 tcp://主机:端口 或 local:N（N 为 1 到 512 个工作进程）：{text!r}",
        f"a scheduler is tcp://HOST:PORT or local:N (N from 1 to 512 worker processes): {text!r}",
    )


@contextlib.contextmanager
def connect(scheduler: Scheduler) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler``: the client itself when given one (left
    open), else one to the address or to a local cluster started (and stopped) here."""
    distributed = distributed_module()
    if isinstance(scheduler, distributed.Client):
        yield scheduler
        return
    if not isinstance(scheduler, str):
        raise SgsError(
            f"scheduler 应为 distributed.Client 或地址：{type(scheduler).__name__}",
            f"scheduler must be a distributed.Client or an address: {type(scheduler).__name__}",
        )
    target = parse_scheduler(scheduler)
    with contextlib.ExitStack() as stack:
        if isinstance(target, int):
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=target,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        else:
            try:
                client = distributed.Client(target, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise SgsError(
                    f"连接不上 Dask 调度器 {target}（{CONNECT_TIMEOUT} 秒内）：{exc}",
                    f"cannot reach the Dask scheduler {target} (within {CONNECT_TIMEOUT} s): {exc}",
                ) from None
            stack.enter_context(client)
        yield client


def _wait_for_workers(client: Any) -> int:
    """The worker threads of a cluster that had none, once one has come (else an error)."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        raise SgsError(
            f"Dask 调度器 {client.scheduler.address} 没有工作进程（等了 {CONNECT_TIMEOUT} 秒）",
            f"the Dask scheduler {client.scheduler.address} has no workers "
            f"(waited {CONNECT_TIMEOUT} s)",
        ) from None
    return sum(client.nthreads().values()) or 1


def _check(settings: Settings, job: Job, part: Range) -> Chunk:
    """On a worker: check one range; keys come back in memory (the client spills them)."""
    return check_range(settings, job, part, spill=False)


def check_file(
    run: LocalRun,
    source: str | os.PathLike[str],
    client: Any,
    *,
    format: Format | Any = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    last: bool = False,
) -> None:
    """Check one file into ``run`` on the cluster of ``client`` (here when that cannot help).

    As :func:`sgs.validation.runners.processes.check_file`: the decisions of the
    file go into the run's batch; with ``last`` (no file follows), those of the
    last range are only looked up.
    """
    path = os.fspath(source)
    threads = sum(client.nthreads().values()) or _wait_for_workers(client)
    size = os.path.getsize(path) if os.path.isfile(path) else 0
    # Ranges of at most about PARTITION_BYTES, as many for each worker thread: 7 for 2
    # threads would leave one thread with 4 and the other idle at the end.
    ranges = math.ceil(size / PARTITION_BYTES)
    parts = threads * max(math.ceil(ranges / threads), 1)
    plan = split_file(run, path, parts, format=format, encoding=encoding, sheet=sheet,
                      min_bytes=MIN_CLUSTER_BYTES)  # fmt: skip
    if plan is None:
        return
    chunks = _gather(client, run.settings, plan.job, plan.ranges)
    finish(run, plan, chunks, last=last, format=format, encoding=encoding, sheet=sheet)


def _gather(client: Any, settings: Settings, job: Job, ranges: list[Range]) -> list[Chunk]:
    """Run one task per range; their chunks in the order of the ranges, keys spilled here."""
    distributed = distributed_module()
    run = uuid.uuid4().hex[:12]
    futures = [
        client.submit(_check, settings, job, part, key=f"sgs-check-{run}-{k}", pure=False)
        for k, part in enumerate(ranges)
    ]
    waiting = {future.key: (k, future) for k, future in enumerate(futures)}
    del futures  # a result leaves the cluster's memory once taken (no reference is kept)
    chunks: list[Chunk | None] = [None] * len(ranges)
    try:
        for future in distributed.as_completed([f for _, f in waiting.values()]):
            k, _ = waiting.pop(future.key)
            try:
                chunk = future.result()
            except Exception as exc:  # any failure of a task: say which range
                raise _task_error(job, ranges[k], k, len(ranges), exc) from None
            chunk.spill()
            chunks[k] = chunk
    except BaseException:
        for _, left in waiting.values():
            left.cancel()
        for done in chunks:
            if done is not None:
                remove(done.keys)
        raise
    return [c for c in chunks if c is not None]


def _task_error(job: Job, part: Range, k: int, n: int, exc: BaseException) -> InputError:
    name = type(exc).__name__
    what = f"{name}: {exc}" if str(exc) else name
    if name == "KilledWorker":
        zh_why, en_why = "执行它的工作进程多次中止", "the workers running it died too often"
    else:
        zh_why, en_why = what, what
    return InputError(
        f"在 Dask 集群上校验第 {k + 1}/{n} 段（字节 {part.start}–{part.end}，自第 {part.line} 行）"
        f"失败：{zh_why}",
        f"checking range {k + 1}/{n} (bytes {part.start}-{part.end}, from line {part.line}) "
        f"on the Dask cluster failed: {en_why}",
        path=job.path,
    )
