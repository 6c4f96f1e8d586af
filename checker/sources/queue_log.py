"""Asterisk ``queue_log`` files: the events of the switch's call queues → a call table, streamed.

Asterisk writes one line per queue event, pipe-separated and ragged (docs.asterisk.org, "Queue
Logs")::

    epoch|callid|queue|agent|EVENT|data1|data2|…

A contact-centre standard judges calls, not events, so this reader assembles the events of each
call and emits one row per queue entry (a call that leaves one queue and enters another is two
entries) when the entry ends:

==================  ===========================================================================
column              from
==================  ===========================================================================
``entry_id``        ``<callid>#<n>``: the n-th queue entry of that call (the table's key)
``callid``          the call's unique id
``queue``           the queue of ``ENTERQUEUE``
``entered_at``      ``ENTERQUEUE``'s epoch, as ``YYYY-MM-DD HH:MM:SS+00:00`` (epochs are UTC)
``outcome``         ``answered`` (``CONNECT``), ``abandoned`` (``ABANDON``: the caller hung up
                    while waiting), ``other`` (``EXITWITHTIMEOUT``, ``EXITWITHKEY``,
                    ``EXITEMPTY``: the queue let the caller go — its time limit, a key the caller
                    pressed to leave, no agent logged in — the caller did not give up), or
                    ``waiting`` (still in the queue when the log ends)
``exit_event``      the event that ended the wait (``CONNECT``, ``ABANDON``, …): a mapping that
                    counts time-outs as abandons maps this column instead of ``outcome``
``wait``            seconds in the queue: ``CONNECT``'s holdtime, else the exit's waittime
``talk``            seconds of talk: ``COMPLETEAGENT``/``COMPLETECALLER``'s calltime, or a
                    ``TRANSFER``'s (``BLINDTRANSFER``, ``ATTENDEDTRANSFER``: their calltime)
``ended_by``        ``COMPLETEAGENT``, ``COMPLETECALLER``, a transfer event, the exit event, or
                    empty when the log ends before the call does
``agent``           the agent of ``CONNECT``
``ring_no_answer``  how many ``RINGNOANSWER`` (an agent rang and did not pick up) the entry had
``ended_at``        epoch of the entry's last event, like ``entered_at``
==================  ===========================================================================

The caller's number (``ENTERQUEUE``'s callerid) is not read: the audit does not need it.
Numbers (``wait``, ``talk``) stay the text written in the file so the mapping types them and a
bad one rejects its call with a reason. ``_row`` is the line of the entry's ``ENTERQUEUE``.
Entries still open at the end of the file are emitted as they stand (``waiting``, or
``answered`` without ``talk``); memory holds only the calls in progress, not the file.

Lines the reader cannot use are **set aside**, each counted in the ledger under
``malformed queue_log line`` with its line number and why: fewer than five fields, an epoch
that is not a whole number of seconds, an event Asterisk does not document, a call event
without the data fields it needs, or a call event for a call that is not in a queue (e.g. a
``CONNECT`` whose ``ENTERQUEUE`` is in an earlier, rotated file). Agent and queue events
(``ADDMEMBER``, ``PAUSE``, ``QUEUESTART``, …) are valid lines that describe no call and are
skipped. This reader is the first to use the streamed readers' reject channel: ``batches``
takes a third argument, ``reject(line, reason)`` (see :mod:`checker.sources.reader`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from checker.engine.backend import Rows
from checker.model.dataset import Table
from checker.sources import sniff
from checker.sources.reader import SourceLike

TYPED = False
QUOTES_LINES = True
"""A set-aside line's number is its line in the file: the ledger quotes it."""
REJECT_REASON = "malformed queue_log line"
NO_RECORDS = (sniff.EMPTY_SOURCE, "the queue_log records no call (no ENTERQUEUE)")
BATCH = 5000

ENDS_WAIT = {"ABANDON": ("abandoned", 2), "EXITWITHTIMEOUT": ("other", 2), "EXITEMPTY": ("other", 2)}
ENDS_WAIT["EXITWITHKEY"] = ("other", 3)
"""Exit event → (outcome, index of its waittime among the data fields)."""
COMPLETES = {"COMPLETEAGENT": 1, "COMPLETECALLER": 1, "TRANSFER": 3, "BLINDTRANSFER": 3, "ATTENDEDTRANSFER": -2}
"""Event that ends an answered call → index of its calltime among the data fields (an attended
transfer's data vary with the transfer's method; its calltime is always second from the end)."""
NEEDS = {
    "ENTERQUEUE": 0,
    "CONNECT": 1,
    "RINGNOANSWER": 0,
    "COMPLETEAGENT": 2,
    "COMPLETECALLER": 2,
    "TRANSFER": 4,
    "BLINDTRANSFER": 4,
    "ATTENDEDTRANSFER": 5,
    "ABANDON": 3,
    "EXITWITHTIMEOUT": 3,
    "EXITEMPTY": 3,
    "EXITWITHKEY": 4,
}
"""Call events this reader uses → how many data fields they must carry."""
OTHER_EVENTS = frozenset(
    {
        "ADDMEMBER",
        "REMOVEMEMBER",
        "PAUSE",
        "UNPAUSE",
        "PAUSEALL",
        "UNPAUSEALL",
        "PENALTY",
        "AGENTLOGIN",
        "AGENTLOGOFF",
        "AGENTCALLBACKLOGIN",
        "AGENTCALLBACKLOGOFF",
        "AGENTDUMP",
        "QUEUESTART",
        "CONFIGRELOAD",
        "RINGCANCELED",
        "SYSCOMPAT",
        "DID",
        "INFO",
    }
)
"""Documented events that say nothing this call table records (agents, queues, annotations)."""
COLUMNS = (
    ("entry_id", "VARCHAR"),
    ("callid", "VARCHAR"),
    ("queue", "VARCHAR"),
    ("entered_at", "VARCHAR"),
    ("outcome", "VARCHAR"),
    ("exit_event", "VARCHAR"),
    ("wait", "VARCHAR"),
    ("talk", "VARCHAR"),
    ("ended_by", "VARCHAR"),
    ("agent", "VARCHAR"),
    ("ring_no_answer", "BIGINT"),
    ("ended_at", "VARCHAR"),
    ("_row", "BIGINT"),
)


