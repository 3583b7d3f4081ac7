"""``sgs validate --scheduler``: a Dask cluster gives the report and receipt of one process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.validation.test_dask import write_file

FIXED = ("--as-of", "2026-11-26", "--no-plugins")


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script in a subprocess, as a user would."""
    sgs = Path(sys.executable).with_name("sgs")
    return subprocess.run(
        [str(sgs), *map(str, args)],
        capture_output=True,
        text=True,
        env=dict(os.environ, SGS_DEBUG="", **(env or {})),
        check=False,
    )


def test_local_workers_give_the_report_and_receipt_of_one_process(tmp_path: Path) -> None:
    path = write_file(tmp_path / "处罚.csv", 4_000, seed=2)  # over 1 MiB: it goes to the cluster
    assert path.stat().st_size > 2**20
    alone = run("validate", path, *FIXED, "--format", "json", "--receipt", tmp_path / "a.csv")
    cluster = run("validate", path, *FIXED, "--format", "json", "--scheduler", "local:2",
                  "--receipt", tmp_path / "b.csv")  # fmt: skip
    assert cluster.returncode == alone.returncode == 1, cluster.stderr
    assert json.loads(cluster.stdout) == json.loads(alone.stdout)
    assert json.loads(cluster.stdout)["summary"]["invalid"] > 50
    assert (tmp_path / "b.csv").read_bytes() == (tmp_path / "a.csv").read_bytes()
    assert "Traceback" not in cluster.stderr


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_scheduler_exits_2_with_a_message(tmp_path: Path) -> None:
    path = write_file(tmp_path / "f.csv", 20)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    result = run("validate", path, *FIXED, "--scheduler", address)
    assert result.returncode == 2
    assert f"sgs: 连接不上 Dask 调度器 {address}" in result.stderr
    assert "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_distributed_package_exits_2_saying_how_to_install_it(tmp_path: Path) -> None:
    broken = tmp_path / "site" / "distributed"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('no distributed here')\n")
    path = write_file(tmp_path / "f.csv", 20)
    result = run("validate", path, *FIXED, "--scheduler", "local:2",
                 env={"PYTHONPATH": str(tmp_path / "site")})  # fmt: skip
    assert result.returncode == 2
    assert "需要 distributed 包：pip install 'shuanggongshi[dask]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_scheduler_or_both_jobs_and_scheduler_exit_2(tmp_path: Path) -> None:
    path = write_file(tmp_path / "f.csv", 20)
    result = run("validate", path, *FIXED, "--scheduler", "local:0")
    assert result.returncode == 2
    assert "tcp://主机:端口 或 local:N" in result.stderr
    result = run("validate", path, *FIXED, "--scheduler", "local:2", "--jobs", "2")
    assert result.returncode == 2
    assert "--jobs 与 --scheduler 只能选一个" in result.stderr
