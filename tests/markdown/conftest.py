"""Shared helpers for the Markdown-draft tests: load a draft from text, as a file would be."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from checker.diagnostics import Diagnostic, InvalidInput
from checker.load.documents import Document, load_document

REPO = Path(__file__).resolve().parents[2]
DRAFTS = REPO / "examples" / "drafts"


@pytest.fixture
def load_draft(tmp_path: Path) -> Callable[[str], Document]:
    """Write ``text`` to ``draft.md`` and load it as a standard (display name ``draft.md``)."""

    def load(text: str) -> Document:
        path = tmp_path / "draft.md"
        path.write_text(text, encoding="utf-8")
        return load_document(path, {"standard"}, "draft.md")

    return load


@pytest.fixture
def draft_problems(load_draft: Callable[[str], Document]) -> Callable[[str], list[Diagnostic]]:
    """The located problems that stop ``text`` from loading (fails the test if it loads)."""

    def problems(text: str) -> list[Diagnostic]:
        with pytest.raises(InvalidInput) as caught:
            load_draft(text)
        return caught.value.diagnostics

    return problems
