"""Which way a change goes (the direction table), and the property the table promises: an overlay
that only tightens never turns a failing requirement into a passing one on the same data."""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine.judge import judge, requirement_outcome
from checker.load.documents import load_document
from checker.load.library import Library
from checker.load.overlay import resolve
from checker.load.tightening import compare, directions
from checker.measures.base import Measured
from checker.model.quantity import parse_target


@pytest.mark.parametrize(
    ("field", "old", "new", "verdict"),
    [
        ("target", ">= 80%", ">= 85%", "tighter"),
        ("target", ">= 80%", ">= 75%", "looser"),
        ("target", ">= 80%", ">= 80%", "same"),
        ("target", ">= 80%", "> 80%", "tighter"),
        ("target", "> 80%", ">= 80%", "looser"),
        ("target", "<= 30s", "<= 20s", "tighter"),
        ("target", "<= 30s", "<= 1min", "looser"),
        ("target", "<= 30s", "< 30s", "tighter"),
        ("target", ">= 96%", "<= 96%", "unordered"),  # direction changed
        ("target", "<= 30s", "<= 30%", "unordered"),  # unit changed
        ("target", "== 5", "== 4", "unordered"),
        ("target", ">= 40", ">= 45", "tighter"),  # a plain number (NPS)
        ("warn", None, ">= 90%", "tighter"),  # a band where there was none
        ("params.threshold", "20s", "15s", "tighter"),
        ("params.threshold", "20s", "4 rings", "same"),  # 4 rings at the default 5 s per ring are 20 s
        ("params.threshold", "2 rings", "10s", "same"),
        ("params.within", "3 business days", "2 business days", "tighter"),
        ("params.within", "3 business days", "48h", "unordered"),  # business time against wall-clock time
        ("params.short_abandon", "5s", "3s", "unordered"),
        ("params.no_such_parameter", 1, 2, "unordered"),
        ("severity", "minor", "major", "tighter"),
        ("severity", "major", "observation", "looser"),
        ("min_sample", 30, 10, "unordered"),
        ("min_sample", 30, 100, "unordered"),
    ],
)
def test_direction_of_a_change(field, old, new, verdict):
    assert compare(field, old, new) == verdict


def test_rings_use_the_cadence_in_force():
    assert compare("params.threshold", "20s", "4 rings", cadence=6) == "looser"  # 24 s
    assert compare("target", "<= 3 rings", "<= 12s", cadence=5) == "tighter"  # 15 s → 12 s


def test_the_table_is_data():
    table = directions()
    assert table["fields"]["target"] == "by-target" and table["params"]["threshold"] == "lower"


percent = st.integers(min_value=0, max_value=1000).map(lambda k: f"{Fraction(k, 10)}%")


@settings(max_examples=300, deadline=None)
@given(
    op=st.sampled_from([">=", ">", "<=", "<"]),
    new_op=st.sampled_from([">=", ">", "<=", "<"]),
    old=st.integers(0, 1000),
    new=st.integers(0, 1000),
    successes=st.integers(0, 500),
    extra=st.integers(0, 500),
)
def test_a_tighter_target_fails_every_value_the_old_one_failed(op, new_op, old, new, successes, extra):
    before, after = f"{op} {old / 10:g}%", f"{new_op} {new / 10:g}%"
    if compare("target", before, after) not in ("tighter", "same"):
        return
    value = Fraction(successes, successes + extra) if successes + extra else Fraction(0)
    if not parse_target(before).holds(value):
        assert not parse_target(after).holds(value)


PARENT = """\
kind: standard
id: organisation
title: {{en: Organisation}}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {{en: A share of calls is answered in time.}}
    requirements:
      - id: share
        rule: contact.answered-within
        target: "{share_target}"
        warn: "{share_warn}"
        severity: {severity}
        group_by: [queue]
      - id: wait
        rule: contact.asa
        target: "{wait_target}"
        group_by: [queue]
"""

SITE = """\
kind: standard
id: site
title: {{en: Site}}
version: 1.0.0
status: draft
languages: [en]
extends: organisation.yaml
overrides:
{overrides}"""


def findings(draw_values: list[tuple[int, int]]) -> list[Measured]:
    return [Measured(value=Fraction(k, n), n=n, successes=k) for k, n in draw_values]


def outcome(target: str, warn: str | None, measured: list[Measured]) -> str:
    goal = parse_target(target)
    band = parse_target(warn) if warn else None
    overall, *groups = [judge(m, goal, band, 30)[0] for m in measured]
    return requirement_outcome(overall, groups)


share_findings = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 200)).filter(lambda t: t[0] <= t[1]), min_size=1, max_size=5
)


@settings(max_examples=60, deadline=None)
@given(
    parent_share=st.integers(500, 990),
    share_step=st.integers(-30, 30),
    warn_gap=st.integers(1, 50),
    warn_step=st.integers(-30, 30),
    wait=st.integers(10, 60),
    wait_step=st.integers(-9, 20),
    severity=st.sampled_from(["minor", "major"]),
    new_severity=st.sampled_from(["observation", "minor", "major"]),
    shares=share_findings,
    waits=st.lists(st.integers(1, 120), min_size=1, max_size=5),
)
def test_an_overlay_that_only_tightens_never_turns_a_failure_into_a_pass(
    parent_share, share_step, warn_gap, warn_step, wait, wait_step, severity, new_severity, shares, waits
):
    """Whatever the overlay changes, when every change is a tightening (as the direction table
    decides, through the real overlay resolution), a requirement that failed under the parent's
    targets fails under the effective standard's on the same measured values."""
    share_target = f">= {parent_share / 10:g}%"
    share_warn = f">= {(parent_share + warn_gap) / 10:g}%"
    overrides = (
        f'  - requirement: share\n    target: ">= {(parent_share + share_step) / 10:g}%"\n'
        f'    warn: ">= {(parent_share + warn_gap + warn_step) / 10:g}%"\n    severity: {new_severity}\n'
        f'  - requirement: wait\n    target: "<= {wait + wait_step}s"\n'
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".servcheck.yaml").write_text("", encoding="utf-8")
        parent = PARENT.format(
            share_target=share_target, share_warn=share_warn, severity=severity, wait_target=f"<= {wait}s"
        )
        (root / "organisation.yaml").write_text(parent, encoding="utf-8")
        (root / "site.yaml").write_text(SITE.format(overrides=overrides), encoding="utf-8")
        overlay = resolve(load_document(root / "site.yaml", {"standard"}), Library())
    assert overlay.problems == []
    kinds = {c.requirement: c.kind for c in overlay.changes}
    effective = {r.id: r for _p, _c, r in overlay.effective.model.requirements()}
    measured = {
        "share": findings(shares),
        "wait": [Measured(value=Fraction(w), n=40) for w in waits],
    }
    parent_targets = {"share": (share_target, share_warn), "wait": (f"<= {wait}s", None)}
    for rid, kind in kinds.items():
        if kind != "tightened":
            continue
        before = outcome(*parent_targets[rid], measured[rid])
        after = outcome(effective[rid].target, effective[rid].warn, measured[rid])
        if before == "fail":
            assert after == "fail", (rid, parent_targets[rid], effective[rid].target)
        if before == "warn":
            assert after in ("warn", "fail")
