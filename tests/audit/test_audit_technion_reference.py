"""Real calls (Technion bank slice): the engine's figures equal the independent ``reference.py``.

The reference defines service level and abandonment on *offered* calls (PHANTOM calls stay in the
base); the shipped contact rules leave calls that were neither answered nor abandoned out of the
base. Both are checked: the test rules below spell the reference's definitions, and the shipped
rules are compared with the reference applied to answered and abandoned calls only.
"""

from __future__ import annotations

import importlib.util
import sys
from fractions import Fraction

import pytest
from audit_kit import REPO, finding, requirement, result, rule, standard, write_case

FIXTURE = REPO / "tests" / "fixtures" / "technion"
EXAMPLE = REPO / "examples" / "technion-bank"


def _load_reference():
    spec = importlib.util.spec_from_file_location("technion_reference", FIXTURE / "reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ref = _load_reference()

RULES = [
    rule(
        "test.sl-offered",
        "share",
        "calls",
        ["outcome", "wait"],
        "percent",
        options={"condition": "outcome = 'answered' and wait <= :threshold"},
        parameters={"threshold": {"type": "duration", "description": {"en": "answer within"}}},
    ),
    rule(
        "test.abandon-offered",
        "rate",
        "calls",
        ["outcome", "wait"],
        "percent",
        options={
            "denominator": "not (outcome = 'abandoned' and wait < :short_abandon)",
            "numerator": "outcome = 'abandoned'",
        },
        parameters={"short_abandon": {"type": "duration", "description": {"en": "short abandons"}}},
    ),
]

REQUIREMENTS = [
    requirement("sl-20", "test.sl-offered", ">= 80%", params={"threshold": "20s"}, period="day"),
    requirement("abandon-5", "test.abandon-offered", "<= 5%", params={"short_abandon": "5s"}, period="day"),
    requirement("asa", "contact.asa", "<= 30s", period="day"),
    requirement(
        "shipped-sl",
        "contact.service-level",
        ">= 80%",
        params={"threshold": "20s", "abandon_policy": "negative", "short_abandon": "5s"},
    ),
    requirement("shipped-abandon", "contact.abandonment-rate", "<= 5%", params={"short_abandon": "5s"}),
]


@pytest.fixture(scope="module")
def technion(tmp_path_factory, ledger_conserved):
    from checker.audit import AuditRequest, run_audit

    root = tmp_path_factory.mktemp("technion")
    # the fixture's own mapping is used; write_case's dataset file in ``root`` is a placeholder
    std_path, _, rule_paths = write_case(root, standard(*REQUIREMENTS), {"kind": "dataset"}, {}, rules=RULES)
    report = run_audit(AuditRequest(std_path, EXAMPLE / "dataset.yaml", rule_paths))
    ledger_conserved(report, EXAMPLE)
    return report


@pytest.fixture(scope="module")
def calls():
    return ref.load_calls()


def _days(calls):
    return ref.grouped(calls, lambda c: c.day)


def test_service_level_20s_of_offered(technion, calls):
    offered, _ = calls
    res = result(technion, "sl-20")
    assert Fraction(res.overall.exact) == ref.service_level(offered, 20) == Fraction(181, 1901)
    for day, rows in _days(offered).items():
        assert Fraction(finding(res, day=day).exact) == ref.service_level(rows, 20), day
    assert res.outcome == "fail"


def test_abandonment_rate_excluding_short_abandons(technion, calls):
    offered, _ = calls
    res = result(technion, "abandon-5")
    assert Fraction(res.overall.exact) == ref.abandonment_rate(offered, short_abandon=5) == Fraction(478, 1880)
    for day, rows in _days(offered).items():
        assert Fraction(finding(res, day=day).exact) == ref.abandonment_rate(rows, short_abandon=5), day


def test_asa(technion, calls):
    offered, _ = calls
    res = result(technion, "asa")
    assert res.overall.value == pytest.approx(float(ref.asa(offered)), rel=1e-12)
    assert res.overall.value == pytest.approx(172065 / 1375, rel=1e-12)
    for day, rows in _days(offered).items():
        assert finding(res, day=day).value == pytest.approx(float(ref.asa(rows)), rel=1e-12), day


def test_shipped_rules_leave_other_outcomes_out(technion, calls):
    offered, _ = calls
    answered_or_abandoned = [c for c in offered if c.outcome in ("answered", "abandoned")]
    assert Fraction(result(technion, "shipped-sl").overall.exact) == ref.service_level(
        answered_or_abandoned, 20, short_abandon=5
    )
    assert Fraction(result(technion, "shipped-abandon").overall.exact) == ref.abandonment_rate(
        answered_or_abandoned, short_abandon=5
    )


def test_never_queued_rows_are_excluded_by_reason(technion, calls):
    _, never_queued = calls
    (ledger,) = technion.ledger
    assert [(r.reason, r.count) for r in ledger.excluded] == [
        ("never queued: served or dropped in the IVR", never_queued)
    ]
    assert ledger.used == 1901 and ledger.rejected == []
