"""The smaller losses of issue 11 #7: nothing a department sent vanishes on the way in."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sgs.io import open_writer, read
from sgs.validation import Validator

HEADER = ["行政处罚决定书文号", "行政相对人名称", "内部编号", "内部编号", "备注"]


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sgs", *map(str, args)], capture_output=True, text=True, check=False
    )


def test_two_extra_columns_with_one_header_are_both_kept(tmp_path: Path) -> None:
    path = _csv(tmp_path / "in.csv", [["示罚〔2026〕1号", "某公司", "A-1", "B-2", ""]])
    with read(path) as reader:
        assert reader.unmapped == ("内部编号", "内部编号_2")
        row = next(iter(reader))
    assert row.extras == {"内部编号": "A-1", "内部编号_2": "B-2"}
    out = tmp_path / "out.csv"
    assert run("convert", path, out).returncode == 0
    with open(out, encoding="utf-8-sig", newline="") as stream:
        header, values = list(csv.reader(stream))[:2]
    assert dict(zip(header, values, strict=True))["内部编号_2"] == "B-2"
    assert "A-1" in values


def test_keep_text_keeps_the_marks_that_otherwise_mean_empty(tmp_path: Path) -> None:
    path = _csv(tmp_path / "in.csv", [["示罚〔2026〕1号", "某公司", "/", "无", "-"]])
    out = tmp_path / "out.jsonl"
    assert run("convert", path, out, "--keep-text", "--headers", "code").returncode == 0
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert record["BZ"] == "-"
    assert record["内部编号"] == "/"
    assert record["内部编号_2"] == "无"
    # Without --keep-text they are empty, as before.
    assert run("convert", path, out, "--headers", "code").returncode == 0
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert "BZ" not in record


def test_a_leading_quote_is_the_senders_own_text_unless_sgs_wrote_the_file(
    tmp_path: Path,
) -> None:
    theirs = _csv(tmp_path / "theirs.csv", [["示罚〔2026〕1号", "'=某公司", "", "", "'+86"]])
    with read(theirs) as reader:
        assert not reader.formula_quotes
        row = next(iter(reader))
    assert row.values["CF_XDR_MC"] == "'=某公司"
    assert row.values["BZ"] == "'+86"
    with read(theirs, formula_quotes=True) as reader:  # the caller knows better
        assert next(iter(reader)).values["CF_XDR_MC"] == "=某公司"

    ours = tmp_path / "ours.csv"
    with open_writer(ours, kind="penalty", headers="label") as writer:
        writer.write({"CF_WSH": "示罚〔2026〕1号", "CF_XDR_MC": "=某公司", "BZ": "'+86"})
    with read(ours) as reader:
        assert reader.formula_quotes
        assert next(iter(reader)).values == {
            "CF_WSH": "示罚〔2026〕1号",
            "CF_XDR_MC": "=某公司",
            "BZ": "'+86",
        }


@pytest.mark.parametrize("jobs", [1, 2])
def test_validation_agrees_on_whose_quote_it_is(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sgs.validation.runners import processes

    monkeypatch.setattr(processes, "MIN_PARALLEL_BYTES", 1)  # split even a small file
    header = ["行政处罚决定书文号", "行政相对人名称", "行政相对人代码_1(统一社会信用代码)"]
    rows = [[f"示罚〔2026〕{i}号", "某公司", "'=ABC"] for i in range(3000)]
    theirs = _csv(tmp_path / "theirs.csv", rows, header=header)
    report = Validator().validate_many([theirs], jobs=jobs)
    values = {i.value for i in report.issues if i.field == "CF_XDR_SHXYM"}
    assert values == {"'=ABC"}  # the sender's own text, as sent
    receipt = tmp_path / "r.csv"
    report.write_receipt(receipt)
    with read(receipt) as back:
        assert {row.values["CF_XDR_SHXYM"] for row in back} == {"'=ABC"}


def test_rows_with_text_only_in_extra_columns_are_named(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "in.csv",
        [
            ["示罚〔2026〕1号", "某公司", "", "", ""],
            ["", "", "制表人：张三", "", ""],  # a footer: not a record
            ["", "", "", "审核：李四", ""],
        ],
    )
    report = Validator().validate(path)
    assert report.files[0].skipped == 2
    assert report.files[0].skipped_lines == [3, 4]
    done = run("validate", path, "--no-plugins")
    assert "3、4" in done.stdout
    done = run("validate", path, "--no-plugins", "--format", "json")
    assert json.loads(done.stdout)["files"][0]["skipped_lines"] == [3, 4]
