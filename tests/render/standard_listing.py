"""Shared by the render tests: the shipped standards and the contact-centre requirements listed by hand."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
CONTACT_CENTRE = REPO / "standards" / "contact-centre.yaml"
SITE = REPO / "standards" / "contact-centre-site.yaml"


def shipped_standards() -> list[Path]:
    """Every file of ``standards/`` that is a standard (the taxonomy beside them is not)."""
    found = []
    for path in sorted((REPO / "standards").glob("*.yaml")):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("kind") == "standard":
            found.append(path)
    return found


# Annex A, Table A.1 of standards/contact-centre.yaml, read off the YAML by hand, in clause order:
# clause, requirement, rule, target, warn band, period, minimum sample, severity (English labels).
CONTACT_CENTRE_REQUIREMENTS = [
    ("4.1", "service-level-80-20", "contact.service-level", "≥ 80%", "≥ 85%", "day", "30", "major"),
    ("4.2", "answered-by-2nd-ring", "contact.answered-within", "≥ 96%", "—", "the whole period", "30", "major"),
    ("4.3", "answered-within-3-rings", "contact.answered-within", "≥ 100%", "—", "the whole period", "30", "minor"),
    ("4.4", "abandonment-rate", "contact.abandonment-rate", "≤ 5%", "—", "the whole period", "30", "major"),
    ("4.5", "asa-30s", "contact.asa", "≤ 30s", "—", "day", "30", "major"),
    ("4.6", "talk-time-p90", "contact.talk-time-p90", "≤ 10min", "—", "the whole period", "30", "observation"),
    (
        "4.7",
        "service-level-intervals",
        "contact.service-level",
        "≥ 80%; met in ≥ 90% of the intervals (30-minute interval)",
        "—",
        "30-minute interval",
        "10",
        "major",
    ),
    ("5", "availability-monthly", "service.availability", "≥ 99.9%", "—", "month", "30", "major"),
    ("6.1", "call-review-checklist", "review.checklist", "≥ 92%", "—", "the whole period", "30", "minor"),
    ("7.1", "complaint-rate", "contact.complaint-rate", "≤ 5 per 1000", "—", "day", "30", "major"),
    ("7.2", "survey-coverage", "contact.survey-coverage", "≥ 15%", "—", "the whole period", "30", "minor"),
    ("7.3", "survey-within-2h", "contact.survey-timeliness", "≥ 90%", "—", "the whole period", "30", "minor"),
    (
        "7.4",
        "first-contact-resolution",
        "contact.first-contact-resolution",
        "≥ 85%",
        "—",
        "the whole period",
        "30",
        "major",
    ),
]

CONTACT_CENTRE_CLAUSES = [
    "4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7",
    "5",
    "6", "6.1", "6.2", "6.3",
    "7", "7.1", "7.2", "7.3", "7.4",
]  # fmt: skip


def table_a1(rows: list[list[str]]) -> list[tuple[str, ...]]:
    """The hand-listed columns of Table A.1 rows (clause, id, rule, target, warn, period, min sample, severity)."""
    return [(r[0], r[1], r[2], r[3], r[4], r[6], r[8], r[9]) for r in rows]
