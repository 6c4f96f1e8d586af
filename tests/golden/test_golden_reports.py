"""Every shipped example's report is byte-identical to its reviewed golden file.

The golden files were produced by the engine as it stood before the engine redesign and are
updated only by ``python -m tests.golden.regen`` with the diff reviewed; a test failure here means
a figure, outcome, evidence row, ledger count or rendering changed.
"""

from __future__ import annotations

import difflib

import pytest

from .cases import CASES, HERE, render


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_golden(name: str) -> None:
    rendered = render(name)
    for ext, text in rendered.items():
        golden = (HERE / f"{name}.{ext}").read_text(encoding="utf-8")
        if text != golden:
            diff = "".join(
                list(
                    difflib.unified_diff(
                        golden.splitlines(True), text.splitlines(True), f"golden/{name}.{ext}", "now", n=1
                    )
                )[:80]
            )
            pytest.fail(f"{name}.{ext} differs from its golden file:\n{diff}")
