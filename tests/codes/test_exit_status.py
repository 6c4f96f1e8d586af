"""Every failure classified: the exit status of each command follows from its codes' groups.

0 ok, 1 findings, 2 usage, 3 invalid input, 4 internal error (a bug: the traceback goes to a
crash file, one line goes to standard error, never exit 1 and never a bare traceback). The
broken inputs are a small literal audit, or for explain-case the shipped service-desk example,
with one line changed; the expected line:column of each problem is counted by hand from the
line written here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A copy of the service-desk standard, dataset and data in ``tmp_path``."""
    shutil.copy(REPO / "standards" / "service-desk.yaml", tmp_path / "standard.yaml")
    for name in ("dataset.yaml", "tickets.csv"):
        shutil.copy(REPO / "examples" / "service-desk" / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), "utf-8")


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def _audit(folder: Path, *extra: str) -> Result:
    return _run(
        "audit",
        "--lang",
        "en",
        str(folder / "standard.yaml"),
        "--data",
        str(folder / "dataset.yaml"),
        "--rules",
        str(REPO / "rules"),
        *extra,
    )


def _explain(folder: Path, requirement: str = "first-response", case: str = "SD004") -> Result:
    return _run(
        "explain-case",
        "--lang",
        "en",  # the service-desk standard is zh-first
        str(folder / "standard.yaml"),
        "--data",
        str(folder / "dataset.yaml"),
        "--rules",
        str(REPO / "rules"),
        "--requirement",
        requirement,
        "--case",
        case,
    )


# --- explain-case -------------------------------------------------------------------------------


def test_explain_case_with_an_invalid_standard_exits_3_not_2(desk):
    _edit(desk / "standard.yaml", "kind: standard\n", "kind: standard\ncolour: blue\n")  # line 3 (line 1: a comment)
    result = _explain(desk)
    assert result.exit_code == 3, result.output
    assert "standard.yaml:3:1: SC011 error" in result.stderr


def test_explain_case_stopped_by_clause_parent_number_exits_3_not_2(desk):
    # SC027 used to be explain-case's usage code too, so this standard made explain-case exit 2
    _edit(desk / "standard.yaml", '      - number: "5.2"\n', '      - number: "9.2"\n')  # line 61, value at column 17
    result = _explain(desk)
    assert result.exit_code == 3, result.output
    assert "standard.yaml:61:17: SC027 error" in result.stderr


def test_explain_case_for_a_case_or_requirement_that_is_not_there_is_a_usage_error(desk):
    assert _explain(desk).exit_code == 0
    no_case = _explain(desk, case="NOPE")
    assert no_case.exit_code == 2
    assert "SC081 error no case 'NOPE'" in no_case.stderr
    no_requirement = _explain(desk, requirement="no-such-requirement")
    assert no_requirement.exit_code == 2
    assert "no requirement 'no-such-requirement'" in no_requirement.stderr


# --- audit: each group's exit status ------------------------------------------------------------
# A record table (one call) rather than the service-desk event log, so these tests need only the
# aggregate measures. Line:column of each value counted by hand in the literal below.

AUDIT_STANDARD = """\
kind: standard
id: exit-audit
title: {en: Exit audit}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: Calls are answered by the second ring.}
    requirements:
      - id: by-2nd-ring
        rule: contact.answered-within
        params: {threshold: 2 rings}
        target: ">= 96%"
        severity: major
        min_sample: 1
"""

AUDIT_DATASET = """\
kind: dataset
id: exit-data
title: {en: Exit data}
timezone: UTC
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: call_id, required: true}
      offered_at: {column: offered_at, type: timestamp}
      outcome: {column: outcome}
      wait: {column: wait, type: duration}
"""

# one answered call waiting 30 s: "by the 2nd ring" (10 s) is met by 0 of 1 → a failed major requirement
AUDIT_CALLS = "call_id,offered_at,outcome,wait\nc1,2024-04-01 09:00:00,answered,30\n"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "standard.yaml").write_text(AUDIT_STANDARD, "utf-8")
    (tmp_path / "dataset.yaml").write_text(AUDIT_DATASET, "utf-8")
    (tmp_path / "calls.csv").write_text(AUDIT_CALLS, "utf-8")
    return tmp_path


def test_audit_verdicts_exit_0_or_1(small):
    assert _audit(small).exit_code == 1  # the failed major requirement
    assert _audit(small, "--fail-on", "never").exit_code == 0


