"""Benchmark servcheck on Spark: against hand-written Spark SQL, against DuckDB, and over local cores.

Every timed run is a fresh process (no JIT warm-up or cache shared between the engines), and in
each Spark process the session start-up is timed apart from the work: "servcheck on Spark" is
``run_audit(..., backend=SparkBackend(session)) + render_json`` with the session already started,
"Spark SQL" is :mod:`baseline_spark` on the same kind of session, "DuckDB" is ``run_audit`` +
``render_json`` on the embedded default. Before any timing, at each size, the Spark SQL baseline's
figures must equal servcheck's (counts exactly, values within 1e-9 relative, :mod:`figures`) and
servcheck's report on Spark must equal its report on DuckDB byte for byte (apart from an
``engine`` field, when the report has one); those checking runs are each engine's first timed rep.
The engines are interleaved rep by rep, and each figure is the median of the reps, with its spread.

    python bench/spark_run.py --quick   # 10^5, one rep each: checks figures, prints the tables (~3 min)
    python bench/spark_run.py --full    # 10^6 (3 reps) and 10^7 (1), each on local[2] and local[1]:
                                        # writes bench/results/spark.md and spark.json (an hour or more)
    python bench/spark_run.py --rewrite # spark.md again from spark.json
    python bench/spark_run.py --ab ../servcheck-main --n 1000000 --reps 3
                                        # A/B: servcheck on Spark from another checkout (its checker/)
                                        # against this one and the Spark SQL, interleaved, medians
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from figures import differences, from_report, load  # noqa: E402

ENGINES = ("servcheck-spark", "sql-spark", "servcheck-duckdb", "sql-duckdb")
"""servcheck on Spark, the hand-written Spark SQL, servcheck on DuckDB, the hand-written DuckDB SQL."""
MARK = "SPARK_RUN_RESULT "
SESSION_EXTRA = {"spark.ui.showConsoleProgress": "false", "spark.driver.memory": "4g"}
"""Besides the backend's own session settings (``SESSION_CONF``), which both Spark engines share: no
progress bar, and 4 GB for the one local JVM (the default 1 GB is too little for 10^7 rows' exact
percentiles, which hold every value of a group)."""
NOTES: list[str] = []
"""What the checks found besides agreement (written into spark.md)."""


# --- one timed run, in its own process ---------------------------------------------------------


def start_session(master: str) -> Any:
    """A local session configured exactly as ``SparkBackend()``'s own, without the console progress bar."""
    from pyspark.sql import SparkSession

    from checker.engine.spark_backend import SESSION_CONF

    builder = SparkSession.builder.master(master).appName("servcheck-bench")
    for key, value in {**SESSION_CONF, **SESSION_EXTRA}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def use_tree(tree: Path) -> None:
    """Import ``checker`` from another checkout (an A/B run): its folder first on the path, and the
    editable install's finder (which would answer with this checkout's package) set aside."""
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
    sys.path.insert(0, str(tree.resolve()))


def work(engine: str, data: Path, master: str, out: Path | None) -> dict[str, float]:
    """Run ``engine`` once over ``data``: {start: session start-up s (0 for DuckDB), compute: s}."""
    import timed_audit

    started = time.perf_counter()
    spark = start_session(master) if engine.endswith("-spark") else None
    up, cpu = time.perf_counter(), cpu_seconds(spark)
    if engine in ("servcheck-spark", "servcheck-duckdb"):
        from checker.audit import run_audit
        from checker.engine.spark_backend import SparkBackend
        from checker.report.json_report import render_json

        backend = SparkBackend(spark) if spark is not None else None
        text = render_json(run_audit(timed_audit.request(data), backend=backend))
        done = time.perf_counter()
        if out:
            out.write_text(text, encoding="utf-8")
    else:
        from figures import save

        if engine == "sql-spark":
            import baseline_spark

            figures = baseline_spark.compute(spark, data)
        else:
            import baseline_sql

            figures = baseline_sql.compute(data)
        done = time.perf_counter()
        if out:
            save(figures, out)
    used = cpu_seconds(spark) - cpu
    if spark is not None:
        spark.stop()
    return {"start": up - started if spark is not None else 0.0, "compute": done - up, "cpu": used}


