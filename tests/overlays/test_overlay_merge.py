"""Overlays: the effective standard equals the hand-merged one; tighten, loosen and add are told
apart; loosening without a justification is SC063; a cycle or a missing parent is a located load
error (SC016, SC017). Line:column values are read off the YAML written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.lint.runner import lint_paths
from checker.load.documents import load_document
from checker.load.library import Library
from checker.load.overlay import resolve

RULES = """\
kind: rules
rules:
  - id: contact.service-level
    title: {en: Service level}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration, default: 20s}
      abandon_policy: {type: enum, values: [negative, ignored, positive], default: negative}
  - id: contact.asa
    title: {en: ASA}
    definition: {en: Mean wait of answered calls.}
    measure: statistic
    table: calls
    fields: [wait, outcome]
    unit: duration
"""

ORGANISATION = """\
kind: standard
id: organisation
title: {en: Organisation standard}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "4"
    text: {en: Calls are answered promptly.}
    kind: informative
    clauses:
      - number: "4.1"
        text: {en: 80% of calls are answered within 20 seconds.}
        requirements:
          - id: service-level
            rule: contact.service-level
            params: {threshold: 20s}
            target: ">= 80%"
            warn: ">= 85%"
            group_by: [queue]
      - number: "4.2"
        text: {en: Answered calls wait 30 seconds or less on average.}
        requirements:
          - id: asa
            rule: contact.asa
            target: "<= 30s"
            severity: minor
"""


def child(extends: str, body: str, sid: str = "site") -> str:
    return f"""\
kind: standard
id: {sid}
title: {{en: {sid} standard}}
version: 1.0.0
status: draft
languages: [en]
extends: {extends}
{body}"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")  # the project root
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules/contact.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards/organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    return tmp_path


def write(project: Path, name: str, text: str) -> Path:
    path = project / "standards" / name
    path.write_text(text, encoding="utf-8")
    return path


def effective(path: Path):
    overlay = resolve(load_document(path, {"standard"}), Library())
    assert overlay.problems == []
    return overlay


def summary(standard) -> list[tuple]:
    return [
        (clause.number, r.id, r.target, r.warn, dict(r.params), r.severity, r.min_sample)
        for _path, clause, r in standard.requirements()
    ]


SITE = """\
overrides:
  - requirement: service-level
    target: ">= 82%"
    params: {threshold: 15s}
  - requirement: asa
    target: "<= 40s"
    justification: {en: The site's billing line runs long by design.}
clauses:
  - number: "4.3"
    text: {en: Calls are answered within 60 seconds.}
    requirements:
      - id: within-60s
        rule: contact.service-level
        params: {threshold: 60s}
        target: ">= 95%"
  - number: "6"
    text: {en: A new top-level clause.}
    requirements:
      - id: asa-day
        rule: contact.asa
        target: "<= 45s"
        period: day
"""


def test_the_effective_standard_is_the_hand_merged_one(project):
    overlay = effective(write(project, "site.yaml", child("organisation.yaml", SITE)))
    model = overlay.effective.model
    assert (model.id, model.extends, model.overrides) == ("site", None, [])
    assert summary(model) == [
        ("4.1", "service-level", ">= 82%", ">= 85%", {"threshold": "15s"}, "major", 30),
        ("4.2", "asa", "<= 40s", None, {}, "minor", 30),
        ("4.3", "within-60s", ">= 95%", None, {"threshold": "60s"}, "major", 30),
        ("6", "asa-day", "<= 45s", None, {}, "major", 30),
    ]
    assert [c.number for _p, c in model.walk()] == ["4", "4.1", "4.2", "4.3", "6"]
    kinds = [(c.requirement, c.kind) for c in overlay.changes]
    assert kinds == [("service-level", "tightened"), ("asa", "loosened"), ("within-60s", "added"), ("asa-day", "added")]
    fields = {c.requirement: [(f.field, f.old, f.new, f.verdict) for f in c.fields] for c in overlay.changes}
    assert fields["service-level"] == [
        ("target", ">= 80%", ">= 82%", "tighter"),
        ("params.threshold", "20s", "15s", "tighter"),
    ]
    assert fields["asa"] == [("target", "<= 30s", "<= 40s", "looser")]


