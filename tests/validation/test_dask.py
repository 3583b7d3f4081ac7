"""Tests of validation on a Dask cluster: the report of the cluster is the report of one process.

A real ``LocalCluster`` of two worker processes (one thread each) checks
generated files — duplicates across the split points, line breaks inside
quoted cells, blank rows, CR LF / LF / CR line ends, GB18030, a title line
above the header, defects of several issue codes — and every issue, count,
file summary and rejected row must equal those of ``jobs=1``.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import os
import socket
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import distributed
import pytest

import sgs
import sgs.validation.runners.dask as dask_runner
from sgs.errors import InputError, SgsError
from sgs.standard import Kind
from sgs.validation import Finding, Report, Rule, RuleContext, Validator
from sgs.validation.runners.split import Job, Range, check_range, data_start, split_ranges

AS_OF = dt.date(2026, 11, 26)

HEADER = [
    "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_FRDB", "CF_XDR_ZJLX", "CF_XDR_ZJHM", "CF_WSH",
    "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_JDRQ", "CF_YXQ", "CF_CFJG",
    "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ", "内部编号",
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
MULTILINE = '第一行，含"引号"\n第二行,逗号\r\n第三行 ""'
#: A defect every so many rows, each of another issue code.
DEFECTS: dict[int, dict[str, str]] = {
    211: {"CF_XDR_MC": ""},  # required-missing
    307: {"CF_NR_FK": "五千元"},  # an amount that is no number
    401: {"CF_JDRQ": "2026/13/45"},  # no such date
    503: {"CF_XDR_SHXYM": "91410100MA3X5AB157"},  # a wrong check character
    601: {"CF_XDR_ZJHM": "410105198513121235"},  # an ID number with no such birth date
    709: {"CF_JDRQ": "2027/01/05", "CF_YXQ": "2027/01/05"},  # in the future
    809: {"CF_CFLB": "罚没"},  # not a category
    907: {"CF_NR_FK": "20000"},  # 元 entered as 万元
}


def _rows(count: int, seed: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for n in range(1, count + 1):
        base = PERSON if n % 3 == 0 else COMPANY
        values = {**base, "CF_WSH": f"示市监罚〔2026〕{seed}{n:06d}号", "内部编号": str(n)}
        if n % 7 == 0:
            values["CF_SY"] = f"{MULTILINE}{n}"
        for every, change in DEFECTS.items():
            if n % every == seed % 5:
                values.update(change)
        if n % 907 == seed % 5 and base is PERSON:
            values["CF_NR"] = "罚款20000元"
        rows.append([values.get(code, "") for code in HEADER])
    # decisions repeated across ranges: the first occurrence wins wherever the cuts fall
    for later in range(150, count, 97):
        rows[later][HEADER.index("CF_WSH")] = rows[later - 143][HEADER.index("CF_WSH")]
    rows[count - 1][HEADER.index("CF_WSH")] = rows[0][HEADER.index("CF_WSH")]
    for n in range(250, count, 500):  # a blank row, and a row with text only in an extra column
        rows[n] = [""] * len(HEADER)
        rows[n + 1] = [""] * (len(HEADER) - 1) + ["仅内部编号"]
    return rows


def write_file(
    path: Path,
    count: int,
    *,
    seed: int = 1,
    encoding: str = "utf-8",
    title: str = "",
    terminator: str = "\r\n",
) -> Path:
    """A penalty file of ``count`` rows (see the module documentation)."""
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, lineterminator=terminator)
        if title:
            writer.writerow([title])
        writer.writerow(HEADER)
        writer.writerows(_rows(count, seed))
    return path


Outcome = tuple[list[dict[str, Any]], Any, list[Any], list[Any]]


def outcome(report: Report) -> Outcome:
    """Everything a report says: issues, counts, rejected rows as received, file summaries."""
    try:
        return (
            [i.to_dict() for i in report.issues],
            report.summary,
            list(report.iter_rejected()),
            [f.to_dict() for f in report.files],
        )
    finally:
        report.close()


class Pids:
    """A rule that finds nothing and notes the ids of the processes that checked records."""

    def __init__(self, folder: Path) -> None:
        self.log = folder / "pids.txt"
        self.log.write_text("")

    def check(self, values: Mapping[str, Any], context: RuleContext) -> Iterable[Finding]:
        with open(self.log, "a") as stream:
            stream.write(f"{os.getpid()}\n")
        return ()

    def rule(self) -> Rule:
        return Rule(name="pids", check=self.check)

    def seen(self) -> set[int]:
        return {int(p) for p in self.log.read_text().split()}


class DieOnce:
    """A rule that ends its worker process the first time it runs anywhere (then never)."""

    def __init__(self, folder: Path) -> None:
        self.marker = folder / "died"

    def check(self, values: Mapping[str, Any], context: RuleContext) -> Iterable[Finding]:
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return ()
        os._exit(1)  # a worker that dies mid-task

    def rule(self) -> Rule:
        return Rule(name="die-once", check=self.check)


def _unpickle_fails() -> None:
    raise RuntimeError("这个规则在工作进程上无法还原")


class Unloadable:
    """A rule that pickles in the client but cannot be unpickled on a worker."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_unpickle_fails, ())

    def __call__(self, values: Mapping[str, Any], context: RuleContext) -> Iterable[Finding]:
        return ()


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A local cluster of two worker processes, one thread each."""
    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,  # type: ignore[no-untyped-call]
    ):
        yield connected


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file goes to the cluster, in ranges of 64 KiB (many cuts, many cross-range keys)."""
    monkeypatch.setattr(dask_runner, "MIN_CLUSTER_BYTES", 1)
    monkeypatch.setattr(dask_runner, "PARTITION_BYTES", 64 * 1024)


