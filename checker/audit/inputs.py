"""Stage 2, the inputs: every document loaded with positions, the lint gate, calendars resolved once.

The linter's integrity checks (unknown rules, parameters, units, infeasible targets, options,
expressions) stop the audit with located errors; its writing-style warnings do not: they are for
writers, not for a verdict. Lint clean means no later stage stops on a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker import codes
from checker.audit.request import AuditRequest
from checker.diagnostics import Diagnostic, InvalidInput, Location, Severity
from checker.lint.context import run_language
from checker.lint.runner import lint_library
from checker.load.documents import Document, load_document
from checker.load.library import Library, display_name, load_library, rules_folder_near
from checker.load.overlay import Overlay, resolve
from checker.model.calendar import Calendar

TAXONOMY_FILE = "iso-23592.yaml"
"""The ISO 23592 taxonomy beside the standard: clause tags are checked against it and named by it."""


@dataclass(frozen=True)
class Inputs:
    """The documents of one audit, validated and linted."""

    library: Library
    standard: Document
    dataset: Document
    calendars: dict[str, Calendar]
    parents: tuple[Document, ...] = ()  # an overlay's parents, nearest first (the standard is the effective one)
    overlay: Overlay | None = None
    waivers: tuple[Document, ...] = ()


def default_rule_paths(standard: Path) -> tuple[Path, ...]:
    """The nearest ``rules/`` folder beside the standard's folder or an ancestor of it."""
    found = rules_folder_near(standard)
    return (found,) if found else ()


def load_inputs(request: AuditRequest) -> Inputs:
    """Load, validate and lint every document; all problems at once, located (exit 3)."""
    # The rule paths may also hold business calendars of their own (kind: calendar).
    library = load_library([*(request.rules or default_rule_paths(request.standard))], {"rules", "calendar"})
    problems = list(library.problems)
    docs: dict[str, Document] = {}
    for path, kind in ((request.standard, "standard"), (request.dataset, "dataset")):
        try:
            docs[kind] = load_document(path, {kind}, display_name(path))
        except InvalidInput as err:
            problems.extend(err.diagnostics)
            continue
        library.add(docs[kind])
    if problems or len(docs) < 2:
        raise InvalidInput(problems)
    overlay = None
    if docs["standard"].model.extends is not None:
        overlay = resolve(docs["standard"], library, request.lang)
        if overlay.problems or overlay.effective is None:
            raise InvalidInput(overlay.problems, request.lang or docs["standard"].model.languages[0])
        library.documents.remove(docs["standard"])
        docs["standard"] = overlay.effective
        library.overlays[overlay.effective.name] = overlay  # its changes are linted (SC063) with the rest
        library.add(docs["standard"])
    chain = {docs["standard"].model.id, *(p.model.id for p in (overlay.parents if overlay else []))}
    waivers = _load_waivers(request, library, chain)
    taxonomy = request.standard.resolve().parent / TAXONOMY_FILE
    if taxonomy.is_file():
        library.add(load_document(taxonomy, {"taxonomy"}, display_name(taxonomy)))
    errors = [d for d in lint_library(library, lang=request.lang, errors_only=True) if d.severity == Severity.ERROR]
    if errors:
        raise InvalidInput(errors, run_language(library, request.lang))
    return Inputs(
        library,
        docs["standard"],
        docs["dataset"],
        calendars_in_force(docs["standard"], docs["dataset"], library),
        tuple(overlay.parents) if overlay else (),
        overlay,
        waivers,
    )


def _load_waivers(request: AuditRequest, library: Library, standards: set[str]) -> tuple[Document, ...]:
    """The waiver files given, validated (their requirements are linted with the standard: SC062);
    a waiver id given in two files is refused, located at the second, and so is a file whose
    ``standard`` is neither the standard audited nor one it extends (``standards``)."""
    problems: list[Diagnostic] = []
    documents: list[Document] = []
    seen: dict[str, Location] = {}
    for path in request.waivers:
        try:
            document = load_document(path, {"waivers"}, display_name(path))
        except InvalidInput as err:
            problems.extend(err.diagnostics)
            continue
        named = document.model.standard
        if named is not None and named not in standards:
            message = f"these waivers are for standard {named!r}; the audit runs {', '.join(sorted(standards))}"
            problems.append(Diagnostic.of(codes.INVALID_VALUE, message, document.at(("standard",))))
        for i, waiver in enumerate(document.model.waivers):
            where = document.at(("waivers", i, "id"))
            if waiver.id in seen:
                message = f"waiver id {waiver.id!r} is also given at {seen[waiver.id]}"
                problems.append(Diagnostic.of(codes.INVALID_VALUE, message, where))
            seen.setdefault(waiver.id, where)
        documents.append(document)
        library.add(document)
    if problems:
        raise InvalidInput(problems)
    return tuple(documents)


def calendars_in_force(
    standard_doc: Document, dataset_doc: Document, library: Library | None = None
) -> dict[str, Calendar]:
    """Named calendars: built-in ``24x7`` (UTC), calendar files beside the rules (by id), then the
    standard's, then the dataset's — later ones win, so the dataset can describe its own hours."""
    found: dict[str, Calendar] = {"24x7": Calendar.around_the_clock()}
    if library is not None:
        found.update({doc.model.id: doc.model for doc in library.of_kind("calendar") if doc.model.id})
    found.update(standard_doc.model.settings.calendars)
    found.update(dataset_doc.model.calendars)
    return found
