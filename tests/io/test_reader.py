"""Tests of sgs.io.read: encodings, header variants, title rows, positions, bad files."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

from sgs.errors import InputError
from sgs.io import read
from sgs.records import Penalty
from sgs.standard import Kind

HEADER = "CF_XDR_MC,CF_WSH,CF_JDRQ,CF_CFLB,CF_NR_FK"
ROW = "某某餐饮有限公司,示罚〔2019〕1号,2019/10/10,罚款,0.2"


def _write(tmp_path: Path, name: str, text: str, encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_detected(tmp_path: Path, encoding: str, detected: str) -> None:
    """UTF-8, UTF-8 with BOM, GB18030, GBK and UTF-16 files read the same."""
    path = _write(tmp_path, "p.csv", f"{HEADER}\r\n{ROW}\r\n", encoding)
    with read(path) as reader:
        rows = list(reader)
    assert reader.encoding == detected
    assert rows[0].values["CF_XDR_MC"] == "某某餐饮有限公司"
    assert rows[0].values["CF_WSH"] == "示罚〔2019〕1号"


def test_encoding_override(tmp_path: Path) -> None:
    """encoding= overrides detection."""
    path = _write(tmp_path, "p.csv", f"{HEADER}\n{ROW}\n", "gbk")
    with read(path, encoding="gbk") as reader:
        assert reader.encoding == "gbk"
        assert next(iter(reader)).values["CF_XDR_MC"] == "某某餐饮有限公司"


def test_wrong_encoding_is_a_clear_error(tmp_path: Path) -> None:
    """Forcing UTF-8 on a GBK file gives an InputError naming the file, not a traceback."""
    path = _write(tmp_path, "p.csv", f"{HEADER}\n{ROW}\n", "gbk")
    with pytest.raises(InputError, match=r"p\.csv.*编码"), read(path, encoding="utf-8") as reader:
        list(reader)


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("CF_XDR_MC,CF_WSH,CF_JDRQ", None),
        ("cf_xdr_mc,cf_wsh,cf_jdrq", None),
        ("行政相对人名称,行政处罚决定书文号,处罚决定日期", None),
        ("行政相对人名称（必填）,行政处罚决定书文号 ,处罚决定日期（必填，XXXX/XX/XX格式）", None),
        ("CF_XDR_MC,CF_WSH,处罚日期", None),
        # attribute names are shared by both kinds, so the kind is given
        ("party_name,document_number,decision_date", "penalty"),
    ],
)
def test_header_variants(header: str, kind: str | None) -> None:
    """Codes, labels, annotated labels and attribute names all name the same fields."""
    text = f"{header}\n某公司,示罚〔2019〕1号,2019-10-10\n"
    with read(io.StringIO(text), kind=kind) as reader:
        row = next(iter(reader))
    assert reader.kind is Kind.PENALTY
    assert row.values == {
        "CF_XDR_MC": "某公司",
        "CF_WSH": "示罚〔2019〕1号",
        "CF_JDRQ": "2019-10-10",
    }


@pytest.mark.parametrize(
    "label",
    [
        "行政相对人代码_1(统一社会信用代码)",
        "行政相对人代码_1（统一社会信用代码）",
        "行政相对人代码_1 (统一社会信用代码)",
        "行政相对人代码_1",
        "统一社会信用代码",
    ],
)
def test_qualified_labels(label: str) -> None:
    """The 代码_1 label with or without its qualifier, in either parenthesis width."""
    text = f"行政相对人名称,{label},许可决定日期\n某公司,91230500MA1B3N1N2M,2019-09-01\n"
    with read(io.StringIO(text)) as reader:
        row = next(iter(reader))
    assert reader.kind is Kind.LICENSE
    assert row.values["XK_XDR_SHXYM"] == "91230500MA1B3N1N2M"


def test_2016_codes_map_to_2018(tmp_path: Path) -> None:
    """Pre-2018 codes map onto 2018 fields; 处罚类别 codes translate and merge."""
    text = (
        "CF_WSH,CF_CFLB1,CF_CFLB2,CF_XDR_MC,CF_XDR_ZDM,CF_XDR_SFZ,CF_FR,CF_XZJG,CF_JG,DFBM\n"
        "罚〔2016〕1号,1,0,某公司,12345678-9,410105198503121235,张三,某局,罚款500元,410100\n"
    )
    with read(io.StringIO(text)) as reader:
        row = next(iter(reader))
    assert reader.kind is Kind.PENALTY
    assert row.values["CF_CFLB"] == "罚款;警告"
    assert row.values["CF_XDR_ZZJG"] == "12345678-9"
    assert row.values["CF_XDR_ZJHM"] == "410105198503121235"
    assert row.values["CF_XDR_ZJLX"] == "身份证"
    assert row.values["CF_FRDB"] == "张三"
    assert row.values["CF_CFJG"] == "某局"
    assert row.values["CF_NR"] == "罚款500元"
    assert row.extras == {"DFBM": "410100"}


def test_values_are_trimmed_and_empty_markers_dropped() -> None:
    """ASCII, full-width and no-break spaces are trimmed; /, 无, - mean empty; raw is kept."""
    text = "CF_XDR_MC,CF_WSH,CF_FRDB,BZ,CF_NR_ZKDX\n\u3000某公司\u00a0 ,  罚1号 ,/,无,-\n"
    with read(io.StringIO(text)) as reader:
        row = next(iter(reader))
    assert row.values == {"CF_XDR_MC": "某公司", "CF_WSH": "罚1号"}
    assert row.raw == ("\u3000某公司\u00a0 ", "  罚1号 ", "/", "无", "-")


def test_custom_empty_markers() -> None:
    """empty_markers is configurable."""
    text = "CF_XDR_MC,CF_WSH,BZ\n某公司,罚1号,无\n"
    with read(io.StringIO(text), empty_markers={"", "空"}) as reader:
        row = next(iter(reader))
    assert row.values["BZ"] == "无"


def test_positions_count_physical_lines() -> None:
    """A quoted cell spanning lines moves the next record's line; blank rows are skipped."""
    text = 'CF_XDR_MC,CF_WSH,BZ\nA,1,"two\nlines"\n\nB,2,x\n'
    with read(io.StringIO(text)) as reader:
        rows = list(reader)
    assert [(r.position.record, r.position.line) for r in rows] == [(1, 2), (2, 5)]


