"""What a clause's text states against what its requirements check (SC108 and SC109 share this).

For each quantity a normative clause's text states (:mod:`checker.lint.text_quantities`), the
requirements of the clause and of its sub-clauses are searched for the same quantity among their
targets, ``warn`` thresholds and parameters (the rule's defaults included, since a requirement
that leaves ``short_abandon`` out still checks the rule's 5 s). Rings and durations compare at
the standard's ring cadence; business time only equals business time. "The same day" is checked
by a rule whose measure options say ``same day``. A stated quantity nobody checks is a
*mismatch* when a requirement checks a quantity of the same family that the text does not state
(the text says 三声, the requirement 2 rings), else *unchecked*.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checker.diagnostics import Location
from checker.lint.context import DocPath, LintContext, ring_cadence_seconds
from checker.lint.text_quantities import Stated, mentions_same_day, quantity_of, stated_quantities
from checker.load.documents import Document
from checker.model.standard import Clause, Standard


@dataclass(frozen=True)
class Disagreement:
    """One stated quantity no requirement checks; ``checked`` is the requirement quantity it most
    likely meant (None: nothing of its family is checked)."""

    document: Document
    standard: Standard
    clause: Clause
    lang: str
    stated: Stated
    location: Location
    end: Location | None
    checked: Stated | None = None
    requirement: str | None = None


def _checked(context: LintContext, clause: Clause) -> list[tuple[str, Stated]] | None:
    """(requirement id, quantity) of every requirement of ``clause`` and its sub-clauses; None when
    a duration or percent parameter cannot be read (SC015/SC021 report it; comparing would only
    repeat that)."""
    found: list[tuple[str, Stated]] = []
    stack = [clause]
    while stack:
        current = stack.pop(0)
        stack.extend(current.clauses)
        for requirement in current.requirements:
            values: list[tuple[str, object]] = [("target", requirement.target), ("warn", requirement.warn)]
            if requirement.intervals is not None:  # "80/20 in 90% of half-hours": the share of intervals
                values.append(("intervals.target", requirement.intervals.target))
            values += [(f"params.{k}", v) for k, v in requirement.params.items()]
            entry = context.rule(requirement.rule)
            if entry is not None:
                values += [
                    (f"params.{name}", parameter.default)
                    for name, parameter in entry.rule.parameters.items()
                    if name not in requirement.params and parameter.default is not None
                ]
                if mentions_same_day(entry.rule.options):
                    found.append((requirement.id, Stated("same-day", 1, f"rule {requirement.rule}")))
                for name, value in requirement.params.items():
                    declared = entry.rule.parameters.get(name)
                    if declared and declared.type in ("duration", "percent") and quantity_of(value, name) is None:
                        return None
            for key, value in values:
                quantity = quantity_of(value, f"{key}: {value}") if value is not None else None
                if quantity is not None:
                    found.append((requirement.id, quantity))
    return found


def _where(document: Document, path: DocPath, text: str, stated: Stated) -> tuple[Location, Location | None]:
    """The stated quantity's line:column when the text is on one line, else the text's start."""
    start = document.at(path)
    lines = document.text.splitlines()
    if 0 < start.line <= len(lines):
        line = lines[start.line - 1]
        column = line.find(stated.written, max(start.column - 1, 0))
        if column >= 0:
            end = Location(start.file, start.line, column + 1 + len(stated.written))
            return Location(start.file, start.line, column + 1), end
    return start, None


def disagreements(context: LintContext) -> Iterator[Disagreement]:
    """Every quantity a normative clause's text states that none of its requirements checks."""
    for document, standard in context.standards():
        cadence = ring_cadence_seconds(standard)
        for path, clause in standard.walk():
            if clause.kind != "normative":
                continue
            checked = _checked(context, clause)
            if not checked:
                continue  # a clause without requirements is SC105's (number-without-requirement)
            for lang in sorted(clause.text.languages()):
                text = clause.text.get(lang)
                stated = stated_quantities(text, lang)
                echoed = [q for _, q in checked if any(s.same_as(q, cadence) for s in stated)]
                for quantity in stated:
                    if any(quantity.same_as(q, cadence) for _, q in checked):
                        continue
                    location, end = _where(document, (*path, "text", lang), text, quantity)
                    rivals = [(r, q) for r, q in checked if q.family == quantity.family and q not in echoed]
                    rivals.sort(key=lambda pair: pair[1].kind != quantity.kind)  # rings before seconds for rings
                    requirement, rival = rivals[0] if rivals else (None, None)
                    yield Disagreement(document, standard, clause, lang, quantity, location, end, rival, requirement)
