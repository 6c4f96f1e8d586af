"""A lint of the shipped standards loads no Babel: it prints counts, never a date or a large number.

Babel's locale data, once loaded, imports ``babel.dates`` and ``babel.localtime`` (which looks for
the machine's time zone among pytz's zone files): 0.06 s of a cold lint, for "0 errors" (issue 15).
Run in a fresh interpreter, since this test process has long since imported Babel for other tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """\
import runpy, sys
sys.argv = ["checker", *sys.argv[1:]]
try:
    runpy.run_module("checker", run_name="__main__")
except SystemExit as done:
    code = done.code
print("\\n" + repr(sorted(m for m in sys.modules if m == "babel" or m.startswith("babel."))), code)
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_linting_the_shipped_standards_imports_no_babel(tmp_path: Path, lang: str) -> None:
    report, sarif = tmp_path / "lint.json", tmp_path / "lint.sarif"
    args = ["lint", "standards", "rules", "--no-cache", "--lang", lang, "--format", "text"]
    args += ["--format", f"json:{report}", "--format", f"sarif:{sarif}"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "SERVCHECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    *printed, last = [line for line in done.stdout.split("\n") if line]
    assert last == "[] 0", done.stdout + done.stderr
    assert printed[-1].startswith("0 "), printed  # the summary: "0 errors, …" / "0 个错误、…"
    assert len(json.loads(report.read_text(encoding="utf-8"))["files"]) > 10  # every shipped file was read
