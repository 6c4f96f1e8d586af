"""The calibration of a shipped example, run and rendered in Chinese, holds no English of servcheck's own.

Why: calibrate reuses the audit's reasons (a judge's "fewer than the minimum sample", a quality
gate's) and words its own; both follow ``AuditRequest.lang`` as the audit's do. The check is the
report test's: :func:`checker.i18n.leftovers.english_words` on what a reader sees, with only what
the user wrote set aside (the texts of the standard, the dataset and the rule library, names and
group values from the data, targets in the standard's syntax).
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import yaml
from shared_probes import document_strings

from checker.audit import AuditRequest
from checker.audit.inputs import default_rule_paths
from checker.calibrate import calibrate
from checker.calibrate.html import render_html
from checker.calibrate.model import Calibration
from checker.calibrate.render import render_text
from checker.i18n.leftovers import english_words

REPO = Path(__file__).resolve().parents[2]
STANDARD = REPO / "standards" / "contact-centre.yaml"
DATASET = REPO / "examples" / "contact-centre" / "dataset.yaml"


@cache
def calibrated(lang: str) -> Calibration:
    return calibrate(AuditRequest(STANDARD, DATASET, evidence_limit=0, lang=lang), "day")


def user_texts() -> set[str]:
    """The strings the standard, the rule library and the dataset (with its table and field names) hold."""
    documents = [(STANDARD, False), (DATASET, True)]
    for folder in default_rule_paths(STANDARD):
        documents += [(path, False) for path in sorted(folder.rglob("*.yaml"))]
    out: set[str] = set()
    for path, keys in documents:
        out.update(document_strings(yaml.safe_load(path.read_text(encoding="utf-8")), keys))
    return {text for text in out if re.search("[A-Za-z]", text)}


def names(calibration: Calibration) -> set[str]:
    found = {calibration.standard, calibration.dataset}
    for r in calibration.requirements:
        found.update({r.id, r.rule})
        for figure in r.periods:
            found.update([*figure.decided_by, *figure.decided_by.values()])
            for left in figure.not_counted:
                found.update([*left.group, *left.group.values()])
    return {word for name in found for word in re.findall(r"[A-Za-z]{2,}", name)}


def leftover(calibration: Calibration, text: str) -> list[str]:
    """English words left once the user's texts and the targets are set aside (a suggested target is
    written in the standard's own syntax, ``<= 2.32 per 1000``, for a writer to paste: not prose)."""
    texts = user_texts()
    for r in calibration.requirements:
        texts.update([r.target, *(level.target for level in r.levels)])
    words = {text for text in texts if re.fullmatch(r"[\w.-]+", text)}  # one-word texts are names
    for data in sorted(texts - words, key=len, reverse=True):
        text = re.sub(r"(?<![A-Za-z0-9])" + re.escape(data) + r"(?![A-Za-z0-9])", "\n", text)
    allowed = names(calibration) | {w for word in words for w in re.findall(r"[A-Za-z]{2,}", word)}
    return english_words(text, allowed)


def readable_html(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<svg\b.*?</svg>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", "\n", page))


def test_the_chinese_calibration_text_and_page_hold_no_english_of_servchecks_own() -> None:
    calibration = calibrated("zh")
    assert leftover(calibration, render_text(calibration, "zh")) == []
    assert leftover(calibration, readable_html(render_html(calibration, "zh"))) == []


def test_the_check_sees_the_reasons_of_an_english_calibration() -> None:
    """The same calibration run in English and rendered in Chinese keeps the audit's English
    reasons: the check finds them, so the test above passes on the words' language."""
    calibration = calibrated("en")
    found = set(leftover(calibration, render_text(calibration, "zh")))
    assert {"fewer", "than", "minimum"} <= found
