"""Tests of the 事项目录 (附件1): reading the template with merged cells, writing, versions, coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Alignment

import sgs.department.catalog
import sgs.department.coverage
import sgs.io.forms
import sgs.records.registers
from sgs.department.catalog import (
    CATALOG_HEADERS,
    CATALOG_SCOPE_HEADER,
    CATALOG_TITLE,
    Catalog,
    read_catalog,
    write_catalog,
)
from sgs.department.coverage import match_item, uncatalogued, unused
from sgs.errors import InputError
from sgs.io.tables import RawTable
from sgs.records.registers import (
    CatalogItem,
    CatalogVersion,
    basis_text,
    normalize_basis,
    normalize_category,
    normalize_text,
)
from sgs.standard import Kind
from tests.conftest import SAMPLES

# -- the template, as the notice prints it --------------------------------------------------

INVESTMENT_BASIS = (
    "【行政法规】《国务院\n对确需保留的行政审批\n项目设定行政许可的决\n定》（国务院令 412 号）\n"
    "【国务院决定】《国务\n院关于投资体制改革的\n决定》（国发〔2004〕\n20 号）"
)
TENDER_BASIS = (
    "【行政法规】《中华人\n民共和国招标投标法实\n施条例》（国务院令\n第 613 号）第六十三条"
)

INVESTMENT = CatalogItem(
    number="1",
    department="XX 发展改革委",
    category="行政许可",
    name="企业固定资产投资项目核准或备案",
    basis=(
        "【行政法规】《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令 412 号）",
        "【国务院决定】《国务院关于投资体制改革的决定》（国发〔2004〕20 号）",
    ),
    parties="法人和其他组织",
)
CATALOG_ITEM = CatalogItem(
    number="1",
    department="XX 发展改革委",
    category="行政许可",
    name="政府核准的投资项目目录内项目核准",
    basis=("【国务院决定】《国务院关于投资体制改革的决定》（国发〔2004〕20 号）",),
    parties="法人和其他组织",
)
TENDER = CatalogItem(
    number="1",
    department="XX 发展改革委",
    category="行政处罚",
    name="对依法必须招标项目发布招标公告违法行为的处罚",
    basis=(
        "【行政法规】《中华人民共和国招标投标法实施条例》（国务院令第 613 号）第六十三条",
        "【法律】《中华人民共和国招标投标法》第四十九条",
    ),
    parties="法人和其他组织",
)
FOOD = CatalogItem(
    number="2",
    department="XX 市场监管局",
    category="行政处罚",
    name="对未取得食品经营许可从事食品经营活动的处罚",
    basis=("【法律】《中华人民共和国食品安全法》第一百二十二条",),
    parties="公民、法人和其他组织",
)
TEMPLATE_ITEMS = [INVESTMENT, CATALOG_ITEM, TENDER, FOOD]


def template_xlsx(path: Path) -> Path:
    """附件1 as a department fills it in: merged 序号/部门/类别, wrapped names and 依据."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["行政许可和行政处罚事项目录模板"])
    ws.merge_cells("A1:F1")
    ws.append(list(CATALOG_HEADERS))
    ws.append(
        [
            1,
            "XX 发展改革委",
            "行政许可",
            "企业固定资产投资 项目核准或\n备案",
            INVESTMENT_BASIS,
            "法人和\n其他组织",
        ]
    )
    ws.append(
        [
            None,
            None,
            None,
            "政府核准的投资项目\n目录内项目核准",
            "【国务院决定】《国务院关于投资体制改革的决定》（国发〔2004〕20 号）",
            "法人和其他组织",
        ]
    )
    ws.append(
        [
            None,
            None,
            "行政处罚",
            "对依法必须\n招标项目发\n布招标公告\n违法行为的\n处罚",
            TENDER_BASIS,
            "法人和 其他组织",
        ]
    )
    # a continuation row: only 设定依据, under the department's merged cells
    ws.append([None, None, None, None, "【法律】《中华人民共和国招标投标法》第四十九条", None])
    ws.append([])  # a fully blank row
    ws.append(
        [
            2,
            "XX 市场监管局",
            "处罚",
            "对未取得食品经营许可从事食品经营活动的处罚",
            "【法律】《中华人民共和国食品安全法》\n第一百二十二条",
            "公民、法人和\n其他组织",
        ]
    )
    ws.merge_cells("A3:A6")
    ws.merge_cells("B3:B6")
    ws.merge_cells("C3:C4")
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    book.save(path)
    return path


