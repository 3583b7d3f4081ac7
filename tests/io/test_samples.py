"""The readers against the real department and platform files in tests/data/samples (copied from the project's collection).

What each file holds and what is odd about it: tests/data/samples/SOURCES.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sgs.errors import InputError
from sgs.io import read
from sgs.records import License, LicenseStatus, Penalty, PenaltyType, SubjectCategory
from sgs.standard import Kind


def test_zhengzhou_xls_title_row_and_dotted_dates(samples: Path) -> None:
    """Legacy .xls: title row above the header, YYYY.M.D dates, amounts in 元 as free text."""
    with read(samples / "zhengzhou-health-commission-penalty-list-2016-2017.xls") as reader:
        rows = list(reader.records())
    assert reader.kind is Kind.PENALTY
    assert reader.header_line == 2
    assert reader.sheet == "法人"
    assert reader.sheets == ("法人", "自然人")  # both record sheets, one after the other
    assert len(rows) == 70 + 52
    assert {r.position.sheet for r, _, _ in rows[:70]} == {"法人"}
    assert {r.position.sheet for r, _, _ in rows[70:]} == {"自然人"}
    row, record, _ = rows[0]
    assert row.position.line == 3
    assert isinstance(record, Penalty)
    assert record.party_name == "郑州友谊医院"
    assert record.decision_date == dt.date(2016, 10, 11)
    assert record.penalty_content == "罚款5000元"
    assert record.fine_amount is None  # 元 in free text is not an amount in 万元
    assert record.authority == "郑州市卫生和计划生育委员会"
    assert row.extras["序号"] == "1"
    dates = [r.decision_date for _, r, _ in rows if isinstance(r, Penalty)]
    assert all(isinstance(d, dt.date) for d in dates)
    assert min(d for d in dates if d) == dt.date(2016, 10, 11)


def test_zhengzhou_multiline_cells_kept(samples: Path) -> None:
    """Embedded line breaks inside cells are kept; the subject-area 处罚类别 is reported."""
    with read(samples / "zhengzhou-health-commission-penalty-list-2016-2017.xls") as reader:
        rows = list(reader.records())
    contents = [r.penalty_content for _, r, _ in rows if isinstance(r, Penalty)]
    assert any(c and "\n" in c for c in contents)
    problems = [p for _, _, ps in rows for p in ps]
    assert {p.code for p in problems} == {"CF_CFLB"}
    assert any(p.text == "医疗机构" for p in problems)


def test_zhengzhou_second_sheet(samples: Path) -> None:
    """The 自然人 sheet is read by name, with its 52 records."""
    path = samples / "zhengzhou-health-commission-penalty-list-2016-2017.xls"
    with read(path, sheet="自然人") as reader:
        rows = list(reader)
    assert len(rows) == 52
    assert rows[0].position.sheet == "自然人"


def test_zhejiang_penalty_swapped_columns_kept_raw(samples: Path) -> None:
    """Excel date cell → date; swapped 处罚种类/处罚机关 values are carried as received."""
    with read(samples / "zhejiang-xzcf-upload-template-with-sample-row.xls") as reader:
        rows = list(reader.records())
    assert len(rows) == 1  # rows 4–12 are formatted but empty
    row, record, problems = rows[0]
    assert isinstance(record, Penalty)
    assert record.decision_date == dt.date(2016, 4, 13)
    assert record.document_number == "环处字[2016]0413号"
    assert record.party_business_reg_no == "100000000044760"
    assert record.party_credit_code == "ARBG48543289076GFE"
    assert record.authority == "罚款"
    assert record.penalty_types == ("北京食药监局",)
    assert [p.code for p in problems] == ["CF_CFLB"]
    assert row.position.line == 3


def test_zhejiang_license_xlsx(samples: Path) -> None:
    """XLSX with an empty first row and column; number cell kept as digits; 有效 → status 1."""
    with read(samples / "zhejiang-xzxk-upload-template-with-sample-row.xlsx") as reader:
        rows = list(reader.records())
    assert reader.kind is Kind.LICENSE
    assert reader.header_line == 2
    _, record, problems = rows[0]
    assert isinstance(record, License)
    assert record.document_number == "201312142"
    assert record.valid_from == dt.date(2013, 5, 3)
    assert record.valid_to == dt.date(2016, 5, 3)
    assert record.status is LicenseStatus.VALID
    assert problems == ()


def test_notice_row_template(samples: Path) -> None:
    """A merged instruction row above the header is skipped; the template has no records."""
    with read(samples / "zhejiang-other-dept-penalty-import-template-notice-row.xls") as reader:
        rows = list(reader)
    assert reader.header_line == 2
    assert rows == []
    codes = [c.code for c in reader.columns]
    assert codes == [
        "CF_XDR_GSZC", "CF_XDR_MC", "CF_WSH", "CF_WFXW", "CF_CFLB",
        "CF_NR", "CF_JDRQ", "CF_CFJG", "CF_NR_FK", "CF_NR_WFFF",
    ]  # fmt: skip


def test_putuo_2016_template(samples: Path) -> None:
    """The pre-2018 template's labels (with their spaces) map onto 2018 fields."""
    with read(samples / "putuo-district-legal-person-penalty-template-2016-standard.xls") as reader:
        mapping = {c.header: c.code for c in reader.columns}
    assert mapping["行政处罚决定书文号 "] == "CF_WSH"
    assert mapping["处罚类别1"] == "CF_CFLB"
    assert mapping["处罚类别2"] == "CF_CFLB"
    assert mapping["行政相对人代码_2 (组织机构代码)"] == "CF_XDR_ZZJG"
    assert mapping["行政相对人代码_3 (工商登记码)"] == "CF_XDR_GSZC"
    assert mapping["行政相对人代码_5 (居民身份证号)"] == "CF_XDR_ZJHM"
    assert mapping["处罚结果"] == "CF_NR"
    assert mapping["处罚名称"] is None
    assert mapping["当前状态"] is None


