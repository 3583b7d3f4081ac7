"""Benchmark: validation speed of sgs against a plain CSV read, pydantic and frictionless.

Writes N synthetic 行政处罚 rows (default 1,000,000) with the 2018 field codes
as header into a temporary CSV (UTF-8 with BOM). Every 100th row carries one
defect, the kinds taken in turn (empty 文号, bad check characters, impossible
date, negative or missing fine, unknown 处罚类别, over-long text, 自然人 without
证件号码, repeated 文号). Then, each in a fresh subprocess on the same file, it
times:

* ``floor`` — iterating the file with ``csv.reader`` and nothing else;
* ``sgs jobs=1`` and ``sgs jobs=2`` — ``sgs.validate(path, jobs=...)``;
* ``pydantic`` — the model in ``pydantic_baseline.py``, the same rules written
  the way a user would write them without sgs;
* ``frictionless`` — ``frictionless.validate`` against the Table Schema that
  ``sgs.standard.to_table_schema`` exports, on the first ``--frictionless-rows``
  rows only (it is slow), with the date format set to the file's ``%Y/%m/%d``.

It prints rows, seconds, rows/s, peak resident memory and the invalid rows
each validator found, then the ratios and whether the targets are met.

    .venv/bin/python benchmarks/validate_speed.py [--rows N] [--frictionless-rows N]
        [--keep DIR] [--json] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------- targets

TARGET_ROWS_PER_SECOND = 150_000
TARGET_VS_PYDANTIC = 1.5
TARGET_VS_FRICTIONLESS = 10.0
TARGET_JOBS_SPEEDUP = 1.6
TARGET_PEAK_BYTES = 200 * 1000 * 1000  # 200 MB

DEFECTS = (
    "empty CF_WSH",
    "bad USCC check character",
    "bad ID check character",
    "invalid date 2026/02/30",
    "negative amount",
    "罚款 without amount",
    "unknown 处罚类别",
    "text over max length",
    "自然人 without 证件号码",
    "duplicate 决定书文号",
)
DEFECT_EVERY = 100

# ---------------------------------------------------------------- check characters

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"


def uscc_check(body: str) -> str:
    """The GB 32100 check character of a 17-character body."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_CHARS[-total % 31]


