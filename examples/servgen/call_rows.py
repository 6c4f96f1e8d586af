"""Calls in the telephony platform's export layout (``CallID``, ``QueueEnterTime``, ``Result``…).

Why a source-like layout instead of canonical names: the example must exercise a real dataset
mapping — renamed columns, coded outcomes (``ANS``/``ABN``/``VM``), talk time in milliseconds,
an own timestamp format, blank agent and talk on unanswered calls, and internal test calls
(queue ``Q_TEST``) that the mapping excludes with a reason.
"""

from __future__ import annotations

from servgen.calls import SimCall, agent_site
from servgen.scenario import Scenario

HEADER = (
    "CallID",
    "QueueEnterTime",
    "QueueName",
    "Media",
    "ANI",
    "Site",
    "AgentID",
    "Prio",
    "Result",
    "WaitSec",
    "TalkMs",
)
TEST_CALLS_PER_DAY = 2


def clock(seconds: float) -> str:
    """``HH:MM:SS`` of a time of day given in seconds after midnight (truncated)."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def call_rows(scenario: Scenario, day: int, calls: list[SimCall]) -> tuple[list[tuple[str, ...]], list[str]]:
    """The day's export rows (with the test calls mixed in by time) and each simulated call's id."""
    rng = scenario.rng("ani", day)
    stamp = scenario.day(day).strftime("%Y%m%d")
    prefix = scenario.day(day).strftime("%Y/%m/%d")
    timed: list[tuple[float, tuple[str, ...]]] = []
    for n in range(1, TEST_CALLS_PER_DAY + 1):
        at = 7 * 3600.0 + rng.random() * 600.0
        talk_ms = str(rng.randint(20_000, 60_000))
        row = (
            f"{stamp}99{n:04d}",
            f"{prefix} {clock(at)}",
            "Q_TEST",
            "VOICE",
            "95500",
            "SH-PUDONG",
            "TEST01",
            "3",
            "ANS",
            "1",
            talk_ms,
        )
        timed.append((at, row))
    ids = []
    for seq, call in enumerate(calls, start=1):
        call_id = f"{stamp}{seq:06d}"
        ids.append(call_id)
        ani = f"1{rng.choice('3578')}{rng.randrange(10)}****{rng.randrange(10000):04d}"
        answered = call.agent is not None
        row = (
            call_id,
            f"{prefix} {clock(call.arrival)}",
            call.queue.code,
            call.media,
            ani,
            agent_site(call.agent) if answered else "",
            call.agent if answered else "",
            call.queue.priority,
            call.result,
            str(int(call.wait)),
            str(int(call.talk * 1000)) if answered else "",
        )
        timed.append((call.arrival, row))
    timed.sort(key=lambda item: (item[0], item[1][0]))
    return [row for _, row in timed], ids
