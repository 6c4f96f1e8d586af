"""The examples in the docstrings of the sampling and qualitative-clause modules run (docs cannot rot)."""

from __future__ import annotations

import doctest

import pytest

from checker.audit import qualitative as audit_qualitative
from checker.report import qualitative as report_qualitative
from checker.sample import draw, iso2859


@pytest.mark.parametrize("module", [audit_qualitative, report_qualitative, draw, iso2859], ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0
