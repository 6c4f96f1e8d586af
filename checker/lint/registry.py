"""The explicit list of lint checks, and the codes loading reports before any check runs.

Adding a check: write ``checks/<name>.py`` (CODE, NAME, SEVERITY, ``run``, a docstring with a
PASS and a FAIL example) and add it to :data:`CHECKS`. No import magic: this list is the registry.
"""

from __future__ import annotations

from checker.lint.check import Check
from checker.lint.checks import (
    clause_order,
    clause_parent_number,
    duplicate_clause_number,
    duplicate_requirement_id,
    duplicate_standard_id,
    group_by_field,
    infeasible_target,
    missing_language,
    no_time_limit,
    normative_without_requirement,
    number_without_requirement,
    published_without_effective_date,
    rule_parameters,
    target_unit,
    taxonomy_integrity,
    unknown_rule,
    unknown_taxonomy_tag,
    untagged_clause,
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
        group_by_field,
        taxonomy_integrity,
        vague_wording,
        normative_without_requirement,
        no_time_limit,
        missing_language,
        number_without_requirement,
        published_without_effective_date,
        untagged_clause,
    )
)

LOADING_CODES: dict[str, tuple[str, str]] = {
    "SC001": ("yaml-syntax", "the file is not valid YAML"),
    "SC002": ("duplicate-key", "a mapping repeats a key (YAML would silently keep only one)"),
    "SC003": ("encoding", "the file is not UTF-8, or is too large"),
    "SC004": ("forbidden-tag", "a YAML tag (!!python/…, merge key <<) outside plain values"),
    "SC005": ("alias-expansion", "aliases expand to too many values (a 'billion laughs' file)"),
    "SC006": ("tab", "a tab character used for indentation"),
    "SC007": ("unreadable", "the file cannot be read"),
    "SC009": (
        "lint-config",
        "an unknown code or level in .servcheck.yaml or a '# servcheck:' comment",
    ),
    "SC011": ("unknown-key", "a key the schema does not allow (with a did-you-mean)"),
    "SC012": ("wrong-type", "a value of the wrong type"),
    "SC013": ("missing-key", "a required key is missing"),
    "SC014": ("invalid-value", "a value the schema or model rejects"),
    "SC015": ("unit", "a quantity with a missing or wrong unit"),
    "SC020": ("duplicate-id", "a rule id defined twice in the rule library"),
    "SC077": ("nesting-too-deep", "mappings and lists nested deeper than the loader accepts (64 levels)"),
}
"""Problems found before the checks run; all but SC009 and SC020 make a document unusable."""

ENGINE_CODES: dict[str, tuple[str, str]] = {
    "SC030": ("unsafe-expression", "an expression outside the safe subset, or naming an unknown field"),
    "SC040": ("dataset", "a dataset mapping that cannot be applied to its files"),
    "SC041": ("missing-source", "a table's source file or glob matches no file"),
    "SC042": ("timezone", "an unknown IANA time zone"),
    "SC043": ("missing-column", "a mapped column is not in the source file"),
    "SC044": ("missing-field", "a rule needs a field the dataset's table does not map"),
    "SC045": ("unknown-field", "a group_by field the dataset's table does not map"),
    "SC046": ("rule-options", "a rule's measure options are invalid"),
    "SC047": ("measure", "a measure that audits cannot run"),
    "SC070": ("empty-source", "a data file is empty (a header alone is fine: zero rows)"),
    "SC071": ("source-encoding", "a data file is not UTF-8 (the message names the likely encoding)"),
    "SC072": ("csv-delimiter", "a CSV file's first line holds another delimiter than the mapping's"),
    "SC073": ("unclosed-quote", "a CSV field's quote is never closed"),
    "SC074": ("not-parquet", "a Parquet source is truncated or another format"),
    "SC075": ("unreadable-source", "a data file is binary or cannot be read in its format"),
    "SC076": ("no-json-records", "a JSON Lines file has no line holding a JSON object"),
}
"""Problems an audit finds while planning against a dataset (all stop the audit with exit 3)."""

INVALID_INPUT_CODES = frozenset(LOADING_CODES) - {"SC009", "SC020"}
CONFIG_CODE = "SC009"


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
