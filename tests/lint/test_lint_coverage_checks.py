"""SC056 (expect_groups) and SC057 (a table's quality gate): each problem reported where it is written.

The documents are written out literally so every expected line:column can be read off by eye.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

STANDARD = """\
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: Every element scores at least 3 of 5.}
    requirements:
      - id: every-element
        rule: iso23592.element-score
        target: ">= 3"
        group_by: [element]
        expect_groups:
          element: {taxonomy: element, members: [E1, E10]}
          assessor: [QA-ZHANG, QA-ZHANG]
"""

DATASET = """\
kind: dataset
id: demo
title: {en: Demo}
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID, required: true}
      offered_at: {column: Offered, type: timestamp, required: true}
      wait: {column: WaitSec, type: duration, unit: s}
    quality:
      max_rejected: 120%
      complete: {waiting: 99%, wait: 0.99}
      fresh_within: soon
"""


def _lines(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if code in line]


def test_expect_groups_problems_are_located(tmp_path, run_lint):
    shutil.copy(REPO / "standards" / "iso-23592.yaml", tmp_path)
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    (tmp_path / "standard.yaml").write_text(STANDARD, encoding="utf-8")
    result = run_lint("standard.yaml", "iso-23592.yaml", "rules", cwd=tmp_path)
    found = _lines(result.stdout, "SC056")
    assert result.exit_code == 1
    assert any(
        line.startswith("standard.yaml:17:11:") and "'assessor'" in line and "group by" in line for line in found
    )
    assert any(line.startswith("standard.yaml:16:54:") and "'E10'" in line for line in found), found
    assert any(line.startswith("standard.yaml:17:32:") and "twice" in line for line in found), found
    assert len(found) == 3


def test_quality_gate_problems_are_located(tmp_path, run_lint):
    (tmp_path / "calls.csv").write_text("CallID,Offered,WaitSec\n", encoding="utf-8")
    (tmp_path / "dataset.yaml").write_text(DATASET, encoding="utf-8")
    result = run_lint("dataset.yaml", cwd=tmp_path)
    found = _lines(result.stdout, "SC057")
    assert result.exit_code == 1
    assert any(line.startswith("dataset.yaml:14:21:") and "above 100%" in line for line in found), found
    assert any(line.startswith("dataset.yaml:15:18:") and "'waiting'" in line for line in found), found
    assert any(line.startswith("dataset.yaml:15:38:") and "0.99" in line for line in found), found
    assert any(line.startswith("dataset.yaml:16:21:") and "'soon'" in line for line in found), found
    assert len(found) == 4
