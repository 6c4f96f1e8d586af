"""The repository's own standards and rules lint clean; rules are found next to a standard."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RULES = """\
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of offered calls answered within the threshold.}
    measure: service-level
    table: calls
    fields: [wait, outcome]
    unit: percent
    parameters:
      threshold: {type: duration}
    colour: blue
"""

STANDARD = """\
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: 80% of calls are answered within 20 seconds.}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
"""


def test_iso_23592_taxonomy_lints_clean(run_lint):
    result = run_lint("standards/iso-23592.yaml", "--fail-on", "info")
    assert result.exit_code == 0, result.stdout
    first_line = (REPO / "standards" / "iso-23592.yaml").read_text("utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/taxonomy.schema.json"


def test_iso_23592_taxonomy_has_the_model_shape():
    from checker.load.documents import load_document

    taxonomy = load_document(REPO / "standards" / "iso-23592.yaml").model
    assert [d.id for d in taxonomy.dimensions] == ["D1", "D2", "D3", "D4"]
    assert [e.id for e in taxonomy.elements] == [f"E{i}" for i in range(1, 10)]
    assert [level.id for level in taxonomy.levels] == ["L1", "L2", "L3", "L4"]
    parents = {e.id: e.parent for e in taxonomy.elements}
    assert parents == {
        "E1": "D1",
        "E2": "D1",
        "E3": "D2",
        "E4": "D2",
        "E5": "D3",
        "E6": "D3",
        "E7": "D3",
        "E8": "D4",
        "E9": "D4",
    }
    confidence = {e.id: e.confidence for e in (*taxonomy.dimensions, *taxonomy.elements)}
    assert confidence["D4"] == confidence["E7"] == "medium"
    assert all(e.name.zh and e.name.en for e in (*taxonomy.dimensions, *taxonomy.elements, *taxonomy.levels))


def test_shipped_standards_and_rules_lint_clean(run_lint):
    result = run_lint("standards", "rules")
    assert result.exit_code == 0, result.stdout


def test_rules_folder_next_to_the_standards_folder_is_used(run_lint, tmp_path):
    (tmp_path / "standards").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "standards" / "demo.yaml").write_text(STANDARD, "utf-8")
    (tmp_path / "rules" / "contact.yaml").write_text(RULES.replace("    colour: blue\n", ""), "utf-8")
    result = run_lint("standards/demo.yaml", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"] == ["standards/demo.yaml"]


def test_problems_in_neighbouring_rules_are_not_reported_unless_linted(run_lint, tmp_path):
    (tmp_path / "standards").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "standards" / "demo.yaml").write_text(STANDARD, "utf-8")
    (tmp_path / "rules" / "contact.yaml").write_text(RULES, "utf-8")
    alone = run_lint("standards/demo.yaml", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["file"]) for d in json.loads(alone.stdout)["diagnostics"]]
    assert found == [("SC028", "standards/demo.yaml")]
    together = run_lint("standards", "rules", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["file"], d["line"]) for d in json.loads(together.stdout)["diagnostics"]]
    assert ("SC011", "rules/contact.yaml", 12) in found
    assert together.exit_code == 3


def test_rules_are_found_beside_an_ancestor_folder():
    # examples/drafts/x.md has no rules/ beside its own parent; the repository's rules/ is two up
    from pathlib import Path

    from checker.load.library import rules_folder_near

    root = Path(__file__).resolve().parents[2]
    assert rules_folder_near(root / "examples/drafts/contact-centre-draft.md") == root / "rules"
    assert rules_folder_near(root / "standards/contact-centre.yaml") == root / "rules"
