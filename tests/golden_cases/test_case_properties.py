"""Property: for any calls, a case whose expectation is counted in Python passes, and the same case
with the count off by one fails — the comparison is neither vacuous nor too strict."""

from __future__ import annotations

import shutil
import tempfile
from fractions import Fraction
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.golden.suite import run_paths

REPO = Path(__file__).resolve().parents[2]

STANDARD = {
    "kind": "standard",
    "id": "demo",
    "title": {"en": "Demo"},
    "version": "1.0.0",
    "status": "draft",
    "languages": ["en"],
    "clauses": [
        {
            "number": "1",
            "text": {"en": "At least 80% of answered calls are answered within 10 seconds."},
            "requirements": [
                {
                    "id": "answered-10s",
                    "rule": "contact.answered-within",
                    "params": {"threshold": "10s"},
                    "target": ">= 80%",
                }
            ],
        }
    ],
}

CALL = st.tuples(st.sampled_from(["answered", "abandoned", "other"]), st.integers(0, 40))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CALL, min_size=1, max_size=12))
def test_a_hand_counted_case_passes_and_an_off_by_one_fails(calls: list[tuple[str, int]]) -> None:
    answered = [wait for outcome, wait in calls if outcome == "answered"]
    n = len(answered)
    share = Fraction(sum(1 for wait in answered if wait <= 10), n) if n else None
    want: dict[str, object] = {"n": n}
    if share is not None:
        want |= {"value": float(share), "outcome": "pass" if share >= Fraction(4, 5) else "fail"}
    rows = [
        {"call_id": f"c{i}", "offered_at": f"2024-04-01 09:{i:02d}:00", "outcome": outcome, "wait": wait}
        for i, (outcome, wait) in enumerate(calls)
    ]
    right = {"name": "counted", "min_sample": 1, "tables": {"calls": rows}, "expect": {"answered-10s": want}}
    wrong = {**right, "name": "off-by-one", "expect": {"answered-10s": {"n": n + 1}}}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPO / "rules", root / "rules")
        (root / "standards").mkdir()
        standard = root / "standards" / "demo.yaml"
        standard.write_text(yaml.safe_dump({**STANDARD, "cases": [right, wrong]}), encoding="utf-8")
        results, _ = run_paths([standard])
    assert [(r.case, r.status) for r in results] == [("counted", "passed"), ("off-by-one", "failed")], [
        (r.case, [c.detail for c in r.comparisons], [p.render() for p in r.problems]) for r in results
    ]
