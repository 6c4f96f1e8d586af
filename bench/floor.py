"""The floor under a small command: what importing servcheck's libraries alone costs, next to the targets.

Why: issue 15 asks for ``servcheck lint`` of the shipped documents under 0.3 s and a 10^5-record
audit within 1.3x of the hand-written DuckDB SQL. Both are whole processes, so each has a floor no
code of servcheck's can go under: the interpreter and the third-party modules the command loads.
This script finds those modules by running the real command once (every module outside the
standard library and ``checker`` that is loaded when it exits, in the order it was loaded), then
times a process that imports exactly them and does nothing else. The audit's floor adds the SQL
baseline's own work (its whole process less its ``import duckdb``), since servcheck computes the
same figures and more. The Wilson intervals' helper process (``checker.engine.wilson``: scipy.stats
imported on the second core while the audit runs) is timed apart, and a second floor counts its CPU:
all of the floor's CPU spread over every core is a wall time no schedule can beat.

CPU is user + sys of the process; on a shared machine it moves less than wall. Medians of ``--runs``.

    python bench/floor.py --runs 7 [--n 100000] [--write]   # --write: bench/results/floor.md
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

LIST_MODULES = r"""
import atexit, sys
_OUT = sys.argv[1]
def _dump():
    skip = set(sys.stdlib_module_names) | {"checker", "__main__"}
    names = [m for m in list(sys.modules) if m.split(".")[0] not in skip and not m.startswith("__editable__")
             and m.split(".")[0] != "_distutils_hack"]
    with open(_OUT, "w", encoding="utf-8") as out:
        out.write("\n".join(names))
atexit.register(_dump)
sys.argv = ["servcheck", *sys.argv[2:]]
from checker.cli import main
main()
"""
"""Runs ``servcheck ARGS`` in-process and writes, at exit, the third-party modules it loaded."""

IMPORT_ONLY = r"""
import importlib, sys
for name in open(sys.argv[1], encoding="utf-8").read().split():
    importlib.import_module(name)
"""

ONE_MODEL = (
    "import click, yaml, pydantic, jsonschema_rs\n"
    "class Requirement(pydantic.BaseModel):\n    id: str\n    target: float\n"
    "Requirement(id='R1', target=0.8)\n"
)
"""The design card's libraries for a lint (click, PyYAML, pydantic, a JSON Schema validator) and one
two-field pydantic model built and validated: a lower bound for any lint that validates a document."""


def timed(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds of the process and its children, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def medians(cmd: list[str], runs: int) -> tuple[float, float]:
    pairs = [timed(cmd) for _ in range(runs)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def modules_of(args: list[str], out: Path) -> list[str]:
    subprocess.run([sys.executable, "-c", LIST_MODULES, str(out), *args], cwd=ROOT, capture_output=True, check=False)
    return out.read_text(encoding="utf-8").split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--n", type=int, default=100_000, help="records of the benchmark data (bench/data)")
    parser.add_argument("--write", action="store_true", help="write bench/results/floor.md")
    options = parser.parse_args()
    data = BENCH / "data" / f"n{options.n}-s1-parquet"
    if not (data / "dataset.yaml").exists():
        raise SystemExit(f"no {data}: python bench/generate.py --n {options.n} --format parquet")
    py = sys.executable
    lint = ["lint", "standards", "rules", "--no-cache"]
    audit = ["audit", "bench/standard.yaml", "--data", str(data / "dataset.yaml"), "--rules", "rules"]
    audit += ["--rules", "bench/rules.yaml", "--format", "json:/dev/null"]
    tmp = Path(tempfile.mkdtemp(prefix="servcheck-floor-"))
    lint_modules = tmp / "lint.txt"
    audit_modules = tmp / "audit.txt"
    found = {"lint": modules_of(lint, lint_modules), "audit": modules_of(audit, audit_modules)}
    rows: dict[str, tuple[float, float]] = {}
    power = len(str(options.n)) - 1
    sql, card = f"SQL baseline, whole process, 10^{power}", "design card's libraries + one pydantic model"
    lint_libs = f"the {len(found['lint'])} third-party modules lint loads, imported"
    audit_libs = f"the {len(found['audit'])} third-party modules an audit loads, imported"
    wilson = "from scipy.stats._binomtest import _binom_wilson_conf_int"
    cases = {
        "python -c pass": [py, "-c", "pass"],
        "import duckdb (the SQL baseline's library)": [py, "-c", "import duckdb"],
        sql: [py, str(BENCH / "baseline_sql.py"), str(data)],
        card: [py, "-c", ONE_MODEL],
        lint_libs: [py, "-c", IMPORT_ONLY, str(lint_modules)],
        "servcheck lint standards rules --no-cache": [py, "-m", "checker", *lint],
        audit_libs: [py, "-c", IMPORT_ONLY, str(audit_modules)],
        "scipy.stats (the Wilson helper process)": [py, "-c", wilson],
        f"servcheck audit (benchmark standard), 10^{power}": [py, "-m", "checker", *audit],
    }
    for name, cmd in cases.items():
        rows[name] = medians(cmd, options.runs)
        print(f"{name:60} CPU {rows[name][0]:.2f} s  wall {rows[name][1]:.2f} s", flush=True)
    sql_cpu, sql_wall = rows[sql]
    duck_cpu, duck_wall = rows["import duckdb (the SQL baseline's library)"]
    floor = rows[audit_libs][1] + sql_wall - duck_wall
    cores = os.cpu_count() or 1
    busy = rows[audit_libs][0] + sql_cpu - duck_cpu + rows["scipy.stats (the Wilson helper process)"][0]
    verdicts = [
        f"audit within 1.3x SQL: target {1.3 * sql_wall:.2f} s wall; floor {floor:.2f} s "
        "(the audit's libraries imported + the SQL baseline's work beyond its import of duckdb)",
        f"the same with the Wilson intervals' scipy.stats import on the other core: {busy:.2f} s of CPU "
        f"on {cores} cores, at least {busy / cores:.2f} s wall",
        f"lint under 0.3 s: floor {rows[lint_libs][1]:.2f} s (lint's libraries imported); "
        f"{rows[card][1]:.2f} s for the design card's libraries and one model",
    ]
    print("\n" + "\n".join(verdicts))
    (tmp / "floor.json").write_text(json.dumps({k: list(v) for k, v in rows.items()}, indent=1), encoding="utf-8")
    print(f"modules: {lint_modules}, {audit_modules}; figures: {tmp / 'floor.json'}", file=sys.stderr)
    if options.write:
        lines = [
            "# The floor under a small command (issue 15)",
            "",
            f"Generated by `python bench/floor.py --runs {options.runs} --n {options.n} --write` "
            f"(servcheck {_commit()}, load average {_load()}). Whole processes, medians of {options.runs}; "
            "CPU is user + sys. See the script's docstring for how the module lists are found.",
            "",
            "| process | CPU s | wall s |",
            "| --- | ---: | ---: |",
            *[f"| {name} | {cpu:.2f} | {wall:.2f} |" for name, (cpu, wall) in rows.items()],
            "",
            *[f"- {v}" for v in verdicts],
            "",
        ]
        (BENCH / "results" / "floor.md").write_text("\n".join(lines), encoding="utf-8")


def _commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text(encoding="utf-8").split()[0]
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
