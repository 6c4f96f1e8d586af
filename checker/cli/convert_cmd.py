"""``servcheck convert DRAFT.md``: a Markdown draft of a standard, written out as YAML on stdout."""

from __future__ import annotations

from pathlib import Path

import click

from checker.exitcodes import ExitCode
from checker.load.documents import load_document
from checker.load.library import display_name
from checker.load.markdown_draft import MARKDOWN_SUFFIXES, draft_to_yaml


@click.command("convert")
@click.argument("draft", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def command(draft: Path) -> None:
    """Print the YAML form of a Markdown draft (docs/markdown-drafts.md).

    The draft is validated first, so the YAML printed is a valid standard; problems are reported
    with the draft's line:column and exit 3.
    """
    if draft.suffix.lower() not in MARKDOWN_SUFFIXES:
        raise click.BadParameter(f"{draft} is not a Markdown draft (*.md)", param_hint="DRAFT")
    name = display_name(draft)
    document = load_document(draft, {"standard"}, name)  # InvalidInput: exit 3 through the servcheck group
    click.echo(draft_to_yaml(document.raw, name), nl=False)
    raise SystemExit(ExitCode.OK)
