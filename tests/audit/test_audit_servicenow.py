"""ServiceNow audits and the agreement with the system's own verdict.

The agreement figures of the shipped slice and of the full part-1 log are recomputed here in plain
Python over the export (csv + gzip: the latest snapshot per incident, resolved − opened against the
goal of its priority, ``made_sla``), and must equal the report's. A made-up ``task_sla`` export is
audited with ``has_breached`` as the system's verdict (true = breached), worked out by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections import Counter
from pathlib import Path

import pytest
from audit_kit import dataset, requirement, result, standard, write_case
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.audit import AuditRequest, run_audit
from checker.model.report import Agreement
from checker.report.markdown import render_markdown

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "servicenow"
STANDARD = REPO / "standards" / "servicenow-incidents.yaml"
SHARED = REPO.parent / "shared" / "realdata" / "servicenow-incidents" / "incident_event_log_part1.csv.gz"
GOALS_H = {"1": 4, "2": 8, "3": 72, "4": 120}  # the standard's goals, in hours


def _reference(path: Path) -> dict[str, object]:
    """servcheck's verdicts and their agreement with made_sla, by a few lines of plain Python."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    latest: dict[str, dict[str, str]] = {}
    first: dict[str, dict[str, str]] = {}
    for r in records:
        n, seq = r["number"], int(r["sys_mod_count"])
        if n not in latest or seq > int(latest[n]["sys_mod_count"]):
            latest[n] = r
        if n not in first or seq < int(first[n]["sys_mod_count"]):
            first[n] = r

    def when(text: str) -> dt.datetime | None:
        return None if text == "?" else dt.datetime.strptime(text, "%d/%m/%Y %H:%M")

    instants = [t for r in latest.values() for t in (when(r["opened_at"]), when(r["resolved_at"])) if t]
    asof = max(instants)  # open clocks run to the log's last instant (no audit period given)
    matrix: Counter[tuple[str, str]] = Counter()
    reasons: Counter[str] = Counter()
    disagreeing = []
    for n, r in latest.items():
        opened, resolved = when(r["opened_at"]), when(r["resolved_at"])
        goal = dt.timedelta(hours=GOALS_H[r["priority"][0]])
        if resolved is not None:
            mine = "met" if resolved - opened <= goal else "breached"
        else:
            mine = "breached" if asof - opened > goal else "pending"
        theirs = "met" if r["made_sla"] == "true" else "breached"
        matrix[(mine, theirs)] += 1
        if mine != "pending" and mine != theirs:
            disagreeing.append(n)
            if mine == "met":
                reasons["stopped within its goal"] += 1
            else:
                reasons["stopped after its goal" if resolved else "open past its goal (no stop recorded)"] += 1
            if first[n]["priority"] != r["priority"]:
                reasons["priority changed during the incident"] += 1
            if int(r["reopen_count"]) > 0:
                reasons["reopened"] += 1
            if resolved is None and r["closed_at"] != "?":
                reasons["closed without a resolution time"] += 1
    compared = sum(c for (mine, _), c in matrix.items() if mine != "pending")
    agree = sum(c for (mine, theirs), c in matrix.items() if mine == theirs)
    return {
        "matrix": dict(matrix),
        "compared": compared,
        "agree": agree,
        "reasons": dict(reasons),
        "disagreeing": sorted(disagreeing),
    }


def _agreement(data: Path) -> Agreement:
    report = run_audit(AuditRequest(STANDARD, data))
    agreement = result(report, "resolved-within").agreement
    assert agreement is not None
    return agreement


def _check(agreement: Agreement, expected: dict[str, object]) -> None:
    assert {(c.servcheck, c.system): c.count for c in agreement.matrix} == expected["matrix"]
    assert (agreement.compared, agreement.agree) == (expected["compared"], expected["agree"])
    assert agreement.disagree == agreement.cases_total == len(expected["disagreeing"])  # type: ignore[arg-type]
    assert agreement.reasons == expected["reasons"]
    assert [c.key["incident_id"] for c in agreement.cases] == expected["disagreeing"][:50]  # type: ignore[index]


def test_the_slice_agreement_equals_an_independent_computation():
    expected = _reference(EXAMPLE / "incidents-slice.csv.gz")
    agreement = _agreement(EXAMPLE / "dataset.yaml")
    _check(agreement, expected)
    # the figure docs/agreement.md and examples/servicenow/README.md quote
    assert (agreement.agree, agreement.compared) == (380, 503)


