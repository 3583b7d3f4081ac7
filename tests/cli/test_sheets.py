"""The commands read every record sheet of a workbook: validate, inspect, convert."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from sgs.io import read

ZHENGZHOU = "zhengzhou-health-commission-penalty-list-2016-2017.xls"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script in a subprocess, as a user would."""
    sgs = Path(sys.executable).with_name("sgs")
    env = dict(os.environ, SGS_DEBUG="")
    return subprocess.run(
        [str(sgs), *map(str, args)], capture_output=True, text=True, env=env, check=False
    )


def test_validate_reads_both_sheets(samples: Path) -> None:
    path = samples / ZHENGZHOU
    text = run("validate", path)
    assert text.returncode == 1, text.stderr
    assert f"{path} [法人]: 行政处罚 (penalty)，70 条记录" in text.stdout
    assert f"{path} [自然人]: 行政处罚 (penalty)，52 条记录" in text.stdout
    assert "记录 records             122" in text.stdout
    assert f"{path} [法人] 第3行" in text.stdout  # issues name their sheet
    assert text.stderr == ""
    report = json.loads(run("validate", "--format", "json", path).stdout)
    assert [(f["file"], f["sheet"], f["records"]) for f in report["files"]] == [
        (str(path), "法人", 70),
        (str(path), "自然人", 52),
    ]
    assert report["summary"]["total"] == 122
    assert {i["sheet"] for i in report["issues"]} == {"法人", "自然人"}
    one = json.loads(run("validate", "--format", "json", path, "--sheet", "自然人").stdout)
    assert one["summary"]["total"] == 52
    assert [f["sheet"] for f in one["files"]] == ["自然人"]


def test_validate_names_the_sheet_it_skipped_in_one_warning(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active.append(["每行填写一条处罚记录"])
    for title, name in (("法人", "甲公司"), ("自然人", "张三")):
        sheet = book.create_sheet(title)
        sheet.append(["行政相对人名称", "行政处罚决定书文号"])
        sheet.append([name, f"罚〔2024〕{title}号"])
    path = tmp_path / "sample.xlsx"
    book.save(path)
    result = run("validate", "--format", "json", path)
    assert result.stderr.splitlines() == [
        f"sgs: 警告 (warning): {path}: 工作表“填表说明”不是记录表（没有可识别的表头），已跳过 "
        "(sheet '填表说明' is not a table of records: no recognisable header; skipped)"
    ]
    files = json.loads(result.stdout)["files"]
    assert [(f["sheet"], f["records"]) for f in files] == [("法人", 1), ("自然人", 1)]


def test_the_receipt_of_a_workbook_keeps_its_sheets(samples: Path, tmp_path: Path) -> None:
    receipt = tmp_path / "回执.xlsx"
    result = run("validate", samples / ZHENGZHOU, "--receipt", receipt)
    assert f"退回回执 rejection receipt: {receipt}" in result.stdout
    book = openpyxl.load_workbook(receipt)
    assert [(ws.title, ws.max_row) for ws in book.worksheets] == [("法人", 71), ("自然人", 53)]
    assert book["自然人"]["B2"].value == "测试甲"  # 序号, then 行政相对人名称


def test_inspect_shows_each_sheet(samples: Path) -> None:
    path = samples / ZHENGZHOU
    result = run("inspect", "--format", "json", path)
    assert [(r["sheet"], r["records"]) for r in json.loads(result.stdout)] == [
        ("法人", 70),
        ("自然人", 52),
    ]
    text = run("inspect", path).stdout
    assert f"{path} [法人]: 行政处罚 (penalty)，70 条记录" in text
    assert f"{path} [自然人]: 行政处罚 (penalty)，52 条记录" in text


def test_convert_writes_every_sheet_into_one_output(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("convert", samples / ZHENGZHOU, out)
    assert result.returncode == 0, result.stderr
    assert "122 条记录" in result.stdout
    assert "法人 70，自然人 52" in result.stdout
    with read(out) as reader:
        rows = list(reader)
    assert len(rows) == 122
    assert [rows[0].values["CF_XDR_MC"], rows[70].values["CF_XDR_MC"]] == ["郑州友谊医院", "测试甲"]
    assert "序号" in reader.unmapped  # the extra columns of both sheets
    one = tmp_path / "one.csv"
    assert run("convert", samples / ZHENGZHOU, one, "--sheet", "自然人").returncode == 0
    with read(one) as reader:
        assert len(list(reader)) == 52


def test_convert_refuses_sheets_of_both_kinds(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "许可"
    book.active.append(["行政相对人名称", "行政许可决定文书号", "许可决定日期"])
    sheet = book.create_sheet("处罚")
    sheet.append(["行政相对人名称", "行政处罚决定书文号", "处罚决定日期"])
    book.save(tmp_path / "both.xlsx")
    result = run("convert", tmp_path / "both.xlsx", tmp_path / "out.csv")
    assert result.returncode == 2
    assert "--sheet" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()
    result = run("convert", tmp_path / "both.xlsx", tmp_path / "out.csv", "--sheet", "处罚")
    assert result.returncode == 0, result.stderr
