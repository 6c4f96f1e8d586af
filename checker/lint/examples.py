"""PASS and FAIL examples, extracted from check docstrings and run as tests.

An example is a fenced ``yaml`` block after a line ``PASS:`` or ``FAIL:``. A block may hold
several documents separated by ``---`` lines (a rule file and a standard); each is loaded as its
own file, ``example-1.yaml``, ``example-2.yaml``…
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checker.diagnostics import Diagnostic, InvalidInput
from checker.lint.check import Check
from checker.lint.context import LintContext
from checker.load.documents import Document, validate_loaded
from checker.load.library import Library
from checker.load.yaml_source import load_yaml_text

_EXAMPLE = re.compile(r"^(PASS|FAIL):\s*\n\s*\n?```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
_SEPARATOR = re.compile(r"^---\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    outcome: str
    """``PASS`` or ``FAIL``."""
    text: str


def examples(check: Check) -> list[Example]:
    return [Example(outcome, text) for outcome, text in _EXAMPLE.findall(check.doc)]


def library_from_text(text: str) -> Library:
    """Load every ``---``-separated document of ``text`` into a library, as if from files."""
    library = Library()
    for i, part in enumerate(_SEPARATOR.split(text), start=1):
        name = f"example-{i}.yaml"
        library.files.append(name)
        try:
            loaded = load_yaml_text(part, name)
            kind, model = validate_loaded(loaded)
        except InvalidInput as err:
            library.problems.extend(err.diagnostics)
            continue
        library.add(Document(Path(name), name, kind, model, loaded.positions, loaded.text, loaded.data))
    return library


def run_example(check: Check, example: Example) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(loading problems, the check's diagnostics) for one example."""
    library = library_from_text(example.text)
    found = sorted(check.run(LintContext(library)), key=Diagnostic.sort_key)
    return library.problems, found
