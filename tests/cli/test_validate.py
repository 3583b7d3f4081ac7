"""Tests of ``sgs validate``: output formats, exit statuses, options, receipts, the real samples."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sgs import read

AS_OF = "2026-11-26"
FIXED = ("--as-of", AS_OF, "--no-plugins")

HEADER = [
    "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_FRDB", "CF_XDR_ZJLX", "CF_XDR_ZJHM", "CF_WSH", "CF_WFXW",
    "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_JDRQ", "CF_YXQ", "CF_CFJG",
    "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM",
]  # fmt: skip
COMPANY = {
    "CF_XDR_MC": "示例餐饮管理有限公司",
    "CF_XDR_LB": "法人及非法人组织",
    "CF_XDR_SHXYM": "91410100MA3X5AB156",
    "CF_FRDB": "张某某",
    "CF_WFXW": "违反《中华人民共和国食品安全法》",
    "CF_SY": "经营超过保质期的食品",
    "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
    "CF_CFLB": "罚款",
    "CF_NR": "罚款5000元",
    "CF_NR_FK": "0.5",
    "CF_JDRQ": "2026/11/02",
    "CF_YXQ": "2026/11/02",
    "CF_CFJG": "示例市市场监督管理局",
    "CF_CFJGDM": "11410100MB00000005",
    "CF_SJLY": "示例市市场监督管理局",
    "CF_SJLYDM": "11410100MB00000005",
}
PERSON = {
    **COMPANY,
    "CF_XDR_MC": "王某某",
    "CF_XDR_LB": "自然人",
    "CF_XDR_SHXYM": "",
    "CF_FRDB": "",
    "CF_XDR_ZJLX": "身份证",
    "CF_XDR_ZJHM": "410105198503121235",
    "CF_NR": "罚款2000元",
    "CF_NR_FK": "0.2",
}
ISSUE_KEYS = {"file", "row", "field", "code", "severity", "message"}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script in a subprocess, as a user would (as tests/cli/test_main.py)."""
    sgs = Path(sys.executable).with_name("sgs")
    env = dict(os.environ, SGS_DEBUG="")
    return subprocess.run(
        [str(sgs), *map(str, args)], capture_output=True, text=True, env=env, check=False
    )


def _row(base: dict[str, str], number: int, **changes: str) -> list[str]:
    values = {**base, "CF_WSH": f"示市监罚〔2026〕{number}号", **changes}
    return [values.get(code, "") for code in HEADER]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def defects(tmp_path: Path) -> Path:
    """Errors in two fields, the ID number ones not next to each other, and one warning."""
    return _write(
        tmp_path / "defects.csv",
        [
            _row(COMPANY, 1),
            _row(PERSON, 2, CF_XDR_ZJHM="410105198503121236"),  # id-checksum
            _row(COMPANY, 3, CF_XDR_SHXYM="91410100MA3X5AB157"),  # uscc-checksum
            _row(PERSON, 4, CF_XDR_ZJHM="410105850312123"),  # id-legacy-15 (warning)
            _row(COMPANY, 5, CF_XDR_MC=""),  # required-missing
        ],
    )


@pytest.fixture
def warnings_only(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "warn.csv",
        [_row(COMPANY, 1), _row(PERSON, 2, CF_XDR_ZJHM="410105850312123")],
    )


@pytest.fixture
def checksum_only(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "uscc.csv",
        [_row(COMPANY, 1), _row(COMPANY, 2, CF_XDR_SHXYM="91410100MA3X5AB157")],
    )


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert "内部错误" not in result.stderr  # the internal-error boundary was not reached


def _json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    data = json.loads(result.stdout)  # exactly one JSON document, nothing else
    assert isinstance(data, dict)
    return data