def _both(
    paths: list[Path], client: Any, watch: Pids | None = None, **options: Any
) -> tuple[Outcome, Outcome, set[int]]:
    """The outcomes on the cluster and in this process, and the processes that checked
    records in the cluster run (with ``watch``)."""
    rules = [watch.rule()] if watch is not None else []
    cluster = outcome(Validator(as_of=AS_OF, scheduler=client, rules=rules, **options)
                      .validate_many(paths))  # fmt: skip
    seen = watch.seen() if watch is not None else set()
    alone = outcome(Validator(as_of=AS_OF, rules=rules, **options).validate_many(paths))
    return cluster, alone, seen


# -- the split pass --------------------------------------------------------------------------


@pytest.mark.parametrize("terminator", ["\r\n", "\n"])
def test_split_pass_counts_the_line_each_range_starts_on(tmp_path: Path, terminator: str) -> None:
    path = write_file(tmp_path / "f.csv", 2_000, title="示例市行政处罚", terminator=terminator)
    data = path.read_bytes()
    start, line = data_start(str(path), 2)
    assert line == 3  # a title line, the header, then the first record
    ranges = split_ranges(str(path), start, len(data), 13, line)
    assert len(ranges) == 13
    assert ranges[0].start == start
    assert ranges[-1].end == len(data)
    for before, after in itertools.pairwise(ranges):
        assert before.end == after.start
    text = data.decode()
    for part in ranges:
        head = data[: part.start].decode()
        naive = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
        assert part.line == naive
        # every cut is at a record: an even number of quotes before it
        assert text[: len(head)].count('"') % 2 == 0


