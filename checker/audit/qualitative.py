"""Qualitative clauses: judged by people, never left out of the verdict.

A ``kind: qualitative`` clause ("agents greet the caller warmly", "smile showing eight teeth") has
no measurable requirement of its own. It may name the checklist item whose review records evidence
it (``reviewed_by: {table: reviews, item: greeting}``): its outcome is then that item's finding in
the standard's ``checklist`` requirement on that table grouped by ``item``. Without such records
its outcome is ``not-reviewed``, which keeps the verdict from CONFORMANT — unless the clause is
declared ``assessment: observation``: still shown as not reviewed, but observation only.

>>> from checker.model.standard import Clause
>>> clause = Clause(number="6.3", text={"en": "Agents smile."}, kind="qualitative")
>>> qualitative_outcome(clause, [])
('not-reviewed', None, 'no review records are named for this qualitative clause (reviewed_by)')
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.engine.judge import worst
from checker.i18n.context import audit_speaker
from checker.model.report import ClauseReview, Finding, RequirementResult
from checker.model.standard import Clause

CHECKLIST = "checklist"


def qualitative_outcome(
    clause: Clause, results: Iterable[RequirementResult]
) -> tuple[str, ClauseReview | None, str | None]:
    """(outcome, review, reason) of a qualitative clause from the audit's requirement results."""
    ref = clause.reviewed_by
    if ref is None:
        return (
            "not-reviewed",
            None,
            audit_speaker()._("no review records are named for this qualitative clause (reviewed_by)"),
        )
    checklists = [r for r in results if r.measure == CHECKLIST and r.table == ref.table and "item" in r.group_by]
    if not checklists:
        reason = audit_speaker()._(
            "no checklist requirement of the standard reads table {table} grouped by item", table=repr(ref.table)
        )
        return "not-reviewed", ClauseReview(table=ref.table, item=ref.item), reason
    for r in checklists:
        found: list[Finding] = [g for g in r.groups if g.group.get("item") == ref.item]
        if found:
            outcome = worst([g.outcome for g in found])
            finding = next(g for g in found if g.outcome == outcome)
            review = ClauseReview(table=ref.table, item=ref.item, requirement=r.id, finding=finding)
            reason = audit_speaker()._(
                "judged by checklist item {item} of requirement {requirement}",
                item=repr(ref.item),
                requirement=repr(r.id),
            )
            return outcome, review, reason
        if r.outcome in ("error", "not-applicable"):  # no such table in the dataset, or the engine failed
            review = ClauseReview(table=ref.table, item=ref.item, requirement=r.id)
            return ("error" if r.outcome == "error" else "not-reviewed"), review, r.overall.reason
    review = ClauseReview(table=ref.table, item=ref.item, requirement=checklists[0].id)
    return (
        "not-reviewed",
        review,
        audit_speaker()._(
            "no review records of checklist item {item} in table {table}", item=repr(ref.item), table=repr(ref.table)
        ),
    )
