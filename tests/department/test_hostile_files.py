"""The department's readers (目录, 联络员, 台账, sgs.toml) with hostile files (issue 11 #10, #11).

``catalog import`` of an XLSX named ``.xls`` died in openpyxl's extension
check (exit 3); a FIFO blocked every reader; ``/dev/zero`` as ``sgs.toml``
was read until memory ran out.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sgs.calendar import WorkCalendar
from sgs.department.catalog import read_catalog, write_catalog
from sgs.department.config import CONFIG_MAX_BYTES, load_config
from sgs.department.ledger import read_ledger_file
from sgs.department.roster import read_roster
from sgs.errors import ConfigFileError, InputError
from sgs.io import ReadLimits
from tests.department.test_catalog import FOOD, TENDER
from tests.hostile import broken_deflate, deadline, fifo, penalty_book

ITEMS = [TENDER, FOOD]  # two departments, two categories
CALENDAR = WorkCalendar(environment=False)


def read_ledger(path: Path | str) -> object:
    return read_ledger_file(path, kind="penalty", department_code="11410100MB00000005",
                            calendar=CALENDAR)  # fmt: skip


READERS: dict[str, Callable[[Path | str], object]] = {
    "catalog": read_catalog,
    "roster": read_roster,
    "ledger": read_ledger,
}


@pytest.mark.parametrize("reader", list(READERS))
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, reader: str) -> None:
    pipe = fifo(tmp_path / "in.xlsx")
    with deadline(), pytest.raises(InputError, match="命名管道") as caught:
        READERS[reader](pipe)
    assert caught.value.path == str(pipe)


@pytest.mark.parametrize("reader", list(READERS))
def test_dev_zero_is_refused(reader: str) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with deadline(), pytest.raises(InputError, match="设备文件"):
        READERS[reader]("/dev/zero")


@pytest.mark.parametrize("name", ["目录.xls", "目录.csv"])
def test_a_catalog_xlsx_under_another_name_is_read_as_xlsx(tmp_path: Path, name: str) -> None:
    write_catalog(ITEMS, tmp_path / "目录.xlsx")
    (tmp_path / "目录.xlsx").rename(tmp_path / name)
    assert read_catalog(tmp_path / name) == ITEMS


def test_a_catalog_with_data_after_many_blank_rows(tmp_path: Path) -> None:
    """The forms read their sheets within the same limits as the records do."""
    import openpyxl

    write_catalog(ITEMS, tmp_path / "目录.xlsx")
    book = openpyxl.load_workbook(tmp_path / "目录.xlsx")
    sheet = book.active
    sheet.cell(row=sheet.max_row + 300, column=4, value="遗漏的事项")
    book.save(tmp_path / "目录.xlsx")
    with pytest.raises(InputError, match="还有数据") as caught:
        read_catalog(tmp_path / "目录.xlsx", limits=ReadLimits(max_blank_rows=100))
    assert caught.value.line is not None


def test_a_ledger_whose_compressed_data_breaks_partway(tmp_path: Path) -> None:
    good = penalty_book(tmp_path / "good.xlsx", rows=2000)
    bad = broken_deflate(good, tmp_path / "台账.xlsx", "xl/worksheets/sheet1.xml", at=0.6)
    with pytest.raises(InputError, match="已损坏") as caught:
        read_ledger(bad)
    assert caught.value.line is not None


# -- sgs.toml -------------------------------------------------------------------------------------


def test_a_fifo_as_the_configuration(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "sgs.toml")
    with deadline(), pytest.raises(ConfigFileError, match="命名管道"):
        load_config(pipe)


def test_dev_zero_as_the_configuration() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with deadline(), pytest.raises(ConfigFileError, match="设备文件"):
        load_config("/dev/zero")


def test_a_configuration_too_large_to_be_one(tmp_path: Path) -> None:
    path = tmp_path / "sgs.toml"
    with path.open("wb") as file:
        file.truncate(CONFIG_MAX_BYTES + 1)
    with pytest.raises(ConfigFileError, match="文件过大"):
        load_config(path)
