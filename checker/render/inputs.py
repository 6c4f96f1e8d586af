"""What ``servcheck render`` reads: the standard (an overlay resolved to its effective standard), the
rule library beside it and the ISO 23592 taxonomy beside it.

Why not the audit's loader: rendering needs no dataset and no lint gate — a draft is rendered so
that its writers can read it as it will be published, lint findings and all. It reads only what the
user named and what the audit itself would read next to it (the nearest ``rules/`` folder, the
taxonomy beside the standard, an overlay's parents inside the project root), never anything else.
A standard that does not load, or an overlay whose chain does not resolve, is invalid input (exit 3,
located); a missing rule library or taxonomy only leaves rule definitions and element names out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.diagnostics import InvalidInput
from checker.load.documents import Document, load_document
from checker.load.library import Library, display_name, load_library, rules_folder_near
from checker.load.overlay import Change, resolve
from checker.model.rule import Rule
from checker.model.taxonomy import Taxonomy

TAXONOMY_FILE = "iso-23592.yaml"


@dataclass(frozen=True)
class Parent:
    """The standard an overlay extends (nearest first), as the foreword names it."""

    id: str
    version: str


@dataclass(frozen=True)
class RenderInputs:
    """The effective standard with the rules it uses and the names of its taxonomy."""

    standard: Document
    source: str
    rules: dict[str, Rule]
    taxonomy: Taxonomy | None
    parents: tuple[Parent, ...] = ()
    changes: tuple[Change, ...] = ()


def load_for_render(path: Path) -> RenderInputs:
    """Load ``path`` as a standard (YAML or Markdown draft); raises :class:`InvalidInput` (exit 3)."""
    document = load_document(path, {"standard"}, display_name(path))
    library = _rule_library(path)
    parents: tuple[Parent, ...] = ()
    changes: tuple[Change, ...] = ()
    if document.model.extends is not None:
        library.add(document)
        overlay = resolve(document, library)
        if overlay.problems or overlay.effective is None:
            raise InvalidInput(overlay.problems)
        parents = tuple(Parent(p.model.id, p.model.version) for p in overlay.parents)
        changes = tuple(overlay.changes)
        document = overlay.effective
    rules = {rule_id: entry.rule for rule_id, entry in library.rules.items()}
    return RenderInputs(document, path.name, rules, _taxonomy(path), parents, changes)


def _rule_library(path: Path) -> Library:
    """The rules beside the standard, as the audit finds them; unloadable rule files are skipped
    (their rules are then shown by id only: rendering is not the place to lint the library)."""
    folder = rules_folder_near(path)
    return load_library([folder], {"rules"}) if folder else Library()


def _taxonomy(path: Path) -> Taxonomy | None:
    candidate = path.resolve().parent / TAXONOMY_FILE
    if not candidate.is_file():
        return None
    try:
        return load_document(candidate, {"taxonomy"}, display_name(candidate)).model
    except InvalidInput:
        return None
