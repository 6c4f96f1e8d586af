"""The explicit list of lint checks, and the codes loading reports before any check runs.

Adding a check: register its code and name in ``checker/codes.py`` (group ``lint``), write
``checks/<name>.py`` (``CODE = codes.X``, SEVERITY, ``run``, a docstring with a PASS and a FAIL
example) and add it to :data:`CHECKS`. No import magic: this list is the registry.
"""

from __future__ import annotations

from checker import codes
from checker.codes import Code, Group, all_codes
from checker.lint.check import Check
from checker.lint.checks import (
    clause_order,
    clause_parent_number,
    corrective_action_due,
    cross_table_link,
    duplicate_clause_number,
    duplicate_requirement_id,
    duplicate_standard_id,
    expect_groups,
    expired_waiver,
    field_expression,
    golden_case_data,
    golden_case_requirement,
    group_by_field,
    identifier_name,
    infeasible_target,
    interval_period,
    manner_wording,
    mapping_expression,
    measure_options,
    missing_language,
    no_time_limit,
    normative_without_requirement,
    number_without_requirement,
    published_without_effective_date,
    qualitative_review,
    quality_gate,
    review_overdue,
    review_settings,
    rule_parameters,
    source_glob,
    system_verdict,
    target_unit,
    taxonomy_integrity,
    text_requirement_mismatch,
    timezone_name,
    unchecked_text_quantity,
    undeclared_tag,
    unjustified_loosening,
    unknown_rule,
    unknown_taxonomy_tag,
    unknown_waiver_requirement,
    untagged_clause,
    unused_waiver,
    vague_wording,
    warn_not_stricter,
)

CHECKS: tuple[Check, ...] = tuple(
    Check.from_module(module)
    for module in (
        rule_parameters,
        duplicate_standard_id,
        duplicate_requirement_id,
        duplicate_clause_number,
        clause_order,
        clause_parent_number,
        unknown_rule,
        target_unit,
        infeasible_target,
        warn_not_stricter,
        unknown_taxonomy_tag,
        undeclared_tag,
        corrective_action_due,
        group_by_field,
        taxonomy_integrity,
        vague_wording,
        normative_without_requirement,
        no_time_limit,
        missing_language,
        number_without_requirement,
        published_without_effective_date,
        untagged_clause,
        text_requirement_mismatch,
        unchecked_text_quantity,
        manner_wording,
        review_overdue,
        measure_options,
        field_expression,
        mapping_expression,
        identifier_name,
        timezone_name,
        system_verdict,
        expect_groups,
        quality_gate,
        source_glob,
        qualitative_review,
        review_settings,
        unused_waiver,
        expired_waiver,
        unknown_waiver_requirement,
        unjustified_loosening,
        cross_table_link,
        interval_period,
        golden_case_requirement,
        golden_case_data,
    )
)

LOADING_CODES: dict[str, Code] = {
    code.code: code
    for code in sorted(
        (*(c for c in all_codes() if c.group is Group.LOAD), codes.LINT_CONFIG, codes.DUPLICATE_RULE_ID),
        key=lambda c: c.code,
    )
}
"""Problems found before the checks run (from ``checker/codes.py``); those whose exit class is
invalid input (all but SC009 and SC020) make a document unusable."""


def by_code() -> dict[str, Check]:
    """Each check under its code and every extra code it emits (SC015 → rule-parameters)."""
    table: dict[str, Check] = {}
    for check in CHECKS:
        for code in check.codes:
            table.setdefault(code, check)
    return table


def find_check(code_or_name: str) -> Check | None:
    """A check by code (``SC101``, or an extra code it emits such as ``SC015``) or name."""
    wanted = code_or_name.strip()
    table = by_code()
    if wanted.upper() in table:
        return table[wanted.upper()]
    return next((check for check in CHECKS if wanted.lower() == check.name), None)
