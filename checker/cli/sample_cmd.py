"""``servcheck sample STANDARD --data DATASET --requirement ID (--n N | --level II --aql 1.0) --seed S --out F``."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.options import LANG_HELP
from checker.exitcodes import ExitCode
from checker.i18n import speaker


@click.command("sample")
@click.argument("standard", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--data", "dataset", required=True, type=click.Path(path_type=Path, dir_okay=False), help="dataset mapping"
)
@click.option("--requirement", required=True, help="id of the requirement whose records or cases are sampled")
@click.option("--seed", required=True, help="the draw's seed (any text): the same seed draws the same sample")
@click.option("--n", "fixed", help="a fixed sample size per lot (instead of --level/--aql)")
@click.option("--level", help="ISO 2859-1 general inspection level: I, II or III (with --aql)")
@click.option("--aql", help="ISO 2859-1 acceptance quality limit, as in Table 2-A: 0.010 … 6.5 (with --level)")
@click.option("--per-group", is_flag=True, help="one lot per group of the requirement's group_by (not per period)")
@click.option("--reviews", default="reviews", show_default=True, help="the dataset's review table the form is for")
@click.option("--item", "items", multiple=True, help="checklist item to review (repeatable; default: the catalogue)")
@click.option("--rules", multiple=True, type=click.Path(path_type=Path), help="rule files or folders")
@click.option("--period", help="FROM..TO, both days included, as for audit")
@click.option("--lang", type=click.Choice(["zh", "en"]), help=LANG_HELP)
@click.option(
    "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="the review form (CSV)"
)
def command(
    standard: Path,
    dataset: Path,
    requirement: str,
    seed: str,
    fixed: str | None,
    level: str | None,
    aql: str | None,
    per_group: bool,
    reviews: str,
    items: tuple[str, ...],
    rules: tuple[Path, ...],
    period: str | None,
    out: Path,
    lang: str | None,
) -> None:
    """Draw a reproducible sample for manual review, as a blank review form; its record goes beside it (.yaml)."""
    from checker.audit import AuditRequest, parse_period
    from checker.sample.draw import draw, sidecar_text, size_from, usage

    try:
        window = parse_period(period) if period else None
    except ValueError as err:
        raise usage(str(err)) from None
    size = size_from(fixed, level, aql, lang or "en")
    request = AuditRequest(standard, dataset, tuple(rules), window, lang=lang)
    sample = draw(request, requirement, size, seed, reviews, items, per_group, lang=lang)
    speak = speaker(sample.lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(sample.csv, encoding="utf-8")
    sidecar = out.with_suffix(".sample.yaml")
    sidecar.write_text(sidecar_text(sample.record), encoding="utf-8")
    cases = sum(len(lot.cases) for lot in sample.lots)
    click.echo(
        speak._(
            "sampled {cases} in {lots} ({method}, seed {seed})",
            cases=speak.n_("{n} case", "{n} cases", cases),
            lots=speak.n_("{n} lot", "{n} lots", len(sample.lots)),
            method=size.method(speak),
            seed=seed,
        )
    )
    click.echo(speak._("wrote {form} and {record}", form=out, record=sidecar))
    raise SystemExit(ExitCode.OK)
