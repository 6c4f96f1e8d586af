"""A/B of two checkouts' servcheck on the same data, interleaved, beside the hand-written SQL.

On a shared machine single wall times drift with everyone else's load, so the two checkouts run in
turn (base, this, sql; base, this, sql; …) and each is reported by the median of its runs: wall
time, CPU time (user + sys, which the neighbours disturb less) and peak RSS, all from
``/usr/bin/time``. Before timing, both checkouts' JSON reports must be identical once the fields
that name the tool or the moment are set aside (``tool``, ``generated_at``), so a change that
moves a figure is caught here, not in a later full run.

    python bench/ab.py /work/base --n 10000000 --format parquet --reps 3
    python bench/ab.py /work/base --n 10000000 --format csv --reps 2 --no-sql
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

VOLATILE = ("tool", "generated_at", "inputs")
"""Report fields that differ between two checkouts for reasons other than the figures (the tool's
version and commit, the clock, the absolute paths of the inputs)."""


def audit(checkout: Path, data: Path, out: str) -> list[str]:
    """The whole-process audit of ``checkout`` with its own interpreter, rules and benchmark standard."""
    return [
        str(checkout / ".venv" / "bin" / "servcheck"),
        "audit",
        str(checkout / "bench" / "standard.yaml"),
        "--data",
        str(data / "dataset.yaml"),
        "--rules",
        str(checkout / "rules"),
        "--rules",
        str(checkout / "bench" / "rules.yaml"),
        "--format",
        f"json:{out}",
    ]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall s, CPU s = user + sys, peak RSS MB) of one process under ``/usr/bin/time``."""
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *cmd], capture_output=True, text=True, cwd=cwd, check=False
    )
    if proc.returncode not in (0, 1):  # servcheck exits 1 when requirements fail
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    wall, user, system, rss_kb = proc.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss_kb) / 1024


def comparable(path: Path) -> dict[str, object]:
    report = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in report.items() if k not in VOLATILE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path, help="the other checkout (with its own .venv)")
    parser.add_argument("--n", type=int, default=10**7)
    parser.add_argument("--format", default="parquet", choices=("parquet", "csv"))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--no-sql", action="store_true", help="leave the SQL baseline out")
    args = parser.parse_args()
    data = generate(args.n, args.format)
    base = args.base.resolve()
    runs: dict[str, list[tuple[float, float, float]]] = {"base": [], "this": [], "sql": []}
    with tempfile.TemporaryDirectory() as tmp:
        reports = {name: Path(tmp) / f"{name}.json" for name in ("base", "this")}
        runs["base"].append(timed(audit(base, data, str(reports["base"])), base))
        runs["this"].append(timed(audit(ROOT, data, str(reports["this"])), ROOT))
        if comparable(reports["base"]) != comparable(reports["this"]):
            sys.exit("the two checkouts' reports differ: fix that before timing")
        print("reports identical (tool, generated_at and inputs aside)", file=sys.stderr)
        sql = [sys.executable, str(BENCH / "baseline_sql.py"), str(data)]
        for rep in range(args.reps):
            if rep:
                runs["base"].append(timed(audit(base, data, "/dev/null"), base))
                runs["this"].append(timed(audit(ROOT, data, "/dev/null"), ROOT))
            if not args.no_sql:
                runs["sql"].append(timed(sql, ROOT))
    median = {name: [statistics.median(r[i] for r in rs) for i in range(3)] for name, rs in runs.items() if rs}
    print(f"\n{args.n:,} {args.format}, {args.reps} interleaved runs each (medians)\n")
    print("| run | wall s | CPU s | peak MB | wall runs |\n| --- | ---: | ---: | ---: | --- |")
    for name, (wall, cpu, rss) in median.items():
        shown = ", ".join(f"{r[0]:.2f}" for r in runs[name])
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {shown} |")
    this, old = median["this"], median["base"]
    print(f"\nthis / base: wall {this[0] / old[0]:.2f}×, CPU {this[1] / old[1]:.2f}×, memory {this[2] / old[2]:.2f}×")
    if "sql" in median:
        sql_m = median["sql"]
        for name in ("base", "this"):
            m = median[name]
            print(
                f"{name} / sql: wall {m[0] / sql_m[0]:.2f}×, CPU {m[1] / sql_m[1]:.2f}×, memory {m[2] / sql_m[2]:.2f}×"
            )


if __name__ == "__main__":
    main()
