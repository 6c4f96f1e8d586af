"""A golden case's own problems: its rows against the canonical tables, its name and settings.

One function serves the lint check (SC116, where a writer sees them) and ``servcheck test``
(which must refuse a case before writing its rows out: the writer trusts every value to be of its
field's type). Each problem is located at the value (or key) it is about.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from checker.diagnostics import Location
from checker.golden.catalogue import TIMESTAMP_HINT, problem, tables
from checker.lint.timezones import zone_problem
from checker.load.documents import Document
from checker.model.golden import GoldenCase


@dataclass(frozen=True)
class CaseProblem:
    location: Location
    message: str
    hint: str | None = None


def _close(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {found[0]!r}?" if found else None


def case_problems(document: Document, i: int) -> list[CaseProblem]:
    """Every problem of the standard's case number ``i`` (0-based), in document order."""
    case = document.model.cases[i]
    at = ("cases", i)
    found: list[CaseProblem] = []
    first = next(j for j, other in enumerate(document.model.cases) if other.name == case.name)
    if first != i:
        message = f"golden case name {case.name!r} is also the name of case #{first + 1}"
        found.append(CaseProblem(document.at((*at, "name")), message, "give each case its own name"))
    found.extend(_settings(document, case, at))
    found.extend(_rows(document, case, at))
    return found


def _settings(document: Document, case: GoldenCase, at: tuple[str | int, ...]) -> Iterator[CaseProblem]:
    bad_zone = zone_problem(case.timezone)
    if bad_zone is not None:
        yield CaseProblem(document.at((*at, "timezone")), bad_zone[0], bad_zone[1])
    if case.period is not None:
        first, _, last = case.period.partition("..")
        try:
            if dt.date.fromisoformat(last) < dt.date.fromisoformat(first):
                yield CaseProblem(document.at((*at, "period")), f"period {case.period!r} ends before it starts")
        except ValueError:
            yield CaseProblem(document.at((*at, "period")), f"period {case.period!r} has a day that does not exist")
    if case.as_of is not None:
        try:
            dt.datetime.fromisoformat(case.as_of.strip())
        except ValueError:
            message = f"as_of {case.as_of!r} is not an instant"
            yield CaseProblem(document.at((*at, "as_of")), message, TIMESTAMP_HINT)


def _rows(document: Document, case: GoldenCase, at: tuple[str | int, ...]) -> Iterator[CaseProblem]:
    catalogue = tables()
    for name, rows in case.tables.items():
        where = (*at, "tables", name)
        table = catalogue.get(name)
        if table is None:
            message = f"golden case {case.name!r}: no canonical table {name!r}"
            hint = _close(name, sorted(catalogue)) or "see docs/tables.md"
            yield CaseProblem(document.key_at(where), message, hint)
            continue
        if not rows:
            message = f"golden case {case.name!r}: table {name!r} has no rows"
            yield CaseProblem(document.at(where), message, "give at least one row, or leave the table out")
        fields = sorted(table.fields)
        for r, row in enumerate(rows):
            for field, value in row.items():
                kind = table.fields.get(field)
                if kind is None:
                    message = f"table {name!r} has no field {field!r}"
                    yield CaseProblem(document.key_at((*where, r, field)), message, _close(field, fields))
                    continue
                bad = problem(kind, value)
                if bad is not None:
                    yield CaseProblem(document.at((*where, r, field)), f"{name}.{field} ({kind}): {bad}")
            missing = [f for f in table.required() if row.get(f) is None]
            if missing:
                message = f"row {r + 1} of {name!r} gives no {', '.join(missing)}"
                yield CaseProblem(document.at((*where, r)), message, "every row gives its key and time fields")
