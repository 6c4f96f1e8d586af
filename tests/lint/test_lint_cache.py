"""The cache of lint runs (``checker.lint.cache``): a warm run answers exactly what a cold run would.

Every test lints a copy of shipped files in a temporary folder, runs twice, changes one input
between the runs (a file's bytes, a new or deleted file, a configuration, a rules folder that
appears), and requires the second answer to equal an uncached run's (``--no-cache``) — never the
first run's when an input changed. The conftest gives every test its own empty cache folder.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from shared_probes import lint_in_a_fresh_process

from checker.cli import cli
from checker.lint import cache
from checker.lint.choices import FAIL_ON_LEVELS, FORMAT_NAMES

REPO = Path(__file__).resolve().parents[2]
HEAVY = {"sqlglot", "pydantic", "jsonschema", "holidays", "babel", "yaml", "duckdb", "scipy", "numpy"}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """standards/contact-centre.yaml and rules/ copied, the working directory set there."""
    (tmp_path / "standards").mkdir()
    shutil.copy(REPO / "standards" / "contact-centre.yaml", tmp_path / "standards")
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args: str) -> Result:
    return CliRunner().invoke(cli, ["lint", *args], catch_exceptions=False)


def entries() -> list[Path]:
    return sorted(cache.cache_folder().glob("*.json"))


def same(a: Result, b: Result) -> bool:
    return (a.exit_code, a.stdout) == (b.exit_code, b.stdout)


def test_a_warm_run_replays_the_cold_run(tree: Path) -> None:
    assert entries() == []
    cold = lint("standards", "rules")
    assert len(entries()) == 1
    warm = lint("standards", "rules")
    assert same(warm, cold) and same(warm, lint("--no-cache", "standards", "rules"))
    assert cold.exit_code == 0 and "0 个错误" in cold.stdout  # the standard speaks Chinese first


def test_an_edited_file_is_linted_again(tree: Path) -> None:
    standard = tree / "standards" / "contact-centre.yaml"
    first = lint("standards", "rules")
    text = standard.read_text(encoding="utf-8")
    standard.write_text(text.replace("rule: contact.service-level", "rule: contact.servise-level", 1), "utf-8")
    second = lint("standards", "rules")
    assert second.exit_code == 1 and "servise-level" in second.stdout  # an unknown rule, found
    assert not same(second, first) and same(second, lint("--no-cache", "standards", "rules"))
    standard.write_text(text, encoding="utf-8")  # back as it was: the first entry answers again
    assert same(lint("standards", "rules"), first)


def test_a_file_added_or_removed_in_a_linted_folder_counts(tree: Path) -> None:
    first = lint("standards", "rules")
    extra = tree / "standards" / "copy.yaml"
    shutil.copy(tree / "standards" / "contact-centre.yaml", extra)
    second = lint("standards", "rules")
    assert "copy.yaml" in second.stdout and not same(second, first)  # the same standard id twice
    assert same(second, lint("--no-cache", "standards", "rules"))
    extra.unlink()
    assert same(lint("standards", "rules"), first)


def test_a_configuration_that_appears_counts(tree: Path) -> None:
    """``.servcheck.yaml`` is found by asking whether it exists: a path the cold run only stat'ed."""
    first = lint("standards", "rules")
    assert first.exit_code == 0
    (tree / ".servcheck.yaml").write_text("lint:\n  disable: [SC999]\n", encoding="utf-8")
    second = lint("standards", "rules")
    assert second.exit_code == 2  # no check SC999: a usage error, never stored
    (tree / ".servcheck.yaml").write_text("lint:\n  severity: {SC101: error}\n", encoding="utf-8")
    assert same(lint("standards", "rules"), lint("--no-cache", "standards", "rules"))
    (tree / ".servcheck.yaml").unlink()
    assert same(lint("standards", "rules"), first)


def test_a_rules_folder_that_appears_beside_the_standard_counts(tree: Path) -> None:
    """Linting the standard alone: its rules are looked for in ``rules/`` near it, found later."""
    shutil.move(tree / "rules", tree / "elsewhere")
    first = lint("standards")
    assert first.exit_code != 0  # rules the standard names are nowhere
    shutil.move(tree / "elsewhere", tree / "rules")
    second = lint("standards")
    assert second.exit_code == 0 and same(second, lint("--no-cache", "standards"))