def test_a_block_read_that_ends_between_cr_and_lf_counts_one_break(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sgs.validation.runners.split as split

    path = tmp_path / "crlf.csv"
    path.write_bytes(b"a,b\r\n" + b"x,y\r\n" * 400)
    monkeypatch.setattr(split, "_BLOCK", 4)  # blocks of 4 bytes: "x,y\r" | "\nx,y" ...
    ranges = split.split_ranges(str(path), 5, path.stat().st_size, 7, 2)
    for part in ranges:
        assert part.line == 2 + (part.start - 5) // 5


# -- the report is the report of one process -------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "encoding", "title", "terminator"),
    [
        (1, "utf-8", "", "\r\n"),
        (2, "gb18030", "示例市行政处罚决定", "\r\n"),
        (3, "utf-8-sig", "", "\n"),
    ],
)
def test_the_cluster_report_is_the_report_of_one_process(
    tmp_path: Path, client: Any, small: None, seed: int, encoding: str, title: str,
    terminator: str,
) -> None:  # fmt: skip
    pids = Pids(tmp_path)
    path = write_file(tmp_path / "f.csv", 5_000, seed=seed, encoding=encoding, title=title,
                      terminator=terminator)  # fmt: skip
    cluster, alone, seen = _both([path], client, pids)
    assert cluster == alone
    issues, summary = cluster[0], cluster[1]
    assert summary.total > 4_900
    assert summary.invalid > 100
    assert len(summary.by_code) >= 6, summary.by_code
    assert summary.by_code["duplicate-decision"] >= 40
    assert {i["code"] for i in issues} >= {"duplicate-decision", "required-missing"}
    assert cluster[3][0]["skipped_rows"] > 0  # the rows with text only in an extra column
    assert len(seen) == 2  # both workers checked records, this process none
    assert os.getpid() not in seen


def test_several_files_one_report_with_duplicates_across_files(
    tmp_path: Path, client: Any, small: None
) -> None:
    first = write_file(tmp_path / "a.csv", 3_000, seed=1)
    second = write_file(tmp_path / "b.csv", 3_000, seed=1, encoding="gb18030")  # same decisions
    cluster, alone, _ = _both([first, second], client)
    assert cluster == alone
    assert cluster[1].by_code["duplicate-decision"] > 2_900  # the second file repeats the first


