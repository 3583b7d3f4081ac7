"""The html renderer's page in a real headless browser: Debian's Chromium with chromedriver.

The page must lay out (tables and charts with visible boxes, a bar per department) and its
Chinese text must be drawn with a CJK font, not as boxes: Chromium is asked, through the
DevTools protocol (``CSS.getPlatformFontsForNode``), which fonts drew the heading, and the
width of a Chinese string is compared with that of as many characters no font has
(U+10FFFD, drawn as boxes). ``.ci/run`` installs ``chromium``, ``chromium-driver`` and
``fonts-noto-cjk`` when they are missing; without them this test fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sgs.reports import render
from tests.browser import chromium

from .documents import DOCUMENT


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(1200, 1600) as driver:
        yield driver


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = render(DOCUMENT, "html", tmp_path_factory.mktemp("page") / "report.html")
    browser.get(path.as_uri())
    return browser


BOXES = """
const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
return {
  tables: [...document.querySelectorAll("table")].map(box),
  charts: [...document.querySelectorAll("svg.chart")].map(box),
  bars: [...document.querySelectorAll("svg.chart-bar")].map(
    s => [...s.querySelectorAll("rect.bar")].map(r => [r.dataset.category, ...box(r)])),
  cells: document.querySelectorAll("td").length,
};
"""


def test_the_page_lays_out_its_tables_and_charts(page: Any) -> None:
    found = page.execute_script(BOXES)
    assert len(found["tables"]) == 1
    assert all(w > 100 and h > 50 for w, h in found["tables"]), found["tables"]
    assert len(found["charts"]) == 3
    assert all(w > 300 and h > 200 for w, h in found["charts"]), found["charts"]
    assert found["cells"] == 20
    received, rates = found["bars"]
    # 接收/通过 of 甲局 and 乙局 are drawn; 丙局's are 0 (no height), 按时报送率 of 丙局 is n/a
    assert [c for c, w, h in received if w > 0 and h > 0] == ["甲局", "甲局", "乙局", "乙局"]
    assert [c for c, w, h in rates if w > 0 and h > 0] == ["甲局", "乙局"]


def _fonts_of(browser: Any, selector: str) -> list[str]:
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return [f["familyName"] for f in fonts["fonts"]]


def test_chinese_text_is_drawn_with_a_cjk_font(page: Any) -> None:
    heading = _fonts_of(page, "h1")
    assert any("CJK" in f or "Han" in f or "WenQuanYi" in f for f in heading), heading
    labels = _fonts_of(page, "svg.chart text.category")
    assert any("CJK" in f or "Han" in f or "WenQuanYi" in f for f in labels), labels


DRAW = """
const canvas = document.createElement("canvas");
canvas.width = 240; canvas.height = 60;
const g = canvas.getContext("2d");
const family = getComputedStyle(document.querySelector("h1")).fontFamily;
const draw = text => {
  g.clearRect(0, 0, 240, 60);
  g.font = `40px ${family}`;
  g.fillText(text, 0, 45);
  return Array.from(g.getImageData(0, 0, 240, 60).data).join(",");
};
return [draw("双公示"), draw("月报告"), draw("\\u{10FFFD}\\u{10FFFC}\\u{10FFFB}"),
        draw("\\u{10FFFA}\\u{10FFF9}\\u{10FFF8}"), draw("")];
"""


def test_chinese_text_is_not_tofu(page: Any) -> None:
    """Drawn with the page's fonts, two Chinese strings give different pictures; two strings
    of characters no font has give the same row of boxes (which shows the check works)."""
    first, second, missing, other_missing, empty = page.execute_script(DRAW)
    assert missing == other_missing  # tofu: the same boxes whatever the characters
    assert missing != empty
    assert first != empty
    assert first != second  # real glyphs
    assert first != missing
