"""Scale of the standard (issue 15): audit time against the number of requirements over one table.

Standards of 10, 100, 1,000 and 10,000 requirements are written from the call-table requirements of
``bench/standard.yaml`` (service level under three abandon policies, answered within rings,
abandonment, ASA, talk-time p90, wait max and median), each copy with its own threshold so no two
requirements are the same query, and audited over the 10^5-call benchmark data as whole processes.
The fitted slope of log(CPU time) against log(requirements) says whether the cost is linear (1.0).

A second standard holds 1,000 requirements that all fail; the run must complete and every failing
requirement must carry evidence (rows that fail it) and the count of its failing rows (for shares
that must reach 100%, exactly n − successes).

    python bench/many_requirements.py                   # 10 … 10,000 and 1,000 failing; writes results/
    python bench/many_requirements.py --sizes 10 100    # a quick look, nothing written

Why CPU time beside wall time: on a shared machine the wall time mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from run import byte_compile, generate, servcheck_audit, slope  # noqa: E402  (bench/run.py owns data generation)

SIZES = (10, 100, 1_000, 10_000)
FAILING = 1_000


def _templates() -> list[dict]:
    """The benchmark standard's requirements on the calls table (rules the shipped libraries hold)."""
    standard = yaml.safe_load((BENCH / "standard.yaml").read_text(encoding="utf-8"))
    calls_rules = ("contact.", "bench.wait-")
    return [
        r
        for clause in standard["clauses"]
        for r in clause["requirements"]
        if r["rule"].startswith(calls_rules) and "period" not in r
    ]


def _variant(template: dict, i: int, failing: bool) -> dict:
    """Copy ``i`` of a template: its own threshold (so its own SQL), a target met or failed."""
    req = {k: v for k, v in template.items() if k not in ("id", "severity")}
    req["id"] = f"{template['id']}-{i}"
    req["severity"] = "major"
    params = dict(req.get("params", {}))
    if "threshold" in params:
        unit = params["threshold"].split()[-1] if " " in params["threshold"] else "s"
        params["threshold"] = f"{1 + i % 5} rings" if unit == "rings" else f"{5 + i % 90}s"
    if "short_abandon" in params:
        params["short_abandon"] = f"{1 + i % 9}s"
    if params:
        req["params"] = params
    op = req["target"].split()[0]
    if failing:  # a target no data meets: every requirement fails and needs evidence
        if "%" in template["target"]:
            req["target"] = ">= 100%" if op == ">=" else "<= 0%"
        elif op == "<=":
            req["target"] = "<= 1s"
    return req


def write_standard(folder: Path, n: int, failing: bool) -> Path:
    templates = _templates()
    requirements = [_variant(templates[i % len(templates)], i, failing) for i in range(n)]
    doc = {
        "kind": "standard",
        "id": f"many-{n}{'-failing' if failing else ''}",
        "title": {"en": f"{n:,} requirements over one table"},
        "version": "1.0.0",
        "status": "draft",
        "languages": ["en"],
        "settings": {"ring_cadence": "5s"},
        "clauses": [
            {
                "number": "1",
                "title": {"en": "Calls"},
                "text": {"en": "Calls meet every requirement below."},
                "requirements": requirements,
            }
        ],
    }
    path = folder / f"{doc['id']}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def audit(standard: Path, data: Path, report: Path) -> dict[str, float]:
    """One whole ``servcheck audit`` process: wall, CPU (user+sys) and peak RSS from ``/usr/bin/time``."""
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", *servcheck_audit(standard, data, str(report))]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{standard.name}: servcheck exited {proc.returncode}\n{proc.stderr[-3000:]}")
    wall, user, sys_, rss = proc.stderr.strip().splitlines()[-1].split()
    return {"wall": float(wall), "cpu": float(user) + float(sys_), "rss_mb": int(rss) / 1024}


def check_failing(report: dict, n: int) -> str | None:
    """Every requirement failed and carries evidence and its exact failing count; None when so."""
    reqs = [r for c in report["clauses"] for r in c["requirements"]]
    failing = [r for r in reqs if r["outcome"] == "fail"]
    if len(reqs) != n or len(failing) != n:
        return f"{len(failing)} of {len(reqs)} requirements failed, expected {n} of {n}"
    bare = [r["id"] for r in failing if not r["overall"].get("evidence") or not r["overall"].get("evidence_total")]
    if bare:
        return f"{len(bare)} failing requirements without evidence, e.g. {bare[:3]}"
    # a share that must reach 100% fails on exactly the rows that are not successes
    shares = [r["overall"] for r in failing if r["target"] == ">= 100%"]
    wrong = [o for o in shares if o["evidence_total"] != o["n"] - o["successes"]]
    return f"{len(wrong)} evidence counts differ from n - successes" if wrong else None


