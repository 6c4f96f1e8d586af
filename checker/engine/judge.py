"""Judging a measured value: outcome, margin to target, and how sure the figure is.

* ``n == 0`` or ``n < min_sample`` → ``insufficient-data`` (a weak figure is not a verdict);
* target not met → ``fail``; target met but the stricter ``warn`` threshold not → ``warn``;
  both met → ``pass``. Comparisons of shares and scores are exact (fractions), so 96.0% against
  ``>= 96%`` passes.
* For shares the Wilson score 95% interval is reported (scipy's ``binomtest().proportion_ci``).

A requirement's outcome is ``fail`` if any of its findings (overall, each group, each period) failed,
else the worst of them all: a group or period bucket below the minimum sample is
``insufficient-data`` and keeps a passing requirement from ``pass`` (never count "not assessed" as
met). A standard may choose ``small_groups: observe`` per requirement; :mod:`checker.audit.coverage`
then leaves those groups out of the outcome and states the choice.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import threading
from fractions import Fraction

from checker.i18n.context import audit_speaker
from checker.measures.base import Measured
from checker.model.quantity import Target, target_bound
from checker.model.report import OUTCOME_ORDER, Outcome

SIGNIFICANT = 0.95


def preload() -> threading.Thread:
    """Start importing scipy.stats (about 0.7 s of CPU) in the background while DuckDB scans the data.

    The audit calls this as its sources stage starts, and only when a requirement's measure can
    give a share (:data:`checker.measures.registry.WITH_INTERVAL`): before that moment the main
    thread runs Python (imports, loading, lint) and the two would only take turns with the GIL.
    DuckDB releases the GIL while it executes, so on a large audit the import costs nothing;
    :func:`wilson_interval` then finds the module loaded (or waits on Python's import lock).
    """
    thread = threading.Thread(target=_import_quietly, args=("scipy.stats",), daemon=True)
    thread.start()
    return thread


def _import_quietly(module: str) -> None:
    """Import ``module``, keeping quiet if it fails here: a warm-up only.

    Python's import locks can refuse a thread importing the same packages as the main thread at
    the same moment (``_DeadlockError``), which pytest reports as an unhandled thread exception. If
    the import fails here, the caller's own import later raises the real error, in the main thread.
    """
    with contextlib.suppress(Exception):
        importlib.import_module(module)


def _wilson_function():  # type: ignore[no-untyped-def]
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


def wilson_interval(successes: int, n: int) -> tuple[float, float] | None:
    """Wilson score interval (no continuity correction) at 95%; None without data."""
    if n <= 0:
        return None
    low, high = _wilson()(successes, n)
    return (float(low), float(high))


@functools.cache
def _wilson():  # type: ignore[no-untyped-def]
    return _wilson_function()


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
