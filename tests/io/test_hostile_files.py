"""Files that crashed or hung the readers are InputErrors naming the file (issue 11 #10–#12).

Each test builds its bad file in tmp_path (see tests/hostile.py) and asserts
the exception type, the file and, where there is one, the row; limits are
set small where a default one would need a large file.
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from sgs.errors import InputError
from sgs.io import DEFAULT_LIMITS, ReadLimits, open_table_writer, open_writer, read
from sgs.io.tables import open_table
from sgs.io.write.xlsx import XLSX_MAX_COLUMNS
from sgs.standard import Kind
from tests.hostile import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    HEADER,
    broken_deflate,
    deadline,
    deep_json,
    fifo,
    patch_member,
    penalty_book,
    rewrite,
)

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def records(path: Path | str, **options: object) -> list[dict[str, str]]:
    with read(path, **options) as reader:  # type: ignore[arg-type]
        return [dict(row.values) for row in reader]


def refused(path: Path | str, match: str, **options: object) -> InputError:
    """The InputError reading ``path`` raises (opening it or reading its rows)."""
    with pytest.raises(InputError, match=match) as caught:
        records(path, **options)
    assert caught.value.path == os.fspath(path)
    return caught.value


# -- not a regular file (#11) --------------------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "in.csv")
    with deadline():
        error = refused(pipe, "命名管道")
    assert "FIFO" in str(error)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with deadline():
        refused(device, "设备文件")


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(",".join(HEADER) + "\n某公司,罚1号,2026-03-05\n", "utf-8")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    assert records(tmp_path / "b.csv")[0]["CF_XDR_MC"] == "某公司"


# -- broken workbooks (#10) ----------------------------------------------------------------------


def test_broken_deflate_data_mid_sheet_names_the_row_reached(tmp_path: Path) -> None:
    good = penalty_book(tmp_path / "good.xlsx", rows=3000)
    bad = broken_deflate(good, tmp_path / "bad.xlsx", SHEET, at=0.7)
    with read(bad) as reader:  # the header and the first rows inflate
        rows = iter(reader)
        first = next(rows)
        assert first.values["CF_XDR_MC"] == "某公司1"
        with pytest.raises(InputError, match="已损坏") as caught:
            for _ in rows:
                pass
    error = caught.value
    assert error.path == str(bad)
    assert error.line is not None
    assert 1500 < error.line < 2900
    assert f"读到第{error.line}行时" in error.message_zh
    assert "invalid block type" in str(error)


def test_broken_deflate_data_in_batches_too(tmp_path: Path) -> None:
    """Validation reads by batches: the same error, not a zlib.error."""
    good = penalty_book(tmp_path / "good.xlsx", rows=3000)
    bad = broken_deflate(good, tmp_path / "bad.xlsx", SHEET, at=0.5)
    with read(bad) as reader, pytest.raises(InputError, match="已损坏"):
        for _ in reader.cell_batches(500):
            pass


def _utf8(text: str) -> bytes:
    return text.encode()


def _references(text: str) -> bytes:
    return text.encode("ascii", "xmlcharrefreplace")


def test_a_crc_mismatch_at_the_end_of_a_sheet(tmp_path: Path) -> None:
    good = penalty_book(tmp_path / "good.xlsx", rows=50)
    bad = rewrite(good, tmp_path / "bad.xlsx", {}, stored=True)
    data = bad.read_bytes()
    # openpyxl writes the text as UTF-8, or as character references when lxml is installed.
    was, now = next((e("某公司25"), e("某公司52")) for e in (_utf8, _references)
                    if e("某公司25") in data)  # fmt: skip
    at = data.index(was)
    bad.write_bytes(data[:at] + now + data[at + len(now) :])
    refused(bad, "已损坏")  # zipfile: Bad CRC-32, once the part is read to its end


@pytest.mark.parametrize("where", ["start", "middle"])
def test_malformed_sheet_xml(tmp_path: Path, where: str) -> None:
    good = penalty_book(tmp_path / "good.xlsx", rows=200)

    def spoil(xml: bytes) -> bytes:
        if where == "start":
            return xml.replace(b"<worksheet", b"<worksheet <<", 1)
        at = xml.index(b'<row r="150"')
        return xml[:at] + b"<row r=150>" + xml[at:]

    bad = rewrite(good, tmp_path / "bad.xlsx", {SHEET: spoil})
    error = refused(bad, "XML 格式错误")
    if where == "middle":
        assert error.line == 150


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    refused(path, "这是Word 文档，不是 Excel")


# -- what an XLSX may cost (#11) -----------------------------------------------------------------


def test_data_after_a_long_run_of_blank_rows_is_an_error_naming_its_row(tmp_path: Path) -> None:
    path = penalty_book(tmp_path / "in.xlsx", rows=3, blank=120, after=2)
    error = refused(path, "连续100行为空", limits=ReadLimits(max_blank_rows=100))
    assert error.line == 1 + 3 + 120 + 1  # the first row after the blank ones
    assert "第5行起" in error.message_zh
    assert "--max-blank-rows" in error.message_zh


def test_a_higher_limit_or_none_reads_every_row(tmp_path: Path) -> None:
    path = penalty_book(tmp_path / "in.xlsx", rows=3, blank=120, after=2)
    for limit in (0, 121):
        assert len(records(path, limits=ReadLimits(max_blank_rows=limit))) == 5


def test_blank_rows_to_the_end_stop_the_reading_quietly(
    tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    path = penalty_book(tmp_path / "in.xlsx", rows=3, blank=500)
    assert len(records(path, limits=ReadLimits(max_blank_rows=100))) == 3
    assert not recwarn.list


def test_missing_rows_count_as_blank(tmp_path: Path) -> None:
    """Rows absent from the XML (``<row r="20000">`` after row 3) are blank rows too."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["某公司1", "罚〔2026〕1号", "2026-03-05"])
    sheet.cell(row=20000, column=1, value="某公司2")
    sheet.cell(row=20000, column=2, value="罚〔2026〕2号")
    book.save(tmp_path / "in.xlsx")
    error = refused(tmp_path / "in.xlsx", "第20000行还有数据")  # the default limit: 10,000
    assert error.line == 20000
    assert len(records(tmp_path / "in.xlsx", limits=ReadLimits(max_blank_rows=0))) == 2


