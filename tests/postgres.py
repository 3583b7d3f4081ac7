"""A real PostgreSQL server for the tests: the one named by SGS_TEST_POSTGRES_URL, or a
throwaway cluster started from the installed binaries (initdb + pg_ctl) in a temporary
folder, on a Unix socket and a free port. A missing PostgreSQL fails the tests that need
it: installing it on a fresh machine is the job of ``.ci/run``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

URL_ENV = "SGS_TEST_POSTGRES_URL"


def _binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a running PostgreSQL server."""
    if os.environ.get(URL_ENV):
        yield os.environ[URL_ENV]
        return
    bindir = _binaries()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql): "
            "install it (bash .ci/run does) or set SGS_TEST_POSTGRES_URL"
        )
    folder = Path(tempfile.mkdtemp(prefix="sgs-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, log = folder / "data", folder / "server.log"
    port = _free_port()
    subprocess.run(
        [*run_as, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "sgs",
         "-E", "UTF8", "--no-locale"],
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
         "-w", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://sgs@/postgres?host={folder}&port={port}"
    finally:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
