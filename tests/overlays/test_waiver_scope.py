"""Waivers applied to judged results, without an engine: which failing findings a waiver covers,
when it is in force, and what the requirement and the audit then say. Figures are hand-written."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.audit.verdict import summarise
from checker.audit.waivers import GivenWaiver, apply_waivers, covers
from checker.model.report import Finding, LocalText, RequirementResult
from checker.model.waiver import Waiver, WaiverFile

PERIOD = (dt.date(2024, 4, 1), dt.date(2024, 4, 14))
END = dt.date(2024, 4, 14)


def waiver(
    wid: str = "w1", requirement: str = "sl", approved: str = "2024-04-12", expires: str = "2024-06-30", **scope
):
    return Waiver(
        id=wid,
        requirement=requirement,
        scope=scope,
        justification={"en": "staff moved to a migration"},
        approver="Head of service",
        approved=approved,
        expires=expires,
    )


def overall(outcome: str = "pass") -> Finding:
    return Finding(outcome=outcome, value=0.9, n=1000, successes=900, exact="900/1000")


def billing_day() -> Finding:
    # 199 of 411 calls answered within 20 s: 48.4% against >= 80%
    return Finding(
        group={"queue": "billing", "day": "2024-04-09"},
        outcome="fail",
        value=199 / 411,
        exact="199/411",
        n=411,
        successes=199,
        interval=(0.436, 0.533),
        margin=199 / 411 - 0.8,
    )


def tech_day() -> Finding:
    return Finding(
        group={"queue": "tech", "day": "2024-04-10"}, outcome="fail", value=0.4, exact="20/50", n=50, successes=20
    )


def result(
    groups: list[Finding], top: Finding | None = None, rid: str = "sl", period: str = "day"
) -> RequirementResult:
    return RequirementResult(
        id=rid,
        rule="contact.service-level",
        rule_title=LocalText(en="Service level"),
        measure="service-level",
        table="calls",
        unit="percent",
        target=">= 80%",
        severity="major",
        group_by=["queue"],
        period=period,
        min_sample=30,
        outcome="fail",
        overall=top or overall(),
        groups=groups,
    )


def given(*waivers: Waiver) -> list[GivenWaiver]:
    return [GivenWaiver("waivers.yaml", w) for w in waivers]


def test_a_waived_finding_keeps_its_figures_and_shows_waived_with_the_waiver():
    scoped = waiver(group={"queue": "billing"}, period={"from": "2024-04-08", "to": "2024-04-10"})
    (out,), tally = apply_waivers([result([billing_day(), tech_day()])], given(scoped), END, PERIOD)
    billing, tech = out.groups
    before = billing_day()
    assert billing.outcome == "waived"
    assert (billing.value, billing.exact, billing.n, billing.successes, billing.interval, billing.margin) == (
        before.value,
        "199/411",
        411,
        199,
        (0.436, 0.533),
        before.margin,
    )
    assert billing.waiver is not None and billing.waiver.id == "w1" and billing.waiver.approver == "Head of service"
    assert tech.outcome == "fail"  # not in the scope: tech's failure still counts
    assert out.outcome == "fail"
    assert tally.findings_waived == 1 and tally.applied == {"w1": 1} and tally.unused == []


def test_a_requirement_whose_failures_are_all_waived_is_waived_and_the_audit_is_not_nonconformant():
    both = given(waiver("w1", group={"queue": "billing"}), waiver("w2", group={"queue": "tech"}))
    (out,), tally = apply_waivers([result([billing_day(), tech_day()])], both, END, PERIOD)
    assert [g.outcome for g in out.groups] == ["waived", "waived"]
    assert out.outcome == "waived"  # never "pass"
    summary = summarise([out])
    assert summary.verdict == "conformant"
    assert summary.requirements == {"waived": 1}
    assert summary.nonconformities == {"major": 0, "minor": 0, "observation": 0}
    assert tally.requirements_waived == ["sl"] and tally.applied == {"w1": 1, "w2": 1}


def test_a_waived_group_beside_a_warning_group_leaves_the_requirement_at_warn():
    warned = Finding(group={"queue": "vip", "day": "2024-04-09"}, outcome="warn", value=0.82, n=100, successes=82)
    (out,), _ = apply_waivers([result([billing_day(), warned])], given(waiver(group={"queue": "billing"})), END, PERIOD)
    assert out.outcome == "warn"


@pytest.mark.parametrize(
    ("expires", "applies"),
    [("2024-04-13", False), ("2024-04-14", True), ("2024-04-15", True)],
)
def test_an_expired_waiver_does_not_apply_and_is_tallied_as_expired(expires, applies):
    (out,), tally = apply_waivers(
        [result([billing_day()])], given(waiver(expires=expires, approved="2024-04-01")), END, PERIOD
    )
    assert (out.groups[0].outcome == "waived") is applies
    assert tally.expired == ([] if applies else ["w1"])
    assert out.outcome == ("waived" if applies else "fail")


def test_a_waiver_approved_after_the_reference_date_does_not_apply():
    (out,), tally = apply_waivers([result([billing_day()])], given(waiver(approved="2024-04-20")), END, PERIOD)
    assert out.groups[0].outcome == "fail"
    assert tally.not_yet_approved == ["w1"] and tally.unused == [] and tally.findings_waived == 0


def test_as_of_moves_the_reference_date():
    w = waiver(approved="2024-04-01", expires="2024-04-10")
    _, at_end = apply_waivers([result([billing_day()])], given(w), END, PERIOD)
    _, as_of = apply_waivers([result([billing_day()])], given(w), dt.date(2024, 4, 9), PERIOD)
    assert at_end.expired == ["w1"] and as_of.applied == {"w1": 1}


def test_a_waiver_that_matches_nothing_is_unused():
    vip = waiver("vip", group={"queue": "vip"})
    other = waiver("other", requirement="asa")
    (out,), tally = apply_waivers([result([billing_day()])], given(vip, other), END, PERIOD)
    assert out.groups[0].outcome == "fail"
    assert tally.unused == ["other", "vip"] and tally.findings_waived == 0


@pytest.mark.parametrize(
    ("scope", "finding", "unit", "covered"),
    [
        ({"group": {"queue": "billing"}}, billing_day(), "day", True),
        ({"group": {"queue": "tech"}}, billing_day(), "day", False),
        ({"group": {"queue": "billing", "day": "2024-04-09"}}, billing_day(), "day", True),
        ({"group": {"queue": "billing", "day": "2024-04-10"}}, billing_day(), "day", False),
        ({"period": {"from": "2024-04-09", "to": "2024-04-09"}}, billing_day(), "day", True),
        ({"period": {"from": "2024-04-10", "to": "2024-04-12"}}, billing_day(), "day", False),
        # a scoped waiver never covers the overall figure
        ({"group": {"queue": "billing"}}, overall("fail"), "day", False),
        # the overall finding spans the audit period 04-01..04-14: covered only by a period holding it all
        ({"period": {"from": "2024-04-01", "to": "2024-04-14"}}, overall("fail"), "day", True),
        ({"period": {"from": "2024-04-02", "to": "2024-04-14"}}, overall("fail"), "day", False),
        # a month bucket is covered only when every day of the month is
        (
            {"period": {"from": "2024-04-01", "to": "2024-04-14"}},
            Finding(group={"month": "2024-04"}, outcome="fail", value=0.5, n=40),
            "month",
            False,
        ),
        (
            {"period": {"from": "2024-04-01", "to": "2024-04-30"}},
            Finding(group={"month": "2024-04"}, outcome="fail", value=0.5, n=40),
            "month",
            True,
        ),
        ({}, overall("fail"), "day", True),
    ],
)
def test_scope_by_group_and_period(scope, finding, unit, covered):
    assert covers(waiver(**scope), finding, unit, PERIOD) is covered


def test_only_failing_findings_are_waived():
    warned = Finding(group={"queue": "billing", "day": "2024-04-10"}, outcome="warn", value=0.82, n=100)
    thin = Finding(group={"queue": "billing", "day": "2024-04-11"}, outcome="insufficient-data", value=0.5, n=10)
    (out,), tally = apply_waivers([result([warned, thin])], given(waiver(group={"queue": "billing"})), END, PERIOD)
    assert [g.outcome for g in out.groups] == ["warn", "insufficient-data"]
    assert tally.unused == ["w1"]


def test_without_a_reference_date_no_waiver_is_in_force():
    (out,), tally = apply_waivers([result([billing_day()])], given(waiver()), None, None)
    assert out.groups[0].outcome == "fail" and tally.reference_date is None and tally.unused == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires": "2024-04-01"}, "before approved"),
        ({"scope": {"period": {"from": "2024-04-10", "to": "2024-04-09"}}}, "before 'from'"),
    ],
)
def test_a_waiver_with_dates_out_of_order_is_refused(change, message):
    data = {
        "id": "w",
        "requirement": "sl",
        "justification": {"en": "x"},
        "approver": "A",
        "approved": "2024-04-12",
        "expires": "2024-06-30",
        **change,
    }
    with pytest.raises(ValueError, match=message):
        Waiver.model_validate(data)


def test_a_waiver_id_given_twice_in_one_file_is_refused():
    entry = {"id": "w", "requirement": "sl", "justification": {"en": "x"}, "approver": "A"}
    entry |= {"approved": "2024-04-12", "expires": "2024-06-30"}
    with pytest.raises(ValueError, match="given twice"):
        WaiverFile.model_validate({"kind": "waivers", "id": "f", "waivers": [entry, entry]})
