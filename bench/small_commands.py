"""Time ``servcheck --version`` and ``servcheck lint standards rules`` as whole processes (issue 15).

CPU time (user + sys of the child) is reported beside wall time: on a shared machine the wall
time mostly measures the other processes, CPU time much less. With ``--base DIR`` (a checkout of
another commit, e.g. ``git worktree add --detach /tmp/base <commit>``) the two trees run in
turn, with the same interpreter, so that load changes hit both alike.

    python bench/small_commands.py --runs 10
    python bench/small_commands.py --runs 10 --base /tmp/base

Where ``PYTHONDONTWRITEBYTECODE`` is set (as on the benchmark machine), every ``checker`` module
is compiled from source on every run; ``--bytecode`` times the usual case, with ``.pyc`` files.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "servcheck --version": ["--version"],
    "lint standards rules, cold": ["lint", "standards", "rules", "--no-cache"],
    "lint standards rules, warm": ["lint", "standards", "rules"],
}
"""Cold: ``--no-cache`` (every run lints). Warm: the cache of lint runs (``checker.lint.cache``,
in a temporary folder filled by one run before timing) answers. A checkout without the cache
(``--base`` before it existed) runs both without ``--no-cache``: every run of it is cold."""


def checker_process(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(CPU seconds of it and every child it reaped, wall seconds, exit code) of ``python -m checker
    ARGS`` run in ``tree``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "checker", *args], cwd=tree, env=env, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall, proc.returncode


def run_once(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of ``python -m checker ARGS`` run in ``tree``."""
    if not (tree / "checker" / "lint" / "cache.py").exists():
        args = [a for a in args if a != "--no-cache"]
    cpu, wall, _ = checker_process(tree, args, env)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--base", type=Path, help="another checkout to time in turn with this one")
    parser.add_argument("--bytecode", action="store_true", help="allow .pyc files (unset PYTHONDONTWRITEBYTECODE)")
    options = parser.parse_args()
    env = dict(os.environ)
    env["SERVCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="servcheck-cache-")
    if options.bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    trees = {"this": (ROOT, env)}
    if options.base:
        base = options.base.resolve()
        trees = {"base": (base, {**env, "PYTHONPATH": str(base)}), **trees}
    for name, args in COMMANDS.items():
        times: dict[str, list[tuple[float, float]]] = {tree: [] for tree in trees}
        for path, tree_env in trees.values():  # fills the cache for the warm runs; not timed
            run_once(path, args, tree_env)
        for _ in range(options.runs):
            for tree, (path, tree_env) in trees.items():
                times[tree].append(run_once(path, args, tree_env))
        for tree, pairs in times.items():
            cpu, wall = [p[0] for p in pairs], [p[1] for p in pairs]
            print(
                f"{name:30} {tree:4}  CPU median {statistics.median(cpu):.2f} s (min {min(cpu):.2f})  "
                f"wall median {statistics.median(wall):.2f} s (min {min(wall):.2f})  n={len(pairs)}"
            )


if __name__ == "__main__":
    main()
