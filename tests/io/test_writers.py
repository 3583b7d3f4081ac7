"""Tests of the CSV, XLSX and JSON Lines writers: round trips through the reader and safety."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sgs.errors import InputError
from sgs.io import Position, Row, read
from sgs.io.write import (
    Writer,
    escape_formula,
    open_writer,
    unescape_formula,
)
from sgs.records import (
    LONG_TERM,
    KeyStyle,
    License,
    LicenseCategory,
    LicenseStatus,
    Penalty,
    PenaltyType,
    Record,
    SubjectCategory,
)
from sgs.standard import Kind, get_standard
from tests.strategies import licenses, penalties, records

PENALTY = Penalty(
    party_name="示例餐饮管理有限公司",
    party_category=SubjectCategory.ORGANIZATION,
    party_credit_code="91410100MA3X5AB156",
    legal_rep="张某某",
    document_number="示市监罚〔2026〕101号",
    violation_type="违反《食品安全法》",
    violation_facts="经营超过保质期的食品，\n货值金额500元",
    legal_basis="《食品安全法》第一百二十四条",
    penalty_types=(PenaltyType.FINE, PenaltyType.CONFISCATION_OF_ILLEGAL_GAINS),
    penalty_content="罚款5000元",
    fine_amount=Decimal("0.500000"),
    confiscation_amount=Decimal("0.03"),
    decision_date=dt.date(2026, 1, 2),
    penalty_valid_until=LONG_TERM,
    authority="示例市市场监督管理局",
    authority_credit_code="11410100MB00000005",
    data_source="示例市市场监督管理局",
    data_source_credit_code="11410100MB00000005",
)

LICENSE = License(
    party_name="示例科技有限公司",
    party_category=SubjectCategory.ORGANIZATION,
    party_credit_code="91410100MA3X5AB156",
    legal_rep="李某",
    document_name="食品经营许可决定书",
    document_number="示市监许〔2026〕2001号",
    license_category=LicenseCategory.ORDINARY,
    license_content="准予食品经营许可",
    decision_date=dt.date(2026, 1, 3),
    valid_from=dt.date(2026, 1, 3),
    valid_to=dt.date(2031, 1, 2),
    authority="示例市市场监督管理局",
    authority_credit_code="11410100MB00000005",
    status=LicenseStatus.VALID,
    data_source="示例市市场监督管理局",
    data_source_credit_code="11410100MB00000005",
)

# (format, encoding) pairs of the round trips
OUTPUTS = [("csv", "utf-8-sig"), ("csv", "gb18030"), ("xlsx", "utf-8-sig"), ("jsonl", "utf-8")]
STYLES = list(KeyStyle)
KINDS = list(Kind)


def _write(
    items: Sequence[Any],
    *,
    kind: Kind | str,
    format: str,
    headers: KeyStyle | str = KeyStyle.LABEL,
    **options: Any,
) -> bytes:
    out = io.BytesIO()
    with open_writer(out, kind=kind, format=format, headers=headers, **options) as writer:  # type: ignore[arg-type]
        writer.write_all(items)
    return out.getvalue()


def _read_back(data: bytes, encoding: str | None = None) -> tuple[Kind, list[Row]]:
    enc = encoding if encoding == "gb18030" else None
    with read(io.BytesIO(data), encoding=enc) as reader:
        return reader.kind, list(reader)


def _records_back(data: bytes, encoding: str | None = None) -> list[Record]:
    kind, rows = _read_back(data, encoding)
    spec = get_standard().spec(kind)
    result = []
    for row in rows:
        record, problems = row.to_record(spec)
        assert problems == ()
        result.append(record)
    return result


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize(("format", "encoding"), OUTPUTS)
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip(
    data: st.DataObject, kind: Kind, style: KeyStyle, format: str, encoding: str
) -> None:
    """Records written in any format and header style read back as the same records."""
    batch = data.draw(st.lists(records(kind), min_size=1, max_size=4))
    options = {"encoding": encoding} if format == "csv" else {}
    written = _write(batch, kind=kind, format=format, headers=style, **options)
    assert _records_back(written, encoding) == batch


@pytest.mark.parametrize(("format", "encoding"), OUTPUTS)
@settings(max_examples=20, deadline=None)
@given(batch=st.lists(st.one_of(penalties(), penalties("2018")), min_size=1, max_size=5))
def test_round_trip_realistic_penalties(format: str, encoding: str, batch: list[Penalty]) -> None:
    """Realistic penalty records (2018 and 2021 types) survive every format."""
    options = {"encoding": encoding} if format == "csv" else {}
    written = _write(batch, kind="penalty", format=format, **options)
    assert _records_back(written, encoding) == batch


@pytest.mark.parametrize(("format", "encoding"), OUTPUTS)
@settings(max_examples=20, deadline=None)
@given(batch=st.lists(licenses(), min_size=1, max_size=5))
def test_round_trip_realistic_licenses(format: str, encoding: str, batch: list[License]) -> None:
    """Realistic license records survive every format."""
    options = {"encoding": encoding} if format == "csv" else {}
    written = _write(batch, kind="license", format=format, **options)
    assert _records_back(written, encoding) == batch


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
@pytest.mark.parametrize("record", [LICENSE, PENALTY], ids=["license", "penalty"])
def test_round_trip_through_a_path(tmp_path: Path, suffix: str, record: Record) -> None:
    """Writing to a path takes the format from the extension; the reader gets the record back."""
    path = tmp_path / f"out{suffix}"
    with open_writer(path, kind=record.kind) as writer:
        writer.write(record)
    assert writer.path == str(path)
    assert writer.format == suffix[1:]
    with read(path) as reader:
        rows = list(reader)
    assert [row.to_record(reader.spec)[0] for row in rows] == [record]


@pytest.mark.parametrize("format", ["csv", "xlsx", "jsonl"])
def test_rows_are_written_as_they_are(format: str) -> None:
    """A Row's texts are written unchanged (no normalization of dates or codes)."""
    spec = get_standard().penalty
    values = {
        "CF_XDR_MC": "某公司",
        "CF_JDRQ": "2019年3月5日",
        "CF_CFLB": "罚款；警告",
        "CF_NR_FK": "3万元",
    }
    row = Row(position=_position(), values=values, raw=())
    _, rows = _read_back(_write([row], kind=spec.kind, format=format))
    assert dict(rows[0].values) == values


