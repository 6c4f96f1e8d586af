"""checker/codes.py: each code once, duplicates refused, diagnostics only from registered codes.

Expected codes, names and exit statuses are written out by hand from the issue's contract
(0 ok, 1 findings, 2 usage, 3 invalid input, 4 internal), not read back from the registry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import codes
from checker.codes import Code, DuplicateCode, Group, Registry, most_severe, stopping_exit_code
from checker.diagnostics import Diagnostic, InvalidInput, Location, Severity
from checker.exitcodes import ExitCode
from checker.lint.registry import CHECKS

AT = Location("std.yaml", 3, 5)


def test_a_duplicate_code_is_refused():
    registry = Registry()
    registry.register("SC900", "first-name", Group.LINT, "one")
    with pytest.raises(DuplicateCode, match="SC900 is already registered as 'first-name'"):
        registry.register("SC900", "second-name", Group.LOAD, "two")
    assert len(registry) == 1 and registry.find("second-name") is None


def test_a_duplicate_name_is_refused():
    registry = Registry()
    registry.register("SC900", "same-name", Group.LINT, "one")
    with pytest.raises(DuplicateCode, match="'same-name' is already registered for SC900"):
        registry.register("SC901", "same-name", Group.LINT, "two")
    assert len(registry) == 1


def test_the_shipped_registry_refuses_a_clash_with_an_existing_code_or_name():
    before = len(codes.REGISTRY)
    with pytest.raises(DuplicateCode):
        codes.REGISTRY.register("SC025", "rule-options-again", Group.PLAN, "a second meaning for SC025")
    with pytest.raises(DuplicateCode):
        codes.REGISTRY.register("SC999", "duplicate-clause-number", Group.LINT, "a second code for a name")
    assert len(codes.REGISTRY) == before


@pytest.mark.parametrize(
    ("code", "name", "summary"),
    [
        ("SC1", "short-code", "x"),
        ("sc001", "lower-case-code", "x"),
        ("SC0001", "long-code", "x"),
        ("SC900", "Upper-Name", "x"),
        ("SC900", "has space", "x"),
        ("SC900", "fine-name", ""),
        ("SC900", "fine-name", "two\nlines"),
    ],
)
def test_malformed_registrations_are_refused(code, name, summary):
    with pytest.raises(DuplicateCode):
        Registry().register(code, name, Group.LINT, summary)


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=30), st.sampled_from(["a", "b", "c", "d", "e", "f", "g"])),
        max_size=12,
    )
)
def test_registry_accepts_exactly_the_first_use_of_each_code_and_name(pairs):
    registry = Registry()
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    for number, name in pairs:
        code = f"SC{number:03d}"
        fresh = code not in seen_codes and name not in seen_names
        if fresh:
            entry = registry.register(code, name, Group.LINT, "summary")
            seen_codes.add(code)
            seen_names.add(name)
            assert registry.find(code) is entry is registry.find(name)
        else:
            with pytest.raises(DuplicateCode):
                registry.register(code, name, Group.LINT, "summary")
    assert len(registry) == len(seen_codes) == len(seen_names)
    assert [c.code for c in registry] == sorted(seen_codes)


def test_the_collisions_of_issue_9_are_resolved():
    # SC025 and SC027 mean one thing each; the measures' option errors and explain-case's
    # usage error have codes of their own
    assert (codes.get("SC025").name, codes.get("SC025").group) == ("duplicate-clause-number", Group.LINT)
    assert (codes.get("SC027").name, codes.get("SC027").group) == ("clause-parent-number", Group.LINT)
    assert codes.find("rule-options").code == "SC046"
    assert codes.find("rule-options").group is Group.PLAN
    assert codes.find("explain-case").code not in {"SC025", "SC027"}
    assert codes.find("explain-case").group is Group.USAGE


def test_reserved_ranges_are_left_free():
    numbers = {int(c.code[2:]) for c in codes.all_codes()}
    held = {n for span in codes.RESERVED for n in span}
    # SC050–SC055 landed with the lint gate, SC069 with system-verdict, SC078 with source-changed;
    # SC079 stays held for sources
    assert held >= {79}, "SC079 stays held for new source and data codes until it lands"
    assert not numbers & held, "a registered code lies in a reserved range: shorten codes.RESERVED"


def test_every_code_has_a_group_summary_and_an_exit_class():
    expected = {"load": 3, "lint": 1, "plan": 3, "source": 3, "usage": 2, "internal": 4}
    for code in codes.all_codes():
        assert code.summary.strip() and "\n" not in code.summary
        assert int(code.exit_class) == expected[code.group.value], code
    assert codes.INTERNAL_ERROR.exit_class == 4


def test_lint_codes_are_exactly_the_checks_plus_the_duplicate_rule_id():
    lint_codes = {c.code for c in codes.all_codes() if c.group is Group.LINT}
    assert lint_codes == {check.code for check in CHECKS} | {"SC020"}


def test_a_checks_registered_summary_is_its_docstrings_first_line():
    for check in CHECKS:
        assert check.kind.summary == check.doc.splitlines()[0], check.code


def test_a_diagnostic_takes_its_name_from_the_registry():
    diagnostic = Diagnostic.of(codes.UNKNOWN_RULE, "no rule 'x'", AT, hint="check the spelling")
    assert diagnostic.render() == "std.yaml:3:5: SC028 error no rule 'x' [unknown-rule] (check the spelling)"
    warning = Diagnostic(codes.VAGUE_WORDING, Severity.WARNING, "vague", AT)
    assert (warning.code, warning.name, warning.severity) == ("SC101", "vague-wording", Severity.WARNING)


@pytest.mark.parametrize(
    "kind",
    [
        "SC028",  # a bare string
        Code("SC028", "unknown-rule", Group.LINT, codes.UNKNOWN_RULE.summary),  # equal, but not registered
        Code("SC998", "made-up", Group.LINT, "never registered"),
    ],
)
def test_a_diagnostic_cannot_be_made_from_an_unregistered_code(kind):
    with pytest.raises(TypeError, match=r"registered in checker\.codes"):
        Diagnostic(kind, Severity.ERROR, "message", AT)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], 3),  # a run stopped without saying why is still not OK
        ([codes.YAML_SYNTAX], 3),
        ([codes.MISSING_SOURCE], 3),
        ([codes.MISSING_FIELD], 3),
        ([codes.UNKNOWN_RULE], 3),  # a lint finding that stops an audit is invalid input there
        ([codes.EXPLAIN_CASE], 2),
        ([codes.EXPLAIN_CASE, codes.YAML_SYNTAX], 3),
        ([codes.INTERNAL_ERROR, codes.YAML_SYNTAX, codes.EXPLAIN_CASE], 4),
    ],
)
def test_a_stopped_run_exits_by_its_codes_groups(kinds, expected):
    assert stopping_exit_code(kinds) == expected
    assert InvalidInput([Diagnostic.of(k, "m", AT) for k in kinds]).exit_code == expected


@given(st.lists(st.sampled_from(list(ExitCode))))
def test_most_severe_follows_4_3_2_1_0(found):
    order = [4, 3, 2, 1, 0]
    expected = next((c for c in order if c in found), 0)
    assert most_severe(found) == expected


def test_measure_option_errors_carry_rule_options_not_duplicate_clause_number():
    from checker.measures import follow_up
    from checker.measures.base import PlanContext

    ctx = PlanContext(options={}, params={}, columns=[], locate=lambda key: Location("rules.yaml", 4, 7))
    with pytest.raises(InvalidInput) as refused:
        follow_up.parse_options(ctx)
    found = refused.value.diagnostics
    assert found and {d.code for d in found} == {"SC046"} and {d.name for d in found} == {"rule-options"}


def test_codes_module_names_each_code_once():
    text = Path(codes.__file__).read_text(encoding="utf-8")
    declared = re.findall(r'_register\(\s*"(SC\d{3})"', text)
    assert len(declared) == len(set(declared)) == len(codes.REGISTRY)


def test_a_check_module_with_a_string_code_or_its_own_name_is_refused():
    import types

    from checker.lint.check import Check

    def run(context):
        return []

    old_style = types.ModuleType("old_style")
    old_style.CODE, old_style.NAME, old_style.SEVERITY, old_style.run = "SC050", "x", Severity.ERROR, run
    with pytest.raises(TypeError, match="CODE must be a Code"):
        Check.from_module(old_style)
    new_style = types.ModuleType("new_style")
    new_style.CODE, new_style.SEVERITY, new_style.run = codes.VAGUE_WORDING, Severity.ERROR, run
    assert (Check.from_module(new_style).code, Check.from_module(new_style).name) == ("SC101", "vague-wording")
