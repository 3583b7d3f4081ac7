"""The docx renderer, read back with python-docx."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from PIL import Image

from sgs.reports import render

from .documents import DOCUMENT


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name) if paragraph.style is not None else ""


def _read(tmp_path: Path) -> docx.document.Document:
    return docx.Document(str(render(DOCUMENT, "docx", tmp_path / "report.docx")))


def test_title_meta_and_numbered_headings(tmp_path: Path) -> None:
    document = _read(tmp_path)
    styled = [(_style(p), p.text) for p in document.paragraphs if p.text]
    assert styled[0] == ("Title", "示例市 2026-10 双公示月报告")
    assert styled[1] == ("Subtitle", "信用平台接收数据统计")
    assert ("Normal", "统计月份：2026-10") in styled
    assert [t for s, t in styled if s == "Heading 1"] == ["一、总体情况", "二、分部门情况"]
    assert ("Normal", "本月接收 12 条，通过 10 条。") in styled


def test_a_bordered_table_with_the_figures(tmp_path: Path) -> None:
    (table,) = _read(tmp_path).tables
    assert table.style is not None
    assert table.style.name == "Table Grid"
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["部门", "接收", "通过", "合规率", "迟报率"],
        ["甲局", "8", "6", "75.00%", "75.00%"],
        ["乙局", "4", "4", "100.00%", "25.00%"],
        ["丙局", "0", "0", "n/a", "n/a"],
        ["合计", "12", "10", "83.33%", "58.33%"],
    ]
    total = table.rows[4].cells[1].paragraphs[0].runs[0]
    assert total.bold
    flagged = table.rows[1].cells[4].paragraphs[0].runs[0]
    assert flagged.font.color.rgb is not None
    assert str(flagged.font.color.rgb) == "B00020"
    plain = table.rows[2].cells[4].paragraphs[0].runs[0]
    assert plain.font.color.rgb is None  # 25.00% is under the threshold: not flagged


def test_charts_are_inline_png_pictures(tmp_path: Path) -> None:
    document = _read(tmp_path)
    assert len(document.inline_shapes) == 3  # the trend, two bar charts
    blips = [s._inline.graphic.graphicData.pic.blipFill.blip.embed for s in document.inline_shapes]
    parts = [document.part.related_parts[r] for r in blips]
    assert all(p.content_type == "image/png" for p in parts)
    picture = Image.open(io.BytesIO(parts[0].blob))
    assert picture.size[0] >= 1000  # drawn at twice the layout's 640 points
    assert "图：近3个月趋势" in [p.text for p in document.paragraphs]


def test_runs_and_styles_name_an_east_asian_font(tmp_path: Path) -> None:
    document = _read(tmp_path)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"
    heading = document.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(qn("w:eastAsia")) == "黑体"
    run = next(p for p in document.paragraphs if p.text.startswith("本月")).runs[0]
    properties: Any = run._element.rPr
    assert properties.rFonts.get(qn("w:eastAsia")) == "宋体"
