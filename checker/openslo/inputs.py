"""The standard to export, with its rule library, as the audit would read it (lint-gated).

Why the lint gate: an export states targets to monitor; a standard the audit would refuse
(unknown rule, wrong unit, infeasible target) must not become an SLO either. An overlay is
exported as the effective standard its chain resolves to, as the audit judges it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.audit.inputs import TAXONOMY_FILE, default_rule_paths
from checker.diagnostics import InvalidInput, Severity
from checker.lint.runner import lint_library
from checker.load.documents import Document, load_document
from checker.load.library import display_name, load_library
from checker.load.overlay import resolve
from checker.model.rule import Rule


@dataclass(frozen=True)
class ExportInputs:
    """The effective standard and the rules it names, by id."""

    standard: Document
    rules: dict[str, Rule]


def load_export_inputs(standard: Path, rules: tuple[Path, ...] = ()) -> ExportInputs:
    """Load, resolve and lint; every error-severity problem at once, located (exit 3)."""
    library = load_library([*(rules or default_rule_paths(standard))], {"rules", "calendar"})
    problems = list(library.problems)
    try:
        document = load_document(standard, {"standard"}, display_name(standard))
    except InvalidInput as err:
        raise InvalidInput([*problems, *err.diagnostics]) from None
    if problems:
        raise InvalidInput(problems)
    library.add(document)
    if document.model.extends is not None:
        overlay = resolve(document, library)
        if overlay.problems or overlay.effective is None:
            raise InvalidInput(overlay.problems)
        library.documents.remove(document)
        document = overlay.effective
        library.overlays[document.name] = overlay
        library.add(document)
    taxonomy = standard.resolve().parent / TAXONOMY_FILE
    if taxonomy.is_file():
        library.add(load_document(taxonomy, {"taxonomy"}, display_name(taxonomy)))
    errors = [d for d in lint_library(library, errors_only=True) if d.severity == Severity.ERROR]
    if errors:
        raise InvalidInput(errors)
    return ExportInputs(document, {rule_id: entry.rule for rule_id, entry in library.rules.items()})
