"""Tests of parallel validation: the report of several processes is the report of one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sgs.validation.runners.processes as processes_runner
from sgs.errors import InputError
from sgs.validation import Finding, Report, Rule, RuleContext, Validator
from sgs.validation.csvdata import quotes_and_breaks
from sgs.validation.runners.processes import split_points

AS_OF = dt.date(2026, 11, 26)

HEADER = [
    "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_FRDB", "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ",
    "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_JDRQ", "CF_YXQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY",
    "CF_SJLYDM", "BZ", "内部编号",
]  # fmt: skip
BASE = {
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
SY = HEADER.index("CF_SY")
WSH = HEADER.index("CF_WSH")
MULTILINE = '第一行，含"引号"\n第二行,逗号\r\n第三行 ""'


def _row(number: str, **changes: str) -> list[str]:
    values = {**BASE, "CF_WSH": number, **changes}
    return [values.get(code, "") for code in HEADER]


def _number(n: int, prefix: str = "示市监罚") -> str:
    return f"{prefix}〔2026〕{n}号"


def _rows(count: int, *, prefix: str = "示市监罚") -> list[list[str]]:
    """``count`` rows with defects, duplicates in every part and multi-line cells near the cuts."""
    rows = [_row(_number(n, prefix), 内部编号=str(n)) for n in range(1, count + 1)]
    cuts = {count * k // 6 for k in range(1, 6)}  # the middles of jobs=2 and jobs=3 ranges
    for n, row in enumerate(rows):
        if n % 7 == 0 or any(abs(n - c) < 40 for c in cuts):
            row[SY] = MULTILINE + str(n)
        if n % 997 == 5:
            row[0] = ""  # required-missing
        if n % 1999 == 11:
            row[HEADER.index("CF_NR_FK")] = "五千元"  # amount-invalid
    if count < 1_000:
        rows[count - 1][WSH] = rows[1][WSH]
    else:  # duplicates: in the first half, first half → second half, across all three thirds
        for first, later in (
            (10, 200),
            (20, count // 2 + 3),
            (30, count - 2),
            (40, count // 3 + 1),
        ):
            rows[later][WSH] = rows[first][WSH]
        rows[2 * count // 3 + 5][WSH] = rows[40][WSH]
        rows[count // 2 + 50][WSH] = rows[count // 2 + 60][WSH] = _number(999_999, prefix)
    for n in (count // 4, 3 * count // 4):  # rows with text only in a column that is no field
        rows[n] = [""] * (len(HEADER) - 1) + ["仅内部编号"]
    return rows


def _write(path: Path, rows: list[list[str]], *, encoding: str = "utf-8", title: str = "") -> Path:
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        if title:
            writer.writerow([title])
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


Outcome = tuple[list[dict[str, Any]], Any, list[Any], list[Any]]


class Processes:
    """A rule that finds nothing and notes the ids of the processes that checked records."""

    def __init__(self, folder: Path) -> None:
        self.log = folder / "pids.txt"
        self.log.write_text("")
        self._noted: set[int] = set()

    def check(self, values: Mapping[str, Any], context: RuleContext) -> Iterable[Finding]:
        pid = os.getpid()
        if pid not in self._noted:  # a forked worker starts with the parent's set
            self._noted.add(pid)
            with open(self.log, "a") as stream:
                stream.write(f"{pid}\n")
        return ()

    def rule(self) -> Rule:
        return Rule(name="processes", check=self.check)

    def workers(self) -> set[int]:
        """The ids noted so far other than this process's, then forget them."""
        pids = {int(p) for p in self.log.read_text().split()}
        self.log.write_text("")
        self._noted.clear()
        return pids - {os.getpid()}


@pytest.fixture
def processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Processes:
    """Parallel checks allowed for any file size; the rule that tells which processes ran."""
    monkeypatch.setattr(processes_runner, "MIN_PARALLEL_BYTES", 1)
    return Processes(tmp_path)


def _outcome(report: Report) -> Outcome:
    return (
        [i.to_dict() for i in report.issues],
        report.summary,
        list(report.iter_rejected()),
        [f.to_dict() for f in report.files],
    )


def _run(paths: list[Path], jobs: int, watch: Processes | None = None, **options: Any) -> Outcome:
    rules = [watch.rule()] if watch is not None else []
    validator = Validator(as_of=AS_OF, rules=rules)
    report = validator.validate_many(paths, jobs=jobs, **options)
    try:
        return _outcome(report)
    finally:
        report.close()