def test_extra_columns_are_kept() -> None:
    """Columns that are not standard fields are kept under their header."""
    text = "CF_XDR_MC,CF_WSH,案件名称,\nA,1,某案,x\n"
    with read(io.StringIO(text)) as reader:
        row = next(iter(reader))
    assert reader.unmapped == ("案件名称",)
    assert row.extras == {"案件名称": "某案", "列4": "x"}


def test_duplicate_headers_best_origin_wins() -> None:
    """Two columns for one field: the exact label wins, the alias stays an extra column."""
    text = "企业名称,行政相对人名称,CF_WSH\nA公司,B公司,1\n"
    with read(io.StringIO(text)) as reader:
        row = next(iter(reader))
    assert row.values["CF_XDR_MC"] == "B公司"
    assert row.extras == {"企业名称": "A公司"}


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    for r in rows:
        ws.append(r)
    book.save(path)
    return path


def test_xlsx_title_row_and_date_cells(tmp_path: Path) -> None:
    """An XLSX with a title row: the header is found below it; date cells become dates."""
    path = _xlsx(
        tmp_path / "t.xlsx",
        [
            ["某市行政处罚信息表"],
            [],
            [
                "行政相对人名称",
                "行政处罚决定书文号",
                "处罚决定日期",
                "罚款金额（万元）",
                "文书编号数字",
            ],
            ["某公司", "罚1号", dt.datetime(2019, 10, 10), 0.2, 201312142],
        ],
    )
    with read(path) as reader:
        rows = list(reader.records())
    assert reader.header_line == 3
    row, record, problems = rows[0]
    assert row.position.line == 4
    assert row.position.sheet == "Sheet"
    assert isinstance(record, Penalty)
    assert record.decision_date == dt.date(2019, 10, 10)
    assert str(record.fine_amount) == "0.2"
    assert row.extras == {"文书编号数字": "201312142"}
    assert problems == ()


def test_xlsx_sheet_choice(tmp_path: Path) -> None:
    """sheet= picks a sheet by name or index; an unknown sheet is a clear error."""
    book = openpyxl.Workbook()
    book.active.append(["封面"])
    ws = book.create_sheet("数据")
    ws.append(["CF_XDR_MC", "CF_WSH"])
    ws.append(["A", "1"])
    book.save(tmp_path / "s.xlsx")
    with read(tmp_path / "s.xlsx", sheet="数据") as reader:
        assert len(list(reader)) == 1
    with read(tmp_path / "s.xlsx", sheet=1) as reader:
        assert reader.sheet == "数据"
    with pytest.raises(InputError, match="找不到工作表"):
        read(tmp_path / "s.xlsx", sheet="没有")


