"""Tests of sgs.roster: the liaison roster of 附件3 — checks, reading, writing."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sgs.department.roster import (
    HEADERS,
    NOTE,
    TITLE,
    Liaison,
    Roster,
    RosterIssue,
    read_roster,
    write_roster,
)
from sgs.errors import InputError
from sgs.ids.contact import is_email, is_mobile, office_phone_status
from sgs.validation import Catalogue, Severity
from sgs.validation.registers import ROSTER_TYPES

ROOT = Path(__file__).resolve().parents[2]
#: Every roster issue code: its severity and what it means (Chinese, English).
ISSUE_CODES = {t.code: (t.severity, t.title_zh, t.title_en) for t in ROSTER_TYPES}


def codes(roster: Roster) -> list[str]:
    return [issue.code for issue in roster.check()]


def person(**values: str) -> Liaison:
    """A complete, valid person of 市发展改革委, with ``values`` replaced."""
    base = Liaison(
        unit="市发展改革委",
        name="张雅丽",
        title="科长",
        office_phone="0371-67177793",
        mobile="13812345678",
        email="zzcredit@163.com",
        remarks="总体协调",
    )
    changes: dict[str, Any] = dict(values)
    return attrs.evolve(base, **changes)


# -- single values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "+86 138-1234-5678",
        "86 13812345678",
        "0086-13812345678",
        "138 1234 5678",
        "19912345678",
        "１３８１２３４５６７８",
        "13812345678、13987654321",
        "13812345678/13987654321",
    ],
)
def test_valid_mobiles(text: str) -> None:
    """Mainland mobiles: 11 digits from 13–19, grouped, with +86, or several."""
    assert is_mobile(text)
    assert codes(Roster.of([person(mobile=text)])) == []


@pytest.mark.parametrize(
    "text",
    [
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "23812345678",  # does not start with 1
        "12812345678",  # 12 is not a mobile prefix
        "0371-67177793",  # an office number
        "138l2345678",
        "13812345678、1398765432",  # one of two is wrong
        "+1 13812345678",
    ],
)
def test_invalid_mobiles(text: str) -> None:
    """A bad mobile is an error naming the value, never an exception."""
    assert not is_mobile(text)
    [issue] = Roster.of([person(mobile=text)]).check()
    assert (issue.code, issue.severity, issue.field, issue.value) == (
        "roster-mobile-invalid",
        "error",
        "mobile",
        text,
    )
    assert text in issue.message_zh
    assert text in issue.message_en


@pytest.mark.parametrize(
    "text",
    [
        "0371-67177793",
        "(0371)67177793",
        "（0371）67177793",
        "(0371)-67177793",
        "037167177793",
        "0371 67177793",
        "0371-6717779",
        "0371-6717779-801",
        "0371-67177793转801",
        "0371-67177793 转 801",
        "0371-67177793分机801",
        "010-62345678",
        "02162345678",
        "0371-67177793、0371-67177794",
        "0371-67177793/67177794",
        "0371-67177793，67177794",
        "0371-67177793;13812345678",
        "13812345678",
    ],
)
def test_valid_office_phones(text: str) -> None:
    """Area code + 7–8 digits, parentheses, extensions, several numbers, a mobile."""
    assert office_phone_status(text) == "valid"
    assert codes(Roster.of([person(office_phone=text)])) == []


@pytest.mark.parametrize("text", ["67177793", "6717779", "67177793-801", "67177793/67177794"])
def test_office_phone_without_area_code_warns(text: str) -> None:
    """A bare 7–8 digit local number is accepted with a warning, not rejected."""
    assert office_phone_status(text) == "no-area-code"
    [issue] = Roster.of([person(office_phone=text)]).check()
    assert (issue.code, issue.severity, issue.field) == (
        "roster-office-phone-no-area-code",
        "warning",
        "office_phone",
    )


@pytest.mark.parametrize(
    "text",
    [
        "0371-671",  # local number too short
        "0371-671777931",  # local number too long
        "371-67177793",  # area code without 0
        "0371-07177793",  # local number starting with 0
        "010-12345678",  # local number starting with 1
        "0371-67177793-",  # an extension without digits
        "0371-67177793/801",  # a lone extension is not a number
        "12345",
        "办公室",
    ],
)
def test_invalid_office_phones(text: str) -> None:
    """Wrong lengths, a missing 0, a lone extension, words: errors."""
    assert office_phone_status(text) == "invalid"
    [issue] = Roster.of([person(office_phone=text)]).check()
    assert (issue.code, issue.severity, issue.value) == (
        "roster-office-phone-invalid",
        "error",
        text,
    )


def test_trailing_separator_is_ignored() -> None:
    """A separator with nothing after it does not make a valid number invalid."""
    assert office_phone_status("0371-67177793、") == "valid"
    assert is_mobile("13812345678；")


@pytest.mark.parametrize(
    "text",
    [
        "zzcredit@163.com",
        "xx@zz.gov.cn",
        "Zhang.San+credit@fgw.zhengzhou.gov.cn",
        "a@b.cn；c@d.com",
        "a@b.cn, c@d.com",
        "xx@zz.中国",
    ],
)
def test_valid_emails(text: str) -> None:
    """One @, a dotted domain; Chinese government domains; several addresses."""
    assert is_email(text)
    assert codes(Roster.of([person(email=text)])) == []


@pytest.mark.parametrize(
    "text",
    [
        "zzcredit163.com",
        "zz@credit@163.com",
        "zzcredit@163",
        "zz credit@163.com",
        "xx＠zz.gov.cn",
        "xx@163。com",
        "xx@.com",
        "xx@163.c",
        "@163.com",
        "xx@163..com",
    ],
)
def test_invalid_emails(text: str) -> None:
    """No @, two @, no dot, spaces, full-width ＠ or 。: errors."""
    assert not is_email(text)
    [issue] = Roster.of([person(email=text)]).check()
    assert (issue.code, issue.severity, issue.field) == ("roster-email-invalid", "error", "email")


# -- people and units ----------------------------------------------------------------------------


def test_complete_roster_has_no_issue() -> None:
    """Two units, each led by a reachable person: nothing to report."""
    roster = Roster.of(
        [
            person(),
            person(name="李四", office_phone="", mobile="13987654321", remarks="信息报送"),
            person(unit="市卫生健康委", name="王五", mobile="", email=""),
        ]
    )
    assert roster.check() == []
    assert roster.units() == ["市发展改革委", "市卫生健康委"]
    assert [p.order for p in roster] == [1, 2, 1]
    assert {u: p.name for u, p in roster.coordinators().items()} == {
        "市发展改革委": "张雅丽",
        "市卫生健康委": "王五",
    }
    assert [p.coordinator for p in roster] == [True, False, True]


def test_first_person_without_phone_is_no_coordinator() -> None:
    """A unit whose first-listed person has no phone: a warning for them, an error for the unit."""
    roster = Roster.of(
        [
            person(office_phone="", mobile="", email="zz@163.com"),
            person(name="李四"),
        ]
    )
    issues = roster.check()
    assert [(i.code, i.severity, i.name) for i in issues] == [
        ("roster-no-contact", "warning", "张雅丽"),
        ("roster-no-coordinator", "error", "张雅丽"),
    ]
    assert "排名第 1 位" in issues[1].message_zh
    assert issues[1].message_zh.startswith("市发展改革委")


def test_later_person_without_phone_only_warns() -> None:
    """Only the first person coordinates: a second one without phone is a warning."""
    roster = Roster.of([person(), person(name="李四", office_phone="", mobile="")])
    assert codes(roster) == ["roster-no-contact"]


def test_first_person_without_name() -> None:
    """An unnamed first person: the name is missing and the unit has no coordinator."""
    roster = Roster.of([person(name=""), person(name="李四")])
    assert codes(roster) == ["roster-name-missing", "roster-no-coordinator"]


def test_unit_with_only_a_blank_row(tmp_path: Path) -> None:
    """A unit listed on a row of its own without anyone has no coordinator."""
    path = tmp_path / "roster.csv"
    path.write_text(
        ",".join(HEADERS) + "\n市发展改革委,张雅丽,科长,0371-67177793,,,\n市卫生健康委,,,,,,\n",
        encoding="utf-8",
    )
    roster = read_roster(path)
    assert roster.units() == ["市发展改革委", "市卫生健康委"]
    blank = roster.liaisons[1]
    assert blank.blank
    assert not blank.coordinator
    assert list(roster.coordinators()) == ["市发展改革委"]
    [issue] = roster.check()
    assert (issue.code, issue.unit, issue.line) == ("roster-no-coordinator", "市卫生健康委", 3)
    assert "没有填写任何联络员" in issue.message_zh


def test_duplicate_person_in_unit() -> None:
    """The same name twice in one unit warns on the second row; in two units it does not."""
    roster = Roster.of([person(), person(mobile="13987654321"), person(unit="市卫生健康委")])
    issues = roster.check()
    assert [(i.code, i.severity) for i in issues] == [("roster-duplicate-person", "warning")]
    assert issues[0].unit == "市发展改革委"


def test_person_without_unit() -> None:
    """A person listed before any unit is an error."""
    assert codes(Roster.of([person(unit="")])) == ["roster-unit-missing"]


def test_empty_roster() -> None:
    """A roster without anyone is an error, not an empty report."""
    [issue] = Roster.of([]).check()
    assert (issue.code, issue.severity) == ("roster-empty", "error")


def test_issue_codes_are_catalogued_and_documented() -> None:
    """Every code used is a roster issue type with its severity, and the docs list them all."""
    odd = Roster.of(
        [
            Liaison(unit="", name="", mobile="1", office_phone="1", email="x"),
            person(unit="单位甲", office_phone="67177793", mobile=""),
            person(unit="单位甲"),
            person(unit="单位乙", mobile="", office_phone=""),
            Liaison(unit="单位丙"),
        ]
    )
    found = {i.code for i in odd.check()} | {"roster-empty"}
    assert found == set(ISSUE_CODES)
    for issue in odd.check():
        assert issue.severity == ISSUE_CODES[issue.code][0]
    for name in ("roster.md", "issue-codes.md"):
        docs = (ROOT / "docs" / name).read_text(encoding="utf-8")
        for code, (severity, _, _) in ISSUE_CODES.items():
            assert re.search(rf"`{code}`\s*\|\s*{severity}", docs), code
    catalogue = Catalogue()  # one issue model: the roster's types are the catalogue's
    assert all(catalogue[code] == t for code, t in zip(ISSUE_CODES, ROSTER_TYPES, strict=True))


def test_liaison_trims_and_compares_without_line() -> None:
    """Texts are trimmed (also full-width spaces); the file row is not part of equality."""
    a = Liaison(unit="\u3000市发展改革委 ", name=" 张雅丽", line=3)
    assert (a.unit, a.name) == ("市发展改革委", "张雅丽")
    assert a == Liaison(unit="市发展改革委", name="张雅丽")


def test_issue_str() -> None:
    """An issue prints its row, severity, code and both messages, Chinese first."""
    issue = RosterIssue(
        code="roster-no-contact",
        severity=Severity.WARNING,
        unit="甲",
        name="乙",
        line=4,
        field=None,
        value="",
        message_zh="中文",
        message_en="English",
    )
    assert str(issue) == "第4行: warning: roster-no-contact: 中文 (English)"


# -- reading -------------------------------------------------------------------------------------


def template_workbook(path: Path) -> None:
    """附件3 as a department fills it: title, header, a unit merged over three people, note."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([TITLE])
    ws.merge_cells("A1:G1")
    ws.append(
        ["单位名称", "姓  名", "职务", "办公室电话", "手机号码", "电子邮箱", "备注（具体负责工作）"]
    )
    ws.append(
        [
            "市发展改革委",
            "张雅丽",
            "科长",
            "0371-67177793",
            13812345678,
            "zzcredit@163.com",
            "总体协调",
        ]
    )
    ws.append(["市发展改革委", "李四", "科员", None, "139 8765 4321", None, "信息报送"])
    ws.append(
        [
            "市发展改革委",
            "王五",
            None,
            "(0371)67177794",
            None,
            "ww@fgw.zhengzhou.gov.cn",
            "异议处理、信用修复",
        ]
    )
    ws.merge_cells("A3:A5")
    ws.append([None] * 7)
    ws.append(["市卫生健康委", "赵六", "副主任", "0371-6717779-801", "13700000000", None, None])
    ws.append([NOTE])
    ws.merge_cells("A8:G8")
    book.save(path)


