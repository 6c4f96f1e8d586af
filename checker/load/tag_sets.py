"""Clause tags beyond the fixed ones must name a tag set the standard declares: checked at load.

Why at load, not only in lint: the schema lets a clause carry any extra string tag (a standard's
own taxonomy, ``tag_sets:``), so a misspelt fixed tag (``categry: quality``) would otherwise load
and silently drop out of the category roll-up. Reported as an unknown key (SC011, exit 3) at the
key, with the closest known tag, exactly as the schema reports a misspelt key elsewhere. Whether
the *value* is one of the set's values is lint check SC067 (the document still loads).
"""

from __future__ import annotations

import difflib
from typing import Any

from checker import codes
from checker.diagnostics import Diagnostic
from checker.i18n import speaker
from checker.load.yaml_source import PositionIndex

FIXED_TAGS = ("category", "tier", "level", "element", "servqual")


def undeclared_tags(data: Any, positions: PositionIndex, lang: str = "en") -> list[Diagnostic]:
    """An SC011 diagnostic for each clause tag that is neither a fixed tag nor a declared tag set."""
    if not isinstance(data, dict):
        return []
    speak = speaker(lang)
    sets = data.get("tag_sets")
    allowed = sorted({*FIXED_TAGS, *(sets if isinstance(sets, dict) else {})})
    found: list[Diagnostic] = []

    def visit(clauses: Any, path: tuple[str | int, ...]) -> None:
        if not isinstance(clauses, list):
            return
        for i, clause in enumerate(clauses):
            if not isinstance(clause, dict):
                continue
            here = (*path, "clauses", i)
            tags = clause.get("tags")
            if isinstance(tags, dict):
                for key in sorted(set(tags) - set(allowed), key=str):
                    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                    found.append(
                        Diagnostic.of(
                            codes.UNKNOWN_KEY,
                            speak._(
                                "unknown tag {tag!r}; allowed here: {allowed} "
                                "(a standard's own tags are declared under `tag_sets:`)",
                                tag=key,
                                allowed=", ".join(allowed),
                            ),
                            positions.of_key((*here, "tags", key)),
                            speak._("did you mean {word!r}?", word=close[0]) if close else None,
                        )
                    )
            visit(clause.get("clauses"), here)

    visit(data.get("clauses"), ())
    return found
