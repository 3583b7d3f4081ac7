"""sgs catalog / roster / ledger on the example department (the README's main job)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sgs.department.catalog import read_catalog
from sgs.department.roster import read_roster

ROOT = Path(__file__).resolve().parents[2]
SGS = str(Path(sys.executable).parent / "sgs")


def sgs(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SGS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def department(tmp_path: Path) -> Path:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    return folder


def test_catalog_import_export_and_coverage(department: Path) -> None:
    result = sgs("sync", "--as-of", "2026-11-26", cwd=department)
    assert result.returncode == 1  # the inbox holds a few defects
    result = sgs("catalog", "import", "目录.xlsx", "--from", "2026-01-01", cwd=department)
    assert result.returncode == 0, result.stderr
    result = sgs("catalog", "coverage", cwd=department)
    assert result.returncode == 1  # 广告法 cases are not in the catalog
    assert "违反《中华人民共和国广告法》" in result.stdout
    assert "对价格违法行为的处罚" in result.stdout
    out = department / "exported.xlsx"
    assert sgs("catalog", "export", out, cwd=department).returncode == 0
    assert read_catalog(out) == read_catalog(department / "目录.xlsx")


def test_roster_check_import_export(department: Path) -> None:
    result = sgs("roster", "check", "联络员.xlsx", cwd=department)
    assert result.returncode == 1
    assert "roster-no-coordinator" in result.stdout
    assert sgs("roster", "import", "联络员.xlsx", cwd=department).returncode == 1
    out = department / "exported.xlsx"
    assert sgs("roster", "export", out, cwd=department).returncode == 0
    assert read_roster(out) == read_roster(department / "联络员.xlsx")


def test_ledger_commands(department: Path) -> None:
    sgs("sync", "--as-of", "2026-11-26", cwd=department)
    status = sgs("ledger", "status", cwd=department)
    assert status.returncode == 0
    assert "accepted         393" in status.stdout
    overdue = sgs("ledger", "overdue", "--as-of", "2026-11-26", cwd=department)
    assert "逾期报送 pushed late" in overdue.stdout
    assert sgs("ledger", "export", "台账.csv", cwd=department).returncode == 0
    header = (department / "台账.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith(
        "序号,行政决定书文号,项目名称/案件名称,行政决定日期,向同级信用平台报送日期"
    )


def test_the_ledger_export_is_chinese_with_real_cells(department: Path) -> None:
    """状态 in Chinese, 序号 a number, dates date cells, a frozen header (issue 12 #5)."""
    import datetime as dt

    import openpyxl

    sgs("sync", "--as-of", "2026-11-26", cwd=department)
    assert sgs("ledger", "export", "台账.xlsx", cwd=department).returncode == 0
    sheet = openpyxl.load_workbook(department / "台账.xlsx").active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, sheet[2], strict=True))
    assert first["序号"].value == 1
    assert isinstance(first["行政决定日期"].value, dt.datetime)
    assert first["行政决定日期"].is_date
    assert isinstance(first["向同级信用平台报送日期"].value, dt.datetime)
    assert first["状态"].value == "已接收"
    assert isinstance(first["报送次数"].value, int)
    widths = [sheet.column_dimensions[c].width for c in "ABCD"]
    assert all(w and w >= 10 for w in widths)
    assert sgs("ledger", "export", "台账.csv", cwd=department).returncode == 0
    line = (department / "台账.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert line.startswith("1,")
    assert "已接收" in line


def test_missing_config_is_status_2(tmp_path: Path) -> None:
    result = sgs("ledger", "status", cwd=tmp_path)
    assert result.returncode == 2
    assert "sgs.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_ledger_round_trips_through_the_annex_2_layout(department: Path, tmp_path: Path) -> None:
    """A ledger exported in the 附件2 layout imports into another department's store."""
    import openpyxl

    from sgs.store import open_store

    sgs("sync", "--as-of", "2026-11-26", cwd=department)
    assert sgs("ledger", "export", "台账.xlsx", cwd=department).returncode == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "sgs.toml").write_text(
        (department / "sgs.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    # the penalties only: drop the licence rows and add a title row, as a hand-kept 台账 has
    book = openpyxl.load_workbook(department / "台账.xlsx")
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    kept = [rows[0], *[r for r in rows[1:] if r[7] == "行政处罚" and r[9] == "已接收"]]
    out = openpyxl.Workbook()
    out.active.append(["示例市市场监督管理局行政处罚台账"])
    for row in kept:
        out.active.append(list(row))
    out.save(fresh / "台账.xlsx")
    result = sgs("ledger", "import", "台账.xlsx", "--kind", "penalty", cwd=fresh)
    assert result.returncode == 0, result.stderr
    with open_store("sqlite:///sgs.db", base_dir=fresh) as store:
        counts = store.ledger.status_counts()
        frame = store.ledger_frame()
    assert counts == {"accepted": len(kept) - 1}
    assert len(frame) == len(kept) - 1
    assert set(frame["kind"]) == {"penalty"}
    # importing again adds nothing
    again = sgs("ledger", "import", "台账.xlsx", "--kind", "penalty", cwd=fresh)
    assert "新增 0 条" in again.stdout


# A made-up notice: no chinesecalendar release will cover 2090 soon, and none 2091.
NOTICE_2090 = """\
year = 2090
source = "测试：2090年部分节假日安排（虚构）"

[[holidays]]
name = "国庆节"
start = 2090-10-01
end = 2090-10-07
"""

NOTICE_2091 = """\
year = 2091
source = "测试：2091年部分节假日安排（虚构）"

[[holidays]]
name = "元旦"
start = 2091-01-01
end = 2091-01-01
"""

LEDGER_2090 = """\
序号,行政决定书文号,项目名称/案件名称,行政决定日期,向同级信用平台报送日期,部门网站“双公示”系统推送日期,备注
1,罚〔2090〕1号,未报送、期限已知,2090-12-01,,,
2,罚〔2090〕2号,期限落在2091年,2090-12-28,,,
3,罚〔2090〕3号,2091年才报送,2090-11-01,2091-01-05,,
4,罚〔2090〕4号,按时,2090-06-01,2090-06-05,,
"""


def _ledger_2090(tmp_path: Path, notices: list[str]) -> Path:
    folder = tmp_path / "dept"
    folder.mkdir()
    for name, text in (("2090.toml", NOTICE_2090), ("2091.toml", NOTICE_2091)):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "sgs.toml").write_text(
        '[department]\nname = "示例局"\ncredit_code = "11410100MB00000005"\n'
        '[source]\ntype = "file"\npath = "in.csv"\n'
        '[transport]\ntype = "directory"\npath = "outbox"\n'
        f"[calendar]\nholidays = {notices!r}\n".replace("'", '"'),
        encoding="utf-8",
    )
    (folder / "台账.csv").write_text(LEDGER_2090, encoding="utf-8-sig")
    result = sgs("ledger", "import", "台账.csv", "--kind", "penalty", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


def _line(stdout: str, title: str, number: str) -> str:
    """The line of ``number`` in the section ``title`` of `sgs ledger overdue` ("" if absent)."""
    lines = stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(title)), len(lines))
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        if f" {number} " in line:
            return line
    return ""


