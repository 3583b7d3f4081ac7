"""What departments hand in and declare, through the CLI: groups, documents, the 月报表."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sgs.cli.main import main
from sgs.io.declaration_form import DeclarationSheet, DeclaredCounts, write_declaration_form

ROOT = Path(__file__).resolve().parents[2]
DEPARTMENT = "11410100MB00000005"  # the example department
OTHER = "11410100MB0000002B"
MINIMAL = '[platform]\nname = "示例市信用信息中心"\ncredit_code = "12410100MB00000002"\n'


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    path = tmp_path / "platform.toml"
    text = MINIMAL + "[reports]\ndeclaration_day = 12\n"
    if request.param == "postgresql":
        text += f'[store]\nurl = "{request.getfixturevalue("fresh_postgres_url")}"\n'
    path.write_text(text, encoding="utf-8")
    config = str(path)
    assert main(["platform", "departments", "add", "--config", config, "--name",
                 "示例市市场监督管理局", "--code", DEPARTMENT]) == 0  # fmt: skip
    assert main(["platform", "departments", "add", "--config", config, "--name", "金水区局",
                 "--code", OTHER, "--group", "金水区"]) == 0  # fmt: skip
    return config


def test_groups_are_set_and_listed(platform: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["platform", "departments", "list", "--config", platform]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "市直部门" in listed[0]
    assert "金水区" in listed[1]
    assert main(["platform", "departments", "group", OTHER, "市直部门", "--config", platform]) == 0
    assert main(["platform", "departments", "group", DEPARTMENT, "郑东新区",
                 "--config", platform]) == 0  # fmt: skip
    capsys.readouterr()
    main(["platform", "departments", "list", "--config", platform])
    listed = capsys.readouterr().out.splitlines()
    assert "郑东新区" in listed[0]
    assert "市直部门" in listed[1]
    assert main(["platform", "departments", "group", "11410100MB00000018", "金水区",
                 "--config", platform]) == 2  # fmt: skip


ROSTER_HEADER = "单位名称,姓名,职务,办公电话,手机,邮箱,备注\n"


@pytest.mark.parametrize(
    ("rows", "complete", "detail"),
    [
        ("局,张雅丽,科长,0371-67177793,,zhang@example.gov.cn,\n局,李四,,,13812345678,,\n",
         "完整 complete", "张雅丽"),
        ("局,张雅丽,科长,,13812345678,,\n", "不完整 incomplete", "张雅丽：缺少邮箱"),
        ("局,,,,,,\n", "不完整 incomplete", "没有联络员"),
        ("局,王五,,,,wang@example.gov.cn,\n", "不完整 incomplete", "王五：缺少手机或办公电话"),
    ],
)  # fmt: skip
def test_a_roster_is_recorded_as_complete_or_not_without_its_numbers(
    platform: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    rows: str, complete: str, detail: str,
) -> None:  # fmt: skip
    roster = tmp_path / "联络员.csv"
    roster.write_text(ROSTER_HEADER + rows, encoding="utf-8")
    assert main(["platform", "documents", "add", "--config", platform, "--department",
                 DEPARTMENT, "--type", "roster", "--date", "2019-11-27",
                 "--file", str(roster)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["platform", "documents", "list", "--config", platform]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    fields = line.split("\t")
    assert fields[1:4] == [DEPARTMENT, "联络员名单", "2019-11-27"]
    assert (fields[5], fields[6]) == (complete, detail)
    assert "138" not in line
    assert "@" not in line  # no phone, no e-mail kept


def test_documents_with_a_catalog_file_and_without(
    platform: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "目录.csv"
    catalog.write_text(
        "序号,行政决定部门,行政职权类别,项目名称,设定依据,行政相对人\n"
        "1,市场监管局,行政许可,食品经营许可,《食品安全法》第三十五条,法人\n"
        ",,,药品零售许可,《药品管理法》第五十二条,法人\n"
        ",,行政处罚,对无证经营的处罚,《无证无照经营查处办法》,法人\n",
        encoding="utf-8",
    )
    assert main(["platform", "documents", "add", "--config", platform, "--department",
                 DEPARTMENT, "--type", "catalog", "--date", "2019-11-26", "--version", "2019版",
                 "--file", str(catalog)]) == 0  # fmt: skip
    assert main(["platform", "documents", "add", "--config", platform, "--department", OTHER,
                 "--type", "progress_plan", "--date", "2019-11-28", "--note", "暂无工作方案"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["platform", "documents", "list", "--config", platform,
                 "--department", DEPARTMENT]) == 0  # fmt: skip
    (line,) = capsys.readouterr().out.splitlines()
    assert line.split("\t")[2:7] == ["目录", "2019-11-26", "2019版", "", "3 项"]
    assert main(["platform", "documents", "add", "--config", platform, "--department",
                 "11410100MB00000018", "--type", "catalog", "--date", "2019-11-26"]) == 2  # fmt: skip
    assert main(["platform", "documents", "add", "--config", platform, "--department", OTHER,
                 "--type", "work_plan", "--date", "2019-11-26", "--file", str(catalog)]) == 2  # fmt: skip


def test_the_form_goes_from_the_ledger_to_the_platform_and_into_its_report(
    platform: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    config = str(folder / "sgs.toml")
    assert main(["sync", "--config", config, "--as-of", "2026-11-26"]) == 1  # defects: 1
    form = tmp_path / "月报表.xlsx"
    assert main(["report", "declaration", "--config", config, "--month", "2026-11",
                 "--as-of", "2026-11-26", "--out", str(form),
                 "--web-url", "https://scjg.example.gov.cn/sgs"]) == 0  # fmt: skip
    assert "应于 2026-12-10 前报送" in capsys.readouterr().err
    assert main(["platform", "declarations", "add", str(form), "--config", platform,
                 "--received", "2026-12-14"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["platform", "declarations", "list", "--config", platform,
                 "--month", "2026-11"]) == 0  # fmt: skip
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [line[:3] for line in lines] == [[DEPARTMENT, "2026-11", "license"],
                                            [DEPARTMENT, "2026-11", "penalty"]]  # fmt: skip
    penalty = lines[1]
    # The monthly report of the same ledger: 239 November penalties with a date, 4 invalid.
    produced, reported, unreported = int(penalty[3]), int(penalty[5]), int(penalty[6])
    assert produced == 239
    assert reported + unreported == produced
    assert "校验未通过 4 条" in penalty[7]
    assert penalty[8] == "2026-12-14 00:00"
    assert main(["report", "monthly", "--config", platform, "--month", "2026-11",
                 "--as-of", "2026-12-20"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert report["declaration_due"] == "2026-12-14"  # [reports] declaration_day = 12: a Saturday
    assert report["declared_late"] == []  # received on the due day
    assert report["undeclared"] == [{"name": "金水区局", "code": OTHER}]
    (unit,) = report["units"]  # sent nothing to this platform: shown for its declaration
    assert unit["gap"]["penalty"] == reported
    assert unit["declared"]["penalty"]["produced"] == 239


def _form(path: Path) -> str:
    counts = DeclaredCounts(produced=3, published=3, reported=2, unreported=1)
    write_declaration_form(str(path), [DeclarationSheet(unit="示例市市场监督管理局",
                           code=DEPARTMENT, month="2026-11", counts={"penalty": counts})])  # fmt: skip
    return str(path)


def _cells(path: Path, changes: dict[str, str]) -> str:
    """A 月报表 whose row 4 cells ``changes`` (by column letter) are texts put over."""
    import openpyxl

    _form(path)
    book = openpyxl.load_workbook(path)
    for column, value in changes.items():
        book.active[f"{column}4"] = value
    book.save(path)
    return str(path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"I": "-1"}, "行政处罚产生数量”应为不小于 0 的整数（现为“-1”）"),
        ({"K": "2.5"}, "行政处罚报送数量”应为不小于 0 的整数"),
        ({"L": "三"}, "行政处罚未报送数量”应为不小于 0 的整数"),
        ({"L": "0"}, "报送数量 2 + 未报送数量 0 ≠ 产生数量 3"),
        ({"J": ""}, "“行政处罚本单位公示数量”未填写"),
        ({"C": "十一月"}, "“月份”应为 YYYY-MM"),
        ({"A": ""}, "“单位名称”未填写"),
        ({"B": "11410100MB00000018"}, "统一社会信用代码 11410100MB00000018 未登记"),
    ],
)
def test_a_bad_form_is_refused_naming_the_file_row_and_field(
    platform: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    changes: dict[str, str], message: str,
) -> None:  # fmt: skip
    good = _form(tmp_path / "好.xlsx")
    bad = _cells(tmp_path / "坏.xlsx", changes)
    capsys.readouterr()
    assert main(["platform", "declarations", "add", good, bad, "--config", platform]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4" in err
    assert message in err
    assert "Traceback" not in err
    main(["platform", "declarations", "list", "--config", platform, "--month", "2026-11"])
    assert capsys.readouterr().out == ""  # nothing of the good file either


def test_a_form_without_a_code_is_matched_by_department_or_name(
    platform: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nameless = _cells(tmp_path / "无代码.xlsx", {"B": ""})
    assert main(["platform", "declarations", "add", nameless, "--config", platform]) == 0
    assert "未填写未报送依据" in capsys.readouterr().err  # 1 unreported, no grounds: a warning
    assert main(["platform", "declarations", "add", nameless, "--config", platform,
                 "--department", OTHER]) == 0  # fmt: skip
    other = _cells(tmp_path / "他人.xlsx", {"A": "某局", "B": ""})
    assert main(["platform", "declarations", "add", other, "--config", platform]) == 2
    assert "“某局”未登记" in capsys.readouterr().err
    assert main(["platform", "declarations", "add", _form(tmp_path / "f.xlsx"),
                 "--config", platform, "--department", OTHER]) == 2  # fmt: skip
    main(["platform", "declarations", "list", "--config", platform, "--month", "2026-11"])
    codes = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert codes == [DEPARTMENT, OTHER]
