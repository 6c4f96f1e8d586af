"""``servcheck convert DRAFT.md``: a Markdown draft of a standard, written out as YAML on stdout."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.options import LANG_HELP
from checker.exitcodes import ExitCode
from checker.i18n import speaker
from checker.load.documents import load_document
from checker.load.library import display_name
from checker.load.markdown_draft import MARKDOWN_SUFFIXES, draft_to_yaml
from checker.load.say import writer_language


@click.command("convert")
@click.argument("draft", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), help=LANG_HELP)
def command(draft: Path, lang: str | None) -> None:
    """Print the YAML form of a Markdown draft (docs/markdown-drafts.md).

    The draft is validated first, so the YAML printed is a valid standard; problems are reported
    with the draft's line:column and exit 3.
    """
    if draft.suffix.lower() not in MARKDOWN_SUFFIXES:
        message = speaker(lang or "en")._("{file} is not a Markdown draft (*.md)", file=draft)
        raise click.BadParameter(message, param_hint="DRAFT")
    name = display_name(draft)
    # problems are told in --lang, else the draft's first language; InvalidInput exits 3 through the group
    document = load_document(draft, {"standard"}, name, lang)
    click.echo(draft_to_yaml(document.raw, name, writer_language(document.raw, lang)), nl=False)
    raise SystemExit(ExitCode.OK)