RULE_LINE = "        rule: contact.answered-within\n"  # line 12


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        # load: a key the schema does not allow, on line 2
        ("standard.yaml", "kind: standard\n", "kind: standard\ncolour: blue\n", "standard.yaml:2:1: SC011"),
        # lint group, stopping the audit: 8 spaces + "rule: " puts the value at column 15
        ("standard.yaml", RULE_LINE, "        rule: no.such-rule\n", "standard.yaml:12:15: SC028"),
        # plan: 8 spaces + "group_by: [" puts the first item at column 20 of line 13
        ("standard.yaml", RULE_LINE, RULE_LINE + "        group_by: [no_such_field]\n", "standard.yaml:13:20: SC045"),
        # source: 4 spaces + "source: [" puts the glob at column 14 of line 7
        ("dataset.yaml", "    source: [calls.csv]\n", "    source: [nope.csv]\n", "dataset.yaml:7:14: SC041"),
        # source: "timezone: " puts the zone at column 11 of line 4
        ("dataset.yaml", "timezone: UTC\n", "timezone: Mars/Olympus\n", "dataset.yaml:4:11: SC042"),
    ],
)
def test_audit_stopped_by_a_load_lint_plan_or_source_code_exits_3(small, file, old, new, expected):
    _edit(small / file, old, new)
    result = _audit(small)
    assert result.exit_code == 3, result.output
    assert expected in result.stderr
    assert result.stdout == ""


# --- lint: each group's exit status -------------------------------------------------------------

LINT_STANDARD = """\
kind: standard
id: exit-test
title: {en: Exit test}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: Calls are answered.}
    kind: informative
  - number: "SECOND"
    text: {en: Calls are answered again.}
    kind: informative
"""


