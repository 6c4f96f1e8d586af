"""``servcheck render STANDARD --format html|pdf|docx``: a standard as a standards body publishes it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.exitcodes import ExitCode


@click.command("render")
@click.argument("standard", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "docx"]),
    default="html",
    show_default=True,
    help="html (self-contained, printable), pdf (printed by headless Chromium) or docx (Word).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the document (default: the standard's first language); a text the standard gives "
    "only in the other language is shown as written.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write; default: standard output for html, required for pdf and docx.",
)
def command(standard: Path, fmt: str, lang: str | None, output: Path | None) -> None:
    """Render STANDARD (YAML, a Markdown draft, or an overlay: its effective standard) as a published
    document in the GB/T 1.1-2020 structure: cover, foreword, scope, normative references, terms and
    definitions, the clauses, Annex A (normative) with every measurable requirement and the rules'
    definitions, Annex B (informative) with the clauses by tag. See docs/render.md.
    """
    if output is None and fmt != "html":
        raise click.UsageError(f"--format {fmt} writes a binary file: give it with -o FILE")
    from checker.i18n import speaker
    from checker.render import rendered

    content, used = rendered(standard, fmt, lang)  # type: ignore[arg-type]
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
        click.echo(speaker(used)._("wrote {file}", file=output), err=True)
    raise SystemExit(ExitCode.OK)
