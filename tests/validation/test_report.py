"""Tests of validation reports: counts, JSON, DataFrame, HTML, spooling, masking, receipts, sources."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import sgs
from sgs.validation import Checked, Report, Severity, Validator
from sgs.validation.report import Spool

AS_OF = dt.date(2026, 11, 26)

CODES = (
    "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_FRDB", "CF_XDR_ZJLX", "CF_XDR_ZJHM", "CF_WSH",
    "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF", "CF_NR_ZKDX",
    "CF_JDRQ", "CF_YXQ", "CF_GSJZQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ",
)  # fmt: skip
LABELS = (
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）", "法定代表人",
    "证件类型", "证件号码", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据",
    "处罚类别", "处罚内容", "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号", "处罚决定日期（必填，XXXX/XX/XX格式）", "处罚有效期",
    "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位",
    "数据来源单位统一社会信用代码", "备注",
)  # fmt: skip
TITLE = "示例市市场监督管理局 行政处罚信息（2026年11月）"
AUTHORITY = {
    "CF_CFJG": "示例市市场监督管理局",
    "CF_CFJGDM": "11410100MB00000005",
    "CF_SJLY": "示例市市场监督管理局",
    "CF_SJLYDM": "11410100MB00000005",
}
COMPANY = {
    "CF_XDR_MC": "示例餐饮管理有限公司",
    "CF_XDR_LB": "法人及非法人组织",
    "CF_XDR_SHXYM": "91410100MA3X5AB156",
    "CF_FRDB": "张某某",
    "CF_WFXW": "违反《中华人民共和国食品安全法》",
    "CF_SY": "经营超过保质期的食品",
    "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
    "CF_CFLB": "罚款；没收违法所得",
    "CF_NR": "罚款5000元，没收违法所得300元",
    "CF_NR_FK": "0.5",
    "CF_NR_WFFF": "0.03",
    "CF_JDRQ": "2026/11/02",
    "CF_YXQ": "2026/11/02",
    "CF_GSJZQ": "2027/11/02",
    **AUTHORITY,
}
PHARMACY = {
    "CF_XDR_MC": "示例医药连锁有限公司",
    "CF_XDR_LB": "法人及非法人组织",
    "CF_XDR_SHXYM": "91410105MA44K7R248",
    "CF_FRDB": "赵某",
    "CF_WFXW": "违反《药品经营质量管理规范》",
    "CF_SY": "未按规定储存药品",
    "CF_YJ": "《中华人民共和国药品管理法》第一百二十六条",
    "CF_CFLB": "罚款,暂扣许可证件",
    "CF_NR": "罚款3万元，暂扣药品经营许可证",
    "CF_NR_FK": "3",
    "CF_NR_ZKDX": "药品经营许可证 豫AA3710001",
    "CF_JDRQ": "20261110",
    "CF_YXQ": "20261210",
    **AUTHORITY,
}
PERSON = {
    "CF_XDR_MC": "王某某",
    "CF_XDR_LB": "自然人",
    "CF_XDR_ZJLX": "身份证",
    "CF_XDR_ZJHM": "410105198503121235",
    "CF_WFXW": "违反《无证无照经营查处办法》",
    "CF_SY": "未取得许可从事经营活动",
    "CF_YJ": "《无证无照经营查处办法》第十三条",
    "CF_CFLB": "罚款",
    "CF_NR": "罚款2000元",
    "CF_NR_FK": "0.2",
    "CF_JDRQ": "2026年11月9日",
    "CF_YXQ": "2026年11月9日",
    **AUTHORITY,
}
BAD_ID = "410105198503121236"  # the check character should be 5
LEGACY_ID = "410105850312123"  # a valid 15-digit number: a warning only
WSH = "示市监罚〔2026〕{}号"


def _cells(base: Mapping[str, str], number: int | str, **changes: str) -> list[str]:
    """One penalty row in the order of CODES/LABELS."""
    values = {**base, "CF_WSH": WSH.format(number) if isinstance(number, int) else number}
    values.update(changes)
    return [values.get(code, "") for code in CODES]


# The records of the small file with known defects; record n is DEFECT_ROWS[n - 1].
DEFECT_ROWS = [
    _cells(COMPANY, 1, CF_SY="经营超过保质期的食品\n第二行\n第三行"),  # 1 valid, three lines
    _cells(COMPANY, 2, CF_XDR_MC=""),  # 2 required-missing
    _cells(PHARMACY, 3, CF_XDR_SHXYM="91410105MA44K7R249"),  # 3 uscc-checksum
    _cells(PHARMACY, 1),  # 4 duplicate-decision of record 1, same authority
    _cells(PERSON, 5, CF_XDR_ZJHM=LEGACY_ID),  # 5 id-legacy-15 (warning only)
    _cells(PERSON, 6, CF_XDR_ZJHM=BAD_ID),  # 6 id-checksum
    _cells(PERSON, 7),  # 7 valid
]
REJECTED = [2, 3, 4, 6]
EXPECTED = [  # (record, physical line, field, code, severity)
    (2, 6, "CF_XDR_MC", "required-missing", "error"),
    (3, 7, "CF_XDR_SHXYM", "uscc-checksum", "error"),
    (4, 8, "CF_WSH", "duplicate-decision", "error"),
    (5, 9, "CF_XDR_ZJHM", "id-legacy-15", "warning"),
    (6, 10, "CF_XDR_ZJHM", "id-checksum", "error"),
]
FIXES = {  # the corrections of the rejected records, by record number: (column, text)
    2: (CODES.index("CF_XDR_MC"), "示例餐饮管理有限公司二分店"),
    3: (CODES.index("CF_XDR_SHXYM"), "91410105MA44K7R248"),
    4: (CODES.index("CF_WSH"), WSH.format(4)),
    6: (CODES.index("CF_XDR_ZJHM"), "410105198503121235"),
}


def _validator(**settings: Any) -> Validator:
    return Validator(as_of=AS_OF, **settings)


def _write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    header: tuple[str, ...] | list[str] = LABELS,
    title: str | None = TITLE,
    encoding: str = "utf-8",
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        if title is not None:
            writer.writerow([title])
        writer.writerow(list(header))
        writer.writerows(rows)
    return path


def _read_csv(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as stream:
        return list(csv.reader(stream))


def _read_xlsx(path: Path) -> list[list[str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        book.close()


@pytest.fixture
def defects(tmp_path: Path) -> Path:
    """A CSV with a title row, a header of Chinese labels and the records of DEFECT_ROWS."""
    return _write_csv(tmp_path / "处罚.csv", DEFECT_ROWS)


def _issue_keys(report: Report) -> list[tuple[int, str | None, str, str]]:
    return [(i.record, i.field, i.code, i.severity.value) for i in report.issues]


# -- counts, JSON, DataFrame, HTML ----------------------------------------------------------------
def test_summary_counts(defects: Path) -> None:
    """total/valid/invalid count records; errors/warnings count issues; by code and by field."""
    report = _validator().validate(defects)
    s = report.summary
    assert (s.total, s.valid, s.invalid) == (7, 3, 4)
    assert (s.errors, s.warnings, s.with_warnings, s.files) == (4, 1, 1, 1)
    assert dict(s.by_code) == {
        "required-missing": 1,
        "uscc-checksum": 1,
        "duplicate-decision": 1,
        "id-legacy-15": 1,
        "id-checksum": 1,
    }
    assert dict(s.by_field) == {"CF_XDR_ZJHM": 2, "CF_XDR_MC": 1, "CF_XDR_SHXYM": 1, "CF_WSH": 1}
    assert not report.ok
    file = report.files[0]
    assert (file.records, file.invalid, file.header_line) == (7, 4, 2)
    assert s.to_dict()["records_with_warnings"] == 1


def test_warning_only_record_is_valid(tmp_path: Path) -> None:
    """A record with only warnings counts as valid and the report is ok."""
    path = _write_csv(tmp_path / "w.csv", [_cells(PERSON, 1, CF_XDR_ZJHM=LEGACY_ID)])
    report = _validator().validate(path)
    assert report.ok
    assert (report.summary.valid, report.summary.invalid, report.summary.warnings) == (1, 0, 1)
    assert [i.severity for i in report.issues] == [Severity.WARNING]
    assert list(report.iter_rejected()) == []


def test_json_issues_and_positions(defects: Path) -> None:
    """Each issue has file/row/field/code/severity/message; row counts records, line is physical."""
    report = _validator().validate(defects)
    data = json.loads(report.to_json())
    assert data["summary"]["total"] == 7
    assert data["as_of"] == "2026-11-26"
    assert [f["header_line"] for f in data["files"]] == [2]
    got = [(i["row"], i["line"], i["field"], i["code"], i["severity"]) for i in data["issues"]]
    assert got == EXPECTED
    for issue in data["issues"]:
        assert issue["file"] == str(defects)
        assert isinstance(issue["message"], str)
        assert issue["message"]
        assert isinstance(issue["message_en"], str)
        assert issue["message_en"]
    duplicate = data["issues"][2]
    assert duplicate["value"] == WSH.format(1)
    assert "第1条记录" in duplicate["message"]
    assert "record 1" in duplicate["message_en"]
    limited = json.loads(report.to_json(indent=2, max_issues=2))
    assert len(limited["issues"]) == 2
    assert limited["summary"] == data["summary"]


def test_dataframe_one_row_per_issue(defects: Path) -> None:
    """to_dataframe() gives a pandas DataFrame with one row per issue, in order."""
    report = _validator().validate(defects)
    frame = report.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(report.issues) == 5
    for column in ("file", "row", "line", "field", "code", "severity", "message"):
        assert column in frame.columns
    assert list(frame["code"]) == [e[3] for e in EXPECTED]
    assert list(frame["row"]) == [e[0] for e in EXPECTED]
    assert list(frame["severity"]) == [e[4] for e in EXPECTED]


def test_dataframe_of_clean_report_is_empty(examples: Path) -> None:
    """A report without issues gives an empty DataFrame that still has the columns."""
    frame = _validator().validate(examples / "penalties.csv").to_dataframe()
    assert len(frame) == 0
    assert "code" in frame.columns


def test_repr_html_has_counts_and_escapes(tmp_path: Path) -> None:
    """The notebook view shows the counts and escapes HTML coming from the data."""
    bad_code = "<b>91410100MA3X5AB156</b>"
    path = _write_csv(
        tmp_path / "a<b>.csv", [_cells(COMPANY, 1), _cells(COMPANY, 2, CF_XDR_SHXYM=bad_code)]
    )
    report = _validator().validate(path)
    assert [i.code for i in report.issues] == ["uscc-format"]
    assert bad_code in report.issues[0].message
    html = report._repr_html_()
    assert "<b>" not in html
    assert "&lt;b&gt;91410100MA3X5AB156&lt;/b&gt;" in html
    assert "a&lt;b&gt;.csv" in html
    assert "<td>2</td><td>1</td><td>1</td><td>1</td><td>0</td>" in html  # total valid … warnings
    assert "uscc-format" in html
    assert repr(report) == "<Report 2 records: 1 valid, 1 invalid, 1 errors, 0 warnings>"


def test_repr_html_lists_at_most_50_issues(tmp_path: Path) -> None:
    """Beyond 50 issues the HTML says how many more there are."""
    rows = [_cells(COMPANY, n, CF_XDR_MC="") for n in range(1, 61)]
    report = _validator().validate(_write_csv(tmp_path / "many.csv", rows))
    html = report._repr_html_()
    assert html.count("required-missing</td><td>错误") == 50
    assert "另有 10 条问题 (10 more issues)" in html


# -- spooling ---------------------------------------------------------------------------------------
def test_spool_keeps_everything_in_order() -> None:
    """The spool moves items to a file past its limit and gives them all back, in order."""
    spool: Spool[int] = Spool(limit=7)
    for n in range(100):
        spool.append(n)
    assert len(spool) == 100
    assert list(spool) == list(range(100))
    assert list(spool) == list(range(100))  # and again
    spool.append(100)
    assert list(spool) == list(range(101))
    spool.close()


def test_spooled_report_with_30000_rejected_rows(tmp_path: Path) -> None:
    """30,000 records each with an error: every issue and rejected row comes back, in order."""
    rows = [_cells(COMPANY, n, CF_XDR_MC="") for n in range(1, 30_001)]
    path = _write_csv(tmp_path / "big.csv", rows, title=None)
    report = _validator().validate(path)
    try:
        assert len(report.issues) == report.summary.errors == 30_000
        assert [i.record for i in report.iter_issues()] == list(range(1, 30_001))
        assert [i.line for i in report.issues[:3]] == [2, 3, 4]
        rejected = list(report.iter_rejected())
        assert [r.record for r in rejected] == list(range(1, 30_001))
        assert rejected[-1].raw == tuple(rows[-1])
        assert rejected[12_345].line == 12_347
        assert len(json.loads(report.to_json())["issues"]) == 30_000
    finally:
        report.close()


def test_small_spool_limit_in_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a tiny spool limit the report, its JSON and its receipt are unchanged."""
    rows = [_cells(COMPANY, n, CF_XDR_MC="" if n % 3 else "某公司") for n in range(1, 101)]
    path = _write_csv(tmp_path / "p.csv", rows, title=None)
    normal = _validator().validate(path)
    monkeypatch.setattr(Spool.__init__, "__defaults__", (4,))
    spooled = _validator().validate(path)
    try:
        assert spooled._issues._file is not None  # it did spool
        assert [i.to_dict() for i in spooled.issues] == [i.to_dict() for i in normal.issues]
        assert list(spooled.iter_rejected()) == list(normal.iter_rejected())
        assert len(list(spooled.iter_rejected())) == spooled.summary.invalid == 67
        assert spooled.to_json() == normal.to_json()
        receipt = spooled.write_receipt(tmp_path / "r.csv")
        assert len(_read_csv(Path(receipt[0]))) == 1 + 67
    finally:
        spooled.close()
        normal.close()


