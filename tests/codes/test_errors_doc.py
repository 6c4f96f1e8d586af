"""docs/errors.md is generated from checker/codes.py, and no code lives anywhere else.

Why scan the sources: a code typed as a string at a call site is how SC025 and SC027 came to
mean two things each. The scan below reads every Python file of the package with ``ast`` (so
docstrings and comments are told apart from code) and refuses any string whose whole value is
a code outside ``checker/codes.py``; every code merely mentioned in prose must be registered and
documented, so a docstring cannot point readers at a code that does not exist.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from checker import codes
from checker.codes_docs import render_markdown

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "checker"
CODE = re.compile(r"\bSC\d{3}\b")


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "codes.py" or p.parent != PACKAGE)


def test_committed_errors_doc_is_up_to_date():
    committed = (REPO / "docs" / "errors.md").read_text("utf-8")
    assert committed == render_markdown(), "run: python -m checker.codes_docs docs/errors.md"


def test_every_registered_code_has_a_row_in_errors_doc():
    text = render_markdown()
    for code in codes.all_codes():
        row = next((line for line in text.splitlines() if line.startswith(f"| {code.code} |")), None)
        assert row is not None, code.code
        assert code.name in row and f"| {code.group.value} |" in row and code.summary in row


def _literal_codes(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string constant that is exactly a code, in no particular order."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"SC\d{3}", node.value)
    ]


def test_no_code_is_written_as_a_string_outside_the_registry():
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {value!r}"
        for path in _python_files()
        for line, value in _literal_codes(path.read_text("utf-8"))
    ]
    assert not offenders, "use a Code from checker/codes.py instead:\n" + "\n".join(offenders)


def test_every_code_mentioned_in_the_package_or_the_docs_is_registered_and_documented():
    documented = set(CODE.findall(render_markdown()))
    docs = [p for p in sorted((REPO / "docs").glob("*.md")) if p.name != "errors.md"]  # errors.md: tested above
    files = [*_python_files(), *docs, REPO / "README.md"]
    unknown = []
    for path in files:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            for mention in CODE.findall(line):
                if codes.find(mention) is None or mention not in documented:
                    unknown.append(f"{path.relative_to(REPO)}:{number}: {mention}")
    assert not unknown, "\n".join(unknown)


def test_the_scan_catches_what_call_sites_used_to_write_and_spares_prose():
    source = '"""Reports ``SC046``."""\nx = 1\nDiagnostic("SC025", "rule-options", Severity.ERROR, m)\ncode = "SC015"\n'
    assert sorted(_literal_codes(source)) == [(3, "SC025"), (4, "SC015")]