def test_options_and_outputs_are_part_of_the_answer(tree: Path) -> None:
    target = tree / "out" / "lint.json"
    cold = lint("standards", "rules", "--format", f"json:{target}", "--format", "text")
    written = target.read_text(encoding="utf-8")
    target.unlink()
    warm = lint("standards", "rules", "--format", f"json:{target}", "--format", "text")
    assert same(warm, cold) and target.read_text(encoding="utf-8") == written  # the file is written again
    assert json.loads(written)  # and it is the JSON report
    assert lint("standards", "rules", "--lang", "en").stdout != lint("standards", "rules", "--lang", "zh").stdout


def test_no_cache_neither_reads_nor_writes(tree: Path) -> None:
    lint("--no-cache", "standards", "rules")
    assert entries() == []


def test_the_cache_folder_comes_from_the_environment(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_VARIABLE)
    lint("standards", "rules")
    assert len(list((tree / ".servcheck_cache").glob("*.json"))) == 1
    assert (tree / ".servcheck_cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_damaged_entry_is_ignored(tree: Path) -> None:
    first = lint("standards", "rules")
    for entry in entries():
        entry.write_text("{not json", encoding="utf-8")
    assert same(lint("standards", "rules"), first)
    for entry in entries():
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["outputs"] = [[None, "forged\n"]]
        data["inputs"]["opened"] = {str(tree / "standards" / "contact-centre.yaml"): "0" * 64}
        entry.write_text(json.dumps(data), encoding="utf-8")
    assert same(lint("standards", "rules"), first)  # a fingerprint that does not match never answers


def test_the_run_key_holds_the_date_the_package_and_the_options() -> None:
    asked = {"paths": ["standards"]}
    import datetime as dt

    day = dt.date(2026, 1, 1)
    assert cache.run_key(asked, day) == cache.run_key(asked, day)
    assert cache.run_key(asked, day) != cache.run_key(asked, day + dt.timedelta(days=1))  # a waiver may expire
    assert cache.run_key(asked, day) != cache.run_key({"paths": ["standards", "rules"]}, day)
    assert len(cache.package_digest()) == 64
    assert any(name.startswith("sqlglot-") for name in cache.distributions())


def test_a_warm_run_imports_no_heavy_library(tree: Path) -> None:
    def run() -> tuple[int, set[str]]:
        code, modules = lint_in_a_fresh_process()
        return code, {m.split(".")[0] for m in modules}

    cold_code, cold = run()
    warm_code, warm = run()
    assert cold_code == warm_code == 0
    assert HEAVY & cold  # the cold run needed them
    assert not HEAVY & warm
    assert "tempfile" in cold  # the cold run stored its entry through a temporary file
    assert "tempfile" not in warm  # the warm run stored nothing


def test_the_light_choices_are_the_formats_and_levels() -> None:
    from checker.lint.formats import FORMATS
    from checker.lint.runner import FAIL_ON_LEVELS as RUNNER_LEVELS

    assert tuple(FORMATS) == FORMAT_NAMES
    assert RUNNER_LEVELS is FAIL_ON_LEVELS


def test_an_access_that_cannot_be_recorded_stores_nothing(tmp_path: Path) -> None:
    with cache.observing() as observed:
        os.stat(tmp_path, dir_fd=None)
        (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")  # written, not an input
        (tmp_path / "a.yaml").read_text(encoding="utf-8")
        sorted(tmp_path.iterdir())
    assert observed.complete
    assert str(tmp_path / "a.yaml") in observed.opened and str(tmp_path) in observed.listed
    assert str(tmp_path) in observed.stated
    with cache.observing() as observed:
        fd = os.open(tmp_path, os.O_RDONLY)
        try:
            os.stat("a.yaml", dir_fd=fd)  # relative to a folder the cache cannot name
        finally:
            os.close(fd)
    assert not observed.complete
    cache.store("k" * 64, observed, cache.Outcome(((None, "x"),), 0), tmp_path / "c")
    assert not (tmp_path / "c").exists()


def test_a_file_changed_while_the_run_reads_it_is_not_stored(tree: Path) -> None:
    """A run cannot tell whether it read a file before or after a change made while it ran."""
    standard = tree / "standards" / "contact-centre.yaml"
    with cache.observing() as observed:
        standard.read_bytes()
        later = observed.started_ns + 1_000_000
        os.utime(standard, ns=(later, later))  # modified after the run began
    assert cache.changed_while_running(observed)
    cache.store("r" * 64, observed, cache.Outcome(((None, "x"),), 0), tree / "c")
    assert not (tree / "c").exists()
    os.utime(standard, ns=(observed.started_ns - 10**9, observed.started_ns - 10**9))
    assert not cache.changed_while_running(observed)
