"""The benchmarks' data is what docs/performance.md says it is, and the scripts run.

The realistic file must be real-shaped (every party its own, valid identifiers,
amounts quoted in the decision text as decided, the five date forms), and the
defects it injects must be the only findings sgs makes on it: otherwise the
benchmark would time a different file from the one it describes. The scripts
are run end to end at tiny sizes; their timings are not looked at.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import pydantic_baseline  # noqa: E402
import validate_speed  # noqa: E402

import sgs  # noqa: E402
from sgs.ids import resident, uscc  # noqa: E402
from sgs.records.values import parse_date  # noqa: E402
from sgs.validation.rules.penalty import yuan_amounts  # noqa: E402

ROWS = 2000
#: The row numbers (1-based records) that carry an injected defect.
DEFECT_RECORDS = set(range(validate_speed.DEFECT_EVERY, ROWS + 1, validate_speed.DEFECT_EVERY))


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    path = tmp_path_factory.mktemp("bench") / "penalties.csv"
    injected = validate_speed.write_case("realistic", path, ROWS, 7)
    assert sum(injected.values()) == len(DEFECT_RECORDS)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == ROWS
    return path, rows


def _clean(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for n, row in enumerate(rows, start=1) if n not in DEFECT_RECORDS]


def test_every_party_is_its_own_with_valid_identifiers(
    realistic: tuple[Path, list[dict[str, str]]],
) -> None:
    rows = _clean(realistic[1])
    organisations = [r for r in rows if r["CF_XDR_LB"] == "法人及非法人组织"]
    traders = [r for r in rows if r["CF_XDR_LB"] == "个体工商户"]
    people = [r for r in rows if r["CF_XDR_LB"] == "自然人"]
    assert len(organisations) > len(rows) // 2
    assert traders
    assert people
    codes = [
        r["CF_XDR_SHXYM"] for r in organisations + traders if r["CF_XDR_SHXYM"] != uscc.PLACEHOLDER
    ]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert uscc.assess(code) == (None, True, None), code
    assert len({r["CF_XDR_MC"] for r in organisations}) == len(organisations)
    # A legal representative with a valid ID number on every organisation row.
    for r in organisations + traders:
        assert r["CF_FRDB"]
        assert r["CF_FR_ZJLX"] == "身份证"
        assert resident.problem(r["CF_FR_ZJHM"]) is None
    numbers = [r["CF_XDR_ZJHM"] for r in people] + [
        r["CF_FR_ZJHM"] for r in organisations + traders
    ]
    assert len(set(numbers)) == len(numbers)
    births = {resident.birth_date(n) for n in numbers}
    assert all(b is not None and 1950 <= b.year <= 2005 for b in births)
    assert len({n[:6] for n in numbers}) > 20  # many real regions, not one


def test_amounts_dates_and_numbers_are_real_shaped(
    realistic: tuple[Path, list[dict[str, str]]],
) -> None:
    rows = _clean(realistic[1])
    fines = [r["CF_NR_FK"] for r in rows if r["CF_NR_FK"]]
    assert len(set(fines)) > len(fines) // 2
    places = Counter(len(f.partition(".")[2]) for f in fines)
    assert places[4] > places[2] > 0
    assert places[6] > 0
    assert places[0] > 0
    for r in rows:
        if not r["CF_NR_FK"]:
            continue
        fine = Decimal(r["CF_NR_FK"])
        assert Decimal("0.05") <= fine <= 50
        quoted = yuan_amounts(r["CF_NR"])
        # Quoted in 元 as decided (10,000 元 a 万元) or in 万元; never the 万元 figure as 元.
        wan = {Decimal(w) * 10_000 for w in re.findall(r"(\d+(?:\.\d+)?)万元", r["CF_NR"])}
        assert fine * 10_000 in quoted | wan, r["CF_NR"]
        assert fine < 1 or fine not in quoted, r["CF_NR"]
    forms: Counter[tuple[bool, ...]] = Counter()
    for r in rows:
        for code in ("CF_JDRQ", "CF_YXQ"):
            assert parse_date(r[code]) is not None, r[code]
        text = r["CF_JDRQ"]
        forms["年" in text, "/" in text, "-" in text, "." in text, text.isdigit()] += 1
    assert len(forms) == 5
    numbers = [(r["CF_CFJGDM"], r["CF_WSH"]) for r in rows]
    assert len(set(numbers)) == len(numbers)
    assert any("〔" in n for _, n in numbers)
    assert any("[" in n for _, n in numbers)
    assert len({r["CF_CFLB"] for r in rows}) >= 8


def test_sgs_finds_the_injected_defects_and_nothing_else(
    realistic: tuple[Path, list[dict[str, str]]],
) -> None:
    report = sgs.validate(realistic[0])
    flagged = {i.record for i in report.iter_issues()}
    assert flagged == DEFECT_RECORDS
    # Every kind but the two the reference only recalls (warnings in sgs) rejects its row.
    assert report.summary.invalid == len(DEFECT_RECORDS) * 8 // 10


def test_the_pydantic_baseline_reads_the_five_date_forms(
    realistic: tuple[Path, list[dict[str, str]]],
) -> None:
    result = pydantic_baseline.validate_file(str(realistic[0]))
    assert result.total == ROWS
    assert {line - 1 for line, _ in result.errors} == DEFECT_RECORDS


def _run(script: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report: dict[str, object] = json.loads(done.stdout[done.stdout.index("\n{") :])
    return report


def test_validate_speed_runs_every_case_on_both_files_and_encodings(tmp_path: Path) -> None:
    report = _run(
        "validate_speed.py", "--rows", "2000", "--frictionless-rows", "500",
        "--case", "realistic,repeated", "--keep", str(tmp_path),
    )  # fmt: skip
    assert report["problems"] == []
    for case in ("realistic", "repeated"):
        summary = report[case]
        assert isinstance(summary, dict)
        results = {(r["name"], r["encoding"]): r for r in summary["results"]}
        expected = {
            (name, encoding)
            for encoding in ("utf-8", "gb18030")
            for name in ("csv.reader", "pyarrow.csv", "sgs python", "sgs python jobs=2",
                         "sgs columnar", "sgs columnar x2")
        } | {("pydantic", "utf-8"), ("frictionless", "utf-8")}  # fmt: skip
        assert set(results) == expected
        for key in (
            expected
            - {("sgs columnar", e) for e in ("utf-8", "gb18030")}
            - {("sgs columnar x2", e) for e in ("utf-8", "gb18030")}
        ):
            assert results[key].get("available", True), results[key]
            assert results[key]["rows"] == (500 if key[0] == "frictionless" else 2000)
        digests = {
            r["findings_sha256"] for r in summary["results"] if r["name"].startswith("sgs")
            and r.get("available", True)
        }  # fmt: skip
        assert len(digests) == 1
        assert results[("sgs python", "utf-8")]["invalid"] == 16
        assert set(summary["targets"]) >= {label for label, *_ in validate_speed.TARGETS}


def test_a_difference_between_sgs_cases_is_reported(tmp_path: Path) -> None:
    """compare_findings, which the run turns into exit status 1: a different set is caught."""
    files: dict[tuple[str, str], Path] = {}
    for name, findings in (("sgs python", [[1, "CF_WSH", "x"]]), ("sgs columnar", [])):
        files[(name, "utf-8")] = tmp_path / f"{len(files)}.json"
        files[(name, "utf-8")].write_text(json.dumps({"findings": findings, "invalid": [1]}))
    results = [{"name": name, "encoding": "utf-8"} for name, _ in files]
    problems = validate_speed.compare_findings(results, files)
    assert len(problems) == 1
    assert "sgs columnar (utf-8) differs" in problems[0]


def test_sync_speed_runs_on_sqlite() -> None:
    report = _run("sync_speed.py", "--rows", "300", "--stores", "sqlite")
    results = report["results"]
    assert isinstance(results, dict)
    first, rerun = results["sqlite"]
    assert first["read"] == rerun["read"] == 300
    assert first["pushed"] == first["valid"] > 0
    assert rerun["pushed"] == 0


def test_ledger_floor_runs_both_layouts() -> None:
    report = _run("ledger_floor.py", "--rows", "300", "--batch", "100")
    for layout in ("one table", "payload table"):
        times = report[layout]
        assert isinstance(times, dict)
        assert set(times) == {"insert", "batch ids", "receipts", "total"}
        assert times["total"] == pytest.approx(
            times["insert"] + times["batch ids"] + times["receipts"]
        )
