"""Benchmark: validation on a local Dask cluster of 2 workers against ``jobs=2``.

Writes N 行政处罚 rows (default 200,000) shaped like a real department file —
every row its own company, credit code, 法定代表人 and fine; one row in a
hundred with a defect; a decision number repeated now and then, across the
halves of the file — into a temporary UTF-8 CSV. Then, on the same file, it times:

* ``jobs=2`` — ``sgs.validate(path, jobs=2)`` (two forked processes);
* ``dask warm`` — ``sgs.validate(path, scheduler=client)`` on a running
  ``LocalCluster(n_workers=2, threads_per_worker=1)`` (its workers have imported
  sgs, as ``--scheduler tcp://…`` meets a cluster);
* ``dask local:2`` — ``sgs.validate(path, scheduler="local:2")``: the local
  cluster started and stopped by sgs, counted in the time (what
  ``sgs validate --scheduler local:2`` costs), in a process of its own.

The first two run in one subprocess, after one untimed run of each, in turn
``--rounds`` times (default 3); the best time of each counts, so that a load
that comes and goes on a shared machine weighs on both alike. It prints
rows/s of each, the ratio of each Dask case to ``jobs=2`` (target ≥ 0.9× for
the running cluster) and whether the three reports are identical.

    .venv/bin/python benchmarks/dask_speed.py [--rows N] [--rounds R] [--seed S] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HEADER = [
    "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_FRDB", "CF_FR_ZJLX", "CF_FR_ZJHM", "CF_WSH",
    "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_JDRQ", "CF_YXQ", "CF_CFJG",
    "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM",
]  # fmt: skip
AS_OF = "2026-11-26"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _credit_code(rng: random.Random) -> str:
    from sgs.ids import orgcode, uscc

    body = "".join(rng.choice(ALPHABET[:10] + "ABCDEFGH") for _ in range(8))
    first17 = "91410105" + body + orgcode.check_character(body)
    return first17 + uscc.check_character(first17)


def _id_number(rng: random.Random) -> str:
    from sgs.ids import resident

    birth = f"{rng.randrange(1960, 2000)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    first17 = "410105" + birth + f"{rng.randrange(1000):03d}"
    return first17 + resident.check_character(first17)


def write_file(path: Path, rows: int, seed: int) -> None:
    """``rows`` realistic penalty rows (see the module documentation)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for n in range(rows):
            fine = rng.randrange(500, 2_000_000) / 100
            day = f"2026/{rng.randrange(1, 11):02d}/{rng.randrange(1, 29):02d}"
            number = f"示市监罚〔2026〕{n}号"
            if n % 997 == 500:
                number = f"示市监罚〔2026〕{n - rows // 2 if n > rows // 2 else n - 300}号"
            row = {
                "CF_XDR_MC": f"示例商贸有限公司{n}", "CF_XDR_LB": "法人及非法人组织",
                "CF_XDR_SHXYM": _credit_code(rng), "CF_FRDB": f"张{n}",
                "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": _id_number(rng), "CF_WSH": number,
                "CF_WFXW": "违反《中华人民共和国食品安全法》", "CF_SY": "经营超过保质期的食品",
                "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条", "CF_CFLB": "罚款",
                "CF_NR": f"罚款{fine:g}元", "CF_NR_FK": f"{fine / 10000:.6f}".rstrip("0"),
                "CF_JDRQ": day, "CF_YXQ": "2099/12/31", "CF_CFJG": "示例市市场监督管理局",
                "CF_CFJGDM": "11410100MB00000005", "CF_SJLY": "示例市市场监督管理局",
                "CF_SJLYDM": "11410100MB00000005",
            }  # fmt: skip
            if n % 100 == 37:  # a defect, the kinds in turn
                kind = (n // 100) % 4
                if kind == 0:
                    row["CF_XDR_SHXYM"] = row["CF_XDR_SHXYM"][:17] + "0"
                elif kind == 1:
                    row["CF_JDRQ"] = "2026/02/30"
                elif kind == 2:
                    row["CF_NR_FK"] = "-1"
                else:
                    row["CF_XDR_MC"] = ""
            writer.writerow([row[c] for c in HEADER])


def _digest(report: Any) -> dict[str, Any]:
    import hashlib

    digest = hashlib.sha256()
    for issue in report.iter_issues():
        digest.update(json.dumps(issue.to_dict(), ensure_ascii=False, sort_keys=True).encode())
    found = {"rows": report.summary.total, "invalid": report.summary.invalid,
             "digest": digest.hexdigest()}  # fmt: skip
    report.close()
    return found


def _child(case: str, path: str, rounds: int) -> list[dict[str, Any]]:
    """In a subprocess: time ``local:2`` once (cold), or ``jobs=2`` and a running cluster
    in turn ``rounds`` times after one untimed run of each (the best time of each)."""
    import datetime as dt

    import sgs

    as_of = dt.date.fromisoformat(AS_OF)
    if case == "dask local:2":
        start = time.perf_counter()
        report = sgs.validate(path, as_of=as_of, scheduler="local:2", plugins=False)
        seconds = time.perf_counter() - start
        cold = _digest(report)
        return [{"case": case, "seconds": seconds, "rows_per_s": cold["rows"] / seconds,
                 **cold}]  # fmt: skip
    import distributed

    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):

        def run_jobs() -> Any:
            return sgs.validate(path, as_of=as_of, jobs=2, plugins=False)

        def run_cluster() -> Any:
            return sgs.validate(path, as_of=as_of, scheduler=client, plugins=False)

        runs = {"jobs=2": run_jobs, "dask warm": run_cluster}
        best: dict[str, float] = {}
        found: dict[str, dict[str, Any]] = {}
        for name, run in runs.items():  # imports, compiled checks, warm caches
            found[name] = _digest(run())
        for _ in range(rounds):
            for name, run in runs.items():
                start = time.perf_counter()
                report = run()
                seconds = time.perf_counter() - start
                report.close()
                best[name] = min(best.get(name, seconds), seconds)
    return [{"case": name, "seconds": best[name], "rows_per_s": found[name]["rows"] / best[name],
             **found[name]} for name in runs]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child[0], args.child[1], args.rounds)))
        return
    with tempfile.TemporaryDirectory(prefix="sgs-dask-bench-") as folder:
        path = Path(folder) / "penalties.csv"
        write_file(path, args.rows, args.seed)
        results: list[dict[str, Any]] = []
        for case in ("pair", "dask local:2"):
            done = subprocess.run(
                [sys.executable, __file__, "--child", case, str(path), "--rounds",
                 str(args.rounds)],
                capture_output=True, text=True, check=True, env=dict(os.environ),
            )  # fmt: skip
            results += json.loads(done.stdout.strip().splitlines()[-1])
        size = path.stat().st_size
    base = results[0]["rows_per_s"]
    for r in results:
        r["ratio_to_jobs_2"] = r["rows_per_s"] / base
    identical = len({(r["rows"], r["invalid"], r["digest"]) for r in results}) == 1
    if args.json:
        print(json.dumps({"rows": args.rows, "bytes": size, "cases": results,
                          "identical": identical}, indent=2))  # fmt: skip
        return
    print(f"{args.rows:,} rows, {size / 2**20:.1f} MiB, cpus {os.cpu_count()}")
    print(f"{'case':<14}{'seconds':>10}{'rows/s':>12}{'× jobs=2':>10}")
    for r in results:
        print(f"{r['case']:<14}{r['seconds']:>10.2f}{r['rows_per_s']:>12,.0f}"
              f"{r['ratio_to_jobs_2']:>10.2f}")  # fmt: skip
    warm = results[1]["ratio_to_jobs_2"]
    print(
        f"identical reports: {'yes' if identical else 'NO'}; "
        f"warm cluster {warm:.2f}× jobs=2 (target ≥ 0.9×: {'met' if warm >= 0.9 else 'not met'})"
    )


if __name__ == "__main__":
    main()