def run(sizes: list[int], failing: int | None, reps: int) -> dict:
    data = generate(10**5, "parquet", 1)
    out: dict = {"curve": [], "failing": None}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            standard = write_standard(folder, n, failing=False)
            runs = [audit(standard, data, folder / "report.json") for _ in range(reps if n <= 1000 else 1)]
            point = {"requirements": n, **{k: statistics.median(r[k] for r in runs) for k in runs[0]}}
            out["curve"].append(point)
            print(
                f"  {n:>6,} requirements: {point['wall']:7.2f} s wall, {point['cpu']:7.2f} s CPU, "
                f"{point['rss_mb']:6.0f} MB, {1000 * point['cpu'] / n:6.1f} ms CPU/requirement",
                file=sys.stderr,
            )
        if failing:
            standard = write_standard(folder, failing, failing=True)
            report = folder / "failing.json"
            figures = audit(standard, data, report)
            problem = check_failing(json.loads(report.read_text(encoding="utf-8")), failing)
            if problem:
                raise SystemExit(f"{failing} failing requirements: {problem}")
            out["failing"] = {"requirements": failing, **figures}
            print(
                f"  {failing:,} failing requirements, each with evidence: {figures['wall']:.2f} s wall, "
                f"{figures['cpu']:.2f} s CPU, {figures['rss_mb']:.0f} MB",
                file=sys.stderr,
            )
    points = [(p["requirements"], p["cpu"]) for p in out["curve"]]
    out["slope_cpu"] = slope(points)
    out["slope_cpu_from_100"] = slope([p for p in points if p[0] >= 100])
    out["slope_cpu_from_1000"] = slope([p for p in points if p[0] >= 1000])
    return out


def markdown(result: dict, command: str, seconds: float | None = None) -> str:
    lines = [
        "# Scale of the standard: requirements over one table",
        "",
        f"Generated by `{command}`"
        + (f" in {seconds:.0f} s" if seconds else "")
        + ": whole `servcheck audit` processes "
        "over the 10^5-call benchmark data (Parquet), requirements copied from `bench/standard.yaml`'s "
        "call-table requirements with distinct thresholds. Medians of 3 runs up to 1,000 requirements, one run "
        "above.",
        "",
        "| requirements | wall s | CPU s | CPU ms / requirement | peak MB |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in result["curve"]:
        lines.append(
            f"| {p['requirements']:,} | {p['wall']:.2f} | {p['cpu']:.2f} | "
            f"{1000 * p['cpu'] / p['requirements']:.1f} | {p['rss_mb']:.0f} |"
        )
    s, s100, s1000 = (result.get(k) for k in ("slope_cpu", "slope_cpu_from_100", "slope_cpu_from_1000"))
    lines += [
        "",
        "Fitted slope of log(CPU) against log(requirements): "
        + ("—" if s is None or math.isnan(s) else f"{s:.2f}")
        + " over all sizes, "
        + ("—" if s100 is None or math.isnan(s100) else f"{s100:.2f}")
        + " from 100 up, "
        + ("—" if s1000 is None or math.isnan(s1000) else f"{s1000:.2f}")
        + " from 1,000 up (1.0 = linear; below 1 while the fixed cost still dominates).",
    ]
    if result["failing"]:
        f = result["failing"]
        lines += [
            "",
            f"{f['requirements']:,} requirements that all fail, each checked to carry evidence rows and a count "
            "of the rows failing it (for shares, equal to n − successes): "
            f"{f['wall']:.2f} s wall, {f['cpu']:.2f} s CPU, {f['rss_mb']:.0f} MB peak.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--failing", type=int, default=FAILING, help="0: skip the failing run")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    started = time.time()
    byte_compile()
    result = run(args.sizes, args.failing or None, args.reps)
    if args.sizes == list(SIZES):
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "many-requirements.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        text = markdown(result, "python bench/many_requirements.py", time.time() - started)
        (RESULTS / "many-requirements.md").write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS / 'many-requirements.md'}", file=sys.stderr)
    else:
        print(markdown(result, " ".join(["python bench/many_requirements.py", *sys.argv[1:]]), time.time() - started))


if __name__ == "__main__":
    main()
