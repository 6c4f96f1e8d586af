"""Every diagnostic code servcheck reports, declared once: code, name, group, summary, exit class.

Why one registry: a code is a contract with users (they suppress it, grep CI logs for it, look it
up in ``docs/errors.md``), so one code must mean one thing. When codes were loose strings at each
call site, ``SC025`` meant both a duplicate clause number and a measure's bad options, and a
command decided its exit status by comparing code strings. Here a code is declared once; a
:class:`~checker.diagnostics.Diagnostic` can only be made from a :class:`Code` of this module, so
its name is never typed twice; and the exit status follows from the code's :class:`Group`.

Registering a code or a name twice raises :class:`DuplicateCode` at import time (as sqlfluff
does), so a clash can never ship.

Numbering: SC001–SC020 loading, SC021–SC035, SC050–SC069 and SC101– lint checks,
SC030 and SC040–SC049 planning an audit against a dataset and its sources, SC070–SC079 data files (SC077: nesting
too deep, a loading code), SC080– servcheck itself (usage, internal; SC120 calibrate),
SC115–SC116 golden-case lint checks and SC117 ``servcheck test`` usage, SC118–SC119 OpenSLO export
and import. Reserved, do not use except for the work they are held for: SC079
new source and data codes (see :data:`RESERVED`).

``docs/errors.md`` is generated from this module (``python -m checker.codes_docs docs/errors.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from checker.exitcodes import ExitCode


class Group(StrEnum):
    """Where a problem comes from; it decides the exit status (see :data:`EXIT_CLASS`)."""

    LOAD = "load"
    """A document cannot be read or does not match its schema."""
    LINT = "lint"
    """A lint check's finding: the document loads but breaks a rule of good standards."""
    PLAN = "plan"
    """Planning an audit: a requirement cannot be measured against the dataset."""
    SOURCE = "source"
    """A dataset mapping cannot be applied to its data files."""
    USAGE = "usage"
    """The command line (or the lint configuration, its extension) asks for something that is not there."""
    INTERNAL = "internal"
    """A bug in servcheck."""


EXIT_CLASS: dict[Group, ExitCode] = {
    Group.LOAD: ExitCode.INVALID_INPUT,
    Group.LINT: ExitCode.FINDINGS,
    Group.PLAN: ExitCode.INVALID_INPUT,
    Group.SOURCE: ExitCode.INVALID_INPUT,
    Group.USAGE: ExitCode.USAGE,
    Group.INTERNAL: ExitCode.INTERNAL,
}
"""The exit status a problem of each group leads to when it decides a run."""

PRECEDENCE: tuple[ExitCode, ...] = (
    ExitCode.INTERNAL,
    ExitCode.INVALID_INPUT,
    ExitCode.USAGE,
    ExitCode.FINDINGS,
    ExitCode.OK,
)
"""When several problems end one run, the first of these among them is the exit status: a bug
outranks everything, unusable input outranks a wrong argument, which outranks findings."""

CODE_PATTERN = re.compile(r"SC\d{3}")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*")


class DuplicateCode(ValueError):
    """A code or a name registered twice (or malformed): refused at import time."""


@dataclass(frozen=True)
class Code:
    """One registered diagnostic code. Make it with :meth:`Registry.register`, never directly."""

    code: str
    name: str
    group: Group
    summary: str

    @property
    def exit_class(self) -> ExitCode:
        return EXIT_CLASS[self.group]

    def __str__(self) -> str:
        return self.code