def org_check(body: str) -> str:
    """The GB 11714 check character of an 8-character 组织机构代码 body."""
    total = sum(_ORG_CHARS.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def id_check(body: str) -> str:
    """The GB 11643 check character of a 17-digit 身份证 body."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


# ---------------------------------------------------------------- synthetic data

AREAS = ("110105", "310101", "320102", "330106", "410100", "420106", "440106", "510104")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
BRANDS = ("恒信", "瑞丰", "华泰", "鑫源", "宏达", "盛世", "金桥", "新程", "同创", "永安")
TRADES = ("餐饮管理", "商贸", "食品", "建筑工程", "物流", "医药", "科技", "环保", "物业服务")
SHOPS = ("便利店", "小吃店", "五金店", "理发店", "水果店", "药店", "汽修店")
CASES = (
    (
        "违反《中华人民共和国食品安全法》",
        "经营超过保质期的食品",
        "《中华人民共和国食品安全法》第一百二十四条第一款",
    ),
    (
        "违反《中华人民共和国广告法》",
        "发布虚假广告",
        "《中华人民共和国广告法》第五十五条第一款",
    ),
    (
        "违反《中华人民共和国产品质量法》",
        "销售不合格产品",
        "《中华人民共和国产品质量法》第四十九条",
    ),
    (
        "违反《中华人民共和国大气污染防治法》",
        "未采取有效措施防治扬尘污染",
        "《中华人民共和国大气污染防治法》第一百一十五条第一款",
    ),
    (
        "违反《中华人民共和国价格法》",
        "不按规定明码标价",
        "《明码标价和禁止价格欺诈规定》第二十一条",
    ),
)
AUTHORITY_NAMES = (
    ("示例市市场监督管理局", "示市监罚"),
    ("示例市生态环境局", "示环罚"),
    ("示例市城市管理局", "示城管罚"),
    ("示例市应急管理局", "示应急罚"),
    ("示例市交通运输局", "示交罚"),
    ("示例市卫生健康委员会", "示卫罚"),
    ("示例市发展和改革委员会", "示发改罚"),
    ("示例区市场监督管理局", "示区市监罚"),
    ("示例县市场监督管理局", "示县市监罚"),
    ("示例市自然资源和规划局", "示自然资源罚"),
    ("示例市住房和城乡建设局", "示住建罚"),
    ("示例市税务局稽查局", "示税稽罚"),
)


class Pools:
    """Precomputed valid subjects, authorities and dates to draw rows from."""

    def __init__(self, rng: random.Random, organisations: int = 50_000) -> None:
        self.organisations = [self._organisation(rng) for _ in range(organisations)]
        self.traders = [self._trader(rng) for _ in range(organisations // 5)]
        self.people = [self._person(rng) for _ in range(organisations // 2)]
        self.authorities = [(name, self._uscc(rng, "11"), abbr) for name, abbr in AUTHORITY_NAMES]
        self.first_day = dt.date(2024, 1, 1)
        last = min(dt.date.today() - dt.timedelta(days=1), dt.date(2026, 12, 31))
        self.decision_days = (last - self.first_day).days + 1
        # Decision dates, 处罚有效期 up to a year later, 公示截止期 up to three years later.
        self.dates = [
            (self.first_day + dt.timedelta(days=d)).strftime("%Y/%m/%d")
            for d in range(self.decision_days + 3 * 366)
        ]

    @staticmethod
    def _name(rng: random.Random) -> str:
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))

    @staticmethod
    def _uscc(rng: random.Random, prefix: str) -> str:
        org = "MA" + "".join(rng.choices(USCC_CHARS, k=6))
        body = prefix + rng.choice(AREAS) + org + org_check(org)
        return body + uscc_check(body)

    def _organisation(self, rng: random.Random) -> tuple[str, str, str]:
        name = f"示例市{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司{rng.randrange(10_000)}"
        return name, self._uscc(rng, "91"), self._name(rng)

    def _trader(self, rng: random.Random) -> tuple[str, str, str, str]:
        """个体工商户: name, credit code (or the placeholder), 工商注册号, operator."""
        name = f"示例市{rng.choice(BRANDS)}{rng.choice(SHOPS)}{rng.randrange(10_000)}"
        if rng.random() < 0.1:
            registration = rng.choice(AREAS) + "".join(rng.choices("0123456789", k=9))
            return name, "00000000000000000X", registration, self._name(rng)
        return name, self._uscc(rng, "92"), "", self._name(rng)

    def _person(self, rng: random.Random) -> tuple[str, str]:
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(55 * 365))
        body = f"{rng.choice(AREAS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        return self._name(rng), body + id_check(body)


def _other_char(char: str, alphabet: str) -> str:
    return alphabet[(alphabet.index(char) + 1) % len(alphabet)]


def _positions(col: dict[str, int], *codes: str) -> list[int]:
    return [col[code] for code in codes]


def write_penalties(path: Path, rows: int, pools: Pools, rng: random.Random) -> Counter[str]:
    """Write ``rows`` penalty rows to ``path``; return the defects injected, by kind."""
    from sgs.standard import get_standard

    spec = get_standard("2018").penalty
    codes = spec.codes
    col = {code: i for i, code in enumerate(codes)}
    # Column positions, from the standard's field order.
    mc, lb, shxym, gszc = _positions(col, "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_GSZC")
    frdb, zjlx, zjhm = _positions(col, "CF_FRDB", "CF_XDR_ZJLX", "CF_XDR_ZJHM")
    wsh, wfxw, sy, yj, cflb, nr, fk, wfff = _positions(
        col, "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF"
    )
    jdrq, yxq, gsjzq, cfjg, cfjgdm, sjly, sjlydm, bz = _positions(
        col, "CF_JDRQ", "CF_YXQ", "CF_GSJZQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ"
    )
    too_long = "某" * (spec["CF_XDR_MC"].max_length or 200)
    long_term = get_standard("2018").long_term_date.strftime("%Y/%m/%d")
    injected: Counter[str] = Counter()
    width = len(codes)
    previous: list[str] = []
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(codes)
        for i in range(rows):
            row = [""] * width
            defect = DEFECTS[(i // DEFECT_EVERY) % len(DEFECTS)] if i % DEFECT_EVERY == 99 else ""
            draw = rng.random()
            if defect in ("bad ID check character", "自然人 without 证件号码"):
                draw = 0.95
            elif defect == "bad USCC check character":
                draw = 0.0
            # Subject: 80 % organisations, 10 % 个体工商户, 10 % 自然人.
            if draw < 0.8:
                row[lb] = "法人及非法人组织"
                row[mc], row[shxym], row[frdb] = rng.choice(pools.organisations)
            elif draw < 0.9:
                row[lb] = "个体工商户"
                row[mc], row[shxym], row[gszc], row[frdb] = rng.choice(pools.traders)
            else:
                row[lb] = "自然人"
                row[mc], row[zjhm] = rng.choice(pools.people)
                row[zjlx] = "身份证"
            # Authority, case and decision.
            authority, code, abbr = rng.choice(pools.authorities)
            row[cfjg] = row[sjly] = authority
            row[cfjgdm] = row[sjlydm] = code
            row[wfxw], row[sy], row[yj] = rng.choice(CASES)
            day = rng.randrange(pools.decision_days)
            row[jdrq] = pools.dates[day]
            row[wsh] = f"{abbr}〔{row[jdrq][:4]}〕{i + 1}号"
            row[yxq] = long_term if rng.random() < 0.7 else pools.dates[day + rng.randint(15, 365)]
            row[gsjzq] = pools.dates[day + rng.randint(365, 3 * 365)]
            kind = rng.random()
            if defect in ("negative amount", "罚款 without amount"):
                kind = 0.0
            yuan = rng.randrange(1, 2000) * 100
            if kind < 0.6:
                row[cflb] = "罚款"
                if rng.random() < 0.05:  # an amount in 元 and 分: six decimals in 万元
                    fen = yuan * 100 + rng.randrange(1, 100)
                    row[fk] = f"{fen / 1_000_000:.6f}"
                    row[nr] = f"罚款人民币{fen / 100:.2f}元"
                else:
                    row[fk] = f"{yuan / 10_000:.4f}"
                    row[nr] = f"罚款人民币{yuan}元"
            elif kind < 0.85:
                row[cflb] = "警告"
                row[nr] = "警告"
            else:
                gains = rng.randrange(1, 500) * 10
                row[cflb] = "罚款；没收违法所得"
                row[fk] = f"{yuan / 10_000:.4f}"
                row[wfff] = f"{gains / 10_000:.4f}"
                row[nr] = f"罚款人民币{yuan}元，没收违法所得人民币{gains}元"
            if rng.random() < 0.05:
                row[bz] = "当事人已履行处罚决定"
            if defect:
                _inject(defect, row, col, previous, too_long)
                injected[defect] += 1
            writer.writerow(row)
            previous = row
    return injected


def _inject(
    defect: str, row: list[str], col: dict[str, int], previous: list[str], too_long: str
) -> None:
    """Put one defect of kind ``defect`` into ``row``."""
    if defect == "empty CF_WSH":
        row[col["CF_WSH"]] = ""
    elif defect == "bad USCC check character":
        code = row[col["CF_XDR_SHXYM"]]
        row[col["CF_XDR_SHXYM"]] = code[:17] + _other_char(code[17], USCC_CHARS)
    elif defect == "bad ID check character":
        number = row[col["CF_XDR_ZJHM"]]
        row[col["CF_XDR_ZJHM"]] = number[:17] + _other_char(number[17], _ID_CHECK)
    elif defect == "invalid date 2026/02/30":
        row[col["CF_JDRQ"]] = "2026/02/30"
    elif defect == "negative amount":
        row[col["CF_NR_FK"]] = "-" + row[col["CF_NR_FK"]]
    elif defect == "罚款 without amount":
        row[col["CF_NR_FK"]] = ""
    elif defect == "unknown 处罚类别":
        row[col["CF_CFLB"]] = "责令整改"
    elif defect == "text over max length":
        row[col["CF_XDR_MC"]] += too_long
    elif defect == "自然人 without 证件号码":
        row[col["CF_XDR_ZJHM"]] = ""
    elif defect == "duplicate 决定书文号":
        for code in ("CF_WSH", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM"):
            row[col[code]] = previous[col[code]]
    else:  # pragma: no cover - DEFECTS and this function go together
        raise ValueError(defect)


def copy_head(source: Path, target: Path, rows: int) -> int:
    """Copy the header and the first ``rows`` rows (no cell holds a line break)."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        lines = list(islice(src, rows + 1))
        dst.writelines(lines)
    return len(lines) - 1


def frictionless_schema(path: Path) -> None:
    """Write the exported 2018 penalty Table Schema (slash dates, as the file writes them)."""
    from sgs.standard import get_standard, to_table_schema

    schema = to_table_schema(get_standard("2018").penalty, "2018", date_style="slash")
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- the measured cases (children)


def _floor(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = sum(1 for _ in reader)
    return {"rows": rows}


def _sgs(path: str, jobs: str) -> dict[str, Any]:
    try:
        # Looked up at run time: the engine may not be in this tree yet.
        validate: Callable[..., Any] = importlib.import_module("sgs").validate
    except (ImportError, AttributeError) as exc:
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    start = time.perf_counter()
    report = validate(path, jobs=int(jobs))
    seconds = time.perf_counter() - start
    summary = report.summary
    return {
        "seconds": seconds,
        "rows": summary.total,
        "valid": summary.valid,
        "invalid": summary.invalid,
        "warnings": summary.warnings,
    }


def _pydantic(path: str) -> dict[str, Any]:
    from pydantic_baseline import validate_file

    start = time.perf_counter()
    result = validate_file(path)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "rows": result.total,
        "invalid": result.invalid,
        "by_field": dict(result.by_field.most_common()),
    }


def _frictionless(path: str, schema_path: str) -> dict[str, Any]:
    import frictionless

    # A descriptor given as a dict, and the data as a name inside ``basepath``: frictionless
    # refuses absolute paths as unsafe.
    descriptor = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    schema = frictionless.Schema.from_descriptor(descriptor)
    folder, name = os.path.split(path)
    start = time.perf_counter()
    report = frictionless.validate(name, basepath=folder, schema=schema, limit_errors=10**9)
    seconds = time.perf_counter() - start
    task = report.tasks[0]
    if not task.stats.get("rows") and task.errors:  # the file itself could not be read
        return {"available": False, "reason": f"failed: {task.errors[0].message}"}
    bad_rows = {e.row_number for e in task.errors if getattr(e, "row_number", None)}
    by_type = Counter(f"{e.type} {getattr(e, 'field_name', '')}".strip() for e in task.errors)
    return {
        "seconds": seconds,
        "rows": task.stats.get("rows"),
        "invalid": len(bad_rows),
        "by_type": dict(by_type.most_common()),
    }


def run_child(case: str, args: list[str]) -> dict[str, Any]:
    """Run one case in this (child) process; add time and peak memory where not measured."""
    start = time.perf_counter()
    if case == "floor":
        result = _floor(*args)
    elif case == "sgs":
        result = _sgs(*args)
    elif case == "pydantic":
        result = _pydantic(*args)
    elif case == "frictionless":
        result = _frictionless(*args)
    else:
        raise SystemExit(f"unknown case {case}")
    if not result.get("available", True):
        return result
    result.setdefault("seconds", time.perf_counter() - start)
    result["peak_mib"] = _own_peak_mib()
    return result


def _own_peak_mib() -> float:
    """The peak resident memory of this process's own address space, in MiB.

    Linux carries ``ru_maxrss`` across ``exec``: a child started by this
    script would report at least the parent's peak (the generator's pools and
    the imported standard), so VmHWM, which starts afresh at ``exec``, is read
    instead where there is one.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- the parent


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc), the worker processes of ``jobs=2`` among them."""
    found = [pid]
    for parent in found:  # grows while it is walked
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as f:
                    found.extend(int(child) for child in f.read().split())
        except OSError:
            continue
    return found


def _proportional_set_size(pid: int) -> int:
    """The memory of ``pid`` with shared pages split among their users (PSS), in bytes."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(name: str, case: str, *args: str) -> dict[str, Any]:
    """Run ``case`` in a fresh interpreter and return its result (or why it failed).

    While the child runs, the memory of its whole process tree (PSS, so that
    pages shared by forked workers count once) is sampled every 0.1 s.
    """
    command = [sys.executable, __file__, "--child", case, *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        tree_peak = 0
        while child.poll() is None:
            tree_peak = max(tree_peak, sum(map(_proportional_set_size, _process_tree(child.pid))))
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        lines = out.read().strip().splitlines()
        errors = err.read().strip().splitlines()
    if child.returncode != 0 or not lines:
        return {"name": name, "available": False, "reason": f"failed: {(errors or ['?'])[-1]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    result["name"] = name
    if result.get("available", True):
        result["rows_per_second"] = result["rows"] / result["seconds"]
        # A short run may end between two samples; the process itself is part of its tree.
        result["tree_peak_mib"] = max(tree_peak / 2**20, result["peak_mib"])
    return result


def _ok(result: dict[str, Any] | None) -> bool:
    return bool(result and result.get("available", True) and result.get("rows_per_second"))


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if a is None or b is None or not (_ok(a) and _ok(b)):
        return None
    return float(a["rows_per_second"]) / float(b["rows_per_second"])


def print_table(results: list[dict[str, Any]], expected: dict[str, int]) -> None:
    print(
        f"{'case':<14}{'rows':>11}{'seconds':>9}{'rows/s':>11}{'peak MiB':>10}{'all MiB':>9}"
        f"{'invalid':>9}{'expected':>10}"
    )
    for r in results:
        if not r.get("available", True):
            print(f"{r['name']:<14}  not available ({r.get('reason', '')})")
            continue
        invalid = f"{r['invalid']:,}" if "invalid" in r else "-"
        exp = f"{expected[r['name']]:,}" if "invalid" in r else ""
        tree = r.get("tree_peak_mib")
        print(
            f"{r['name']:<14}{r['rows']:>11,}{r['seconds']:>9.2f}{r['rows_per_second']:>11,.0f}"
            f"{r['peak_mib']:>10.1f}{'-' if tree is None else f'{tree:.1f}':>9}{invalid:>9}{exp:>10}"
        )


def _rate(result: dict[str, Any] | None) -> float | None:
    return float(result["rows_per_second"]) if result is not None and _ok(result) else None


def _memory(result: dict[str, Any] | None, key: str) -> float | None:
    if result is None or not _ok(result) or result.get(key) is None:
        return None
    return float(result[key])


def judge(by_name: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ratios between cases and, for each target, its value and whether it is met."""
    sgs1, sgs2 = by_name.get("sgs jobs=1"), by_name.get("sgs jobs=2")
    ratios = {
        "sgs/pydantic": _ratio(sgs1, by_name.get("pydantic")),
        "sgs/frictionless": _ratio(sgs1, by_name.get("frictionless")),
        "jobs2/jobs1": _ratio(sgs2, sgs1),
        "floor/sgs": _ratio(by_name.get("floor"), sgs1),
    }
    peak_mib = TARGET_PEAK_BYTES / 2**20
    checks: list[tuple[str, float | None, float, bool]] = [
        (f"sgs >= {TARGET_ROWS_PER_SECOND:,} rows/s", _rate(sgs1), TARGET_ROWS_PER_SECOND, True),
        (
            f"sgs >= {TARGET_VS_PYDANTIC}x pydantic",
            ratios["sgs/pydantic"],
            TARGET_VS_PYDANTIC,
            True,
        ),
        (
            f"sgs >= {TARGET_VS_FRICTIONLESS:g}x frictionless",
            ratios["sgs/frictionless"],
            TARGET_VS_FRICTIONLESS,
            True,
        ),
        (
            f"jobs=2 >= {TARGET_JOBS_SPEEDUP}x jobs=1",
            ratios["jobs2/jobs1"],
            TARGET_JOBS_SPEEDUP,
            True,
        ),
        ("sgs jobs=1 peak <= 200 MB", _memory(sgs1, "peak_mib"), peak_mib, False),
        ("sgs jobs=2 all procs <= 200 MB", _memory(sgs2, "tree_peak_mib"), peak_mib, False),
    ]
    targets: dict[str, Any] = {}
    for label, value, target, higher in checks:
        met = None if value is None else (value >= target if higher else value <= target)
        targets[label] = {"value": value, "target": target, "met": met}
    return ratios, targets


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument(
        "--frictionless-rows", type=int, default=100_000, help="rows given to frictionless"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the generator")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the files here, keep them")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], args.child[1:]), ensure_ascii=False))
        return

    tmp = tempfile.mkdtemp(prefix="sgs-validate-speed-")
    folder = args.keep or Path(tmp)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        report = run(args.rows, args.frictionless_rows, args.seed, folder)
    finally:
        shutil.rmtree(tmp)
    if args.keep:
        print(f"files kept in {folder}")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))


