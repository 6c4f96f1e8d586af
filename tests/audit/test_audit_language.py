"""The audit runs in a language: its reasons and notes change, nothing else does.

Why these checks: a Chinese audit must be the same audit — the same outcomes, figures, counts and
structure — with only servcheck's own sentences in Chinese (what a user wrote stays as written),
and an English audit must be what servcheck always wrote (the golden reports pin its bytes).
"""

from __future__ import annotations

import doctest
from functools import cache
from pathlib import Path

import checker.audit.ledger_words
import checker.i18n.context
from checker.audit import AuditRequest, run_audit
from checker.engine.backend import each
from checker.i18n.context import audit_speaker, speaking
from checker.model.report import Report

REPO = Path(__file__).resolve().parents[2]
STANDARD = REPO / "standards" / "contact-centre.yaml"
DATASET = REPO / "examples" / "contact-centre" / "dataset.yaml"


@cache
def audit(lang: str) -> Report:
    return run_audit(AuditRequest(STANDARD, DATASET, lang=lang))


def _shape(node: object) -> object:
    """The report with every string replaced by a mark: what must not depend on the language."""
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return "<text>" if isinstance(node, str) else node


def test_a_chinese_audit_is_the_same_audit() -> None:
    en, zh = (audit(lang).model_dump(mode="json") for lang in ("en", "zh"))
    assert _shape(en) == _shape(zh)  # same keys, numbers, counts, list lengths and order
    for a, b in zip(en["clauses"], zh["clauses"], strict=True):
        assert [r["outcome"] for r in a["requirements"]] == [r["outcome"] for r in b["requirements"]]
    assert en["summary"] == zh["summary"]


def test_a_chinese_audit_words_its_reasons_and_notes_in_chinese() -> None:
    """Hand-picked sentences of the contact-centre example (small days; complaints on days without calls)."""
    zh = audit("zh")
    reasons = {f.reason for c in zh.clauses for r in c.requirements for f in [r.overall, *r.groups] if f.reason}
    notes = {note for c in zh.clauses for r in c.requirements for note in r.notes}
    assert any(reason.endswith("条记录，少于最小样本量 30") for reason in reasons), sorted(reasons)[:5]
    assert "没有作为分母的基数记录，无法计算比率（calls 0 条、complaints 1 条）" in reasons
    assert any(note.startswith("服务水平：阈值 ") for note in notes)
    assert zh.parameters["ring_cadence_source"].startswith("数据集 ")
    en = audit("en")
    assert en.parameters["ring_cadence_source"].startswith("dataset ")
    assert "no base records to divide by, so no rate (0 calls, 1 complaints)" in {
        f.reason for c in en.clauses for r in c.requirements for f in [r.overall, *r.groups] if f.reason
    }


def test_the_language_goes_with_steps_run_on_threads() -> None:
    """Spark runs independent steps on a thread pool: each step speaks the audit's language."""

    class Engine:
        jobs = 3

    with speaking("zh"):
        langs = each(Engine(), [lambda: audit_speaker().lang for _ in range(4)])
    assert langs == ["zh"] * 4
    assert audit_speaker().lang == "en"  # and the block ends with the audit


def test_docstring_examples_run() -> None:
    for module in (checker.i18n.context, checker.audit.ledger_words):
        assert doctest.testmod(module).failed == 0