def test_read_template_xlsx(tmp_path: Path) -> None:
    """The title and note rows are skipped; the merged unit covers its three people, in order."""
    path = tmp_path / "联络员名单.xlsx"
    template_workbook(path)
    roster = read_roster(path)
    assert roster.source == str(path)
    assert [(p.unit, p.name, p.order, p.line) for p in roster] == [
        ("市发展改革委", "张雅丽", 1, 3),
        ("市发展改革委", "李四", 2, 4),
        ("市发展改革委", "王五", 3, 5),
        ("市卫生健康委", "赵六", 1, 7),
    ]
    first = roster.liaisons[0]
    assert (first.office_phone, first.mobile, first.email, first.remarks) == (
        "0371-67177793",
        "13812345678",
        "zzcredit@163.com",
        "总体协调",
    )
    assert roster.liaisons[2].remarks == "异议处理、信用修复"
    assert roster.coordinators()["市发展改革委"].name == "张雅丽"
    assert roster.check() == []


def test_read_gb18030_csv(tmp_path: Path) -> None:
    """A GB18030 CSV with a title line, header variants, blank unit cells and a note."""
    text = (
        "郑州市信用信息管理联络员名单表,,,,,,,\n"
        "序号,单位名称,姓名,职务,办公电话,手机,E-mail,备注\n"
        "1,市市场监管局,孙七,科长,0371-67188888,13811112222,sq@zz.gov.cn,总体协调\n"
        "2,,周八,,,1391111222,,信息报送\n"
        "3,,,,,,,\n"
        "注：排名第 1 位的人员负责本单位信用信息工作总体协调、信息报送、异议处理、信用修复等审核工作。,,,,,,,\n"
    )
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode("gb18030"))
    roster = read_roster(path)
    assert [(p.unit, p.name, p.email, p.order, p.line) for p in roster] == [
        ("市市场监管局", "孙七", "sq@zz.gov.cn", 1, 3),
        ("市市场监管局", "周八", "", 2, 4),
    ]
    [issue] = roster.check()
    assert (issue.code, issue.line, issue.name, issue.value) == (
        "roster-mobile-invalid",
        4,
        "周八",
        "1391111222",
    )