# -- JSON output and exit statuses ------------------------------------------------------------------
def test_json_output_and_status_1(defects: Path) -> None:
    """--format json: one object with summary and issues; an error gives status 1."""
    result = run("validate", defects, "--format", "json", *FIXED)
    assert result.returncode == 1, result.stderr
    _no_traceback(result)
    data = _json(result)
    summary = data["summary"]
    assert isinstance(summary, dict)
    for key in ("total", "valid", "invalid"):
        assert type(summary[key]) is int
    assert (summary["total"], summary["valid"], summary["invalid"]) == (5, 2, 3)
    issues = data["issues"]
    assert isinstance(issues, list)
    assert len(issues) == 4
    for issue in issues:
        assert issue.keys() >= ISSUE_KEYS
        assert issue["severity"] in ("error", "warning")
        assert issue["file"] == str(defects)
        assert type(issue["row"]) is int
    got = [(i["row"], i["field"], i["code"], i["severity"]) for i in issues]
    assert got == [
        (2, "CF_XDR_ZJHM", "id-checksum", "error"),
        (3, "CF_XDR_SHXYM", "uscc-checksum", "error"),
        (4, "CF_XDR_ZJHM", "id-legacy-15", "warning"),
        (5, "CF_XDR_MC", "required-missing", "error"),
    ]
    assert "410105198503121236" not in result.stdout


def test_warnings_only_is_status_0(warnings_only: Path) -> None:
    """Only warnings: status 0, the warnings still listed."""
    result = run("validate", warnings_only, "--format", "json", *FIXED)
    assert result.returncode == 0, result.stderr
    data = _json(result)
    issues = data["issues"]
    assert isinstance(issues, list)
    assert [i["severity"] for i in issues] == ["warning"]
    assert [i["code"] for i in issues] == ["id-legacy-15"]


