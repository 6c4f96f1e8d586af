"""Every check's documented PASS and FAIL examples behave as documented (docs cannot rot)."""

from __future__ import annotations

import re

import pytest

from checker.lint.examples import examples, run_example
from checker.lint.registry import CHECKS, LOADING_CODES

CASES = [
    pytest.param(check, example, id=f"{check.code}-{check.name}-{example.outcome}-{i}")
    for check in CHECKS
    for i, example in enumerate(examples(check))
]


@pytest.mark.parametrize(("check", "example"), CASES)
def test_documented_example(check, example):
    problems, found = run_example(check, example)
    assert problems == [], "an example must be a valid document; the check is what it shows"
    codes = [d.code for d in found]
    if example.outcome == "PASS":
        assert check.code not in codes
    else:
        assert check.code in codes
        assert all(d.location.line >= 1 and d.location.column >= 1 for d in found)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_every_check_is_documented_with_both_examples(check):
    outcomes = {example.outcome for example in examples(check)}
    assert outcomes == {"PASS", "FAIL"}
    assert re.fullmatch(r"SC\d{3}", check.code)
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", check.name)
    assert check.summary.endswith((".", "…", ")"))


def test_codes_and_names_are_unique_and_apart_from_loading_codes():
    codes = [code for check in CHECKS for code in (check.code,)]
    names = [check.name for check in CHECKS]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert not set(codes) & set(LOADING_CODES)