def test_duplicates_between_a_file_checked_here_and_one_checked_on_the_cluster(
    tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small file is checked in this process, a large one by the workers, whose Python
    hashes texts with a seed of their own: the decision keys still meet."""
    monkeypatch.setattr(dask_runner, "PARTITION_BYTES", 64 * 1024)
    first = write_file(tmp_path / "a.csv", 300, seed=2)  # under MIN_CLUSTER_BYTES
    second = write_file(tmp_path / "b.csv", 3_000, seed=2)
    monkeypatch.setattr(dask_runner, "MIN_CLUSTER_BYTES", first.stat().st_size + 1)
    cluster, alone, _ = _both([first, second], client)
    assert cluster == alone
    assert cluster[1].by_code["duplicate-decision"] >= 300  # the first file's decisions again


def test_sgs_validate_with_a_client_and_severities(
    tmp_path: Path, client: Any, small: None
) -> None:
    path = write_file(tmp_path / "f.csv", 3_000, seed=4)
    severity = {"duplicate-decision": "warning", "decision-in-future": "off"}
    cluster = outcome(sgs.validate(path, as_of=AS_OF, severity=severity, scheduler=client,
                                   plugins=False))  # fmt: skip
    alone = outcome(sgs.validate(path, as_of=AS_OF, severity=severity, plugins=False))
    assert cluster == alone
    assert cluster[1].warnings > 0


def test_a_small_file_is_checked_here(tmp_path: Path, client: Any) -> None:
    pids = Pids(tmp_path)
    path = write_file(tmp_path / "f.csv", 200)
    assert path.stat().st_size < dask_runner.MIN_CLUSTER_BYTES
    cluster, alone, seen = _both([path], client, pids)
    assert cluster == alone
    assert seen == {os.getpid()}


# -- failures ----------------------------------------------------------------------------------


def test_a_worker_that_dies_mid_task_is_replaced_and_the_report_is_complete(
    tmp_path: Path, client: Any, small: None
) -> None:
    path = write_file(tmp_path / "f.csv", 4_000, seed=2)
    die = DieOnce(tmp_path)
    cluster = outcome(Validator(as_of=AS_OF, rules=[die.rule()], scheduler=client)
                      .validate_many([path]))  # fmt: skip
    assert die.marker.exists()  # a worker did die
    alone = outcome(Validator(as_of=AS_OF, rules=[die.rule()]).validate_many([path]))
    assert cluster == alone
    assert cluster[1].total > 3_900
    client.wait_for_workers(2, timeout=60)


def test_a_failing_task_is_an_error_naming_the_file_and_range(
    tmp_path: Path, client: Any, small: None
) -> None:
    path = write_file(tmp_path / "f.csv", 2_000)
    rule = Rule(name="unloadable", check=Unloadable())
    validator = Validator(as_of=AS_OF, rules=[rule], scheduler=client)
    with pytest.raises(InputError) as caught:
        validator.validate_many([path])
    assert caught.value.path == str(path)
    assert "Dask" in caught.value.message_zh
    assert "range" in caught.value.message_en
    report = validator.validate_many([path], skip_unusable=True)
    assert [u["file"] for u in report.unusable] == [str(path)]
    assert not report.files


def test_a_worker_that_sees_another_file_says_so(tmp_path: Path) -> None:
    path = write_file(tmp_path / "f.csv", 50)
    settings = Validator(as_of=AS_OF).settings()
    with sgs.read(path) as reader:
        columns, empty = reader.columns, reader.empty_markers
    job = Job(str(path), "utf-8", ",", Kind.PENALTY, columns, empty, False, size=1)
    chunk = check_range(settings, job, Range(0, 10, 1), spill=False)
    assert chunk.error is not None
    assert "共享存储" not in chunk.error[0]
    assert "1 字节" in chunk.error[0]
    assert "another file" in chunk.error[1]
    gone = Job(str(tmp_path / "nowhere.csv"), "utf-8", ",", Kind.PENALTY, columns, empty, False)
    chunk = check_range(settings, gone, Range(0, 10, 1), spill=False)
    assert chunk.error is not None
    assert "共享存储" in chunk.error[0]
    assert "same path" in chunk.error[1]


def test_a_missing_distributed_package_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    path = write_file(tmp_path / "f.csv", 10)
    with pytest.raises(SgsError) as caught:
        Validator(as_of=AS_OF, scheduler="local:2").validate(path)
    assert "pip install 'shuanggongshi[dask]'" in caught.value.message_zh
    assert "distributed" in caught.value.message_en


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_scheduler_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_runner, "CONNECT_TIMEOUT", 2)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    path = write_file(tmp_path / "f.csv", 10)
    with pytest.raises(SgsError) as caught:
        Validator(as_of=AS_OF, scheduler=address).validate(path)
    assert address in caught.value.message_zh
    assert "cannot reach" in caught.value.message_en


def test_a_scheduler_without_workers_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: None
) -> None:
    monkeypatch.setattr(dask_runner, "CONNECT_TIMEOUT", 1)
    path = write_file(tmp_path / "f.csv", 500)
    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=0, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as empty,  # type: ignore[no-untyped-call]
        pytest.raises(SgsError) as caught,
    ):
        Validator(as_of=AS_OF, scheduler=empty).validate(path)
    assert "没有工作进程" in caught.value.message_zh
    assert "has no workers" in caught.value.message_en


@pytest.mark.parametrize(
    "text", ["local:0", "local:x", "local", "http:/x", "", "tcp://h:p", "tcp://h"]
)
def test_a_malformed_scheduler_is_refused_at_once(text: str) -> None:
    with pytest.raises(SgsError) as caught:
        Validator(scheduler=text)
    assert "local:N" in caught.value.message_zh


def test_local_n_starts_and_stops_its_own_cluster(tmp_path: Path, small: None) -> None:
    pids = Pids(tmp_path)
    path = write_file(tmp_path / "f.csv", 1_500)
    cluster = outcome(sgs.validate(path, as_of=AS_OF, rules=[pids.rule()], scheduler="local:2",
                                   plugins=False))  # fmt: skip
    alone = outcome(sgs.validate(path, as_of=AS_OF, rules=[pids.rule()], plugins=False))
    assert cluster == alone
    assert len(pids.seen() - {os.getpid()}) == 2