def test_the_full_part1_agreement_equals_an_independent_computation():
    expected = _reference(SHARED)
    agreement = _agreement(EXAMPLE / "dataset-full.yaml")
    _check(agreement, expected)
    assert (agreement.agree, agreement.compared) == (3507, 4983)


def test_the_markdown_report_shows_the_agreement_section():
    report = run_audit(AuditRequest(STANDARD, EXAMPLE / "dataset.yaml"))
    text = render_markdown(report)
    assert "## Agreement with the system's own verdicts" in text
    assert "agree on **380 of 503** cases judged by both (75.5%); they disagree on 123." in text
    assert "| met | 81 | 111 | 0 |" in text and "| breached | 12 | 299 | 0 |" in text


SLA_FIELDS = {
    "task": {"column": "task", "required": True},
    "started_at": {"column": "start_time", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S%z", "required": True},
    "ended_at": {"column": "end_time", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S%z"},
    "stage": {"column": "stage"},
    "breached": {"column": "has_breached", "type": "boolean", "required": True},
    "business": {"column": "business_duration", "type": "duration", "unit": "s"},
}
SLA_RULE = {
    "id": "test.sla-within",
    "title": {"en": "SLA within 8 hours"},
    "definition": {"en": "Share of SLA records stopped within 8 hours of their start."},
    "measure": "timer",
    "table": "slas",
    "fields": ["started_at", "ended_at"],
    "unit": "percent",
    "options": {"record": {"start": "started_at", "stop": "ended_at"}, "goals": [{"within": "8h"}]},
}


def _task_sla_audit(tmp_path: Path):
    table = {
        "source": ["task_sla.csv"],
        "format": "servicenow-task-sla",
        "timezone": "Europe/London",
        "key": ["task"],
        "time": "started_at",
        "fields": SLA_FIELDS,
        "system_verdict": {
            "field": "breached",
            "true_means": "breached",
            "explain": [{"when": "stage = 'Paused'", "reason": "paused in ServiceNow"}],
        },
    }
    fixture = (REPO / "tests" / "fixtures" / "servicenow" / "task_sla.csv").read_text(encoding="utf-8")
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("within-8h", "test.sla-within", ">= 50%")),
        dataset({"slas": table}),
        {"task_sla.csv": fixture},
        rules=[SLA_RULE],
    )
    return run_audit(AuditRequest(std, data, rules=rules))


def test_a_task_sla_export_is_audited_and_has_breached_compared_as_worked_out_by_hand(tmp_path):
    report = _task_sla_audit(tmp_path)
    r = result(report, "within-8h")
    # 6 usable rows. Met: 0001 (2 h 30), 0005 (15 min), 0010 (01:30 → 07:00 UTC across the spring-forward
    # night: 5 h 30). Breached: 0002 (23 h 05), and 0003, 0004 still open at the log's last instant
    # (0010's end, 29 March 07:00 UTC), weeks past 8 hours.
    assert (r.overall.successes, r.overall.n) == (3, 6)
    a = r.agreement
    assert a is not None and a.true_means == "breached" and a.field == "breached"
    # has_breached is true only for 0002: the system says met for 0003 and 0004, which servcheck calls breached
    assert {(c.servcheck, c.system): c.count for c in a.matrix} == {
        ("met", "met"): 3,
        ("breached", "breached"): 1,
        ("breached", "met"): 2,
    }
    assert (a.compared, a.agree, a.disagree) == (6, 4, 2)
    assert [c.key["task"] for c in a.cases] == ["INC0010003", "INC0010004"]
    assert a.reasons == {"open past its goal (no stop recorded)": 2, "paused in ServiceNow": 1}
    assert a.cases[1].reasons == ["open past its goal (no stop recorded)", "paused in ServiceNow"]
    (ledger,) = report.ledger
    assert (ledger.read, ledger.used) == (10, 6)
    (rejected,) = ledger.rejected
    assert (rejected.reason, rejected.count) == ("malformed ServiceNow task_sla row", 4)
    assert rejected.examples[0].startswith("task_sla.csv line 7: duration: '3 Hrs' is not a duration")


