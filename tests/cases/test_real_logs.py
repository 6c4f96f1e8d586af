"""The real help-desk log and NYC 311 requests audit end to end; figures recomputed here in plain Python.

The reference computations below read the CSV files with the ``csv`` module and ``zoneinfo``,
independently of DuckDB and of the measure code, following the rules as documented.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from checker.audit import AuditRequest, run_audit

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared" / "realdata"
NY = ZoneInfo("America/New_York")
NYC_FORMAT = "%m/%d/%Y %I:%M:%S %p"


def _utc(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return local.replace(tzinfo=zone).astimezone(dt.UTC).replace(tzinfo=None)


def _requirement(report, req_id):
    return next(r for c in report.clauses for r in c.requirements if r.id == req_id)


def nyc_reference(path: Path) -> tuple[int, int, int]:
    """(rejected closed-before-created rows, judged requests, requests closed by their due date)."""
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    parse = lambda text: dt.datetime.strptime(text, NYC_FORMAT) if text else None  # noqa: E731
    used, rejected = [], 0
    for row in rows:
        created, closed, due = parse(row["Created Date"]), parse(row["Closed Date"]), parse(row["Due Date"])
        if closed is not None and closed < created:
            rejected += 1
            continue
        used.append((created, closed, due))
    last_day = max(c for c, _, _ in used).date()
    period_end = _utc(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time()), NY)
    last_instant = max(_utc(t, NY) for created, closed, _ in used for t in (created, closed) if t is not None)
    asof = min(period_end, last_instant)
    judged = met = 0
    for _created, closed, due in used:
        if due is None:
            continue  # no due date: not judged
        due_utc = _utc(due, NY)
        if closed is not None:
            judged += 1
            met += _utc(closed, NY) <= due_utc
        elif asof > due_utc:
            judged += 1  # still open and past its due date: breached
    return rejected, judged, met


def test_nyc311_slice_due_dates_and_rejected_rows(tmp_path):
    report = run_audit(AuditRequest(REPO / "standards/field-repair.yaml", EXAMPLES / "nyc311/dataset.yaml"))
    rejected, judged, met = nyc_reference(EXAMPLES / "nyc311/311-slice.csv")
    assert rejected == 10  # the real rows closed before they were created
    ledger = report.ledger[0]
    assert (ledger.read, ledger.used) == (70, 60)
    assert [(r.reason, r.count) for r in ledger.rejected] == [("negative duration in time_to_close", 10)]
    due = _requirement(report, "closed-by-due-date").overall
    assert (due.n, due.successes) == (judged, met)
    # the requirements on the repair event log have no table here
    assert _requirement(report, "same-day-repair").outcome == "not-applicable"


ORDER = ["created", "assigned", "in-progress", "waiting", "escalated", "resolved", "closed", "reopened", "cancelled"]


def helpdesk_reference(path: Path, mapping: dict[str, str], window: dt.timedelta) -> tuple[int, int]:
    """Closure follow-up: first resolution → first closure after it within ``window`` (judged, met)."""
    cases: dict[str, list[tuple[dt.datetime, int, int, str]]] = {}
    for i, row in enumerate(csv.DictReader(path.open(newline="", encoding="utf-8"))):
        at = dt.datetime.fromisoformat(row["time:timestamp"]).astimezone(dt.UTC).replace(tzinfo=None)
        activity = mapping[row["concept:name"]]
        cases.setdefault(row["case:concept:name"], []).append((at, ORDER.index(activity), i, activity))
    rome = ZoneInfo("Europe/Rome")
    all_events = [e for events in cases.values() for e in events]
    last_local_day = max(_utc_to_local(e[0], rome) for e in all_events).date()
    period_end = _utc(dt.datetime.combine(last_local_day + dt.timedelta(days=1), dt.time()), rome)
    asof = min(period_end, max(e[0] for e in all_events))
    judged = met = 0
    for events in cases.values():
        events.sort()
        resolved = next((k for k, e in enumerate(events) if e[3] == "resolved"), None)
        if resolved is None:
            continue
        closed = next((e for e in events[resolved + 1 :] if e[3] == "closed"), None)
        start = events[resolved][0]
        if closed is not None:
            judged += 1
            met += closed[0] - start <= window
        elif asof - start > window:
            judged += 1
    return judged, met


def _utc_to_local(at: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC).astimezone(zone)


def test_helpdesk_slice_audits_end_to_end():
    dataset = EXAMPLES / "helpdesk/dataset.yaml"
    report = run_audit(AuditRequest(REPO / "standards/service-desk.yaml", dataset))
    mapping = yaml.safe_load(dataset.read_text(encoding="utf-8"))["tables"]["tickets"]["fields"]["activity"]["values"]
    judged, met = helpdesk_reference(EXAMPLES / "helpdesk/Helpdesk-slice.csv", mapping, dt.timedelta(days=20))
    closure = _requirement(report, "closed-after-resolution").overall
    assert (closure.n, closure.successes) == (judged, met)
    assert judged > 30  # most of the 40 tickets were resolved
    ledger = report.ledger[0]
    assert (ledger.read, ledger.used, ledger.rejected) == (196, 196, [])
    # 40 tickets, no priority recorded: every ticket takes the default goal (3 business days)
    first = _requirement(report, "first-response")
    assert any("goal 3 (default): 3 business days" in note for note in first.notes)
    assert first.overall.n + first.overall.counts["open (pending)"] <= 40
    # no support level is recorded: the escalation path cannot be judged
    assert _requirement(report, "escalation-path").outcome == "insufficient-data"


def test_nyc311_full_export_from_the_full_mapping():
    report = run_audit(AuditRequest(REPO / "standards/field-repair.yaml", REPO / "examples/nyc311/dataset-full.yaml"))
    rejected, judged, met = nyc_reference(SHARED / "nyc311/311_Service_Requests.csv")
    ledger = report.ledger[0]
    assert (ledger.read, ledger.used) == (1000, 1000 - rejected)
    assert [(r.reason, r.count) for r in ledger.rejected] == [("negative duration in time_to_close", rejected)]
    due = _requirement(report, "closed-by-due-date").overall
    assert (due.n, due.successes) == (judged, met)
