"""Run one golden case: its rows through the normal audit, then each named requirement's outcome,
overall figure and n compared with what the case expects.

The audit is the one ``servcheck audit`` runs (load, lint gate, plan, sources, measures, judging),
on a dataset written from the case's rows into a temporary folder that is removed afterwards. The
one change a case may make is its ``min_sample``: the requirements it names are judged with it
instead of their own, so that a handful of rows can pass or fail; nothing else of the standard
changes, and the figure does not depend on it.

What a comparison says is written in the reader's language as the case runs (gettext domain
``golden``, :mod:`checker.i18n`): outcomes by the report's names in Chinese, as the identifiers a
case writes in English, so an English line can be pasted back into the case.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker import codes
from checker.audit import AuditRequest, AuditSession, parse_period, run_session
from checker.audit.inputs import load_inputs
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.golden.dataset import write_dataset
from checker.golden.validate import case_problems
from checker.i18n import Speaker, speaker
from checker.load.documents import Document
from checker.model.golden import Expectation, Figures, GoldenCase
from checker.model.report import Finding, Report, RequirementResult
from checker.report import words


@dataclass(frozen=True)
class Comparison:
    """One expectation of a case against what the audit gave."""

    requirement: str
    passed: bool
    detail: str  # "outcome fail, expected pass; value 0.5, expected 0.75 (± 1e-09); n 4"


@dataclass
class CaseResult:
    """A case's comparisons, or the located problems that kept it from running."""

    standard: str  # the standard's file as the user named it
    case: str
    comparisons: list[Comparison] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    lang: str = "en"
    """The language the comparisons are written in, and the case's line is to be."""

    @property
    def status(self) -> str:
        """``error`` (the case could not run: invalid input), ``failed`` or ``passed``."""
        if self.problems:
            return "error"
        return "passed" if all(c.passed for c in self.comparisons) else "failed"


def run_case(document: Document, i: int, rules: tuple[Path, ...] = (), lang: str = "en") -> CaseResult:
    """Audit the standard's case ``i`` against the standard's file and compare; never raises on bad input.

    The case's own problems (lint SC116) are looked for first: its rows are written out only
    once every value is known to be of its field's type."""
    started = time.perf_counter()
    case = document.model.cases[i]
    result = CaseResult(document.name, case.name, lang=lang)
    problems = [
        Diagnostic.of(codes.GOLDEN_CASE_DATA, p.message, p.location, p.hint) for p in case_problems(document, i)
    ]
    if problems:
        result.problems = problems
        return result
    with tempfile.TemporaryDirectory(prefix="servcheck-case-") as folder:
        request = AuditRequest(
            document.path,
            write_dataset(case, Path(folder)),
            rules,
            parse_period(case.period) if case.period else None,
            evidence_limit=0,
            as_of=case.as_of,
        )
        try:
            report = _audit(request, case)
        except InvalidInput as err:
            result.problems = [_at_case(d, folder, document.at(("cases", i, "tables"))) for d in err.diagnostics]
        else:
            found = {r.id: r for clause in report.clauses for r in clause.requirements}
            speak = speaker(lang)
            result.comparisons = [compare(rid, found.get(rid), want, speak) for rid, want in case.expect.items()]
    result.seconds = time.perf_counter() - started
    return result


def _at_case(diagnostic: Diagnostic, folder: str, tables: Location) -> Diagnostic:
    """A problem located in the dataset written from the case (a file that is gone once the case
    ends) is shown at the case's tables instead: that is what the writer can change."""
    where = diagnostic.location.file
    if not (where.startswith(folder) or Path(where).resolve().is_relative_to(Path(folder).resolve())):
        return diagnostic
    line = f" line {diagnostic.location.line}" if diagnostic.location.line > 0 else ""
    written = f"the dataset written from the case's rows ({Path(where).name}{line})"
    return replace(diagnostic, message=f"{diagnostic.message} — in {written}", location=tables, end=None)


