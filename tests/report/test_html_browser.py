"""The HTML report in a real browser: Debian's headless Chromium, driven by selenium and chromedriver.

Opened from a file:// URL with the network cut (DevTools offline emulation plus an unroutable proxy),
the page must load no resource at all, log no console error (a CSP violation or script error would
be one), show the summary, and draw every chart. Printed to PDF by the browser (WebDriver's print,
which is DevTools' ``Page.printToPDF``), every page carries "Page i of N" from the CSS page-margin
box and the last pages the sign-off block, read back from the PDF with pypdf. At 390 px wide (a
phone) nothing overflows the page. Screenshots go to the test's tmp folder; with
``SERVCHECK_UPDATE_SCREENSHOTS=1`` they also refresh ``docs/report-*.png``.

Chromium is required, not optional: when it is missing the test fails and says how to install it.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.model.report import Report
from checker.report.client import headline
from checker.report.html import render_html
from checker.report.signoff import with_sign_off

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

    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart-svg")
    assert len(charts) == 4  # day-by-day service level, ASA and complaint rate, and half-hour service level (4.7)
    for chart in charts:  # inline SVG, named for screen readers, its labels real text
        assert chart.get_attribute("role") == "img"
        title_id = chart.get_attribute("aria-labelledby").split()[0]
        assert browser.execute_script("return document.getElementById(arguments[0]).tagName", title_id) == "title"
        labels = browser.execute_script(
            "return Array.from(arguments[0].querySelectorAll('text')).map(t => t.textContent)", chart
        )
        assert any("04-09" in label for label in labels)  # a day on the x axis, selectable text, not outlines

    _save(browser.find_element(By.ID, "summary").screenshot_as_png, tmp_path, f"report-summary-{lang}.png")

    requirement = browser.find_element(By.ID, "req-service-level-80-20")
    requirement.find_element(By.TAG_NAME, "summary").click()
    trend = requirement.find_element(By.CSS_SELECTOR, "svg.chart-svg")
    assert trend.is_displayed() and trend.size["width"] > 300 and trend.size["height"] > 100
    browser.execute_script("arguments[0].scrollIntoView()", requirement)
    _save(requirement.screenshot_as_png, tmp_path, f"report-drilldown-{lang}.png")
    assert browser.get_log("browser") == []


def _pdf_pages(browser) -> list[str]:  # type: ignore[no-untyped-def]
    """The page as the browser prints it (A4 by the page's own CSS), as text per PDF page."""
    try:
        import pypdf
    except ModuleNotFoundError:
        pytest.fail(f"the browser test needs pypdf to read the printed report: {INSTALL} pypdf")
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.background = True
    try:
        printed = browser.print_page(options)
    except TimeoutException:  # ChromeDriver waits 10 s for the renderer, which a busy machine can exceed
        printed = browser.print_page(options)  # once more; what the PDF must hold is asserted all the same
    pdf = base64.b64decode(printed)
    # without whitespace: pypdf spaces CJK text and numbers apart ("第  1 页"), and words break across lines
    return [re.sub(r"\s+", "", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(("lang", "page_of"), [("en", "Page{i}of{n}"), ("zh", "第{i}页，共{n}页")])
def test_printed_report_has_page_numbers_and_a_sign_off_block(
    browser, contact_centre: Report, tmp_path: Path, lang: str, page_of: str
) -> None:  # type: ignore[no-untyped-def]
    signed = with_sign_off(contact_centre, auditor="Li Na", date="2024-04-20")
    page = tmp_path / f"report-{lang}.html"
    page.write_text(render_html(signed, lang), encoding="utf-8")
    _open(browser, page)
    pages = _pdf_pages(browser)

    n = len(pages)
    assert n >= 5  # summary, findings, method, requirements, ledger each start a page
    for i, text in enumerate(pages, start=1):  # every page numbered, and by the total printed
        assert page_of.format(i=i, n=n) in text
    assert not any(page_of.format(i=n + 1, n=n) in text for text in pages)

    words = {
        "en": ("Sign-off", "Auditor", "Reviewer", "Signature", "Date"),
        "zh": ("签署", "审核员", "复核人", "签名", "日期"),
    }
    last = pages[-1]
    for word in words[lang]:
        assert word in last
    assert "LiNa" in last  # the name given, printed in the auditor's line
    assert {"en": "20Apr2024", "zh": "2024年4月20日"}[lang] in last

    # the findings table prints the figure that failed (one queue on one day), not the passing overall
    sl = next(r for c in contact_centre.clauses for r in c.requirements if r.id == "service-level-80-20")
    worst = headline(sl)
    document = "".join(pages)
    assert worst.display in document and worst.group["day"] in document
    assert worst.display != sl.overall.display


def test_the_site_example_with_waivers_prints_numbered_pages_a_sign_off_and_fits_a_phone(
    browser, site_with_waivers: Report, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The issue's shipped example (overlay, waivers, checklist, complaint rate) as a client gets it."""
    page = tmp_path / "site.html"
    page.write_text(render_html(with_sign_off(site_with_waivers, auditor="Li Na"), "en"), encoding="utf-8")
    _open(browser, page)
    pages = _pdf_pages(browser)
    n = len(pages)
    assert all(f"Page{i}of{n}" in text for i, text in enumerate(pages, start=1))
    assert "Sign-off" in pages[-1] and "LiNa" in pages[-1]
    document = "".join(pages)
    # the waiver that applies (billing on 2024-04-09, service level) is named in the printed report
    assert "billing-migration-day" in document and "2024-04-09" in document
    browser.set_window_size(390, 900)
    try:
        _open(browser, page)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    finally:
        browser.set_window_size(1280, 1100)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_fits_a_390_px_screen(browser, contact_centre: Report, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    page = tmp_path / f"report-{lang}.html"
    page.write_text(render_html(with_sign_off(contact_centre, auditor="Li Na"), lang), encoding="utf-8")
    browser.set_window_size(390, 900)
    try:
        _open(browser, page)
        assert browser.execute_script("return window.innerWidth") == 390
        for details in browser.find_elements(By.CSS_SELECTOR, "details"):  # drill-downs open, as a reader would
            browser.execute_script("arguments[0].open = true", details)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        # wide tables scroll inside their own box instead of widening the page
        widest = browser.execute_script(
            "return Math.max(...Array.from(document.querySelectorAll('table')).map(t => t.scrollWidth))"
        )
        assert widest > 390
        _save(browser.get_screenshot_as_png(), tmp_path, f"report-mobile-{lang}.png")
    finally:
        browser.set_window_size(1280, 1100)
