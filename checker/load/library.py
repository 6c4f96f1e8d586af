"""Collect standards, rules, datasets and taxonomies from files and folders into one index.

The rule library is resolved by id across every rule file found, so a standard can name
``contact.service-level`` without knowing which file defines it. Problems that make a document
unusable are collected (not raised one at a time) so that lint reports them all in one run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.i18n import LANGUAGES, speaker
from checker.load.documents import Document, load_document
from checker.load.suffixes import MARKDOWN_SUFFIXES
from checker.model.rule import Rule

DOCUMENT_SUFFIXES = (".yaml", ".yml", *MARKDOWN_SUFFIXES)


@dataclass(frozen=True)
class RuleEntry:
    """A rule with the document and path it was defined at."""

    rule: Rule
    document: Document
    path: tuple[str | int, ...]

    @property
    def location(self) -> Location:
        return self.document.at(self.path)


@dataclass
class Library:
    """Every document loaded, by kind, and the rules by id."""

    documents: list[Document] = field(default_factory=list)
    rules: dict[str, RuleEntry] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    overlays: dict[str, Any] = field(default_factory=dict)
    """Standards with ``extends``, resolved by :func:`checker.load.overlay.resolve_all`, by document name."""
    lang: str | None = None
    """The language asked for (``--lang``); rule files declare none, so their problems use it or English."""
    unusable_languages: list[str] = field(default_factory=list)
    """The language each unusable document's problems were told in (its first declared language, or
    the one asked), so a run with nothing loaded still speaks the writer's language."""

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.kind == kind]

    def add(self, document: Document) -> None:
        self.documents.append(document)
        if document.kind != "rules":
            return
        for i, rule in enumerate(document.model.rules):
            path = ("rules", i, "id")
            if rule.id in self.rules:
                first = self.rules[rule.id].location
                self.problems.append(
                    Diagnostic.of(
                        codes.DUPLICATE_RULE_ID,
                        speaker(self.lang or LANGUAGES[0])._(
                            "rule id {id!r} is already defined at {first}", id=rule.id, first=first
                        ),
                        document.at(path),
                    )
                )
                continue
            self.rules[rule.id] = RuleEntry(rule, document, ("rules", i))


RULES_SEARCH_DEPTH = 3
"""How far up from a standard's folder the rule library is looked for (standards/x.yaml → rules/,
examples/drafts/x.md → rules/)."""


def rules_folder_near(document: Path) -> Path | None:
    """The nearest ``rules/`` folder beside one of the document's ancestor folders."""
    for ancestor in document.resolve().parents[1 : 1 + RULES_SEARCH_DEPTH]:
        candidate = ancestor / "rules"
        if candidate.is_dir():
            return candidate
    return None


def display_name(path: Path) -> str:
    """Paths as the user wrote them, relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Files as given, folders searched recursively for ``*.yaml``/``*.yml``, sorted for determinism.

    In folders, Markdown files count only when their front matter says ``kind: standard`` (a
    README.md is not a standard); a Markdown file named explicitly is always loaded."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in DOCUMENT_SUFFIXES
                    and p.is_file()
                    and (p.suffix not in MARKDOWN_SUFFIXES or _is_markdown_standard(p))
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Diagnostic.of(codes.UNREADABLE, "no such file or folder", Location(str(path))))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, problems


def load_library(paths: Iterable[Path], expected: set[str] | None = None, lang: str | None = None) -> Library:
    """Load every document under ``paths``; unusable ones are recorded in ``problems`` (all of
    each document's problems, in ``lang`` or the document's first language)."""
    library = Library(lang=lang)
    files, library.problems = expand_paths(paths)
    for file in files:
        name = display_name(file)
        library.files.append(name)
        try:
            library.add(load_document(file, expected, name, lang))
        except InvalidInput as err:
            library.problems.extend(err.diagnostics)
            library.unusable_languages.append(err.lang)
    return library


def _is_markdown_standard(path: Path) -> bool:
    """:func:`checker.load.markdown_draft.is_markdown_standard`, loading the Markdown reader only
    when a folder holds Markdown files."""
    from checker.load.markdown_draft import is_markdown_standard

    return is_markdown_standard(path)