def test_positions_of_the_effective_standard_point_into_the_file_each_part_came_from(project):
    site = write(project, "site.yaml", child("organisation.yaml", SITE))
    doc = effective(site).effective
    sl = ("clauses", 0, "clauses", 0, "requirements", 0)
    # the overridden target is the site's (line 10: '    target: ">= 82%"'), the warn band the organisation's
    assert str(doc.at((*sl, "target"))) == f"{doc.name}:10:13"
    assert str(doc.at((*sl, "warn"))).endswith("organisation.yaml:19:19")
    assert str(doc.at(("clauses", 0, "clauses", 2, "requirements", 0, "target"))) == f"{doc.name}:22:17"


def test_a_chain_organisation_region_site_applies_every_level_in_order(project):
    write(
        project,
        "region.yaml",
        child(
            "organisation.yaml",
            'overrides:\n  - requirement: service-level\n    target: ">= 85%"\n    warn: ">= 90%"\n',
            "region",
        ),
    )
    site = write(
        project,
        "site.yaml",
        child("region.yaml", 'overrides:\n  - requirement: service-level\n    target: ">= 88%"\n', "site"),
    )
    overlay = effective(site)
    assert [p.model.id for p in overlay.parents] == ["region", "organisation"]
    assert summary(overlay.effective.model)[0][2:4] == (">= 88%", ">= 90%")
    assert [(c.document.rsplit("/", 1)[-1], c.kind) for c in overlay.changes] == [
        ("region.yaml", "tightened"),
        ("site.yaml", "tightened"),
    ]
    assert lint_paths([site]).diagnostics == ()


def test_a_chain_longer_than_the_recursion_limit_resolves(project):
    previous = "organisation.yaml"
    for level in range(1100):
        name = f"level{level}.yaml"
        body = (
            f'overrides:\n  - requirement: asa\n    target: "<= {30 - level / 100:g}s"\n' if level % 100 == 99 else ""
        )
        write(project, name, child(previous, body, f"level{level}"))
        previous = name
    overlay = effective(project / "standards" / previous)
    assert len(overlay.parents) == 1100
    assert summary(overlay.effective.model)[1][2] == "<= 19.01s"  # the last override: level 1099
    assert {c.kind for c in overlay.changes} == {"tightened"} and len(overlay.changes) == 11


@pytest.mark.parametrize(
    ("override", "line_col", "words"),
    [
        ('    target: ">= 75%"\n', "9:18", "target >= 80% → >= 75%"),
        ('    warn: ">= 82%"\n', "9:18", "warn >= 85% → >= 82%"),
        ("    min_sample: 50\n", "9:18", "min_sample 30 → 50"),
        ("    severity: minor\n", "9:18", "severity major → minor"),
        ("    params: {threshold: 30s}\n", "9:18", "params.threshold 20s → 30s"),
        ("    params: {abandon_policy: ignored}\n", "9:18", "params.abandon_policy negative → ignored"),
    ],
)
def test_loosening_without_a_justification_is_sc063(project, override, line_col, words):
    site = write(
        project, "site.yaml", child("organisation.yaml", f"overrides:\n  - requirement: service-level\n{override}")
    )
    report = lint_paths([site])
    found = [d for d in report.diagnostics if d.code == "SC063"]
    assert [str(d.location) for d in found] == [f"{report.files[0]}:{line_col}"]
    assert words in found[0].message and found[0].severity.value == "error"
    assert report.exit_code("error") == 1
    justified = override + "    justification: {en: agreed with the board}\n"
    site.write_text(
        child("organisation.yaml", f"overrides:\n  - requirement: service-level\n{justified}"), encoding="utf-8"
    )
    assert [d for d in lint_paths([site]).diagnostics if d.code == "SC063"] == []


