"""Tests of the sgs command: exit statuses, messages without tracebacks, commands end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sgs.cli import main
from sgs.io import read


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script in a subprocess, as a user would."""
    sgs = Path(sys.executable).with_name("sgs")
    env = dict(os.environ, SGS_DEBUG="")
    return subprocess.run(
        [str(sgs), *map(str, args)], capture_output=True, text=True, env=env, check=False
    )


def test_help_on_every_command() -> None:
    """Each command answers --help with status 0."""
    for args in (
        [],
        ["inspect"],
        ["convert"],
        ["template"],
        ["standard"],
        ["standard", "show"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main([*args, "--help"])
        assert exit_info.value.code == 0


def test_usage_error_is_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong option is a usage error with status 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["convert", "--headers", "nope", "a", "b"])
    assert exit_info.value.code == 2
    assert "用法错误" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.csv", None),
        ("empty.csv", b""),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00"),
        ("corrupt.xlsx", b"PK\x03\x04garbage"),
        ("people.csv", "姓名,年龄\n张三,30\n".encode()),
    ],
)
def test_bad_files_exit_2_without_traceback(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    """Unusable input: exit status 2, one message naming the file, no traceback."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    commands: list[list[str | Path]] = [["inspect", path], ["convert", path, tmp_path / "out.csv"]]
    for command in commands:
        result = run(*command)
        assert result.returncode == 2, result.stderr
        assert name in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert "(" in result.stderr  # the English half of the message
    assert not (tmp_path / "out.csv").exists()


def test_inspect_clean_examples_exit_0(examples: Path) -> None:
    """The bundled examples parse cleanly: status 0."""
    files = ["penalties.csv", "penalties.xlsx", "licenses-gbk.csv", "licenses.jsonl"]
    result = run("inspect", *(examples / f for f in files))
    assert result.returncode == 0, result.stderr
    assert "行政处罚 (penalty)，4 条记录" in result.stdout
    assert "编码 gb18030" in result.stdout


def test_inspect_findings_exit_1(samples: Path) -> None:
    """A value that does not parse is a finding: status 1, position and field in the JSON."""
    result = run(
        "inspect", "--format", "json", samples / "zhejiang-xzcf-upload-template-with-sample-row.xls"
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    problem = report[0]["value_problems"][0]
    assert problem["field"] == "CF_CFLB"
    assert problem["text"] == "北京食药监局"
    assert problem["line"] == 3


def test_inspect_groups_repeated_value_problems(samples: Path) -> None:
    """70 bad 处罚类别 make one group with the count, the first rows and the allowed values."""
    path = samples / "zhengzhou-health-commission-penalty-list-2016-2017.xls"
    result = run("inspect", "--format", "json", path, "--sheet", "法人")
    groups = json.loads(result.stdout)[0]["value_problem_groups"]
    (group,) = [g for g in groups if g["field"] == "CF_CFLB"]
    assert group["count"] == 70
    assert group["first_rows"] == [3, 4, 5, 6, 7]
    assert len(group["texts"]) == 5
    assert "罚款" in group["allowed"]
    text = run("inspect", path, "--sheet", "法人").stdout
    assert len(text.splitlines()) < 20  # one line a group, not one a cell
    assert "70 处" in text
    assert "允许的取值" in text


@pytest.mark.parametrize("headers", ["code", "label", "attr"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_convert_round_trip(tmp_path: Path, examples: Path, headers: str, suffix: str) -> None:
    """convert writes every record in the chosen header style; reading back gives equal records."""
    out = tmp_path / f"out{suffix}"
    result = run("convert", examples / "penalties.csv", out, "--headers", headers)
    assert result.returncode == 0, result.stderr
    with read(examples / "penalties.csv") as reader:
        original = [r for _, r, _ in reader.records()]
    with read(out, kind="penalty") as reader:
        converted = [r for _, r, _ in reader.records()]
    assert converted == original


def test_convert_normalizes_dates_and_keeps_bad_values(tmp_path: Path) -> None:
    """Dates become YYYY/MM/DD; a value that does not parse is written as received."""
    src = tmp_path / "in.csv"
    src.write_text(
        "CF_XDR_MC,CF_WSH,CF_JDRQ,CF_YXQ,案件名称\n某公司,罚1号,2019年3月5日,2019-02-30,某案\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert run("convert", src, out, "--headers", "code").returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "2019/03/05" in text
    assert "2019-02-30" in text
    assert "案件名称" in text.splitlines()[0]
    assert "某案" in text


def test_convert_gb18030_output(tmp_path: Path, examples: Path) -> None:
    """--out-encoding gb18030 writes a file that decodes as GB18030."""
    out = tmp_path / "out.csv"
    result = run("convert", examples / "licenses.jsonl", out, "--out-encoding", "gb18030")
    assert result.returncode == 0, result.stderr
    assert "行政相对人名称" in out.read_bytes().decode("gb18030")


def test_template_reads_back(tmp_path: Path) -> None:
    """sgs template writes an XLSX that the reader recognises field by field."""
    out = tmp_path / "t.xlsx"
    result = run("template", "penalty", "--out", out)
    assert result.returncode == 0, result.stderr
    with read(out) as reader:
        assert reader.kind.value == "penalty"
        assert [c.code for c in reader.columns if c.code] == list(reader.spec.codes)


@pytest.mark.parametrize("fmt", ["table", "json", "json-schema", "table-schema", "markdown"])
def test_standard_show(fmt: str) -> None:
    """sgs standard show prints every format; JSON formats parse."""
    result = run("standard", "show", "penalty", "--version", "2018", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "CF_SJLYDM" in result.stdout
    if fmt.startswith("json") or fmt == "table-schema":
        json.loads(result.stdout)


@pytest.mark.parametrize(
    ("style", "fmt"), [([], "%Y/%m/%d"), (["--date-style", "iso"], "%Y-%m-%d")]
)
def test_standard_show_table_schema_date_style(style: list[str], fmt: str) -> None:
    """The Table Schema's date format follows --date-style, slash by default."""
    result = run("standard", "show", "penalty", "--format", "table-schema", *style)
    assert result.returncode == 0, result.stderr
    fields = {f["name"]: f for f in json.loads(result.stdout)["fields"]}
    assert fields["CF_JDRQ"]["format"] == fmt


def test_version_flag() -> None:
    """sgs --version prints the package version."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("sgs ")


def test_a_text_file_named_xlsx_is_not_a_valid_xlsx_and_input_format_reads_it(
    tmp_path: Path,
) -> None:
    """The message says what the file is not, and offers the option that exists (issue 12 #8)."""
    path = tmp_path / "导出.xlsx"
    path.write_text("行政处罚决定书文号,行政相对人名称\n示罚〔2026〕1号,某公司\n", encoding="utf-8")
    refused = run("validate", path)
    assert refused.returncode == 2
    assert "不是有效的 XLSX 文件" in refused.stderr
    assert "--input-format csv" in refused.stderr
    read_as_csv = run("inspect", path, "--input-format", "csv", "--format", "json")
    assert json.loads(read_as_csv.stdout)[0]["records"] == 1
    validated = run("validate", path, "--input-format", "csv", "--format", "json")
    assert json.loads(validated.stdout)["summary"]["total"] == 1
