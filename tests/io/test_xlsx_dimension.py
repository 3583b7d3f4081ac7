"""An XLSX whose <dimension> understates its rows loses none of them (issue 11 #2)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import sgs
from sgs.standard import get_standard


def _understated(path: Path, rows: int, ref: str) -> Path:
    """A workbook of ``rows`` data rows whose sheet XML says ``<dimension ref=ref>``."""
    spec = get_standard().penalty
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(spec.codes))
    for n in range(1, rows + 1):
        sheet.append([f"某公司{n}" if code == "CF_XDR_MC" else f"罚〔2026〕{n}号"
                      if code == "CF_WSH" else "" for code in spec.codes])  # fmt: skip
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                text, count = re.subn(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', text)
                assert count == 1
                data = text.encode("utf-8")
            target.writestr(item, data)
    return path


@pytest.mark.parametrize("ref", ["A1:U3", "A1", "A1:A1"])
def test_every_row_is_read_whatever_the_dimension_says(tmp_path: Path, ref: str) -> None:
    path = _understated(tmp_path / "penalties.xlsx", 10, ref)
    with sgs.read(path) as reader:
        records = list(reader.records())
    assert [record.party_name for _, record, _ in records] == [f"某公司{n}" for n in range(1, 11)]
    assert [row.position.line for row, _, _ in records] == list(range(2, 12))


def test_validation_counts_every_row(tmp_path: Path) -> None:
    path = _understated(tmp_path / "penalties.xlsx", 10, "A1:U3")
    report = sgs.validate(path, plugins=False)
    assert report.summary.total == 10
