"""Many failing requirements on one table: the evidence pass must not build a recursion-deep query."""

from __future__ import annotations

import copy

from badinput_kit import STANDARD, audit_file
from sqlglot import exp

from checker.engine.run import any_of


def test_400_failing_requirements_get_their_evidence(tmp_path, ledger_conserved):
    std = copy.deepcopy(STANDARD)
    template = std["clauses"][0]["requirements"][0]
    # thresholds 1..7 s against waits of 10..29 s: every call offends every requirement
    std["clauses"][0]["requirements"] = [
        dict(template, id=f"r{i:03d}", params={"threshold": f"{1 + i % 7}s"}, target=">= 99%") for i in range(400)
    ]
    rows = "".join(f"c{i},2024-04-01 09:{i:02d}:00,answered,{10 + i}\n" for i in range(20))
    (tmp_path / "calls.csv").write_text("call_id,offered_at,outcome,wait\n" + rows, encoding="utf-8")
    outcome = audit_file(tmp_path, tmp_path / "calls.csv", standard=std, options=("--evidence", "3"))
    assert outcome.result.exit_code == 1, outcome.output
    requirements = outcome.report.clauses[0].requirements
    assert len(requirements) == 400
    for r in requirements:
        assert (r.outcome, r.overall.exact) == ("fail", "0/20")
        # all 20 offend; the first three keys in text order are c0, c1, c10
        assert r.overall.evidence_total == 20
        assert [e.key["call_id"] for e in r.overall.evidence] == ["c0", "c1", "c10"]
    ledger_conserved(outcome.report, tmp_path)


def test_any_of_is_shallow_and_keeps_every_condition():
    conditions = [exp.column(f"f{i}").eq(i) for i in range(1000)]
    tree = any_of(conditions)

    def depth(node: exp.Expression) -> int:
        return 1 + max((depth(c) for c in (node.this, node.expression)), default=0) if isinstance(node, exp.Or) else 0

    assert depth(tree) == 10  # ceil(log2(1000))
    assert [c.sql() for c in tree.find_all(exp.EQ, bfs=False)] == [c.sql() for c in conditions]
    assert tree.sql().count(" OR ") == 999