class Registry:
    """Codes by code and by name; both unique."""

    def __init__(self) -> None:
        self._by_code: dict[str, Code] = {}
        self._by_name: dict[str, Code] = {}

    def register(self, code: str, name: str, group: Group, summary: str) -> Code:
        """Declare a code; a duplicate code or name, or a malformed one, raises :class:`DuplicateCode`."""
        if not CODE_PATTERN.fullmatch(code):
            raise DuplicateCode(f"{code!r} is not a code of the form SC000")
        if not NAME_PATTERN.fullmatch(name):
            raise DuplicateCode(f"{code}: name {name!r} must be lower-case words joined by '-' or '.'")
        if not summary.strip() or "\n" in summary:
            raise DuplicateCode(f"{code}: the summary must be one non-empty line")
        if code in self._by_code:
            raise DuplicateCode(f"{code} is already registered as {self._by_code[code].name!r}")
        if name in self._by_name:
            raise DuplicateCode(f"name {name!r} is already registered for {self._by_name[name].code}")
        entry = Code(code, name, Group(group), summary)
        self._by_code[code] = entry
        self._by_name[name] = entry
        return entry

    def get(self, code: str) -> Code:
        """The code registered as ``code``; :class:`KeyError` naming it otherwise."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a registered diagnostic code") from None

    def find(self, code_or_name: str) -> Code | None:
        """A code by its code (any case) or its name; None when neither is registered."""
        wanted = code_or_name.strip()
        return self._by_code.get(wanted.upper()) or self._by_name.get(wanted.lower())

    def owns(self, entry: Code) -> bool:
        """True when ``entry`` is the very object this registry handed out for its code."""
        return self._by_code.get(entry.code) is entry

    def __iter__(self) -> Iterator[Code]:
        return iter(sorted(self._by_code.values(), key=lambda c: c.code))

    def __len__(self) -> int:
        return len(self._by_code)


REGISTRY = Registry()
_register = REGISTRY.register

# --- load: reading and validating a document (exit 3) ------------------------------------------
YAML_SYNTAX = _register("SC001", "yaml-syntax", Group.LOAD, "the file is not valid YAML")
DUPLICATE_KEY = _register(
    "SC002", "duplicate-key", Group.LOAD, "a mapping repeats a key (YAML would silently keep only one)"
)
ENCODING = _register("SC003", "encoding", Group.LOAD, "the file is not UTF-8, or is too large")
FORBIDDEN_TAG = _register(
    "SC004", "forbidden-tag", Group.LOAD, "a YAML tag (!!python/…, merge key <<) outside plain values"
)
ALIAS_EXPANSION = _register(
    "SC005", "alias-expansion", Group.LOAD, "aliases expand to too many values (a 'billion laughs' file)"
)
TAB = _register("SC006", "tab", Group.LOAD, "a tab character used for indentation")
UNREADABLE = _register("SC007", "unreadable", Group.LOAD, "the file cannot be read")
QUANTITY_NOTATION = _register(
    "SC008",
    "quantity-notation",
    Group.LOAD,
    "a quantity written in a form with two readings (3分, 十几秒, 三声以内); the hint gives the exact replacement",
)
LINT_CONFIG = _register(
    "SC009", "lint-config", Group.USAGE, "an unknown code or level in .servcheck.yaml or a '# servcheck:' comment"
)
UNKNOWN_KEY = _register("SC011", "unknown-key", Group.LOAD, "a key the schema does not allow (with a did-you-mean)")
WRONG_TYPE = _register("SC012", "wrong-type", Group.LOAD, "a value of the wrong type")
MISSING_KEY = _register("SC013", "missing-key", Group.LOAD, "a required key is missing")
INVALID_VALUE = _register("SC014", "invalid-value", Group.LOAD, "a value the schema or model rejects")
UNIT = _register("SC015", "unit", Group.LOAD, "a quantity with a missing or wrong unit")
OVERLAY_CYCLE = _register(
    "SC016", "overlay-cycle", Group.LOAD, "a standard's 'extends' chain comes back to a standard already in it"
)
OVERLAY_PARENT = _register(
    "SC017",
    "overlay-parent",
    Group.LOAD,
    "an 'extends' parent that is missing, not a standard, a URL, absolute, or outside the project root",
)
DUPLICATE_RULE_ID = _register("SC020", "duplicate-id", Group.LINT, "a rule id defined twice in the rule library")
NESTING_TOO_DEEP = _register(
    "SC077",
    "nesting-too-deep",
    Group.LOAD,
    "mappings and lists nested deeper than the loader accepts (64 levels)",
)

# --- lint: the checks of checker/lint/checks (exit 1 at or above --fail-on) ---------------------
# Each summary is its check's docstring's first line (a test keeps them equal).
RULE_PARAMETERS = _register(
    "SC021",
    "rule-parameters",
    Group.LINT,
    "A requirement's ``params`` match its rule's declared parameters: names, types and units.",
)
DUPLICATE_STANDARD_ID = _register(
    "SC023", "duplicate-standard-id", Group.LINT, "Standard ids are unique across all files linted together."
)
DUPLICATE_REQUIREMENT_ID = _register(
    "SC024", "duplicate-requirement-id", Group.LINT, "Requirement ids are unique within a standard."
)
DUPLICATE_CLAUSE_NUMBER = _register(
    "SC025", "duplicate-clause-number", Group.LINT, "Clause numbers are unique within a standard."
)
CLAUSE_ORDER = _register(
    "SC026",
    "clause-order",
    Group.LINT,
    "Sibling clauses are in ascending numeric order: 5.1 before 5.2, 5.2 before 5.10.",
)
CLAUSE_PARENT_NUMBER = _register(
    "SC027",
    "clause-parent-number",
    Group.LINT,
    "A sub-clause's number starts with its parent's number: the children of 5.2 are 5.2.1, 5.2.2…",
)
UNKNOWN_RULE = _register(
    "SC028", "unknown-rule", Group.LINT, "Every requirement's ``rule`` names a rule in the rule library."
)
TARGET_UNIT = _register(
    "SC029", "target-unit", Group.LINT, "A requirement's ``target`` and ``warn`` are in the unit of its rule."
)
WARN_NOT_STRICTER = _register(
    "SC031",
    "warn-not-stricter",
    Group.LINT,
    "A requirement's ``warn`` threshold is stricter than its target, in the same direction.",
)
UNKNOWN_TAXONOMY_TAG = _register(
    "SC032",
    "unknown-taxonomy-tag",
    Group.LINT,
    "Clause tags name elements and levels that exist in the loaded taxonomy.",
)
GROUP_BY_FIELD = _register(
    "SC033",
    "group-by-field",
    Group.LINT,
    "``group_by`` fields are among the fields the requirement's rule declares (off by default).",
)
TAXONOMY_INTEGRITY = _register(
    "SC034",
    "taxonomy-integrity",
    Group.LINT,
    "A taxonomy's ids are unique and every element's ``parent`` is one of its dimensions.",
)
INFEASIBLE_TARGET = _register(
    "SC035",
    "infeasible-target",
    Group.LINT,
    'Targets are feasible: no share above 100% or below 0%, nothing "within 0 s", NPS within ±100.',
)
VAGUE_WORDING = _register(
    "SC101",
    "vague-wording",
    Group.LINT,
    'Clause texts do not use vague words ("promptly", "及时") without stating a quantity.',
)
NORMATIVE_WITHOUT_REQUIREMENT = _register(
    "SC102",
    "normative-without-requirement",
    Group.LINT,
    "A normative clause has a requirement, or is marked informative or qualitative.",
)
NO_TIME_LIMIT = _register("SC103", "no-time-limit", Group.LINT, "A time-bound requirement states its time limit.")
MISSING_LANGUAGE = _register(
    "SC104",
    "missing-language",
    Group.LINT,
    "Every text is given in every language the document declares in ``languages``.",
)
NUMBER_WITHOUT_REQUIREMENT = _register(
    "SC105",
    "number-without-requirement",
    Group.LINT,
    "A normative clause whose text states a number has a requirement that measures it.",
)
PUBLISHED_WITHOUT_EFFECTIVE_DATE = _register(
    "SC106",
    "published-without-effective-date",
    Group.LINT,
    "A published standard says from when it applies (``effective``).",
)
UNTAGGED_CLAUSE = _register(
    "SC107",
    "untagged-clause",
    Group.LINT,
    "A clause with requirements is tagged with an ISO 23592 element and level (off by default).",
)
TEXT_REQUIREMENT_MISMATCH = _register(
    "SC108",
    "text-requirement-mismatch",
    Group.LINT,
    "A quantity a clause's text states agrees with its requirements' targets and parameters.",
)
UNCHECKED_TEXT_QUANTITY = _register(
    "SC109",
    "unchecked-text-quantity",
    Group.LINT,
    "Every quantity a clause's text states is checked by one of the clause's requirements.",
)
MANNER_WORDING = _register(
    "SC110",
    "manner-wording",
    Group.LINT,
    'Clause texts do not ask for an attitude ("热情", "courteous") without saying what is observed.',
)
REVIEW_OVERDUE = _register("SC111", "review-overdue", Group.LINT, "A standard's ``review_by`` date has not passed.")
GOLDEN_CASE_REQUIREMENT = _register(
    "SC115",
    "golden-case-requirement",
    Group.LINT,
    "A golden case expects figures of requirements the standard has.",
)
GOLDEN_CASE_DATA = _register(
    "SC116",
    "golden-case-data",
    Group.LINT,
    "A golden case's rows use canonical fields with values of their types, and its settings are valid.",
)

# SC050–SC055: the lint gate (lint clean => the audit's document checks pass)
MEASURE_OPTIONS = _register(
    "SC050",
    "measure-options",
    Group.LINT,
    "A rule's ``options`` are the options of its measure, with values of the right type.",
)
FIELD_EXPRESSION = _register(
    "SC051",
    "field-expression",
    Group.LINT,
    "Requirement ``where`` filters and rule option expressions compile over the canonical fields, types included.",
)
MAPPING_EXPRESSION = _register(
    "SC052",
    "mapping-expression",
    Group.LINT,
    "A dataset's ``expr`` fields, ``exclude`` filters and ``column`` names fit its source files.",
)
IDENTIFIER_NAME = _register(
    "SC053",
    "identifier-name",
    Group.LINT,
    "Dataset table names, field names and rule tables are identifiers: lower case, digits and ``_``.",
)
TIMEZONE_NAME = _register(
    "SC054",
    "timezone-name",
    Group.LINT,
    "Time zones are canonical IANA names (``Asia/Shanghai``, ``Europe/London``, ``UTC``).",
)
SOURCE_GLOB = _register(
    "SC055",
    "source-glob",
    Group.LINT,
    "Each ``source`` of a dataset table matches files (not folders), relative to the mapping file.",
)

# --- plan: a requirement that cannot be measured against the dataset (exit 3) ------------------
UNSAFE_EXPRESSION = _register(
    "SC030",
    "unsafe-expression",
    Group.PLAN,
    "an expression outside the safe subset, or naming an unknown field",
)
EXPECTED_GROUPS = _register(
    "SC040",
    "expected-groups-unresolved",
    Group.PLAN,
    "expect_groups asks for a taxonomy that is not in force, or a table or field the dataset does not have",
)
MISSING_FIELD = _register("SC044", "missing-field", Group.PLAN, "a rule needs a field the dataset's table does not map")
UNKNOWN_FIELD = _register("SC045", "unknown-field", Group.PLAN, "a group_by field the dataset's table does not map")
RULE_OPTIONS = _register("SC046", "rule-options", Group.PLAN, "a rule's measure options are invalid")
ENGINE_UNSUPPORTED = _register(
    "SC047", "engine-unsupported", Group.PLAN, "a requirement's measure does not run on the chosen engine yet"
)
PARTNER_TABLE = _register(
    "SC048",
    "partner-table",
    Group.PLAN,
    "a cross-table rule's partner table, link field or shared grouping field is not in the dataset",
)
SPARK_ONLY_SOURCE = _register(
    "SC049", "spark-only-source", Group.PLAN, "a table's source is a URI or catalog table, read only on --engine spark"
)

# --- source: a dataset mapping that cannot be applied to its files (exit 3) --------------------
MISSING_SOURCE = _register("SC041", "missing-source", Group.SOURCE, "a table's source file or glob matches no file")
TIMEZONE = _register("SC042", "timezone", Group.SOURCE, "an unknown IANA time zone")
MISSING_COLUMN = _register("SC043", "missing-column", Group.SOURCE, "a mapped column is not in the source file")
EMPTY_SOURCE = _register(
    "SC070", "empty-source", Group.SOURCE, "a data file is empty (a header alone is fine: zero rows)"
)
SOURCE_ENCODING = _register(
    "SC071", "source-encoding", Group.SOURCE, "a data file is not UTF-8 (the message names the likely encoding)"
)
CSV_DELIMITER = _register(
    "SC072", "csv-delimiter", Group.SOURCE, "a CSV file's first line holds another delimiter than the mapping's"
)
UNCLOSED_QUOTE = _register("SC073", "unclosed-quote", Group.SOURCE, "a CSV field's quote is never closed")
NOT_PARQUET = _register("SC074", "not-parquet", Group.SOURCE, "a Parquet source is truncated or another format")
UNREADABLE_SOURCE = _register(
    "SC075", "unreadable-source", Group.SOURCE, "a data file is binary or cannot be read in its format"
)
NO_JSON_RECORDS = _register(
    "SC076", "no-json-records", Group.SOURCE, "a JSON Lines file has no line holding a JSON object"
)
SOURCE_CHANGED = _register(
    "SC078",
    "source-changed",
    Group.SOURCE,
    "a data file changed, or was removed, while the audit read it: its figures could mix two versions",
)

SYSTEM_VERDICT = _register(
    "SC069",
    "system-verdict",
    Group.LINT,
    "A table's ``system_verdict`` names a boolean field of it, and its ``explain`` conditions compile over its fields.",
)

QUALITATIVE_REVIEW = _register(
    "SC058",
    "qualitative-review",
    Group.LINT,
    "A qualitative clause's ``reviewed_by`` names a table and a checklist item that exist.",
)
REVIEW_SETTINGS = _register(
    "SC059",
    "review-settings",
    Group.LINT,
    "``reviewed_by`` and ``assessment`` are given on qualitative clauses only.",
)
CROSS_TABLE_LINK = _register(
    "SC065",
    "cross-table-link",
    Group.LINT,
    "A cross-table rule's partner table maps the link field and the fields the requirement groups on.",
)

# SC060–SC063: waivers and overlays (issue 12)
UNUSED_WAIVER = _register(
    "SC060",
    "unused-waiver",
    Group.LINT,
    "A waiver's scope can match a finding of its requirement: its group fields are ones the requirement groups by.",
)
EXPIRED_WAIVER = _register(
    "SC061",
    "expired-waiver",
    Group.LINT,
    "A waiver has not expired (as of today, or lint's ``--as-of`` date).",
)
UNKNOWN_WAIVER_REQUIREMENT = _register(
    "SC062",
    "unknown-waiver-requirement",
    Group.LINT,
    "A waiver names a requirement of a standard linted with it.",
)
UNJUSTIFIED_LOOSENING = _register(
    "SC063",
    "unjustified-loosening",
    Group.LINT,
    "An overlay that loosens a parent's requirement gives a ``justification``.",
)

CORRECTIVE_ACTION_DUE = _register(
    "SC066",
    "corrective-action-due",
    Group.LINT,
    "A requirement's corrective action is due on a real date, written ``YYYY-MM-DD``.",
)
UNDECLARED_TAG = _register(
    "SC067",
    "undeclared-tag",
    Group.LINT,
    "A clause's own tags come from a tag set its standard declares, with one of that set's values.",
)

EXPECT_GROUPS = _register(
    "SC056",
    "expect-groups",
    Group.LINT,
    "``expect_groups`` names ``group_by`` fields, and the taxonomy codes it lists are codes of the taxonomy in force.",
)
QUALITY_GATE = _register(
    "SC057",
    "quality-gate",
    Group.LINT,
    "A table's ``quality`` gate gives shares with a % sign within 0–100%, fields the table maps and a duration.",
)

DRAFT_NESTING = _register(
    "SC113",
    "draft-nesting",
    Group.LOAD,
    "a clause nested where its number does not put it cannot be written as a Markdown draft (servcheck convert)",
)

# SC068 and SC112: free for new lint checks.
# SC079: reserved for new source and data codes.

INTERVAL_PERIOD = _register(
    "SC064",
    "interval-period",
    Group.LINT,
    "A requirement judged on intervals has a period of at most a day to cut them.",
)

# --- servcheck itself --------------------------------------------------------------------------
INTERNAL_ERROR = _register(
    "SC080",
    "internal-error",
    Group.INTERNAL,
    "a bug in servcheck: the traceback is written to a file; please report it (exit 4)",
)
EXPLAIN_CASE = _register(
    "SC081",
    "explain-case",
    Group.USAGE,
    "explain-case was asked for a requirement, table or case that the standard or data does not have",
)

SAMPLE_USAGE = _register(
    "SC082",
    "sample-usage",
    Group.USAGE,
    "servcheck sample was given arguments it cannot draw a sample from (requirement, size, level, AQL, table)",
)
NO_GOLDEN_CASES = _register(
    "SC117",
    "no-golden-cases",
    Group.USAGE,
    "servcheck test was given paths that hold no standard with golden cases (``cases:``)",
)
COMPARE_REPORTS = _register(
    "SC083",
    "compare-reports",
    Group.USAGE,
    "servcheck compare (or audit --compare) was given reports of two different standards",
)
CALIBRATE_USAGE = _register(
    "SC120",
    "calibrate-usage",
    Group.USAGE,
    "servcheck calibrate was asked for a requirement the standard does not have",
)

# --- OpenSLO export and import (docs/openslo.md) -------------------------------------------------
OPENSLO_DOCUMENT = _register(
    "SC118",
    "openslo-document",
    Group.LOAD,
    "an OpenSLO document does not have the OpenSLO v1 structure (or a servcheck metric source is malformed)",
)
OPENSLO_USAGE = _register(
    "SC119",
    "openslo-usage",
    Group.USAGE,
    "servcheck openslo was given an option it cannot use (time zone, window, start, output)",
)

PDF_BROWSER = _register(
    "SC114",
    "pdf-browser",
    Group.USAGE,
    "servcheck render --format pdf needs a headless Chromium (chromium, or $SERVCHECK_CHROMIUM): none was found, "
    "or it did not print the document",
)

RESERVED: tuple[range, ...] = (range(79, 80),)
"""Numbers held for codes other work is adding (SC079 sources):
registering one of them fails a test until the range is shortened here."""


def get(code: str) -> Code:
    """The registered code ``code`` (``"SC101"``); :class:`KeyError` if there is none."""
    return REGISTRY.get(code)


def find(code_or_name: str) -> Code | None:
    """A registered code by code or name, or None."""
    return REGISTRY.find(code_or_name)


def all_codes() -> tuple[Code, ...]:
    """Every registered code, sorted by code."""
    return tuple(REGISTRY)


def most_severe(exit_codes: Iterable[ExitCode]) -> ExitCode:
    """The exit status that wins among several (:data:`PRECEDENCE`); OK when there are none."""
    found = set(exit_codes)
    return next((code for code in PRECEDENCE if code in found), ExitCode.OK)


def stopping_exit_code(entries: Iterable[Code]) -> ExitCode:
    """The exit status of a run that these codes stopped (an ``InvalidInput``).

    Each code's group decides. A lint finding that stops a run (the audit refuses a standard that
    lint would flag) is invalid input there, not a finding: the run produced no verdict.
    """
    classes = [ExitCode.INVALID_INPUT if c.exit_class is ExitCode.FINDINGS else c.exit_class for c in entries]
    return most_severe(classes) if classes else ExitCode.INVALID_INPUT
