"""The shipped example draft: same model as its YAML twin, Markdown positions, clean lint, audit.

The YAML twin below was written by hand from the draft (not produced by ``servcheck convert``), so
equality checks the loader against an independent rendering of the same standard.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.audit import AuditRequest, run_audit
from checker.cli import cli
from checker.load.documents import load_document, validate_loaded
from checker.load.yaml_source import load_yaml_text
from checker.model.report import Report

REPO = Path(__file__).resolve().parents[2]
DRAFT = REPO / "examples" / "drafts" / "contact-centre-draft.md"
DATASET = REPO / "examples" / "contact-centre" / "dataset.yaml"

YAML_TWIN = """
kind: standard
id: contact-centre-draft
title:
  en: Contact-centre service standard (draft)
  zh: 呼叫中心服务标准（草案）
version: 1.1.0-draft
status: draft
languages: [zh, en]
scope:
  en: Telephone queues of the customer contact centre, every queue and every day of the audit period.
  zh: 客户联络中心的电话队列，审核期间内的每个队列、每一天。
settings:
  ring_cadence: 5s
clauses:
  - number: "4"
    title: {en: Answering calls, zh: 来电接听}
    text:
      en: Calls are answered within the waiting times and abandonment limits of clauses 4.1 to 4.4.
      zh: 来电接听应满足 4.1 至 4.4 条规定的等待时间和放弃率限值。
    kind: informative
    clauses:
      - number: "4.1"
        title: {en: Service level, zh: 服务水平}
        text:
          en: In every queue and on every day, at least 80% of offered calls are answered within 20 seconds of
            entering the queue; abandons under 5 seconds are left out and other abandons count against.
          zh: 每个队列每天至少 80% 的呼入来电在进入队列后 20 秒内接听；5 秒内的放弃不计入，其他放弃计为未达标。
        tags: {category: quality, tier: basic, level: L1, element: E8, servqual: responsiveness}
        requirements:
          - id: service-level-80-20
            rule: contact.service-level
            params: {threshold: 20s, abandon_policy: negative, short_abandon: 5s}
            target: ">= 80%"
            warn: ">= 85%"
            group_by: [queue]
            expect_groups: {queue: [general, billing, tech, vip]}
            period: day
            severity: major
            min_sample: 30
      - number: "4.2"
        title: {en: Answered by the second ring, zh: 两声内接听}
        text:
          en: At least 96% of answered calls are answered by the second ring.
          zh: 至少 96% 的已接听来电在响铃两声内接听。
        tags: {category: quality, tier: basic, level: L1, element: E8, servqual: responsiveness}
        requirements:
          - id: answered-by-2nd-ring
            rule: contact.answered-within
            params: {threshold: 2 rings}
            target: ">= 96%"
            severity: major
      - number: "4.3"
        title: {en: Abandonment, zh: 放弃率}
        text:
          en: In every queue, at most 5% of offered calls are abandoned, leaving out abandons under 5 seconds.
          zh: 每个队列的放弃率不超过 5%，5 秒内的放弃不计入。
        tags: {category: quality, tier: basic, level: L1, element: E9, servqual: responsiveness}
        requirements:
          - id: abandonment-rate
            rule: contact.abandonment-rate
            params: {short_abandon: 5s}
            target: "<= 5%"
            group_by: [queue]
            expect_groups: {queue: [general, billing, tech, vip]}
            severity: major
      - number: "4.4"
        title: {en: Average speed of answer, zh: 平均应答速度}
        text:
          en: In every queue and on every day, answered calls wait 30 seconds or less on average.
          zh: 每个队列每天已接听来电的平均等待时间不超过 30 秒。
        tags: {category: quality, tier: basic, level: L1, element: E9, servqual: responsiveness}
        requirements:
          - id: asa-30s
            rule: contact.asa
            target: "<= 30s"
            group_by: [queue]
            expect_groups: {queue: [general, billing, tech, vip]}
            period: day
            severity: major
  - number: "5"
    title: {en: Service availability, zh: 服务可用性}
    text:
      en: Every customer-facing service is available at least 99.9% of the time in every month.
      zh: 每项面向客户的服务每月可用时间不低于 99.9%。
    tags: {category: facilities, tier: basic, level: L1, element: E8, servqual: reliability}
    requirements:
      - id: availability-monthly
        rule: service.availability
        target: ">= 99.9%"
        group_by: [service]
        period: month
        severity: major