def test_an_incident_split_across_the_export_is_rejected_as_a_duplicate_not_merged(tmp_path):
    header = "number,incident_state,sys_mod_count,made_sla,opened_at,priority,resolved_at\n"
    rows = [
        "INC1,New,0,true,1/3/2016 08:00,3 - Moderate,?",
        "INC2,New,0,true,1/3/2016 09:00,3 - Moderate,1/3/2016 10:00",
        "INC1,Resolved,1,true,1/3/2016 08:00,3 - Moderate,1/3/2016 12:00",
    ]
    fields = {
        "incident_id": {"column": "number", "required": True},
        "opened_at": {"column": "opened_at", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S", "required": True},
        "resolved_at": {"column": "resolved_at", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S"},
        "priority": {"column": "priority:code", "values": {"3": "P3"}},
        "made_sla": {"column": "made_sla", "type": "boolean"},
    }
    table = {
        "source": ["incident.csv"],
        "format": "servicenow-incident",
        "key": ["incident_id"],
        "time": "opened_at",
        "fields": fields,
        "system_verdict": {"field": "made_sla"},
    }
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("resolved", "incident.resolved-within", ">= 50%")),
        dataset({"incidents": table}),
        {"incident.csv": header + "\n".join(rows) + "\n"},
    )
    report = run_audit(AuditRequest(std, data, rules=rules))
    (ledger,) = report.ledger
    assert (ledger.read, ledger.used) == (3, 1)
    assert [(e.reason, e.count) for e in ledger.rejected] == [("duplicate key", 2)]
    a = result(report, "resolved").agreement
    assert a is not None and (a.compared, a.agree) == (1, 1)


@pytest.mark.parametrize(
    ("verdict", "message"),
    [
        ({"field": "made"}, "the system verdict field 'made' is not one of its fields"),
        ({"field": "priority"}, "the system verdict field 'priority' is text, not boolean"),
    ],
)
def test_a_system_verdict_the_table_cannot_give_is_refused_before_data(tmp_path, verdict, message):
    from checker.diagnostics import InvalidInput

    fields = {
        "incident_id": {"column": "number", "required": True},
        "opened_at": {"column": "opened_at", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S"},
        "resolved_at": {"column": "resolved_at", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S"},
        "priority": {"column": "priority:code"},
    }
    table = {
        "source": ["incident.csv"],
        "format": "servicenow-incident",
        "key": ["incident_id"],
        "time": "opened_at",
        "fields": fields,
        "system_verdict": verdict,
    }
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("resolved", "incident.resolved-within", ">= 50%")),
        dataset({"incidents": table}),
        {"incident.csv": "number,opened_at,resolved_at,priority\nINC1,1/3/2016 08:00,?,3 - Moderate\n"},
    )
    with pytest.raises(InvalidInput) as caught:
        run_audit(AuditRequest(std, data, rules=rules))
    found = [d for d in caught.value.diagnostics if d.code == "SC069"]
    assert found and message in found[0].message
    assert found[0].location.file.endswith("dataset.yaml") and found[0].location.line > 1


INCIDENT = st.tuples(
    st.sampled_from(["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]),
    st.integers(0, 6 * 24 * 60),  # opened, minutes after 1 March 2016 00:00
    st.one_of(st.none(), st.integers(0, 7 * 24 * 60)),  # resolved that many minutes later, or never
    st.booleans(),  # made_sla
    st.sampled_from(["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]),  # priority of the first snapshot
)


@settings(max_examples=12, deadline=None)
@given(st.lists(INCIDENT, min_size=1, max_size=12))
def test_agreement_on_generated_incidents_equals_the_plain_python_reference(tmp_path_factory, incidents):
    """Any export of snapshot pairs: the report's agreement is the reference's, and its counts add up."""
    base = dt.datetime(2016, 3, 1)
    header = "number,incident_state,sys_mod_count,made_sla,opened_at,priority,resolved_at,closed_at,reopen_count\n"

    def shown(moment: dt.datetime | None) -> str:
        return "?" if moment is None else f"{moment.day}/{moment.month}/{moment.year} {moment:%H:%M}"

    lines = []
    for i, (priority, opened, resolved, made, first_priority) in enumerate(incidents):
        at = base + dt.timedelta(minutes=opened)
        done = None if resolved is None else at + dt.timedelta(minutes=resolved)
        lines.append(f"INC{i:04d},New,0,true,{shown(at)},{first_priority},?,?,0")
        lines.append(f"INC{i:04d},Closed,1,{str(made).lower()},{shown(at)},{priority},{shown(done)},?,0")
    folder = tmp_path_factory.mktemp("generated")
    (folder / "incidents-slice.csv.gz").write_bytes(gzip.compress((header + "\n".join(lines) + "\n").encode()))
    (folder / "dataset.yaml").write_text((EXAMPLE / "dataset.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    expected = _reference(folder / "incidents-slice.csv.gz")
    agreement = _agreement(folder / "dataset.yaml")
    _check(agreement, expected)
    assert agreement.agree + agreement.disagree == agreement.compared
    assert sum(c.count for c in agreement.matrix) == len(incidents)
