"""Clause numbers as sortable keys: "5.2" before "5.10", annexes ("A1.2") after the body."""

from __future__ import annotations

from collections.abc import Iterator

from checker.model.standard import Clause

DocPath = tuple[str | int, ...]
NumberKey = tuple[int, str, tuple[int, ...]]


def number_key(number: str) -> NumberKey:
    """Numeric parts compared as numbers; a leading annex letter sorts after all body clauses."""
    letter = number[0] if number[:1].isalpha() else ""
    parts = tuple(int(p) for p in number[len(letter) :].split("."))
    return (1 if letter else 0, letter, parts)


def siblings(
    clauses: list[Clause], path: DocPath = (), parent: Clause | None = None
) -> Iterator[tuple[DocPath, Clause | None, list[tuple[DocPath, Clause]]]]:
    """Each group of sibling clauses with its parent (None at the top), depth first."""
    group = [((*path, "clauses", i), clause) for i, clause in enumerate(clauses)]
    if group:
        yield path, parent, group
    for child_path, clause in group:
        yield from siblings(clause.clauses, child_path, clause)
