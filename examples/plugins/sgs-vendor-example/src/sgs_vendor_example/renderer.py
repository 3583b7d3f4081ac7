"""The report format ``province-xlsx``: the province's own Excel layout of the 月报告.

One sheet, one row per unit: 单位名称 / 许可报送 / 处罚报送 / 合规率 — the layout of the
province's template, not sgs's. It reads the report's data (``document.data``, the
report's ``to_dict()``): in the platform view 报送 is what the platform received and 合规率
accepted ÷ received; in the department view 报送 is what was pushed and 合规率 pushed ÷
decisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sgs.reports import Document

NAME = "province-xlsx"
HEADERS = ("单位名称", "许可报送", "处罚报送", "合规率")


def _value(figures: Mapping[str, Any], name: str) -> int:
    return int(figures.get(name, {}).get("value", 0))


def _row(unit: Mapping[str, Any], platform: bool) -> list[Any]:
    sent, of = ("received", "received") if platform else ("pushed", "decisions")
    good = "accepted" if platform else "pushed"
    kinds = [unit.get(k, {}) for k in ("license", "penalty")]
    total = sum(_value(k, of) for k in kinds)
    rate = sum(_value(k, good) for k in kinds) / total if total else "n/a"
    return [unit["name"], *(_value(k, sent) for k in kinds), rate]


def render_province_xlsx(document: Document, path: Path) -> None:
    import openpyxl

    data = document.data
    platform = data.get("view") == "platform"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "月报"
    sheet.append(list(HEADERS))
    for unit in data.get("units", []):
        sheet.append(_row(unit, platform))
        sheet.cell(sheet.max_row, 4).number_format = "0.00%"
    book.save(path)
