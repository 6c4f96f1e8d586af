"""Small reports built by hand, so every figure a test checks was written here, not computed by the engine."""

from __future__ import annotations

from checker.model.report import (
    ClauseResult,
    Evidence,
    Finding,
    InputFile,
    LocalText,
    Report,
    RequirementResult,
    Summary,
    TableLedger,
)

XSS = "<img src=x onerror=alert(1)>"


def finding(outcome: str, value: float | None, n: int, **kwargs: object) -> Finding:
    return Finding(outcome=outcome, value=value, n=n, **kwargs)  # type: ignore[arg-type]


def requirement(rid: str, outcome: str, overall: Finding, **kwargs: object) -> RequirementResult:
    defaults: dict[str, object] = {
        "rule": "survey.nps",
        "rule_title": LocalText(en="Net Promoter Score", zh="净推荐值"),
        "measure": "nps",
        "table": "surveys",
        "unit": "number",
        "target": ">= 40",
        "severity": "major",
        "min_sample": 2,
    }
    defaults.update(kwargs)
    return RequirementResult(id=rid, outcome=outcome, overall=overall, **defaults)  # type: ignore[arg-type]


def nps_per_agent() -> RequirementResult:
    """NPS per agent: agent ``XSS`` has 1 promoter and 2 detractors of 3 → (1 − 2)/3 = −33.3; agent a1 passes."""
    bad = finding(
        "fail",
        -100 / 3,
        3,
        display="-33.3",
        margin=-100 / 3 - 40,
        group={"agent": XSS},
        evidence=[Evidence(key={"survey_id": XSS}, file="surveys.csv", row=2)],
        evidence_total=2,
    )
    good = finding("pass", 50.0, 2, display="50.0", margin=10.0, group={"agent": "a1"})
    overall = finding("pass", 45.0, 20, display="45.0", margin=5.0)  # all agents together
    return requirement("nps-40", "fail", overall, group_by=["agent"], groups=[bad, good])


def report(clauses: list[ClauseResult], title: str = "Tiny standard") -> Report:
    return Report(
        tool={"name": "servcheck", "version": "0.0.0"},
        standard={"id": "tiny", "title": title, "version": "1.0.0"},
        dataset={"id": "tiny.data", "title": "Tiny data"},
        period={"from": "2024-04-01", "to": "2024-04-14", "timezone": "Asia/Shanghai"},
        parameters={"ring_cadence": "5 s"},
        summary=Summary(
            verdict="nonconformant",
            requirements={"fail": 1},
            nonconformities={"major": 1, "minor": 0, "observation": 0},
        ),
        clauses=clauses,
        ledger=[TableLedger(table="surveys", read=6, used=5, excluded=[], rejected=[])],
        inputs=[InputFile(role="data", path="surveys.csv", sha256="0" * 64, bytes=120)],
    )


def clause(number: str, requirements: list[RequirementResult], tags: dict[str, str] | None = None) -> ClauseResult:
    outcome = requirements[0].outcome if requirements else None
    return ClauseResult(
        number=number,
        title=LocalText(en=f"Clause {number}", zh=f"第 {number} 条"),
        text=LocalText(en=f"English text of {number}."),
        kind="normative" if requirements else "informative",
        tags=tags or {},
        outcome=outcome,  # type: ignore[arg-type]
        requirements=requirements,
    )
