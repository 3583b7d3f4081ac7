"""Every file-reading command, every hostile file: exit 2 naming the file, never a traceback.

Issue 11 #10–#12: broken or malicious workbooks, a FIFO, a directory,
``/dev/zero``, JSON nested deep, wrong encodings, dates past 9999 and more
than 16,384 columns into an XLSX made sgs exit 3 ("内部错误") or hang.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sgs.cli import main
from tests.hostile import (
    BILLION_LAUGHS,
    HEADER,
    broken_deflate,
    deadline,
    deep_json,
    fifo,
    patch_member,
    penalty_book,
    rewrite,
)

SHEET = "xl/worksheets/sheet1.xml"
CONFIG = """
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"
[source]
type = "directory"
path = "inbox"
[transport]
type = "directory"
path = "outbox"
"""


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    with deadline(60):
        status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def assert_unusable(result: tuple[int, str, str], name: str | Path) -> None:
    status, out, err = result
    assert status == 2, out + err
    assert str(name) in err
    assert "Traceback" not in err
    assert "内部错误" not in err


#: Each command that reads a file, FILE where the file goes.
TEMPLATES: dict[str, list[str]] = {
    "validate": ["validate", "FILE", "--no-plugins"],
    "inspect": ["inspect", "FILE"],
    "convert": ["convert", "FILE", "OUT"],
    "catalog import": ["catalog", "import", "FILE", "--from", "2026-01-01", "--config", "CONFIG"],
    "roster import": ["roster", "import", "FILE", "--config", "CONFIG"],
    "ledger import": ["ledger", "import", "FILE", "--kind", "penalty", "--config", "CONFIG"],
    "calendar --holidays": ["calendar", "is-workday", "2026-01-05", "--holidays", "FILE"],
}
COMMANDS = list(TEMPLATES)


def commands(tmp_path: Path) -> dict[str, Callable[[Path | str], list[str | Path]]]:
    """Each command as the arguments that make it read a path (a config made in ``tmp_path``)."""
    config = tmp_path / "sgs.toml"
    if not config.exists():
        config.write_text(CONFIG, encoding="utf-8")
    fixed = {"OUT": tmp_path / "out.csv", "CONFIG": config}

    def maker(template: list[str]) -> Callable[[Path | str], list[str | Path]]:
        return lambda path: [path if a == "FILE" else fixed.get(a, a) for a in template]

    return {name: maker(template) for name, template in TEMPLATES.items()}


TABLE_COMMANDS = COMMANDS[:-1]


# -- what is not a regular file ----------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    pipe = fifo(tmp_path / ("in.toml" if "calendar" in command else "in.xlsx"))
    assert_unusable(run(capsys, *commands(tmp_path)[command](pipe)), pipe)


@pytest.mark.parametrize("command", COMMANDS)
def test_dev_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    assert_unusable(run(capsys, *commands(tmp_path)[command]("/dev/zero")), "/dev/zero")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    folder = tmp_path / "in.xlsx"
    folder.mkdir()
    assert_unusable(run(capsys, *commands(tmp_path)[command](folder)), folder)


# -- broken and malicious workbooks ------------------------------------------------------------


def broken(tmp_path: Path) -> Path:
    return broken_deflate(penalty_book(tmp_path / "good.xlsx", rows=2000), tmp_path / "bad.xlsx",
                          SHEET, at=0.6)  # fmt: skip


def inflating(tmp_path: Path) -> Path:
    bad = rewrite(penalty_book(tmp_path / "good.xlsx"), tmp_path / "bad.xlsx", {})
    patch_member(bad, "xl/styles.xml", file_size=3 << 30)
    return bad


def laughing(tmp_path: Path) -> Path:
    def laughs(xml: bytes) -> bytes:
        return BILLION_LAUGHS.encode() + xml.replace(b"<t>", b"<t>&lol9;", 1)

    return rewrite(penalty_book(tmp_path / "good.xlsx"), tmp_path / "bad.xlsx", {SHEET: laughs})


def malformed(tmp_path: Path) -> Path:
    def spoil(xml: bytes) -> bytes:
        return xml.replace(b'<row r="3"', b"<row r=3", 1)

    return rewrite(penalty_book(tmp_path / "good.xlsx"), tmp_path / "bad.xlsx", {SHEET: spoil})


WORKBOOKS = {"broken": broken, "inflating": inflating, "laughing": laughing, "malformed": malformed}


@pytest.mark.parametrize("workbook", list(WORKBOOKS))
@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_a_bad_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, workbook: str
) -> None:
    bad = WORKBOOKS[workbook](tmp_path)
    assert_unusable(run(capsys, *commands(tmp_path)[command](bad)), bad)


@pytest.mark.parametrize("name", ["in.xls", "in.csv"])
@pytest.mark.parametrize("command", ["validate", "inspect", "convert"])
def test_an_xlsx_under_another_name_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, name: str
) -> None:
    path = penalty_book(tmp_path / "book.xlsx")
    shutil.move(path, tmp_path / name)
    status, _, err = run(capsys, *commands(tmp_path)[command](tmp_path / name))
    assert status in (0, 1), err


def test_a_catalog_xlsx_named_xls_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sgs.department.catalog import write_catalog
    from tests.department.test_catalog import FOOD, TENDER

    write_catalog([TENDER, FOOD], tmp_path / "目录.xlsx")
    shutil.move(tmp_path / "目录.xlsx", tmp_path / "目录.xls")
    status, out, err = run(capsys, *commands(tmp_path)["catalog import"](tmp_path / "目录.xls"))
    assert status == 0, err
    assert "已存入 2 个事项" in out


# -- JSON and encodings ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
@pytest.mark.parametrize("command", ["validate", "inspect", "convert"])
def test_json_nested_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, suffix: str
) -> None:
    path = tmp_path / f"in.{suffix}"
    path.write_text(deep_json(), encoding="utf-8")
    assert_unusable(run(capsys, *commands(tmp_path)[command](path)), path)


def test_a_huge_integer_is_a_bad_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"CF_XDR_MC": "某公司", "CF_NR_FK": ' + "9" * 5000 + "}\n", "utf-8")
    status, _, err = run(capsys, "validate", path, "--no-plugins")
    assert status == 1, err
    assert "Traceback" not in err


CSV_TEXT = ",".join(HEADER) + "\n某公司,罚〔2026〕1号,2026-03-05\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "rot13", "nonsense"])
@pytest.mark.parametrize("command", ["validate", "inspect", "convert"])
def test_an_encoding_that_does_not_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, encoding: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    args = commands(tmp_path)[command](path)
    assert_unusable(run(capsys, *args, "--encoding", encoding), path)


def test_utf16_without_a_bom_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(CSV_TEXT.encode("utf-16-le"))
    status, out, err = run(capsys, "inspect", path, "--encoding", "utf-16")
    assert status == 0, err
    assert "1 条记录" in out


# -- blank rows --------------------------------------------------------------------------------


def test_data_after_blank_rows_and_the_option_that_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = penalty_book(tmp_path / "in.xlsx", rows=2, blank=60, after=1)
    status, _, err = run(capsys, "inspect", path, "--max-blank-rows", "50")
    assert_unusable((status, "", err), path)
    assert "第64行还有数据" in err
    status, out, err = run(capsys, "inspect", path, "--max-blank-rows", "0")
    assert status == 0, err
    assert "3 条记录" in out
    status, out, err = run(capsys, "validate", path, "--no-plugins", "--max-blank-rows", "50")
    assert_unusable((status, out, err), path)


def test_a_negative_blank_row_limit_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["inspect", str(tmp_path / "x.csv"), "--max-blank-rows", "-1"])
    assert caught.value.code == 2
    assert "expected 0 or more" in capsys.readouterr().err


# -- more columns than a sheet holds -----------------------------------------------------------


def wide_csv(path: Path, columns: int = 20_000) -> Path:
    extras = [f"X{n}" for n in range(columns - len(HEADER))]
    row = ["某公司", "罚〔2026〕1号", "2026-03-05", *["x"] * len(extras)]
    path.write_text(",".join(HEADER + extras) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def test_convert_20000_columns_to_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = wide_csv(tmp_path / "wide.csv")
    out = tmp_path / "out.xlsx"
    result = run(capsys, "convert", source, out)
    assert_unusable(result, out)
    assert "16,384" in result[2]
    assert not out.exists()
    status, _, err = run(capsys, "convert", source, tmp_path / "out.jsonl")
    assert status == 0, err


def test_a_receipt_of_20000_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = wide_csv(tmp_path / "wide.csv")
    receipt = tmp_path / "退回.xlsx"
    assert_unusable(run(capsys, "validate", source, "--no-plugins", "--receipt", receipt), receipt)


# -- holidays and dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("deep.json", deep_json()), ("digits.json", '{"year": ' + "9" * 5000 + "}"),
     ("bad.toml", "year = [")],
)  # fmt: skip
def test_a_bad_holiday_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert_unusable(run(capsys, *commands(tmp_path)["calendar --holidays"](path)), path)


@pytest.mark.parametrize(
    "args",
    [
        ["monthly-due", "9999-12"],
        ["add", "9999-12-31", "1", "--assume-weekends"],
        ["add", "0001-01-01", "-1", "--assume-weekends"],
        ["deadline", "9999-12-30", "--assume-weekends"],
        ["add", "2020-01-01", "1000000000", "--assume-weekends"],
    ],
)
def test_dates_past_the_edges(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, out, err = run(capsys, "calendar", *args)
    assert status == 2, out + err
    assert "超出可计算的日期范围" in err
    assert "内部错误" not in err


def test_the_whole_range_of_dates(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "calendar", "between", "0001-01-01", "9999-12-31", "--assume-weekends"
    )
    assert status == 0, err
    assert int(out) > 2_500_000
    assert err.count("警告") == 1
