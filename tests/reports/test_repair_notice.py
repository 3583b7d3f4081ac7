"""The 信用修复告知书: its facts from the repair engine, masked parties, and every format read back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from sgs.errors import SgsError
from sgs.publication import Policy
from sgs.reports import RepairNotice, repair_notice
from sgs.reports.repair_notice import CONDITIONS, MATERIALS

DAY = dt.date(2026, 5, 10)
ID_NUMBER = "410105198001011232"
ORGANISATION = {"CF_WSH": "示市监罚〔2026〕101号", "CF_XDR_MC": "示例餐饮管理有限公司",
                "CF_XDR_LB": "法人及非法人组织", "CF_XDR_SHXYM": "91410100MA3X5AB156",
                "CF_FRDB": "张某某", "CF_FR_ZJHM": ID_NUMBER, "CF_CFLB": "罚款；吊销许可证件",
                "CF_NR_FK": "12", "CF_JDRQ": "2026-05-10"}  # fmt: skip
PERSON = {"CF_WSH": "示公罚〔2026〕7号", "CF_XDR_MC": "张三丰", "CF_XDR_LB": "自然人",
          "CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": ID_NUMBER, "CF_CFLB": "罚款",
          "CF_NR_FK": "12", "CF_JDRQ": "2026-05-10",
          "CF_SY": f"张三丰（身份证号{ID_NUMBER}）无证经营"}  # fmt: skip


def notice(
    fields: dict[str, str] = ORGANISATION, *, platform: str = "", url: str = ""
) -> RepairNotice:
    return repair_notice(
        "penalty", fields, on=DAY, department="示例市市场监督管理局", platform=platform, url=url
    )


def test_the_facts_come_from_the_repair_engine() -> None:
    """A 严重 decision (吊销许可证件): repairable from 2027-05-10, ends 2029-05-10."""
    found = notice()
    assert (found.penalty_class, found.by) == ("严重", "吊销许可证件")
    assert found.regime == "国家发展改革委令第36号"
    assert (found.earliest_repair_date, found.auto_end_date) == (
        dt.date(2027, 5, 10),
        dt.date(2029, 5, 10),
    )
    assert (found.party, found.number) == ("示例餐饮管理有限公司", "示市监罚〔2026〕101号")


def test_a_natural_persons_name_is_masked_and_no_id_number_is_printed() -> None:
    """The party as the public view shows it; the 证件号码 nowhere."""
    found = notice(PERSON)
    assert found.party == "张**"
    text = json.dumps(found.to_dict(), ensure_ascii=False) + repr(found.document())
    assert "张三丰" not in text
    assert ID_NUMBER not in text


def test_a_licence_gets_no_notice() -> None:
    """A licence is not 失信信息: an error in both languages."""
    with pytest.raises(SgsError) as caught:
        repair_notice("license", {"XK_JDRQ": "2026-05-10"}, on=DAY, department="甲局")
    assert "不出具信用修复告知书" in caught.value.message_zh
    assert "no repair notice" in caught.value.message_en


def test_no_decision_date_gets_no_notice() -> None:
    """The dates cannot be set without the decision date."""
    with pytest.raises(SgsError, match="decision date"):
        notice({**ORGANISATION, "CF_JDRQ": ""})


def test_the_document_holds_the_conditions_materials_channels_and_deadlines() -> None:
    """第十三条至第十六条, 第二十六条, and the local platform when named."""
    document = notice(platform="示例市信用平台", url="https://credit.example.cn").document()
    assert document.title == "信用修复告知书"
    text = "\n".join(p for s in document.sections for p in s.paragraphs)
    assert all(item in text for item in (*CONDITIONS, *MATERIALS))
    assert "https://www.creditchina.gov.cn" in text
    assert "示例市信用平台（https://credit.example.cn）" in text
    assert "3个工作日" in text
    assert "7个工作日" in text
    assert "延长10个工作日" in text
    assert "不收取任何费用" in text
    (table,) = document.tables()
    assert ("可申请信用修复之日", "2027-05-10") in table.rows
    assert ("自动停止公示之日", "2029-05-10") in table.rows


def test_a_slight_penalty_is_repairable_once_the_duty_is_done() -> None:
    """36号令 轻微: no date to wait for; not published unless the policy says so."""
    fields = {**ORGANISATION, "CF_CFLB": "警告", "CF_NR_FK": ""}
    found = notice(fields)
    assert (found.penalty_class, found.earliest_repair_date, found.unpublished) == (
        "轻微",
        DAY,
        True,
    )
    assert "法定责任履行完毕即可申请信用修复" in found.document().sections[0].paragraphs[0]
    shown = repair_notice("penalty", fields, on=DAY, department="甲局",
                          policy=Policy(publish_slight_penalties=True))  # fmt: skip
    assert not shown.unpublished


def test_docx(tmp_path: Path) -> None:
    """Written by the docx renderer, read back with python-docx."""
    path = notice().render("docx", tmp_path / "notice.docx")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "信用修复告知书" in text
    assert "严重失信信息" in text
    assert "2027-05-10" in text
    assert "2029-05-10" in text
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert ["失信信息类别", "严重"] in cells


def test_xlsx(tmp_path: Path) -> None:
    """Written by the xlsx renderer, read back with openpyxl."""
    path = notice().render("xlsx", tmp_path / "notice.xlsx")
    book = openpyxl.load_workbook(path)
    values = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert "信用修复告知书" in values
    assert "2027-05-10" in values
    assert "2029-05-10" in values
    assert "严重" in values


def test_json(tmp_path: Path) -> None:
    """The notice's data as JSON."""
    path = notice().render("json", tmp_path / "notice.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["earliest_repair_date"] == "2027-05-10"
    assert data["auto_end_date"] == "2029-05-10"
    assert (data["penalty_class"], data["by"], data["free"]) == ("严重", "吊销许可证件", True)


def test_html(tmp_path: Path) -> None:
    """An HTML page with the title, the class and the dates."""
    path = notice().render("html", tmp_path / "notice.html")
    page = path.read_text(encoding="utf-8")
    assert "信用修复告知书" in page
    assert "严重" in page
    assert "2027-05-10" in page
    assert "2029-05-10" in page