def test_spooled_iterators_are_independent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading all issues while another iterator is part way must not disturb that iterator."""
    monkeypatch.setattr(Spool.__init__, "__defaults__", (4,))
    rows = [_cells(COMPANY, n, CF_XDR_MC="") for n in range(1, 41)]
    report = _validator().validate(_write_csv(tmp_path / "p.csv", rows, title=None))
    try:
        iterator = report.iter_issues()
        first = next(iterator)
        everything = report.issues  # a second, complete pass
        rest = list(iterator)
        assert [i.record for i in [first, *rest]] == [i.record for i in everything]
        pairs = list(zip(report.iter_rejected(), report.iter_rejected(), strict=True))
        assert all(a == b for a, b in pairs)
        assert len(pairs) == 40
    finally:
        report.close()


# -- personal identifiers ------------------------------------------------------------------------
def test_personal_id_numbers_are_masked(tmp_path: Path) -> None:
    """ID numbers appear in issues only as their first 6 characters and asterisks."""
    rows = [
        _cells(PERSON, 1, CF_XDR_ZJHM=BAD_ID),  # id-checksum
        _cells(PERSON, 2, CF_XDR_ZJHM=LEGACY_ID),  # id-legacy-15
        _cells(PERSON, 3, CF_XDR_ZJHM="41010520991231123X"),  # birth date after as_of
        _cells(PERSON, 4, CF_XDR_ZJHM="41010519850312123"),  # 17 characters
        _cells(COMPANY, 5, CF_XDR_ZJHM="410105198503121235"),  # not for an organisation
    ]
    path = _write_csv(tmp_path / "ids.csv", rows)
    report = _validator().validate(path)
    personal = [i for i in report.issues if i.field == "CF_XDR_ZJHM"]
    assert {i.record for i in personal} == {1, 2, 3, 4, 5}
    for issue in personal:
        assert issue.value is not None
        assert issue.value.startswith("410105")
        assert set(issue.value[6:]) == {"*"}
    text = report.to_json() + report._repr_html_() + report.to_dataframe().to_csv()
    text += "".join("".join(r.messages) for r in report.iter_rejected())
    for number in (BAD_ID, LEGACY_ID, "41010520991231123X", "41010519850312123", "198503121"):
        assert number not in text


# -- receipts ---------------------------------------------------------------------------------------
def test_csv_receipt_holds_rejected_rows_as_received(defects: Path, tmp_path: Path) -> None:
    """Rejected rows exactly as received under the file's header (no title), plus two columns."""
    report = _validator().validate(defects)
    out = tmp_path / "回执.csv"
    assert report.write_receipt(out) == [str(out)]
    rows = _read_csv(out)
    assert rows[0] == [*LABELS, "错误字段", "错误说明"]
    assert TITLE not in out.read_text(encoding="utf-8-sig")
    assert [r[:-2] for r in rows[1:]] == [DEFECT_ROWS[n - 1] for n in REJECTED]
    fields = [r[-2] for r in rows[1:]]
    assert fields == [LABELS[0], LABELS[2], LABELS[6], LABELS[5]]
    messages = [r[-1] for r in rows[1:]]
    assert "行政相对人名称" in messages[0]
    assert "第1条记录" in messages[2]
    assert BAD_ID not in messages[3]
    assert LEGACY_ID not in out.read_text(encoding="utf-8-sig")  # a warning-only row: not rejected


