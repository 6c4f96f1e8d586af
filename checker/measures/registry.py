"""The measures, listed once: rule ``measure:`` name → the module that plans it.

Every module has ``NAME``, an ``Options`` model (declared in :mod:`checker.measures.options.models`),
a docstring with PASS/FAIL and worked examples, and ``plan(ctx: PlanContext) -> MeasurePlan``. The
rule model's measure names and the rules JSON Schema are generated from this table, so adding a
measure is one module, one line here, its options model in ``DECLARED`` and one
``tests/measures/<name>/cases.yaml``. Modules load only when an audit plans them: lint reads the
options models alone (lint stays fast).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.measures.base import MeasurePlan, PlanContext

MEASURES: dict[str, str] = {
    "share": "checker.measures.share",
    "service-level": "checker.measures.service_level",
    "rate": "checker.measures.rate",
    "statistic": "checker.measures.statistic",
    "nps": "checker.measures.nps",
    "csat": "checker.measures.csat",
    "ces": "checker.measures.ces",
    "availability": "checker.measures.availability",
    "assessment": "checker.measures.assessment",
    "timer": "checker.measures.timer",
    "follow-up": "checker.measures.follow_up",
    "case-path": "checker.measures.case_path",
    "rpn": "checker.measures.rpn",
    "checklist": "checker.measures.checklist",
    "cross-rate": "checker.measures.cross_rate",
    "linked": "checker.measures.linked",
    "repeat-contact": "checker.measures.repeat_contact",
}

NAMES: tuple[str, ...] = tuple(MEASURES)

WITH_INTERVAL: frozenset[str] = frozenset(
    {"share", "service-level", "rate", "csat", "ces", "checklist", "linked", "repeat-contact"}
    | {"timer", "follow-up", "case-path"}
)
"""Measures whose findings can be shares with their numerator (``Measured.successes``), which the
judge gives a Wilson interval from scipy. A library caller's audit starts the helper process that
imports scipy.stats (0.8 s of CPU, :mod:`checker.engine.wilson`) only when one of its requirements
uses one of these, and ``servcheck audit`` cancels the one it started early when none does; a
measure missing here would still get its interval (scipy is imported when it is needed), only
later — a test pins the set to what the measures' own cases measure."""

CROSS_TABLE: frozenset[str] = frozenset({"cross-rate", "linked"})
"""Measures that also read another table of the dataset, named by their ``partner`` option
(``docs/cross-table.md``): the audit reads that table too, and lint checks the mapping has it."""


def partners_of(measure: str, options: Mapping[str, Any]) -> tuple[str, ...]:
    """The other tables a rule's measure reads besides its own table (none for most measures).

    >>> partners_of("cross-rate", {"partner": "calls"})
    ('calls',)
    >>> partners_of("share", {"partner": "calls"})
    ()
    """
    partner = options.get("partner") if measure in CROSS_TABLE else None
    return (partner,) if isinstance(partner, str) else ()


def module(name: str) -> ModuleType:
    """The measure's module; ``KeyError`` for a name the registry does not list."""
    return importlib.import_module(MEASURES[name])


def planner(name: str) -> Callable[[PlanContext], MeasurePlan]:
    return module(name).plan  # type: ignore[no-any-return]