@pytest.mark.parametrize("numbered", [True, False])
def test_the_row_of_data_after_blank_rows_with_or_without_numbers(
    tmp_path: Path, numbered: bool
) -> None:
    """Some exporters leave out ``r="…"``: rows are counted then, as openpyxl counts them."""

    def row(n: int, cells: str) -> str:
        return f'<row r="{n}">{cells}</row>' if numbered else f"<row>{cells}</row>"

    def text(value: str) -> str:
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'

    header = row(1, "".join(text(h) for h in HEADER))
    data = row(2, text("某公司1") + text("罚〔2026〕1号"))
    blank = "".join(row(n, '<c s="1"/>') for n in range(3, 3 + 60_000))  # over a MiB of XML
    late = row(60_003, text("某公司2") + text("罚〔2026〕2号"))

    def sheet(xml: bytes) -> bytes:
        before, rest = xml.split(b"<sheetData>")
        after = rest.split(b"</sheetData>")[1]
        return before + f"<sheetData>{header}{data}{blank}{late}</sheetData>".encode() + after

    path = rewrite(penalty_book(tmp_path / "good.xlsx"), tmp_path / "in.xlsx", {SHEET: sheet})
    assert len(records(path, limits=ReadLimits(max_blank_rows=0))) == 2
    error = refused(path, "第60003行还有数据", limits=ReadLimits(max_blank_rows=50))
    assert error.line == 60_003


def test_a_part_compressed_like_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    good = penalty_book(tmp_path / "good.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    rewrite(good, bomb, {})
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.bin", b"\0" * (2 << 20))  # 2 MiB → about 2 KiB
    small = ReadLimits(ratio_min_bytes=1 << 20, max_ratio=200)
    refused(bomb, "压缩比异常", limits=small)
    assert len(records(bomb)) == 3  # below the default size for the ratio check


def test_an_archive_inflating_beyond_the_limit_is_refused_unread(tmp_path: Path) -> None:
    """The sizes the archive declares are checked before anything is inflated."""
    bad = rewrite(penalty_book(tmp_path / "good.xlsx"), tmp_path / "bad.xlsx", {})
    patch_member(bad, "xl/styles.xml", file_size=3 << 30)  # 3 GiB, declared
    error = refused(bad, "超过读取上限")
    assert f"{DEFAULT_LIMITS.max_unpacked_bytes:,}" in error.message_zh
    refused(penalty_book(tmp_path / "small.xlsx"), "超过读取上限",
            limits=ReadLimits(max_unpacked_bytes=1000))  # fmt: skip


def test_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="max_blank_rows"):
        ReadLimits(max_blank_rows=-1)


