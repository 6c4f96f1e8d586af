"""Complaints: a trickle from all calls, many more from callers who waited long."""

from __future__ import annotations

from datetime import datetime, timedelta

from servgen.scenario import Scenario

BASE_RATE = 0.002
LONG_WAIT_RATE = 0.04
"""Extra chance of a complaint after waiting more than LONG_WAIT seconds."""
LONG_WAIT = 90.0
CHANNELS = ("Hotline", "Hotline", "WeChat", "Email", "Web")
OTHER_CATEGORIES = ("billing error", "agent attitude", "technical fault", "product terms", "other")
HEADER = ("CaseNo", "CreatedOn", "SourceChannel", "Category", "RelatedCall")


def complaint_rows(scenario: Scenario, day: int, calls: list[tuple[str, object]]) -> list[tuple[str, ...]]:
    """Complaints raised about the day's calls (``(call_id, SimCall)``), in call order."""
    rng = scenario.rng("complaints", day)
    midnight = datetime.combine(scenario.day(day), datetime.min.time())
    stamp = scenario.day(day).strftime("%Y%m%d")
    rows = []
    for call_id, call in calls:
        long_wait = call.wait > LONG_WAIT
        chance = BASE_RATE + (LONG_WAIT_RATE if long_wait else 0.0)
        if rng.random() >= chance:
            continue
        category = "long wait" if long_wait and rng.random() < 0.8 else rng.choice(OTHER_CATEGORIES)
        after = call.arrival + call.wait + (call.talk or 0.0) + rng.expovariate(1.0 / 10800.0)
        received = midnight + timedelta(seconds=int(after))
        rows.append(
            (
                f"CMP-{stamp}-{len(rows) + 1:04d}",
                received.strftime("%d/%m/%Y %H:%M"),
                rng.choice(CHANNELS),
                category,
                call_id,
            )
        )
    return rows
