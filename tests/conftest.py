"""Helpers shared by every test folder: the ledger conservation check and an audit runner.

Why the ledger check counts rows itself: the engine computes ``read`` as the sum of its own
buckets, so ``read == used + excluded + rejected`` alone would be a tautology. The check below
also counts the data rows of every CSV input with the ``csv`` module (header excluded, blank
lines skipped) and requires the ledger's ``read`` to equal that independent count, so a row the
engine loses silently makes the test fail.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker.audit import AuditRequest, run_audit
from checker.model.report import Report

REPO = Path(__file__).resolve().parents[1]


def count_csv_rows(path: Path, header: bool = True) -> int:
    """Data records of a CSV file as Python's csv module sees them (a malformed line is one record)."""
    with path.open(encoding="utf-8", newline="") as handle:
        records = sum(1 for row in csv.reader(handle) if row)
    return records - 1 if header and records else records


def assert_ledger_conserved(report: Report, dataset_dir: Path | None = None) -> None:
    """Every table: read == used + Σ excluded + Σ rejected, counts positive and reasons unique.

    With ``dataset_dir`` (the folder of the dataset mapping, against which the report's input
    paths are relative), ``read`` must also equal the CSV rows counted independently here.
    """
    for table in report.ledger:
        excluded = sum(r.count for r in table.excluded)
        rejected = sum(r.count for r in table.rejected)
        assert table.read == table.used + excluded + rejected, f"ledger of {table.table} does not add up: {table}"
        assert table.used >= 0
        for entry in [*table.excluded, *table.rejected]:
            assert entry.count > 0, f"{table.table}: reason {entry.reason!r} listed with no rows"
            assert 0 < len(entry.examples) <= entry.count, f"{table.table}: {entry.reason!r} examples"
        reasons = [r.reason for r in [*table.excluded, *table.rejected]]
        assert len(reasons) == len(set(reasons)), f"{table.table}: a reason is listed twice"
        if dataset_dir is not None:
            files = [f for f in report.inputs if f.role == f"data:{table.table}"]
            assert files, f"no input file recorded for table {table.table}"
            if all(f.path.lower().endswith(".csv") for f in files):
                rows = sum(count_csv_rows(dataset_dir / f.path) for f in files)
                assert table.read == rows, f"{table.table}: ledger read {table.read}, the CSV files hold {rows} rows"


AuditRunner = Callable[..., Report]

HEAVY = "spark-and-browser"
"""The pytest-xdist scope of the Spark files and the real-browser report test: one worker runs them one
after another, first, while the other worker takes the other files."""


def _scope(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/spark/") or path == "tests/report/test_html_browser.py":
        return HEAVY
    return path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Scopes for ``pytest -n 2 --dist loadscope --no-loadscope-reorder`` (pyproject's ``addopts``).

    A whole file goes to one worker, so a module-scoped fixture (a module's audit, the PDF pair) is
    built once. The Spark files form one scope with the browser test: Spark's one local session
    (``tests/spark/conftest.py``) is then started once, and Chromium, which timed out printing beside
    a Spark JVM on a loaded machine, never runs beside it. Why a scheduler and not ``xdist_group``
    marks: ``--dist loadgroup`` (xdist 3.8) renames ``item._nodeid``, which pytest 9.2 no longer reads
    (the node id lives in ``item._id``), so the marks were silently ignored and the Spark tests were
    dealt to both workers one by one - two JVMs, and in session 26 two Connect servers on one port."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileOrHeavyScopes(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    return FileOrHeavyScopes(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The Spark-and-browser scope first: it is about half the suite's time, and with
    ``--no-loadscope-reorder`` the workers take scopes in collection order (by xdist's own order, the
    count of tests, it came last and ran alone for ten minutes)."""
    items.sort(key=lambda item: _scope(item.nodeid) != HEAVY)  # stable: file and test order kept


@pytest.fixture(autouse=True)
def _own_lint_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own (empty) cache of lint runs (``checker.lint.cache``), never the repository's
    ``.servcheck_cache``: a test that swaps a function of the lint for a failing one must see it run."""
    monkeypatch.setenv("SERVCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("lint-cache")))


@pytest.fixture
def audit() -> AuditRunner:
    """Run an audit in-process and check its ledger against the source files before returning it."""

    def run(
        standard: Path,
        dataset: Path,
        rules: tuple[Path, ...] = (),
        period: tuple[dt.date, dt.date] | None = None,
        evidence_limit: int = 10,
    ) -> Report:
        report = run_audit(AuditRequest(standard, dataset, tuple(rules), period, evidence_limit))
        assert_ledger_conserved(report, dataset.parent)
        return report

    return run


@pytest.fixture(scope="session")
def ledger_conserved() -> Callable[[Report, Path | None], None]:
    """:func:`assert_ledger_conserved` for fixtures wider than one test (module-scoped audits)."""
    return assert_ledger_conserved
