"""``servcheck schema export [--check]``: JSON Schemas generated from the models, checked in."""

from __future__ import annotations

from pathlib import Path

import click

from checker.exitcodes import ExitCode
from checker.schemas_io import export_schemas


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
def export(directory: Path, check: bool) -> None:
    """Write (or with --check, verify) schemas/*.schema.json."""
    stale = export_schemas(directory, check=check)
    for name in stale:
        click.echo(f"{directory / name}: {'stale' if check else 'written'}")
    if check and stale:
        click.echo("run `servcheck schema export` and commit the result", err=True)
        raise SystemExit(ExitCode.FINDINGS)
    raise SystemExit(ExitCode.OK)