def test_jsonl(tmp_path: Path) -> None:
    """JSON Lines with attribute-name keys; numbers and nulls become text or empty."""
    path = tmp_path / "l.jsonl"
    path.write_text(
        json.dumps({"party_name": "某公司", "fine_amount": 0.2, "remarks": None, "X": 1}) + "\n\n",
        encoding="utf-8",
    )
    with read(path, kind="penalty") as reader:
        row = next(iter(reader))
    assert row.values == {"CF_XDR_MC": "某公司", "CF_NR_FK": "0.2"}
    assert row.extras == {"X": "1"}
    assert row.position.line == 1


def test_jsonl_bad_line(tmp_path: Path) -> None:
    """A line that is not JSON is an InputError naming file and line."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"CF_XDR_MC": "a", "CF_WSH": "1"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError) as err, read(path) as reader:
        list(reader)
    assert err.value.line == 2
    assert "bad.jsonl" in str(err.value)


def test_iterable_of_mappings() -> None:
    """An iterable of mappings reads like a file, with record numbers."""
    rows = list(read([{"XK_XDR_MC": "A", "XK_WSH": "1"}, {"行政相对人名称": "B", "XK_WSH": "2"}]))
    assert [r.values["XK_XDR_MC"] for r in rows] == ["A", "B"]
    assert rows[1].position.record == 2


def test_reader_iterates_once() -> None:
    """A reader is a single pass over a stream."""
    reader = read(io.StringIO("CF_XDR_MC,CF_WSH\nA,1\n"))
    list(reader)
    with pytest.raises(RuntimeError):
        list(reader)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "文件为空"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本表格"),
        ("broken.xlsx", b"PK\x03\x04 this is not a zip", "不是有效的 Excel"),
        ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "不是有效的 Excel"),
        ("unknown.csv", "姓名,年龄\n张三,30\n".encode(), "找不到可识别的表头"),
        (
            "prose.txt",
            "行政许可决定书文号：123\n许可决定日期：2018-03-29\n".encode(),
            "找不到可识别的表头",
        ),
        ("bad.json", b"[1, 2", "不是有效的 JSON"),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    """Unusable files raise one InputError that names the file and the reason."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err, read(path) as reader:
        list(reader)
    assert name in str(err.value)
    assert err.value.message_en


def test_missing_file_and_directory(tmp_path: Path) -> None:
    """A missing file and a directory are InputErrors too."""
    with pytest.raises(InputError, match="文件不存在"):
        read(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="目录"):
        read(tmp_path)


def test_ambiguous_kind_needs_kind() -> None:
    """Headers common to both kinds give a clear error; kind= resolves it."""
    text = "行政相对人名称,行政相对人类别,备注\nA,自然人,x\n"
    with pytest.raises(InputError, match="--kind"):
        read(io.StringIO(text))
    with read(io.StringIO(text), kind="license") as reader:
        assert next(iter(reader)).values["XK_XDR_LB"] == "自然人"


def test_csv_formula_escape_is_undone(tmp_path: Path) -> None:
    """Cells that sgs's CSV writer escaped with ' read back exactly as they were."""
    from sgs.io import open_writer

    path = tmp_path / "f.csv"
    with open_writer(path, kind="penalty", headers="code") as writer:
        writer.write({"CF_XDR_MC": "=HYPERLINK(1)", "CF_WSH": "@罚1号", "BZ": "'=x"})
    assert "'=HYPERLINK(1)" in path.read_text(encoding="utf-8-sig")
    with read(path) as reader:
        row = next(iter(reader))
    assert row.values == {"CF_XDR_MC": "=HYPERLINK(1)", "CF_WSH": "@罚1号", "BZ": "'=x"}


def test_cell_batches_give_the_rows_and_lines_of_cells(tmp_path: Path) -> None:
    """Batches read in C number lines exactly as the row-by-row reader does."""
    text = (
        "示例市 行政处罚\r\n"
        "CF_XDR_MC,CF_WSH,CF_SY\r\n"
        '甲公司,罚〔2026〕1号,"第一行\r\n第二行"\r\n'
        "\r\n"
        '乙公司,罚〔2026〕2号,"含\r回车"\n'
        '丙公司,罚〔2026〕3号,"两行\n\n空行"\r\n'
        "丁公司,罚〔2026〕4号,普通\r\n"
        "戊公司,罚〔2026〕5号,最后\r\n"
    )
    path = tmp_path / "lines.csv"
    path.write_bytes(text.encode("utf-8"))
    with read(path) as reader:
        one_by_one = list(reader.cells())
    for size in (1, 2, 3, 100):
        with read(path) as reader:
            batched = [
                (line, cells)
                for lines, rows in reader.cell_batches(size)
                for line, cells in zip(lines, rows, strict=True)
            ]
        assert batched == one_by_one
    assert [line for line, cells in one_by_one if cells] == [3, 6, 8, 11, 12]
