"""``servcheck convert FILE``: a Markdown draft to YAML, or a YAML standard to a Markdown draft.

The direction follows the input's suffix (``.md``/``.markdown`` → YAML; ``.yaml``/``.yml`` →
Markdown); both directions lose nothing (docs/markdown-drafts.md, "Round trip").
"""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.options import LANG_HELP
from checker.exitcodes import ExitCode

YAML_SUFFIXES = (".yaml", ".yml")


@click.command("convert")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="write to FILE (default: standard output)"
)
@click.option("--lang", type=click.Choice(["zh", "en"]), help=LANG_HELP)
def command(source: Path, out: Path | None, lang: str | None) -> None:
    """Convert a standard between its Markdown draft and its YAML form (docs/markdown-drafts.md).

    A draft (*.md) is printed as YAML; a YAML standard (*.yaml, *.yml) as a Markdown draft. The input
    is validated first; its problems are reported with line:column and exit 3, in --lang, else the
    document's first language.
    """
    from checker.i18n import speaker
    from checker.load.convert import convert_file
    from checker.load.library import display_name
    from checker.load.markdown_draft import MARKDOWN_SUFFIXES

    suffix = source.suffix.lower()
    if suffix not in (*MARKDOWN_SUFFIXES, *YAML_SUFFIXES):
        message = speaker(lang or "en")._("{file} is neither a Markdown draft (*.md) nor YAML (*.yaml)", file=source)
        raise click.BadParameter(message, param_hint="SOURCE")
    text = convert_file(source, display_name(source), to_markdown=suffix in YAML_SUFFIXES, lang=lang)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(speaker(lang or "en")._("wrote {file}", file=out), err=True)
    raise SystemExit(ExitCode.OK)