def test_examples_are_clean_alone_and_duplicates_together(examples: Path) -> None:
    """Each bundled example validates without findings; penalties.csv and .xlsx repeat each other."""
    files = ["penalties.csv", "penalties.xlsx", "licenses-gbk.csv", "licenses.jsonl"]
    result = run("validate", *(examples / f for f in files), "--format", "json", *FIXED)
    assert result.returncode == 1, "the same penalties in two files are duplicates"
    data = _json(result)
    issues = data["issues"]
    assert isinstance(issues, list)
    assert {i["code"] for i in issues} == {"duplicate-decision"}
    for name in files:
        alone = run("validate", examples / name, *FIXED)
        assert alone.returncode == 0, alone.stdout + alone.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--severity", "foo=bar"],
        ["--severity", "no-such-code=warning"],
        ["--severity", "uscc-checksum"],
        ["--severity", "uscc-checksum=sometimes"],
        ["--as-of", "2026-13-01"],
        ["--jobs", "0"],
        ["--jobs", "two"],
        ["--standard", "1999"],
        ["--kind", "fine"],
        ["--format", "xml"],
    ],
)
def test_bad_options_are_status_2(defects: Path, args: list[str]) -> None:
    """A bad option: status 2, a message, no traceback, no report on stdout."""
    result = run("validate", defects, "--format", "json", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    _no_traceback(result)
    assert result.stderr.strip()
    assert result.stdout == ""


def test_unusable_files_are_status_2(tmp_path: Path, samples: Path) -> None:
    """A text file that is no table, a missing file, an empty file: status 2, no traceback."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for path in (
        samples / "creditchina-company-record-dump-2019.txt",
        tmp_path / "missing.csv",
        empty,
    ):
        for fmt in ("text", "json"):
            result = run("validate", path, "--format", fmt, *FIXED)
            assert result.returncode == 2, result.stdout + result.stderr
            _no_traceback(result)
            assert path.name in result.stderr
            assert result.stdout == ""


def test_unusable_file_among_good_ones_is_status_2(defects: Path, tmp_path: Path) -> None:
    """One unusable input makes the run unusable, even when another file has findings."""
    result = run("validate", defects, tmp_path / "missing.csv", *FIXED)
    assert result.returncode == 2
    _no_traceback(result)
    assert "missing.csv" in result.stderr


# -- text output ----------------------------------------------------------------------------------------
def test_text_output_summary_and_issues_by_field(defects: Path) -> None:
    """The text output has the summary table and the issues grouped under their fields."""
    result = run("validate", defects, *FIXED)
    assert result.returncode == 1
    _no_traceback(result)
    out = result.stdout
    assert "5 条记录，3 条无效" in out
    lines = out.splitlines()
    table = lines[lines.index("汇总 summary") + 1 : lines.index("汇总 summary") + 6]
    counts = [(line.split()[0], int(line.split()[-1])) for line in table]
    assert counts == [("记录", 5), ("有效", 2), ("无效", 3), ("错误", 3), ("提示", 1)]
    assert "uscc-checksum" in out
    start = next(n for n, line in enumerate(lines) if line.startswith("问题（"))
    groups: dict[str, list[str]] = {}
    current = ""
    for line in lines[start + 1 :]:
        if not line.strip() or not line.startswith("  "):
            break
        if line.startswith("    "):
            groups[current].append(line)
        else:
            current = line.split()[0]
            assert current not in groups, f"{current} listed twice"
            groups[current] = []
    assert list(groups) == ["CF_XDR_ZJHM", "CF_XDR_SHXYM", "CF_XDR_MC"]
    assert ["id-checksum" in g for g in groups["CF_XDR_ZJHM"]] == [True, False]
    assert "id-legacy-15" in groups["CF_XDR_ZJHM"][1]
    assert "(record 4)" in groups["CF_XDR_ZJHM"][1]
    assert "第3行 (record 2)" in groups["CF_XDR_ZJHM"][0]


def test_max_issues_limits_the_text_list(defects: Path) -> None:
    """--max-issues N lists only N issues; the counts stay complete."""
    result = run("validate", defects, "--max-issues", "1", *FIXED)
    assert result.returncode == 1
    assert "问题（前1条，共4条" in result.stdout
    assert "id-checksum" in result.stdout
    assert "[错误 required-missing]" not in result.stdout


# -- options ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_receipt_is_written(defects: Path, tmp_path: Path, suffix: str) -> None:
    """--receipt writes the rejected rows, and the text output names the file."""
    receipt = tmp_path / f"回执{suffix}"
    result = run("validate", defects, "--receipt", receipt, *FIXED)
    assert result.returncode == 1, result.stderr
    assert receipt.is_file()
    assert str(receipt) in result.stdout
    rows = _receipt_rows(receipt)
    assert [r.get("CF_WSH") for r in rows] == [f"示市监罚〔2026〕{n}号" for n in (2, 3, 5)]
    assert all(r.get("错误说明") for r in rows)


def _receipt_rows(path: Path) -> list[dict[str, str]]:
    """A receipt read back with sgs.read, each row as {code or header: text}."""
    with read(path) as reader:
        return [{**row.values, **row.extras} for row in reader]


def test_receipt_folder_for_several_files(
    defects: Path, checksum_only: Path, tmp_path: Path
) -> None:
    """With several files, --receipt is a folder with one receipt per file with rejected rows."""
    folder = tmp_path / "回执"
    result = run("validate", defects, checksum_only, "--receipt", folder, *FIXED)
    assert result.returncode == 1
    assert sorted(p.name for p in folder.iterdir()) == ["defects.退回.csv", "uscc.退回.csv"]


def test_severity_turns_an_error_into_a_warning(checksum_only: Path) -> None:
    """--severity uscc-checksum=warning: the same issue, now a warning, status 0."""
    before = run("validate", checksum_only, "--format", "json", *FIXED)
    assert before.returncode == 1
    after = run(
        "validate", checksum_only, "--format", "json", "--severity", "uscc-checksum=warning", *FIXED
    )
    assert after.returncode == 0, after.stderr
    issues = _json(after)["issues"]
    assert isinstance(issues, list)
    assert [(i["code"], i["severity"]) for i in issues] == [("uscc-checksum", "warning")]
    off = run(
        "validate", checksum_only, "--format", "json", "--severity", "uscc-checksum=off", *FIXED
    )
    assert off.returncode == 0
    assert _json(off)["issues"] == []
    by_field = run("validate", checksum_only, "--severity", "uscc-checksum:CF_CFJGDM=off", *FIXED)
    assert by_field.returncode == 1  # only the authority's code was switched off


def test_as_of_changes_the_decision_in_future_check(examples: Path) -> None:
    """--as-of is the reference date of "not in the future"."""
    path = examples / "penalties.csv"
    late = run("validate", path, "--format", "json", "--as-of", "2026-11-26", "--no-plugins")
    assert late.returncode == 0
    early = run("validate", path, "--format", "json", "--as-of", "2026-11-05", "--no-plugins")
    assert early.returncode == 1
    data = _json(early)
    issues = data["issues"]
    assert isinstance(issues, list)
    assert [(i["row"], i["code"]) for i in issues] == [
        (3, "decision-in-future"),
        (4, "decision-in-future"),
    ]
    assert data["as_of"] == "2026-11-05"


def test_kind_and_standard_are_accepted(examples: Path) -> None:
    """--kind penalty --standard 2018 runs the 2018 standard over the file."""
    result = run(
        "validate", examples / "penalties.csv", "--kind", "penalty", "--standard", "2018",
        "--format", "json", *FIXED,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    _no_traceback(result)
    data = _json(result)
    assert data["standard"] == "2018"
    files = data["files"]
    assert isinstance(files, list)
    assert files[0]["kind"] == "penalty"
    license = run("validate", examples / "licenses.jsonl", "--kind", "license", *FIXED)
    assert license.returncode == 0


def test_jobs_gives_the_same_json(defects: Path, examples: Path) -> None:
    """--jobs 2 prints the report of --jobs 1."""
    files = [defects, examples / "penalties.xlsx"]
    one = run("validate", *files, "--format", "json", *FIXED)
    two = run("validate", *files, "--format", "json", "--jobs", "2", *FIXED)
    assert one.returncode == two.returncode == 1
    assert _json(one) == _json(two)


# -- the real department files ---------------------------------------------------------------------------
def test_every_sample_runs_without_traceback(samples: Path, tmp_path: Path) -> None:
    """Every sample file: status 0, 1 or 2, a JSON report when usable, never a traceback."""
    paths = sorted(p for p in samples.iterdir() if p.is_file())
    assert len(paths) >= 5
    statuses = {}
    for path in paths:
        result = run("validate", path, "--format", "json", "--receipt", tmp_path / "r.xlsx", *FIXED)
        assert result.returncode in (0, 1, 2), (path.name, result.stderr)
        _no_traceback(result)
        statuses[path.name] = result.returncode
        if result.returncode == 2:
            assert path.name in result.stderr
            continue
        data = _json(result)
        summary = data["summary"]
        assert isinstance(summary, dict)
        assert summary["valid"] + summary["invalid"] == summary["total"]
        assert (result.returncode == 1) == (summary["invalid"] > 0)
        text = run("validate", path, *FIXED)
        assert text.returncode == result.returncode
        _no_traceback(text)
    assert statuses["creditchina-company-record-dump-2019.txt"] == 2
    assert 1 in statuses.values()


def test_an_unusable_file_does_not_hide_the_report_of_the_others(
    defects: Path, tmp_path: Path
) -> None:
    """The readable files are still checked and reported; the unusable one is named."""
    result = run("validate", defects, tmp_path / "missing.csv", "--format", "json", *FIXED)
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["summary"]["total"] > 0
    assert [u["file"] for u in report["unusable"]] == [str(tmp_path / "missing.csv")]
