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
from selenium.webdriver.chrome.service import Service

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