def test_mappings_by_code_are_written() -> None:
    """A mapping of field code to text is written like a row."""
    mapping = {"XK_XDR_MC": "某公司", "XK_ZT": "1"}
    _, rows = _read_back(_write([mapping], kind="license", format="csv"))
    assert dict(rows[0].values) == mapping


# -- headers and layout -------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_csv_header_row_is_every_field_in_the_chosen_style(style: KeyStyle) -> None:
    """The CSV header names every field in standard order, in the chosen key style."""
    spec = get_standard().license
    data = _write([], kind="license", format="csv", headers=style)
    header = data.decode("utf-8-sig").split("\r\n")[0].split(",")
    assert header == [style.key(f) for f in spec.fields]


def test_csv_defaults_to_utf8_with_bom_and_crlf() -> None:
    """CSV output starts with a UTF-8 BOM and ends lines with CRLF, so Excel opens it."""
    data = _write([LICENSE], kind="license", format="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2
    assert data.decode("utf-8-sig").startswith("行政相对人名称,")


def test_csv_in_gb18030_has_no_bom() -> None:
    """``encoding="gb18030"`` writes GB18030 without a BOM."""
    data = _write([LICENSE], kind="license", format="csv", encoding="gb18030")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("gb18030").startswith("行政相对人名称,")


def test_jsonl_omits_empty_fields_and_keeps_chinese() -> None:
    """JSON Lines objects hold only non-empty fields, with Chinese written as is."""
    data = _write([LICENSE], kind="license", format="jsonl", headers="code")
    line = data.decode("utf-8")
    assert "\\u" not in line
    obj = json.loads(line)
    assert obj["XK_XDR_MC"] == "示例科技有限公司"
    assert "XK_XDR_ZJHM" not in obj
    assert obj["XK_YXQZI"] == "2031/01/02"


def test_jsonl_keys_follow_the_chosen_style() -> None:
    """JSON Lines keys are labels, codes or attribute names as asked."""
    data = _write([PENALTY], kind="penalty", format="jsonl", headers="attr")
    obj = json.loads(data)
    assert obj["penalty_types"] == "罚款;没收违法所得"
    assert obj["fine_amount"] == "0.500000"


def test_xlsx_header_is_bold_and_frozen() -> None:
    """The XLSX header row is bold and frozen; the sheet is named after the kind."""
    data = _write([PENALTY], kind="penalty", format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "行政处罚"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "行政相对人名称"
    assert sheet["A1"].font.b


def test_xlsx_dates_of_records_are_date_cells() -> None:
    """Dates of records become XLSX date cells shown as YYYY/MM/DD."""
    data = _write([PENALTY], kind="penalty", format="xlsx", headers="code")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    column = [c.value for c in sheet[1]].index("CF_JDRQ") + 1
    cell = sheet.cell(row=2, column=column)
    assert cell.is_date
    assert cell.value == dt.datetime(2026, 1, 2)
    assert cell.number_format == "yyyy/mm/dd"


def test_xlsx_dates_before_1900_stay_text() -> None:
    """A date Excel cannot show (before March 1900) is written as text."""
    record = License(party_name="某", decision_date=dt.date(19, 1, 1))
    data = _write([record], kind="license", format="xlsx", headers="code")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    column = [c.value for c in sheet[1]].index("XK_JDRQ") + 1
    assert sheet.cell(row=2, column=column).value == "0019/01/01"


def test_xlsx_amounts_and_row_dates_are_text() -> None:
    """Amounts and the texts of rows stay text cells in XLSX."""
    row = Row(position=_position(), values={"CF_XDR_MC": "某", "CF_JDRQ": "2019/01/02"}, raw=())
    data = _write([PENALTY, row], kind="penalty", format="xlsx", headers="code")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=headers.index("CF_NR_FK") + 1).value == "0.500000"
    assert sheet.cell(row=3, column=headers.index("CF_JDRQ") + 1).value == "2019/01/02"


# -- date style ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_style", "decided", "long_term"),
    [("slash", "2026/01/02", "2099/12/31"), ("iso", "2026-01-02", "2099-12-31")],
)
def test_date_style_in_csv(date_style: str, decided: str, long_term: str) -> None:
    """Dates are written YYYY/MM/DD by default, YYYY-MM-DD with ``date_style="iso"``."""
    data = _write([PENALTY], kind="penalty", format="csv", headers="code", date_style=date_style)
    _, rows = _read_back(data)
    assert (rows[0].values["CF_JDRQ"], rows[0].values["CF_YXQ"]) == (decided, long_term)


