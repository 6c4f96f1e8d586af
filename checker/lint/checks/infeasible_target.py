"""Targets are feasible: no share above 100% or below 0%, nothing "within 0 s", NPS within ±100.

Why: an impossible target fails every audit and says nothing about the service (docs/writing.md,
feasibility). Reported: a share target outside 0–100% or one no share can meet ("> 100%",
"< 0%"); a duration target of zero or less ("<= 0s"); a share target above 0% with a time limit
of 0 s ("100% within 0 s"); an NPS target outside −100…100.

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration, limit: true}
  - id: contact.wait
    title: {en: Wait before answer}
    definition: {en: The 90th percentile of the wait of answered calls.}
    measure: statistic
    table: calls
    fields: [wait, outcome]
    unit: duration
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 96% of calls are answered within 10 seconds.}
    requirements:
      - id: answer-10s
        rule: contact.answered-within
        params: {threshold: 10s}
        target: ">= 96%"
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration, limit: true}
  - id: contact.wait
    title: {en: Wait before answer}
    definition: {en: The 90th percentile of the wait of answered calls.}
    measure: statistic
    table: calls
    fields: [wait, outcome]
    unit: duration
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 101% of calls are answered within 10 seconds.}
    requirements:
      - id: answer-10s
        rule: contact.answered-within
        params: {threshold: 10s}
        target: ">= 101%"
```
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from checker import codes
from checker.diagnostics import Severity
from checker.i18n import N_
from checker.lint.check import Finding
from checker.lint.context import LintContext, ring_cadence_seconds
from checker.lint.targets import as_comparable
from checker.model.params import resolve_params
from checker.model.quantity import Duration, Number, Percent, Rate, Target, parse_target
from checker.model.rule import Rule

CODE = codes.INFEASIBLE_TARGET
SEVERITY = Severity.ERROR


def _percent_problem(op: str, share: Fraction) -> str | None:
    if share > 1 or share < 0:
        return N_("a share lies between 0% and 100%")
    if (op == ">" and share == 1) or (op == "<" and share == 0):
        return N_("no share can meet it")
    return None


def _problem(target: Target, rule: Rule, cadence: float) -> str | None:
    quantity = as_comparable(target.quantity, cadence)
    if isinstance(quantity, Percent):
        return _percent_problem(target.op, quantity.fraction)
    if isinstance(quantity, Rate) and target.op == "<" and quantity.fraction == 0:
        return N_("no rate lies below zero")
    if isinstance(quantity, Duration) and target.op in ("<", "<=", "==") and quantity.seconds <= 0:
        return N_("nothing happens in zero time")
    if isinstance(quantity, Number) and rule.measure == "nps":
        value = quantity.value
        if value > 100 or value < -100 or (target.op == ">" and value == 100) or (target.op == "<" and value == -100):
            return N_("NPS lies between -100 and 100")
    return None


def _demands_share(target: Target) -> bool:
    quantity = target.quantity
    return isinstance(quantity, Percent) and (quantity.fraction > 0 or (target.op == ">" and quantity.fraction == 0))


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        cadence = ring_cadence_seconds(standard)
        for path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is None:
                continue
            for key in ("target", "warn"):
                text = getattr(requirement, key)
                if text is None:
                    continue
                target = parse_target(text)
                reason = _problem(target, entry.rule, cadence)
                if reason:
                    yield Finding(
                        document.at((*path, key)),
                        speak._("{key} {text!r} cannot be met: {reason}", key=key, text=text, reason=speak._(reason)),
                    )
            if not _demands_share(parse_target(requirement.target)):
                continue
            values, _problems = resolve_params(entry.rule, dict(requirement.params), cadence)
            for name, value in sorted(values.items()):
                # Only the time limit must be above zero: "abandons under 0 s are left out" is fine.
                if entry.rule.parameters[name].limit and isinstance(value, Duration) and value.seconds <= 0:
                    where = (
                        document.key_at((*path, "params", name))
                        if name in requirement.params
                        else document.at((*path, "target"))
                    )
                    yield Finding(
                        where,
                        speak._(
                            "target {target!r} within {within} cannot be met: nothing happens in zero time",
                            target=requirement.target,
                            within=value.text,
                        ),
                    )
