"""Generate realistic, seeded contact-centre data for servcheck.

Tables: calls, surveys, complaints, outages, ISO 23592 self-assessments.

    python examples/generate.py --out examples/contact-centre --seed 7 --days 14 \\
        --calls-per-day 1500

The output is byte-identical for the same arguments. Files are written in a source system's
layout (``CallID``, ``QueueEnterTime``, ``Result`` = ANS/ABN/VM, ``TalkMs``…) so the dataset
mapping beside them has real work to do. Injected breaches are listed in ``breaches.yaml``.

As a library, put ``examples/`` on ``sys.path`` and ``import servgen`` (``servgen/__init__.py``):
``write_csv_tables(out_dir, Scenario(...), tables)`` streams CSV day by day, ``iter_day_rows``
yields one day's rows at a time, ``csv_to_parquet`` converts with DuckDB.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servgen.export import TABLES, csv_to_parquet, write_csv_tables
from servgen.manifest import manifest_text
from servgen.scenario import BreachPlan, Scenario


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2024, 4, 1), help="first day (ISO)")
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--calls-per-day", type=int, default=1500, help="mean offered calls on a weekday")
    parser.add_argument("--tables", default=",".join(TABLES), help=f"comma-separated subset of {','.join(TABLES)}")
    parser.add_argument("--no-breaches", action="store_true", help="generate clean data (no injected breaches)")
    parser.add_argument("--parquet", action="store_true", help="also write <table>.parquet (needs duckdb)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.days < 1 or args.calls_per_day < 1:
        print("error: --days and --calls-per-day must be at least 1", file=sys.stderr)
        return 2
    tables = [name.strip() for name in args.tables.split(",") if name.strip()]
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        print(
            f"error: unknown tables {', '.join(unknown)}; choose from {', '.join(TABLES)}",
            file=sys.stderr,
        )
        return 2
    scenario = Scenario(
        seed=args.seed,
        start=args.start,
        days=args.days,
        calls_per_day=args.calls_per_day,
        breaches=None if args.no_breaches else BreachPlan(),
    )
    paths = write_csv_tables(args.out, scenario, tables)
    (args.out / "breaches.yaml").write_text(manifest_text(scenario), encoding="utf-8")
    if args.parquet:
        for path in paths.values():
            csv_to_parquet(path, path.with_suffix(".parquet"))
    for path in paths.values():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