def test_a_missing_holiday_schedule_never_hides_an_overdue_record(tmp_path: Path) -> None:
    """2090 known, 2091 not: entries stay listed; counts and deadlines are marked unknown."""
    folder = _ledger_2090(tmp_path, ["2090.toml"])
    result = sgs("ledger", "overdue", "--as-of", "2091-01-10", cwd=folder)
    assert result.returncode == 1, result.stderr  # something is overdue
    # 1 (decided Fri 2090-12-01): the 7th working day after is Tue 12-12; counting past it
    # up to 2091-01-10 needs 2091
    line = _line(result.stdout, "已逾期未报送", "罚〔2090〕1号")
    assert "期限 deadline 2090-12-12" in line
    assert "工作日数待节假日安排" in line
    assert "工作日数待节假日安排" in _line(result.stdout, "逾期报送", "罚〔2090〕3号")
    assert "期限 deadline —" in _line(result.stdout, "无法计算期限", "罚〔2090〕2号")
    assert "罚〔2090〕4号" not in result.stdout  # pushed on time
    assert "缺少2091年的节假日安排" in result.stderr
    assert "Traceback" not in result.stderr


def test_deadlines_are_filled_in_once_the_year_is_supplied(tmp_path: Path) -> None:
    """With the 2091 notice added, the unknowns are counted and the deadline is stored."""
    from sgs.store import open_store

    folder = _ledger_2090(tmp_path, ["2090.toml"])
    assert sgs("ledger", "overdue", "--as-of", "2091-01-10", cwd=folder).returncode == 1
    config = (folder / "sgs.toml").read_text(encoding="utf-8")
    (folder / "sgs.toml").write_text(
        config.replace('["2090.toml"]', '["2090.toml", "2091.toml"]'), encoding="utf-8"
    )
    result = sgs("ledger", "overdue", "--as-of", "2091-01-10", cwd=folder)
    assert result.returncode == 1, result.stderr
    assert "无法计算期限" not in result.stdout
    assert "工作日数待节假日安排" not in result.stdout
    assert "缺少" not in result.stderr
    # 2 (decided Thu 2090-12-28): the 7th working day after, 1 January a holiday: Tue 01-09
    line = _line(result.stdout, "已逾期未报送", "罚〔2090〕2号")
    assert "期限 deadline 2091-01-09" in line
    assert "late by 1 个工作日" in line
    # 1: Dec 13-15, 18-22, 25-29, Jan 2-5, 8-10 are 20 working days past 2090-12-12
    assert "late by 20 个工作日" in _line(result.stdout, "已逾期未报送", "罚〔2090〕1号")
    with open_store("sqlite:///sgs.db", base_dir=folder) as store:
        stored = {row.number: row.deadline for row in store.ledger.entries()}
    assert stored["罚〔2090〕2号"] == dt.date(2091, 1, 9)


def test_ledger_import_takes_the_stores_lock(
    department: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """issue 11 #5: an import writes the ledger, so it waits for no sync and no sync for it."""
    from sgs.cli import main
    from sgs.store import open_store

    ledger = department / "台账.csv"
    ledger.write_text(
        "序号,行政决定书文号,项目名称/案件名称,行政决定日期,向同级信用平台报送日期,"
        "部门网站“双公示”系统推送日期,备注\n1,罚〔2026〕1号,案件,2026-11-02,2026-11-05,,\n",
        encoding="utf-8-sig",
    )
    args = ["ledger", "import", str(ledger), "--kind", "penalty"]
    args += ["--config", str(department / "sgs.toml")]
    with open_store("sqlite:///sgs.db", base_dir=department, lock=True) as running:
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "另一个同步正在运行" in err
        assert "another sync is running" in err
        assert str(department / "sgs.db") in err
        assert running.ledger.status_counts() == {}  # nothing was imported
    assert main(args) == 0
    with open_store("sqlite:///sgs.db", base_dir=department) as store:
        assert store.ledger.status_counts() == {"accepted": 1}
