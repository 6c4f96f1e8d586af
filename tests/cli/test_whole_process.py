"""A ``servcheck`` process that ends without the final garbage collection writes what the library writes.

Why: the console entry (:func:`checker.cli.main`) calls ``gc.freeze()`` once its command is done, so
that the interpreter's finalisation does not walk every live object again (0.12-0.2 s per run,
issue 15). Whatever is then left alive is not finalised: a report still buffered in an unclosed
file would be cut short. These tests run the console entry in a fresh interpreter and compare every
file and stream it writes with the same command run in this process through click's runner, which
does not freeze; and they pin that the freeze happens there and only there.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FORMATS = {
    "json": "report.json",
    "text": "report.txt",
    "markdown": "report.md",
    "html": "report.html",
    "junit": "report.xml",
}

_ENTRY_AND_FREEZE_COUNT = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: sys.stderr.write(f'frozen {gc.get_freeze_count()}\\n'))\n"  # first registered: runs last
    "from checker.cli import main\n"
    "sys.argv = ['servcheck', *sys.argv[1:]]\n"
    "main()\n"
)


def _audit_args(folder: Path) -> list[str]:
    args = ["audit", "standards/service-desk.yaml", "--data", "examples/helpdesk/dataset.yaml", "--lang", "en"]
    for name, file in FORMATS.items():
        args += ["--format", f"{name}:{folder / file}"]
    return [*args, "--cases", str(folder / "cases.csv")]


def _fresh_process(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    command = [sys.executable, "-c", _ENTRY_AND_FREEZE_COUNT, *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, check=False)


def test_an_audit_process_writes_every_report_as_the_library_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, here = tmp_path / "process", tmp_path / "in-process"
    whole.mkdir()
    here.mkdir()
    done = _fresh_process(_audit_args(whole))
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, _audit_args(here))
    # the helpdesk slice fails requirements: 1, the exit code of nonconformities, in both
    assert (done.returncode, result.exit_code) == (1, 1), done.stderr
    for file in [*FORMATS.values(), "cases.csv"]:
        written = (whole / file).read_bytes()
        assert len(written) > 200, file  # a real report, not an empty or cut file
        expected = (here / file).read_bytes()
        assert written == expected, file
    # the freeze did happen in the process (tens of thousands of objects: modules, models, schemas)
    frozen = int(done.stderr.rsplit("frozen ", 1)[1].split()[0])
    assert frozen > 50_000


def test_an_exit_code_other_than_findings_survives_the_freeze(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dataset.yaml"
    done = _fresh_process(["audit", "standards/service-desk.yaml", "--data", str(missing)])
    assert done.returncode == 3, done.stderr  # unusable input, located; the freeze does not change it
    assert "no-such-dataset.yaml" in done.stderr
    done = _fresh_process(["--version"])
    assert (done.returncode, done.stdout) == (0, "servcheck, version 0.1.0\n")


def test_click_runner_in_a_long_lived_process_does_not_freeze(tmp_path: Path) -> None:
    """Tests and notebooks call :data:`cli` in a process that goes on: its garbage must stay collectable."""
    before = gc.get_freeze_count()
    result = CliRunner().invoke(cli, ["lint", str(ROOT / "standards"), str(ROOT / "rules"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() == before == 0
