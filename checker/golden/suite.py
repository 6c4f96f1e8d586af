"""Every golden case of the standards under some paths, run in order, and the exit status they make.

Exit status: 0 when every case passed, 1 when a case failed (a figure or outcome is not what the
case says), 3 when a standard could not be loaded or a case could not run (invalid input: lint
errors in the standard or its cases, located); no case at all under the paths is a usage error
(SC117, exit 2): a CI step that tests nothing must not pass quietly.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.exitcodes import ExitCode
from checker.golden.collect import collect
from checker.golden.run import CaseResult, run_case
from checker.i18n import LANGUAGES


def run_paths(
    paths: Iterable[Path],
    rules: tuple[Path, ...] = (),
    each: Callable[[CaseResult], None] | None = None,
    lang: str | None = None,
) -> tuple[list[CaseResult], float]:
    """The results of every case (standards in path order, cases as written) and the seconds taken;
    ``each`` is called as each case ends. The results speak ``lang``, by default the first
    standard's first language. Raises :class:`InvalidInput` for a standard that does not load, or
    when no standard under ``paths`` has a case."""
    paths = list(paths)
    # scipy.stats once, here: the cases' audits then compute their intervals in this process, with
    # no helper process (checker.engine.wilson) and no background import racing another
    importlib.import_module("scipy.stats")
    started = time.perf_counter()
    found = collect(paths)
    if found.problems:
        raise InvalidInput(found.problems)
    results: list[CaseResult] = []
    lang = lang or language([document.model.languages for document in found.standards])
    for document in found.standards:
        for i in range(len(document.model.cases)):
            result = run_case(document, i, rules, lang)
            results.append(result)
            if each is not None:
                each(result)
    if not results:
        where = ", ".join(str(p) for p in paths)
        message = f"no standard under {where} has golden cases"
        hint = "add cases: to a standard (docs/golden-cases.md)"
        raise InvalidInput([Diagnostic.of(codes.NO_GOLDEN_CASES, message, Location(where), hint)])
    return results, time.perf_counter() - started


def language(declared: list[list[str]]) -> str:
    """The first standard's first language, if servcheck speaks it, else English.

    >>> language([["zh", "en"], ["en"]]), language([]), language([["fr"]])
    ('zh', 'en', 'en')
    """
    first = declared[0][0] if declared and declared[0] else LANGUAGES[0]
    return first if first in LANGUAGES else LANGUAGES[0]


def exit_code(results: list[CaseResult]) -> ExitCode:
    """3 if a case could not run, else 1 if one failed, else 0."""
    statuses = {r.status for r in results}
    if "error" in statuses:
        return ExitCode.INVALID_INPUT
    return ExitCode.FINDINGS if "failed" in statuses else ExitCode.OK
