"""What the waiver and overlay checks share: the requirements a waiver may name, overlays resolved.

A waiver names a requirement of the standard it is for; with overlays that is the *effective*
standard (a site's added requirement can be waived), so the requirements of every standard linted
and of every overlay's effective standard count.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.lint.context import LintContext
from checker.load.documents import Document
from checker.load.overlay import Overlay, resolve_all
from checker.model.standard import Requirement


def overlays(context: LintContext) -> list[Overlay]:
    """Every standard with ``extends`` in the library, resolved once (problems are reported by loading)."""
    resolve_all(context.library)
    return [context.library.overlays[name] for name in sorted(context.library.overlays)]


def standards(context: LintContext) -> Iterator[Document]:
    """Every standard as written, and every overlay's effective standard."""
    yield from context.library.of_kind("standard")
    for overlay in overlays(context):
        if overlay.effective is not None:
            yield overlay.effective


def requirements_for(context: LintContext, standard_id: str | None) -> dict[str, Requirement] | None:
    """Requirements by id of the standards a waivers file may name (``standard_id`` when it says
    which and that one is linted, else all); None when no standard was linted with it."""
    documents = list(standards(context))
    if not documents:
        return None
    chosen = [d for d in documents if d.model.id == standard_id] or documents
    return {r.id: r for d in chosen for _path, _clause, r in d.model.requirements()}


def waivers(context: LintContext) -> Iterator[tuple[Document, int]]:
    """Each waiver of each waivers file, by index."""
    for document in context.library.of_kind("waivers"):
        for i in range(len(document.model.waivers)):
            yield document, i