# -- one large file ---------------------------------------------------------------------------------
def test_jobs_give_the_same_report(tmp_path: Path, processes: Processes) -> None:
    """~30,000 rows with defects, duplicates and multi-line quoted cells: jobs=2 and 3 = jobs=1."""
    path = _write(tmp_path / "big.csv", _rows(30_000), title='示例市 行政处罚 "2026"')
    one = _run([path], 1)
    issues, summary, rejected, files = one
    assert summary.total == 29_998
    assert files[0]["skipped_rows"] == 2
    codes = summary.by_code
    assert codes["duplicate-decision"] == 6
    assert codes["required-missing"] == 31
    assert codes["amount-invalid"] == 16
    assert len(rejected) == summary.invalid > 0
    # records are numbered over the whole file and lines are physical lines
    dup = next(i for i in issues if i["row"] == 30_000 - 1)
    assert dup["code"] == "duplicate-decision"
    assert "第31条记录" in dup["message"]
    for jobs in (2, 3):
        assert _run([path], jobs, processes) == one
        assert len(processes.workers()) >= 2  # it did run in other processes
    assert _run([path], 1, processes) == one
    assert processes.workers() == set()


def test_jobs_with_crlf_and_bom(tmp_path: Path, processes: Processes) -> None:
    """UTF-8 with a BOM and CRLF line ends: the same report."""
    path = tmp_path / "crlf.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(6_000))
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    one = _run([path], 1)
    assert one[1].invalid > 0
    assert _run([path], 2, processes) == one
    assert processes.workers()


def test_gb18030_file(tmp_path: Path, processes: Processes) -> None:
    """A GB18030 CSV checked by two processes gives the report of one."""
    path = _write(tmp_path / "gbk.csv", _rows(6_000), encoding="gb18030", title="行政处罚信息")
    one = _run([path], 1)
    assert one[3][0]["encoding"] == "gb18030"
    assert one[1].invalid > 0
    assert _run([path], 2, processes) == one
    assert processes.workers()


def test_duplicates_across_files(tmp_path: Path, processes: Processes) -> None:
    """Two files with jobs=2: duplicates across them as with jobs=1; the message names the file."""
    a_rows = _rows(4_000)
    b_rows = _rows(4_000, prefix="示市监罚二")
    b_rows[7][WSH] = a_rows[100][WSH]
    b_rows[3_900][WSH] = a_rows[3_950][WSH]
    a = _write(tmp_path / "a.csv", a_rows)
    b = _write(tmp_path / "b.csv", b_rows)
    one = _run([a, b], 1)
    across = [
        i
        for i in one[0]
        if i["file"] == str(b) and i["value"] in (a_rows[100][WSH], a_rows[3_950][WSH])
    ]
    assert [i["row"] for i in across] == [8, 3_901]
    assert all(str(a) in i["message"] and str(a) in i["message_en"] for i in across)
    assert "第101条记录" in across[0]["message"]
    assert _run([a, b], 2, processes) == one
    assert len(processes.workers()) >= 2
    assert _run([a, b], 3) == one


def test_duplicates_across_xlsx_and_csv(tmp_path: Path, processes: Processes) -> None:
    """An XLSX (one process) between two parallel CSV files: duplicates found both ways."""
    a_rows = _rows(3_000)
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(_row(a_rows[2_000][WSH]))  # repeats a.csv
    book.active.append(_row(_number(777_777)))
    x = tmp_path / "x.xlsx"
    book.save(x)
    b_rows = _rows(3_000, prefix="乙罚")
    b_rows[2_500][WSH] = _number(777_777)  # repeats x.xlsx
    a = _write(tmp_path / "a.csv", a_rows)
    b = _write(tmp_path / "b.csv", b_rows)
    one = _run([a, x, b], 1)
    messages = [i["message"] for i in one[0] if i["code"] == "duplicate-decision"]
    assert any(str(a) in m for m in messages)
    assert any(str(x) in m for m in messages)
    assert _run([a, x, b], 2, processes) == one
    assert len(processes.workers()) >= 2


# -- falling back to one process ---------------------------------------------------------------------
def test_small_file_is_checked_in_one_process(tmp_path: Path) -> None:
    """Below MIN_PARALLEL_BYTES no process is started and the report is the same."""
    watch = Processes(tmp_path)
    path = _write(tmp_path / "small.csv", _rows(300))
    assert os.path.getsize(path) < processes_runner.MIN_PARALLEL_BYTES
    one = _run([path], 1)
    assert one[1].invalid > 0
    assert _run([path], 4, watch) == one
    assert watch.workers() == set()


