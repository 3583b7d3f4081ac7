"""Benchmark: reading a large CSV keeps memory flat.

Writes a penalty CSV of N rows (default 1,000,000) in a temporary folder,
then, each in a fresh subprocess, reads the first 10,000 / 100,000 / all
rows — as rows, and as typed records — and prints the peak resident memory
and the throughput of each. Flat memory means the peak for all rows is
about the same as for 10,000 rows.

    .venv/bin/python benchmarks/read_csv_memory.py [--rows N] [--keep FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

HEADERS = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "法定代表人",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
    "罚款金额（万元）", "处罚决定日期", "处罚有效期", "处罚机关", "处罚机关统一社会信用代码",
    "数据来源单位", "数据来源单位统一社会信用代码", "备注",
]  # fmt: skip


def write_csv(path: Path, rows: int) -> None:
    dept = ("示例市市场监督管理局", "11410100MB00000005")
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        for i in range(rows):
            day = 1 + i % 28
            writer.writerow([
                f"示例餐饮管理有限公司{i}", "法人及非法人组织", "91410100MA3X5AB156", "张某某",
                f"示市监罚〔2026〕{i}号", "违反《中华人民共和国食品安全法》", "经营超过保质期的食品",
                "《中华人民共和国食品安全法》第一百二十四条", "罚款；没收违法所得", "罚款5000元",
                f"{(i % 1000) / 100:.2f}", f"2026/{1 + i % 12:02d}/{day:02d}", "2099/12/31",
                *dept, *dept, "",
            ])  # fmt: skip


def measure(path: str, limit: int | None, typed: bool) -> dict[str, float]:
    """Runs in a child process: read up to ``limit`` rows, report peak RSS and time."""
    from sgs.io import read

    start = time.perf_counter()
    with read(path) as reader:
        source = reader.records() if typed else iter(reader)
        count = sum(1 for _ in islice(source, limit))
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": count, "seconds": seconds, "peak_mib": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the CSV here and keep it")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        path, limit, typed = args.child
        print(json.dumps(measure(path, int(limit) or None, typed == "1")))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "penalties.csv"
        t0 = time.perf_counter()
        write_csv(path, args.rows)
        size = os.path.getsize(path) / 2**20
        print(f"wrote {args.rows:,} rows, {size:,.0f} MiB in {time.perf_counter() - t0:.1f} s")
        print(f"{'mode':<8}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'peak MiB':>10}")
        results = {}
        for typed in (False, True):
            for limit in (10_000, 100_000, 0):
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(path), str(limit), str(int(typed))],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                r = json.loads(out)
                mode = "records" if typed else "rows"
                results[(mode, r["rows"])] = r
                print(
                    f"{mode:<8}{r['rows']:>12,}{r['seconds']:>10.2f}"
                    f"{r['rows'] / r['seconds']:>12,.0f}{r['peak_mib']:>10.1f}"
                )
        for mode in ("rows", "records"):
            small = results[(mode, min(10_000, args.rows))]["peak_mib"]
            full = results[(mode, args.rows)]["peak_mib"]
            print(f"{mode}: peak memory all rows / 10,000 rows = {full / small:.2f}")


if __name__ == "__main__":
    main()
