"""scipy's Wilson score interval, from a helper process that imports scipy on the other core.

``import scipy.stats`` costs 0.75–0.9 s of CPU, more than the hand-written SQL baseline's whole
10^5 audit. In a thread of the audit's own process it only overlapped the moments DuckDB held no
GIL: the rest of the audit (imports, loading, the gate, building and printing SQL) is Python too,
so the two took turns. A child interpreter imports scipy.stats on the second core while the audit
runs, and answers every interval of the audit in one exchange at judging time: the same scipy
function computes the same doubles (sent as ``repr`` text, which reads back exactly), and the
audit's own process never loads numpy or scipy.

The child is started once per process and kept for later audits in it (tests, notebooks), as
early as the command line allows (before the audit's own imports, 0.6 s of Python); it is
not started when scipy.stats is already loaded here (the golden-case suite imports it once), and
any failure of the child (no interpreter to start, scipy missing, a broken pipe) falls back to
scipy in this process, which then raises the real error. This module imports nothing of
``checker``'s, so the child loads only it and scipy.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import os
import select
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

SIGNIFICANT = 0.95

Pair = tuple[int, int]
Interval = tuple[float, float]


def wilson_function() -> Callable[[int, int], tuple[float, float]]:
    """scipy's Wilson interval itself, without the exact p-value ``binomtest`` also computes.

    ``binomtest(k, n).proportion_ci(method="wilson")`` spends 0.27 ms per call on a p-value the
    report never shows (1 s for a 4,000-finding audit); the interval it returns comes from
    ``scipy.stats._binomtest._binom_wilson_conf_int``, which takes 1 µs. That name is private, so
    if a scipy release moves it, the public call is used instead; a test pins the two together.
    """
    try:
        from scipy.stats._binomtest import _binom_wilson_conf_int

        return lambda k, n: _binom_wilson_conf_int(k, n, SIGNIFICANT, "two-sided", False)
    except ImportError:  # pragma: no cover - depends on the installed scipy
        from scipy.stats import binomtest

        def public(k: int, n: int) -> tuple[float, float]:
            ci = binomtest(k, n).proportion_ci(confidence_level=SIGNIFICANT, method="wilson")
            return ci.low, ci.high

        return public


def serve() -> None:
    """The child's loop: one JSON list of ``[k, n]`` pairs per line in, their intervals out.

    The cyclic collector rests while scipy.stats is imported and then leaves what it made alone
    (``gc.freeze``): the import makes some 10^5 objects that live as long as the child, and
    collecting among them took 0.08 s of the child's 0.8-1 s of CPU, on the core the audit's
    DuckDB threads want too (findings.md, session 24). The exchanges that follow allocate lists
    and floats only."""
    gc.disable()
    try:
        interval = wilson_function()
    finally:
        gc.freeze()
        gc.enable()
    for line in sys.stdin:
        answer = [[float(x) for x in interval(k, n)] for k, n in json.loads(line)]
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


CHILD = (
    "import sys\nif sys.path and sys.path[0] == '': del sys.path[0]\nfrom checker.engine.wilson import serve\nserve()\n"
)
"""The child's program. ``-c`` puts the working directory first on ``sys.path``; a folder holding
another ``checker`` (a second checkout, say) would then be imported instead of this one, whose
folder the child's ``PYTHONPATH`` names first."""


class Helper:
    """The child process, started on demand; ``ask`` returns None whenever it cannot answer."""

    def __init__(self, command: list[str] | None = None, patience: float = 300.0) -> None:
        self.command = command or [sys.executable, "-c", CHILD]
        self.patience = patience
        """Seconds to wait for the child's answer before computing here instead: a child stopped
        or stuck must not hang the audit (its import takes about a second)."""
        self.proc: subprocess.Popen[str] | None = None
        self.answered = False
        self.failed = False

    def start(self, even_if_loaded: bool = False) -> bool:
        """Start the child unless it runs, failed before, or scipy.stats is already loaded here
        (then computing here costs nothing more; tests pass ``even_if_loaded``)."""
        if self.proc is not None or self.failed or ("scipy.stats" in sys.modules and not even_if_loaded):
            return self.proc is not None
        root = str(Path(__file__).resolve().parents[2])  # the folder holding the ``checker`` package
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
            )
        except OSError:
            self.failed = True
            return False
        self.answered = False
        atexit.register(self.stop)
        return True

    def ask(self, pairs: list[Pair]) -> list[Interval] | None:
        """The intervals of ``pairs`` from the child, or None (it is not running or broke)."""
        if self.proc is None or self.proc.stdin is None or self.proc.stdout is None:
            return None
        try:
            self.proc.stdin.write(json.dumps(pairs) + "\n")
            self.proc.stdin.flush()
            if os.name == "posix":  # select() does not take pipes on Windows
                ready, _, _ = select.select([self.proc.stdout], [], [], self.patience)
                if not ready:
                    raise TimeoutError(f"no answer in {self.patience} s")
            answer = json.loads(self.proc.stdout.readline())
            intervals = [(float(low), float(high)) for low, high in answer]
        except (OSError, ValueError, TypeError):
            self.stop()
            self.failed = True
            return None
        if len(intervals) != len(pairs):
            self.stop()
            self.failed = True
            return None
        self.answered = True
        return intervals

    def cancel(self) -> None:
        """Kill a child that has not answered yet (the audit turned out to need no interval)."""
        if self.proc is not None and not self.answered:
            self.stop()

    def stop(self) -> None:
        """End the child at once (killed: an interpreter with scipy loaded takes tens of
        milliseconds to tear itself down, which this process would wait for) and reap it."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.kill()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Intervals:
    """Wilson intervals by ``(successes, n)``, each computed once per process."""

    def __init__(self, helper: Helper | None = None) -> None:
        self.helper = helper or Helper()
        self.known: dict[Pair, Interval] = {}
        self._local: Callable[[int, int], tuple[float, float]] | None = None

    def prefetch(self, pairs: Iterable[Pair]) -> None:
        """Compute the intervals of ``pairs`` not yet known, in one exchange with the child."""
        wanted = sorted({(int(k), int(n)) for k, n in pairs if n > 0} - self.known.keys())
        if not wanted:
            return
        answer = self.helper.ask(wanted)
        if answer is None:
            if self._local is None:
                self._local = wilson_function()
            local = self._local
            answer = [(float(low), float(high)) for low, high in (local(k, n) for k, n in wanted)]
        self.known.update(zip(wanted, answer, strict=True))

    def get(self, successes: int, n: int) -> Interval:
        key = (int(successes), int(n))
        if key not in self.known:
            self.prefetch([key])
        return self.known[key]


INTERVALS = Intervals()
"""The process's intervals and helper: ``servcheck audit`` starts the helper as the command begins,
before the audit's own imports (:mod:`checker.cli.audit_cmd`); a library caller's audit starts it
as its sources stage starts (:func:`checker.engine.judge.preload`)."""