def test_date_style_iso_in_xlsx_sets_the_number_format() -> None:
    """In XLSX, ``date_style="iso"`` shows date cells as yyyy-mm-dd."""
    data = _write([PENALTY], kind="penalty", format="xlsx", headers="code", date_style="iso")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    column = [c.value for c in sheet[1]].index("CF_JDRQ") + 1
    assert sheet.cell(row=2, column=column).number_format == "yyyy-mm-dd"


def test_unknown_date_style_is_refused() -> None:
    """A date style other than slash or iso is a ValueError."""
    with pytest.raises(ValueError, match="date style"):
        open_writer(io.BytesIO(), kind="penalty", format="csv", date_style="us")  # type: ignore[arg-type]


# -- extras -------------------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx", "jsonl"])
def test_extras_columns_are_filled_from_row_extras(format: str) -> None:
    """Extra columns follow the fields and take a Row's extras by header."""
    row = Row(
        position=_position(),
        values={"XK_XDR_MC": "某公司", "XK_WSH": "许字1号"},
        raw=(),
        extras={"联系电话": "0371-1234567", "内部编号": "A-1", "不要的列": "x"},
    )
    data = _write([row], kind="license", format=format, extras=["联系电话", "内部编号"])
    with read(io.BytesIO(data)) as reader:
        rows = list(reader)
        assert reader.unmapped == ("联系电话", "内部编号")
    assert dict(rows[0].extras) == {"联系电话": "0371-1234567", "内部编号": "A-1"}


