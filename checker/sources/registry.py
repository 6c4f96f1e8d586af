"""The source formats, listed once: a table's ``format:`` name → the module that reads its files.

A table's format is its mapping's ``format:``, else told from the file name (:func:`format_of`).
Adding a format (XES, OCEL 2.0, an Asterisk queue_log) is one reader module and one
:func:`register` line below; the dataset model's ``format`` names and the dataset JSON Schema are
generated from :data:`NAMES`. What a reader module provides is :class:`checker.sources.reader.Reader`.

This module imports nothing but the standard library (lint loads it through the dataset model,
and lint must not import DuckDB); reader modules load only when a file of theirs is read.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class Format:
    """Where a format's reader lives and the file name endings that select it (lower case, with dot)."""

    module: str
    extensions: tuple[str, ...]


FORMATS: dict[str, Format] = {}
DEFAULT = "csv"
"""A file whose name says nothing is read as CSV (exports come as ``.csv``, ``.txt``, or no ending)."""


def register(name: str, module: str, extensions: tuple[str, ...] = ()) -> None:
    """List a format; a name or a file ending listed twice is a programming error, refused at once."""
    if name in FORMATS:
        raise ValueError(f"source format {name!r} is already registered (by {FORMATS[name].module})")
    for other, fmt in FORMATS.items():
        taken = set(extensions) & set(fmt.extensions)
        if taken:
            raise ValueError(f"file ending {sorted(taken)[0]!r} already selects format {other!r}")
    FORMATS[name] = Format(module, tuple(e.lower() for e in extensions))


register("csv", "checker.sources.csv", (".csv", ".tsv", ".txt"))
register("parquet", "checker.sources.parquet", (".parquet",))
register("jsonl", "checker.sources.jsonl", (".jsonl", ".ndjson", ".json"))
register("xes", "checker.sources.xes", (".xes", ".xes.gz"))
register("queue_log", "checker.sources.queue_log")
register("ocel", "checker.sources.ocel", (".jsonocel", ".xmlocel", ".sqlite", ".sqlite3", ".db"))
register("servicenow-incident", "checker.sources.servicenow_incident")
register("servicenow-incident-updates", "checker.sources.servicenow_incident")
register("servicenow-task-sla", "checker.sources.servicenow_task_sla")
register("catalog", "checker.sources.catalog")
CATALOG = "catalog"
"""A catalog table's reader: chosen by a table's ``catalog_table:``, never by ``format:`` or a file name."""

NAMES: tuple[str, ...] = tuple(name for name in FORMATS if name != CATALOG)


def by_extension(path: Path) -> str:
    """The format a file's name selects: its last ending, else the one before (``calls.parquet.1``),
    else :data:`DEFAULT`."""
    for suffix in reversed([s.lower() for s in path.suffixes[-2:]]):
        for name, fmt in FORMATS.items():
            if suffix in fmt.extensions:
                return name
    return DEFAULT


def format_of(declared: str | None, path: Path) -> str:
    """The reader a source file goes through: the table's ``format:`` when given, else by file name."""
    return declared or by_extension(path)


def module(name: str) -> ModuleType:
    """The format's reader module; ``KeyError`` for a name the registry does not list."""
    return importlib.import_module(FORMATS[name].module)