"""


def test_draft_model_equals_its_yaml_twin() -> None:
    draft = load_document(DRAFT, {"standard"})
    kind, twin = validate_loaded(load_yaml_text(YAML_TWIN, "twin.yaml"), {"standard"})
    assert (draft.kind, kind) == ("standard", "standard")
    assert draft.model == twin


def test_draft_requirements_are_the_shipped_standards() -> None:
    """Every requirement of the draft is, field for field, the one of standards/contact-centre.yaml."""
    draft = load_document(DRAFT, {"standard"}).model
    shipped = load_document(REPO / "standards" / "contact-centre.yaml", {"standard"}).model
    by_id = {requirement.id: requirement for _path, _clause, requirement in shipped.requirements()}
    ids = [requirement.id for _path, _clause, requirement in draft.requirements()]
    assert ids == ["service-level-80-20", "answered-by-2nd-ring", "abandonment-rate", "asa-30s", "availability-monthly"]
    for _path, _clause, requirement in draft.requirements():
        assert requirement == by_id[requirement.id]


@pytest.mark.parametrize(
    ("path", "line", "column"),
    [
        # Counted by hand in examples/drafts/contact-centre-draft.md.
        (("id",), 4, 5),
        (("clauses", 0, "number"), 22, 4),  # "## 4 Answering calls / 来电接听"
        (("clauses", 0, "title", "zh"), 22, 24),
        (("clauses", 0, "kind"), 24, 6),  # "<!-- informative -->"
        (("clauses", 0, "text", "en"), 26, 5),  # after "en: "
        (("clauses", 0, "text", "zh"), 29, 5),
        (("clauses", 0, "clauses", 0, "number"), 32, 5),  # "### 4.1 Service level / 服务水平"
        (("clauses", 0, "clauses", 0, "title", "en"), 32, 9),
        (("clauses", 0, "clauses", 0, "title", "zh"), 32, 25),
        (("clauses", 0, "clauses", 0, "tags", "element"), 40, 54),
        (("clauses", 0, "clauses", 0, "requirements", 0, "id"), 44, 5),
        (("clauses", 0, "clauses", 0, "requirements", 0, "target"), 47, 9),
        (("clauses", 0, "clauses", 1, "text", "en"), 58, 1),  # unmarked English paragraph
        (("clauses", 0, "clauses", 1, "text", "zh"), 60, 1),  # unmarked Chinese paragraph
        (("clauses", 0, "clauses", 2, "tags", "level"), 83, 8),  # block-style tags
        (("clauses", 0, "clauses", 2, "requirements", 0, "rule"), 90, 9),  # requirement given as a list
        (("clauses", 1, "number"), 118, 4),
    ],
)
def test_positions_point_into_the_markdown(path: tuple[str | int, ...], line: int, column: int) -> None:
    document = load_document(DRAFT, {"standard"}, "draft.md")
    location = document.at(path)
    assert (location.file, location.line, location.column) == ("draft.md", line, column)


def test_lint_of_the_draft_with_the_repository_rules_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        cli,
        ["lint", "examples/drafts/contact-centre-draft.md", "rules", "--fail-on", "info", "--lang", "en"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 0 info" in result.output


@pytest.fixture(scope="module")
def audits() -> tuple[Report, Report]:
    rules = (REPO / "rules",)
    draft = run_audit(AuditRequest(DRAFT, DATASET, rules=rules))
    shipped = run_audit(AuditRequest(REPO / "standards" / "contact-centre.yaml", DATASET, rules=rules))
    return draft, shipped


def test_audit_of_the_draft_runs_and_names_the_draft(audits: tuple[Report, Report]) -> None:
    draft, _shipped = audits
    assert draft.standard["id"] == "contact-centre-draft"
    assert [clause.number for clause in draft.clauses] == ["4", "4.1", "4.2", "4.3", "4.4", "5"]
    assert sum(draft.summary.requirements.values()) == 5


def test_audit_of_the_draft_judges_each_requirement_as_the_yaml_standard_does(audits: tuple[Report, Report]) -> None:
    """Same requirement, same data → same outcome and figures, whichever format the standard was written in."""
    draft, shipped = audits
    shipped_results = {r.id: r for clause in shipped.clauses for r in clause.requirements}
    compared = 0
    for clause in draft.clauses:
        for result in clause.requirements:
            reference = shipped_results[result.id]
            assert result.outcome == reference.outcome, result.id
            assert result.overall == reference.overall, result.id
            assert result.groups == reference.groups, result.id
            compared += 1
    assert compared == 5
