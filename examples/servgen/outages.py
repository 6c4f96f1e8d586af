"""Outages per service: a few short unplanned incidents a month, a planned window, and the breach.

Why cap the routine minutes: availability of 99.9% allows about 43 minutes a month (20 over a
fortnight); routine noise must never be what breaks it, only the declared breach.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from servgen.arrivals import poisson
from servgen.scenario import SERVICES, Scenario

ROUTINE_MINUTES_CAP = 12
PLANNED_MINUTES = 10
HEADER = ("IncidentID", "System", "Type", "DownFrom", "DownTo", "Summary")
_FORMAT = "%Y-%m-%d %H:%M"


def _months(scenario: Scenario) -> list[list[date]]:
    """The scenario's days grouped by calendar month."""
    months: dict[tuple[int, int], list[date]] = {}
    for index in range(scenario.days):
        day = scenario.day(index)
        months.setdefault((day.year, day.month), []).append(day)
    return [months[key] for key in sorted(months)]


def outage_rows(scenario: Scenario) -> list[tuple[str, ...]]:
    """All outages of the scenario, sorted by start, numbered in that order."""
    rng = scenario.rng("outages")
    found: list[tuple[datetime, str, str, datetime, str]] = []
    for days in _months(scenario):
        for service in SERVICES:
            budget = ROUTINE_MINUTES_CAP
            for _ in range(poisson(rng, 1.5)):
                minutes = rng.randint(1, 5)
                if minutes > budget:
                    break
                budget -= minutes
                start = datetime.combine(rng.choice(days), datetime.min.time()) + timedelta(
                    minutes=rng.randrange(24 * 60 - minutes)
                )
                found.append(
                    (
                        start,
                        service,
                        "UNPLANNED",
                        start + timedelta(minutes=minutes),
                        "service degraded",
                    )
                )
            sundays = [day for day in days if day.weekday() == 6]
            if sundays:
                start = datetime.combine(sundays[0], datetime.min.time()) + timedelta(hours=2)
                end = start + timedelta(minutes=PLANNED_MINUTES)
                found.append((start, service, "PLANNED", end, "announced maintenance window"))
    plan = scenario.breaches
    if plan:
        day = scenario.day(scenario.clamp_day(plan.outage_day))
        start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=plan.outage_start_minute)
        end = start + timedelta(minutes=plan.outage_minutes)
        found.append(
            (
                start,
                plan.outage_service,
                "UNPLANNED",
                end,
                "database failover failed; manual recovery",
            )
        )
    found.sort()
    return [
        (f"INC-{index:05d}", service, kind, start.strftime(_FORMAT), end.strftime(_FORMAT), summary)
        for index, (start, service, kind, end, summary) in enumerate(found, start=1)
    ]
