"""Probes that tests in several folders share (``tests/`` is on the import path through its conftest).

* :func:`document_strings`: every string a YAML/JSON document holds, for the "no English in zh"
  tests, which must tell what the user wrote from what servcheck says;
* :func:`lint_in_a_fresh_process`: ``servcheck lint standards rules`` in a new interpreter, with the
  modules it imported, for the tests that a lint loads only what it needs;
* :func:`servcheck_in_a_fresh_process`: any ``servcheck`` command the same way (an audit loads only
  what its measures and formats need); :func:`fresh_process_state` with its own environment, and
  whether pydantic searched for plugins.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

_RUN_AND_LIST_MODULES = (
    "import json, sys\n"
    "from checker.cli import main\n"
    "sys.argv = ['servcheck', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit as end:\n    code = end.code\n"
    "loader = sys.modules.get('pydantic.plugin._loader')\n"
    "plugins = repr(loader._plugins) if loader else None\n"
    "print(json.dumps({'code': code, 'modules': sorted(sys.modules), 'pydantic_plugins': plugins}))\n"
)


def document_strings(node: object, keys: bool = False) -> Iterator[str]:
    """Every string value of a parsed document, and its mapping keys when ``keys`` (a dataset's
    keys are its table and field names)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if keys:
                yield str(key)
            yield from document_strings(value, keys)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from document_strings(value, keys)


def lint_in_a_fresh_process(cwd: Path | None = None) -> tuple[int, set[str]]:
    """(exit code, names of every module imported) of ``servcheck lint standards rules`` run in a new
    interpreter in ``cwd`` (else the working directory), with this process's environment."""
    return servcheck_in_a_fresh_process(["lint", "standards", "rules"], cwd)


def servcheck_in_a_fresh_process(args: list[str], cwd: Path | None = None) -> tuple[int, set[str]]:
    """(exit code, names of every module imported) of ``servcheck ARGS`` run in a new interpreter in
    ``cwd`` (else the working directory), with this process's environment."""
    result = fresh_process_state(args, cwd)
    return result["code"], set(result["modules"])


def fresh_process_state(
    args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> dict[str, object]:
    """What ``servcheck ARGS``, run in a new interpreter in ``cwd`` with ``env`` (else this process's
    environment), left behind: ``code`` (exit), ``modules`` (every name imported) and
    ``pydantic_plugins`` (the ``repr`` of what pydantic's plugin search found: ``None`` when it never
    searched, None too when pydantic was not loaded)."""
    command = [sys.executable, "-c", _RUN_AND_LIST_MODULES, *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True, env=env or os.environ)
    return json.loads(done.stdout.splitlines()[-1])
