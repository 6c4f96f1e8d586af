"""``servcheck lint PATH…``: lint standards, rules, datasets and taxonomies (docs/lint.md).

Only light modules are imported here: a run answered by the cache (:mod:`checker.lint.cache`)
never loads the checks, the models or their libraries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker.cli import importing
from checker.exitcodes import ExitCode
from checker.i18n import Speaker, speaker
from checker.lint.choices import FAIL_ON_LEVELS, FORMAT_NAMES

if TYPE_CHECKING:
    from checker.lint.cache import Outcome
    from checker.lint.runner import LintReport


def _parse_format(value: str, speak: Speaker) -> tuple[str, Path | None]:
    name, _, path = value.partition(":")
    if name not in FORMAT_NAMES:
        message = speak._("{name!r} is not one of {formats}", name=name, formats=", ".join(FORMAT_NAMES))
        raise click.BadParameter(message, param_hint="--format")
    return name, Path(path) if path else None


def _list_checks() -> str:
    from checker.lint.registry import CHECKS

    width = max(len(check.name) for check in CHECKS)
    return "\n".join(
        f"{check.code}  {check.name:<{width}}  {check.severity.value:<7}  "
        f"{'' if check.enabled_by_default else '(off) '}{check.summary}"
        for check in sorted(CHECKS, key=lambda c: c.code)
    )


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[:PATH]",
    help=f"output format ({', '.join(FORMAT_NAMES)}), optionally to a file; repeatable [default: text]",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_LEVELS),
    default="error",
    show_default=True,
    help="lowest severity that makes the run exit 1",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="lint configuration [default: .servcheck.yaml in the working directory]",
)
@click.option(
    "--as-of",
    "--today",
    "today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="the day dates are judged on: waivers expired (SC061), review_by past (SC111), YYYY-MM-DD [default: today]",
)
@click.option(
    "--show-effective",
    is_flag=True,
    help="also print each overlay's effective standard (its parents with its changes applied) as YAML",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="language of the findings and the summary [default: each standard's first language]",
)
@click.option(
    "--docs-url",
    metavar="URL",
    help="URL of errors.md that SARIF's helpUri points into [default: $SERVCHECK_DOCS_URL, else none]",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="neither read nor write the cache of lint runs [cache: $SERVCHECK_CACHE_DIR, else .servcheck_cache]",
)
@click.option("--list-checks", is_flag=True, help="list every check and exit")
@click.option("--explain", "explain_code", metavar="CODE", help="print one check's documentation and exit")
def command(
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    fail_on: str,
    config_path: Path | None,
    lang: str | None,
    today: dt.datetime | None,
    docs_url: str | None,
    list_checks: bool,
    explain_code: str | None,
    show_effective: bool,
    no_cache: bool,
) -> None:
    """Lint standards, rules, datasets and taxonomies (files or folders).

    Rules are resolved across all PATHS, and in the rules/ folder next to a standard's folder.
    """
    speak = speaker(lang or "en")  # usage problems, before any standard is read
    if list_checks:
        click.echo(_list_checks())
        raise SystemExit(ExitCode.OK)
    if explain_code:
        from checker.lint.docs import explain
        from checker.lint.registry import find_check

        check = find_check(explain_code)
        if check is None:
            message = speak._("no check {code!r}; see --list-checks", code=explain_code)
            raise click.BadParameter(message, param_hint="--explain")
        click.echo(explain(check.code))
        raise SystemExit(ExitCode.OK)
    if not paths:
        raise click.UsageError(speak._("give at least one file or folder to lint"))
    outputs = [_parse_format(value, speak) for value in formats or ("text",)]
    asked = {
        "paths": [str(p) for p in paths],
        "formats": [[name, str(target) if target else None] for name, target in outputs],
        "fail_on": fail_on,
        "config": str(config_path) if config_path else None,
        "lang": lang,
        "today": today.date().isoformat() if today else None,
        "docs_url": docs_url,
        "show_effective": show_effective,
    }
    from checker.lint import cache

    key = None if no_cache else cache.run_key(asked)
    found = cache.lookup(key) if key else None
    if found is not None:
        _emit(found)
        raise SystemExit(found.exit_code)
    with cache.observing() if key else contextlib.nullcontext() as observed:
        outcome = _lint(paths, outputs, fail_on, config_path, lang, today, docs_url, show_effective)
    _emit(outcome)
    if key and observed is not None:
        cache.store(key, observed, outcome)
    raise SystemExit(outcome.exit_code)


def _lint(
    paths: tuple[Path, ...],
    outputs: list[tuple[str, Path | None]],
    fail_on: str,
    config_path: Path | None,
    lang: str | None,
    today: dt.datetime | None,
    docs_url: str | None,
    show_effective: bool,
) -> Outcome:
    """The lint itself: every output rendered, in the order it is printed or written.

    The whole run is one :func:`importing` block, not only the imports below: the lint goes on
    importing as it runs (sqlglot and its DuckDB dialect at the first expression checked, the
    measures' option models, the golden-case checker), and the documents, models and findings it
    makes live until the process ends; the collector walked them 120 times for nothing (0.04 s of
    a cold lint of the shipped standards, issue 15).
    """
    with importing():
        from checker.diagnostics import InvalidInput
        from checker.lint import runner  # noqa: F401  # lint_paths imports it again, a dictionary lookup then
        from checker.lint.cache import Outcome
        from checker.lint.config import find_config
        from checker.lint.formats import FORMATS, RenderOptions, repository_root

        try:
            config = find_config(config_path)
        except InvalidInput as err:
            # the configuration extends the command line: a bad .servcheck.yaml is a usage error (2)
            # whatever its codes (a YAML syntax error in it too), not an invalid standard
            for diagnostic in err.diagnostics:
                click.echo(diagnostic.render(err.lang), err=True)
            raise SystemExit(ExitCode.USAGE) from None
        report = lint_paths(paths, config, lang, today.date() if today else None)
        speak = speaker(report.lang)
        emitted: list[tuple[str | None, str]] = []
        if show_effective:
            for name, text in report.effective:
                heading = speak._("effective standard of {file}", file=name)
                emitted.append((None, f"# {heading}\n---\n{text}"))
        cwd = Path.cwd()
        options = RenderOptions(fail_on=fail_on, root=repository_root(cwd), cwd=cwd, docs_url=docs_url)
        for name, target in outputs:
            emitted.append((str(target) if target is not None else None, FORMATS[name](report, options)))
        return Outcome(tuple(emitted), int(report.exit_code(fail_on)), report.lang)


def lint_paths(*args: Any, **kwargs: Any) -> LintReport:
    """:func:`checker.lint.runner.lint_paths`, imported only when a lint runs (not when the cache answers)."""
    from checker.lint import runner

    return runner.lint_paths(*args, **kwargs)


def _emit(outcome: Outcome) -> None:
    """Print or write each output in turn; a file that cannot be written is a usage error (2)."""
    for target, text in outcome.outputs:
        if target is None:
            click.echo(text, nl=False)
            continue
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as err:
            message = speaker(outcome.lang)._("cannot write {file}: {reason}", file=path, reason=err.strerror)
            raise click.UsageError(message) from None
