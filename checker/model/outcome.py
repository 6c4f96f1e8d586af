"""The outcomes vocabulary, apart from the report model so that documents naming an outcome (a
golden case's expected ``outcome:``) load without building the report's pydantic models.

:mod:`checker.model.report` re-exports both names; import them from there in report code.
"""

from __future__ import annotations

from typing import Literal

Outcome = Literal[
    "pass", "warn", "fail", "insufficient-data", "not-assessed", "not-reviewed", "not-applicable", "waived", "error"
]
"""The outcome of a finding, requirement or clause.

* ``pass`` / ``warn`` / ``fail``: judged against the target (``warn``: met, but not the warn band);
* ``insufficient-data``: a figure exists but cannot carry a verdict (fewer records than the minimum
  sample, or the table failed its data-quality gate — the reason says which);
* ``not-assessed``: something in scope has no finding at all (an expected group or element absent
  from the data);
* ``not-reviewed``: a qualitative clause or checklist item without review records;
* ``not-applicable``: the requirement cannot be measured on this dataset (no such table);
* ``waived``: failed, but covered by an approved, unexpired waiver (its figures are kept);
* ``error``: the engine could not compute it.

None of the not-* outcomes, nor ``insufficient-data`` or ``error``, is ever counted as met: each keeps
the verdict from CONFORMANT (see :mod:`checker.audit.verdict`).
"""
OUTCOME_ORDER: dict[str, int] = {
    "error": 8,
    "fail": 7,
    "insufficient-data": 6,
    "not-assessed": 5,
    "not-reviewed": 4,
    "not-applicable": 3,
    "warn": 2,
    "waived": 1,
    "pass": 0,
}
