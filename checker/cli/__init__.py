"""The ``servcheck`` command: a thin click layer; every command's logic lives in the library.

Every command runs inside :class:`ServcheckGroup`, which classifies whatever escapes it: an
``InvalidInput`` prints its located lines and exits with the status its codes' groups give (3 for
unusable input, 2 for a usage problem); any other exception is a bug in servcheck, reported by
:mod:`checker.cli.crash` (traceback to a file, one line, exit 4) — never exit 1, never a bare traceback.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from checker import __version__
from checker.diagnostics import InvalidInput
from checker.exitcodes import ExitCode, describe

HELP = f"""Service-standards compliance checker.

\b
Exit codes:
{describe()}
"""

_CLICK_OWN = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, EOFError)
"""What click itself turns into an exit status (usage errors → 2, ``--version``, Ctrl-D): left to click."""


COMMANDS: dict[str, str] = {
    "lint": "checker.cli.lint_cmd:command",
    "audit": "checker.cli.audit_cmd:command",
    "explain-case": "checker.cli.explain_cmd:command",
    "convert": "checker.cli.convert_cmd:command",
    "sample": "checker.cli.sample_cmd:command",
    "compare": "checker.cli.compare_cmd:command",
    "diff": "checker.cli.diff_cmd:command",
    "render": "checker.cli.render_cmd:command",
    "openslo": "checker.cli.openslo_cmd:command",
    "calibrate": "checker.cli.calibrate_cmd:command",
    "test": "checker.cli.test_cmd:command",
    "schema": "checker.cli.schema_cmd:schema",
}
"""Command name → ``module:attribute``. A command's module is imported only when that command runs
(or ``--help`` lists them all), so ``servcheck --version`` and ``servcheck lint`` do not pay for
DuckDB, scipy or matplotlib (issue 15: both under 0.3 s)."""


class ServcheckGroup(click.Group):
    """The entry group: loads the command asked for, runs it, and turns what escapes it into an exit status."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise TypeError(f"{target} is not the click command {cmd_name!r}")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _CLICK_OWN:
            raise
        except InvalidInput as err:
            for diagnostic in err.diagnostics:
                click.echo(diagnostic.render(err.lang), err=True)
            raise SystemExit(err.exit_code) from None
        except KeyboardInterrupt:  # click would say "Aborted!" and exit 1, the code for findings
            from checker.cli.crash import asked_language
            from checker.i18n import speaker

            click.echo(speaker(asked_language(sys.argv))._("interrupted"), err=True)
            raise SystemExit(ExitCode.INTERRUPTED) from None
        except OSError as err:
            if err.errno == errno.EPIPE:  # the reader of our output went away (`| head`): no verdict
                _silence_stdout()
                raise SystemExit(ExitCode.OUTPUT_CLOSED) from None
            raise SystemExit(_crash(err)) from None
        except Exception as err:
            raise SystemExit(_crash(err)) from None


def _silence_stdout() -> None:
    """Point standard output at the null device so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):  # not a real file (tests capture output): nothing to flush
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _crash(error: BaseException) -> ExitCode:
    from checker.cli.crash import crash_line, write_crash_report

    click.echo(crash_line(error, write_crash_report(error)), err=True)
    return ExitCode.INTERNAL


@click.group(cls=ServcheckGroup, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="servcheck")
def cli() -> None:
    """Entry group; its commands are :data:`COMMANDS`, loaded on demand."""


CONSOLE = "console"
"""Key of the click context's ``obj`` that :func:`main` sets: this process ends with the command."""


def main() -> None:
    """Console-script entry: click's usage errors exit 2, as ExitCode.USAGE says; a bug outside any
    command (while parsing the command line) is still an internal error, exit 4.

    The console process validates servcheck's own documents with pydantic and runs no pydantic
    plugin: pydantic's search for them (the entry points of every installed distribution, 0.02-0.03 s
    of each lint and audit, issue 15) is turned off, unless ``PYDANTIC_DISABLE_PLUGINS`` is set
    (set it empty to let plugins load)."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli.main(standalone_mode=True, obj={CONSOLE: True})
    except SystemExit as exit_:
        _spare_the_final_collection()
        sys.exit(exit_.code if exit_.code is not None else ExitCode.OK)
    except Exception as err:
        sys.exit(_crash(err))


@contextlib.contextmanager
def importing() -> Iterator[None]:
    """Around a command's block of heavy imports: in the console process the collector rests while
    they run, and the objects they made (classes, functions, pydantic's validators, sqlglot's
    dialects: most of what is alive) then move to its permanent generation, never walked again.

    Why: an audit at 10^5 records spent 0.35-0.8 s (loaded benchmark machine) in the cyclic
    collector: full collections triggered while importing, walking every module loaded so far,
    then two or three more during the audit walking them all again (findings.md, session 24).
    Frozen objects that later become garbage are never freed, but the imports' objects live until
    the process ends anyway. A caller of :data:`cli` in a process that goes on (tests,
    ``CliRunner``, the Spark job's entry) does not set :data:`CONSOLE`: its collector is left alone.
    """
    context = click.get_current_context(silent=True)
    obj = context.obj if context is not None else None
    console = isinstance(obj, dict) and bool(obj.get(CONSOLE))
    enabled = gc.isenabled()
    if console:
        gc.disable()
    try:
        yield
    finally:
        if console:
            gc.freeze()
            if enabled:
                gc.enable()


def _spare_the_final_collection() -> None:
    """Tell the garbage collector that every object alive now lives until the process ends.

    Why: the interpreter's finalisation runs the cyclic collector over every object still alive,
    the modules and all they built (pydantic's validators, sqlglot's dialects, the loaded
    standards): 0.12-0.2 s after a ``lint`` or an ``audit`` had printed its last line, half of
    ``lint``'s 0.3 s budget (issue 15; findings.md, session 24). ``gc.freeze()`` moves them to the
    permanent generation, which those collections skip. Modules are still torn down, objects whose
    count of references falls to zero are still freed, the ``atexit`` handlers (the Wilson helper's
    stop) still run, and standard output and error are flushed as before; what is given up are the
    finalisers of garbage cycles still uncollected here. By now every report has been written and
    closed (``Path.write_text``, ``with`` blocks) and DuckDB's connections were released when the
    audit returned. Only this console entry does it: a caller of :data:`cli` in its own long-lived
    process (tests, ``CliRunner``) keeps its collector as it was.
    """
    gc.freeze()
