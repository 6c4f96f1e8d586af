"""ISO 23592 self-assessment: two assessors score the nine elements E1…E9 on 1–5, with evidence."""

from __future__ import annotations

from servgen.scenario import ELEMENTS, Scenario

ASSESSORS = ("QA-ZHANG", "QA-CHEN")
ROUTINE_SCORES = (3, 4, 4, 4, 5)
ASSESSMENT_DAY = 11
HEADER = ("AssessmentNo", "AssessedOn", "ElementCode", "Score", "Assessor", "EvidenceRef")


def assessment_rows(scenario: Scenario) -> list[tuple[str, ...]]:
    """One row per element and assessor; the plan's weak element gets its weak score from both."""
    rng = scenario.rng("assessments")
    day = scenario.day(scenario.clamp_day(ASSESSMENT_DAY))
    plan = scenario.breaches
    rows = []
    for element in ELEMENTS:
        for assessor in ASSESSORS:
            weak = plan is not None and element == plan.weak_element
            score = plan.weak_score if weak and plan else rng.choice(ROUTINE_SCORES)
            refs = ";".join(f"QMS/{day.year}/{element}-{k:02d}" for k in range(1, rng.randint(1, 3) + 1))
            rows.append(
                (
                    f"SA-{day.year}-{len(rows) + 1:03d}",
                    day.isoformat(),
                    element,
                    str(score),
                    assessor,
                    refs,
                )
            )
    return rows