def test_template_xlsx_reads_exactly(tmp_path: Path) -> None:
    items = read_catalog(template_xlsx(tmp_path / "目录.xlsx"))
    assert items == TEMPLATE_ITEMS
    assert [i.kind for i in items] == [Kind.LICENSE, Kind.LICENSE, Kind.PENALTY, Kind.PENALTY]


def test_template_with_header_variants_and_a_repeated_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["某局行政许可和行政处罚事项目录"])
    ws.append(["填报单位：某局", None, None, "2019年11月"])
    ws.append(
        ["序 号", "行政决定\n部门", "事项类别", "事项名称*", "法律依据（条款）", "行政相对人类别"]
    )
    ws.append([1, "某局", "license", "A 类许可", "《某法》第十条", "法人"])
    ws.append(list(CATALOG_HEADERS))  # printed on every page
    ws.append([2, "某局", "penalty", "对甲的处罚", "《某法》第二十条", "法人"])
    ws.append(["注：本目录动态更新。"])
    book.save(tmp_path / "a.xlsx")
    items = read_catalog(tmp_path / "a.xlsx")
    assert [(i.number, i.category, i.name, i.basis) for i in items] == [
        ("1", "行政许可", "A 类许可", ("《某法》第十条",)),
        ("2", "行政处罚", "对甲的处罚", ("《某法》第二十条",)),
    ]


def test_every_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["请按模板填写"])
    for title, category in (("许可", "行政许可"), ("处罚", "行政处罚")):
        ws = book.create_sheet(title)
        ws.append(list(CATALOG_HEADERS))
        ws.append([1, "某局", category, f"{title}事项", None, None])
    book.save(tmp_path / "b.xlsx")
    assert [i.name for i in read_catalog(tmp_path / "b.xlsx")] == ["许可事项", "处罚事项"]
    assert [i.name for i in read_catalog(tmp_path / "b.xlsx", sheet="处罚")] == ["处罚事项"]
    assert [i.name for i in read_catalog(tmp_path / "b.xlsx", sheet=1)] == ["许可事项"]
    with pytest.raises(InputError, match="找不到工作表"):
        read_catalog(tmp_path / "b.xlsx", sheet="强制")
    with pytest.raises(InputError, match="找不到事项目录的表头"):
        read_catalog(tmp_path / "b.xlsx", sheet=0)


# -- CSV: blank cells where the spreadsheet had merged ones ----------------------------------

