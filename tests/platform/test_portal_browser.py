"""The credit portal in a real headless browser: Debian's Chromium with chromedriver.

A visitor types a name, then a credit code, into the search form, follows a result
to its detail page and reads it; at a phone's width (390×844) nothing scrolls
sideways. Screenshots of each step are kept in the test's temporary folder (CI keeps
them as artifacts). ``.ci/run`` installs ``chromium``, ``chromium-driver`` and
``fonts-noto-cjk`` when they are missing; without them this test fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser import chromium, follow

from . import public_set as ps
from .server import Server, add_department, running, write_config


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    config = write_config(tmp_path_factory.mktemp("portal"), extra="[portal]\nrate = 100000\n")
    token = add_department(config, ps.AUTHORITY_NAME, ps.AUTHORITY)
    with running(config) as started:
        for body in ps.batches():
            answer = httpx.post(started.url + "/api/v1/records", content=body, timeout=60,
                                headers={"Authorization": f"Bearer {token}"})  # fmt: skip
            assert {r["status"] for r in answer.json()["results"]} == {"accepted"}
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(1280, 900) as driver:
        yield driver


def _search(browser: Any, text: str, kind: str = "") -> None:
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    Select(browser.find_element(By.ID, "kind")).select_by_value(kind)
    follow(browser, By.CSS_SELECTOR, "form.search button[type=submit]")


def _rows(browser: Any) -> list[list[str]]:
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")]  # fmt: skip


def _shown(browser: Any) -> str:
    text: str = browser.find_element(By.TAG_NAME, "body").text
    return text


def _no_id_number(browser: Any) -> None:
    source = browser.page_source
    for number in ps.ID_NUMBERS:
        assert number not in source
        assert number not in _shown(browser)


def test_search_by_name_then_open_the_detail_page(server: Server, browser: Any,
                                                  tmp_path: Path) -> None:  # fmt: skip
    browser.set_window_size(1280, 900)
    browser.get(server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert browser.find_element(By.CSS_SELECTOR, "label[for=q]").text == (
        "行政相对人名称或统一社会信用代码"
    )
    _search(browser, "示例商贸")
    assert browser.find_element(By.ID, "total").text == "1"
    headers = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "table.results th")]
    assert headers == ["行政相对人名称", "类别", "决定文书号", "决定日期", "公示截止"]
    (row,) = _rows(browser)
    sent = ps.trader()
    assert row[:4] == ["示例商贸有限公司", "行政处罚", "示市监罚〔2026〕101号", sent["CF_JDRQ"]]
    decided = dt.date.fromisoformat(sent["CF_JDRQ"])
    assert row[4] == decided.replace(year=decided.year + 1).isoformat()  # 一般: a year
    browser.save_screenshot(str(tmp_path / "portal-search.png"))
    _no_id_number(browser)

    follow(browser, By.LINK_TEXT, "示例商贸有限公司")
    assert browser.current_url == f"{server.url}/records/{ps.KEYS['trader']}"
    assert browser.find_element(By.TAG_NAME, "h1").text == "示例商贸有限公司"
    shown = {
        row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
        for row in browser.find_elements(By.CSS_SELECTOR, "table.record tr")
    }
    assert shown["行政相对人名称"] == "示例商贸有限公司"
    assert shown["行政相对人代码_1(统一社会信用代码)"] == ps.TRADER_CODE
    assert shown["行政处罚决定书文号"] == "示市监罚〔2026〕101号"
    assert shown["处罚决定日期"] == sent["CF_JDRQ"]
    assert shown["法定代表人"] == "张三丰"
    assert "法定代表人证件号码" not in shown
    assert (
        shown["违法事实"]
        == "经查，当事人雇用的王某（身份证号410105************）经营超过保质期的食品"
    )
    browser.save_screenshot(str(tmp_path / "portal-record.png"))
    _no_id_number(browser)
    assert (tmp_path / "portal-search.png").stat().st_size > 10_000
    assert (tmp_path / "portal-record.png").stat().st_size > 10_000


def test_search_by_credit_code_and_a_natural_persons_licence(server: Server, browser: Any,
                                                             tmp_path: Path) -> None:  # fmt: skip
    browser.set_window_size(1280, 900)
    browser.get(server.url + "/")
    _search(browser, ps.SHOP_CODE)
    assert [r[:3] for r in _rows(browser)] == [
        ["示例餐饮管理有限公司", "行政许可", "示市监许〔2026〕11号"]]  # fmt: skip
    _search(browser, "李", kind="license")
    assert [r[:3] for r in _rows(browser)] == [["李**", "行政许可", "示市监许〔2026〕12号"]]
    follow(browser, By.LINK_TEXT, "李**")
    labels = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.record th")]
    assert "证件号码" not in labels
    assert "行政相对人名称" in labels
    assert "李四海" not in _shown(browser)
    _no_id_number(browser)
    # the natural person's penalty (after 2026-04-01) is not found, by name or masked name
    for text in ("王五", "王*"):
        browser.get(server.url + "/")
        _search(browser, text)
        assert browser.find_element(By.ID, "total").text == "0"
        assert _rows(browser) == []
    browser.save_screenshot(str(tmp_path / "portal-nothing.png"))


WIDTHS = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];"


def test_on_a_phone_nothing_scrolls_sideways(server: Server, browser: Any,
                                             tmp_path: Path) -> None:  # fmt: skip
    browser.set_window_size(390, 844)
    # the window's inner width is what a phone of 390 CSS pixels shows
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 2,
                             "mobile": True})  # fmt: skip
    try:
        for path, shot in (("/?q=示例物流", "portal-phone-search.png"),
                           (f"/records/{ps.KEYS['trader']}", "portal-phone-record.png")):  # fmt: skip
            browser.get(server.url + path)
            scroll, client = browser.execute_script(WIDTHS)
            assert client == 390
            assert scroll <= client, (path, scroll, client)
            browser.save_screenshot(str(tmp_path / shot))
        browser.get(server.url + "/?q=示例物流")
        first = browser.find_element(By.CSS_SELECTOR, "table.results tbody tr")
        assert first.rect["width"] <= 390
        assert len(_rows(browser)) == 20
        assert browser.find_element(By.CSS_SELECTOR, "nav.pages a[rel=next]").text == "下一页"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_focus_is_visible(server: Server, browser: Any) -> None:
    browser.set_window_size(1280, 900)
    browser.get(server.url + "/")
    box = browser.find_element(By.ID, "q")
    box.click()
    outline = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", box
    )
    assert outline == ["solid", "3px"]


def test_the_exported_site_read_from_files(server: Server, browser: Any, tmp_path: Path) -> None:
    """``sgs publish export``'s folder opened as files: the list, its pages, a record."""
    from .server import sgs

    site = tmp_path / "site"
    done = sgs("publish", "export", "--config", str(server.config), "--out", str(site))
    assert done.returncode == 0, done.stderr
    browser.set_window_size(1280, 900)
    browser.get((site / "index.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "双公示信息"
    assert not browser.find_elements(By.CSS_SELECTOR, "form.search")  # no server to search
    header = browser.find_element(By.CSS_SELECTOR, "header.site")
    assert header.value_of_css_property("background-color") == "rgba(180, 35, 42, 1)"  # linked CSS
    assert browser.find_element(By.ID, "total").text == str(3 + ps.HAULIERS)
    assert len(_rows(browser)) == 20
    follow(browser, By.CSS_SELECTOR, "nav.pages a[rel=next]")
    assert browser.current_url.endswith("/page-2.html")
    names = [r[0] for r in _rows(browser)]
    assert len(names) == 3 + ps.HAULIERS - 20
    browser.save_screenshot(str(tmp_path / "export-page-2.png"))
    browser.get((site / "index.html").as_uri())
    follow(browser, By.LINK_TEXT, "示例商贸有限公司")
    assert browser.current_url.endswith(f"/records/{ps.KEYS['trader']}.html")
    shown = {
        row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
        for row in browser.find_elements(By.CSS_SELECTOR, "table.record tr")
    }
    assert shown["行政相对人名称"] == "示例商贸有限公司"
    assert "法定代表人证件号码" not in shown
    browser.save_screenshot(str(tmp_path / "export-record.png"))
    _no_id_number(browser)
    follow(browser, By.LINK_TEXT, "返回列表")
    assert browser.current_url.endswith("/index.html")
    assert (tmp_path / "export-record.png").stat().st_size > 10_000


def test_the_content_security_policy_is_in_force_and_the_page_styled(server: Server,
                                                                     browser: Any) -> None:  # fmt: skip
    """The page's style comes from /portal.css under ``style-src 'self'``; an inline style
    element added to the page is refused by the browser, so the policy holds."""
    browser.set_window_size(1280, 900)
    browser.get(server.url + "/?q=示例商贸")
    header = browser.find_element(By.CSS_SELECTOR, "header.site")
    assert header.value_of_css_property("background-color") == "rgba(180, 35, 42, 1)"
    sheets = browser.execute_script(
        "return Array.from(document.styleSheets).map(s => [s.href, s.cssRules.length]);"
    )
    assert sheets[0][0] == server.url + "/portal.css"
    assert sheets[0][1] > 10
    browser.execute_script(
        "const s = document.createElement('style');"
        "s.textContent = 'header.site { background-color: rgb(1, 2, 3) !important; }';"
        "document.head.appendChild(s);"
        "const d = document.createElement('div'); d.id = 'inline';"
        "d.setAttribute('style', 'color: rgb(4, 5, 6)'); document.body.appendChild(d);"
    )
    assert header.value_of_css_property("background-color") == "rgba(180, 35, 42, 1)"
    inline = browser.find_element(By.ID, "inline")
    assert inline.value_of_css_property("color") != "rgba(4, 5, 6, 1)"
    for entry in browser.get_log("browser"):
        assert "portal.css" not in entry["message"], entry  # the style sheet itself loaded
