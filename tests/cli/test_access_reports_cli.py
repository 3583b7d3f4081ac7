"""``sgs platform audit subject`` and ``sgs platform audit self-check`` on a real platform.toml."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import json
from pathlib import Path

import openpyxl
import pytest

from sgs.cli.main import main
from sgs.store import AccessEvent, open_store
from sgs.store.received import Incoming

from ..platform.records import CITY, department_code
from ..platform.server import write_config

CLEAR_ID = "410105199003070012"
UNIT = department_code(1)


def _platform(folder: Path, store_url: str | None = None) -> tuple[Path, str]:
    """A platform.toml, a department, two decisions of one person and three events."""
    config = write_config(folder, store_url=store_url)
    url = store_url or "sqlite:///platform.db"
    fields = {"CF_XDR_MC": "张三", "CF_XDR_LB": "自然人", "CF_XDR_ZJHM": CLEAR_ID,
              "CF_WSH": "示罚〔2026〕1号", "CF_JDRQ": "2026-09-01"}  # fmt: skip
    with open_store(url, base_dir=folder) as store:
        department, _ = store.departments.add("示例市市场监督管理局", UNIT)
        store.received.take(department, [
            Incoming("p1", "penalty", "upsert", fields, number="示罚〔2026〕1号"),
            Incoming("p2", "penalty", "upsert", {**fields, "CF_WSH": "示罚〔2026〕2号"}),
            Incoming("q1", "penalty", "upsert", {**fields, "CF_XDR_ZJHM": "110101199001010011"}),
        ], standard="2021", channel="http")  # fmt: skip
        times = iter([dt.datetime(2026, 10, 9, 1, 0, tzinfo=dt.UTC),  # 09:00 Beijing
                      dt.datetime(2026, 10, 9, 12, 0, tzinfo=dt.UTC),  # 20:00: after hours
                      dt.datetime(2026, 10, 10, 2, 0, tzinfo=dt.UTC)])  # fmt: skip
        store.audit.clock = lambda: next(times)
        store.audit.record(AccessEvent(actor="王查询", role="querier", department=UNIT,
                                       action="read", records=("p1",), fields=("CF_XDR_ZJHM",),
                                       purpose="行政审批核查", basis="duty:行政许可审查",
                                       channel="api", detail={"application": "Q-1"}))  # fmt: skip
        store.audit.record(AccessEvent(actor="王查询", role="querier", department=UNIT,
                                       action="read", records=("p2", "q1"),
                                       fields=("CF_XDR_ZJHM",), purpose="核查", channel="api"))  # fmt: skip
        store.audit.record(AccessEvent(actor="钱某", role="querier", department=UNIT,
                                       action="denied", records=("q1",),
                                       detail={"reason": "outside-duty-list"}))  # fmt: skip
    return config, url


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    url = None if request.param == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    return _platform(tmp_path, url)


def test_the_subject_report_is_printed_and_its_making_logged(
    platform: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, url = platform
    status = main(["platform", "audit", "subject", "--config", str(config), "--id-number",
                   CLEAR_ID, "--as", "审计员甲"])  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    data = json.loads(out)
    assert data["subject"] == "410105********0012"
    assert [r["key"] for r in data["records"]] == ["p1", "p2"]
    assert [(a["id"], a["actor"], a["department"]) for a in data["accesses"]] == [
        (1, "王查询", "示例市市场监督管理局"), (2, "王查询", "示例市市场监督管理局")]  # fmt: skip
    assert CLEAR_ID not in out + err
    with open_store(url, base_dir=tmp_path) as store:
        entries = list(store.audit.entries())
        assert store.audit.verify().intact
    logged = entries[-1].event
    assert (logged.action, logged.actor, logged.channel, logged.department) == (
        "export",
        "审计员甲",
        "cli",
        CITY,
    )
    assert (logged.records, logged.fields, logged.result_count) == (("p1", "p2"), (), 2)
    assert CLEAR_ID not in repr([e.to_dict() for e in entries])
    # The next report lists this export too, the platform by its name.
    assert main(["platform", "audit", "subject", "--config", str(config), "--id-number",
                 CLEAR_ID]) == 0  # fmt: skip
    again = json.loads(capsys.readouterr().out)["accesses"][-1]
    assert (again["action"], again["department"], again["channel"]) == (
        "导出",
        "示例市信用信息中心",
        "命令行",
    )
    with open_store(url, base_dir=tmp_path) as store:
        assert list(store.audit.entries())[-1].event.actor == getpass.getuser()


def test_the_subject_report_as_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = _platform(tmp_path)
    target = tmp_path / "主体报告.xlsx"
    assert main(["platform", "audit", "subject", "--config", str(config), "--id-number",
                 CLEAR_ID, "--format", "xlsx", "--output", str(target)]) == 0  # fmt: skip
    book = openpyxl.load_workbook(target)
    values = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert "信用信息查询使用情况报告" in values
    assert "410105********0012" in values
    assert not any(CLEAR_ID in v for v in values)
    assert "已写出" in capsys.readouterr().err


def test_the_self_check_lists_after_hours_unapplied_and_denied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = _platform(tmp_path)
    status = main(["platform", "audit", "self-check", "--config", str(config), "--from",
                   "2026-10-01", "--to", "2026-10-31", "--bulk", "2"])  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    data = json.loads(out)
    assert [e["id"] for e in data["after_hours"]] == [2]
    assert [e["id"] for e in data["bulk_events"]] == [2]
    assert [e["id"] for e in data["reads_without_application"]] == [2]
    assert [(e["actor"], e["reason"]) for e in data["denied"]] == [("钱某", "outside-duty-list")]
    assert data["chain"]["intact"] is True
    with open_store("sqlite:///platform.db", base_dir=tmp_path) as store:
        assert store.audit.count() == 3  # the self-check names no subject: not logged
        with store.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE sgs_access_log SET purpose = '其他' WHERE id = 1")
    html_file = tmp_path / "自查.html"
    assert main(["platform", "audit", "self-check", "--config", str(config), "--from",
                 "2026-10-01", "--to", "2026-10-31", "--format", "html", "--output",
                 str(html_file)]) == 1  # fmt: skip
    assert "第 1 条" in capsys.readouterr().err
    assert "校验未通过" in html_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["subject"], "one of the arguments --code --id-number is required"),
        (["subject", "--code", "914101054JURQ28303", "--id-number", CLEAR_ID], "not allowed"),
        (["subject", "--code", "91410105"], "统一社会信用代码“91410105”无效"),
        (["subject", "--id-number", CLEAR_ID, "--format", "docx"], "须给 --output"),
        (["subject", "--id-number", CLEAR_ID, "--format", "pdf"], "未知的 --format"),
        (["self-check", "--from", "2026-10-31", "--to", "2026-10-01"], "早于开始日"),
        (["self-check", "--from", "2026-10-01", "--to", "2026-13-01"], "YYYY-MM-DD"),
        (["self-check", "--from", "2026-10-01", "--to", "2026-10-31", "--bulk", "0"], "正整数"),
        (["self-check", "--to", "2026-10-31"], "--from"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    config, _ = _platform(tmp_path)
    argv = ["platform", "audit", options[0], "--config", str(config), *options[1:]]
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        status = int(exc.code or 0)
    _out, err = capsys.readouterr()
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    with open_store("sqlite:///platform.db", base_dir=tmp_path) as store:
        assert store.audit.count() == 3  # nothing logged for a report not made


def test_a_department_config_and_the_platforms_own_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = _platform(tmp_path)
    assert main(["platform", "audit", "subject", "--config", str(config), "--id-number",
                 CLEAR_ID, "--format", "json", "--output", str(config)]) == 2  # fmt: skip
    assert config.read_text(encoding="utf-8").startswith("[platform]")
    department = tmp_path / "sgs.toml"
    department.write_text('[department]\nname = "甲局"\ncredit_code = "11410100MB00000005"\n',
                          encoding="utf-8")  # fmt: skip
    assert main(["platform", "audit", "self-check", "--config", str(department), "--from",
                 "2026-10-01", "--to", "2026-10-31"]) == 2  # fmt: skip
    assert "platform.toml" in capsys.readouterr().err


def test_the_id_number_can_come_from_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = _platform(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(CLEAR_ID + "\n"))
    assert main(["platform", "audit", "subject", "--config", str(config), "--id-number", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in data["records"]] == ["p1", "p2"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["platform", "audit", "subject", "--config", str(config), "--id-number", "-"]) == 2
    assert "证件号码为空" in capsys.readouterr().err
