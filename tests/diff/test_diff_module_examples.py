"""The docstring examples of the round trip's and the diff's modules run (they document them)."""

from __future__ import annotations

import doctest

import pytest

import checker.diff.changes
import checker.load.markdown_writer
import checker.load.tightening


@pytest.mark.parametrize(
    "module", [checker.load.markdown_writer, checker.load.tightening, checker.diff.changes], ids=lambda m: m.__name__
)
def test_module_examples(module) -> None:
    failed, attempted = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert attempted > 0 and failed == 0
