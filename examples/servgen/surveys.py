"""Post-call surveys: NPS 0–10, CSAT 1–5, CES 1–7, worse after long waits and from weak agents.

Why one latent mood per respondent: the three answers of a real respondent move together (a
caller who waited long scores all three worse), while each question keeps its own noise.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from servgen.scenario import Scenario

SENT_SHARE = 0.35
"""Share of answered calls that get an SMS survey."""
RESPONSE_RATE = 0.45
SKIP_EFFORT = 0.03
"""Share of respondents who leave the effort question blank."""
WAIT_PENALTY_SECONDS = 90.0
"""Each this many seconds of waiting lowers the mood by one standard deviation (up to 300 s)."""
SURVEY_QUEUE_NAMES = {
    "general": "General Service",
    "billing": "Billing",
    "tech": "Technical Support",
    "vip": "VIP",
}
SURVEY_CHANNELS = {"VOICE": "Voice", "APP": "App", "CALLBACK": "Callback"}
HEADER = (
    "ResponseID",
    "SubmittedAt",
    "InteractionID",
    "Channel",
    "AgentCode",
    "QueueName",
    "Q1_Recommend",
    "Q2_Satisfied",
    "Q3_Effort",
)


def agent_effects(scenario: Scenario, roster: dict[str, list[str]]) -> dict[str, float]:
    """Each agent's lasting effect on mood; the plan's low-NPS agent is far below the rest."""
    rng = scenario.rng("agents")
    effects = {agent: rng.gauss(0.0, 0.08) for queue in sorted(roster) for agent in roster[queue]}
    plan = scenario.breaches
    if plan and plan.low_nps_agent in effects:
        effects[plan.low_nps_agent] = plan.low_nps_effect
    return effects


def _clamp(value: float, low: int, high: int) -> int:
    return min(high, max(low, round(value)))


def survey_answers(rng: random.Random, mood: float) -> tuple[int, int, int | None]:
    """(NPS 0–10, CSAT 1–5, CES 1–7 or None) for a respondent's mood (0 = typical)."""
    nps = _clamp(9.6 + 1.3 * (mood + rng.gauss(0.0, 0.6)), 0, 10)
    csat = _clamp(4.6 + 0.75 * (mood + rng.gauss(0.0, 0.6)), 1, 5)
    ces = None if rng.random() < SKIP_EFFORT else _clamp(2.0 - 1.2 * (mood + rng.gauss(0.0, 0.6)), 1, 7)
    return nps, csat, ces


def survey_rows(
    scenario: Scenario, day: int, calls: list[tuple[str, object]], effects: dict[str, float]
) -> list[tuple[str, ...]]:
    """Responses to the day's answered calls, given as ``(call_id, SimCall)`` in arrival order."""
    rng = scenario.rng("surveys", day)
    midnight = datetime.combine(scenario.day(day), datetime.min.time())
    stamp = scenario.day(day).strftime("%Y%m%d")
    rows = []
    for call_id, call in calls:
        if call.result != "ANS" or rng.random() >= SENT_SHARE * RESPONSE_RATE:
            continue
        mood = 0.8 * rng.gauss(0.0, 1.0) + effects[call.agent] - min(call.wait, 300.0) / WAIT_PENALTY_SECONDS
        nps, csat, ces = survey_answers(rng, mood)
        ended = call.arrival + call.wait + call.talk
        submitted = midnight + timedelta(seconds=int(ended + 60.0 + rng.expovariate(1.0 / 2400.0)))
        rows.append(
            (
                f"R{stamp}{len(rows) + 1:05d}",
                submitted.strftime("%Y-%m-%dT%H:%M:%S"),
                call_id,
                SURVEY_CHANNELS[call.media],
                call.agent,
                SURVEY_QUEUE_NAMES[call.queue.name],
                str(nps),
                str(csat),
                "" if ces is None else str(ces),
            )
        )
    return rows