def test_xlsx_is_checked_in_one_process(
    tmp_path: Path, processes: Processes, examples: Path
) -> None:
    """XLSX and JSON Lines files are not split; jobs=2 still gives the right report."""
    book = openpyxl.Workbook()
    book.active.append(["行政处罚信息"])
    book.active.append(HEADER)
    for row in _rows(50):
        book.active.append(row)
    path = tmp_path / "p.xlsx"
    book.save(path)
    one = _run([path], 1)
    assert one[1].total == 48  # two of the 50 rows have text only in 内部编号
    assert one[3][0]["skipped_rows"] == 2
    assert one[1].by_code == {"required-missing": 1, "amount-invalid": 1, "duplicate-decision": 1}
    assert [i["line"] for i in one[0] if i["code"] == "required-missing"] == [3 + 5]
    assert _run([path], 2, processes) == one
    clean = _run([examples / "licenses.jsonl", examples / "penalties.xlsx"], 2, processes)
    assert clean[1].total == 6
    assert clean[1].invalid == 0
    assert processes.workers() == set()


# -- cutting the file ---------------------------------------------------------------------------------
def _record_starts(data: bytes, start: int) -> tuple[list[int], list[list[str]]]:
    """The byte offset where each record after ``start`` begins, and the records."""
    pieces = data[start:].split(b"\n")
    lines = [p + b"\n" for p in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    offsets = [start]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    reader = csv.reader(line.decode("utf-8") for line in lines)
    starts, records, previous = [], [], 0
    for record in reader:
        starts.append(offsets[previous])
        records.append(record)
        previous = reader.line_num
    return starts, records


def _parse_from(data: bytes, offset: int) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(data[offset:].decode("utf-8"), newline=""))


@pytest.mark.parametrize("parts", [2, 3, 5, 16, 200])
def test_split_points_are_record_starts(tmp_path: Path, parts: int) -> None:
    """Every cut is where a record starts, even inside and around a record of many lines."""
    rows = _rows(600)
    rows[300][SY] = "\n".join(f'第{n}行 "引" ,' for n in range(3_000))  # about half the file
    rows[301][SY] = '"\n"\n"'
    path = _write(tmp_path / "long.csv", rows)
    data = path.read_bytes()
    start = data.index(b"\n") + 1  # after the header
    starts, records = _record_starts(data, start)
    assert len(records) == 600
    points = split_points(str(path), start, len(data), parts)
    assert points[0] == start
    assert points[-1] == len(data)
    assert points == sorted(set(points))
    assert len(points) <= parts + 1
    for point in points[1:-1]:
        assert point in starts, point
        index = starts.index(point)
        assert list(_parse_from(data, point)) == records[index:]
    long_start, long_end = starts[300], starts[301]
    assert not any(long_start < p < long_end for p in points)
    if parts >= 5:
        assert len(points) > 3  # cuts are made on both sides of the long record


def test_split_points_of_a_range(tmp_path: Path) -> None:
    """A range that starts inside the file is cut the same way; one part is the whole range."""
    path = _write(tmp_path / "p.csv", _rows(500))
    data = path.read_bytes()
    starts, _records = _record_starts(data, data.index(b"\n") + 1)
    start, end = starts[100], starts[400]
    assert split_points(str(path), start, end, 1) == [start, end]
    points = split_points(str(path), start, end, 4)
    assert points[0] == start
    assert points[-1] == end
    assert len(points) == 5
    assert all(p in starts for p in points)
    assert all(a < b for a, b in itertools.pairwise(points))


# -- behaviour that must not depend on ``jobs`` -------------------------------------------------------
def test_title_of_several_lines_above_the_header(tmp_path: Path, processes: Processes) -> None:
    """A quoted title spanning three lines above the header: jobs=2 checks every record."""
    rows = _rows(3_000)
    path = _write(tmp_path / "title.csv", rows, title="示例市\n行政处罚信息\n2026年11月")
    one = _run([path], 1)
    assert one[3][0]["header_line"] == 4
    first = one[0][0]
    # data from line 5; the first record has two more lines; record 6 is the first defect
    assert (first["row"], first["line"], first["code"]) == (6, 5 + 2 + 5, "required-missing")
    assert _run([path], 2, processes) == one
    assert processes.workers()


def test_carriage_return_inside_a_cell(tmp_path: Path, processes: Processes) -> None:
    """A lone CR inside a quoted cell before the cut: lines as with jobs=1."""
    rows = _rows(3_000)
    rows[1][SY] = "第一段\r第二段"
    path = _write(tmp_path / "cr.csv", rows)
    one = _run([path], 1)
    assert _run([path], 2, processes) == one
    assert processes.workers()


