"""Requirements sharing a grouped query are cut into queries of at most MAX_SHARED_AGGREGATES aggregates.

Why: DuckDB holds every aggregate's state of a group in one hash-table row; 10,000 benchmark
requirements in one rolled-up query ended the process with SIGFPE (session 23). The cut must
keep every requirement, in order, and must not change a figure.
"""

from __future__ import annotations

from types import SimpleNamespace

from audit_kit import CALLS_HEADER, call, calls_table, csv_text, dataset, requirement, standard, write_case

from checker.audit import AuditRequest, run_audit
from checker.engine import run
from checker.report.json_report import render_json


def _planned(count: int) -> SimpleNamespace:
    return SimpleNamespace(plan=SimpleNamespace(aggregates={f"a{k}": None for k in range(count)}))


def test_requirements_are_cut_in_order_at_the_bound(monkeypatch):
    monkeypatch.setattr(run, "MAX_SHARED_AGGREGATES", 5)
    shared = [(i, _planned(n)) for i, n in enumerate([2, 3, 1, 4, 7, 5, 0])]
    cut = run._shared_queries(shared)
    # by hand: 2+3 = 5 fits; 1+4 = 5; 7 alone (over the bound, a query of its own); 5 + 0
    assert [[i for i, _ in query] for query in cut] == [[0, 1], [2, 3], [4], [5, 6]]


def test_no_requirement_no_query():
    assert run._shared_queries([]) == []


LINES = [
    call("c1", "answered", 5, at="2024-04-01 09:00:00"),
    call("c2", "answered", 25, at="2024-04-01 10:00:00", queue="billing"),
    call("c3", "abandoned", 40, at="2024-04-02 11:00:00"),
    call("c4", "answered", 8, at="2024-04-02 13:00:00", queue="billing"),
    call("c5", "answered", 12, at="2024-04-03 08:00:00"),
]
REQUIREMENTS = [
    requirement("by-10s", "contact.answered-within", ">= 50%", params={"threshold": "10s"}),
    requirement("by-20s", "contact.answered-within", ">= 50%", params={"threshold": "20s"}, group_by=["queue"]),
    requirement("by-30s", "contact.answered-within", ">= 90%", params={"threshold": "30s"}, period="day"),
]


def test_cut_queries_give_the_same_report(tmp_path, monkeypatch):
    case = write_case(
        tmp_path,
        standard(*REQUIREMENTS),
        dataset({"calls": calls_table()}),
        {"calls.csv": csv_text(CALLS_HEADER, LINES)},
    )
    whole = render_json(run_audit(AuditRequest(*case)))
    queries: list[int] = []
    real = run._run_query

    def counting(backend, relation, reqs):
        queries.append(len(reqs))
        return real(backend, relation, reqs)

    monkeypatch.setattr(run, "_run_query", counting)
    monkeypatch.setattr(run, "MAX_SHARED_AGGREGATES", 1)
    cut = render_json(run_audit(AuditRequest(*case)))
    assert queries == [1, 1, 1]  # each requirement in a query of its own
    assert cut == whole
