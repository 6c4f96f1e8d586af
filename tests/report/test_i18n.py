"""The report's words on the gettext foundation: templates word-free, every fixed value labelled,
numbers and dates per language. Catalogue completeness is tests/i18n/test_catalogues.py."""

from __future__ import annotations

import doctest
import re
import typing
from pathlib import Path

import pytest

import checker.report.budget_text
import checker.report.qualitative
import checker.report.words
from checker.i18n import speaker
from checker.model import standard
from checker.model.report import OUTCOME_ORDER, LocalText
from checker.report import words
from checker.report.i18n import pick

TEMPLATES = Path(__file__).resolve().parents[2] / "checker" / "report" / "templates"


def test_templates_hold_no_words_outside_expressions_and_tags() -> None:
    """Strip Jinja blocks, comments and HTML tags: what is left may not contain a letter."""
    for path in TEMPLATES.glob("*.html.j2"):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        assert re.findall(r"[A-Za-z\u4e00-\u9fff]+", text) == [], path.name


def test_templates_speak_through_gettext_only() -> None:
    """No look-up of the old key catalogue is left; the words are ``_()``/``n_()`` msgids."""
    used = 0
    for path in TEMPLATES.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert re.findall(r"\bt\(|m\.label\(|m\.t\(", text) == [], path.name
        used += len(re.findall(r"\b_\(\"", text))
    assert used > 100


@pytest.mark.parametrize(
    ("values", "label"),
    [
        (typing.get_args(standard.Period), words.period_name),
        (list(OUTCOME_ORDER), words.outcome_name),
        (typing.get_args(standard.Severity), words.severity_name),
    ],
)
def test_every_fixed_value_has_a_chinese_label(values: tuple[str, ...], label: typing.Any) -> None:
    zh = speaker("zh")
    for value in values:
        named = label(zh, value)
        assert named != value and not re.search("[A-Za-z]{2,}", named.replace("SERVQUAL", "")), value


def test_every_fixed_tag_value_has_a_chinese_label() -> None:
    zh = speaker("zh")
    for key, kind in (("category", standard.Category), ("tier", standard.Tier), ("servqual", standard.Servqual)):
        for value in typing.get_args(kind):
            assert re.search(r"[\u4e00-\u9fff]", words.tag_value(zh, key, value)), (key, value)
    assert words.tag_value(zh, "stage", "operate") == "operate"  # a declared tag set's value is a name
    assert words.tag_value(speaker("en"), "tier", "basic") == "basic"


def test_period_columns_are_named_in_chinese_and_kept_in_english() -> None:
    assert words.key_name(speaker("zh"), "day") == "日"
    assert words.key_name(speaker("zh"), "queue") == "queue"
    assert words.key_name(speaker("en"), "30min") == "30min"


@pytest.mark.parametrize(("lang", "expected"), [("en", "9 Apr 2024"), ("zh", "2024年4月9日")])
def test_dates_are_formatted_for_the_language(lang: str, expected: str) -> None:
    assert speaker(lang).date("2024-04-09") == expected
    assert speaker(lang).date("2024-W15") == "2024-W15"  # not a date: shown as written


def test_margins_in_the_targets_unit_per_language() -> None:
    assert words.margin(speaker("en"), "percent", -0.3158) == "-31.58 pp"
    assert words.margin(speaker("zh"), "percent", 0.1827) == "+18.27 个百分点"
    assert words.margin(speaker("zh"), "duration", -12.2) == "-12.2 秒"
    assert words.interval("percent", (0.436, 0.532)) == "43.6–53.2%"
    assert speaker("en").integer(17640) == "17,640"


def test_standard_texts_fall_back_to_the_other_language() -> None:
    assert pick(LocalText(en="Service level"), "zh") == ("Service level", "en")
    assert pick(LocalText(en="Service level", zh="服务水平"), "zh") == ("服务水平", "zh")
    assert pick(LocalText(), "en") is None


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no catalogue"):
        speaker("fr")


def test_docstring_examples_run() -> None:
    for module in (checker.report.words, checker.report.budget_text, checker.report.qualitative):
        assert doctest.testmod(module).failed == 0, module.__name__
