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
    """Entry group; subcommands register themselves below."""


def _register() -> None:
    from checker.cli import schema_cmd

    cli.add_command(schema_cmd.schema)
    for module_name in ("lint_cmd", "audit_cmd", "explain_cmd", "convert_cmd"):
        try:
            module = __import__(f"checker.cli.{module_name}", fromlist=["command"])
        except ModuleNotFoundError as err:
            if err.name != f"checker.cli.{module_name}":
                raise
            continue
        cli.add_command(module.command)


_register()


def main() -> None:
    """Console-script entry: click's usage errors exit 2, as ExitCode.USAGE says."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit as exit_:
        sys.exit(exit_.code if exit_.code is not None else ExitCode.OK)
