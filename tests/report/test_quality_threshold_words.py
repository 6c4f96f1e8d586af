"""A Chinese report says a table's freshness bound in Chinese, in Chinese brackets, as it says the
measured figure: the contact-centre dataset declares ``fresh_within: 1 day``, and a Chinese reader
read ``时效 1.15 小时 (上限 1 day)`` in the text report before. English keeps the bound as written.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from checker.audit import AuditRequest, run_audit
from checker.audit.quality import fresh_check
from checker.i18n.context import speaking
from checker.model.report import Report
from checker.report.html import render_html
from checker.report.markdown import render_markdown
from checker.report.text import render_text

REPO = Path(__file__).resolve().parents[2]


@cache
def contact_centre(lang: str) -> Report:
    return run_audit(
        AuditRequest(REPO / "standards/contact-centre.yaml", REPO / "examples/contact-centre/dataset.yaml", lang=lang)
    )


def test_the_dataset_declares_one_day() -> None:
    assert "fresh_within: 1 day" in (REPO / "examples/contact-centre/dataset.yaml").read_text(encoding="utf-8")


def test_the_chinese_text_report_says_the_bound_in_chinese_brackets() -> None:
    text = render_text(contact_centre("zh"), "zh")
    (line,) = [x for x in text.splitlines() if "数据质量门槛" in x]
    assert re.search(r"时效 [\d.]+ 小时（上限 1 天）达到", line), line
    assert "（上限 1%）" in line and "（下限 99%）" in line
    assert "day" not in line and "(" not in line


def test_the_chinese_markdown_and_html_say_one_day_in_chinese() -> None:
    report = contact_centre("zh")
    markdown = render_markdown(report, "zh")
    assert re.search(r"\| 1 天 \| [\d.]+ 小时 \|", markdown)
    assert "1 day" not in markdown
    page = render_html(report, "zh")
    assert '<td class="num">1 天</td>' in page
    assert '<td class="num">1 day</td>' not in page


def test_english_keeps_the_bound_as_the_dataset_writes_it() -> None:
    report = contact_centre("en")
    text = render_text(report, "en")
    assert re.search(r"fresh [\d.]+ h \(max 1 day\) ok", text)
    assert "| 1 day |" in render_markdown(report, "en")


def test_a_stale_table_is_more_than_one_day_behind_in_chinese() -> None:
    # latest record 2024-04-12 18:00, period ends at midnight after 2024-04-14: 54 h = 2.25 days behind
    args = ("1 day", dt.datetime(2024, 4, 12, 18, 0), (dt.date(2024, 4, 1), dt.date(2024, 4, 14)))
    with speaking("zh"):
        check = fresh_check(*args)
    assert not check.passed and check.measured == "2.25 天"
    assert check.reason is not None and check.reason.endswith("超过 1 天")
    assert check.threshold == "1 day"  # the report's data keeps what the dataset declared
    assert fresh_check(*args).reason.endswith("more than 1 day")  # type: ignore[union-attr]
