"""As-of audits (``--as-of INSTANT``): open cases judged at the instant, later events not read,
time to breach and the at-risk list — checked against hand computation on a Monday 09:00–18:00 calendar."""

from __future__ import annotations

import csv

import pytest
from case_kit import HEADER, OFFICE, H, dataset, events_csv, rule, standard, write_case
from click.testing import CliRunner
from pydantic import ValidationError

from checker.audit import AuditRequest, run_audit
from checker.cli import cli
from checker.explain import explain
from checker.measures.timer import TimerOptions

AS_OF = "2025-09-08T10:30:00"  # Monday 10:30 UTC (the dataset's zone)
ROWS = [
    # A: P1 created Mon 09:00, resolved 12:00 (after the instant: not read) → open, 1.5 business hours run
    #    of a 1 h goal: breached although open
    ("A", "2025-09-08 09:00:00", "created", "P1"),
    ("A", "2025-09-08 12:00:00", "resolved", "P1"),
    # B: P2 created Mon 09:30, resolved 11:00 (not read) → open, 1 h of 8 business hours: pending, 7 h to
    #    breach, 12.5% used
    ("B", "2025-09-08 09:30:00", "created", "P2"),
    ("B", "2025-09-08 11:00:00", "resolved", "P2"),
    # C: P2 created Fri 12:00 → Fri 12:00–18:00 (6 h) + Mon 09:00–10:30 (1.5 h) = 7.5 h of 8: pending,
    #    0.5 h to breach, 93.75% used: at risk at the default 80%
    ("C", "2025-09-05 12:00:00", "created", "P2"),
    # D: P2 created Mon 09:00, resolved 09:45 → met
    ("D", "2025-09-08 09:00:00", "created", "P2"),
    ("D", "2025-09-08 09:45:00", "resolved", "P2"),
    # E: created after the instant → not read at all
    ("E", "2025-09-08 11:00:00", "created", "P1"),
]
OPTIONS = {
    "start": "activity = 'created'",
    "stop": "activity = 'resolved'",
    "calendar": "office",
    "goals": [{"when": "priority = 'P1'", "within": "1 business hours"}, {"within": "8 business hours"}],
}


def _files(tmp_path, **options):
    std = standard("test.timer", ">= 90%")
    the_rule = rule("timer", {**OPTIONS, **options})
    return write_case(tmp_path, dataset(calendars={"office": OFFICE}), events_csv(ROWS, HEADER), the_rule, std)


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["case"]: r for r in csv.DictReader(handle)}


def test_open_cases_are_judged_at_the_instant_and_later_events_ignored(tmp_path):
    std, data, rules = _files(tmp_path)
    out = tmp_path / "cases.csv"
    report = run_audit(AuditRequest(std, data, (rules,), as_of=AS_OF, cases=out))
    rows = _rows(out)
    assert sorted(rows) == ["A", "B", "C", "D"]  # E's only event is after the instant
    assert (rows["A"]["verdict"], rows["A"]["stop"], float(rows["A"]["business_elapsed_s"])) == (
        "breached",
        "",
        1.5 * H,
    )
    assert rows["A"]["reason"].startswith("still open and already past goal 1")
    assert (rows["B"]["verdict"], float(rows["B"]["time_to_breach_s"]), float(rows["B"]["goal_used"])) == (
        "pending",
        7 * H,
        0.125,
    )
    assert rows["B"]["at_risk"] == "false"
    assert (rows["C"]["verdict"], float(rows["C"]["time_to_breach_s"]), rows["C"]["at_risk"]) == (
        "pending",
        0.5 * H,
        "true",
    )
    assert float(rows["C"]["goal_used"]) == 7.5 / 8
    assert rows["D"]["verdict"] == "met"
    (req,) = report.clauses[0].requirements
    # judged: A breached, D met; B and C pending are not in the base (never counted as met)
    assert (req.overall.n, req.overall.exact) == (2, "1/2")
    assert req.overall.counts == {"open (breached)": 1, "open (pending)": 2}
    note = next(n for n in req.notes if n.startswith("as of "))
    assert note.startswith(
        "as of 2025-09-08 10:30:00 UTC (events after this instant are ignored): 2 open case(s) pending, "
        "1 at risk (past 80% of their goal)"
    )
    assert note.endswith("time to breach: C 0h30m to breach (94% used, at risk), B 7h00m to breach")
    assert report.parameters["as_of"] == "2025-09-08T10:30:00Z"


def test_without_as_of_the_same_log_judges_b_met(tmp_path):
    """The contrast: read to its end, B is resolved after 1.5 h (met) — the as-of audit said pending, not met."""
    std, data, rules = _files(tmp_path)
    out = tmp_path / "cases.csv"
    run_audit(AuditRequest(std, data, (rules,), cases=out))
    rows = _rows(out)
    assert (rows["B"]["verdict"], rows["E"]["verdict"]) == ("met", "pending")


def test_the_at_risk_share_is_an_option(tmp_path):
    std, data, rules = _files(tmp_path, at_risk="95%")
    out = tmp_path / "cases.csv"
    run_audit(AuditRequest(std, data, (rules,), as_of=AS_OF, cases=out))
    assert _rows(out)["C"]["at_risk"] == "false"  # 93.75% < 95%


def test_an_instant_with_an_offset_is_the_same_instant(tmp_path):
    std, data, rules = _files(tmp_path)
    runner = CliRunner()
    outputs = []
    for instant in (AS_OF, "2025-09-08T12:30:00+02:00"):
        path = tmp_path / f"{len(outputs)}.csv"
        args = [
            "audit",
            "--lang",
            "en",
            str(std),
            "--data",
            str(data),
            "--rules",
            str(rules),
            "--as-of",
            instant,
            "--cases",
            str(path),
        ]
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output  # A is breached: a nonconformity
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
    bad = runner.invoke(cli, ["audit", "--lang", "en", str(std), "--data", str(data), "--as-of", "next tuesday"])
    assert bad.exit_code == 2 and "--as-of" in bad.output


def test_explain_case_as_of_prints_time_to_breach(tmp_path):
    std, data, rules = _files(tmp_path)
    out = explain(std, data, "req", "C", rules=(rules,), as_of=AS_OF)
    text = out.text()
    assert "events after this instant are ignored" in text
    assert "verdict: pending — open, not yet past goal 2 (default): 8 business hours" in text
    assert "time to breach: 0h30m (business); 94% of the goal used, at risk" in text


def test_the_at_risk_share_defaults_to_80_percent_and_must_be_a_share():
    assert TimerOptions(start="a = 1", stop="a = 2").at_risk_share == 0.8
    for bad in ("120%", "0%", "0.8"):
        with pytest.raises(ValidationError):
            TimerOptions(start="a = 1", stop="a = 2", at_risk=bad)
