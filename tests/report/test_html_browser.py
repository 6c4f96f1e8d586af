"""The HTML report in a real browser: Debian's headless Chromium, driven by selenium and chromedriver.

Opened from a file:// URL with the network cut (DevTools offline emulation plus an unroutable proxy),
the page must load no resource at all, log no console error (a CSP violation or script error would
be one), show the summary, and draw every chart. Screenshots go to the test's tmp folder; with
``SERVCHECK_UPDATE_SCREENSHOTS=1`` they also refresh ``docs/report-*.png``.

Chromium is required, not optional: when it is missing the test fails and says how to install it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.model.report import Report
from checker.report.html import render_html

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver; pip install selenium"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        pytest.fail(
            f"the browser test needs Debian's chromium and chromium-driver ({', '.join(missing)} missing): {INSTALL}"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ModuleNotFoundError:
        pytest.fail(f"the browser test needs selenium: {INSTALL}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--proxy-server=127.0.0.1:9",  # any request that escapes would fail, not fetch
        "--proxy-bypass-list=<-loopback>",
        "--window-size=1280,1100",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    yield driver
    driver.quit()


def _open(driver, path: Path) -> list[dict]:  # type: ignore[no-untyped-def]
    driver.get(path.as_uri())
    driver.execute_script("return document.fonts ? document.fonts.ready : null")
    return driver.get_log("browser")


def _save(png: bytes, tmp: Path, name: str) -> None:
    (tmp / name).write_bytes(png)
    if os.environ.get("SERVCHECK_UPDATE_SCREENSHOTS") == "1":
        (REPO / "docs" / name).write_bytes(png)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_opens_offline_without_errors_and_shows_summary_and_charts(
    browser, contact_centre: Report, tmp_path: Path, lang: str
) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    page = tmp_path / f"report-{lang}.html"
    page.write_text(render_html(contact_centre, lang), encoding="utf-8")
    logs = _open(browser, page)

    errors = [entry for entry in logs if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    verdict = browser.find_element(By.CSS_SELECTOR, "#summary .verdict-value").text
    assert verdict == {"en": "Nonconformant", "zh": "不符合"}[lang]
    majors = browser.find_element(By.CSS_SELECTOR, "#summary .card-major .card-value").text
    assert majors == str(contact_centre.summary.nonconformities["major"])

    charts = browser.find_elements(By.CSS_SELECTOR, "img.chart-img")
    assert len(charts) == 3  # day-by-day service level and ASA, and half-hour service level (4.7), have trends
    for chart in charts:  # closed <details> do not lay images out; decoding proves they are valid SVG
        assert browser.execute_script("return arguments[0].decode().then(() => arguments[0].naturalWidth)", chart) > 300

    _save(browser.find_element(By.ID, "summary").screenshot_as_png, tmp_path, f"report-summary-{lang}.png")

    requirement = browser.find_element(By.ID, "req-service-level-80-20")
    requirement.find_element(By.TAG_NAME, "summary").click()
    trend = requirement.find_element(By.CSS_SELECTOR, "img.chart-img")
    assert trend.is_displayed() and trend.size["width"] > 300 and trend.size["height"] > 100
    browser.execute_script("arguments[0].scrollIntoView()", requirement)
    _save(requirement.screenshot_as_png, tmp_path, f"report-drilldown-{lang}.png")
    assert browser.get_log("browser") == []
