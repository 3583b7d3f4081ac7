"""The html renderer: one self-contained page, tables and inline SVG charts (html.parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from sgs.reports import render
from sgs.reports.render import document_page

from .documents import DOCUMENT


class _Page(HTMLParser):
    """What the tests look at: elements with their attributes, and the text of cells."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[tuple[str, str]]] = []
        self.cell: list[str] | None = None
        self.cell_class = ""
        self.headings: list[str] = []
        self.heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell, self.cell_class = [], dict(attrs).get("class") or ""
        elif tag in ("h1", "h2"):
            self.heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(("".join(self.cell), self.cell_class))
            self.cell = None
        elif tag in ("h1", "h2") and self.heading is not None:
            self.headings.append("".join(self.heading))
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.heading is not None:
            self.heading.append(data)


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def test_the_page_is_written_as_utf8_html(tmp_path: Path) -> None:
    path = render(DOCUMENT, "html", tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    assert text == document_page(DOCUMENT)
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text


def test_tables_with_flagged_rates_totals_and_na() -> None:
    page = _parse(document_page(DOCUMENT))
    assert page.headings == ["示例市 2026-10 双公示月报告", "一、总体情况", "二、分部门情况"]
    rows = [[text for text, _ in row] for row in page.rows]
    assert rows == [
        ["部门", "接收", "通过", "合规率", "迟报率"],
        ["甲局", "8", "6", "75.00%", "75.00%"],
        ["乙局", "4", "4", "100.00%", "25.00%"],
        ["丙局", "0", "0", "n/a", "n/a"],
        ["合计", "12", "10", "83.33%", "58.33%"],
    ]
    flagged = [(r, c) for r, row in enumerate(page.rows) for c, (_, k) in enumerate(row)
               if "flagged" in k]  # fmt: skip
    assert flagged == [(1, 4), (4, 4)]  # 75.00 and 58.33 are over 50; the 合规率 never is
    totals = [attrs.get("class") for tag, attrs in page.elements if tag == "tr"]
    assert totals.count("total") == 1


def test_charts_are_inline_svg_with_a_bar_per_department_and_series() -> None:
    page = _parse(document_page(DOCUMENT))
    svgs = [attrs for tag, attrs in page.elements if tag == "svg"]
    assert [a["class"] for a in svgs] == ["chart chart-line", "chart chart-bar", "chart chart-bar"]
    bars = [(a["data-category"], a["data-series"]) for tag, a in page.elements
            if tag == "rect" and a.get("class") == "bar"]  # fmt: skip
    # 接收/通过 for each of the three departments; 按时报送率 for 甲局 and 乙局 (丙局: n/a)
    assert bars == [("甲局", "接收"), ("甲局", "通过"), ("乙局", "接收"), ("乙局", "通过"),
                    ("丙局", "接收"), ("丙局", "通过"), ("甲局", "按时报送率"),
                    ("乙局", "按时报送率")]  # fmt: skip
    points = [a["data-category"] for tag, a in page.elements if tag == "circle"]
    assert points == ["2026-08", "2026-09", "2026-10"]
    heights = {(a["data-category"], a["data-series"]): float(a["height"] or 0)
               for tag, a in page.elements if tag == "rect" and a.get("class") == "bar"}  # fmt: skip
    assert heights[("甲局", "接收")] == 2 * heights[("乙局", "接收")]  # 8 and 4 on one axis
    assert heights[("丙局", "接收")] == 0


def test_nothing_outside_the_page_is_referred_to() -> None:
    text = document_page(DOCUMENT)
    assert "http" not in text
    assert "src=" not in text
    assert "<script" not in text
    assert not re.search(r"url\(|@import|<link", text)
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC"' in text
