"""The ``servcheck`` command: a thin click layer; every command's logic lives in the library."""

from __future__ import annotations

import sys

import click

from checker import __version__
from checker.exitcodes import ExitCode, describe

HELP = f"""Service-standards compliance checker.

\b
Exit codes:
{describe()}
"""


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="servcheck")
def cli() -> None:
    """Entry group; the commands are added by :func:`_register`."""


def _register() -> None:
    """The commands, listed explicitly; their heavy libraries (DuckDB, scipy, matplotlib) load lazily."""
    from checker.cli import audit_cmd, convert_cmd, explain_cmd, lint_cmd, schema_cmd

    cli.add_command(schema_cmd.schema)
    for module in (lint_cmd, audit_cmd, explain_cmd, convert_cmd):
        cli.add_command(module.command)


_register()


def main() -> None:
    """Console-script entry: click's usage errors exit 2, as ExitCode.USAGE says."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit as exit_:
        sys.exit(exit_.code if exit_.code is not None else ExitCode.OK)
