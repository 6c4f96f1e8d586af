"""How many agents a queue gets per hour: Erlang C staffing, as workforce planning does it.

Why Erlang C: planners staff each queue-hour to a forecast so that the probability of waiting
longer than a threshold stays small. Actual arrivals then deviate from the forecast, so the
simulated waits are heavier in busy hours, as in a real centre.
"""

from __future__ import annotations

import math


def erlang_c(agents: int, load: float) -> float:
    """Probability that a call waits at all (M/M/N), for ``load`` in Erlangs; 1 when overloaded."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
    return agents * blocking / (agents - load * (1.0 - blocking))


def agents_needed(calls_per_hour: float, handle_seconds: float, threshold: float, risk: float) -> int:
    """Fewest agents with P(wait > ``threshold`` s) ≤ ``risk`` (at least one)."""
    load = calls_per_hour * handle_seconds / 3600.0
    agents = max(1, math.ceil(load))
    while True:
        if agents > load:
            late = erlang_c(agents, load) * math.exp(-(agents - load) * threshold / handle_seconds)
            if late <= risk:
                return agents
        agents += 1
