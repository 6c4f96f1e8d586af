"""What to generate: the scenario (seed, days, volume), the queues, and the injected breaches.

Why a frozen dataclass: every random stream is derived from ``(seed, table, day)``, so a scenario
fully determines the output bytes, and any single day can be regenerated on its own (the
benchmark suite writes 10^7 calls day by day, or in parallel, without holding them in memory).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

TIMEZONE = "Asia/Shanghai"
"""Naive timestamps in every generated file are local wall-clock time in this zone."""


@dataclass(frozen=True)
class QueueSpec:
    """One skill queue: its source-system code, its share of traffic and its talk-time shape."""

    name: str
    code: str
    share: float
    talk_median: float
    talk_sigma: float
    priority: str
    patience_mean: float
    min_agents: int


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("general", "Q_GENERAL", 0.45, 170.0, 0.50, "3", 220.0, 12),
    QueueSpec("billing", "Q_BILLING", 0.25, 220.0, 0.50, "2", 200.0, 7),
    QueueSpec("tech", "Q_TECH", 0.21, 270.0, 0.55, "2", 260.0, 7),
    QueueSpec("vip", "Q_VIP", 0.09, 240.0, 0.50, "1", 320.0, 4),
)

SERVICES: tuple[str, ...] = ("telephony", "ivr", "crm", "mobile-app")
ELEMENTS: tuple[str, ...] = tuple(f"E{i}" for i in range(1, 10))


@dataclass(frozen=True)
class BreachPlan:
    """The nonconformities injected on purpose (declared in ``breaches.yaml``).

    Indices are day offsets from the scenario start; they are clamped into short scenarios.
    """

    understaffed_queue: str = "billing"
    understaffed_day: int = 8
    staffing_factor: float = 0.4
    low_nps_agent: str = "SH1007"
    low_nps_effect: float = -1.9
    outage_service: str = "crm"
    outage_day: int = 4
    outage_start_minute: int = 14 * 60 + 5
    outage_minutes: int = 190
    weak_element: str = "E7"
    weak_score: int = 2


@dataclass(frozen=True)
class Scenario:
    """Everything that determines the generated files."""

    seed: int = 7
    start: date = date(2024, 4, 1)
    days: int = 14
    calls_per_day: int = 1500
    """Mean offered calls on a weekday; weekends carry less than half of that."""
    breaches: BreachPlan | None = field(default_factory=BreachPlan)

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def clamp_day(self, index: int) -> int:
        """A breach day that still falls inside a short scenario."""
        return index if index < self.days else self.days // 2

    def rng(self, table: str, day: int | None = None) -> random.Random:
        """An independent, reproducible stream per table and day (str seeds hash with SHA-512)."""
        return random.Random(f"servgen:{self.seed}:{table}:{'all' if day is None else day}")
