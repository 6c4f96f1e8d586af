"""Properties of coverage (:func:`checker.audit.coverage.cover`) over arbitrary judged groups.

The invariant of issue 12: declaring a member the data does not have can never make a verdict
better — a non-conformant or incomplete audit never turns conformant, and a requirement with an
absent declared member is never ``pass`` or ``warn``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.audit.coverage import cover
from checker.audit.verdict import summarise
from checker.model.report import Finding, LocalText, RequirementResult
from checker.model.standard import Requirement

QUEUES = ["a", "b", "c", "d", "e"]
JUDGED = ["pass", "warn", "fail", "insufficient-data"]
RANK = {"conformant": 0, "incomplete": 1, "nonconformant": 2}


def _result(overall: str, groups: dict[str, str]) -> RequirementResult:
    def finding(outcome: str, group: dict[str, str]) -> Finding:
        n = 1 if outcome == "insufficient-data" else 40
        return Finding(group=group, outcome=outcome, value=1.0, n=n)

    return RequirementResult(
        id="r",
        rule="x",
        rule_title=LocalText(en="x"),
        measure="rate",
        table="calls",
        unit="percent",
        target=">= 1%",
        severity="major",
        min_sample=30,
        outcome="pass",  # decided again by cover()
        overall=finding(overall, {}),
        groups=[finding(o, {"queue": q}) for q, o in groups.items()],
        group_by=["queue"],
    )


def _requirement(members: list[str], small_groups: str) -> Requirement:
    return Requirement(
        id="r",
        rule="x",
        target=">= 1%",
        group_by=["queue"],
        expect_groups={"queue": members} if members else {},
        small_groups=small_groups,
    )


def _verdict(result: RequirementResult, members: list[str], small_groups: str) -> tuple[str, str]:
    covered = cover(result, _requirement(members, small_groups), {"queue": sorted(members)} if members else {}, {})
    return covered.outcome, summarise([covered]).verdict


@given(
    overall=st.sampled_from(JUDGED),
    groups=st.dictionaries(st.sampled_from(QUEUES[:3]), st.sampled_from(JUDGED), max_size=3),
    declared=st.lists(st.sampled_from(QUEUES[:3]), unique=True),
    absent=st.lists(st.sampled_from(QUEUES[3:]), min_size=1, unique=True),
    small_groups=st.sampled_from(["block", "observe"]),
)
def test_an_absent_expected_member_never_improves_the_verdict(overall, groups, declared, absent, small_groups):
    result = _result(overall, groups)
    _, before = _verdict(result, declared, small_groups)
    outcome, after = _verdict(result, declared + absent, small_groups)
    assert RANK[after] >= RANK[before]
    assert after != "conformant"
    assert outcome not in ("pass", "warn")


@given(
    overall=st.sampled_from(JUDGED),
    groups=st.dictionaries(st.sampled_from(QUEUES), st.sampled_from(JUDGED), max_size=5),
    small_groups=st.sampled_from(["block", "observe"]),
)
def test_a_failed_finding_always_decides_and_small_groups_never_vanish(overall, groups, small_groups):
    result = _result(overall, groups)
    covered = cover(result, _requirement([], small_groups), {}, {})
    if "fail" in [overall, *groups.values()]:
        assert covered.outcome == "fail"
    # every group is still in the result, whatever the choice
    assert [g.group for g in covered.groups] == [g.group for g in result.groups]
    under = [q for q, o in groups.items() if o == "insufficient-data"]
    if under and small_groups == "block" and "fail" not in [overall, *groups.values()]:
        assert covered.outcome == "insufficient-data"
    if under and small_groups == "observe":
        assert any("small_groups: observe" in text for text in covered.limitations)
