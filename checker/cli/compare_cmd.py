"""``servcheck compare PREVIOUS.json CURRENT.json``: what changed between two audits of one standard."""

from __future__ import annotations

from pathlib import Path

import click

from checker.exitcodes import ExitCode


@click.command("compare")
@click.argument("previous", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("current", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="how to write the comparison",
)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="write to FILE (default: standard output)")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="language of the words")
def command(previous: Path, current: Path, output_format: str, out: Path | None, lang: str) -> None:
    """Compare two JSON audit reports of one standard: changes in figure and outcome per requirement and
    group, new and resolved nonconformities, and whether each share's change is statistically meaningful.
    Exit 1 when there are new nonconformities that are not waived, 0 otherwise."""
    from checker.compare import compare_reports
    from checker.compare.load import read_report, same_standard
    from checker.compare.render import RENDERERS

    before, now = read_report(previous), read_report(current)
    warnings = same_standard(before, now, str(previous), str(current))
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    comparison = compare_reports(before, now, warnings)
    text = RENDERERS[output_format](comparison, lang)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        from checker.i18n import speaker

        click.echo(speaker(lang)._("wrote {file}", file=out), err=True)
    raise SystemExit(ExitCode.FINDINGS if any(n.outcome == "fail" for n in comparison.new) else ExitCode.OK)
