"""Every measure's docstring examples are executed: PASS blocks plan and run, FAIL blocks are refused,
and each worked example is a case of the measure's ``cases.yaml`` (so its arithmetic runs too).

The PASS and FAIL blocks are planned in the context of the measure's ``worked example`` case (its
fields, typed parameters, period and rows), so a block cannot name a parameter or a field that the
documented example does not have.
"""

from __future__ import annotations

import dataclasses

import pytest
from harness import ROOT, Case, load_cases, plan_case, refusal, run_case

from checker.measures import registry
from checker.measures.examples import option_examples, worked_examples

MEASURES = list(registry.NAMES)
PLANNED = [name for name in MEASURES if hasattr(registry.module(name), "plan")]


def worked_case(measure: str) -> Case:
    (case,) = [c for c in load_cases(ROOT / measure / "cases.yaml") if c.name == "worked example"]
    return case


def with_options(case: Case, options: dict) -> Case:
    spec = {k: v for k, v in case.spec.items() if k not in ("options", "expect", "target")}
    return dataclasses.replace(case, spec={**spec, "options": options})


@pytest.mark.parametrize("measure", MEASURES)
def test_docstring_has_pass_fail_and_worked_examples(measure):
    module = registry.module(measure)
    examples = option_examples(module)
    assert {e.outcome for e in examples} == {"PASS", "FAIL"}
    for example in examples:
        assert isinstance(example.options(), dict)
    (worked,) = worked_examples(module)
    assert "→" in worked or "=" in worked, "a worked example shows its arithmetic"


@pytest.mark.parametrize(
    ("measure", "index"),
    [(m, i) for m in PLANNED for i, e in enumerate(option_examples(registry.module(m))) if e.outcome == "PASS"],
)
def test_pass_example_plans_and_runs(measure, index):
    example = option_examples(registry.module(measure))[index]
    case = with_options(worked_case(measure), example.options())
    plan_case(case)  # validates against OPTIONS and plans, or raises
    out = run_case(case)
    assert out.measured is not None and out.measured.n > 0


@pytest.mark.parametrize(
    ("measure", "index"),
    [(m, i) for m in PLANNED for i, e in enumerate(option_examples(registry.module(m))) if e.outcome == "FAIL"],
)
def test_fail_example_is_refused(measure, index):
    example = option_examples(registry.module(measure))[index]
    assert refusal(with_options(worked_case(measure), example.options())) is not None


@pytest.mark.parametrize("measure", PLANNED)
def test_worked_example_is_a_case(measure):
    case = worked_case(measure)
    assert not case.fails and "expect" in case.spec


def test_extractor_reads_a_block_and_stops_at_the_next_paragraph():
    module = type(registry)("m")
    module.__doc__ = (
        "Title.\n\nPASS example (x)::\n\n    options:\n      a: 1\n\n      b: [2]\n"
        "After.\n\nFAIL example::\n\n    options: {c: 3}\n\nWorked example: 1 + 1\n→ 2.\n\nMore."
    )
    examples = option_examples(module)
    assert [(e.outcome, e.options()) for e in examples] == [("PASS", {"a": 1, "b": [2]}), ("FAIL", {"c": 3})]
    assert worked_examples(module) == ["Worked example: 1 + 1 → 2."]


def test_statistic_helpers_work_as_their_docstrings_show():
    import doctest

    from checker.measures import statistic

    result = doctest.testmod(statistic)
    assert result.attempted >= 3 and result.failed == 0
