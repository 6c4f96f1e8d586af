"""The DuckDB backend prints the plan's trees in place: real audits show no tree changed, no text differs.

:meth:`checker.engine.duckdb_backend.DuckDBBackend.sql` passes ``copy=False`` to sqlglot. These
audits (every kind of source the examples ship, the golden cases of every standard, case timers on
generated tickets across both clock changes) run under :mod:`tests.print_guard`, which compares each
printed tree's shape before and after and its text with the text of a copy. The first test shows
the guard fails on a tree the ``duckdb`` generator does rewrite in place.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from print_guard import PrintLog, check_print, guarded_prints, shape
from sqlglot import exp, parse_one

from checker.cli import cli
from checker.engine.dialect import sample_hash
from checker.engine.duckdb_backend import DuckDBBackend
from checker.engine.spark_sql import to_spark

REPO = Path(__file__).resolve().parents[2]


def test_the_guard_sees_a_tree_the_generator_rewrites() -> None:
    backend = DuckDBBackend()
    rewritten = parse_one("SELECT a FROM t START WITH b = 1 CONNECT BY PRIOR a = b", read="duckdb")
    log = PrintLog()
    check_print(log, "duckdb", rewritten, backend.sql)
    assert log.printed == 1
    assert [c.split(":")[0] for c in log.changed] == ["tree changed by printing"]


def test_the_guard_passes_a_tree_left_alone() -> None:
    plain = exp.select(exp.func("sum", exp.column("x")).as_("s")).from_("t").where(exp.column("y").eq(1))
    log = PrintLog()
    assert check_print(log, "duckdb", plain, DuckDBBackend().sql) == "SELECT SUM(x) AS s FROM t WHERE y = 1"
    assert log.changed == []


def test_an_ordered_group_concat_prints_the_same_twice() -> None:
    """sqlglot's LISTAGG handler pops the aggregated column out of its ORDER BY: printed in place
    without the node's own copy, the second print would lose it (the path of case_path.py)."""
    path = exp.GroupConcat(
        this=exp.Order(this=exp.column("_state"), expressions=[exp.Ordered(this=exp.column("_seq"))]),
        separator=exp.Literal.string(" > "),
    )
    tree = exp.select(path.as_("p")).from_("t")
    backend = DuckDBBackend()
    want = "SELECT LISTAGG(_state, ' > ' ORDER BY _seq) AS p FROM t"
    assert backend.sql(tree) == want
    assert backend.sql(tree) == want


def test_printing_for_spark_leaves_the_tree_alone() -> None:
    tree = parse_one("SELECT GROUPING(a, b), MAX(epoch(x)) FROM t GROUP BY CUBE (a, b)", read="duckdb")
    _nodes, before = shape(tree)
    assert to_spark(tree) == to_spark(tree.copy())
    assert shape(tree)[1] == before


README_AUDITS = [
    "standards/contact-centre.yaml --data examples/contact-centre/dataset.yaml --format json:out/r.json",
    "standards/service-excellence.yaml --data examples/contact-centre/dataset.yaml",
    "standards/contact-centre.yaml --data examples/contact-centre/dataset.yaml --period 2024-04-01..2024-04-07",
    "standards/contact-centre-site.yaml --data examples/contact-centre/dataset.yaml"
    " --waivers examples/contact-centre/waivers.yaml",
    "standards/service-desk.yaml --data examples/helpdesk-xes/dataset.yaml",
    "standards/contact-centre.yaml --data examples/asterisk/dataset.yaml",
    "standards/service-desk.yaml --data examples/ocel-service-desk/dataset.yaml",
    "standards/service-desk.yaml --data examples/ocel-service-desk/dataset-sqlite.yaml",
    "standards/servicenow-incidents.yaml --data examples/servicenow/dataset.yaml",
    "standards/service-desk.yaml --data examples/service-desk/dataset.yaml --cases out/verdicts.csv",
    "standards/service-desk.yaml --data examples/service-desk/dataset.yaml --as-of 2026-04-09T12:30",
    "standards/service-desk.yaml --data examples/helpdesk/dataset.yaml",
    "standards/field-repair.yaml --data examples/nyc311/dataset.yaml",
]


def _servcheck(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PrintLog:
    monkeypatch.chdir(REPO)
    (tmp_path / "out").mkdir(exist_ok=True)
    args = [a.replace("out/", f"{tmp_path}/out/") for a in args]
    with guarded_prints() as log:
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output[-2000:]
    return log


@pytest.mark.parametrize("line", README_AUDITS, ids=[line.split(" --data ")[1][:60] for line in README_AUDITS])
def test_a_readme_audit_prints_every_tree_in_place(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _servcheck(["audit", *line.split(), "--fail-on", "never"], tmp_path, monkeypatch)
    assert log.printed >= 5  # a census, grouped passes and evidence at least
    assert log.changed == [], "\n\n".join(log.changed)


@pytest.mark.parametrize(
    "line",
    [
        "--requirement answered-by-2nd-ring --level II --aql 1.0 --seed 2024-q2 --out out/form.csv",
        "--requirement abandonment-rate --per-group --n 5 --seed 7 --item greeting --out out/per-queue.csv",
    ],
)
def test_a_sample_prints_every_tree_in_place(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample orders records by ``md5(seed || ':' || key)``: a CONCAT, which sqlglot prints as
    ``||`` nodes that take its arguments as their own children (copied first, so they do not)."""
    base = "sample standards/contact-centre.yaml --data examples/contact-centre/dataset.yaml"
    log = _servcheck([*base.split(), *line.split()], tmp_path, monkeypatch)
    assert log.printed >= 3
    assert log.changed == [], "\n\n".join(log.changed)


def test_the_sample_hash_prints_the_same_twice_and_keeps_its_nodes() -> None:
    tree = exp.select(sample_hash("7", exp.column("call_id")).as_("h")).from_("t")
    seed = tree.find(exp.Literal)
    assert seed is not None and isinstance(seed.parent, exp.Concat)
    backend = DuckDBBackend()
    want = "SELECT LOWER(MD5('7:' || CAST(call_id AS TEXT))) AS h FROM t"
    assert backend.sql(tree) == want
    assert backend.sql(tree) == want
    assert isinstance(seed.parent, exp.Concat)  # not the || node the printer made


def test_the_golden_cases_print_every_tree_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _servcheck(["test", "standards"], tmp_path, monkeypatch)
    assert log.printed >= 200  # dozens of cases, each an audit
    assert log.changed == [], "\n\n".join(log.changed)


def test_case_timers_on_generated_tickets_print_every_tree_in_place(tmp_path: Path) -> None:
    from checker.audit import AuditRequest, run_audit

    bench = REPO / "bench"
    spec = importlib.util.spec_from_file_location("bench_tickets_data", bench / "tickets" / "tickets_data.py")
    assert spec and spec.loader
    tickets = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(bench))
    try:
        spec.loader.exec_module(tickets)
    finally:
        sys.path.remove(str(bench))
    data = tickets.generate(3000, seed=11, root=tmp_path)
    with guarded_prints() as log:
        run_audit(AuditRequest(standard=bench / "tickets" / "standard.yaml", dataset=data / "dataset.yaml"))
    assert log.printed >= 10
    assert log.changed == [], "\n\n".join(log.changed)
