"""The message catalogue: both languages complete, templates word-free, formats per language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.model.report import LocalText
from checker.report.i18n import LANGUAGES, Messages, catalogue, pick, placeholders

TEMPLATES = Path(__file__).resolve().parents[2] / "checker" / "report" / "templates"


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    en, zh = catalogue("en"), catalogue("zh")
    assert set(en) == set(zh)
    assert {k: placeholders(v) for k, v in en.items()} == {k: placeholders(v) for k, v in zh.items()}
    assert all(value.strip() for value in [*en.values(), *zh.values()])


def test_every_literal_key_the_templates_use_exists() -> None:
    used = set()
    for path in TEMPLATES.glob("*.j2"):
        used |= set(re.findall(r"\bt\('([a-z_.-]+)'\s*[,)]", path.read_text(encoding="utf-8")))
    assert len(used) > 50
    assert used - set(catalogue("en")) == set()


def test_templates_hold_no_words_outside_expressions_and_tags() -> None:
    """Strip Jinja blocks, comments and HTML tags: what is left may not contain a letter."""
    for path in TEMPLATES.glob("*.html.j2"):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        assert re.findall(r"[A-Za-z\u4e00-\u9fff]+", text) == [], path.name


@pytest.mark.parametrize(("lang", "expected"), [("en", "9 Apr 2024"), ("zh", "2024年4月9日")])
def test_dates_are_formatted_for_the_language(lang: str, expected: str) -> None:
    assert Messages(lang).date("2024-04-09") == expected
    assert Messages(lang).date("2024-W15") == "2024-W15"  # not a date: shown as written


def test_margins_in_the_targets_unit_per_language() -> None:
    assert Messages("en").margin("percent", -0.3158) == "-31.58 pp"
    assert Messages("zh").margin("percent", 0.1827) == "+18.27 个百分点"
    assert Messages("zh").margin("duration", -12.2) == "-12.2 秒"
    assert Messages("en").interval("percent", (0.436, 0.532)) == "43.6–53.2%"
    assert Messages("en").integer(17640) == "17,640"


def test_standard_texts_fall_back_to_the_other_language() -> None:
    assert pick(LocalText(en="Service level"), "zh") == ("Service level", "en")
    assert pick(LocalText(en="Service level", zh="服务水平"), "zh") == ("服务水平", "zh")
    assert pick(LocalText(), "en") is None


def test_unknown_language_and_unknown_key_are_refused() -> None:
    assert LANGUAGES == ("en", "zh")
    with pytest.raises(ValueError, match="no message catalogue"):
        catalogue("fr")
    with pytest.raises(KeyError):
        Messages("zh").t("no.such.key")
