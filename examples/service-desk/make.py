"""Write the service-desk and field-repair example logs with breaches known by construction.

Run ``python examples/service-desk/make.py`` from the repository root; it is deterministic (no
randomness): every ordinary case meets every goal with room to spare, and each injected breach
is listed in the folder's ``breaches.yaml`` with why it breaches, so tests can compare the
audit's evidence with the list.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPAIR = HERE.parent / "field-repair"
FIRST_DAY = dt.date(2026, 4, 6)  # a Monday


def working_days(first: dt.date, count: int) -> list[dt.date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def tickets() -> tuple[list[list[str]], dict[str, list[dict[str, str]]]]:
    rows: list[list[str]] = []
    breaches: dict[str, list[dict[str, str]]] = {}

    level: dict[str, str] = {}  # each event carries the ticket's support level at that moment

    def add(ticket: str, when: dt.datetime, event: str, priority: str, new_level: str | None = None) -> None:
        level[ticket] = new_level or level.get(ticket, "L1")
        rows.append([ticket, when.strftime("%Y-%m-%d %H:%M"), event, priority, level[ticket]])

    def breach(requirement: str, ticket: str, why: str) -> None:
        breaches.setdefault(requirement, []).append({"case": ticket, "why": why})

    days = working_days(FIRST_DAY, 15)
    for i in range(60):
        ticket, day, priority = f"SD{i + 1:03d}", days[i % 15], ("P1", "P2", "P3")[i % 3]
        created = at(day, 9 + i % 5)
        add(ticket, created, "created", priority)
        response = created + dt.timedelta(minutes=20)
        if i in (3, 6, 9, 12, 15, 18, 21):  # P1 tickets answered after 90 min: over 1 business hour
            response = created + dt.timedelta(minutes=90)
            breach("first-response", ticket, "P1 taken in charge after 1.5 business hours (goal 1)")
        add(ticket, response, "assigned", priority)
        resolved = created + dt.timedelta(hours=2)
        if i == 10:  # an escalation that skips L2
            add(ticket, response + dt.timedelta(minutes=10), "escalated", priority, "L3")
            breach("escalation-path", ticket, "escalated from L1 straight to L3")
        elif i % 7 == 0:
            add(ticket, response + dt.timedelta(minutes=10), "escalated", priority, "L2")
        if i == 20:  # closed before it was resolved
            add(ticket, created + dt.timedelta(minutes=50), "closed", priority)
            breach("resolved-before-closed", ticket, "closed 70 minutes before its resolution")
        if i in (5, 17):  # P3 resolved after 12 business days (goal 10)
            resolved = at(working_days(day, 13)[-1], created.hour)
            breach("resolution", ticket, "resolved 12 business days after creation (goal 10)")
        add(ticket, resolved, "resolved", priority)
        if i != 20:  # (the event order puts the closure after the resolution)
            add(ticket, resolved + dt.timedelta(days=1), "closed", priority)
        if i % 10 == 4:  # complaints, followed up after 24 h — except one after 50 h
            complaint = created + dt.timedelta(minutes=30)
            add(ticket, complaint, "complaint", priority)
            late = i == 24
            add(ticket, complaint + dt.timedelta(hours=50 if late else 24), "follow-up", priority)
            if late:
                breach("complaint-follow-up", ticket, "follow-up contact 50 hours after the complaint (goal 48)")
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows, breaches


def repairs() -> tuple[list[list[str]], dict[str, list[dict[str, str]]]]:
    rows: list[list[str]] = []
    breaches: dict[str, list[dict[str, str]]] = {}
    days = working_days(FIRST_DAY, 10)

    def add(repair: str, when: dt.datetime, event: str, severity: str) -> None:
        rows.append([repair, when.strftime("%Y/%m/%d %H:%M:%S"), event, severity])

    for i in range(40):
        repair, day = f"R{i + 1:03d}", days[i % 10]
        severity = "critical" if i % 4 == 0 else "normal"
        reported = at(day, 8 + i % 6, 30)  # 08:30 … 13:30 local
        add(repair, reported, "reported", severity)
        add(repair, reported + dt.timedelta(minutes=30), "dispatched", severity)
        resolved = reported + dt.timedelta(hours=3)
        if i == 8:  # critical, waits 2 days for access (paused), then fixed: within 48 h of running time
            add(repair, reported + dt.timedelta(hours=1), "awaiting-access", severity)
            add(repair, reported + dt.timedelta(hours=49), "on-site", severity)
            resolved = reported + dt.timedelta(hours=50)
            for req in ("same-day-repair", "next-day-16"):
                breaches.setdefault(req, []).append({"case": repair, "why": "resolved two days later (access wait)"})
        if i == 12:  # critical, resolved after 50 running hours
            resolved = reported + dt.timedelta(hours=50)
            breaches.setdefault("critical-48h", []).append({"case": repair, "why": "critical, 50 h of running time"})
            for req in ("same-day-repair", "next-day-16"):
                breaches.setdefault(req, []).append({"case": repair, "why": "resolved 50 hours after the report"})
        if i in (3, 7, 11):  # resolved the next morning at 09:00: misses same day, meets next day 16:00
            resolved = at(days[i % 10 + 1], 9)
            breaches.setdefault("same-day-repair", []).append({"case": repair, "why": "resolved the next morning"})
        add(repair, resolved, "resolved", severity)
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows, breaches


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def manifest(path: Path, breaches: dict[str, list[dict[str, str]]], note: str) -> None:
    data = {"note": note, "breaches": {k: sorted(v, key=lambda b: b["case"]) for k, v in sorted(breaches.items())}}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def main() -> None:
    rows, breaches = tickets()
    write(HERE / "tickets.csv", ["TicketID", "Timestamp", "Event", "Priority", "Level"], rows)
    manifest(HERE / "breaches.yaml", breaches, "Cases that breach each requirement of standards/service-desk.yaml.")
    rows, breaches = repairs()
    write(REPAIR / "repairs.csv", ["RepairNo", "EventTime", "Event", "Severity"], rows)
    manifest(REPAIR / "breaches.yaml", breaches, "Cases that breach each requirement of standards/field-repair.yaml.")


if __name__ == "__main__":
    main()