@dataclass
class _Entry:
    """One queue entry of a call, filled in as its events arrive."""

    entry_id: str
    callid: str
    queue: str
    entered: int
    line: int
    outcome: str = "waiting"
    exit_event: str | None = None
    wait: str | None = None
    talk: str | None = None
    ended_by: str | None = None
    agent: str | None = None
    ring_no_answer: int = 0
    last: int = 0

    def row(self) -> tuple[object, ...]:
        return (
            self.entry_id,
            self.callid,
            self.queue,
            _instant(self.entered),
            self.outcome,
            self.exit_event,
            self.wait,
            self.talk,
            self.ended_by,
            self.agent,
            self.ring_no_answer,
            _instant(self.last or self.entered),
            self.line,
        )


def _instant(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00:00")


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return sniff.text_problem(source.path, source.size)


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None


def reject_text(error_type: str) -> str:
    return error_type


class _Calls:
    """The calls in progress; :meth:`event` returns the entry an event ended, or raises ``ValueError``
    with the reason the line is set aside."""

    def __init__(self) -> None:
        self.open: dict[str, _Entry] = {}
        self.entries: dict[str, int] = {}  # callid → queue entries so far (ids stay unique)

    def event(self, line: int, epoch: int, callid: str, queue: str, agent: str, name: str, data: list[str]):
        ended: list[_Entry] = []
        if name == "ENTERQUEUE":
            if callid in self.open:  # entered again without an exit: its lines were lost; emit as is
                ended.append(self.open.pop(callid))
            n = self.entries[callid] = self.entries.get(callid, 0) + 1
            self.open[callid] = _Entry(f"{callid}#{n}", callid, queue, epoch, line, last=epoch)
            return ended
        entry = self.open.get(callid)
        if entry is None:
            raise ValueError(f"{name} for call {callid!r}, which is not in a queue (no ENTERQUEUE before it)")
        entry.last = epoch
        if name == "RINGNOANSWER":
            entry.ring_no_answer += 1
        elif name == "CONNECT":
            if entry.exit_event is not None:
                raise ValueError(f"CONNECT for call {callid!r}, which was already answered")
            entry.outcome, entry.exit_event, entry.wait, entry.agent = "answered", name, data[0] or None, agent or None
        elif name in COMPLETES:
            if entry.exit_event != "CONNECT":
                raise ValueError(f"{name} for call {callid!r}, which was not answered (no CONNECT before it)")
            entry.talk, entry.ended_by = data[COMPLETES[name]] or None, name
            ended.append(self.open.pop(callid))
        else:  # an exit without an answer
            if entry.exit_event is not None:
                raise ValueError(f"{name} for call {callid!r}, which was already answered")
            outcome, at = ENDS_WAIT[name]
            entry.outcome, entry.exit_event, entry.wait, entry.ended_by = outcome, name, data[at] or None, name
            ended.append(self.open.pop(callid))
        return ended


def _fields(text: str) -> tuple[int, str, str, str, str, list[str]]:
    """A line's (epoch, callid, queue, agent, event, data); ``ValueError`` saying what is wrong."""
    fields = text.split("|")
    if len(fields) < 5:
        raise ValueError(f"{len(fields)} field{'s' if len(fields) != 1 else ''}; a queue_log line has at least 5")
    stamp, callid, queue, agent, name, *data = fields
    if not stamp.strip().isdigit():
        raise ValueError(f"time {stamp[:30]!r} is not a whole number of seconds since 1970")
    if name not in NEEDS and name not in OTHER_EVENTS:
        raise ValueError(f"unknown event {name[:30]!r}")
    need = NEEDS.get(name, 0)
    if len(data) < need:
        raise ValueError(f"{name} with {len(data)} data field{'s' if len(data) != 1 else ''}; it carries {need}")
    return int(stamp), callid, queue, agent, name, data


def batches(table: Table, source: SourceLike, reject: Callable[[int, str], None] | None = None) -> Iterator[Rows]:
    """The call table, :data:`BATCH` entries at a time, in the order the entries end; lines that
    cannot be used go to ``reject(line, reason)``."""
    calls = _Calls()
    pending: list[tuple[object, ...]] = []
    with source.path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.rstrip("\r\n")
            if not text.strip():
                continue
            try:
                epoch, callid, queue, agent, name, data = _fields(text)
                if name in OTHER_EVENTS:
                    continue
                ended = calls.event(number, epoch, callid, queue, agent, name, data)
            except ValueError as err:
                if reject is not None:
                    reject(number, str(err))
                continue
            pending += [entry.row() for entry in ended]
            if len(pending) >= BATCH:
                yield Rows(COLUMNS, tuple(pending))
                pending = []
    pending += [entry.row() for entry in sorted(calls.open.values(), key=lambda e: e.line)]
    if pending:
        yield Rows(COLUMNS, tuple(pending))
