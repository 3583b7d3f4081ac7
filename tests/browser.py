"""Debian's Chromium, headless, driven by chromedriver through Selenium: the one browser the
page tests use. ``.ci/run`` installs ``chromium``, ``chromium-driver`` and ``fonts-noto-cjk``
when they are missing; without them a browser test fails, never skips."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@contextmanager
def chromium(width: int, height: int) -> Iterator[Any]:
    """A headless Chromium with a window of ``width`` × ``height`` CSS pixels, quit after."""
    for program in (CHROMIUM, CHROMEDRIVER):
        assert Path(program).is_file() or shutil.which(Path(program).name), (
            f"{program} is missing: apt-get install chromium chromium-driver fonts-noto-cjk"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", f"--window-size={width},{height}"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _gone(error: WebDriverException) -> bool:
    """Whether Chromium's error says the node is no longer in the document: while a page is
    replaced, it answers so rather than with a stale element now and then."""
    return "document" in str(error.msg)


def replaced(page: Any) -> Any:
    """A wait condition: the page whose ``html`` element is ``page`` has been replaced."""

    def condition(_driver: Any) -> bool:
        try:
            page.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if _gone(error):
                return True
            raise
        return False

    return condition


def follow(browser: Any, by: str, value: str) -> None:
    """Click the element found by ``by``/``value`` and wait until the page it leads to has
    replaced this one.

    Chromium now and then reports a node found a moment ago as no longer in the document
    when the click is sent; the click did not happen then, so the element is found again.
    """
    for attempt in range(3):
        page = browser.find_element(By.TAG_NAME, "html")
        try:
            browser.find_element(by, value).click()
        except (StaleElementReferenceException, WebDriverException) as error:
            if attempt == 2 or not _gone(error):
                raise
            continue
        WebDriverWait(browser, 20).until(replaced(page))
        return
