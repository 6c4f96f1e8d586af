"""The lint context: the loaded library plus the look-ups several checks share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from pydantic import BaseModel

from checker.diagnostics import Location
from checker.i18n import LANGUAGES, Speaker, speaker
from checker.load.documents import Document
from checker.load.library import Library, RuleEntry
from checker.model.cadence import ring_cadence
from checker.model.common import Text
from checker.model.standard import Standard

if TYPE_CHECKING:
    from checker.lint.consistency import Disagreement

DocPath = tuple[str | int, ...]


@dataclass
class LintContext:
    """What every check receives. ``incomplete`` is true when some file failed to load; ``lang`` is
    the language asked for messages (None: each standard's first language); ``today`` is the date
    date-bound checks compare with (``--today``, for reproducible runs)."""

    library: Library
    incomplete: bool = False
    lang: str | None = None
    today: dt.date = field(default_factory=dt.date.today)

    def language(self, standard: Standard) -> str:
        """The language a standard's findings are written in: the one asked, else its first."""
        return self.lang or standard.languages[0]

    def speaker(self, standard: Standard | None = None) -> Speaker:
        """How a finding is told: about a standard, in :meth:`language`; about anything else (a rule,
        a dataset, a waiver), in the run's language (:func:`run_language`)."""
        return speaker(self.language(standard) if standard is not None else run_language(self.library, self.lang))

    def standards(self) -> Iterator[tuple[Document, Standard]]:
        for document in self.library.of_kind("standard"):
            yield document, document.model

    def rule(self, rule_id: str) -> RuleEntry | None:
        return self.library.rules.get(rule_id)

    @cached_property
    def disagreements(self) -> tuple[Disagreement, ...]:
        """What normative clauses' texts state that their requirements do not check, worked out
        once for the two checks that report it (SC108 and SC109: 0.01 s of a cold lint each)."""
        from checker.lint.consistency import disagreements

        return tuple(disagreements(self))

    @cached_property
    def taxonomy_ids(self) -> dict[str, set[str]] | None:
        """Element and level ids of every loaded taxonomy, or None when no taxonomy is loaded."""
        taxonomies = self.library.of_kind("taxonomy")
        if not taxonomies:
            return None
        ids: dict[str, set[str]] = {"element": set(), "level": set(), "dimension": set()}
        for document in taxonomies:
            ids["element"].update(e.id for e in document.model.elements)
            ids["level"].update(e.id for e in document.model.levels)
            ids["dimension"].update(e.id for e in document.model.dimensions)
        return ids


def run_language(library: Library, asked: str | None = None) -> str:
    """The language of a lint run's own words (summary, findings about no standard): the one asked,
    else the first language of the first standard loaded, else that of the first document that could
    not be loaded (its problems are told in it), else English."""
    if asked:
        return asked
    for document in library.of_kind("standard"):
        first = document.model.languages[0]
        return first if first in LANGUAGES else LANGUAGES[0]
    return next(iter(library.unusable_languages), LANGUAGES[0])


def ring_cadence_seconds(standard: Standard) -> float:
    """Seconds per ring of a standard linted on its own (see :func:`checker.model.cadence.ring_cadence`)."""
    return ring_cadence(standard)[0]


def texts(model: BaseModel, path: DocPath = ()) -> Iterator[tuple[DocPath, Text]]:
    """Every bilingual :class:`Text` inside ``model`` with its document path, in document order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _texts_in(value, (*path, name))


def _texts_in(value: object, path: DocPath) -> Iterator[tuple[DocPath, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from texts(value, path)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts_in(item, (*path, i))


def locate_word(document: Document, path: DocPath, word: str) -> Location:
    """Where ``word`` appears in the value at ``path``: its own column when it is on the value's
    first line, else the value's start (block scalars and folded lines)."""
    start = document.at(path)
    lines = document.text.splitlines()
    if 0 < start.line <= len(lines):
        column = lines[start.line - 1].find(word, max(start.column - 1, 0))
        if column >= 0:
            return Location(start.file, start.line, column + 1)
    return start