# -- XML safety (#12) ----------------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def with_shared_strings(good: Path, target: Path, xml: str) -> Path:
    """``good`` with a shared-strings part holding ``xml`` (openpyxl writes inline strings)."""
    override = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    rewrite(
        good, target, {"[Content_Types].xml": lambda x: x.replace(b"</Types>", override.encode())}
    )
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr(STRINGS, xml)
    return target


def declaring(prolog: str, entity: str) -> Callable[[bytes], bytes]:
    """A rewrite of a sheet's XML: ``prolog`` before it, ``&entity;`` in its first cell."""

    def spoil(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return prolog.encode() + body.replace(b"<t>", f"<t>&{entity};".encode(), 1)

    return spoil


def test_entity_expansion_in_a_sheet_is_refused(tmp_path: Path) -> None:
    good = penalty_book(tmp_path / "good.xlsx")
    bad = rewrite(good, tmp_path / "bad.xlsx", {SHEET: declaring(BILLION_LAUGHS, "lol9")})
    refused(bad, "含有实体或 DTD 声明")


def test_entity_expansion_in_the_shared_strings_is_refused(tmp_path: Path) -> None:
    laughs = (
        BILLION_LAUGHS
        + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    bad = with_shared_strings(penalty_book(tmp_path / "good.xlsx"), tmp_path / "bad.xlsx", laughs)
    refused(bad, "含有实体或 DTD 声明")


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    good = penalty_book(tmp_path / "good.xlsx")
    bad = rewrite(good, tmp_path / "bad.xlsx", {SHEET: declaring(EXTERNAL_ENTITY, "xxe")})
    error = refused(bad, "含有实体或 DTD 声明")
    assert "root:" not in str(error)


# -- JSON (#10) ----------------------------------------------------------------------------------


def test_json_nested_200000_deep(tmp_path: Path) -> None:
    (tmp_path / "in.json").write_text(deep_json(), "utf-8")
    refused(tmp_path / "in.json", "嵌套层数过多")


def test_json_lines_nested_deep_names_the_line(tmp_path: Path) -> None:
    good = '{"CF_XDR_MC": "某公司", "CF_WSH": "罚1号"}'
    (tmp_path / "in.jsonl").write_text(f"{good}\n{deep_json()}\n", "utf-8")
    assert refused(tmp_path / "in.jsonl", "第2行的JSON 嵌套层数过多").line == 2


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_an_integer_of_5000_digits_is_kept_as_its_digits(tmp_path: Path, suffix: str) -> None:
    digits = "9" * 5000
    line = (
        f'{{"CF_XDR_MC": "某公司", "CF_WSH": "罚1号", "CF_NR_FK": {digits}, "CF_NR_WFFF": 1e999}}'
    )
    (tmp_path / f"in.{suffix}").write_text(f"[{line}]" if suffix == "json" else line, "utf-8")
    (values,) = records(tmp_path / f"in.{suffix}")
    assert values["CF_NR_FK"] == digits  # a bad value for validation, not a lost one
    assert values["CF_NR_WFFF"] == "1e999"


# -- encodings (#10) -----------------------------------------------------------------------------

CSV_TEXT = ",".join(HEADER) + "\n某公司,罚〔2026〕1号,2026-03-05\n"


def test_utf16_asked_for_a_file_that_is_not(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(CSV_TEXT, "utf-8")
    refused(tmp_path / "in.csv", "没有字节顺序标记", encoding="utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_without_a_bom_is_read_in_its_byte_order(tmp_path: Path, codec: str) -> None:
    (tmp_path / "in.csv").write_bytes(CSV_TEXT.encode(codec))
    wide = "utf-16" if "16" in codec else "utf-32"
    assert records(tmp_path / "in.csv", encoding=wide)[0]["CF_XDR_MC"] == "某公司"


def test_utf16_without_a_bom_and_without_encoding_says_what_to_pass(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_bytes(CSV_TEXT.encode("utf-16-le"))
    refused(tmp_path / "in.csv", "请用 --encoding utf-16 指定编码")


@pytest.mark.parametrize(
    ("encoding", "match"),
    [("rot13", "不是字符编码"), ("base64", "不是字符编码"), ("hex", "不是字符编码")],
)
def test_an_encoding_that_is_no_text_encoding(tmp_path: Path, encoding: str, match: str) -> None:
    (tmp_path / "in.csv").write_text(CSV_TEXT, "utf-8")
    refused(tmp_path / "in.csv", match, encoding=encoding)


# -- CSV fields (#11) ----------------------------------------------------------------------------


@pytest.fixture
def small_field_limit() -> Iterator[int]:
    before = csv.field_size_limit(1000)
    try:
        yield 1000
    finally:
        csv.field_size_limit(before)


def test_a_cell_over_the_field_limit_names_its_row(tmp_path: Path, small_field_limit: int) -> None:
    long = "长" * (small_field_limit + 10)
    lines = [",".join(HEADER), *["某公司,罚1号,2026-03-05"] * 40, f'某公司,"{long}",2026-03-05']
    (tmp_path / "in.csv").write_text("\n".join(lines) + "\n", "utf-8")
    error = refused(tmp_path / "in.csv", "第42行起的一格超过 1,000 个字符")
    assert error.line == 42
    with read(tmp_path / "in.csv") as reader, pytest.raises(InputError, match="一格超过"):
        for _ in reader.cell_batches(100):  # validation's way: the line reached
            pass


# -- writing more columns than a sheet holds (#10) ----------------------------------------------


def test_an_xlsx_of_more_than_16384_columns_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    with open_table_writer(out, [f"列{n}" for n in range(XLSX_MAX_COLUMNS)]) as writer:
        writer.write(["x"] * XLSX_MAX_COLUMNS)  # as many as a sheet holds: written
    table = open_table(out)
    try:
        assert len(next(table.rows)[1]) == XLSX_MAX_COLUMNS
    finally:
        table.close()
    out.unlink()
    extras = [f"备注{n}" for n in range(XLSX_MAX_COLUMNS)]
    with pytest.raises(InputError, match="超出 Excel 工作表的最大列数") as caught:
        open_writer(out, kind=Kind.PENALTY, extras=extras)
    assert caught.value.path == str(out)
    with pytest.raises(InputError, match="16,385列"):
        open_table_writer(out, ["列"] * (XLSX_MAX_COLUMNS + 1))
    assert list(tmp_path.iterdir()) == []  # nothing left behind, not even a temporary file


def test_a_damaged_xls_sheet_is_an_input_error(tmp_path: Path) -> None:
    """xlrd parses an .xls sheet on demand: damage inside it is met after the book opened."""
    sample = Path(__file__).resolve().parents[1] / "data" / "samples"
    data = (sample / "zhejiang-xzcf-upload-template-with-sample-row.xls").read_bytes()
    path = tmp_path / "damaged.xls"
    outcomes = set()
    for at in range(512, len(data), max(len(data) // 64, 1)):
        path.write_bytes(data[:at] + b"\x00" * 3 + data[at:])
        try:
            with read(path) as reader:
                list(reader)
            outcomes.add("read")
        except InputError as exc:
            outcomes.add("refused" if "damaged.xls" in str(exc) else f"unnamed: {exc}")
    assert "refused" in outcomes  # some of the damage is met, always as an InputError
    assert outcomes <= {"read", "refused"}  # naming the file


def test_a_header_with_control_characters_is_refused_for_xlsx_not_crashed(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "行政处罚决定书文号,行政相对人名称,\x1e内部编号\n示罚〔2026〕1号,某公司,A-1\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    with read(source) as reader, pytest.raises(InputError, match="控制字符"):
        open_writer(out, kind=reader.kind, extras=reader.unmapped)
    assert not out.exists()
    assert not list(tmp_path.glob("*.tmp*"))
    csv_out = tmp_path / "out.csv"  # CSV carries it
    with (
        read(source) as reader,
        open_writer(csv_out, kind=reader.kind, extras=reader.unmapped) as w,
    ):
        for row in reader:
            w.write(row)
    assert "\x1e内部编号" in csv_out.read_text(encoding="utf-8-sig")