def test_read_skips_signer_rows_and_repeated_headers() -> None:
    """Rows like 填报人：… and a second header row are not people."""
    text = (
        "单位名称,姓名,办公电话,手机\n"
        "市财政局,吴九,0371-67100000,\n"
        "单位名称,姓名,办公电话,手机\n"
        "市财政局,郑十,,13800000000\n"
        "填报人：吴九,,,\n"
    )
    roster = read_roster(io.BytesIO(text.encode()))
    assert [(p.name, p.order) for p in roster] == [("吴九", 1), ("郑十", 2)]


def test_read_unit_row_above_people() -> None:
    """A unit written on a row of its own above its people: the first person coordinates."""
    text = "单位名称,姓名,手机\n市财政局,,\n,吴九,13800000000\n"
    roster = read_roster(io.BytesIO(text.encode()))
    assert [(p.unit, p.name, p.order) for p in roster] == [("市财政局", "吴九", 1)]
    assert roster.check() == []


def test_no_header_row(tmp_path: Path) -> None:
    """A table without the roster's header row is an InputError naming the file."""
    path = tmp_path / "ledger.csv"
    path.write_text("序号,行政决定书文号,项目名称\n1,郑发改〔2019〕1号,某项目\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_roster(path)
    assert caught.value.path == str(path)
    assert "找不到联络员名单的表头" in caught.value.message_zh
    assert str(caught.value).startswith(str(path))


def test_header_too_low(tmp_path: Path) -> None:
    """The header row must be among the first ten rows."""
    path = tmp_path / "late.csv"
    path.write_text("说明\n" * 10 + ",".join(HEADERS) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="表头"):
        read_roster(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.xlsx", None),
        ("empty.csv", b""),
        ("broken.xlsx", b"PK\x03\x04not really a zip"),
        ("roster.json", b'[{"a": 1}]'),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, content: bytes | None) -> None:
    """Missing, empty, corrupt or JSON files are InputErrors naming the file."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_roster(path)
    assert caught.value.path == str(path)


# -- writing -------------------------------------------------------------------------------------


def sample_roster() -> Roster:
    return Roster.of(
        [
            person(),
            person(name="李四", office_phone="", mobile="+86 139-8765-4321", remarks="=1+2"),
            person(name="王五", office_phone="(0371)67177794", email="", remarks="多行\n备注"),
            Liaison(unit="市卫生健康委"),
            person(unit="市市场监管局", name="孙七", title="", mobile="", email=""),
        ]
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    """read_roster(write_roster(r)) == r, also for formula-like texts and a unit without anyone."""
    roster = sample_roster()
    path = write_roster(roster, tmp_path / f"out{suffix}")
    assert path == tmp_path / f"out{suffix}"
    again = read_roster(path)
    assert again == roster
    assert [i.code for i in again.check()] == [i.code for i in roster.check()]
    assert read_roster(write_roster(again, tmp_path / f"twice{suffix}")) == roster


_TEXT = st.text(alphabet="甲乙丙丁 0123456789-+=@'\",、\n", max_size=12)
_PEOPLE = st.lists(
    st.builds(
        Liaison,
        unit=st.sampled_from(["市发展改革委", "市卫生健康委", "=市财政局"]),
        name=st.text(alphabet="甲乙丙丁=+", min_size=1, max_size=4),
        title=_TEXT,
        office_phone=_TEXT,
        mobile=_TEXT,
        email=_TEXT,
        remarks=_TEXT,
    ),
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=_PEOPLE)
def test_round_trip_property(tmp_path: Path, people: list[Liaison]) -> None:
    """Any roster of named people round-trips through both formats, in any unit order."""
    roster = Roster.of(people)
    for suffix in (".xlsx", ".csv"):
        assert read_roster(write_roster(roster, tmp_path / f"p{suffix}")) == roster


def test_round_trip_gb18030_csv(tmp_path: Path) -> None:
    """CSV can be written in GB18030 for older tools."""
    path = write_roster(sample_roster(), tmp_path / "out.csv", encoding="gb18030")
    assert path.read_bytes().decode("gb18030").startswith(",".join(HEADERS))
    assert read_roster(path) == sample_roster()


def test_round_trip_of_read_template(tmp_path: Path) -> None:
    """A department's file read, written and read again is the same roster."""
    source = tmp_path / "in.xlsx"
    template_workbook(source)
    roster = read_roster(source)
    for suffix in (".xlsx", ".csv"):
        assert read_roster(write_roster(roster, tmp_path / f"out{suffix}")) == roster


def test_xlsx_layout(tmp_path: Path) -> None:
    """Title row, header row, text cells, the unit merged over its people, the note row."""
    path = write_roster(sample_roster(), tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == TITLE
    assert [c.value for c in ws[2]] == list(HEADERS)
    assert ws["B3"].value == "张雅丽"
    assert ws["D3"].data_type == "s"
    assert ws["G4"].value == "=1+2"
    assert ws["G4"].data_type == "s"  # a text, not a formula
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:G1", "A3:A5", "A8:G8"}
    assert ws["A8"].value == NOTE
    assert ws["A6"].value == "市卫生健康委"
    assert ws["B6"].value is None


def test_csv_layout_escapes_formulas(tmp_path: Path) -> None:
    """The CSV has only the header and the people, with the unit on every row, formulas escaped."""
    path = write_roster(sample_roster(), tmp_path / "out.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ",".join(HEADERS)
    assert lines[2].startswith("市发展改革委,李四,科长,,'+86 139-8765-4321,")
    assert lines[2].endswith(",'=1+2")


def test_write_keeps_existing_file_on_error(tmp_path: Path) -> None:
    """A value Excel cannot store raises InputError and leaves the old file as it was."""
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    bad = Roster.of([person(remarks="bad\x01char")])
    with pytest.raises(InputError, match="控制字符"):
        write_roster(bad, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_write_unknown_extension(tmp_path: Path) -> None:
    """The format comes from the extension, or format= says it."""
    with pytest.raises(InputError, match=r"\.csv 或 \.xlsx"):
        write_roster(sample_roster(), tmp_path / "out.xls")
    path = write_roster(sample_roster(), tmp_path / "out.txt", format="csv")
    assert read_roster(path) == sample_roster()
