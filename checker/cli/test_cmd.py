"""``servcheck test PATH…``: run the golden cases of standards (docs/golden-cases.md)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--rules", multiple=True, type=click.Path(path_type=Path), help="rule files or folders")
@click.option(
    "--junit",
    "junit",
    type=click.Path(dir_okay=False, path_type=Path),
    help="also write the results as JUnit XML to this file",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the lines and the summary (default: the first standard's first language).",
)
def command(paths: tuple[Path, ...], rules: tuple[Path, ...], junit: Path | None, lang: str | None) -> None:
    """Run every golden case (cases:) of the standards under PATHS against the real audit.

    One line per case and a summary; exit 0 all passed, 1 a case failed, 3 invalid input.
    """
    from checker.golden.report import case_lines, render_junit, summary_line
    from checker.golden.suite import exit_code, run_paths

    echo = lambda result: click.echo(case_lines(result), nl=False)  # noqa: E731 - each case as it ends
    results, seconds = run_paths(paths, tuple(rules), echo, lang)
    click.echo(summary_line(results, seconds))
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(render_junit(results), encoding="utf-8")
    raise SystemExit(exit_code(results))
