"""How ``--engine spark`` starts, without starting Spark: the install hints when pyspark or the
Connect client's extras are missing (in a subprocess where their import is blocked), the options'
usage errors, and the sources only Spark reads (URIs, catalog tables) refused, located, on DuckDB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.lint.runner import lint_paths

REPO = Path(__file__).resolve().parents[2]
CONTACT = ["standards/contact-centre.yaml", "--data", "examples/contact-centre/dataset.yaml"]


def _hidden(
    modules: list[str], argv: list[str], entry: str = "from checker.cli import main as run"
) -> subprocess.CompletedProcess:
    """Run a servcheck entry point in a fresh interpreter where importing ``modules`` fails."""
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    sys.modules[name] = None\n"
        f"{entry}\n"
        f"sys.argv = ['servcheck', *{argv!r}]\n"
        "run()\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_without_pyspark_the_audit_says_how_to_install_it() -> None:
    done = _hidden(["pyspark"], ["audit", "--lang", "en", *CONTACT, "--engine", "spark"])
    assert done.returncode == 2
    assert "pip install 'servcheck[spark]'" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_without_pyspark_the_spark_submit_driver_says_how_to_install_it() -> None:
    done = _hidden(["pyspark"], CONTACT, entry="from checker.engine.spark_job import main as run")
    assert done.returncode == 2
    assert "pip install 'servcheck[spark]'" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_without_the_connect_extras_a_remote_audit_says_how_to_install_them() -> None:
    done = _hidden(
        ["grpc"], ["audit", "--lang", "en", *CONTACT, "--engine", "spark", "--spark-remote", "sc://localhost:15002"]
    )
    assert done.returncode == 2
    assert "Spark Connect needs" in done.stderr and "servcheck[spark]" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--engine", "spark", "--spark-master", "local[1]", "--spark-remote", "sc://h:15002"], "not both"),
        (["--spark-master", "local[1]"], "need --engine spark"),
        (["--spark-remote", "sc://h:15002"], "need --engine spark"),
    ],
)
def test_spark_options_are_checked_before_anything_starts(args: list[str], said: str) -> None:
    result = CliRunner().invoke(cli, ["audit", "--lang", "en", *CONTACT, *args])
    assert result.exit_code == 2
    assert said in result.output


def test_spark_remote_from_the_environment_conflicts_with_a_master(monkeypatch: pytest.MonkeyPatch) -> None:
    """``SPARK_REMOTE`` counts as ``--spark-remote``, as pyspark reads it."""
    monkeypatch.setenv("SPARK_REMOTE", "sc://h:15002")
    result = CliRunner().invoke(
        cli, ["audit", "--lang", "en", *CONTACT, "--engine", "spark", "--spark-master", "local[1]"]
    )
    assert result.exit_code == 2
    assert "not both" in result.output


def _mapping(tmp_path: Path, table: dict) -> Path:
    source = yaml.safe_load((REPO / "examples/contact-centre/dataset.yaml").read_text(encoding="utf-8"))
    for other in source["tables"].values():  # the other tables keep their shipped files
        other["source"] = [str(REPO / "examples/contact-centre" / s) for s in other["source"]]
    calls = source["tables"]["calls"]
    calls.pop("source")
    calls.update(table)
    (tmp_path / "dataset.yaml").write_text(yaml.safe_dump(source, sort_keys=False, allow_unicode=True), "utf-8")
    return tmp_path / "dataset.yaml"


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


@pytest.mark.parametrize(
    ("table", "marker"),
    [({"catalog_table": "sales.calls"}, "catalog_table:"), ({"source": ["s3a://bucket/calls/*.csv"]}, "s3a://")],
)
def test_spark_only_sources_are_refused_located_on_duckdb(tmp_path: Path, table: dict, marker: str) -> None:
    data = _mapping(tmp_path, table)
    result = CliRunner().invoke(cli, ["audit", "--lang", "en", "standards/contact-centre.yaml", "--data", str(data)])
    assert result.exit_code == 3
    assert "SC049" in result.output and "only --engine spark" in result.output
    assert f"dataset.yaml:{_line_of(data, marker)}:" in result.output


def test_lint_takes_uris_and_catalog_tables_and_checks_their_shape(tmp_path: Path) -> None:
    """A URI is not looked for on disk (no SC041); a catalog table needs a dotted name of
    identifiers, and a table gives files or a catalog table, not both."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    uri = lint_paths([_mapping(tmp_path / "a", {"source": ["abfss://c@acct.dfs.core.windows.net/calls/*.parquet"]})])
    assert [d.code for d in uri.diagnostics if d.code in ("SC041", "SC002", "SC001")] == []
    bad_name = lint_paths([_mapping(tmp_path / "b", {"catalog_table": "sales.calls; DROP TABLE x"})])
    both = lint_paths([_mapping(tmp_path / "c", {"catalog_table": "sales.calls", "source": ["calls.csv"]})])
    for report in (bad_name, both):
        assert report.invalid_input
        assert any("catalog_table" in d.message for d in report.diagnostics)
