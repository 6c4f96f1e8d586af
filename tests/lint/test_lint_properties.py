"""Property tests: clause ordering, warn bands with ring cadence, feasibility edges."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.lint.clause_numbers import number_key
from checker.lint.context import LintContext
from checker.lint.examples import library_from_text
from checker.lint.registry import find_check

HEAD = """\
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
%sclauses:
"""
RULES = """\
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    unit: percent
    parameters:
      threshold: {type: duration, limit: true}
  - id: contact.wait
    title: {en: Wait}
    definition: {en: 90th percentile of the wait.}
    measure: statistic
    table: calls
    unit: duration
  - id: survey.nps
    title: {en: NPS}
    definition: {en: Net promoter score.}
    measure: nps
    table: surveys
    unit: number
---
"""

numbers = st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=3).map(
    lambda parts: ".".join(map(str, parts))
)


def _codes(text: str, code: str) -> list:
    check = find_check(code)
    library = library_from_text(text)
    assert library.problems == []
    return [d for d in check.run(LintContext(library)) if d.code == code]


def _clauses(numbers: list[str]) -> str:
    body = "".join(f'  - number: "{n}"\n    kind: informative\n    text: {{en: Clause.}}\n' for n in numbers)
    return HEAD % "" + body


@given(st.lists(numbers, min_size=2, max_size=6, unique=True))
@settings(max_examples=40, deadline=None)
def test_sorted_siblings_pass_and_any_descent_is_reported(clause_numbers):
    ascending = sorted(clause_numbers, key=lambda n: tuple(int(p) for p in n.split(".")))
    assert _codes(_clauses(ascending), "SC026") == []
    assert len(_codes(_clauses(ascending[::-1]), "SC026")) >= 1


@given(numbers, numbers)
def test_number_key_orders_like_integer_tuples(a, b):
    as_ints = (tuple(int(p) for p in a.split(".")), tuple(int(p) for p in b.split(".")))
    assert (number_key(a) < number_key(b)) == (as_ints[0] < as_ints[1])


def _requirement(rule: str, target: str, warn: str | None = None, params: str = "", settings_: str = "") -> str:
    lines = [
        f'  - number: "1"\n    text: {{en: "Measured: 1."}}\n    requirements:\n      - id: r\n        rule: {rule}\n'
    ]
    if params:
        lines.append(f"        params: {{{params}}}\n")
    lines.append(f'        target: "{target}"\n')
    if warn:
        lines.append(f'        warn: "{warn}"\n')
    return RULES + HEAD % settings_ + "".join(lines)


def test_warn_in_rings_uses_the_standards_cadence():
    # 4 rings at the default 5 s = 20 s; warn 15 s is stricter (lower) → fine
    assert _codes(_requirement("contact.wait", "<= 4 rings", "<= 15s"), "SC031") == []
    # at 3 s per ring, 4 rings = 12 s; warn 15 s is looser → reported
    cadence = "settings: {ring_cadence: 3s}\n"
    assert len(_codes(_requirement("contact.wait", "<= 4 rings", "<= 15s", settings_=cadence), "SC031")) == 1


def test_rings_are_a_duration_target_and_percent_is_not():
    assert _codes(_requirement("contact.wait", "<= 3 rings"), "SC029") == []
    assert len(_codes(_requirement("contact.wait", "<= 90%"), "SC029")) == 1
    assert len(_codes(_requirement("survey.nps", ">= 40%"), "SC029")) == 1


def test_feasibility_edges():
    assert len(_codes(_requirement("contact.answered-within", ">= 100%", params="threshold: 0s"), "SC035")) == 1
    assert _codes(_requirement("contact.answered-within", ">= 100%", params="threshold: 1s"), "SC035") == []


def test_zero_duration_that_is_not_the_limit_is_feasible():
    # "abandons under 0 s are left out" excludes nothing: a legitimate setting, not an infeasible target
    text = _requirement("contact.answered-within", ">= 96%", params="threshold: 10s, short: 0s")
    text = text.replace(
        "threshold: {type: duration, limit: true}",
        "threshold: {type: duration, limit: true}\n      short: {type: duration}",
    )
    assert "short: {type: duration}" in text
    assert _codes(text, "SC035") == []
    assert len(_codes(text.replace("threshold: 10s", "threshold: 0s"), "SC035")) == 1


TIMER = """\
kind: rules
rules:
  - id: repair.same-day
    title: {en: Same-day repair}
    definition: {en: Share of repairs resolved by the close of their business day.}
    measure: timer
    table: repairs
    unit: percent
    options:
      goals:
        - GOAL
---
"""


def test_a_deadline_goal_is_a_time_limit():
    standard = HEAD % "" + (
        '  - number: "1"\n    text: {en: "Repairs are resolved the same day."}\n'
        '    requirements:\n      - id: r\n        rule: repair.same-day\n        target: ">= 90%"\n'
    )
    # the default goal "by: same day" bounds every case in time: no SC103
    assert _codes(TIMER.replace("GOAL", "{by: same day}") + standard, "SC103") == []
    # a goal list whose last entry only applies to some cases leaves the others unbounded
    only_p1 = TIMER.replace("GOAL", "{when: \"priority = 'P1'\", within: 4h}")
    assert len(_codes(only_p1 + standard, "SC103")) == 1
