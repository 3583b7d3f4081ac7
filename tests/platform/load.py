"""Many departments pushing at once to a real platform server, through the real ``http`` transport.

Each department is a thread with its own token and its own records (distinct
parties, realistic amounts); it pushes ``batches`` batches of ``size`` records
with :class:`~sgs.adapters.http.HttpTransport` — the transport ``sgs sync``
uses — and, when a batch fails after the transport's retries (the server was
killed and is not back yet), sends it again under the same batch id until it is
answered. What was acknowledged is kept for the checks afterwards.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Sequence

import attrs

from sgs.adapters import Batch, OutgoingRecord
from sgs.adapters.http import HttpTransport
from sgs.errors import TransportError
from sgs.standard import Kind

from .records import key_of, penalty


@attrs.define
class Load:
    """What the departments sent and what the platform acknowledged."""

    records: int = 0
    #: Record key → the status the platform acknowledged.
    acknowledged: dict[str, str] = attrs.field(factory=dict)
    #: Batches sent again after the transport gave up (the server was down).
    resent: int = 0
    seconds: float = 0.0
    errors: list[str] = attrs.field(factory=list)


def _department(url: str, number: int, code: str, token: str, batches: int, size: int,
                load: Load, lock: threading.Lock, retries: int) -> None:  # fmt: skip
    variable = f"SGS_LOAD_TOKEN_{number}"
    os.environ[variable] = token
    transport = HttpTransport(
        {"url": url, "token_env": variable, "retries": retries, "backoff": 0.05,
         "max_backoff": 0.5, "timeout": 120},
    )  # fmt: skip
    rng = random.Random(f"load-{code}")
    try:
        for b in range(batches):
            records = []
            for n in range(size):
                fields = penalty(b * size + n, code, rng)
                records.append(OutgoingRecord(key_of(fields), fields))
            batch = Batch(f"{code}-{b:04d}", "2021", Kind.PENALTY, tuple(records))
            while True:
                try:
                    receipts = transport.push(batch)
                    break
                except TransportError:
                    with lock:
                        load.resent += 1
                    time.sleep(0.2)
            with lock:
                load.records += len(records)
                load.acknowledged.update((r.key, r.status) for r in receipts)
    except Exception as exc:  # reported by the caller's checks
        with lock:
            load.errors.append(f"{code}: {type(exc).__name__}: {exc}")
    finally:
        transport.close()


def push_load(url: str, departments: Sequence[tuple[str, str]], *, batches: int, size: int,
              retries: int = 5) -> Load:  # fmt: skip
    """Every department of ``departments`` (code, token) pushing at once; what came back."""
    load, lock = Load(), threading.Lock()
    threads = [
        threading.Thread(
            target=_department, args=(url, n, code, token, batches, size, load, lock, retries)
        )
        for n, (code, token) in enumerate(departments)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - start
    return load
