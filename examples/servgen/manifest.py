"""The breach manifest: what was injected on purpose, where, and which requirement it must break.

Why generated from the plan: the manifest can never drift from the data it describes; the tests
then recompute each figure from the CSV files with plain Python and check the claim.
"""

from __future__ import annotations

from typing import Any

import yaml

from servgen.assessments import ASSESSMENT_DAY
from servgen.scenario import TIMEZONE, Scenario


def breach_manifest(scenario: Scenario) -> dict[str, Any]:
    """The manifest as plain data (empty ``breaches`` when the scenario injects none)."""
    plan = scenario.breaches
    manifest: dict[str, Any] = {
        "dataset": "example.contact-centre",
        "generator": {
            "command": (
                f"python examples/generate.py --out DIR --seed {scenario.seed}"
                f" --start {scenario.start.isoformat()} --days {scenario.days}"
                f" --calls-per-day {scenario.calls_per_day}"
            ),
            "seed": scenario.seed,
        },
        "timezone": TIMEZONE,
        "period": {
            "from": scenario.start.isoformat(),
            "to": scenario.day(scenario.days - 1).isoformat(),
        },
        "breaches": [],
        "expected_on_realistic_data": [
            {
                "requirement": "every answered call answered within 3 rings (15 s)",
                "outcome": "fail",
                "why": "a few answered calls wait longer than 15 s in busy hours of every queue",
            },
        ],
    }
    if plan is None:
        return manifest
    day = scenario.day(scenario.clamp_day(plan.understaffed_day)).isoformat()
    outage_day = scenario.day(scenario.clamp_day(plan.outage_day))
    start_h, start_m = divmod(plan.outage_start_minute, 60)
    manifest["breaches"] = [
        {
            "id": "understaffed-queue-day",
            "what": f"queue {plan.understaffed_queue} staffed at {plan.staffing_factor:.0%} of plan all day",
            "where": {"table": "calls", "queue": plan.understaffed_queue, "day": day},
            "breaks": [
                {
                    "requirement": "service level: answered within 20 s ≥ 80% of offered "
                    "(abandons < 5 s excluded, abandons count against), per queue and day",
                    "group": {"queue": plan.understaffed_queue, "day": day},
                },
                {
                    "requirement": "ASA (mean wait of answered calls) ≤ 30 s",
                    "group": {"queue": plan.understaffed_queue, "day": day},
                    "note": "breaks when ASA is grouped per queue and day; over the whole period "
                    f"{plan.understaffed_queue}'s ASA stays well under 30 s",
                },
            ],
            "side_effects": [
                f"abandonment > 5% and fewer than 96% of answered calls by the 2nd ring for "
                f"{plan.understaffed_queue} on {day} (per queue and day); per queue over the whole "
                "period both still pass",
                "more 'long wait' complaints and lower survey scores for that queue and day",
            ],
        },
        {
            "id": "low-nps-agent",
            "what": f"agent {plan.low_nps_agent}'s callers are far less satisfied than others'",
            "where": {"table": "surveys", "agent": plan.low_nps_agent},
            "breaks": [
                {
                    "requirement": "NPS ≥ 40 per agent (min sample 30)",
                    "group": {"agent": plan.low_nps_agent},
                }
            ],
            "side_effects": ["overall NPS, CSAT and CES still pass"],
        },
        {
            "id": "long-outage",
            "what": f"{plan.outage_service} down {plan.outage_minutes} min from "
            f"{outage_day.isoformat()} {start_h:02d}:{start_m:02d}",
            "where": {
                "table": "outages",
                "service": plan.outage_service,
                "month": outage_day.strftime("%Y-%m"),
            },
            "breaks": [
                {
                    "requirement": "availability ≥ 99.9% per month per service",
                    "group": {
                        "service": plan.outage_service,
                        "month": outage_day.strftime("%Y-%m"),
                    },
                }
            ],
            "side_effects": ["planned maintenance rows (Type PLANNED) are excluded by the mapping"],
        },
        {
            "id": "weak-element",
            "what": f"both assessors score {plan.weak_element} {plan.weak_score} of 5",
            "where": {
                "table": "assessments",
                "element": plan.weak_element,
                "day": scenario.day(scenario.clamp_day(ASSESSMENT_DAY)).isoformat(),
            },
            "breaks": [
                {
                    "requirement": "every ISO 23592 element scores ≥ 3 of 5 (mean per element)",
                    "group": {"element": plan.weak_element},
                }
            ],
        },
    ]
    return manifest


def manifest_text(scenario: Scenario) -> str:
    """The manifest as YAML, with a header saying it is generated."""
    body = yaml.safe_dump(breach_manifest(scenario), sort_keys=False, allow_unicode=True, width=100)
    return "# Injected nonconformities in the example data.\n# Generated by examples/generate.py; do not edit.\n" + body
