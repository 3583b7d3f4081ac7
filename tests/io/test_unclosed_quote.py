"""A quote that is never closed is reported, never silently swallows the rows after it (issue 11 #1).

The csv module accepts end of file inside a quoted field, so a 备注 of
``"见附件`` used to take every later row into one cell: ``1 条记录``, exit 0.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sgs
from sgs.errors import InputError
from sgs.io.tables import CsvRows

HEADER = "CF_XDR_MC,CF_WSH,CF_JDRQ,CF_CFJG,CF_SJLY,CF_CFLB,BZ"


def row(n: int, remark: str = "") -> str:
    return f"某公司{n},罚〔2026〕{n}号,2026/11/20,某局,某局,警告,{remark}"


def text(rows: int, opened_at: int | None, *, final_newline: bool = True) -> str:
    body = [row(n, '"见附件' if n == opened_at else "") for n in range(1, rows + 1)]
    return HEADER + "\n" + "\n".join(body) + ("\n" if final_newline else "")


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(1, 40),
    data=st.data(),
    final_newline=st.booleans(),
    size=st.sampled_from([1, 2, 3, 7, 512]),
)
def test_an_unclosed_quote_is_found_by_rows_and_by_batches(
    rows: int, data: st.DataObject, final_newline: bool, size: int
) -> None:
    opened_at = data.draw(st.integers(1, rows))
    if opened_at == rows and not final_newline:
        final_newline = True  # a bare `"见附件` at the very end has nothing to swallow
    source = text(rows, opened_at, final_newline=final_newline)
    line = opened_at + 1  # the header is line 1
    with pytest.raises(InputError, match=f"第{line}行第7列的引号") as raised:
        list(CsvRows(io.StringIO(source, newline=""), "in.csv"))
    assert raised.value.line == line
    with pytest.raises(InputError, match=f"第{line}行第7列的引号"):
        for _ in CsvRows(io.StringIO(source, newline=""), "in.csv").batches(size):
            pass


@settings(max_examples=40, deadline=None)
@given(rows=st.integers(1, 30), size=st.sampled_from([1, 2, 5, 512]), where=st.data())
def test_closed_multiline_cells_are_read_as_before(
    rows: int, size: int, where: st.DataObject
) -> None:
    """Quoted cells with line breaks and commas, the last row's too, are not a fault."""
    multi = where.draw(st.integers(1, rows))
    body = [
        row(n, '"第一行\n第二行, 含, 逗号"' if n in (multi, rows) else "")
        for n in range(1, rows + 1)
    ]
    source = HEADER + "\n" + "\n".join(body) + "\n"
    by_rows = list(CsvRows(io.StringIO(source, newline=""), "in.csv"))
    expected = ["CF_XDR_MC", *(f"某公司{n}" for n in range(1, rows + 1))]
    assert [cells[0] for _, cells in by_rows] == expected
    by_batches = [
        (line, cells)
        for lines, part in CsvRows(io.StringIO(source, newline=""), "in.csv").batches(size)
        for line, cells in zip(lines, part, strict=True)
    ]
    assert by_batches == by_rows


def test_switching_from_rows_to_batches_loses_no_row() -> None:
    """The reader reads the header row by row, then the rest by batches."""
    source = HEADER + "\n" + row(1, '"两行\n备注"') + "\n" + row(2) + "\n" + row(3) + "\n"
    rows = CsvRows(io.StringIO(source, newline=""), "in.csv")
    iterator = iter(rows)
    assert next(iterator)[1][0] == "CF_XDR_MC"
    assert next(iterator)[1][0] == "某公司1"  # looks swallowed; the next row is read ahead
    rest = [
        (line, cells[0])
        for lines, part in rows.batches(512)
        for line, cells in zip(lines, part, strict=True)
    ]
    assert rest == [(4, "某公司2"), (5, "某公司3")]


@pytest.mark.parametrize("command", ["validate", "convert", "inspect"])
def test_every_reading_command_exits_2_and_names_the_line(tmp_path: Path, command: str) -> None:
    import subprocess
    import sys

    path = tmp_path / "in.csv"
    path.write_text(text(5, 2), encoding="utf-8")
    args = {"validate": ["--no-plugins"], "convert": [str(tmp_path / "out.csv")], "inspect": []}
    sgs_command = Path(sys.executable).with_name("sgs")
    done = subprocess.run(
        [str(sgs_command), command, str(path), *args[command]],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "第3行第7列的引号" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_library_raises_instead_of_reporting_one_record(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(text(10, 1), encoding="utf-8")
    with pytest.raises(InputError, match="没有闭合"):
        sgs.validate(path, plugins=False)
