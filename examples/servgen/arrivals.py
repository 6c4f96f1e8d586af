"""When calls arrive: an hour-of-day profile (two weekday peaks, low flat weekends), Poisson counts.

Why uniform times inside an hour: given a Poisson count, the arrival instants of a Poisson process
are independent and uniform over the interval, so count-then-scatter is exact and cheap.
"""

from __future__ import annotations

import math
import random

OPEN_HOUR = 7
"""First hour with traffic; the last is 22:00–23:00."""

WEEKDAY_PROFILE = (1.5, 4.0, 8.0, 10.0, 9.0, 6.0, 6.5, 8.5, 9.5, 8.5, 6.0, 4.0, 3.5, 3.0, 2.0, 1.0)
WEEKEND_PROFILE = (1.0, 2.5, 5.0, 6.5, 7.0, 6.5, 6.5, 6.5, 6.0, 5.0, 4.0, 3.5, 3.0, 2.5, 1.5, 1.0)
WEEKEND_VOLUME = 0.45
"""Weekend days carry this fraction of a weekday's calls."""


def hourly_means(calls_per_day: float, weekday: int) -> list[tuple[int, float]]:
    """Expected calls per hour as ``(hour, mean)`` for a day of week (0 = Monday)."""
    weekend = weekday >= 5
    profile = WEEKEND_PROFILE if weekend else WEEKDAY_PROFILE
    volume = calls_per_day * (WEEKEND_VOLUME if weekend else 1.0)
    total = sum(profile)
    return [(OPEN_HOUR + i, volume * w / total) for i, w in enumerate(profile)]


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw: Knuth's product method for small means, a normal approximation above 50."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    count, product = 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def arrival_seconds(rng: random.Random, hour: int, count: int) -> list[float]:
    """``count`` sorted arrival instants (seconds after midnight) inside ``hour``."""
    start = hour * 3600.0
    return sorted(start + rng.random() * 3600.0 for _ in range(count))