def cpu_seconds(spark: Any) -> float:
    """CPU seconds (user + system) used so far by this interpreter and, for Spark, by its JVM (the
    driver and the local executors are that one process; Linux's /proc): the compute's CPU time is
    the difference across it, session start-up excluded as from the wall time."""
    own = os.times()
    total = own.user + own.system
    if spark is not None:  # the JVM's utime and stime (fields 14 and 15 of /proc/PID/stat, in clock ticks)
        pid = spark._jvm.java.lang.ProcessHandle.current().pid()
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        fields = stat[stat.rindex(")") + 2 :].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@dataclass
class Sample:
    engine: str
    n: int
    master: str  # local[k] for Spark, "-" for DuckDB
    rep: int
    start: float  # Spark session start-up, s
    compute: float  # the audit or the baseline after start-up, s
    wall: float  # the whole process (interpreter, imports, JVM start and stop), s
    load: float  # 1-minute load average when the run began
    cpu: float = 0.0  # CPU seconds (user + sys, Python and JVM) of the compute; 0 in older results


def spawn(
    engine: str, data: Path, n: int, master: str, rep: int, out: Path | None = None, tree: Path | None = None
) -> Sample:
    """One run of ``engine`` in a fresh interpreter (and, for Spark, a fresh JVM); ``tree``: servcheck
    imported from that checkout instead of this one (reported as ``engine@base``)."""
    load = os.getloadavg()[0]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", engine, str(data), "--master", master]
    cmd += ["--tree", str(tree)] if tree else []
    started = time.perf_counter()
    proc = subprocess.run([*cmd, *(["--out", str(out)] if out else [])], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    found = [line for line in proc.stdout.splitlines() if line.startswith(MARK)]
    if proc.returncode != 0 or not found:
        raise SystemExit(f"{engine} at n={n:,} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(found[-1][len(MARK) :])
    sample = Sample(
        engine + ("@base" if tree else ""),
        n,
        master if engine.endswith("-spark") else "-",
        rep,
        result["start"],
        result["compute"],
        wall,
        load,
        result.get("cpu", 0.0),
    )
    print(
        f"  rep {rep} {sample.engine:21} {sample.master:8} n={n:>11,}: compute {sample.compute:7.2f} s "
        f"(CPU {sample.cpu:6.1f} s), "
        f"start {sample.start:5.1f} s, whole {wall:6.1f} s (load {load:.1f})",
        file=sys.stderr,
    )
    return sample


# --- the plan: check, then interleave -----------------------------------------------------------


def without_engine(text: str) -> str:
    """The report JSON with its ``engine`` field (if any) removed, for comparing engines."""
    report = json.loads(text)
    report.pop("engine", None)
    return json.dumps(report, sort_keys=True)


def check(data: Path, n: int, tmp: Path) -> list[Sample]:
    """Every engine once, their figures compared before anything is timed again (these are rep 1)."""
    outs = {engine: tmp / f"{engine}-{n}.json" for engine in ENGINES}
    samples = [spawn(engine, data, n, "local[2]", 1, outs[engine]) for engine in ENGINES]
    spark_report = outs["servcheck-spark"].read_text(encoding="utf-8")
    duckdb_report = outs["servcheck-duckdb"].read_text(encoding="utf-8")
    if without_engine(spark_report) != without_engine(duckdb_report):
        NOTES.append(f"n={n:,}: servcheck's report on Spark differs from its report on DuckDB (figures compared below)")
    else:
        NOTES.append(f"n={n:,}: servcheck's report JSON on Spark is byte-identical to DuckDB's (engine field aside)")
    reference = from_report(json.loads(spark_report))
    outs["servcheck-duckdb-figures"] = tmp / f"duckdb-figures-{n}.json"
    outs["servcheck-duckdb-figures"].write_text(json.dumps(from_report(json.loads(duckdb_report))), encoding="utf-8")
    for engine in ("sql-spark", "sql-duckdb", "servcheck-duckdb-figures"):
        problems = differences(reference, load(outs[engine]))
        if problems:
            raise SystemExit(f"{engine} disagrees with servcheck at n={n:,}:\n  " + "\n  ".join(problems))
    findings = sum(map(len, reference.values()))
    print(f"  figures agree: {', '.join(ENGINES)} ({findings} findings, n={n:,})", file=sys.stderr)
    return samples


@dataclass
class Plan:
    sizes: dict[int, int]  # N → reps, in this order
    curve: dict[int, int]  # N → reps of the Spark engines on local[1]


def plan(full: bool) -> Plan:
    if full:  # the figures: 10^6 (3 reps) and 10^7, each also on local[1] for the executor curve
        return Plan({10**6: 3, 10**7: 1}, {10**6: 2, 10**7: 1})
    return Plan({10**5: 1}, {})


def run(p: Plan, seed: int, partial: dict[str, str]) -> list[Sample]:
    """Per size: the checking rep, then the other reps with the engines interleaved (each rep starts at
    a different engine) and the local[1] runs among them. Saved after every run (a late failure or a
    stop keeps what was measured; ``--rewrite`` tabulates it)."""
    from generate import generate

    samples: list[Sample] = []
    spark_engines = [e for e in ENGINES if e.endswith("-spark")]
    with tempfile.TemporaryDirectory() as tmp:
        for n, reps in p.sizes.items():
            data = generate(n, "parquet", seed)
            samples += check(data, n, Path(tmp))
            if partial:
                save(samples, partial)
            for rep in range(1, max(reps, p.curve.get(n, 0)) + 1):
                todo = [(e, "local[2]") for e in ENGINES] if 1 < rep <= reps else []
                todo = todo[rep - 1 :] + todo[: rep - 1]
                if rep <= p.curve.get(n, 0):
                    todo[len(todo) // 2 : len(todo) // 2] = [(e, "local[1]") for e in spark_engines]
                for engine, master in todo:
                    samples.append(spawn(engine, data, n, master, rep))
                    if partial:
                        save(samples, partial)
    return samples


def resume(info: dict[str, str], done: list[Sample], seed: int) -> list[Sample]:
    """The rest of the 10^6 plan after a stop: reps 2 and 3 interleaved, then the local[1] runs."""
    from generate import generate

    n = 10**6
    data, more = generate(n, "parquet", seed), []
    todo = [(e, "local[2]", rep) for rep in (2, 3) for e in ENGINES[rep - 1 :] + ENGINES[: rep - 1]]
    todo += [(e, "local[1]", 1) for e in ENGINES if e.endswith("-spark")]
    for engine, master, rep in todo:
        more.append(spawn(engine, data, n, master, rep))
        save(done + more, info)
    return more


def ab(base: Path, n: int, reps: int, seed: int, master: str) -> list[Sample]:
    """servcheck on Spark from ``base`` (another checkout) and from this one, and the Spark SQL, each
    ``reps`` times, interleaved (every rep starts at a different one, so a load peak on the shared
    machine does not fall on one side only); this checkout's report must equal ``base``'s first."""
    from generate import generate

    data = generate(n, "parquet", seed)
    runs = [("servcheck-spark", base), ("servcheck-spark", None), ("sql-spark", None)]
    samples: list[Sample] = []
    with tempfile.TemporaryDirectory() as tmp:
        outs = [Path(tmp) / "base.json", Path(tmp) / "new.json", None]
        for rep in range(1, reps + 1):
            order = list(range(len(runs)))
            order = order[(rep - 1) % 3 :] + order[: (rep - 1) % 3]
            for k in order:
                engine, tree = runs[k]
                out = outs[k] if rep == 1 else None
                samples.append(spawn(engine, data, n, master, rep, out, tree))
            if rep == 1:
                same = without_engine(outs[0].read_text(encoding="utf-8")) == without_engine(
                    outs[1].read_text(encoding="utf-8")
                )
                NOTES.append(
                    f"n={n:,}: this checkout's report {'equals' if same else 'DIFFERS FROM'} the base checkout's"
                )
                print(f"  {NOTES[-1]}", file=sys.stderr)
    return samples


def ab_table(samples: list[Sample]) -> list[str]:
    """Medians of the A/B run and the ratios that matter: each side ÷ Spark SQL, new ÷ base."""
    n = samples[0].n
    master = samples[0].master
    base, new = median(samples, "servcheck-spark@base", n, master), median(samples, "servcheck-spark", n, master)
    sql = median(samples, "sql-spark", n, master)
    cpu = {e: median(samples, e, n, master, "cpu") for e in ("servcheck-spark@base", "servcheck-spark", "sql-spark")}
    lines = [
        "| engine | runs (compute s) | median s | ÷ Spark SQL | CPU s (median) | CPU ÷ Spark SQL |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for engine, value in (("servcheck-spark@base", base), ("servcheck-spark", new), ("sql-spark", sql)):
        runs = ", ".join(f"{s.compute:.1f}" for s in samples if s.engine == engine)
        lines.append(
            f"| {engine} | {runs} | {_s(value)} | {_x(value, sql)} | {_s(cpu[engine])} | "
            f"{_x(cpu[engine], cpu['sql-spark'])} |"
        )
    lines += ["", f"this checkout ÷ base: {_x(new, base)} (n={n:,}, {master})"]
    return lines


def save(samples: list[Sample], info: dict[str, str], seconds: float = 0.0) -> None:
    RESULTS.mkdir(exist_ok=True)
    payload = {"machine": info, "seconds": round(seconds), "notes": NOTES, "samples": [asdict(s) for s in samples]}
    (RESULTS / "spark.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")


# --- tables ------------------------------------------------------------------------------------


def median(samples: list[Sample], engine: str, n: int, master: str, field: str = "compute") -> float | None:
    values = [getattr(s, field) for s in samples if (s.engine, s.n, s.master) == (engine, n, master)]
    return statistics.median(values) if values else None


def spread(samples: list[Sample], engine: str, n: int, master: str) -> str:
    values = [s.compute for s in samples if (s.engine, s.n, s.master) == (engine, n, master)]
    if len(values) < 2:
        return "—"
    return f"{(max(values) - min(values)) / statistics.median(values):.0%}"


def _x(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or not b else f"{a / b:.2f}×"


def _s(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def tables(samples: list[Sample]) -> list[str]:
    sizes = sorted({s.n for s in samples})
    starts = [s.start for s in samples if s.engine.endswith("-spark")]
    lines = [
        "### Spark session start-up (every Spark process, timed apart from the work)",
        "",
        f"median {statistics.median(starts):.1f} s, min {min(starts):.1f} s, max {max(starts):.1f} s "
        f"over {len(starts)} starts"
        if starts
        else "no Spark run",
        "",
        "### Compute time, session already started (median s; spread = (max − min) / median over the reps)",
        "",
        "| engine | master | N | compute s | spread | + start-up s | whole process s | reps |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    keys = sorted({(s.engine, s.n, s.master) for s in samples}, key=lambda k: (k[1], ENGINES.index(k[0]), k[2]))
    for engine, n, master in keys:
        compute, start = median(samples, engine, n, master), median(samples, engine, n, master, "start")
        reps = sum(1 for s in samples if (s.engine, s.n, s.master) == (engine, n, master))
        lines.append(
            f"| {engine} | {master} | {n:,} | {_s(compute)} | {spread(samples, engine, n, master)} "
            f"| {_s((compute or 0) + (start or 0))} | {_s(median(samples, engine, n, master, 'wall'))} | {reps} |"
        )
    lines += [
        "",
        "### Ratios (medians)",
        "",
        "| N | servcheck-on-Spark ÷ Spark SQL | servcheck-on-Spark ÷ servcheck-on-DuckDB (compute) "
        "| the same, Spark start-up included | Spark SQL ÷ DuckDB SQL |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for n in sizes:
        sc, sql = median(samples, "servcheck-spark", n, "local[2]"), median(samples, "sql-spark", n, "local[2]")
        duck, duck_sql = median(samples, "servcheck-duckdb", n, "-"), median(samples, "sql-duckdb", n, "-")
        start = median(samples, "servcheck-spark", n, "local[2]", "start")
        lines.append(
            f"| {n:,} | {_x(sc, sql)} | {_x(sc, duck)} | {_x((sc or 0) + (start or 0), duck)} | {_x(sql, duck_sql)} |"
        )
    curve = sorted({(s.engine, s.n) for s in samples if s.master == "local[1]"})
    if curve:
        lines += [
            "",
            "### Executor curve: local[1] ÷ local[2] (compute medians; 2.00× would be perfect scaling)",
            "",
            "| engine | N | local[1] s | local[2] s | local[1] ÷ local[2] |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for engine, n in curve:
            one, two = median(samples, engine, n, "local[1]"), median(samples, engine, n, "local[2]")
            lines.append(f"| {engine} | {n:,} | {_s(one)} | {_s(two)} | {_x(one, two)} |")
    return lines


def machine() -> dict[str, str]:
    import duckdb
    import pyspark

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "checker"], capture_output=True, text=True, cwd=ROOT)
    java = subprocess.run(["java", "-version"], capture_output=True, text=True)
    return {
        "servcheck commit": commit.stdout.strip() + (" (checker/ modified)" if dirty.stdout.strip() else ""),
        "nproc": str(os.cpu_count()),
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pyspark": pyspark.__version__,
        "java": (java.stderr.splitlines() or ["?"])[0],
    }


def write(samples: list[Sample], info: dict[str, str], seconds: float) -> None:
    loads = [s.load for s in samples]
    lines = [
        "# servcheck on Spark: benchmark results",
        "",
        f"Generated by `python bench/spark_run.py --full` in {seconds / 60:.0f} min. Every run is a fresh process;",
        "Spark's session start-up is timed apart from the work, so *compute* is the audit (or the baseline) on",
        "a session already started. Spark runs use the backend's session settings (`SESSION_CONF`: UTC,",
        "`TIMESTAMP_NTZ`, 4 shuffle partitions) on `local[2]` unless the master says otherwise. Data: the",
        "benchmark's typed Parquet (`bench/generate.py`, seed 1); figures checked equal before timing.",
        "",
        "## Machine and noise",
        "",
        *[f"- {k}: {v}" for k, v in info.items()],
        f"- 1-minute load average at the start of the runs: median {statistics.median(loads):.1f}, "
        f"max {max(loads):.1f} on {info['nproc']} cores — the machine was shared with other engineers' test runs,",
        "  so single runs carry noise; the spread column says how much for each figure.",
        "",
        "## Checks before timing",
        "",
        *[f"- {note}" for note in NOTES],
        "- the hand-written Spark SQL's and DuckDB SQL's figures equal servcheck's (counts exactly, values within "
        "1e-9 relative)",
        "",
        "## Results",
        "",
        *tables(samples),
        "",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "spark.md").write_text("\n".join(lines), encoding="utf-8")
    save(samples, info, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quick", action="store_true", help="10^5, one rep; print the tables")
    mode.add_argument("--full", action="store_true", help="10^6 and 10^7, 3 reps, local[1]; write bench/results/")
    mode.add_argument("--rewrite", action="store_true", help="spark.md again from spark.json")
    mode.add_argument("--resume", action="store_true", help="continue --full at 10^6 after its checking rep")
    mode.add_argument("--ab", type=Path, metavar="CHECKOUT", help="A/B against another checkout's servcheck")
    mode.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("data", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--master", default="local[2]", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=10**6, help="records (--ab)")
    parser.add_argument("--reps", type=int, default=3, help="runs of each (--ab)")
    args = parser.parse_args()
    if args.tree:
        use_tree(args.tree)
    if args.ab:
        samples = ab(args.ab, args.n, args.reps, args.seed, args.master)
        print("\n".join(ab_table(samples)))
        RESULTS.mkdir(exist_ok=True)
        payload = {"machine": machine(), "notes": NOTES, "samples": [asdict(s) for s in samples]}
        (RESULTS / "spark-ab.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")
        return
    if args.worker:
        print(MARK + json.dumps(work(args.worker, args.data, args.master, args.out)), flush=True)
        return
    if args.rewrite:
        saved = json.loads((RESULTS / "spark.json").read_text(encoding="utf-8"))
        NOTES[:] = saved.get("notes", [])
        write([Sample(**s) for s in saved["samples"]], saved["machine"], saved["seconds"])
        return
    if args.resume:
        saved = json.loads((RESULTS / "spark.json").read_text(encoding="utf-8"))
        NOTES[:] = saved.get("notes", [])
        samples = [Sample(**s) for s in saved["samples"]]
        started = time.time() - saved.get("seconds", 0)
        samples += resume(saved["machine"], samples, args.seed)
        write(samples, saved["machine"], time.time() - started)
        return
    started = time.time()
    info = machine()
    samples = run(plan(args.full), args.seed, info if args.full else {})
    print("\n".join(tables(samples)))
    if args.full:
        write(samples, info, time.time() - started)
        print(f"wrote {RESULTS / 'spark.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