EXPORTED_CSV = (
    "行政许可和行政处罚事项目录\n"
    "序号,行政决定部门,行政职权类别,项目名称,设定依据,行政相对人\n"
    f'1,XX 发展改革委,行政许可,"企业固定资产投资 项目核准或备案","{INVESTMENT_BASIS}",法人和 其他组织\n'
    ',,,政府核准的投资项目目录内项目核准,"【国务院决定】《国务院关于投资体制改革的决定》'
    '（国发〔2004〕20 号）",法人和其他组织\n'
    f',,行政处罚,对依法必须招标项目发布招标公告违法行为的处罚,"{TENDER_BASIS}",法人和其他组织\n'
    ",,,,【法律】《中华人民共和国招标投标法》第四十九条,\n"
    ",,,,,\n"
    "2,XX 市场监管局,许可,食品经营许可,,\n"
    ",,处罚,对未取得食品经营许可从事食品经营活动的处罚,"
    "【法律】《中华人民共和国食品安全法》第一百二十二条,公民、法人和其他组织\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_export_of_the_template(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "目录.csv"
    path.write_bytes(EXPORTED_CSV.encode(encoding))
    items = read_catalog(path)
    license_ = CatalogItem(
        number="2", department="XX 市场监管局", category="行政许可", name="食品经营许可"
    )
    assert items == [INVESTMENT, CATALOG_ITEM, TENDER, license_, FOOD]


def test_blank_category_in_a_new_department_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "序号,行政决定部门,行政职权类别,项目名称\n1,甲局,许可,甲许可\n2,乙局,,乙事项\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="缺少行政职权类别") as info:
        read_catalog(path)
    assert info.value.line == 3
    assert info.value.path == str(path)


def test_other_categories(tmp_path: Path) -> None:
    path = tmp_path / "权力清单.csv"
    path.write_text(
        "序号,部门,职权类别,职权名称,设定依据\n"
        "1,某局,行政许可,甲许可,《某法》\n"
        "2,某局,行政强制,查封场所,《某法》\n"
        ",,,,【法律】《另一法》\n"
        "3,某局,行政处罚,对乙的处罚,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="行政强制") as info:
        read_catalog(path)
    assert info.value.line == 3
    items = read_catalog(path, skip_other=True)
    assert [(i.name, i.basis) for i in items] == [("甲许可", ("《某法》",)), ("对乙的处罚", ())]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("序号,行政职权类别,项目名称,设定依据\n,,,【法律】《某法》\n", "没有事项", 2),
        ("序号,行政职权类别,项目名称,设定依据\n1,许可,,《某法》\n", "缺少项目名称", 2),
        ("序号,行政职权类别,项目名称\n1,许可,\u200b\n", "needs a name", 2),
    ],
)
def test_broken_rows(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_catalog(path)
    assert info.value.line == line


def test_header_but_no_items_is_an_empty_catalog(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("行政职权类别,项目名称\n", encoding="utf-8")
    assert read_catalog(path) == []


# -- unusable files ----------------------------------------------------------------------------


def test_unusable_files(tmp_path: Path) -> None:
    cases: dict[str, bytes] = {
        "empty.csv": b"",
        "ledger.csv": "序号,行政决定书文号,项目名称/案件名称\n1,甲字〔2019〕1号,某案\n".encode(),
        "broken.xlsx": b"PK\x03\x04 not really a zip",
        "records.json": '[{"项目名称": "甲"}]'.encode(),
        "title-only.csv": "行政许可和行政处罚事项目录\n".encode(),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    for name in [*cases, "missing.csv"]:
        with pytest.raises(InputError) as info:
            read_catalog(tmp_path / name)
        assert info.value.path == str(tmp_path / name), name
        assert name in str(info.value)
    book = openpyxl.Workbook()
    book.active.append(["序号", "行政相对人名称", "案件名称"])
    book.save(tmp_path / "ledger.xlsx")
    with pytest.raises(InputError, match="表头"):
        read_catalog(tmp_path / "ledger.xlsx")


def test_a_real_xls_that_is_no_catalog() -> None:
    # a penalty list whose title row is merged: read through xlrd with formatting info
    path = SAMPLES / "zhengzhou-health-commission-penalty-list-2016-2017.xls"
    with pytest.raises(InputError, match="表头") as info:
        read_catalog(path)
    assert info.value.path == str(path)


# -- XLS: merged ranges from xlrd, or blank cells filled down ----------------------------------

XLS_ROWS = [
    ["行政许可和行政处罚事项目录", "", "", "", "", ""],
    list(CATALOG_HEADERS),
    [
        "1",
        "XX 发展改革委",
        "行政许可",
        "企业固定资产投资\n项目核准或备案",
        INVESTMENT_BASIS,
        "法人和其他组织",
    ],
    ["", "", "", "政府核准的投资项目目录内项目核准", CATALOG_ITEM.basis[0], ""],
    ["", "", "行政处罚", TENDER.name, TENDER_BASIS, "法人和其他组织"],
    ["", "", "", "", TENDER.basis[1], ""],
    ["2", "XX 市场监管局", "行政处罚", FOOD.name, FOOD.basis[0], FOOD.parties],
]


class _FakeSheet:
    # xlrd's (first row, row after, first column, column after), 0-based: the title, 序号
    # and 部门 over the first department, 类别 and 行政相对人 over its two licenses
    merged_cells: ClassVar = [(0, 1, 0, 6), (2, 6, 0, 1), (2, 6, 1, 2), (2, 4, 2, 3), (2, 4, 5, 6)]


class _FakeBook:
    def __init__(self, names: list[str]) -> None:
        self.names = names

    def sheet_names(self) -> list[str]:
        return self.names

    def sheet_by_name(self, name: str) -> _FakeSheet:
        return _FakeSheet()

    def release_resources(self) -> None:
        pass


@pytest.fixture
def fake_xls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[bool]:
    """A file that is an .xls to the format check, with the cells and merges of XLS_ROWS."""
    import xlrd

    path = tmp_path / "目录.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    formatting = [True]

    def open_workbook(**kwargs: Any) -> _FakeBook:
        if kwargs.get("formatting_info") and not formatting[0]:
            raise NotImplementedError("formatting_info=True not yet implemented")
        return _FakeBook(["Sheet1"])

    def open_table(path: str, **kwargs: Any) -> RawTable:
        if kwargs.get("format") != "xls":
            return RawTable(path, "xls", iter(()), lambda: None)
        rows = iter(list(enumerate(XLS_ROWS, 1)))
        return RawTable(path, "xls", rows, lambda: None, sheet=kwargs["sheet"])

    monkeypatch.setattr(xlrd, "open_workbook", open_workbook)
    monkeypatch.setattr(sgs.io.forms, "open_table", open_table)
    return formatting


def test_xls_merged_cells(fake_xls: list[bool], tmp_path: Path) -> None:
    assert read_catalog(tmp_path / "目录.xls") == [INVESTMENT, CATALOG_ITEM, TENDER, FOOD]


def test_xls_without_formatting_fills_blank_cells_down(
    fake_xls: list[bool], tmp_path: Path
) -> None:
    fake_xls[0] = False
    unmerged = attrs.evolve(CATALOG_ITEM, parties="")  # 行政相对人 is not filled down
    assert read_catalog(tmp_path / "目录.xls") == [INVESTMENT, unmerged, TENDER, FOOD]


# -- normalization ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("企业固定资产投资 项目核准或备案", "企业固定资产投资项目核准或备案"),
        ("企业固定资产投资\r\n项目核准或备案", "企业固定资产投资项目核准或备案"),
        ("法人和 其他组织", "法人和其他组织"),
        ("法人和\u3000\u3000其他组织", "法人和其他组织"),
        ("  《中华人民共和国\n食品安全法》 ", "《中华人民共和国食品安全法》"),
        ("ISO 9001 质量体系认证", "ISO 9001 质量体系认证"),
        ("Class\nA  licence", "Class A licence"),
        ("国务院令 第 613 号", "国务院令第 613 号"),
        ("甲\u200b乙\x07丙\t丁", "甲乙丙丁"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("行政许可", "行政许可"),
        ("许可", "行政许可"),
        ("LICENSE", "行政许可"),
        ("licence", "行政许可"),
        ("XK", "行政许可"),
        ("行政\n处罚", "行政处罚"),
        (" 处罚 ", "行政处罚"),
        ("penalty", "行政处罚"),
        (Kind.LICENSE, "行政许可"),
    ],
)
def test_normalize_category(raw: str | Kind, expected: str) -> None:
    assert normalize_category(raw) == expected
    assert CatalogItem(category=raw, name="甲").category == expected


@pytest.mark.parametrize("raw", ["行政强制", "", "其他"])
def test_unknown_category(raw: str) -> None:
    with pytest.raises(ValueError, match="unknown category"):
        normalize_category(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (INVESTMENT_BASIS, INVESTMENT.basis),
        ("1.《甲法》第一条\n2、《乙法》\n第二条", ("1.《甲法》第一条", "2、《乙法》第二条")),
        ("《甲法》第一条；\n《乙法》第二条", ("《甲法》第一条；", "《乙法》第二条")),
        ("《甲法》第一条\n《乙法》第二条", ("《甲法》第一条", "《乙法》第二条")),
        ("依照\n《甲法》第一条", ("依照《甲法》第一条",)),
        ("甲\n\n乙", ("甲", "乙")),
        (
            ["【法律】《甲法》\n第一条", "【法规】《乙条例》"],
            ("【法律】《甲法》第一条", "【法规】《乙条例》"),
        ),
        ("  \n ", ()),
    ],
)
def test_normalize_basis(raw: str | list[str], expected: tuple[str, ...]) -> None:
    assert normalize_basis(raw) == expected


def test_items_are_normalized_and_checked() -> None:
    item = CatalogItem(
        category="处罚", name=" 对依法必须\n招标项目的处罚", parties="法人和 其他组织", number=3
    )
    assert (item.name, item.parties, item.number, item.department) == (
        "对依法必须招标项目的处罚",
        "法人和其他组织",
        "3",
        "",
    )
    assert CatalogItem(category="许可", name="甲", number=" ").number is None
    with pytest.raises(ValueError, match="name"):
        CatalogItem(category="许可", name=" \n ")
    with pytest.raises(TypeError):
        CatalogItem(category="许可", name="甲", basis=[1])  # type: ignore[list-item]


# -- versions (动态更新) ---------------------------------------------------------------------------


def test_versions() -> None:
    first = [INVESTMENT, TENDER]
    second = [INVESTMENT, CATALOG_ITEM, TENDER]
    catalog = Catalog()
    v2 = catalog.add_version(second, dt.date(2020, 3, 1), note="新增目录内项目核准")
    v1 = catalog.add_version(first, "2019-11-28", note="首次公示")
    assert [v.effective_from for v in catalog.versions] == [
        dt.date(2019, 11, 28),
        dt.date(2020, 3, 1),
    ]
    assert catalog.items_on(dt.date(2019, 11, 27)) == ()
    assert catalog.version_on(dt.date(2019, 11, 27)) is None
    assert catalog.items_on(dt.date(2019, 11, 28)) == tuple(first)
    assert catalog.items_on(dt.date(2020, 2, 29)) == tuple(first)
    assert catalog.version_on("2020-01-01") is v1
    assert catalog.items_on(dt.datetime(2020, 3, 1, 9, 30)) == tuple(second)
    assert catalog.items_on(dt.date(2030, 1, 1)) == tuple(second)
    assert catalog.version_on(dt.date(2030, 1, 1)) is v2
    assert catalog.current(dt.date(2020, 1, 1)) == tuple(first)
    assert catalog.current() == tuple(second)
    # a correction on the same day: the later one is in force, the earlier one is kept
    v3 = catalog.add_version([INVESTMENT], dt.date(2020, 3, 1), note="更正")
    assert catalog.version_on(dt.date(2020, 3, 1)) is v3
    assert len(catalog.versions) == 3


def test_versions_given_out_of_order_are_sorted() -> None:
    late = CatalogVersion((FOOD,), dt.date(2021, 1, 1))
    early = CatalogVersion([TENDER], dt.datetime(2020, 1, 1, 8))
    catalog = Catalog([late, early])
    assert catalog.versions == [early, late]
    assert early.effective_from == dt.date(2020, 1, 1)
    assert catalog.current(dt.date(2019, 1, 1)) == ()
    future = Catalog()
    future.add_version([FOOD], dt.date.today() + dt.timedelta(days=1))
    assert future.current() == ()
    with pytest.raises(TypeError):
        CatalogVersion(("甲",), dt.date(2020, 1, 1))  # type: ignore[arg-type]


# -- coverage ---------------------------------------------------------------------------------


def test_match_item() -> None:
    items = TEMPLATE_ITEMS
    assert match_item(items, "企业固定资产投资项目核准或备案") is INVESTMENT
    assert match_item(items, "企业固定资产投资\n项目核准 或备案") is INVESTMENT
    # the item's name inside a longer project name; the longest item wins
    assert match_item(items, "某公司企业固定资产投资项目核准或备案（变更）") is INVESTMENT
    # a project name inside an item's name
    assert match_item(items, "投资项目目录内项目核准") is CATALOG_ITEM
    assert match_item(items, "食品经营", kind=Kind.PENALTY) is FOOD
    assert match_item(items, "食品经营", kind="license") is None
    assert match_item(items, "建设工程规划许可") is None
    assert match_item(items, "  ") is None
    longer = CatalogItem(category="许可", name="食品经营许可变更")
    shorter = CatalogItem(category="许可", name="食品经营许可")
    assert match_item([shorter, longer], "食品经营许可变更（延续）") is longer
    assert match_item([longer, shorter], "食品经营许可") is shorter


def test_uncatalogued_and_unused() -> None:
    records = [
        (Kind.LICENSE, "企业固定资产投资项目核准或备案"),
        ("penalty", "对依法必须招标项目发布招标公告违法行为的处罚"),
        ("license", "建设工程规划许可"),
        (Kind.PENALTY, "企业固定资产投资项目核准或备案"),  # a license item, not a penalty
        ("license", "建设工程规划许可"),
    ]
    assert uncatalogued(records, TEMPLATE_ITEMS) == [
        (Kind.LICENSE, "建设工程规划许可"),
        (Kind.PENALTY, "企业固定资产投资项目核准或备案"),
        (Kind.LICENSE, "建设工程规划许可"),
    ]
    assert unused(TEMPLATE_ITEMS, records) == [CATALOG_ITEM, FOOD]
    assert unused(TEMPLATE_ITEMS, []) == TEMPLATE_ITEMS
    assert uncatalogued(iter(records[:2]), iter(TEMPLATE_ITEMS)) == []


# -- writing and round trips --------------------------------------------------------------------


def test_written_xlsx_follows_the_template(tmp_path: Path) -> None:
    path = write_catalog(TEMPLATE_ITEMS, tmp_path / "目录.xlsx")
    assert path == tmp_path / "目录.xlsx"
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == CATALOG_TITLE
    assert [c.value for c in ws[2]] == [*CATALOG_HEADERS, CATALOG_SCOPE_HEADER]
    assert ws["G3"].value == "公示"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:G1", "A3:A5", "B3:B5", "C3:C4"}
    assert ws["A3"].value == 1
    assert ws["E3"].value == "\n".join(INVESTMENT.basis)
    assert ws["E3"].alignment.wrap_text
    assert read_catalog(path) == TEMPLATE_ITEMS
    assert not list(tmp_path.glob(".*.tmp"))


def test_written_csv(tmp_path: Path) -> None:
    path = write_catalog(TEMPLATE_ITEMS, tmp_path / "目录.csv")
    lines = path.read_bytes().decode("utf-8-sig")
    assert lines.startswith(",".join([*CATALOG_HEADERS, CATALOG_SCOPE_HEADER]) + "\r\n")
    assert "\n".join(TENDER.basis) in lines
    assert read_catalog(path) == TEMPLATE_ITEMS
    gbk = write_catalog(TEMPLATE_ITEMS, tmp_path / "目录.txt", encoding="gb18030")
    assert gbk.read_bytes().decode("gb18030").startswith("序号,")
    assert read_catalog(gbk) == TEMPLATE_ITEMS


TRICKY = [
    CatalogItem(category="许可", name='=HYPERLINK("x")', basis=["-1 条", "+《甲法》"]),
    CatalogItem(category="许可", name="12345", number="007"),
    CatalogItem(category="处罚", name="乙", number="1.2", basis=["《甲法》第一条", "甲乙丙"]),
    CatalogItem(department="丙局", category="处罚", name="丙", number="3"),
    CatalogItem(department="丙局", category="处罚", name="丁", number=None, parties="公民"),
    CatalogItem(department="丙局", category="许可", name="戊", number="3"),
    CatalogItem(department="丁局", category="许可", name="#N/A", basis=["依据\n甲", "依据乙"]),
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_tricky_round_trip(tmp_path: Path, suffix: str) -> None:
    path = write_catalog(TRICKY, tmp_path / f"t{suffix}")
    assert read_catalog(path) == TRICKY


def test_write_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.xlsx 或 \.csv"):
        write_catalog(TEMPLATE_ITEMS, tmp_path / "目录.pdf")
    path = write_catalog(TEMPLATE_ITEMS, tmp_path / "目录.dat", format="csv")
    assert read_catalog(path) == TEMPLATE_ITEMS
    with pytest.raises(InputError, match="无法写入"):
        write_catalog(TEMPLATE_ITEMS, tmp_path / "no-such-dir" / "目录.xlsx")


_CHARS = st.sampled_from([*"甲乙丙丁法条款项号《》【】（）；。、 \n", "A", "b", "1", "2", "-"])
_TEXTS = st.text(_CHARS, max_size=12)
_ITEMS = st.builds(
    CatalogItem,
    department=st.sampled_from(["甲局", "乙 局", "XX 局"]),
    category=st.sampled_from(["行政许可", "行政处罚"]),
    name=_TEXTS.filter(lambda t: bool(normalize_text(t))),
    basis=st.lists(_TEXTS, max_size=4),
    parties=_TEXTS,
    number=st.none() | st.sampled_from(["1", "2", "01", "A-1"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_ITEMS, max_size=6), st.sampled_from([".xlsx", ".csv"]))
def test_round_trip_property(tmp_path: Path, items: list[CatalogItem], suffix: str) -> None:
    path = write_catalog(items, tmp_path / f"p{suffix}")
    assert read_catalog(path) == items


@settings(max_examples=300, deadline=None)
@given(st.text(_CHARS | st.characters(), max_size=30))
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\n" not in once
    entries = normalize_basis(text)
    assert normalize_basis(entries) == entries
    assert normalize_basis(basis_text(entries)) == entries


def test_module_exports() -> None:
    for module in (sgs.department.catalog, sgs.department.coverage, sgs.records.registers):
        assert set(module.__all__) <= set(dir(module))
