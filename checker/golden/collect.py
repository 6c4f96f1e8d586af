"""The standards ``servcheck test`` runs: files as given, folders searched like ``servcheck lint``.

Every document under the paths is loaded (rules, taxonomies and datasets beside the standards are
not errors); a standard that cannot be loaded is a located problem (exit 3), never skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from checker.diagnostics import Diagnostic
from checker.load.documents import Document
from checker.load.library import load_library


@dataclass(frozen=True)
class Collected:
    """The standards found (in path order) and the problems of the documents that did not load."""

    standards: list[Document]
    problems: list[Diagnostic]


def collect(paths: Iterable[Path]) -> Collected:
    library = load_library(paths)
    return Collected(library.of_kind("standard"), list(library.problems))
