"""Benchmark: what the gate to personal data costs a read, and how fast the access log verifies.

A platform store (SQLite) receives distinct 行政处罚 records of natural persons (distinct
names and ID numbers, realistic amounts). A querier's application for all of them is
approved; then each record is read three ways in one run, interleaved by round:

* ``raw``: ``store.received.current_one`` (no gate, no log: the floor);
* ``masked``: ``platform.access.record`` (the masked view; a natural person's record is a
  logged read);
* ``clear``: ``platform.access.record(reveal=True, application=…)`` (checks the
  application, marks it executed and appends the read in one transaction).

It prints reads per second of each and their ratios to ``raw``, then the time
``AccessLog.verify()`` takes over the whole chain (entries per second).

    .venv/bin/python benchmarks/access_gate.py [--records N] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import platform as machine
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.platform.records import body, department_code, penalty  # noqa: E402
from tests.platform.server import write_config  # noqa: E402

from sgs.ids import resident  # noqa: E402
from sgs.platform import open_platform  # noqa: E402
from sgs.store import Actor  # noqa: E402

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def _person(n: int, code: str, rng: random.Random) -> dict[str, str]:
    fields = penalty(n, code, rng)
    born = f"{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = f"4101{rng.randint(1, 9):02d}{born}{rng.randint(0, 999):03d}"
    fields.update({
        "CF_XDR_MC": rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2))),
        "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": first17 + resident.check_character(first17),
    })  # fmt: skip
    for dropped in ("CF_XDR_SHXYM", "CF_FRDB", "CF_FR_ZJLX", "CF_FR_ZJHM"):
        fields.pop(dropped, None)
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(17)
    code = department_code(1)
    people = [_person(n, code, rng) for n in range(args.records)]
    with (
        tempfile.TemporaryDirectory() as folder,
        open_platform(write_config(Path(folder))) as platform,
    ):
        department, _ = platform.add_department("示例市市场监督管理局", code)
        keys: list[str] = []
        for start in range(0, len(people), 500):
            results = platform.receive(department, body(people[start : start + 500], f"b{start}"))
            keys += [r.key for r in results if r.accepted]
        admin = Actor(name="管理员")
        querier, _ = platform.store.users.add("查询员", ["querier"], actor=admin)
        approver, _ = platform.store.users.add("审核员", ["approver"], actor=admin)
        gate = platform.access
        application = gate.apply(querier, keys, purpose="supervision", text="批量核查")
        gate.decide(application.id, approver, approve=True)
        ident = application.id

        def clear(key: str) -> object:
            return gate.record(key, user=querier, reveal=True, application=ident)

        ways = {
            "raw": platform.store.received.current_one,
            "masked": lambda k: gate.record(k, user=querier),
            "clear": clear,
        }
        seconds = dict.fromkeys(ways, 0.0)
        for _ in range(args.rounds):
            for name, read in ways.items():
                began = time.perf_counter()
                for key in keys:
                    read(key)
                seconds[name] += time.perf_counter() - began
        reads = len(keys) * args.rounds
        rates = {name: reads / s for name, s in seconds.items()}
        began = time.perf_counter()
        check = platform.store.audit.verify()
        verify_seconds = time.perf_counter() - began
        print(json.dumps({
            "machine": f"{machine.processor() or machine.machine()}, {machine.system()}",
            "python": machine.python_version(),
            "records": len(keys), "rounds": args.rounds,
            "reads_per_second": {k: round(v) for k, v in rates.items()},
            "ratio_to_raw": {k: round(rates["raw"] / v, 1) for k, v in rates.items()},
            "log_entries": check.entries, "log_intact": check.intact,
            "verify_seconds": round(verify_seconds, 2),
            "verify_entries_per_second": round(check.entries / verify_seconds),
        }, ensure_ascii=False, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
