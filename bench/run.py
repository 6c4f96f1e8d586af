"""Run the benchmark: servcheck against hand-written DuckDB SQL, pandas and a Python loop.

For each size and format: generate (cached), run every engine once as a whole process and
assert its figures equal servcheck's (counts exactly, values within 1e-9 relative), then time
whole processes (start-up and imports included) under ``/usr/bin/time -v`` for peak memory.
Each process also reports its in-process compute time (after imports). Times are medians.

    python bench/run.py --quick   # 10^5 and 10^6, prints the ratio table (< 2 minutes)
    python bench/run.py --full    # 10^5 … 10^8, writes bench/results/ (results.md, .json, scaling.svg)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PY = sys.executable
SERVCHECK = str(Path(PY).with_name("servcheck"))
sys.path.insert(0, str(BENCH))

from figures import differences, from_report, load  # noqa: E402
from generate import generate  # noqa: E402

CSV_DELETE_BYTES = 10e9


@dataclass
class Run:
    engine: str
    fmt: str
    n: int
    wall: float  # median whole-process seconds
    inproc: float  # median in-process seconds (after imports)
    rss_mb: float  # peak resident memory of the process
    reps: int


def servcheck_audit(standard: Path, data: Path, report: str) -> list[str]:
    """``servcheck audit`` of a standard over a generated dataset with the benchmark's rules, JSON to ``report``."""
    return [
        SERVCHECK,
        "audit",
        str(standard),
        "--data",
        str(data / "dataset.yaml"),
        "--rules",
        str(ROOT / "rules"),
        "--rules",
        str(BENCH / "rules.yaml"),
        "--format",
        f"json:{report}",
    ]


