"""Write ``queue_log``: a GENERATED Asterisk queue log (no real production queue_log is public —
they hold callers' numbers), seeded so the shipped file is reproducible.

Two weekdays (2024-04-01 and 02, 09:00–17:00 UTC+8, the dataset's zone) of three queues; about
300 calls. Each call enters a queue, may ring agents who do not answer (``RINGNOANSWER``), and then
is answered (``CONNECT``, then ``COMPLETEAGENT``/``COMPLETECALLER`` or ``TRANSFER``) or leaves:
``ABANDON`` (hangs up), ``EXITWITHTIMEOUT`` (the queue's 120 s limit), ``EXITWITHKEY`` (presses 0
to leave a message), ``EXITEMPTY`` (no agent logged in). Every holdtime/waittime is the true gap
between the call's lines. Agent events (``ADDMEMBER``, ``PAUSE``/``UNPAUSE``) and a
``QUEUESTART`` are mixed in as a switch writes them. Two calls are still waiting or talking when
the log ends, and three malformed lines are planted (a line cut short, a garbled time, an event
Asterisk does not have) so the audit's ledger shows how they are counted. Callers' numbers are
made up (``+86 10 5550 0000`` + n). Run from the repository root:

    python examples/asterisk/generate_queue_log.py
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).parent
SEED = 11
QUEUES = {"general": 0.55, "billing": 0.30, "tech": 0.15}
AGENTS = {"general": ["SIP/1001", "SIP/1002", "SIP/1003"], "billing": ["SIP/2001", "SIP/2002"], "tech": ["SIP/3001"]}
DAYS = [dt.date(2024, 4, 1), dt.date(2024, 4, 2)]
ZONE = dt.timezone(dt.timedelta(hours=8))


def _epoch(day: dt.date, seconds: float) -> int:
    return int(dt.datetime.combine(day, dt.time(9), ZONE).timestamp() + seconds)


def _call(rng: random.Random, n: int, at: int) -> list[tuple[int, str]]:
    """The lines of one call entering a queue at ``at``."""
    queue = rng.choices(list(QUEUES), weights=list(QUEUES.values()))[0]
    callid = f"{at}.{n}"
    lines = [(at, f"{at}|{callid}|{queue}|NONE|ENTERQUEUE||+861055500{n:03d}|{rng.randint(1, 4)}")]
    wait = min(int(rng.expovariate(1 / (25 if queue == "tech" else 12))), 180)
    for k in range(wait // 15):  # an agent rang 15 s and did not pick up
        t = at + 15 * (k + 1)
        lines.append((t, f"{t}|{callid}|{queue}|{rng.choice(AGENTS[queue])}|RINGNOANSWER|15000"))
    fate = rng.random()
    end = at + wait
    if fate < 0.80 and wait < 120:  # answered (a wait past the queue's limit times out instead)
        agent = rng.choice(AGENTS[queue])
        talk = max(20, int(rng.lognormvariate(5.0, 0.7)))
        lines.append((end, f"{end}|{callid}|{queue}|{agent}|CONNECT|{wait}|{callid}|{rng.randint(2, 9)}"))
        done = end + talk
        how = rng.random()
        if how < 0.06:
            ext = f"2{rng.randint(100, 999)}"
            lines.append((done, f"{done}|{callid}|{queue}|{agent}|TRANSFER|{ext}|from-internal|{wait}|{talk}|1"))
        else:
            event = "COMPLETEAGENT" if how < 0.5 else "COMPLETECALLER"
            lines.append((done, f"{done}|{callid}|{queue}|{agent}|{event}|{wait}|{talk}|1"))
    elif 0.80 <= fate < 0.92 and wait < 120:
        lines.append((end, f"{end}|{callid}|{queue}|NONE|ABANDON|1|{rng.randint(1, 4)}|{wait}"))
    elif fate < 0.96:
        end = at + 120
        lines.append((end, f"{end}|{callid}|{queue}|NONE|EXITWITHTIMEOUT|1|2|120"))
    elif fate < 0.98:
        lines.append((end, f"{end}|{callid}|{queue}|NONE|EXITWITHKEY|0|1|2|{wait}"))
    else:
        lines.append((end, f"{end}|{callid}|{queue}|NONE|EXITEMPTY|1|1|{wait}"))
    # agents ring only while the caller waits (a time-out cuts the wait at 120 s)
    stop = end if "|CONNECT|" not in "".join(text for _, text in lines) else at + wait
    return [(t, text) for t, text in lines if "|RINGNOANSWER|" not in text or t < stop]


def main() -> None:
    rng = random.Random(SEED)
    lines: list[tuple[int, str]] = []
    n = 0
    for day in DAYS:
        start = _epoch(day, -300)
        lines.append((start, f"{start}|NONE|NONE|NONE|QUEUESTART|"))
        for queue, agents in AGENTS.items():
            for agent in agents:
                lines.append((start + 1, f"{start + 1}|NONE|{queue}|{agent}|ADDMEMBER|"))
        t = 0.0
        while True:
            t += rng.expovariate(150 / (8 * 3600))  # about 150 calls a day
            if t > 8 * 3600 - 600:
                break
            n += 1
            lines += _call(rng, n, _epoch(day, t))
        for _pause in range(4):
            agent = rng.choice(AGENTS["general"])
            p = _epoch(day, rng.uniform(3600, 7 * 3600))
            lines.append((p, f"{p}|NONE|general|{agent}|PAUSE|lunch"))
            lines.append((p + 1800, f"{p + 1800}|NONE|general|{agent}|UNPAUSE|"))
    last = max(t for t, _ in lines)
    waiting, talking = last + 10, last + 20  # still in progress when the log ends
    lines += [
        (waiting, f"{waiting}|{waiting}.901|general|NONE|ENTERQUEUE||+8610555009901|1"),
        (talking - 5, f"{talking - 5}|{talking}.902|billing|NONE|ENTERQUEUE||+8610555009902|1"),
        (talking, f"{talking}|{talking}.902|billing|SIP/2001|CONNECT|5|{talking}.902|3"),
    ]
    lines.sort(key=lambda pair: pair[0])
    text = [line for _, line in lines]
    # planted malformed lines (the audit's ledger counts them with their line numbers)
    text.insert(40, text[40].split("|ENTERQUEUE")[0] if "|ENTERQUEUE" in text[40] else "1711933200|cut")
    text.insert(120, "17119x3200|NONE|general|SIP/1001|PAUSE|")
    text.insert(200, f"{text[199].split('|')[0]}|NONE|general|SIP/1002|COFFEEBREAK|")
    (HERE / "queue_log").write_text("\n".join(text) + "\n", encoding="utf-8")
    print(f"wrote {len(text)} lines, {n + 2} calls, to {HERE / 'queue_log'}")


if __name__ == "__main__":
    main()