def test_extras_header_follows_the_fields() -> None:
    """The header row is the fields, then the extras (duplicates collapsed)."""
    with open_writer(io.BytesIO(), kind="license", format="csv", extras=["甲", "乙", "甲"]) as w:
        assert w.headers[-2:] == ("甲", "乙")
        assert len(w.headers) == len(get_standard().license) + 2


def test_jsonl_renames_an_extra_named_like_a_field() -> None:
    """In JSON Lines an extra column named like a field gets a suffix instead of overwriting."""
    row = Row(position=_position(), values={"BZ": "字段"}, raw=(), extras={"备注": "额外"})
    data = _write([row], kind="license", format="jsonl", extras=["备注"])
    assert json.loads(data) == {"备注": "字段", "备注_2": "额外"}


def test_mapping_keys_fill_extras() -> None:
    """A mapping's keys that are not field codes fill the extra columns of that header."""
    data = _write(
        [{"XK_XDR_MC": "某公司", "XK_ZT": "1", "备用": "是"}],
        kind="license",
        format="csv",
        extras=["备用"],
    )
    _, rows = _read_back(data)
    assert dict(rows[0].extras) == {"备用": "是"}


def test_record_extras_are_empty() -> None:
    """Records have no extras: their extra columns stay empty."""
    data = _write([LICENSE], kind="license", format="csv", extras=["备用"])
    _, rows = _read_back(data)
    assert dict(rows[0].extras) == {}


# -- refusals -----------------------------------------------------------------------------------


def test_mapping_with_unknown_keys_is_refused() -> None:
    """A mapping key that is neither a field code nor an extra column is a ValueError."""
    with (
        open_writer(io.BytesIO(), kind="license", format="csv") as writer,
        pytest.raises(ValueError, match="备用"),
    ):
        writer.write({"XK_XDR_MC": "某公司", "备用": "是"})


def test_record_of_the_other_kind_is_refused() -> None:
    """A penalty record cannot go into a license file."""
    with (
        open_writer(io.BytesIO(), kind="license", format="csv") as writer,
        pytest.raises(ValueError, match="Penalty"),
    ):
        writer.write(PENALTY)


def test_row_of_the_other_kind_is_refused() -> None:
    """A Row holding penalty fields cannot go into a license file."""
    row = Row(position=_position(), values={"CF_XDR_MC": "某公司"}, raw=())
    with (
        open_writer(io.BytesIO(), kind="license", format="csv") as writer,
        pytest.raises(ValueError, match="CF_XDR_MC"),
    ):
        writer.write(row)


def test_other_items_are_refused() -> None:
    """Items that are not records, rows or mappings are a TypeError."""
    with (
        open_writer(io.BytesIO(), kind="license", format="csv") as writer,
        pytest.raises(TypeError),
    ):
        writer.write(["某公司"])  # type: ignore[arg-type]


def test_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    """A path whose extension is not .csv, .xlsx or .jsonl is an InputError without format=."""
    with pytest.raises(InputError, match="扩展名"):
        open_writer(tmp_path / "out.txt", kind="license")
    assert list(tmp_path.iterdir()) == []


def test_explicit_format_overrides_the_extension(tmp_path: Path) -> None:
    """``format=`` wins over the extension."""
    path = tmp_path / "out.txt"
    with open_writer(path, kind="license", format="jsonl", headers="code") as writer:
        writer.write(LICENSE)
    assert json.loads(path.read_text("utf-8"))["XK_ZT"] == "1"


def test_unknown_encoding_is_an_input_error() -> None:
    """An encoding Python does not know is an InputError."""
    with pytest.raises(InputError, match="encoding"):
        open_writer(io.BytesIO(), kind="license", format="csv", encoding="no-such-codec")


