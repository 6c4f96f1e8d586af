"""``servcheck schema export [--check]``: JSON Schemas generated from the models, checked in."""

from __future__ import annotations

from pathlib import Path

import click

from checker.exitcodes import ExitCode
from checker.i18n import speaker
from checker.schemas_io import export_schemas, export_validation_schemas


def _shown(path: Path) -> Path:
    """The path as the user would type it: relative to the working folder when it lies inside it (the
    package's validation schemas are found by absolute path), absolute otherwise (an installed package)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@click.group()
def schema() -> None:
    """JSON Schemas of standards, rules, datasets, taxonomies and reports."""


@schema.command("export")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="where the schema files live",
)
@click.option("--check", is_flag=True, help="do not write; exit 1 if any checked-in schema is stale")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="language of what the command prints [default: en]")
def export(directory: Path, check: bool, lang: str | None) -> None:
    """Write (or with --check, verify) schemas/*.schema.json and the package's validation schemas."""
    speak = speaker(lang or "en")
    stale = [directory / name for name in export_schemas(directory, check=check)]
    stale += export_validation_schemas(check=check)
    for path in stale:
        state = speak._("stale") if check else speak._("written")
        click.echo(speak._("{file}: {state}", file=_shown(path), state=state))
    if check and stale:
        click.echo(speak._("run `servcheck schema export` and commit the result"), err=True)
        raise SystemExit(ExitCode.FINDINGS)
    raise SystemExit(ExitCode.OK)
