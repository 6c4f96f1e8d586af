"""Inline suppression with YAML comments.

``# servcheck: disable=SC101`` on a finding's line, or on the line above it, silences that code
there; ``# servcheck: disable-file=SC101,SC105`` anywhere silences the codes in the whole file.
Codes or check names may be given, comma-separated. Loading problems (unusable documents) cannot
be suppressed. A comment naming an unknown check is itself reported (SC009), so a typo never
silently disables nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker.diagnostics import Diagnostic, Location
from checker.lint.config import resolve_code
from checker.lint.registry import find_check

_COMMENT = re.compile(r"(?:^|\s)#\s*servcheck:\s*(disable-file|disable)\s*=\s*((?:[A-Za-z0-9_,\ ]|-(?!-))+)")
"""The code list stops at ``--`` so an HTML comment's ``-->`` (Markdown drafts) is not read as a code."""


@dataclass
class Suppressions:
    """The codes silenced in one file: for the whole file, and by line."""

    whole_file: set[str] = field(default_factory=set)
    by_line: dict[int, set[str]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def covers(self, diagnostic: Diagnostic) -> bool:
        codes = {diagnostic.code}
        check = find_check(diagnostic.code)
        if check is not None:
            codes.add(check.code)
        line = diagnostic.location.line
        here = self.whole_file | self.by_line.get(line, set()) | self.by_line.get(line - 1, set())
        return bool(codes & here)


def parse_suppressions(text: str, file: str) -> Suppressions:
    """Every ``# servcheck:`` comment of a file."""
    found = Suppressions()
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _COMMENT.finditer(line):
            column = match.start() + (0 if line[match.start()] == "#" else 1) + 1
            for word in filter(None, (w.strip() for w in match.group(2).split(","))):
                code, problem = resolve_code(word, Location(file, number, column))
                if problem:
                    found.problems.append(problem)
                elif code and match.group(1) == "disable-file":
                    found.whole_file.add(code)
                elif code:
                    found.by_line.setdefault(number, set()).add(code)
    return found


def apply_suppressions(diagnostics: Iterable[Diagnostic], by_file: dict[str, Suppressions]) -> list[Diagnostic]:
    """The diagnostics no comment silences, plus the comments' own problems."""
    kept = [d for d in diagnostics if d.location.file not in by_file or not by_file[d.location.file].covers(d)]
    for suppressions in by_file.values():
        kept.extend(suppressions.problems)
    return kept
