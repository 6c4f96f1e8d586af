"""``servcheck explain-case STANDARD --data DATASET --requirement ID --case KEY``: one case's timeline."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.options import LANG_HELP
from checker.exitcodes import ExitCode


@click.command("explain-case")
@click.argument("standard", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--data", "dataset", required=True, type=click.Path(path_type=Path, dir_okay=False), help="dataset mapping"
)
@click.option(
    "--requirement", required=True, help="id of a requirement using a case measure (timer, follow-up, case-path)"
)
@click.option("--case", "case", required=True, help="the case's key value, as written in the data")
@click.option("--rules", multiple=True, type=click.Path(path_type=Path), help="rule files or folders")
@click.option("--period", help="FROM..TO, both days included, as for audit")
@click.option("--as-of", "as_of", metavar="INSTANT", help="judge the case as of this ISO 8601 instant, as for audit")
@click.option("--lang", type=click.Choice(["zh", "en"]), help=LANG_HELP)
def command(
    standard: Path,
    dataset: Path,
    requirement: str,
    case: str,
    rules: tuple[Path, ...],
    period: str | None,
    as_of: str | None,
    lang: str | None,
) -> None:
    """Show why one case met or breached: events, running/paused/out-of-hours stretches, goal, elapsed times."""
    from checker.audit import AuditRequest, parse_period
    from checker.audit.request import parse_instant
    from checker.explain import explain_case

    try:
        window = parse_period(period) if period else None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--period") from None
    # InvalidInput exits through the servcheck group: 2 for a requirement or case that is not
    # there (an explain-case usage code), 3 for an invalid standard or dataset.
    if as_of is not None:
        try:
            parse_instant(as_of, "UTC")
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--as-of") from None
    request = AuditRequest(standard, dataset, tuple(rules), window, as_of=as_of, lang=lang)
    explanation = explain_case(request, requirement, case, lang)
    click.echo(explanation.text(), nl=False)
    raise SystemExit(ExitCode.OK)