def command(engine: str, data: Path, out: Path | None) -> list[str]:
    if engine == "servcheck":
        return servcheck_audit(BENCH / "standard.yaml", data, str(out) if out else "/dev/null")
    if engine == "servcheck-inproc":
        return [PY, str(BENCH / "timed_audit.py"), str(data)]
    script = {"sql": "baseline_sql.py", "pandas": "baseline_pandas.py", "python": "baseline_python.py"}[engine]
    return [PY, str(BENCH / script), str(data), *(["--out", str(out)] if out else [])]


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, stderr) of one whole process."""
    use_time = Path("/usr/bin/time").exists()
    full = ["/usr/bin/time", "-v", *cmd] if use_time else cmd
    started = time.perf_counter()
    proc = subprocess.run(full, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    expected = (0, 1) if cmd[0] == SERVCHECK else (0,)  # servcheck exits 1 when requirements fail
    if proc.returncode not in expected:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    if use_time:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        rss = int(match.group(1)) / 1024 if match else float("nan")
    else:
        import resource

        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, rss, proc.stderr


def inproc_seconds(stderr: str) -> float:
    match = re.search(r" in ([\d.]+) s", stderr)
    return float(match.group(1)) if match else float("nan")


def check_figures(engines: list[str], data: Path, n: int, fmt: str, tmp: Path) -> dict[str, tuple[float, float, str]]:
    """Every engine's figures equal servcheck's before anything is reported; these runs are the first timed rep."""
    report = tmp / "servcheck.json"
    first = {"servcheck": timed(command("servcheck", data, report))}
    reference = from_report(json.loads(report.read_text(encoding="utf-8")))
    for engine in engines:
        if engine == "servcheck":
            continue
        out = tmp / f"{engine}.json"
        first[engine] = timed(command(engine, data, out))
        problems = differences(reference, load(out))
        if problems:
            raise SystemExit(f"{engine} disagrees with servcheck at n={n} {fmt}:\n  " + "\n  ".join(problems))
    findings = sum(map(len, reference.values()))
    print(f"  figures agree: {', '.join(engines)} ({findings} findings, n={n:,} {fmt})", file=sys.stderr)
    return first


def measure(engine: str, data: Path, n: int, fmt: str, reps: int, first: tuple[float, float, str], inproc: bool) -> Run:
    """``reps`` whole-process runs (the figure-checking run is the first); servcheck's in-process time
    comes from ``timed_audit.py`` runs when ``inproc`` (each costs as much again)."""
    results = [first] + [timed(command(engine, data, None)) for _ in range(reps - 1)]
    walls, rsss = [r[0] for r in results], [r[1] for r in results]
    if engine == "servcheck":
        errs = [timed(command("servcheck-inproc", data, None))[2] for _ in range(reps)] if inproc else []
    else:
        errs = [r[2] for r in results]
    inprocs = [inproc_seconds(e) for e in errs] or [float("nan")]
    run = Run(engine, fmt, n, statistics.median(walls), statistics.median(inprocs), max(rsss), reps)
    print(
        f"  {engine:9} {fmt:7} n={n:>11,}: {run.wall:7.2f} s whole, {run.inproc:7.2f} s in-process, "
        f"{run.rss_mb:7.0f} MB",
        file=sys.stderr,
    )
    return run


@dataclass
class Case:
    n: int
    fmt: str
    engines: list[str]
    reps: int


def plan(full: bool) -> list[Case]:
    if not full:
        return [
            Case(10**5, "parquet", ["servcheck", "sql", "pandas"], 1),
            Case(10**5, "csv", ["servcheck", "sql", "pandas", "python"], 1),
            Case(10**6, "parquet", ["servcheck", "sql", "pandas"], 1),
        ]
    return [
        Case(10**5, "parquet", ["servcheck", "sql", "pandas"], 3),
        Case(10**5, "csv", ["servcheck", "sql", "pandas", "python"], 3),
        Case(10**6, "parquet", ["servcheck", "sql", "pandas"], 3),
        Case(10**6, "csv", ["servcheck", "sql", "pandas", "python"], 1),
        Case(10**7, "parquet", ["servcheck", "sql", "pandas"], 1),
        Case(10**7, "csv", ["servcheck", "sql", "pandas"], 1),
        # pandas at 10^8 would need about 10× its 10^7 peak (~30 GB): more than this machine has.
        Case(10**8, "parquet", ["servcheck", "sql"], 1),
    ]


def byte_compile() -> None:
    """Compile ``checker`` to ``.pyc`` first, as a regular ``pip install`` does.

    A machine with ``PYTHONDONTWRITEBYTECODE`` set (this benchmark's is) would otherwise compile
    every servcheck module from source in every timed process — about 0.3 s a run that no user
    installing the package pays. The baselines' libraries are compiled already.
    """
    import compileall

    compileall.compile_dir(ROOT / "checker", quiet=1, workers=0)


def small_commands() -> dict[str, float]:
    """``servcheck --version`` and linting the shipped standards and rules (median of 5)."""
    out = {}
    for name, cmd in (
        ("servcheck --version", [SERVCHECK, "--version"]),
        ("servcheck lint standards rules --no-cache (cold)", [SERVCHECK, "lint", "standards", "rules", "--no-cache"]),
        ("servcheck lint standards rules (warm cache)", [SERVCHECK, "lint", "standards", "rules"]),
    ):
        timed(cmd)  # the warm runs' cache filled (.servcheck_cache in the checkout); not counted
        walls = [timed(cmd)[0] for _ in range(5)]
        out[name] = statistics.median(walls)
    return out


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) against log(N): 1.0 = linear."""
    points = [(n, t) for n, t in points if not math.isnan(t)]
    if len(points) < 2:
        return None
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def by_key(runs: list[Run]) -> dict[tuple[str, str, int], Run]:
    return {(r.engine, r.fmt, r.n): r for r in runs}


def _ratio(a: float, b: float) -> str:
    return "—" if math.isnan(a) or math.isnan(b) else f"{a / b:.2f}×"


def ratio_rows(runs: list[Run]) -> list[str]:
    index = by_key(runs)
    rows = [
        "| N | format | servcheck / SQL (whole) | servcheck / SQL (in-process) | memory servcheck / SQL "
        "| pandas / servcheck (whole) | python / servcheck (whole) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, fmt in sorted({(r.n, r.fmt) for r in runs}):
        sc, sql = index.get(("servcheck", fmt, n)), index.get(("sql", fmt, n))
        pdr, pyr = index.get(("pandas", fmt, n)), index.get(("python", fmt, n))
        if not sc or not sql:
            continue
        rows.append(
            f"| {n:,} | {fmt} | {sc.wall / sql.wall:.2f}× | {_ratio(sc.inproc, sql.inproc)} "
            f"| {sc.rss_mb / sql.rss_mb:.2f}× "
            f"| {f'{pdr.wall / sc.wall:.2f}×' if pdr else '—'} | {f'{pyr.wall / sc.wall:.2f}×' if pyr else '—'} |"
        )
    return rows


def machine() -> dict[str, str]:
    import duckdb

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        mem_gb = f"{int(mem.split()[1]) / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        mem_gb = "unknown"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "checker"], capture_output=True, text=True, cwd=ROOT)
    info = {
        "servcheck commit": commit.stdout.strip() + (" (checker/ modified)" if dirty.stdout.strip() else ""),
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "memory": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }
    try:
        import pandas
        import pyarrow

        info["pandas"], info["pyarrow"] = pandas.__version__, pyarrow.__version__
    except ImportError:
        pass
    return info


def write_results(
    runs: list[Run],
    small: dict[str, float],
    started: float,
    info: dict[str, str],
    check_commit: bool = True,
    command: str | None = None,
    failures: list[str] | None = None,
) -> None:
    command = command or " ".join(["bench/run.py", *sys.argv[1:]])
    RESULTS.mkdir(exist_ok=True)
    end = machine()["servcheck commit"]
    if check_commit and end != info["servcheck commit"]:
        info["servcheck commit"] += f" at start, {end} at end: the engine changed during the run"
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `python {command}` "
        f"in {time.time() - started:.0f} s. "
        "Times are medians of whole processes (start-up and imports included) unless marked in-process; "
        "memory is the peak RSS of the process (`/usr/bin/time -v`). N = call records; surveys add about 16%. "
        "`checker` is byte-compiled first, as `pip install` leaves it.",
        "",
        *failed_section(failures or []),
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in info.items()],
        "",
        "## Wall time, memory, throughput",
        "",
        "| engine | format | N | wall s | in-process s | peak MB | records/s (wall) | runs |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sorted(runs, key=lambda r: (r.fmt, r.n, r.engine)):
        lines.append(
            f"| {r.engine} | {r.fmt} | {r.n:,} | {r.wall:.2f} | {r.inproc:.2f} | {r.rss_mb:.0f} | "
            f"{r.n / r.wall:,.0f} | {r.reps} |"
        )
    lines += [
        "",
        "## Ratios",
        "",
        *ratio_rows(runs),
        "",
        "Targets (issue 15): servcheck within 1.3× of SQL at 10^5 … 10^8 Parquet and 10^7 CSV; memory within "
        "1.5× of SQL's; faster than pandas at every size.",
        "",
        "## Growth: fitted slope of log(wall time) against log(N)",
        "",
        "| engine | format | slope, all sizes | slope, N ≥ 10^6 | in-process slope, N ≥ 10^6 |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for engine, fmt in sorted({(r.engine, r.fmt) for r in runs}):
        pts = sorted((r.n, r.wall) for r in runs if (r.engine, r.fmt) == (engine, fmt))
        inner = sorted((r.n, r.inproc) for r in runs if (r.engine, r.fmt) == (engine, fmt) and r.n >= 10**6)
        big = [p for p in pts if p[0] >= 10**6]
        fmt_slope = [slope(pts), slope(big), slope(inner)]
        lines.append(f"| {engine} | {fmt} | " + " | ".join("—" if s is None else f"{s:.2f}" for s in fmt_slope) + " |")
    lines += [
        "",
        "## Small commands (median of 5 whole processes; issue 15: under 0.3 s each)",
        "",
        *[f"- `{k}`: {v:.2f} s" for k, v in small.items()],
        "",
    ]
    (RESULTS / "results.md").write_text("\n".join(lines), encoding="utf-8")
    (RESULTS / "results.json").write_text(
        json.dumps(
            {
                "machine": info,
                "runs": [asdict(r) for r in runs],
                "small_commands": small,
                "failures": failures or [],
                "command": command,
                "seconds": round(time.time() - started),
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    chart(runs)


def failed_section(failures: list[str]) -> list[str]:
    """A results.md section naming each failed part by its first and last lines (a failing process's
    message ends with the tail of its stderr, where the error is)."""
    if not failures:
        return []
    lines = []
    for failure in failures:
        text = [line.strip() for line in failure.splitlines() if line.strip()]
        lines.append(f"- {text[0]}" + (f" … {text[-1]}" if len(text) > 1 else ""))
    return ["## Failed parts (their figures are missing below)", "", *lines, ""]


def chart(runs: list[Run]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no chart", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(8, 5))
    for engine, fmt in sorted({(r.engine, r.fmt) for r in runs}):
        pts = sorted((r.n, r.wall) for r in runs if (r.engine, r.fmt) == (engine, fmt))
        ax.plot(
            [p[0] for p in pts],
            [p[1] for p in pts],
            marker="o",
            linestyle="-" if fmt == "parquet" else "--",
            label=f"{engine} ({fmt})",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("call records N")
    ax.set_ylabel("wall time of the whole process, s")
    ax.set_title("servcheck vs hand-written SQL, pandas, Python loop")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "scaling.svg", metadata={"Date": None})
    plt.close(fig)


def attempt(part: str, work: Callable[[], object], failures: list[str]) -> None:
    """Run one part of the benchmark; a failure is recorded (and reported at the end) instead of
    ending the run, so a crash late in a 15-minute run keeps everything measured before and after it."""
    try:
        work()
    except (RuntimeError, SystemExit, OSError) as error:
        message = f"{part}: {error}".strip()
        failures.append(message)
        print(f"FAILED {message}", file=sys.stderr)


def run_records(full: bool, max_n: float, seed: int, failures: list[str]) -> list[Run]:
    """The record benchmark, case by case; a case whose figures disagree or whose process fails is
    recorded in ``failures`` and the next case runs."""
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in [c for c in plan(full) if c.n <= max_n]:

            def one(case: Case = case) -> None:
                data = generate(case.n, case.fmt, seed)
                print(f"n={case.n:,} {case.fmt}", file=sys.stderr)
                first = check_figures(case.engines, data, case.n, case.fmt, Path(tmp))
                runs.extend(
                    measure(e, data, case.n, case.fmt, case.reps, first[e], full and case.n <= 10**7)
                    for e in case.engines
                )
                size = sum(p.stat().st_size for p in data.iterdir())
                if case.fmt == "csv" and size > CSV_DELETE_BYTES:
                    shutil.rmtree(data)

            attempt(f"records n={case.n:,} {case.fmt}", one, failures)
            if full:  # saved as we go: a late failure keeps the measured runs
                RESULTS.mkdir(exist_ok=True)
                (RESULTS / "runs-partial.json").write_text(json.dumps([asdict(r) for r in runs], indent=1))
    return runs


def run_ticket_part(full: bool, max_n: float, seed: int) -> None:
    from tickets.tickets_bench import ratio_rows as ticket_rows
    from tickets.tickets_bench import run as run_tickets
    from tickets.tickets_bench import write as write_tickets

    ticket_sizes = [n for n in (10**5, 10**6, 10**7) if n <= max_n] if full else [10**5]
    tickets_started = time.time()
    ticket_runs = run_tickets(ticket_sizes, 3 if full else 1, seed)
    print("\n".join(ticket_rows(ticket_runs)))
    if full:
        write_tickets(ticket_runs, tickets_started)


def run_many_part(full: bool) -> None:
    from many_requirements import SIZES, markdown
    from many_requirements import run as run_many

    many = run_many(list(SIZES), 1_000, 3) if full else run_many([10, 100], None, 1)
    if full:
        (RESULTS / "many-requirements.json").write_text(json.dumps(many, indent=1), encoding="utf-8")
        command = " ".join(["python bench/run.py", *sys.argv[1:]])  # it runs bench/many_requirements.py
        (RESULTS / "many-requirements.md").write_text(markdown(many, command), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quick", action="store_true", help="10^5 and 10^6; print the ratio table")
    mode.add_argument("--full", action="store_true", help="10^5 … 10^8; write bench/results/")
    mode.add_argument("--rewrite", action="store_true", help="rewrite results.md and the chart from results.json")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-n", type=float, default=1e8, help="with --full: leave out sizes above this (e.g. 1e7 skips 10^8)"
    )
    args = parser.parse_args()
    started = time.time()
    if args.rewrite:
        saved = json.loads((RESULTS / "results.json").read_text(encoding="utf-8"))
        runs = [Run(**r) for r in saved["runs"]]
        write_results(
            runs,
            saved["small_commands"],
            started - saved.get("seconds", 0),
            saved["machine"],
            False,
            saved.get("command", "bench/run.py --full"),
            saved.get("failures", []),
        )
        return
    byte_compile()
    info_at_start = machine()
    failures: list[str] = []
    runs = run_records(args.full, args.max_n, args.seed, failures)
    print("\n".join(ratio_rows(runs)))
    attempt("tickets", lambda: run_ticket_part(args.full, args.max_n, args.seed), failures)
    attempt("many requirements", lambda: run_many_part(args.full), failures)
    small: dict[str, float] = {}
    attempt("small commands", lambda: small.update(small_commands()), failures)
    print("\n".join(f"{k}: {v:.2f} s (median of 5)" for k, v in small.items()))
    if args.full:
        write_results(runs, small, started, info_at_start, failures=failures)
        print(f"wrote {RESULTS / 'results.md'}", file=sys.stderr)
    print(f"done in {time.time() - started:.0f} s", file=sys.stderr)
    if failures:
        print("failed:\n  " + "\n  ".join(failures), file=sys.stderr)
        raise SystemExit(3)


if __name__ == "__main__":
    main()
