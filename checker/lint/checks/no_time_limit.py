"""A time-bound requirement states its time limit.

Why: docs/writing.md's timeliness principle — a service-level, timer or follow-up requirement without a
time limit ("90% of complaints get a follow-up", but by when?) has no value. The limit is either
the target itself (a duration, or rings) or a duration parameter given in ``params`` or
defaulted by the rule (a wrong value there is SC015's business, not this check's).

PASS:

```yaml
kind: rules
rules:
  - id: complaint.follow-up
    title: {en: Complaints followed up}
    definition: {en: Share of complaints with a follow-up contact within the limit.}
    measure: follow-up
    table: complaints
    unit: percent
    parameters:
      within: {type: duration}
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 90% of complaints get a follow-up contact within 2 days.}
    requirements:
      - id: follow-up
        rule: complaint.follow-up
        params: {within: 2 days}
        target: ">= 90%"
```

FAIL:

```yaml
kind: rules
rules:
  - id: complaint.follow-up
    title: {en: Complaints followed up}
    definition: {en: Share of complaints with a follow-up contact.}
    measure: follow-up
    table: complaints
    unit: percent
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 90% of complaints get a follow-up contact.}
    requirements:
      - id: follow-up
        rule: complaint.follow-up
        target: ">= 90%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.targets import unit_of
from checker.model.quantity import parse_target

CODE = codes.NO_TIME_LIMIT
SEVERITY = Severity.WARNING

TIME_BOUND_MEASURES = frozenset({"service-level", "timer", "follow-up"})


def _goals_bound_every_case(options: dict) -> bool:
    """A case timer's goal list is its time limit when its default goal (the last, without
    ``when``) sets one: a duration (``within``), a deadline (``by: same day``) or a due date."""
    goals = options.get("goals")
    if not isinstance(goals, list) or not goals or not isinstance(goals[-1], dict):
        return False
    default = goals[-1]
    return "when" not in default and any(default.get(key) for key in ("within", "by", "due"))


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is None or entry.rule.measure not in TIME_BOUND_MEASURES:
                continue
            if unit_of(parse_target(requirement.target).quantity) == "duration":
                continue
            if any(
                spec.type == "duration" and (name in requirement.params or spec.default is not None)
                for name, spec in entry.rule.parameters.items()
            ):
                continue
            if _goals_bound_every_case(entry.rule.options):
                continue
            yield Finding(
                document.at((*path, "target")),
                speak._(
                    "requirement {id!r} ({measure}) has no time limit", id=requirement.id, measure=entry.rule.measure
                ),
                speak._("give a duration parameter (e.g. within: 2 days) or a rule that takes one"),
            )