def test_unencodable_text_is_an_input_error_and_the_writer_goes_on() -> None:
    """A text the CSV encoding lacks raises InputError; nothing of it is written."""
    out = io.BytesIO()
    with open_writer(out, kind="license", format="csv", encoding="gbk", headers="code") as writer:
        with pytest.raises(InputError, match="record 1"):
            writer.write({"XK_XDR_MC": "笑脸😀"})
        writer.write({"XK_XDR_MC": "某公司"})
    assert writer.count == 1
    assert out.getvalue().decode("gbk").count("\r\n") == 2


def test_xlsx_control_characters_are_an_input_error() -> None:
    """A control character XLSX cannot hold raises InputError; the writer stays usable."""
    out = io.BytesIO()
    with open_writer(out, kind="license", format="xlsx", headers="code") as writer:
        with pytest.raises(InputError, match="control characters"):
            writer.write({"XK_XDR_MC": "某\x01公司"})
        writer.write({"XK_XDR_MC": "某公司"})
    _, rows = _read_back(out.getvalue())
    assert [r.values["XK_XDR_MC"] for r in rows] == ["某公司"]


def test_write_after_close_is_refused() -> None:
    """A closed writer refuses further items; closing again does nothing."""
    writer = open_writer(io.BytesIO(), kind="license", format="csv")
    writer.close()
    writer.close()
    with pytest.raises(ValueError, match="closed"):
        writer.write(LICENSE)


def test_count_and_write_all() -> None:
    """``write_all`` returns how many items it wrote; ``count`` is the running total."""
    with open_writer(io.BytesIO(), kind="license", format="jsonl") as writer:
        assert writer.write_all([LICENSE, LICENSE]) == 2
        assert writer.write_all(iter([LICENSE])) == 1
        assert writer.count == 3


def test_callers_stream_stays_open() -> None:
    """Writing to a caller's binary file leaves it open."""
    out = io.BytesIO()
    with open_writer(out, kind="license", format="csv") as writer:
        writer.write(LICENSE)
    assert not out.closed


# -- formula injection --------------------------------------------------------------------------

DANGEROUS = ["=1+2", "+SUM(A1)", "-cmd|' /C calc'!A0", "@SUM(1)", "\tx", "\r=x", "=", "#N/A"]


@pytest.mark.parametrize("text", DANGEROUS[:6])
def test_csv_escapes_formula_texts(text: str) -> None:
    """A CSV cell that would start a formula is prefixed with a single quote."""
    data = _write([{"BZ": text}], kind="license", format="csv", headers="code")
    with read(io.BytesIO(data), kind="license") as reader:
        raw = next(iter(reader)).raw
    assert raw[-1] == "'" + text


@pytest.mark.parametrize("text", ["-5", "-0.5", "+3", "1e5", "2019/01/01", "正常文本"])
def test_csv_leaves_numbers_and_plain_text_alone(text: str) -> None:
    """Plain numbers (``-5``, ``-0.5``) and ordinary texts are not escaped."""
    data = _write([{"BZ": text}], kind="license", format="csv", headers="code")
    assert data.decode("utf-8-sig").split("\r\n")[1].endswith("," + text)


@given(st.text())
def test_unescape_undoes_escape(text: str) -> None:
    """``unescape_formula`` restores every text ``escape_formula`` changed, and only those."""
    assert unescape_formula(escape_formula(text)) == text


@given(st.text(alphabet="'=+-@\t\r5a", max_size=6))
def test_escaped_texts_never_start_a_formula(text: str) -> None:
    """After escaping, a text starts with a formula character only if it is a plain number."""
    escaped = escape_formula(text)
    if escaped[:1] in ("=", "+", "-", "@", "\t", "\r"):
        float(escaped)


@settings(max_examples=50)
@given(st.lists(st.sampled_from([*DANGEROUS, "'=x", "-5", "普通"]), min_size=1, max_size=5))
def test_csv_round_trip_with_unescape(texts: list[str]) -> None:
    """Escaped CSV cells read back to the original text once unescaped."""
    items = [{"BZ": t, "XK_XDR_MC": "某"} for t in texts]
    data = _write(items, kind="license", format="csv", headers="code")
    with read(io.BytesIO(data), kind="license", empty_markers=()) as reader:
        back = [unescape_formula(row.raw[-1]) for row in reader]
    assert back == texts


