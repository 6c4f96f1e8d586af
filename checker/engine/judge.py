"""Judging a measured value: outcome, margin to target, and how sure the figure is.

* ``n == 0`` or ``n < min_sample`` → ``insufficient-data`` (a weak figure is not a verdict);
* target not met → ``fail``; target met but the stricter ``warn`` threshold not → ``warn``;
  both met → ``pass``. Comparisons of shares and scores are exact (fractions), so 96.0% against
  ``>= 96%`` passes.
* For shares the Wilson score 95% interval is reported (scipy's ``binomtest().proportion_ci``),
  computed by a helper process (:mod:`checker.engine.wilson`).

A requirement's outcome is ``fail`` if any of its findings (overall, each group, each period) failed,
else the worst of them all: a group or period bucket below the minimum sample is
``insufficient-data`` and keeps a passing requirement from ``pass`` (never count "not assessed" as
met). A standard may choose ``small_groups: observe`` per requirement; :mod:`checker.audit.coverage`
then leaves those groups out of the outcome and states the choice.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Iterable
from fractions import Fraction

from checker.engine.wilson import INTERVALS
from checker.engine.wilson import SIGNIFICANT as SIGNIFICANT  # re-exported: calibration uses it
from checker.i18n.context import audit_speaker
from checker.measures.base import Measured
from checker.model.quantity import Target, target_bound
from checker.model.report import OUTCOME_ORDER, Outcome


def preload() -> None:
    """Start importing scipy.stats (about 0.8 s of CPU) for the Wilson intervals, off this thread.

    The audit calls this as its sources stage starts, and only when a requirement's measure can
    give a share (:data:`checker.measures.registry.WITH_INTERVAL`). A helper process imports scipy
    on the other core (:mod:`checker.engine.wilson`); if it cannot start, a thread imports it here
    as before, which overlaps only DuckDB's statements (they release the GIL). With scipy.stats
    already loaded in this process nothing starts: the intervals are computed here.
    """
    if "scipy.stats" in sys.modules or INTERVALS.helper.start():
        return
    threading.Thread(target=_import_quietly, args=("scipy.stats",), daemon=True).start()


def _import_quietly(module: str) -> None:
    """Import ``module``, keeping quiet if it fails here: a warm-up only.

    Python's import locks can refuse a thread importing the same packages as the main thread at
    the same moment (``_DeadlockError``), which pytest reports as an unhandled thread exception. If
    the import fails here, the caller's own import later raises the real error, in the main thread.
    """
    with contextlib.suppress(Exception):
        importlib.import_module(module)


def prefetch_intervals(pairs: Iterable[tuple[int, int]]) -> None:
    """Compute the Wilson intervals of ``(successes, n)`` pairs at once (one exchange with the
    helper process instead of one per finding); :func:`wilson_interval` then finds them."""
    INTERVALS.prefetch(pairs)


def wilson_interval(successes: int, n: int) -> tuple[float, float] | None:
    """Wilson score interval (no continuity correction) at 95%; None without data."""
    if n <= 0:
        return None
    return INTERVALS.get(successes, n)


def margin(target: Target, value: Fraction | float) -> float:
    """Signed distance to the bound; positive means on the good side of the target."""
    bound = target_bound(target.quantity)
    diff = float(value) - float(bound)
    return diff if target.op in (">=", ">") else -diff if target.op in ("<=", "<") else -abs(diff)


def judge(measured: Measured, target: Target, warn: Target | None, min_sample: int) -> tuple[Outcome, str | None]:
    """Outcome of one finding, with a reason when it is not a plain pass/fail."""
    speak = audit_speaker()
    if measured.n == 0 or measured.value is None:
        return "insufficient-data", speak._("no records in scope")
    if measured.n < min_sample:
        return "insufficient-data", speak.n_(
            "{count} record, fewer than the minimum sample {minimum}",
            "{count} records, fewer than the minimum sample {minimum}",
            measured.n,
            count=measured.n,  # written as English always wrote it (ungrouped): `--lang en` reports are unchanged
            minimum=min_sample,
        )
    if not target.holds(measured.value):
        return "fail", None
    if warn is not None and not warn.holds(measured.value):
        return "warn", speak._("meets the target but not the warning threshold {warn}", warn=warn.text)
    return "pass", None


def worst(outcomes: list[Outcome]) -> Outcome:
    return max(outcomes, key=lambda o: OUTCOME_ORDER[o])


def requirement_outcome(overall: Outcome, groups: list[Outcome]) -> Outcome:
    """``fail`` when any finding failed (a judged failure is a nonconformity whatever else is missing),
    else the worst finding: an under-sampled or missing group makes a passing requirement incomplete,
    and a failure covered by a waiver makes it ``waived`` (never ``pass``).

    >>> requirement_outcome("pass", ["pass", "insufficient-data"])
    'insufficient-data'
    >>> requirement_outcome("pass", ["insufficient-data", "fail"])
    'fail'
    >>> requirement_outcome("pass", ["waived", "pass"])
    'waived'
    >>> requirement_outcome("warn", ["pass"])
    'warn'
    """
    outcomes = [overall, *groups]
    if "fail" in outcomes:
        return "fail"
    return worst(outcomes)