def test_tightening_needs_no_justification_and_lint_lists_the_diff(project):
    site = write(project, "site.yaml", child("organisation.yaml", SITE))
    report = lint_paths([site])
    assert [d.code for d in report.diagnostics if d.severity.value == "error"] == []
    assert report.overlays[1:] == (
        "  tightened  service-level: target >= 80% → >= 82%; params.threshold 20s → 15s",
        "  loosened   asa: target <= 30s → <= 40s — justification: The site's billing line runs long by design.",
        "  added      within-60s (clause 4.3)",
        "  added      asa-day (clause 6)",
    )
    head = f"{report.files[0]}: effective standard site 1.0.0 extends organisation 1.0.0 ("
    assert report.overlays[0].startswith(head) and report.overlays[0].endswith("standards/organisation.yaml)")


def test_a_cycle_is_sc016_located_at_extends(project):
    a = write(project, "a.yaml", child("b.yaml", "", "a"))
    write(project, "b.yaml", child("a.yaml", "", "b"))
    report = lint_paths([a])
    found = [d for d in report.diagnostics if d.code == "SC016"]
    assert [str(d.location) for d in found] == [f"{report.files[0].replace('a.yaml', 'b.yaml')}:7:10"]
    assert "cycle" in found[0].message and report.invalid_input and report.exit_code("error") == 3


def test_a_standard_extending_itself_is_a_cycle(project):
    a = write(project, "a.yaml", child("a.yaml", "", "a"))
    report = lint_paths([a])
    assert [(d.code, d.location.line, d.location.column) for d in report.diagnostics] == [("SC016", 7, 10)]


@pytest.mark.parametrize(
    ("extends", "words"),
    [
        ("missing.yaml", "no such file"),
        ("https://example.com/organisation.yaml", "a URL"),
        ("/etc/organisation.yaml", "an absolute path"),
        ("../../outside.yaml", "leaves the project root"),
        ("../rules/contact.yaml", "not a usable standard"),
    ],
)
def test_a_parent_that_cannot_be_used_is_sc017_located(project, extends, words):
    (project.parent / "outside.yaml").write_text(ORGANISATION, encoding="utf-8")
    site = write(project, "site.yaml", child(extends, ""))
    report = lint_paths([site])
    found = [d for d in report.diagnostics if d.code == "SC017"]
    assert len(found) == 1 and words in found[0].message
    assert (found[0].location.line, found[0].location.column) == (7, 10)
    assert report.exit_code("error") == 3


@pytest.mark.parametrize(
    ("body", "words", "line"),
    [
        ('overrides:\n  - requirement: no-such\n    target: ">= 90%"\n', "which its parents do not have", 9),
        ('clauses:\n  - number: "4.1"\n    text: {en: again}\n', "clause 4.1 is already in the standard it extends", 9),
        (
            'clauses:\n  - number: "7"\n    text: {en: x}\n    requirements:\n'
            '      - id: asa\n        rule: contact.asa\n        target: "<= 20s"\n',
            "requirement id 'asa' is already in the standard it extends",
            12,  # the added requirement's id
        ),
    ],
)
def test_an_overlay_that_does_not_fit_its_parent_is_a_located_load_error(project, body, words, line):
    site = write(project, "site.yaml", child("organisation.yaml", body))
    report = lint_paths([site])
    found = [d for d in report.diagnostics if d.code == "SC014"]
    assert len(found) == 1 and words in found[0].message and found[0].location.line == line
    assert report.exit_code("error") == 3


def test_overrides_without_extends_are_refused(project):
    text = ORGANISATION + 'overrides:\n  - requirement: asa\n    target: "<= 20s"\n'
    report = lint_paths([write(project, "bad.yaml", text)])
    assert [d.code for d in report.diagnostics] == ["SC014"] and "give the parent" in report.diagnostics[0].message
