"""Calls: a FIFO multi-agent queue with impatient callers, simulated per queue and day.

Why simulate rather than draw waits independently: in a real queue, waits are driven by load —
they pile up in busy hours and on understaffed days, callers whose patience runs out abandon,
and abandoning frees nobody. Each call takes the agent who has been idle longest; an agent whose
shift has ended takes no new call. The simulation is exact for this model and costs a few heap
operations per call.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass

from servgen.arrivals import arrival_seconds, hourly_means, poisson
from servgen.scenario import QUEUES, QueueSpec, Scenario
from servgen.staffing import agents_needed

WRAP_MIN, WRAP_RANGE = 10.0, 30.0
"""After-call work in seconds: uniform on [WRAP_MIN, WRAP_MIN + WRAP_RANGE]."""
PICKUP_MIN, PICKUP_RANGE = 1.0, 3.0
"""Ringing at the agent's set before the answer, in seconds."""
MAX_QUEUE_SECONDS = 300.0
"""After this long in queue a caller is offered voicemail (result code ``VM``)."""
PLAN_THRESHOLD, PLAN_RISK = 6.0, 0.015
"""Planners staff so that P(queue delay > 6 s) ≤ 1.5% at the forecast."""
MEDIA = (("VOICE", 0.82), ("APP", 0.13), ("CALLBACK", 0.05))
NEVER = math.inf


@dataclass(frozen=True, slots=True)
class SimCall:
    """One simulated call before it is written in the source system's layout."""

    arrival: float
    queue: QueueSpec
    media: str
    result: str
    wait: float
    agent: str | None
    talk: float | None


def handle_seconds(spec: QueueSpec) -> float:
    """Mean handle time (talk + wrap) the planners staff for."""
    return spec.talk_median * math.exp(spec.talk_sigma**2 / 2) + WRAP_MIN + WRAP_RANGE / 2


def staffing_plan(scenario: Scenario, spec: QueueSpec, weekday: int) -> list[tuple[int, int]]:
    """``(hour, agents)`` planned for a queue on a day of week, from the forecast."""
    aht = handle_seconds(spec)
    return [
        (hour, agents_needed(mean * spec.share, aht, PLAN_THRESHOLD, PLAN_RISK))
        for hour, mean in hourly_means(scenario.calls_per_day, weekday)
    ]


def _joins(plan: list[tuple[int, int]]) -> int:
    joined, current = 0, 0
    for _, agents in plan:
        joined += max(0, agents - current)
        current = agents
    return joined


def agent_roster(scenario: Scenario) -> dict[str, list[str]]:
    """Agent ids per queue (like ``SH1007``), enough for every shift start of the busiest day."""
    roster = {}
    for number, spec in enumerate(QUEUES, start=1):
        needed = max(_joins(staffing_plan(scenario, spec, weekday)) for weekday in (0, 5))
        size = max(spec.min_agents, needed)
        roster[spec.name] = [f"SH{number}{k:03d}" for k in range(1, size + 1)]
    return roster


def agent_site(agent: str) -> str:
    """Agents sit in two Shanghai sites; the site follows from the agent."""
    return "SH-XUHUI" if int(agent[3:]) % 3 == 0 else "SH-PUDONG"


def _shifts(rng: random.Random, plan: list[tuple[int, int]], pool: list[str]) -> list[tuple[float, str, float]]:
    """``(join, agent, leave)`` intervals realising the hourly plan; the last shifts never end."""
    unused = list(pool)
    on: dict[str, float] = {}
    done: list[tuple[float, str, float]] = []
    for hour, target in plan:
        at = hour * 3600.0
        if target < len(on):
            for agent in rng.sample(sorted(on), len(on) - target):
                done.append((on.pop(agent), agent, at))
        while len(on) < target:
            if not unused:
                unused = sorted(set(pool) - set(on))
            agent = unused.pop(rng.randrange(len(unused)))
            on[agent] = at
    done.extend((join, agent, NEVER) for agent, join in on.items())
    return sorted(done)


def _pick_media(rng: random.Random) -> str:
    draw = rng.random()
    for code, share in MEDIA:
        if draw < share:
            return code
        draw -= share
    return MEDIA[0][0]


def simulate_queue_day(
    rng: random.Random,
    scenario: Scenario,
    spec: QueueSpec,
    weekday: int,
    pool: list[str],
    understaffed: float,
) -> list[SimCall]:
    """All calls offered to one queue on one day, in arrival order."""
    plan = staffing_plan(scenario, spec, weekday)
    if understaffed < 1.0:
        plan = [(hour, max(1, round(agents * understaffed))) for hour, agents in plan]
    day_factor = rng.gauss(1.0, 0.05)
    arrivals = []
    for hour, mean in hourly_means(scenario.calls_per_day, weekday):
        actual = mean * spec.share * day_factor * rng.gauss(1.0, 0.08)
        arrivals.extend(arrival_seconds(rng, hour, poisson(rng, actual)))
    free = [(join, order, agent, leave) for order, (join, agent, leave) in enumerate(_shifts(rng, plan, pool))]
    heapq.heapify(free)
    order = len(free)
    mu = math.log(spec.talk_median)
    calls = []
    for arrival in arrivals:
        while True:
            free_at, _, agent, leave = free[0]
            if max(arrival, free_at) < leave:
                break
            heapq.heappop(free)
        pickup = PICKUP_MIN + rng.random() * PICKUP_RANGE
        wait = max(arrival, free_at) - arrival + pickup
        patience = rng.expovariate(1.0 / spec.patience_mean)
        media = _pick_media(rng)
        if wait > MAX_QUEUE_SECONDS and patience > MAX_QUEUE_SECONDS:
            calls.append(SimCall(arrival, spec, media, "VM", MAX_QUEUE_SECONDS, None, None))
        elif patience < wait:
            calls.append(SimCall(arrival, spec, media, "ABN", patience, None, None))
        else:
            talk = rng.lognormvariate(mu, spec.talk_sigma)
            wrap = WRAP_MIN + rng.random() * WRAP_RANGE
            order += 1
            heapq.heapreplace(free, (arrival + wait + talk + wrap, order, agent, leave))
            calls.append(SimCall(arrival, spec, media, "ANS", wait, agent, talk))
    return calls


def simulate_day(scenario: Scenario, day: int, roster: dict[str, list[str]]) -> list[SimCall]:
    """Every queue's calls on day ``day`` (an offset from the start), merged in arrival order."""
    weekday = scenario.day(day).weekday()
    plan = scenario.breaches
    calls: list[SimCall] = []
    for spec in QUEUES:
        rng = scenario.rng(f"calls.{spec.name}", day)
        factor = 1.0
        if plan and spec.name == plan.understaffed_queue and day == scenario.clamp_day(plan.understaffed_day):
            factor = plan.staffing_factor
        calls.extend(simulate_queue_day(rng, scenario, spec, weekday, roster[spec.name], factor))
    calls.sort(key=lambda call: (call.arrival, call.queue.code))
    return calls
