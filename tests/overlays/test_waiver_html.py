"""The HTML report shows the waiver tally, each waived finding with its waiver, and overlay notes,
in English and Chinese (read from the site case's golden report, so no audit runs here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.model.report import Report
from checker.report.html import render_html

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "contact-centre-site.json"


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.model_validate(json.loads(GOLDEN.read_text(encoding="utf-8")))


def test_english(report):
    html = render_html(report, "en")
    assert "<h3>Waivers</h3>" in html
    assert "Waivers in force on 2024-04-14: 1 failing finding waived; its figures are kept." in html
    assert "<dt>Unused (matched no failing finding)</dt><dd><code>vip-new-hires</code>" in html
    assert "<dt>Expired</dt><dd><code>crm-upgrade-outage</code>" in html
    assert "Waived by billing-migration-day (approved by Li Wei, head of customer service on 2024-04-12" in html
    assert "tightened by standards/contact-centre-site.yaml: target &gt;= 96% → &gt;= 97%" in html


def test_chinese(report):
    html = render_html(report, "zh")
    assert "<h3>豁免</h3>" in html and "由 billing-migration-day 豁免" in html
    assert "standards/contact-centre-site.yaml 新增" in html
