"""Requirement ``where`` filters and rule option expressions compile over the canonical fields, types included.

Why: these expressions run inside the audit's query. Before this check, lint passed filters that
the audit then refused or that DuckDB rejected mid-run: ``CAST(queue AS INTEGER) = 1`` (a text
queue: fails on the first 'Q1'), ``date_part('year', queue) = 1``, ``queue = @queue`` (``@`` is
DuckDB's abs(), not a parameter), a timestamp compared to a number, ``LIKE`` on a number. Each
expression is compiled with the same function the audit uses, plus the declared ``type`` of
every field of each loaded dataset that maps the rule's table (lint the dataset with the
standard: ``servcheck lint standards rules examples/x/dataset.yaml``); a rule's options are
checked against the dataset when a loaded standard uses the rule. Without such a dataset,
names are not checked and types are unknown, so only what fails for every type is refused.
Options naming a field (``statistic``'s ``field``, ``availability``'s ``start``…) must name a
field of the table, of a type the measure can compute with; so must a requirement's ``group_by``
fields and the fields its rule reads (reported under the audit's codes for them, ``SC045
unknown-field`` and ``SC044 missing-field``).

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of answered calls answered within the threshold.}
    measure: share
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration, default: 20s}
    options:
      base: "outcome = 'answered'"
      condition: "wait <= :threshold"
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: "In queue 1, 80% of answered calls are answered within 20 seconds."}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
        where: "queue = '1'"
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of answered calls answered within the threshold.}
    measure: share
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration, default: 20s}
    options:
      base: "outcome = 'answered'"
      condition: "wait <= :threshold"
---
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: "In queue 1, 80% of answered calls are answered within 20 seconds."}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
        where: "queue = @queue"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Diagnostic, Severity
from checker.i18n import Speaker
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.expression_scope import (
    UNKNOWN,
    Columns,
    canonical_columns,
    check_expression,
    expand,
    parameter_literals,
    value_start,
    written,
)
from checker.load.library import RuleEntry
from checker.measures.options import expression_options, field_options, options_model

CODE = codes.FIELD_EXPRESSION
ALSO_EMITS = (codes.UNKNOWN_FIELD, codes.MISSING_FIELD)
"""A group_by field or a rule's field the dataset does not map keeps the audit's code for it."""
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    speak = context.speaker()
    yield from _filters(context)
    used = {
        requirement.rule for _doc, standard in context.standards() for _p, _c, requirement in standard.requirements()
    }
    for entry in context.library.rules.values():
        yield from _options(context, entry, used, speak)


def _findings(found: list[Diagnostic], columns: Columns, speak: Speaker) -> Iterator[Finding]:
    for diagnostic in found:
        where = speak._(" (fields of {origin})", origin=columns.origin) if columns.origin else ""
        yield Finding(diagnostic.location, diagnostic.message + where, diagnostic.hint)


def _filters(context: LintContext) -> Iterator[Finding]:
    """Each requirement's ``where``, and the fields its rule reads and it groups by, per dataset."""
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            if entry is None:
                continue
            for columns in canonical_columns(context, entry.rule.table):
                if requirement.where:
                    found = check_expression(requirement.where, columns, value_start(document, (*path, "where")))
                    yield from _findings(found, columns, speak)
                if columns.names is None:
                    continue
                for i, name in enumerate(requirement.group_by):
                    if name not in columns.names:
                        yield Finding(
                            document.at((*path, "group_by", i)),
                            speak._(
                                "group_by field {name!r} is not a field of {origin}", name=name, origin=columns.origin
                            ),
                            speak._("fields: {fields}", fields=", ".join(columns.names)),
                            code=codes.UNKNOWN_FIELD,
                        )
                missing = sorted(set(entry.rule.fields) - set(columns.names))
                if missing:
                    yield Finding(
                        document.at((*path, "rule")),
                        speak.n_(
                            "rule {rule!r} reads field {fields}, which {origin} does not map",
                            "rule {rule!r} reads fields {fields}, which {origin} does not map",
                            len(missing),
                            rule=entry.rule.id,
                            fields=", ".join(missing),
                            origin=columns.origin,
                        ),
                        speak._("map them in the dataset, or use a rule that reads the fields it has"),
                        code=codes.MISSING_FIELD,
                    )


def _options(context: LintContext, entry: RuleEntry, used: set[str], speak: Speaker) -> Iterator[Finding]:
    """A rule's expressions over each dataset mapping its table when a loaded standard uses the
    rule (the audit plans only those); an unused rule only for what fails whatever the fields."""
    rule, document = entry.rule, entry.document
    model = options_model(rule.measure)
    if model is None:
        return
    try:
        parsed = model.model_validate(dict(rule.options)).model_dump()
    except ValueError:
        return  # measure-options reports it
    params = parameter_literals(rule)
    for columns in canonical_columns(context, rule.table) if rule.id in used else [UNKNOWN]:
        for pattern, kind in expression_options(rule.measure):
            for inside, text in expand(rule.options, pattern):
                if isinstance(text, str):
                    at = value_start(document, (*entry.path, "options", *inside))
                    yield from _findings(check_expression(text, columns, at, params, kind), columns, speak)
        if columns.names is None:
            continue
        for pattern, allowed in field_options(rule.measure):
            for inside, name in expand(parsed, pattern):
                if isinstance(name, str):
                    yield from _field(entry, columns, inside, name, allowed, speak)


def _field(
    entry: RuleEntry,
    columns: Columns,
    inside: tuple[str | int, ...],
    name: str,
    allowed: tuple[str, ...],
    speak: Speaker,
) -> Iterator[Finding]:
    is_written = written(entry.rule.options, inside)
    option = "/".join(map(str, inside))
    at = (
        entry.document.at((*entry.path, "options", *inside))
        if is_written
        else entry.document.at((*entry.path, "measure"))
    )
    default = "" if is_written else speak._(" (the default)")
    assert columns.names is not None
    matches = [c for c in columns.names if c.lower() == name.lower()]  # as the planner resolves it
    if not matches:
        yield Finding(
            at,
            speak._(
                "rule {rule!r} option {option}{default} names field {name!r}, which {origin} does not map",
                rule=entry.rule.id,
                option=option,
                default=default,
                name=name,
                origin=columns.origin,
            ),
            speak._("fields: {fields}", fields=", ".join(columns.names)),
            code=codes.MISSING_FIELD,
        )
        return
    name = matches[0]
    if columns.types.get(name) not in allowed:
        yield Finding(
            at,
            speak._(
                "rule {rule!r} option {option}{default}: field {name!r} of {origin} is {type}, "
                "but {measure} needs {allowed}",
                rule=entry.rule.id,
                option=option,
                default=default,
                name=name,
                origin=columns.origin,
                type=columns.types.get(name),
                measure=entry.rule.measure,
                allowed=speak._(" or ").join(allowed),
            ),
            speak._("declare the field's type in the dataset ({allowed})", allowed="/".join(allowed)),
        )
