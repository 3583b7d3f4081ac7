"""Regenerate the bundled example files (all data is synthetic).

Run: ``python examples/make_examples.py`` (needs openpyxl). The files show
the shapes real exports take: labels with annotations, a title row, GB18030
encoding, mixed date forms, code and attribute-name headers.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
DEPT = ("示例市市场监督管理局", "11410100MB00000005")

PENALTY_HEADERS = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1（统一社会信用代码）",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期（必填，XXXX/XX/XX格式）",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]
PENALTIES = [
    [
        "示例餐饮管理有限公司",
        "法人及非法人组织",
        "91410100MA3X5AB156",
        "张某某",
        "",
        "",
        "示市监罚〔2026〕101号",
        "违反《中华人民共和国食品安全法》",
        "经营超过保质期的食品",
        "《中华人民共和国食品安全法》第一百二十四条",
        "罚款；没收违法所得",
        "罚款5000元，没收违法所得300元",
        "0.5",
        "0.03",
        "",
        "2026/11/02",
        "2026/11/02",
        "2027/11/02",
        *DEPT,
        *DEPT,
        "",
    ],
    [
        "示例区某某便利店",
        "个体工商户",
        "92410102MA45HN3P8E",
        "李某",
        "",
        "",
        "示市监罚〔2026〕102号",
        "违反《中华人民共和国产品质量法》",
        "销售不合格产品",
        "《中华人民共和国产品质量法》第四十九条",
        "警告",
        "警告",
        "",
        "",
        "",
        "2026-11-05",
        "2026-11-05",
        "",
        *DEPT,
        *DEPT,
        "简易程序",
    ],
    [
        "王某某",
        "自然人",
        "",
        "",
        "身份证",
        "410105198503121235",
        "示市监罚〔2026〕103号",
        "违反《无证无照经营查处办法》",
        "未取得许可从事经营活动",
        "《无证无照经营查处办法》第十三条",
        "罚款",
        "罚款2000元",
        "0.2",
        "",
        "",
        "2026年11月9日",
        "2026年11月9日",
        "",
        *DEPT,
        *DEPT,
        "",
    ],
    [
        "示例医药连锁有限公司",
        "法人及非法人组织",
        "91410105MA44K7R248",
        "赵某",
        "",
        "",
        "示市监罚〔2026〕104号",
        "违反《药品经营质量管理规范》",
        "未按规定储存药品",
        "《中华人民共和国药品管理法》第一百二十六条",
        "罚款,暂扣许可证件",
        "罚款3万元，暂扣药品经营许可证",
        "3",
        "",
        "药品经营许可证 豫AA3710001",
        "20261110",
        "20261210",
        "",
        *DEPT,
        *DEPT,
        "/",
    ],
]

LICENSE_CODES = [
    "XK_XDR_MC",
    "XK_XDR_LB",
    "XK_XDR_SHXYM",
    "XK_FRDB",
    "XK_XKWS",
    "XK_WSH",
    "XK_XKLB",
    "XK_XKZS",
    "XK_XKBH",
    "XK_NR",
    "XK_JDRQ",
    "XK_YXQZ",
    "XK_YXQZI",
    "XK_XKJG",
    "XK_XKJGDM",
    "XK_ZT",
    "XK_LYDW",
    "XK_LYDWDM",
    "BZ",
]
LICENSES = [
    [
        "示例餐饮管理有限公司",
        "法人及非法人组织",
        "91410100MA3X5AB156",
        "张某某",
        "食品经营许可决定书",
        "示市监许〔2026〕2001号",
        "普通",
        "食品经营许可证",
        "JY14101000123456",
        "准予食品经营许可：热食类食品制售",
        "2026/11/03",
        "2026/11/03",
        "2031/11/02",
        *DEPT,
        "1",
        *DEPT,
        "",
    ],
    [
        "示例医药连锁有限公司",
        "法人及非法人组织",
        "91410105MA44K7R248",
        "赵某",
        "药品经营许可决定书",
        "示市监许〔2026〕2002号",
        "普通",
        "药品经营许可证",
        "豫AA3710002",
        "准予药品零售经营",
        "2026-11-04",
        "2026-11-04",
        "2099-12-31",
        *DEPT,
        "1",
        *DEPT,
        "长期有效",
    ],
]


def _changed(row: list[str], **cells: str) -> list[str]:
    result = list(row)
    for header, value in cells.items():
        result[PENALTY_HEADERS.index(header)] = value
    return result


def write_penalties_with_errors_csv() -> None:
    """A provider's submission as it often arrives: most rows fine, a few to send back."""
    good = PENALTIES[0]
    rows = [
        _changed(good, 行政处罚决定书文号="示市监罚〔2026〕201号"),
        # a check character typed wrong
        _changed(
            good,
            行政处罚决定书文号="示市监罚〔2026〕202号",
            **{"行政相对人代码_1（统一社会信用代码）": "91410100MA3X5AB157"},
        ),
        # 罚款 entered in 元 instead of 万元, and no decision date
        _changed(
            good,
            行政处罚决定书文号="示市监罚〔2026〕203号",
            **{"罚款金额（万元）": "5000", "处罚决定日期（必填，XXXX/XX/XX格式）": ""},
        ),
        # the same decision sent twice
        _changed(good, 行政处罚决定书文号="示市监罚〔2026〕201号"),
        # a natural person without an ID number
        _changed(
            good,
            行政处罚决定书文号="示市监罚〔2026〕204号",
            行政相对人名称="王某某",
            行政相对人类别="自然人",
            **{"行政相对人代码_1（统一社会信用代码）": "", "法定代表人": "", "证件类型": "身份证"},
        ),
    ]
    with open(HERE / "penalties-with-errors.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(PENALTY_HEADERS)
        writer.writerows(rows)


def write_penalties_csv() -> None:
    with open(HERE / "penalties.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(PENALTY_HEADERS)
        writer.writerows(PENALTIES)


def write_licenses_gbk_csv() -> None:
    with open(HERE / "licenses-gbk.csv", "w", encoding="gb18030", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["示例市市场监督管理局 2026年11月 行政许可信息"])
        writer.writerow(LICENSE_CODES)
        writer.writerows(LICENSES)


def write_licenses_jsonl() -> None:
    names = {
        "XK_XDR_MC": "party_name",
        "XK_XDR_LB": "party_category",
        "XK_XDR_SHXYM": "party_credit_code",
        "XK_FRDB": "legal_rep",
        "XK_XKWS": "document_name",
        "XK_WSH": "document_number",
        "XK_XKLB": "license_category",
        "XK_XKZS": "certificate_name",
        "XK_XKBH": "license_number",
        "XK_NR": "license_content",
        "XK_JDRQ": "decision_date",
        "XK_YXQZ": "valid_from",
        "XK_YXQZI": "valid_to",
        "XK_XKJG": "authority",
        "XK_XKJGDM": "authority_credit_code",
        "XK_ZT": "status",
        "XK_LYDW": "data_source",
        "XK_LYDWDM": "data_source_credit_code",
        "BZ": "remarks",
    }
    with open(HERE / "licenses.jsonl", "w", encoding="utf-8") as f:
        for row in LICENSES:
            obj = {names[c]: v for c, v in zip(LICENSE_CODES, row, strict=True) if v}
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def write_penalties_xlsx() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "行政处罚"
    ws.append(["示例市市场监督管理局行政处罚信息报送表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PENALTY_HEADERS))
    ws.append(PENALTY_HEADERS)
    for row in PENALTIES:
        cells: list[object] = list(row)
        cells[15] = dt.date(2026, 11, 2 + PENALTIES.index(row))  # a real Excel date cell
        ws.append(cells)
    book.save(HERE / "penalties.xlsx")


if __name__ == "__main__":
    write_penalties_csv()
    write_penalties_with_errors_csv()
    write_licenses_gbk_csv()
    write_licenses_jsonl()
    write_penalties_xlsx()
