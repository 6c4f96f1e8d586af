"""``servcheck calibrate STANDARD --data DATASET``: the standard's targets checked against past data."""

from __future__ import annotations

from pathlib import Path

import click

from checker.exitcodes import ExitCode


@click.command("calibrate")
@click.argument("standard", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--data",
    "dataset",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="dataset mapping (kind: dataset) of the past service events",
)
@click.option(
    "--rules",
    multiple=True,
    type=click.Path(path_type=Path),
    help="rule files or folders (default: rules/ beside the standard's folder)",
)
@click.option(
    "--period",
    type=click.Choice(["week", "month", "day"]),
    default="week",
    show_default=True,
    help="the periods each requirement's figure is computed for",
)
@click.option(
    "--requirement",
    "requirements",
    multiple=True,
    help="calibrate only this requirement (repeatable; default: all)",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text", show_default=True
)
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), help="write to FILE (default: stdout)")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
def command(
    standard: Path,
    dataset: Path,
    rules: tuple[Path, ...],
    period: str,
    requirements: tuple[str, ...],
    output_format: str,
    out: Path | None,
    lang: str,
) -> None:
    """Check a standard's targets against past data: per measurable requirement, its figure in every
    past period (as the audit computes it), the share of periods that met the target, the targets met
    in 80/90/95% of periods, flags for targets never met (infeasible) or always met with a wide margin
    (no stretch), and satisfaction against the measured quantity where surveys link to the records.
    Exit 0 (the flags are advice to a writer, not nonconformities); 3 on invalid input."""
    from checker.audit import AuditRequest
    from checker.calibrate import calibrate
    from checker.calibrate.html import render_html
    from checker.calibrate.render import render_json, render_text

    request = AuditRequest(standard=standard, dataset=dataset, rules=rules, evidence_limit=0, lang=lang)
    calibration = calibrate(request, period, requirements)
    if output_format == "json":
        text = render_json(calibration)
    elif output_format == "html":
        text = render_html(calibration, lang)
    else:
        text = render_text(calibration, lang)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        from checker.i18n import speaker

        click.echo(speaker(lang)._("wrote {file}", file=out), err=True)
    raise SystemExit(ExitCode.OK)
