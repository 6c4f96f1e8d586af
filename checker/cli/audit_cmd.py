"""``servcheck audit STANDARD --data DATASET``: run an audit and write the report."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.cli import importing

if TYPE_CHECKING:
    from checker.audit import AuditRequest, Progress
    from checker.engine.backend import Backend
    from checker.model.report import Report

FORMAT_NAMES = ("text", "json", "markdown", "html", "junit")
"""The report formats (see checker.report.outputs); named here so ``--help`` needs no engine import."""


@click.command("audit")
@click.argument("standard", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--data",
    "dataset",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="dataset mapping (kind: dataset) describing the recorded events",
)
@click.option(
    "--rules",
    multiple=True,
    type=click.Path(path_type=Path),
    help="rule files or folders (default: rules/ beside the standard's folder)",
)
@click.option("--period", help="FROM..TO, both days included, in the dataset's time zone (default: all data)")
@click.option(
    "--format",
    "formats",
    multiple=True,
    default=("text",),
    show_default=True,
    help=f"FORMAT[:PATH], repeatable; formats: {', '.join(FORMAT_NAMES)}",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="folder for every format given without a path (report.<ext>)",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="language of the report's words (default: the standard's first language, `languages:`)",
)
@click.option(
    "--fail-on",
    type=click.Choice(["major", "minor", "observation", "never"]),
    default="minor",
    show_default=True,
    help="lowest severity of a failed requirement that makes the exit code 1",
)
@click.option(
    "--evidence",
    "evidence_limit",
    type=click.IntRange(0, 1000),
    default=10,
    show_default=True,
    help="offending records listed per failing finding",
)
@click.option(
    "--allow-incomplete",
    is_flag=True,
    help="exit 0 even when some requirement could not be assessed (insufficient data, no table)",
)
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="engine the audit runs on: embedded DuckDB, or Apache Spark (pip install 'servcheck[spark]')",
)
@click.option(
    "--spark-master",
    metavar="URL",
    help="with --engine spark: the master to start on (default local[*]; e.g. local[4], spark://host:7077, yarn)",
)
@click.option(
    "--spark-remote",
    metavar="URL",
    help="with --engine spark: a Spark Connect server (sc://host:15002); default: the SPARK_REMOTE variable",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="INSTANT",
    help="judge open cases as of this ISO 8601 instant (no offset: the dataset's zone); later events are ignored",
)
@click.option(
    "--cases",
    "cases",
    type=click.Path(path_type=Path, dir_okay=False),
    help="write every case requirement's per-case verdicts to FILE (.csv, or .parquet)",
)
@click.option(
    "--waivers",
    "waivers",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="a waivers file (kind: waivers), repeatable: the failing findings it covers show 'waived'",
)
@click.option("--signed-by", "signed_by", metavar="NAME", help="auditor named in the report's sign-off block")
@click.option("--reviewed-by", "reviewed_by", metavar="NAME", help="reviewer named in the report's sign-off block")
@click.option(
    "--signed-on",
    "signed_on",
    metavar="YYYY-MM-DD",
    help="date in the sign-off block (default: a line to date by hand)",
)
@click.option(
    "--compare",
    "previous",
    type=click.Path(path_type=Path, dir_okay=False),
    help="a previous JSON report of the same standard: add a comparison section (see servcheck compare)",
)
def command(
    standard: Path,
    dataset: Path,
    rules: tuple[Path, ...],
    period: str | None,
    formats: tuple[str, ...],
    out: Path | None,
    lang: str | None,
    fail_on: str,
    evidence_limit: int,
    allow_incomplete: bool,
    engine: str,
    spark_master: str | None,
    spark_remote: str | None,
    as_of: str | None,
    cases: Path | None,
    waivers: tuple[Path, ...],
    signed_by: str | None,
    reviewed_by: str | None,
    signed_on: str | None,
    previous: Path | None = None,
) -> None:
    """Audit recorded service events against a standard."""
    # scipy.stats for the Wilson intervals starts loading in a helper process now, on the other
    # core, while this one imports the engine and reads the data (checker.engine.wilson).
    from checker.engine.wilson import INTERVALS

    INTERVALS.helper.start()
    # The engine (DuckDB, sqlglot, pydantic models) loads only when an audit runs, so that
    # `servcheck --version` and `servcheck lint` start fast.
    with importing():
        from checker.audit import AuditRequest, audit_exit_code, parse_period
        from checker.audit.request import parse_instant
        from checker.report.outputs import write_outputs
        from checker.report.signoff import check_date, with_sign_off

    try:
        window = parse_period(period) if period else None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--period") from None
    try:
        if signed_on is not None:
            check_date(signed_on)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--signed-on") from None
    if cases is not None and (cases.suffix.lower() not in (".csv", ".parquet") or not cases.parent.is_dir()):
        message = f"{cases}: give a FILE.csv or FILE.parquet in an existing folder"
        raise click.BadParameter(message, param_hint="--cases")
    if engine != "spark" and (spark_master or spark_remote):
        raise click.UsageError("--spark-master and --spark-remote need --engine spark")
    if as_of is not None:
        try:
            parse_instant(as_of, "UTC")
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--as-of") from None
    if engine == "spark":
        from checker.engine.spark_backend import SparkNotInstalled, remote_url, require_connect, require_pyspark

        if spark_master and remote_url(spark_remote):
            raise click.UsageError("give --spark-master or --spark-remote (or SPARK_REMOTE), not both")
        try:
            require_connect() if remote_url(spark_remote) else require_pyspark()
        except SparkNotInstalled as err:
            raise click.UsageError(str(err)) from None
    before = None
    if previous is not None:  # read first: a bad previous report stops the audit before it runs
        from checker.compare.load import read_report

        before = read_report(previous)
    wants_charts = any(spec.partition(":")[0] == "html" for spec in formats)
    if lang is None:  # the audit's reasons and the renderers' words in one language
        from checker.report.outputs import default_language

        lang = default_language(standard)
    request = AuditRequest(
        standard,
        dataset,
        tuple(rules),
        window,
        evidence_limit,
        distributions=wants_charts,
        engine=engine,
        spark_master=spark_master,
        spark_remote=spark_remote,
        as_of=as_of,
        cases=cases,
        waivers=tuple(waivers),
        lang=lang,
    )
    with _progress() as progress:  # InvalidInput exits through the servcheck group (exit 3)
        report = _run(request, progress, (click.get_current_context().obj or {}).get("backend"))
    report = with_sign_off(report, signed_by, reviewed_by, signed_on)
    if before is not None:
        from checker.compare import with_comparison

        report, warnings = with_comparison(report, before, str(previous))
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
    try:
        write_outputs(report, formats, out, lang)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--format") from None
    raise SystemExit(audit_exit_code(report, fail_on, allow_incomplete))


def _run(request: AuditRequest, progress: Progress | None, backend: Backend | None) -> Report:
    """The audit, on ``backend`` when the caller made one (:mod:`checker.engine.spark_job` passes the
    spark-submit session); a Spark session that cannot be started or reached is a usage error (exit 2)."""
    from checker.audit import run_audit

    if request.engine != "spark":
        return run_audit(request, progress=progress)
    from checker.engine.spark_backend import SparkStartError

    try:
        return run_audit(request, progress=progress, backend=backend)
    except SparkStartError as err:
        raise click.UsageError(str(err)) from None


@contextlib.contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress bar on standard error when it is a terminal; nothing in CI logs or pipes."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task("auditing", total=None)

        def update(message: str, done: int, total: int) -> None:
            bar.update(task, description=message, completed=done, total=total)

        yield update