@pytest.mark.parametrize(
    ("name", "kind", "mapped"),
    [
        ("credit-office-legal-person-penalty-import-template-2019.xlsx", Kind.PENALTY, 27),
        ("credit-office-legal-person-license-import-template-2019.xlsx", Kind.LICENSE, 25),
    ],
)
def test_annotated_headers(samples: Path, name: str, kind: Kind, mapped: int) -> None:
    """Headers like 处罚决定日期（必填，XXXX/XX/XX格式） are recognised."""
    with read(samples / name) as reader:
        columns = {c.header: c.code for c in reader.columns if c.header}
    assert reader.kind is kind
    assert sum(1 for code in columns.values() if code) == mapped
    if kind is Kind.PENALTY:
        assert columns["处罚决定日期（必填，XXXX/XX/XX格式）"] == "CF_JDRQ"
        assert columns["罚款金额（单位万元,范围为0.00~9999.99）"] == "CF_NR_FK"
        assert columns["文书号（必填）"] == "CF_WSH"
    else:
        assert columns["许可状态（必填）:正常;撤销;异议；其他（备注说明）"] == "XK_ZT"
        assert columns["许可文书名称"] == "XK_XKWS"
        assert columns["许可名称（必填）"] is None  # the more specific 许可文书名称 wins


def test_shuangyashan_json_penalty(samples: Path) -> None:
    """An API response {"total":…, "rows": […]} with code keys; extras kept."""
    with read(samples / "shuangyashan-credit-api-penalty-response-2019.json") as reader:
        rows = list(reader.records())
    row, record, problems = rows[0]
    assert isinstance(record, Penalty)
    assert record.fine_amount == Decimal("0.2")
    assert record.penalty_types == (PenaltyType.FINE,)
    assert record.document_number == "市场【2019】1号"
    assert record.publication_end_date == dt.date(2020, 10, 17)
    assert record.party_name is None
    assert row.extras["COMP_NAME"] == "双鸭山智慧城市运营有限公司"
    assert problems == ()


def test_shuangyashan_json_license(samples: Path) -> None:
    """The license response reads with its category and placeholder codes as received."""
    with read(samples / "shuangyashan-credit-api-license-response-2019.json") as reader:
        _, record, problems = next(reader.records())
    assert isinstance(record, License)
    assert record.party_category is SubjectCategory.ORGANIZATION
    assert record.authority_credit_code == "00000000000000000X"
    assert record.valid_to == dt.date(2020, 9, 22)
    assert problems == ()


def test_creditchina_dump_is_not_a_table(samples: Path) -> None:
    """A 字段：值 text dump is not a table: one clear error."""
    with pytest.raises(InputError, match="找不到可识别的表头"):
        read(samples / "creditchina-company-record-dump-2019.txt")


def test_sources_markdown_is_a_document(samples: Path) -> None:
    """SOURCES.md is prose: refused by its extension, not read as 119 rows of sentences."""
    with pytest.raises(InputError, match="是文档而非数据表格") as caught:
        read(samples / "SOURCES.md")
    assert caught.value.path == str(samples / "SOURCES.md")
    # Both ways that exist: the command line's option and Python's argument (issue 12 #8).
    assert "--input-format csv" in str(caught.value)
    assert 'format="csv"' in str(caught.value)


@pytest.mark.parametrize("binary", [True, False])
def test_document_extension_read_with_explicit_format(tmp_path: Path, binary: bool) -> None:
    """A real CSV under a document's name reads when the caller says it is CSV."""
    path = tmp_path / "export.md"
    path.write_text("CF_WSH,CF_JDRQ\n郑市监罚〔2019〕1号,2019/10/10\n", encoding="utf-8")
    if binary:
        with pytest.raises(InputError, match="document, not a data table"):
            read(path)
        reader = read(path, format="csv")
    else:
        with path.open(encoding="utf-8", newline="") as text, pytest.raises(InputError):
            read(text)
        reader = read(path.open(encoding="utf-8", newline=""), format="csv")
    with reader:
        rows = list(reader)
    assert [row.values["CF_WSH"] for row in rows] == ["郑市监罚〔2019〕1号"]