# XML turns a CR into LF, so "\r=x" is left out: XLSX cannot keep a carriage return.
@pytest.mark.parametrize("text", [t for t in DANGEROUS if "\r" not in t])
def test_xlsx_writes_formula_texts_as_strings(text: str) -> None:
    """XLSX cells that look like formulas or errors are string cells holding the text."""
    data = _write([{"BZ": text, "XK_XDR_MC": "某"}], kind="license", format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = sheet.cell(row=2, column=sheet.max_column)
    assert cell.data_type == "s"
    assert cell.value == text


def test_xlsx_formula_text_reads_back_unchanged() -> None:
    """The reader gets an XLSX formula-like text back exactly, without any quote."""
    data = _write([{"BZ": "=HYPERLINK(1)", "XK_XDR_MC": "某"}], kind="license", format="xlsx")
    _, rows = _read_back(data)
    assert rows[0].values["BZ"] == "=HYPERLINK(1)"


# -- atomic output ------------------------------------------------------------------------------


def _fail_inside_with(path: Path) -> None:
    with open_writer(path, kind="license") as writer:
        writer.write(LICENSE)
        raise RuntimeError("boom")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_error_inside_with_leaves_no_file(tmp_path: Path, suffix: str) -> None:
    """An exception inside the ``with`` block removes the temporary file; no output appears."""
    path = tmp_path / f"out{suffix}"
    with pytest.raises(RuntimeError, match="boom"):
        _fail_inside_with(path)
    assert list(tmp_path.iterdir()) == []


def test_error_inside_with_keeps_the_old_file(tmp_path: Path) -> None:
    """A failed write leaves an existing target as it was."""
    path = tmp_path / "out.csv"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"):
        _fail_inside_with(path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_output_appears_only_on_close(tmp_path: Path) -> None:
    """Until close, rows go to a hidden temporary file in the same directory."""
    path = tmp_path / "out.jsonl"
    writer = open_writer(path, kind="license")
    writer.write(LICENSE)
    assert not path.exists()
    (temporary,) = tmp_path.iterdir()
    assert temporary.name.startswith(".out.jsonl.")
    writer.close()
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_abort_discards_the_output(tmp_path: Path) -> None:
    """``abort()`` removes the temporary file and writes nothing."""
    path = tmp_path / "out.xlsx"
    writer = open_writer(path, kind="penalty")
    writer.write(PENALTY)
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def test_output_file_mode_follows_the_umask(tmp_path: Path) -> None:
    """The output gets the permissions of any new file, not those of a private temp file."""
    path = tmp_path / "out.csv"
    with open_writer(path, kind="license") as writer:
        writer.write(LICENSE)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    """Writing into a directory that does not exist is an InputError naming the path."""
    path = tmp_path / "no" / "such" / "out.csv"
    with pytest.raises(InputError, match="目录不存在") as info:
        open_writer(path, kind="license")
    assert str(path) in str(info.value)
    assert "does not exist" in str(info.value)


def test_permission_error_maps_to_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OS permission error on creating the file becomes an InputError in two languages."""

    def deny(*args: Any, **kwargs: Any) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("sgs.io.write.atomic.os.open", deny)
    with pytest.raises(InputError, match="没有写入权限") as info:
        open_writer(tmp_path / "out.csv", kind="license")
    assert "permission denied" in str(info.value)


def test_directory_as_target_is_an_input_error(tmp_path: Path) -> None:
    """A target that is a directory is an InputError."""
    target = tmp_path / "dir.csv"
    target.mkdir()
    with pytest.raises(InputError, match="目录"):
        open_writer(target, kind="license")


def test_writer_repr_names_format_kind_and_count() -> None:
    """The repr says what is written where."""
    writer = open_writer(io.BytesIO(), kind="penalty", format="jsonl")
    writer.write(PENALTY)
    assert repr(writer) == "<Writer jsonl penalty <stream> open, 1 rows>"
    writer.close()
    assert isinstance(writer, Writer)


def _position() -> Position:
    return Position(None, 1)
