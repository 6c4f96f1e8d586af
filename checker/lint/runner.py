"""Run the lint: load paths, find rules, run the checks, apply suppressions, decide the exit.

Rules are resolved across every path given. When a standard names a rule found in none of them,
the ``rules/`` folder next to the standard's folder (``standards/x.yaml`` → ``rules/``) is loaded
too, for resolution only: problems inside those extra files are not reported, since they were not
asked for (lint them by naming them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from checker.codes import most_severe
from checker.diagnostics import Diagnostic, Severity
from checker.exitcodes import ExitCode
from checker.lint.check import Check
from checker.lint.choices import FAIL_ON_LEVELS as FAIL_ON_LEVELS  # re-exported; its home is light
from checker.lint.config import LintConfig
from checker.lint.context import LintContext, run_language
from checker.lint.registry import CHECKS
from checker.lint.suppress import apply_suppressions, parse_suppressions
from checker.load.library import Library, load_library, rules_folder_near
from checker.load.overlay import Overlay, effective_yaml, overlay_diff, resolve_all


def unusable(diagnostic: Diagnostic) -> bool:
    """A problem whose code's group makes the document unusable (exit 3), whatever its severity."""
    return diagnostic.kind.exit_class is ExitCode.INVALID_INPUT


@dataclass(frozen=True)
class LintReport:
    """Everything an output format needs: the files looked at, the findings, the checks that ran."""

    files: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    checks: tuple[Check, ...]
    invalid_input: bool = False
    """Some document could not be loaded (the run exits 3 whatever else was found)."""
    overlays: tuple[str, ...] = ()
    """For each overlay linted: its effective standard's changes against its parents (text lines)."""
    shown: tuple[Overlay, ...] = ()
    """The overlays linted, whose effective standards ``--show-effective`` prints."""
    lang: str = "en"
    """The language of the run's own words (severities, summary): see :func:`run_language`."""

    @property
    def effective(self) -> tuple[tuple[str, str], ...]:
        """(file, effective standard as YAML) for each overlay linted, for ``--show-effective``;
        dumped on demand: a plain lint never prints them, and dumping YAML is slow (0.02 s per overlay)."""
        return tuple((o.document.name, effective_yaml(o)) for o in self.shown if o.effective is not None)

    def failing(self, fail_on: str) -> list[Diagnostic]:
        """Diagnostics at or above ``fail_on`` (none for ``never``)."""
        if fail_on == "never":
            return []
        threshold = Severity(fail_on).rank
        return [d for d in self.diagnostics if d.severity.rank >= threshold]

    def exit_code(self, fail_on: str) -> ExitCode:
        """The most severe of: 3 if a document is unusable, 1 for findings at or above ``fail_on``."""
        found = [ExitCode.FINDINGS] if self.failing(fail_on) else []
        return most_severe([*found, ExitCode.INVALID_INPUT] if self.invalid_input else found)


def lint_library(
    library: Library,
    config: LintConfig | None = None,
    lang: str | None = None,
    today: dt.date | None = None,
    errors_only: bool = False,
) -> list[Diagnostic]:
    """Run every enabled check over a loaded library; unsorted, unsuppressed.

    With ``errors_only`` (the audit's gate, which keeps only errors) the checks whose findings
    would all be warnings or notes are not run: a check stamps every finding with its own
    severity, so the errors found are the same, without the writing-style checks' work."""
    config = config or LintConfig()
    context = LintContext(library, incomplete=any(unusable(d) for d in library.problems), lang=lang)
    if today is not None:
        context.today = today
    found: list[Diagnostic] = []
    for check in CHECKS:
        if config.enabled(check) and (not errors_only or config.severity_of(check) == Severity.ERROR):
            found.extend(check.run(context, config.severity_of(check)))
    return found


def _missing_rules(library: Library) -> bool:
    return any(
        requirement.rule not in library.rules
        for document in library.of_kind("standard")
        for _path, _clause, requirement in document.model.requirements()
    )


def add_neighbouring_rules(library: Library) -> set[str]:
    """Load the nearest ``rules/`` folder (beside the standard's folder or an ancestor's) when
    some rule is not yet known.

    Returns the display names of the files added."""
    added: set[str] = set()
    if not _missing_rules(library):
        return added
    loaded = {document.path.resolve() for document in library.documents}
    found = (rules_folder_near(document.path) for document in library.of_kind("standard"))
    for folder in sorted({f for f in found if f is not None}):
        extra = load_library([folder], expected={"rules"})
        for document in extra.documents:
            if document.path.resolve() not in loaded:
                loaded.add(document.path.resolve())
                library.add(document)
                added.add(document.name)
    return added


def with_end(diagnostic: Diagnostic, library: Library) -> Diagnostic:
    """The diagnostic with where its value ends, when it starts at a one-line value (SARIF regions)."""
    if diagnostic.end is not None:
        return diagnostic
    for document in library.documents:
        if document.name == diagnostic.location.file:
            end = document.positions.end_of(diagnostic.location)
            return replace(diagnostic, end=end) if end else diagnostic
    return diagnostic


def lint_paths(
    paths: Iterable[Path], config: LintConfig | None = None, lang: str | None = None, today: dt.date | None = None
) -> LintReport:
    """Lint files and folders; diagnostics are sorted and cover only the files given.

    Loading problems (unusable documents) are always reported and cannot be suppressed; the
    checks' findings (and SC020) go through the configuration and inline suppressions. ``lang``
    chooses the language of writers' messages (default: each standard's first language);
    ``today`` is the date review dates are compared with (default: the system's date).
    """
    config = config or LintConfig()
    library = load_library(paths, lang=lang)
    requested = set(library.files)
    context_only = add_neighbouring_rules(library)
    library.problems.extend(resolve_all(library, lang))  # overlays: a missing parent or a cycle is unusable
    loading = [d for d in library.problems if unusable(d)]
    findings = [d for d in library.problems if not unusable(d)]
    findings += lint_library(library, config, lang, today)
    suppressions = {d.name: parse_suppressions(d.text, d.name) for d in library.documents if d.name in requested}
    kept = loading + apply_suppressions(findings, suppressions)
    kept = [d for d in kept if d.location.file not in context_only]
    enabled = tuple(replace(check, severity=config.severity_of(check)) for check in CHECKS if config.enabled(check))
    diagnostics = tuple(sorted({with_end(d, library) for d in kept}, key=Diagnostic.sort_key))
    shown = [library.overlays[name] for name in sorted(library.overlays) if name in requested]
    told = run_language(library, lang)
    return LintReport(
        tuple(library.files),
        diagnostics,
        enabled,
        invalid_input=bool(loading),
        overlays=tuple(line for overlay in shown for line in overlay_diff(overlay, told)),
        shown=tuple(shown),
        lang=told,
    )
