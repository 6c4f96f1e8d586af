"""``checker.on_use.on_first_call``: its docstring example runs, and nothing is imported before the first call."""

from __future__ import annotations

import doctest
import subprocess
import sys

import checker.on_use


def test_docstring_examples_run():
    failed, attempted = doctest.testmod(checker.on_use)
    assert attempted >= 2 and failed == 0


def test_the_module_is_imported_at_the_first_call_only():
    program = (
        "import sys\n"
        "from checker.on_use import on_first_call\n"
        "render = on_first_call('checker.lint.formats.sarif', 'render')\n"
        "print('checker.lint.formats.sarif' in sys.modules)\n"
        "try:\n"
        "    render(None, None)\n"
        "except Exception:\n"
        "    pass\n"
        "print('checker.lint.formats.sarif' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
