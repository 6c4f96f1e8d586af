"""Every case of every ``tests/measures/<measure>/cases.yaml``, run on the backend (see ``harness``).

Expected values in the cases files are worked out by hand in a comment beside each case; exact
fractions are compared exactly, statistics (floats) to 1e-9.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from harness import case_files, expected_value, load_cases, refusal, run_case

from checker.diagnostics import InvalidInput
from checker.measures import registry

CASES = [pytest.param(case, id=f"{case.measure}: {case.name}") for path in case_files() for case in load_cases(path)]


@pytest.mark.parametrize("case", [c for c in CASES if not c.values[0].fails])
def test_case_measures_as_worked_by_hand(case):
    expect = case.spec["expect"]
    out = run_case(case)
    if "unassessable" in expect:
        assert out.plan.unassessable is not None and expect["unassessable"] in out.plan.unassessable
        return
    assert out.measured is not None
    want = expected_value(expect["value"])
    got = out.measured.value
    if want is None or (isinstance(want, Fraction) and isinstance(got, Fraction)):
        assert got == want
    else:
        assert isinstance(got, float) and not isinstance(want, Fraction), f"{got!r}: expected a float {want!r}"
        assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
    if "n" in expect:
        assert out.measured.n == expect["n"]
    if "successes" in expect:
        assert out.measured.successes == expect["successes"]
    if out.measured.successes is not None:  # the audit starts importing scipy for these only
        assert case.measure in registry.WITH_INTERVAL, "a share with its numerator: list the measure in WITH_INTERVAL"
    if "counts" in expect:
        assert out.measured.counts == expect["counts"]
    if "offending" in expect:
        assert out.offending is not None, "state a target: the offending predicate needs its operator and bound"
        assert out.offending == sorted(map(str, expect["offending"]))
    for note in expect.get("notes", []):
        assert any(note in n for n in out.notes), (note, out.notes)


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0].fails])
def test_case_options_refused(case):
    err = refusal(case)
    assert err is not None, "these options must be refused"
    assert case.spec["fail"] in str(err)
    if isinstance(err, InvalidInput):
        # located in the cases file, on the line of the option that is wrong (or inside its text)
        lines = {case.loaded.positions.of_value((*case.path, "options", key)).line for key in case.spec["options"]}
        for d in err.diagnostics:
            assert d.location.file.endswith(f"{case.measure}/cases.yaml")
            assert d.location.line in lines and d.location.column >= 1


def test_every_measure_has_cases():
    """Adding a measure is one module, one registry line and one cases file (see the registry)."""
    have = {path.parent.name for path in case_files()}
    assert have == set(registry.NAMES)


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.parent.name)
def test_each_file_has_enough_cases(path):
    cases = load_cases(path)
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names are unique within a file"
    assert len([c for c in cases if not c.fails]) >= 4
    assert "worked example" in names