def test_xlsx_receipt_holds_rejected_rows_as_received(defects: Path, tmp_path: Path) -> None:
    """The .xlsx receipt has the same cells, as text, and the two extra columns."""
    report = _validator().validate(defects)
    out = tmp_path / "回执.xlsx"
    report.write_receipt(out)
    rows = _read_xlsx(out)
    assert rows[0] == [*LABELS, "错误字段", "错误说明"]
    assert [r[:-2] for r in rows[1:]] == [DEFECT_ROWS[n - 1] for n in REJECTED]
    assert all(r[-1] for r in rows[1:])


def test_receipt_of_xlsx_input(tmp_path: Path) -> None:
    """An .xlsx input with a title row: its receipt starts at the header row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(list(LABELS))
    for row in DEFECT_ROWS:
        sheet.append(row)
    source = tmp_path / "处罚.xlsx"
    book.save(source)
    report = _validator().validate(source)
    assert [(i.record, i.line) for i in report.issues] == [(e[0], e[0] + 2) for e in EXPECTED]
    folder = tmp_path / "receipts"
    folder.mkdir()
    [written] = report.write_receipt(folder)
    assert Path(written).name == "处罚.退回.xlsx"
    rows = _read_xlsx(Path(written))
    assert rows[0] == [*LABELS, "错误字段", "错误说明"]
    assert [r[:-2] for r in rows[1:]] == [DEFECT_ROWS[n - 1] for n in REJECTED]


def _fixed_rows(receipt: Path) -> tuple[tuple[str, ...], list[list[str]]]:
    """Read a receipt with sgs.read and correct its rows (the two added columns kept)."""
    with sgs.read(receipt) as reader:
        headers = reader.headers
        assert reader.unmapped == ("错误字段", "错误说明")
        rows = [list(row.raw) for row in reader]
    assert len(rows) == len(REJECTED)
    for number, row in zip(REJECTED, rows, strict=True):
        assert row[: len(CODES)] == DEFECT_ROWS[number - 1]
        column, text = FIXES[number]
        row[column] = text
    return headers, rows


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_receipt_round_trip(defects: Path, tmp_path: Path, suffix: str) -> None:
    """Correct the rows of a receipt, send the file back: no errors; added columns are extras."""
    report = _validator().validate(defects)
    receipt = tmp_path / f"回执{suffix}"
    report.write_receipt(receipt)
    headers, rows = _fixed_rows(receipt)
    corrected = tmp_path / f"更正{suffix}"
    if suffix == ".csv":
        _write_csv(corrected, rows, header=headers, title=None)
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for row in rows:
            sheet.append(row)
        book.save(corrected)
    again = _validator().validate(corrected)
    assert again.summary.errors == 0, [i.message for i in again.issues]
    assert again.ok
    assert again.summary.total == len(REJECTED)
    assert again.files[0].unmapped == ("错误字段", "错误说明")
    assert again.files[0].missing_mandatory == ()
    checked = list(_validator().iter(corrected))
    assert all(c.valid for c in checked)
    assert all(set(c.extras) == {"错误字段", "错误说明"} for c in checked)


def test_csv_receipt_keeps_the_values_of_formula_like_cells(tmp_path: Path) -> None:
    """Cells that start like formulas, escaped or not, read back from the receipt as sent."""
    rows = [
        _cells(COMPANY, 1, CF_XDR_MC="", CF_SY="'=1+1"),
        _cells(COMPANY, 2, CF_XDR_MC="", CF_NR="=SUM(A1)", BZ="-"),
    ]
    source = _write_csv(tmp_path / "f.csv", rows, title=None)
    report = _validator().validate(source)
    out = tmp_path / "r.csv"
    report.write_receipt(out)
    sent = [dict(c.texts) for c in _validator().iter(source)]
    returned = [dict(c.texts) for c in _validator().iter(out)]
    assert sent[0]["CF_SY"] == "'=1+1"  # not sgs's file: the ' is the sender's own text
    assert returned == sent


def test_gb18030_input_gives_gb18030_receipt(tmp_path: Path) -> None:
    """A GB18030 CSV is answered in GB18030 (no BOM), which reads back."""
    source = _write_csv(tmp_path / "gbk.csv", DEFECT_ROWS, encoding="gb18030")
    report = _validator().validate(source)
    assert report.files[0].encoding == "gb18030"
    out = tmp_path / "r.csv"
    report.write_receipt(out)
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows = _read_csv(out, encoding="gb18030")
    assert rows[0][: len(LABELS)] == list(LABELS)
    assert [r[:-2] for r in rows[1:]] == [DEFECT_ROWS[n - 1] for n in REJECTED]
    with sgs.read(out) as reader:
        assert reader.encoding == "gb18030"
        assert [row.raw[0] for row in reader] == [DEFECT_ROWS[n - 1][0] for n in REJECTED]


def test_receipts_for_several_inputs(tmp_path: Path, examples: Path) -> None:
    """validate_many + a folder: one receipt per input with rejected rows, <stem>.退回.<ext>."""
    a = _write_csv(tmp_path / "甲.csv", DEFECT_ROWS)
    book = openpyxl.Workbook()
    book.active.append(list(LABELS))
    book.active.append(_cells(COMPANY, 101, CF_XDR_MC=""))
    book.active.append(_cells(COMPANY, 102))
    b = tmp_path / "乙.xlsx"
    book.save(b)
    clean = examples / "licenses.jsonl"
    report = _validator().validate_many([a, b, clean])
    assert [f.invalid for f in report.files] == [4, 1, 0]
    folder = tmp_path / "回执"
    written = report.write_receipt(folder)
    assert written == [str(folder / "甲.退回.csv"), str(folder / "乙.退回.xlsx")]
    assert sorted(p.name for p in folder.iterdir()) == ["乙.退回.xlsx", "甲.退回.csv"]
    assert [r[:-2] for r in _read_csv(folder / "甲.退回.csv")[1:]] == [
        DEFECT_ROWS[n - 1] for n in REJECTED
    ]
    xlsx_rows = _read_xlsx(folder / "乙.退回.xlsx")
    assert xlsx_rows[0] == [*LABELS, "错误字段", "错误说明"]
    assert [r[:-2] for r in xlsx_rows[1:]] == [_cells(COMPANY, 101, CF_XDR_MC="")]


def test_receipts_of_inputs_with_the_same_name_do_not_overwrite(tmp_path: Path) -> None:
    """Two inputs named alike in different folders get two receipts; no rejected row is lost."""
    first = tmp_path / "一" / "处罚.csv"
    second = tmp_path / "二" / "处罚.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    _write_csv(first, [_cells(COMPANY, 1, CF_XDR_MC="")])
    _write_csv(second, [_cells(COMPANY, 2, CF_XDR_MC=""), _cells(COMPANY, 3, CF_XDR_MC="")])
    report = _validator().validate_many([first, second])
    assert report.summary.invalid == 3
    written = report.write_receipt(tmp_path / "回执")
    assert len(set(written)) == 2, written
    rows = [row for path in written for row in _read_csv(Path(path))[1:]]
    assert sorted(r[CODES.index("CF_WSH")] for r in rows) == [WSH.format(n) for n in (1, 2, 3)]


def test_jsonl_receipt_keeps_values_under_their_keys(tmp_path: Path) -> None:
    """JSON records with keys in another order: each value stays under its own key."""
    records = [
        {"CF_XDR_MC": "甲公司", "CF_WSH": "罚〔2026〕1号", "CF_CFJG": "某局"},
        {"CF_CFJG": "某局", "CF_WSH": "罚〔2026〕2号", "CF_XDR_MC": "乙公司"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    report = _validator().validate(source)
    assert report.summary.invalid == 2
    out = tmp_path / "r.jsonl"
    report.write_receipt(out)
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for sent, returned in zip(records, back, strict=True):
        assert {k: returned[k] for k in sent} == sent
    csv_out = tmp_path / "r.csv"
    report.write_receipt(csv_out)
    rows = _read_csv(csv_out)
    name = rows[0].index("CF_XDR_MC")
    assert [r[name] for r in rows[1:]] == ["甲公司", "乙公司"]


# -- sources -----------------------------------------------------------------------------------------
def _code_mappings() -> list[dict[str, str]]:
    return [{c: v for c, v in zip(CODES, row, strict=True) if v} for row in DEFECT_ROWS]


def test_sources_give_the_same_issues(tmp_path: Path) -> None:
    """A path, an open binary file, mappings by code and typed records: the same findings."""
    path = _write_csv(tmp_path / "codes.csv", DEFECT_ROWS, header=CODES, title=None)
    validator = _validator()
    by_path = validator.validate(path)
    expected = [(e[0], e[2], e[3], e[4]) for e in EXPECTED]
    assert _issue_keys(by_path) == expected
    with open(path, "rb") as stream:
        by_stream = validator.validate(stream)
    assert _issue_keys(by_stream) == expected
    assert [i.line for i in by_stream.issues] == [i.line for i in by_path.issues]
    mappings = _code_mappings()
    by_mappings = validator.validate(mappings)
    assert _issue_keys(by_mappings) == expected
    records = [sgs.from_mapping(m, "penalty") for m in mappings]
    assert all(isinstance(r, sgs.Penalty) for r in records)
    by_records = validator.validate(records)
    assert _issue_keys(by_records) == expected
    for report in (by_path, by_stream, by_mappings, by_records):
        assert report.summary.by_code == by_path.summary.by_code
        assert (report.summary.total, report.summary.invalid) == (7, 4)
    assert all(i.line is None for i in by_records.issues)


def test_validate_function_matches_validator(defects: Path) -> None:
    """sgs.validate is Validator(...).validate in one call."""
    report = sgs.validate(defects, as_of=AS_OF)
    assert [i.to_dict() for i in report.issues] == [
        i.to_dict() for i in _validator().validate(defects).issues
    ]


def test_iter_yields_checked_records(defects: Path) -> None:
    """iter() yields every record as Checked; the report given is complete afterwards."""
    validator = _validator()
    report = validator.new_report()
    checked = validator.iter(defects, report=report)
    items = list(checked)
    assert all(isinstance(c, Checked) for c in items)
    assert [c.position.record for c in items] == list(range(1, 8))
    assert [c.position.line for c in items] == [3, 6, 7, 8, 9, 10, 11]
    assert [c.valid for c in items] == [True, False, False, False, True, False, True]
    assert [c.raw for c in items] == [tuple(r) for r in DEFECT_ROWS]
    assert items[4].issues[0].code == "id-legacy-15"
    record = items[2].record()
    assert isinstance(record, sgs.Penalty)
    assert record.document_number == WSH.format(3)
    assert record.party_credit_code == "91410105MA44K7R249"
    assert items[0].texts["CF_SY"] == "经营超过保质期的食品\n第二行\n第三行"
    whole = validator.validate(defects)
    assert report.summary == whole.summary
    assert [i.to_dict() for i in report.issues] == [i.to_dict() for i in whole.issues]
    assert list(report.iter_rejected()) == list(whole.iter_rejected())
    valid = [c.record() for c in validator.iter(defects) if c.valid]
    assert [r.document_number for r in valid] == [WSH.format(n) for n in (1, 5, 7)]


def test_a_closed_report_says_so() -> None:
    """After close() the spooled issues are gone: reading them is an error, not a short list."""
    report = Validator(as_of=AS_OF).validate([{"CF_XDR_MC": "某公司"}])
    assert report.issues
    report.close()
    with pytest.raises(RuntimeError, match="closed"):
        report.iter_issues()
    with pytest.raises(RuntimeError, match="closed"):
        report.to_json()
