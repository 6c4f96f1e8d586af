"""Time ``servcheck audit`` of the benchmark standard as a whole process, CPU of its children included.

Why: the audit's whole process (interpreter, imports, the scipy helper process, DuckDB's threads,
exit) is what issue 15 compares with hand-written SQL; ``bench/timed_audit.py`` times only the
in-process part. CPU (user + sys of the process and every child it reaped: the helper process
counts) is printed beside wall time, since on the shared 2-CPU machine wall time mostly measures
the other processes. With ``--base DIR`` another checkout runs in turn with the same interpreter.

    python bench/whole_audit.py bench/data/n100000-s1-parquet --runs 7 --base /tmp/base
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from small_commands import checker_process  # noqa: E402  (one way to time a checkout's process)


def audit_args(tree: Path, data: Path, report: str) -> list[str]:
    """The arguments of bench/run.py's ``servcheck_audit``, with ``tree``'s rules and standard."""
    bench = tree / "bench"
    return [
        "audit",
        str(bench / "standard.yaml"),
        "--data",
        str(data / "dataset.yaml"),
        "--rules",
        str(tree / "rules"),
        "--rules",
        str(bench / "rules.yaml"),
        "--format",
        f"json:{report}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--base", type=Path, action="append", default=[], help="another checkout to time in turn (repeatable)"
    )
    parser.add_argument("--report", default="/dev/null", help="where the JSON report goes (default /dev/null)")
    options = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the usual case: .pyc files (byte-compile both trees)
    trees = {base.resolve().name: base.resolve() for base in options.base} | {"this": ROOT}
    data = options.data.resolve()
    times: dict[str, list[tuple[float, float, int]]] = {name: [] for name in trees}

    def once(tree: Path) -> tuple[float, float, int]:
        return checker_process(tree, audit_args(tree, data, options.report), {**env, "PYTHONPATH": str(tree)})

    for tree in trees.values():  # warms the file cache; not timed
        once(tree)
    for _ in range(options.runs):
        for name, tree in trees.items():
            times[name].append(once(tree))
    print(f"load average before/after: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    for name, runs in times.items():
        cpu, wall, codes = [r[0] for r in runs], [r[1] for r in runs], sorted({r[2] for r in runs})
        print(
            f"{data.name:28} {name:18}  CPU median {statistics.median(cpu):.2f} s (min {min(cpu):.2f})  "
            f"wall median {statistics.median(wall):.2f} s (min {min(wall):.2f})  exit {codes}  n={len(runs)}"
        )


if __name__ == "__main__":
    main()
