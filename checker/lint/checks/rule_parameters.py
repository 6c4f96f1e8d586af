"""A requirement's ``params`` match its rule's declared parameters: names, types and units.

Why: a misspelt parameter would silently fall back to the default, and "threshold: 20" (no unit)
could mean seconds or minutes. Unknown or missing parameters are ``SC021``; a value of the wrong
type or unit is reported as ``SC015`` at the parameter's key. Durations may be written in rings
("3 rings"), converted with the standard's ``settings.ring_cadence`` (default 5 s).

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
      threshold: {type: duration}
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
    text: {en: 80% of calls are answered within 3 rings.}
    requirements:
      - id: answer-3-rings
        rule: contact.answered-within
        params: {threshold: 3 rings}
        target: ">= 80%"
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
      threshold: {type: duration}
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
    text: {en: 80% of calls are answered within 20 seconds.}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {treshold: 20s}
        target: ">= 80%"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.i18n import Speaker
from checker.lint.check import Finding
from checker.lint.context import LintContext, ring_cadence_seconds
from checker.model.params import ParamProblem, resolve_params
from checker.model.rule import Rule

CODE = codes.RULE_PARAMETERS
SEVERITY = Severity.ERROR
ALSO_EMITS = (codes.UNIT,)


def _said(problem: ParamProblem, rule: Rule, speak: Speaker) -> str:
    """An unknown or missing parameter in the reader's language; a value of the wrong type keeps the
    quantity parser's own (English) explanation."""
    if problem.key not in rule.parameters:
        declared = ", ".join(sorted(rule.parameters)) or speak._("none")
        return speak._(
            "rule {rule!r} has no parameter {key!r} (it takes: {declared})",
            rule=rule.id,
            key=problem.key,
            declared=declared,
        )
    if problem.code is codes.RULE_PARAMETERS and problem.message.endswith("needs parameter " + repr(problem.key)):
        return speak._("rule {rule!r} needs parameter {key!r}", rule=rule.id, key=problem.key)
    return problem.message


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        cadence = ring_cadence_seconds(standard)
        for path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is None:
                continue
            _values, problems = resolve_params(entry.rule, dict(requirement.params), cadence)
            for problem in problems:
                if problem.key in requirement.params:
                    where = document.key_at((*path, "params", problem.key))
                elif requirement.params:
                    where = document.key_at((*path, "params"))
                else:
                    where = document.at((*path, "rule"))
                yield Finding(where, _said(problem, entry.rule, speak), code=problem.code)