def test_duplicate_number_with_invisible_characters(tmp_path: Path, processes: Processes) -> None:
    """A repeated 决定书文号 with a zero-width space, found across ranges: value cleaned as with jobs=1."""
    rows = _rows(3_000)
    rows[2_900][WSH] = rows[2][WSH] + "\u200b"
    path = _write(tmp_path / "zw.csv", rows)
    one = _run([path], 1)
    found = [i for i in one[0] if i["row"] == 2_901]
    assert [i["value"] for i in found] == [rows[2][WSH]]
    assert _run([path], 2, processes) == one
    assert processes.workers()


def test_sheet_is_honoured_with_jobs(tmp_path: Path, processes: Processes) -> None:
    """--sheet picks the worksheet whatever ``jobs`` is."""
    book = openpyxl.Workbook()
    book.active.title = "好"
    book.active.append(HEADER)
    book.active.append(_row(_number(1)))
    bad = book.create_sheet("坏")
    bad.append(HEADER)
    bad.append(_row(_number(2), CF_XDR_MC=""))
    path = tmp_path / "two.xlsx"
    book.save(path)
    one = _run([path], 1, sheet="坏")
    assert one[3][0]["sheet"] == "坏"
    assert one[1].invalid == 1
    assert _run([path], 2, processes, sheet="坏") == one


def test_a_stray_quote_in_an_unquoted_cell(tmp_path: Path, processes: Processes) -> None:
    """A lone " inside an unquoted cell, then quoted cells with line breaks: the quote
    count no longer tells where records end; the run notices and gives the same report."""
    rows = _rows(3_000)
    path = tmp_path / "stray.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(HEADER) + "\r\n")
        for n, row in enumerate(rows):
            if n == 10:
                row[SY] = '5"屏幕'  # written as is: the csv module reads it as 5"屏幕
                stream.write(",".join(row) + "\r\n")
                continue
            if n % 50 == 0:
                row[SY] = "第一行\n第二行"
            csv.writer(stream).writerow(row)
    one = _run([path], 1)
    assert one[1].total == 3_000
    assert _run([path], 2, processes) == one


@pytest.mark.parametrize("where", [0.2, 0.6, 0.97])
def test_an_unclosed_quote_fails_with_any_number_of_processes(
    tmp_path: Path, processes: Processes, where: float
) -> None:
    """A quote opened and never closed: the same clear error whichever range it falls in."""
    rows = _rows(2_000)
    path = tmp_path / "open-quote.csv"
    opened = int(len(rows) * where)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(HEADER) + "\r\n")
        for n, row in enumerate(rows):
            if n >= opened:  # from here on no quote at all, so the open one runs to the end
                row[SY] = "见附件" if n == opened else "违法事实"
                line = ",".join(row)
                assert '"' not in line
                stream.write(line.replace("见附件", '"见附件') + "\r\n")
                continue
            csv.writer(stream).writerow(row)
    for jobs in (1, 2, 3):
        with pytest.raises(InputError, match="没有闭合"):
            _run([path], jobs, processes)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64) | st.text(alphabet='a"\r\n,', max_size=64).map(str.encode))
def test_the_split_pass_counts_quotes_and_lines_as_the_csv_module(block: bytes) -> None:
    """The split pass's one-pass count (numpy where installed) gives the quotes and the
    line breaks (CR LF, CR, LF) a text stream with ``newline=""`` counts."""
    lines = io.StringIO(block.decode("latin-1"), newline="").readlines()
    breaks = sum(1 for line in lines if line.endswith(("\r", "\n")))
    assert quotes_and_breaks(block) == (block.count(b'"'), breaks)


@pytest.mark.parametrize("sorted_search", [True, False])
def test_decisions_repeated_across_every_range(
    tmp_path: Path, processes: Processes, monkeypatch: pytest.MonkeyPatch, sorted_search: bool
) -> None:
    """Each decision three times at random places: every later one names the first, across
    ranges, whether the parent reduces the keys by sorted search (numpy) or by its index."""
    import random

    import sgs.validation.runners.split as split

    if not sorted_search:
        monkeypatch.setattr(split, "_np", None)
    rng = random.Random(7)
    rows = [_row(_number(n % 3_000), 内部编号=str(n)) for n in range(9_000)]
    rng.shuffle(rows)
    path = _write(tmp_path / "repeated.csv", rows)
    one = _run([path], 1)
    assert one[1].by_code["duplicate-decision"] == 6_000
    for jobs in (2, 5):
        assert _run([path], jobs, processes) == one