def _audit(request: AuditRequest, case: GoldenCase) -> Report:
    inputs = load_inputs(request)
    if case.min_sample is not None:
        inputs = replace(inputs, standard=with_min_sample(inputs.standard, set(case.expect), case.min_sample))
    return run_session(AuditSession.from_inputs(request, inputs))


def with_min_sample(document: Document, ids: set[str], min_sample: int) -> Document:
    """``document`` with the requirements ``ids`` judged at ``min_sample`` (models are immutable: rebuilt)."""
    model = document.model
    for path, _clause, requirement in model.requirements():
        if requirement.id in ids:
            model = _replace_at(model, path, requirement.model_copy(update={"min_sample": min_sample}))
    return replace(document, model=model)


def _replace_at(node: Any, path: tuple[str | int, ...], new: Any) -> Any:
    """``node`` with the value at ``path`` (attribute names and list indexes) replaced by ``new``."""
    if not path:
        return new
    head, index, rest = path[0], path[1], path[2:]
    items = list(getattr(node, str(head)))
    items[int(index)] = _replace_at(items[int(index)], rest, new)
    return node.model_copy(update={str(head): items})


def compare(
    requirement: str, result: RequirementResult | None, want: Expectation, speak: Speaker | None = None
) -> Comparison:
    """Every figure ``want`` states against ``result``'s outcome and overall finding, then against
    the findings of the groups it names (said in English unless ``speak`` says otherwise)."""
    s = speak or speaker("en")
    if result is None:  # lint (SC115) refuses such a case; kept so a report never misses it
        return Comparison(requirement, False, s._("the audit has no such requirement"))
    passed, parts = _figures(want, result.outcome, result.overall, s)
    for expected in want.groups:
        label = ", ".join(f"{k}={v}" for k, v in expected.group.items())
        finding = next((g for g in result.groups if g.group == expected.group), None)
        if finding is None:
            known = "; ".join(", ".join(f"{k}={v}" for k, v in g.group.items()) for g in result.groups)
            passed = False
            parts.append(
                s._(
                    "[{label}] no such finding (the findings: {known})",
                    label=label,
                    known=known or s.p_("no findings", "none"),
                )
            )
            continue
        ok, said = _figures(expected, finding.outcome, finding, s)
        passed &= ok
        parts.append(f"[{label}] " + _separator(s).join(said))
    return Comparison(requirement, passed, _separator(s).join(parts))


def _separator(s: Speaker) -> str:
    return s.p_("figure separator", "; ")


def _outcome(s: Speaker, outcome: str) -> str:
    """English keeps the identifier a case writes (``insufficient-data``); Chinese the report's name."""
    return outcome if s.lang == "en" else words.outcome_name(s, outcome)


def _figures(want: Figures, outcome: str, finding: Finding, s: Speaker) -> tuple[bool, list[str]]:
    """Whether ``finding`` (judged ``outcome``) gives what ``want`` states, and what it gave."""
    parts, passed = [], True
    if want.outcome is not None:
        ok = outcome == want.outcome
        passed &= ok
        gave = _outcome(s, outcome)
        parts.append(
            s._("outcome {outcome}", outcome=gave)
            if ok
            else s._("outcome {outcome}, expected {expected}", outcome=gave, expected=_outcome(s, want.outcome))
        )
    if want.value is not None:
        value = finding.value
        ok = value is not None and abs(value - want.value) <= want.tolerance
        passed &= ok
        parts.append(
            s._("value {value}", value=value)
            if ok
            else s._(
                "value {value}, expected {expected} (± {tolerance})",
                value=value,
                expected=want.value,
                tolerance=format(want.tolerance, "g"),
            )
        )
    if want.n is not None:
        ok = finding.n == want.n
        passed &= ok
        parts.append(
            s._("n {n}", n=finding.n) if ok else s._("n {n}, expected {expected}", n=finding.n, expected=want.n)
        )
    return passed, parts