def _lint(folder: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(folder)
    try:
        return _run("lint", *args)
    finally:
        os.chdir(old)


def test_lint_exit_status_follows_the_group(tmp_path):
    (tmp_path / "clean.yaml").write_text(LINT_STANDARD.replace("SECOND", "2"), "utf-8")
    (tmp_path / "duplicate.yaml").write_text(LINT_STANDARD.replace("SECOND", "1").replace("exit-test", "dup"), "utf-8")
    (tmp_path / "broken.yaml").write_text("kind: standard\nid: [unclosed\n", "utf-8")
    clean = _lint(tmp_path, "clean.yaml")
    assert clean.exit_code == 0, clean.output
    duplicate = _lint(tmp_path, "duplicate.yaml")  # lint group: SC025 duplicate-clause-number at line 11 → 1
    assert duplicate.exit_code == 1 and "duplicate.yaml:11:" in duplicate.stdout and "SC025" in duplicate.stdout
    broken = _lint(tmp_path, "broken.yaml", "duplicate.yaml")  # load group (SC001) outranks findings → 3
    assert broken.exit_code == 3 and "SC001" in broken.stdout
    (tmp_path / ".servcheck.yaml").write_text("lint:\n  disable: [SC999]\n", "utf-8")  # usage group: SC009 → 2
    config = _lint(tmp_path, "clean.yaml")
    assert config.exit_code == 2 and ".servcheck.yaml:2:13: SC009" in config.stderr


# --- internal errors ----------------------------------------------------------------------------


def _boom(*_args, **_kwargs):
    raise RuntimeError("injected failure 7f3a\nsecond line of the message")


def test_an_internal_failure_in_audit_exits_4_with_one_line_and_a_crash_file(small, tmp_path, monkeypatch):
    monkeypatch.setattr("checker.audit.run_audit", _boom)
    crash_dir = tmp_path / "crashes"
    result = _run(
        "audit",
        "--lang",
        "en",
        str(small / "standard.yaml"),
        "--data",
        str(small / "dataset.yaml"),
        env={"SERVCHECK_CRASH_DIR": str(crash_dir)},
    )
    assert result.exit_code == 4
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    written = sorted(crash_dir.glob("servcheck-crash-*.txt"))
    assert len(written) == 1
    line = lines[0]
    assert "bug in servcheck" in line and str(written[0]) in line and "report" in line and "SC080" in line
    assert "RuntimeError: injected failure 7f3a second line" in line
    details = written[0].read_text("utf-8")
    assert "Traceback (most recent call last)" in details
    assert "RuntimeError: injected failure 7f3a\nsecond line of the message" in details
    assert "_boom" in details  # the frame that raised


def test_an_internal_failure_in_lint_exits_4(small, tmp_path, monkeypatch):
    monkeypatch.setenv("SERVCHECK_CRASH_DIR", str(tmp_path / "crashes"))
    monkeypatch.setattr("checker.cli.lint_cmd.lint_paths", _boom)
    result = _run("lint", str(small / "standard.yaml"))
    assert result.exit_code == 4 and len(result.stderr.splitlines()) == 1
    assert len(list((tmp_path / "crashes").glob("servcheck-crash-*.txt"))) == 1


def test_an_internal_failure_in_explain_case_exits_4(small, tmp_path, monkeypatch):
    # a stand-in for checker.explain whose explain_case fails, whatever state the real module is in
    stand_in = types.ModuleType("checker.explain")
    stand_in.explain_case = _boom
    monkeypatch.setitem(sys.modules, "checker.explain", stand_in)
    monkeypatch.setenv("SERVCHECK_CRASH_DIR", str(tmp_path / "crashes"))
    result = _explain(small, requirement="by-2nd-ring", case="c1")
    assert result.exit_code == 4 and len(result.stderr.splitlines()) == 1
    assert len(list((tmp_path / "crashes").glob("servcheck-crash-*.txt"))) == 1


def test_an_unwritable_crash_dir_falls_back_to_the_system_temp_dir(small, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x", "utf-8")
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    monkeypatch.setenv("SERVCHECK_CRASH_DIR", str(not_a_folder))
    monkeypatch.setattr("checker.audit.run_audit", _boom)
    result = _audit(small)
    assert result.exit_code == 4
    written = list(system_tmp.glob("servcheck-crash-*.txt"))
    assert len(written) == 1 and str(written[0]) in result.stderr


def test_the_installed_entry_point_exits_4_without_a_bare_traceback(small, tmp_path):
    # a real process: the console-script path (checker.cli:main), not click's test runner
    script = (
        "import checker.audit\n"
        "def boom(*a, **k):\n"
        "    raise KeyError('injected')\n"
        "checker.audit.run_audit = boom\n"
        "import sys\n"
        "from checker.cli import main\n"
        f"sys.argv = ['servcheck', 'audit', {str(small / 'standard.yaml')!r}, "
        f"'--data', {str(small / 'dataset.yaml')!r}]\n"
        "main()\n"
    )
    env = {**os.environ, "SERVCHECK_CRASH_DIR": str(tmp_path / "crashes")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    written = list((tmp_path / "crashes").glob("servcheck-crash-*.txt"))
    assert len(written) == 1 and "KeyError: 'injected'" in written[0].read_text("utf-8")


def test_help_lists_exit_code_4():
    result = _run("--help")
    assert result.exit_code == 0
    assert "4  internal" in result.stdout


def test_version_exits_0():
    result = _run("--version")
    assert result.exit_code == 0 and "servcheck, version" in result.stdout


def test_usage_errors_stay_2(small):
    assert _run("audit", "--lang", "en", str(small / "standard.yaml")).exit_code == 2  # --data missing
    assert _run("no-such-command").exit_code == 2


def test_the_cli_imports_no_engine_or_charting_library():
    # `servcheck --version` must stay fast: the crash handler and the code registry are light
    probe = "import sys, checker.cli; print(sorted(m for m in ('duckdb', 'scipy', 'matplotlib') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


# --- runs that end without a verdict -------------------------------------------------------------


def _interrupt(*_args, **_kwargs):
    raise KeyboardInterrupt


def _reader_gone(*_args, **_kwargs):
    raise BrokenPipeError(32, "Broken pipe")


def test_ctrl_c_exits_130_not_1(small, monkeypatch):
    # click's own handling says "Aborted!" and exits 1, which CI would read as nonconformities
    monkeypatch.setattr("checker.audit.run_audit", _interrupt)
    result = _run("audit", "--lang", "en", str(small / "standard.yaml"), "--data", str(small / "dataset.yaml"))
    assert result.exit_code == 130
    assert result.stderr.strip() == "interrupted"


def test_a_closed_output_pipe_exits_141_not_1(small, monkeypatch):
    # `servcheck lint … | head` where head has exited: no verdict was delivered
    monkeypatch.setattr("checker.cli.lint_cmd.lint_paths", _reader_gone)
    result = _run("lint", str(small / "standard.yaml"))
    assert result.exit_code == 141