def run(rows: int, frictionless_rows: int, seed: int, folder: Path) -> dict[str, Any]:
    path = folder / "penalties.csv"
    rng = random.Random(seed)
    t0 = time.perf_counter()
    pools = Pools(rng)
    t1 = time.perf_counter()
    injected = write_penalties(path, rows, pools, rng)
    seconds = time.perf_counter() - t1
    size = os.path.getsize(path) / 2**20
    print(
        f"wrote {rows:,} rows, {size:,.0f} MiB in {seconds:.1f} s ({rows / seconds:,.0f} rows/s; "
        f"pools of subjects and dates {t1 - t0:.1f} s)"
    )
    print(f"defects injected: {sum(injected.values()):,} rows, one defect each")
    for kind in DEFECTS:
        print(f"  {injected[kind]:>8,}  {kind}")

    head = folder / f"penalties-first-{frictionless_rows}.csv"
    head_rows = copy_head(path, head, frictionless_rows)
    head_defects = head_rows // DEFECT_EVERY
    schema = folder / "penalty-2018.schema.json"
    frictionless_schema(schema)

    print()
    results = [
        measure("floor", "floor", str(path)),
        measure("sgs jobs=1", "sgs", str(path), "1"),
        measure("sgs jobs=2", "sgs", str(path), "2"),
        measure("pydantic", "pydantic", str(path)),
        measure("frictionless", "frictionless", str(head), str(schema)),
    ]
    total = sum(injected.values())
    expected = {r["name"]: total for r in results} | {"frictionless": head_defects}
    print_table(results, expected)
    print(
        f"frictionless ran on the first {head_rows:,} rows only, dates read as %Y/%m/%d.\n"
        "expected = rows with an injected defect; a validator that reports a rule as a warning\n"
        "(sgs does so for rules the reference only recalls, marked [R]) finds fewer invalid rows."
    )
    by_name = {r["name"]: r for r in results}
    for name in ("sgs jobs=1", "sgs jobs=2"):
        r = by_name[name]
        if r.get("available", True):
            print(
                f"{name}: {r['valid']:,} valid, {r['invalid']:,} invalid, {r['warnings']:,} warnings"
            )
    for name, key in (("pydantic", "by_field"), ("frictionless", "by_type")):
        found = by_name[name].get(key)
        if found:
            print(f"{name} errors by {key[3:]}: " + ", ".join(f"{k} {v}" for k, v in found.items()))

    ratios, targets = judge(by_name)
    print()
    print("ratios (rows/s):")
    for label, value in ratios.items():
        print(f"  {label:<18}" + ("n/a" if value is None else f"{value:.2f}"))
    print("targets:")
    verdict = {True: "met", False: "NOT MET", None: "n/a (sgs.validate not available)"}
    for label, t in targets.items():
        value = t["value"]
        shown = "n/a" if value is None else f"{value:,.2f}"
        print(f"  {label:<32}{shown:>12}  {verdict[t['met']]}")
    print(
        "peak MiB: the measured process's own peak (VmHWM); all MiB: the peak PSS of the "
        "process and its workers, sampled every 0.1 s; 200 MB = 190.7 MiB"
    )
    return {
        "rows": rows,
        "seed": seed,
        "frictionless_rows": head_rows,
        "defects": {kind: injected[kind] for kind in DEFECTS},
        "results": results,
        "ratios": ratios,
        "targets": targets,
    }


if __name__ == "__main__":
    main()
